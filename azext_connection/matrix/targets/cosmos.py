"""Azure Cosmos DB, one target per API (how-to-integrate-cosmos-sql, -cosmos-db (MongoDB), -cosmos-cassandra,
-cosmos-gremlin, -cosmos-table). The target id names the API's child (database, keyspace, graph, table); roles
and IP rules apply to the account. Secret auth writes the account's key (listKeys) in the API's form.
Identity auth, as the docs describe it for every API, points the app at the account's listConnectionStrings
(or listKeys) action with an ARM token: it is granted DocumentDB Account Contributor, the built-in role
Service Connector assigns for Cosmos DB (concept-microsoft-entra-roles) and one that allows those actions
(Cosmos DB Account Reader allows readonlykeys only). NoSQL's Spring Boot identity names talk to the data
plane with an Entra token, so cosmos-sql also gets the data-plane Cosmos DB Built-in Data Contributor."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, RoleGrant, Setting, TargetSpec, Template as T
from .common import ENDPOINT, TG, connection_string, id_template, literal

_ACCOUNT_TYPE = 'Microsoft.DocumentDB/databaseAccounts'
_ACCOUNT = ArgSpec('account', ('--account',), 'Name of the Cosmos DB account.', placeholder='MyAccount')
_DATABASE = ArgSpec('database', ('--database',), 'Name of the database.', placeholder='MyDatabase')
_ARM = 'https://management.azure.com{RESOURCE_ID}'
# The api-version the docs' URLs carry: the app's call, not ours.
LIST_CONNECTION_STRINGS = Setting('LISTCONNECTIONSTRINGURL', T(_ARM + '/listConnectionStrings?api-version=2021-04-15'),
                                  'URL to get the connection string')
LIST_KEYS = Setting('LISTKEYURL', T(_ARM + '/listKeys?api-version=2021-04-15'), 'URL to get the keys')
_SCOPE = Setting('SCOPE', V.SCOPE, 'token scope')
ACCOUNT_CONTRIBUTOR = RoleGrant('DocumentDB Account Contributor', '5bd9cd88-fe45-4216-938b-f97437e15450')
DATA_CONTRIBUTOR = RoleGrant('Cosmos DB Built-in Data Contributor', '00000000-0000-0000-0000-000000000002',
                             data_plane=True)
_DOTNET = (C.DOTNET, C.DOTNET_INTERNAL)


def _identity(clients, *settings):
    """The three identity auth types: the list URL, its token scope and the account endpoint, then the API's own."""
    base = settings[:1] + (_SCOPE, ENDPOINT) + settings[1:]
    client_id = Setting('CLIENTID', V.CLIENT_ID, 'client id')
    return (Naming(A.SYSTEM_IDENTITY, clients, base),
            Naming(A.USER_IDENTITY, clients, base + (client_id,)),
            Naming(A.SERVICE_PRINCIPAL, clients, base + (client_id, Setting('CLIENTSECRET', V.CLIENT_SECRET),
                                                         Setting('TENANTID', V.TENANT_ID))))


def _secret(clients, *settings):
    return Naming(A.SECRET, clients, tuple(Setting(name, value) for name, value in settings))


def _cosmos(name, display, path, args, roles, *, naming, service):
    return TargetSpec(
        name=name,
        display=display,
        resource_type='/'.join((_ACCOUNT_TYPE,) + tuple(path.split('/')[::2])),
        id_template=id_template(f'{_ACCOUNT_TYPE}/{{account}}/{path}'),
        args=(TG, _ACCOUNT) + args,
        auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
        default_auth=A.SYSTEM_IDENTITY,
        roles=roles,
        network=Network(NetworkKind.IP_RULES),
        prefix='AZURE_COSMOS',
        naming=naming,
        adapter='cosmos',
        service=service,
    )


_SQL_CLIENTS = _DOTNET + (C.JAVA, C.NODEJS, C.PYTHON, C.NONE)
_SPRING = 'spring.cloud.azure.cosmos'
_SPRING_AT = ((f'{_SPRING}.database', V.DATABASE), (f'{_SPRING}.endpoint', V.ENDPOINT))
_SPRING_MI = ((f'{_SPRING}.credential.managed-identity-enabled', V.TRUE),) + _SPRING_AT
COSMOS_SQL = _cosmos(
    'cosmos-sql', 'Cosmos DB for NoSQL', 'sqlDatabases/{database}', (_DATABASE,),
    (ACCOUNT_CONTRIBUTOR, DATA_CONTRIBUTOR),
    naming=_identity(_SQL_CLIENTS, LIST_CONNECTION_STRINGS) + (
        # AccountEndpoint=https://<account>.documents.azure.com:443/;AccountKey=<key>;
        connection_string(_SQL_CLIENTS),
        literal(A.SECRET, (C.SPRING_BOOT,), ('azure.cosmos.key', V.ACCOUNT_KEY), ('azure.cosmos.database', V.DATABASE),
                ('azure.cosmos.uri', V.ENDPOINT), (f'{_SPRING}.key', V.ACCOUNT_KEY), *_SPRING_AT),
        literal(A.SYSTEM_IDENTITY, (C.SPRING_BOOT,), *_SPRING_MI),
        literal(A.USER_IDENTITY, (C.SPRING_BOOT,), *_SPRING_MI, (f'{_SPRING}.credential.client-id', V.CLIENT_ID)),
        literal(A.SERVICE_PRINCIPAL, (C.SPRING_BOOT,), (f'{_SPRING}.credential.client-id', V.CLIENT_ID),
                (f'{_SPRING}.credential.client-secret', V.CLIENT_SECRET),
                (f'{_SPRING}.profile.tenant-id', V.TENANT_ID), *_SPRING_AT),
    ), service='sql')

