"""A SQL database in Microsoft Fabric (how-to-integrate-fabric-sql), reached with a managed identity.

Fabric is outside Azure Resource Manager: the target id is the database's Fabric REST URL (the core CLI's),
and the connection string needs the server's FQDN and the database's name, which the core CLI reads from the
Fabric REST API. This extension speaks to ARM only, so they are given with `--connstr-props Server=<FQDN>
Database=<name>` (also `Data Source=`/`Initial Catalog=`, the connection string's own words; `tcp:` and
`,1433` are taken off the server) and kept in the record (`additionalConnectionStringProperties`, as the
LinkerResource shows them) for update. Access is granted in Fabric, not with an Azure role: nothing is
granted, and the plan, the command and validate say so, naming the identity. The docs list no names for
php (which the core CLI offers), so it is not offered."""
from ..kinds import AuthType as A, ClientType as C, Value as V
from ..specs import ArgSpec
from ..target_specs import External, Naming, Network, Setting, TargetSpec, Template as T

# Per client: (system identity's connection string, the user identity's), as the docs' patterns show them.
_VALUES = {
    (C.DOTNET,): ('Data Source=tcp:{HOST},1433;Initial Catalog={DATABASE};{user}'
                  'Authentication=ActiveDirectoryManagedIdentity', 'User ID={CLIENT_ID};'),
    (C.JAVA,): ('jdbc:sqlserver://{HOST},1433;databaseName={DATABASE};{user}authentication=ActiveDirectoryMSI;',
                'msiClientId={CLIENT_ID};'),
    (C.PYTHON,): ('Driver={{ODBC Driver 17 for SQL Server}};Server=tcp:{HOST},1433;Database={DATABASE};{user}'
                  'Authentication=ActiveDirectoryMSI;', 'UID={CLIENT_ID};'),
    (C.GO, C.NONE): ('server=tcp:{HOST};port=1433;database={DATABASE};{user}fedauth=ActiveDirectoryManagedIdentity;',
                     'user id={CLIENT_ID};'),
}


def _namings():
    out = []
    for auth, with_user in ((A.SYSTEM_IDENTITY, False), (A.USER_IDENTITY, True)):
        for clients, (pattern, user) in _VALUES.items():
            text = pattern.replace('{user}', user if with_user else '')
            out.append(Naming(auth, clients, (Setting('CONNECTIONSTRING', T(text), 'connection string'),)))
    return tuple(out)


FABRIC_SQL = TargetSpec(
    name='fabric-sql',
    display='Fabric SQL database',
    resource_type='',
    id_template=('https://api.fabric.microsoft.com/v1/workspaces/{fabric_workspace_uuid}'
                 '/SqlDatabases/{fabric_sql_db_uuid}'),
    args=(ArgSpec('fabric_workspace_uuid', ('--fabric-workspace-uuid',), 'UUID of the Fabric workspace which '
                  'contains the target SQL database.', placeholder='TargetFabricWorkspaceUUID'),
          ArgSpec('fabric_sql_db_uuid', ('--fabric-sql-db-uuid',), 'UUID of the target Fabric SQL database.',
                  placeholder='TargetFabricSQLDatabaseUUID')),
    auth_types=(A.SYSTEM_IDENTITY, A.USER_IDENTITY),
    default_auth=A.SYSTEM_IDENTITY,
    roles=(),
    network=Network(),
    prefix='FABRIC_SQL',
    naming=_namings(),
    adapter='external',
    external=External(
        'FabricPlatform', given=((V.HOST, 'Server'), (V.DATABASE, 'Database')),
        props=(('Server', ('Data Source',)), ('Database', ('Initial Catalog',))), props_arg='connstr_props',
        props_hint='In the Fabric portal, open the SQL database and select Settings > Connection strings: Server '
                   'is the Data Source (without tcp: and ,1433), Database the Initial Catalog.',
        manual='Grant {identity} access to the Fabric SQL database yourself: Fabric permissions are not Azure '
               'roles, so no role was granted. In the Fabric portal, share the database with it (Read all data), '
               'and give it the database roles it needs (db_datareader, db_datawriter, db_ddladmin).',
        target_id_flag=True),
    extra_args=(ArgSpec('connstr_props', ('--connstr-props',), 'The server and database of the Fabric SQL '
                        'database, as KEY=VALUE words: `Server=<FQDN> Database=<name>` (Fabric portal: the SQL '
                        "database's Settings > Connection strings).", required=False,
                        placeholder='Server=xxx.database.fabric.microsoft.com Database=xxx', multiple=True),),
)