# The docs' MongoDB page has no Python tab.
_MONGO_CLIENTS = _DOTNET + (C.JAVA, C.NODEJS, C.GO, C.NONE)
COSMOS_MONGO = _cosmos(
    'cosmos-mongo', 'Cosmos DB for MongoDB', 'mongodbDatabases/{database}', (_DATABASE,), (ACCOUNT_CONTRIBUTOR,),
    naming=_identity(_MONGO_CLIENTS, LIST_CONNECTION_STRINGS) + (
        # mongodb://<account>:<key>@<account>.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb&...
        connection_string(_MONGO_CLIENTS),
        literal(A.SECRET, (C.SPRING_BOOT,), ('spring.data.mongodb.database', V.DATABASE),
                ('spring.data.mongodb.uri', V.CONNECTION_STRING)),
    ), service='mongo')

_CASSANDRA_CLIENTS = _DOTNET + (C.JAVA, C.NODEJS, C.PYTHON, C.GO, C.NONE)
_CASSANDRA_AT = (('CONTACTPOINT', V.HOST), ('PORT', T('10350')), ('KEYSPACE', V.DATABASE), ('USERNAME', V.ACCOUNT_NAME))
_SPRING_CASSANDRA = 'spring.data.cassandra'
COSMOS_CASSANDRA = _cosmos(
    'cosmos-cassandra', 'Cosmos DB for Apache Cassandra', 'cassandraKeyspaces/{key_space}',
    (ArgSpec('key_space', ('--key-space',), 'Name of the keyspace.', placeholder='MyKeyspace'),),
    (ACCOUNT_CONTRIBUTOR,),
    naming=_identity(_CASSANDRA_CLIENTS, LIST_KEYS, *(Setting(n, v) for n, v in _CASSANDRA_AT)) + (
        _secret(_CASSANDRA_CLIENTS, *_CASSANDRA_AT, ('PASSWORD', V.ACCOUNT_KEY)),
        # The docs name Spring Boot for the key only.
        literal(A.SECRET, (C.SPRING_BOOT,), (f'{_SPRING_CASSANDRA}.contact-points', V.HOST),
                (f'{_SPRING_CASSANDRA}.port', T('10350')), (f'{_SPRING_CASSANDRA}.keyspace-name', V.DATABASE),
                (f'{_SPRING_CASSANDRA}.username', V.ACCOUNT_NAME), (f'{_SPRING_CASSANDRA}.password', V.ACCOUNT_KEY),
                (f'{_SPRING_CASSANDRA}.local-datacenter', V.REGION), (f'{_SPRING_CASSANDRA}.ssl', V.TRUE)),
    ), service='cassandra')

_GREMLIN_CLIENTS = _DOTNET + (C.JAVA, C.NODEJS, C.PYTHON, C.PHP, C.NONE)
# RESOURCE_NAME is the graph: the target's own name.
_GREMLIN_AT = (('HOSTNAME', V.HOST), ('PORT', T('443')), ('USERNAME', T('/dbs/{DATABASE}/colls/{RESOURCE_NAME}')))
COSMOS_GREMLIN = _cosmos(
    'cosmos-gremlin', 'Cosmos DB for Apache Gremlin', 'gremlinDatabases/{database}/graphs/{graph}',
    (_DATABASE, ArgSpec('graph', ('--graph',), 'Name of the graph.', placeholder='MyGraph')),
    (ACCOUNT_CONTRIBUTOR,),
    naming=_identity(_GREMLIN_CLIENTS, LIST_KEYS, *(Setting(n, v) for n, v in _GREMLIN_AT)) + (
        _secret(_GREMLIN_CLIENTS, *_GREMLIN_AT, ('PASSWORD', V.ACCOUNT_KEY)),
    ), service='gremlin')

# The facts list springBoot among the core CLI's client types, but the docs name no Spring Boot property.
_TABLE_CLIENTS = _DOTNET + (C.JAVA, C.NODEJS, C.PYTHON, C.NONE)
COSMOS_TABLE = _cosmos(
    'cosmos-table', 'Cosmos DB for Table', 'tables/{table}',
    (ArgSpec('table', ('--table',), 'Name of the table.', placeholder='MyTable'),), (ACCOUNT_CONTRIBUTOR,),
    naming=_identity(_TABLE_CLIENTS, LIST_CONNECTION_STRINGS) + (
        # DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;TableEndpoint=https://...:443/;
        connection_string(_TABLE_CLIENTS),
    ), service='table')
