"""Databases reached with the user's own login (how-to-integrate-postgres, -mysql, -sql-database): the
connection string is built from `--secret name=USER secret=PASSWORD`, in each client's form, exactly as
the docs' value patterns show. The server's child firewall rules are opened for the source and for Azure
services. A PostgreSQL flexible server is also reached passwordless (system or user identity, service
principal; how-to-integrate-postgres): the signed-in user is made the server's Microsoft Entra admin and
makes a database user `aad_<connection>` for the identity, which then signs in with its own token; the
settings are the secret ones without the password, plus the identity's client id (and a service
principal's secret and tenant). MySQL flexible servers and SQL Database likewise, each in its own way
(database_engines.py), and the retired PostgreSQL single server as the core CLI reaches it (a role in
azure_ad_user whose password is the identity's client id). The retired single servers stay, as in the core
CLI, with their create/update deprecated in favour of the flexible servers; their logins are user@server."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, Setting, TargetSpec, Template as T
from .common import TG, id_template

_SERVER = ArgSpec('server', ('--server',), 'Name of the database server.', placeholder='MyServer')
_DATABASE = ArgSpec('database', ('--database',), 'Name of the database.', placeholder='MyDatabase')
_DOTNET = (C.DOTNET, C.DOTNET_INTERNAL)
_SPRING_USER = (Setting('spring.datasource.username', V.USERNAME), Setting('spring.datasource.password', V.PASSWORD))


_PASSWORDLESS = (A.SYSTEM_IDENTITY, A.USER_IDENTITY, A.SERVICE_PRINCIPAL)
# What each passwordless auth adds to the names: the identity the app signs in with.
_IDENTITY_KEYS = {A.SYSTEM_IDENTITY: (), A.USER_IDENTITY: (('CLIENTID', V.CLIENT_ID),),
                  A.SERVICE_PRINCIPAL: (('CLIENTID', V.CLIENT_ID), ('CLIENTSECRET', V.CLIENT_SECRET),
                                        ('TENANTID', V.TENANT_ID))}
_SPRING_IDENTITY = {
    A.SYSTEM_IDENTITY: (),
    A.USER_IDENTITY: (Setting('spring.cloud.azure.credential.client-id', V.CLIENT_ID),
                      Setting('spring.cloud.azure.credential.client-managed-identity-enabled', V.TRUE)),
    A.SERVICE_PRINCIPAL: (Setting('spring.cloud.azure.credential.client-id', V.CLIENT_ID),
                          Setting('spring.cloud.azure.credential.client-secret', V.CLIENT_SECRET),
                          Setting('spring.cloud.azure.credential.tenant-id', V.TENANT_ID)),
}


def _secret(clients, *settings):
    return Naming(A.SECRET, clients, tuple(Setting(name, value) for name, value in settings))


def _database(name, display, provider, prefix, namings, *, single_server_of='', database_user=''):
    return TargetSpec(
        name=name,
        display=display,
        resource_type=f'{provider}/databases',
        id_template=id_template(provider + '/{server}/databases/{database}'),
        args=(TG, _SERVER, _DATABASE),
        auth_types=(A.SECRET,) + (_PASSWORDLESS if database_user else ()),
        default_auth=A.SECRET,
        roles=(),
        network=Network(NetworkKind.FIREWALL_RULES, azure_services=True),
        prefix=prefix,
        naming=namings,
        adapter='database',
        user_secret=True,
        service='single-server' if single_server_of else '',
        replaced_by=single_server_of,
        database_user=database_user,
    )


def _passwordless(auth, url, by_client):
    """One auth's names: a connection string (or parts) without the password; the identity's keys before a
    connection string (and after separate parts), as the docs list them."""
    extra = _IDENTITY_KEYS[auth]
    namings = []
    for clients, settings in by_client:
        whole = len(settings) == 1 and settings[0][0] == 'CONNECTIONSTRING'
        ordered = extra + settings if whole else settings + extra
        namings.append(Naming(auth, clients, tuple(Setting(n, v) for n, v in ordered)))
    spring = ((Setting('spring.datasource.azure.passwordless-enabled', V.TRUE),) + _SPRING_IDENTITY[auth]
              + (Setting('spring.datasource.url', T(url)), Setting('spring.datasource.username', V.USERNAME)))
    namings.append(Naming(auth, (C.SPRING_BOOT,), spring, literal=True))
    return tuple(namings)


def _passwordless_namings(url, by_client):
    return tuple(n for auth in _PASSWORDLESS for n in _passwordless(auth, url, by_client))


def postgres_passwordless_namings():
    """PostgreSQL's names for an identity: the secret forms without the password (its user is the
    database user made for the identity)."""
    libpq = 'host={HOST} port=5432 dbname={DATABASE} sslmode=require user={USERNAME}'
    return _passwordless_namings('jdbc:postgresql://{HOST}:5432/{DATABASE}?sslmode=require', (
        (_DOTNET, (('CONNECTIONSTRING', T('Server={HOST};Database={DATABASE};Port=5432;Ssl Mode=Require;'
                                          'User Id={USERNAME};')),)),
        ((C.JAVA,), (('CONNECTIONSTRING', T('jdbc:postgresql://{HOST}:5432/{DATABASE}?sslmode=require'
                                            '&user={USERNAME}')),)),
        ((C.PYTHON,), (('CONNECTIONSTRING', T('dbname={DATABASE} host={HOST} port=5432 sslmode=require '
                                              'user={USERNAME}')),)),
        ((C.GO,), (('CONNECTIONSTRING', T('host={HOST} dbname={DATABASE} sslmode=require user={USERNAME}')),)),
        ((C.PHP, C.RUBY), (('CONNECTIONSTRING', T(libpq)),)),
        ((C.DJANGO,), (('NAME', V.DATABASE), ('HOST', V.HOST), ('USER', V.USERNAME))),
        ((C.NODEJS,), (('HOST', V.HOST), ('USER', V.USERNAME), ('DATABASE', V.DATABASE), ('PORT', T('5432')),
                       ('SSL', V.TRUE))),
        ((C.NONE,), (('HOST', V.HOST), ('USERNAME', V.USERNAME), ('DATABASE', V.DATABASE), ('PORT', T('5432')),
                     ('SSL', V.TRUE))),
    ))


def _mysql_passwordless_namings():
    """MySQL's names for an identity, likewise."""
    url = 'jdbc:mysql://{HOST}:3306/{DATABASE}?sslmode=required'
    return _passwordless_namings(url, (
        (_DOTNET, (('CONNECTIONSTRING', T('Server={HOST};Database={DATABASE};Port=3306;User Id={USERNAME};'
                                          'SSL Mode=Required;')),)),
        ((C.JAVA,), (('CONNECTIONSTRING', T(url + '&user={USERNAME}')),)),
        ((C.GO,), (('CONNECTIONSTRING', T('{USERNAME}@tcp({HOST}:3306)/{DATABASE}?tls=true')),)),
        ((C.PYTHON, C.DJANGO), (('NAME', V.DATABASE), ('HOST', V.HOST), ('USER', V.USERNAME))),
        ((C.NODEJS,), (('HOST', V.HOST), ('USER', V.USERNAME), ('DATABASE', V.DATABASE), ('PORT', T('3306')),
                       ('SSL', V.TRUE))),
        ((C.PHP,), (('DBNAME', V.DATABASE), ('HOST', V.HOST), ('PORT', T('3306')), ('FLAG', T('MySQL_CLIENT_SSL')),
                    ('USERNAME', V.USERNAME))),
        ((C.RUBY,), (('DATABASE', V.DATABASE), ('HOST', V.HOST), ('USERNAME', V.USERNAME), ('SSLMODE', T('required')))),
        ((C.NONE,), (('HOST', V.HOST), ('USERNAME', V.USERNAME), ('DATABASE', V.DATABASE), ('PORT', T('3306')),
                     ('SSL', V.TRUE))),
    ))


def postgres_namings():
    """PostgreSQL's names and values per client (also Neon's, under its own prefix)."""
    libpq = 'host={HOST} port=5432 dbname={DATABASE} sslmode=require user={USERNAME} password={PASSWORD}'
    url = 'jdbc:postgresql://{HOST}:5432/{DATABASE}?sslmode=require'
    return (
        _secret(_DOTNET, ('CONNECTIONSTRING', T('Server={HOST};Database={DATABASE};Port=5432;Ssl Mode=Require;'
                                                'User Id={USERNAME};Password={PASSWORD};'))),
        _secret((C.JAVA,), ('CONNECTIONSTRING', T(url + '&user={USERNAME}&password={PASSWORD:url}'))),
        _secret((C.PYTHON,), ('CONNECTIONSTRING', T('dbname={DATABASE} host={HOST} port=5432 sslmode=require '
                                                    'user={USERNAME} password={PASSWORD}'))),
        _secret((C.GO,), ('CONNECTIONSTRING', T('host={HOST} dbname={DATABASE} sslmode=require user={USERNAME} '
                                                'password={PASSWORD}'))),
        _secret((C.PHP, C.RUBY), ('CONNECTIONSTRING', T(libpq))),
        _secret((C.DJANGO,), ('NAME', V.DATABASE), ('HOST', V.HOST), ('USER', V.USERNAME), ('PASSWORD', V.PASSWORD)),
        _secret((C.NODEJS,), ('HOST', V.HOST), ('USER', V.USERNAME), ('PASSWORD', V.PASSWORD),
                ('DATABASE', V.DATABASE), ('PORT', T('5432')), ('SSL', V.TRUE)),
        _secret((C.NONE,), ('HOST', V.HOST), ('USERNAME', V.USERNAME), ('DATABASE', V.DATABASE), ('PORT', T('5432')),
                ('SSL', V.TRUE), ('PASSWORD', V.PASSWORD)),
        Naming(A.SECRET, (C.SPRING_BOOT,), (Setting('spring.datasource.url', T(url)),) + _SPRING_USER, literal=True),
    )


def _mysql_namings():
    url = 'jdbc:mysql://{HOST}:3306/{DATABASE}?sslmode=required'
    return (
        _secret(_DOTNET, ('CONNECTIONSTRING', T('Server={HOST};Database={DATABASE};Port=3306;User Id={USERNAME};'
                                                'Password={PASSWORD};SSL Mode=Required;'))),
        _secret((C.JAVA,), ('CONNECTIONSTRING', T(url + '&user={USERNAME}&password={PASSWORD:url}'))),
        _secret((C.GO,), ('CONNECTIONSTRING', T('{USERNAME}:{PASSWORD}@tcp({HOST}:3306)/{DATABASE}?tls=true'))),
        _secret((C.PYTHON, C.DJANGO), ('NAME', V.DATABASE), ('HOST', V.HOST), ('USER', V.USERNAME),
                ('PASSWORD', V.PASSWORD)),
        _secret((C.NODEJS,), ('HOST', V.HOST), ('USER', V.USERNAME), ('PASSWORD', V.PASSWORD),
                ('DATABASE', V.DATABASE), ('PORT', T('3306')), ('SSL', V.TRUE)),
        _secret((C.PHP,), ('DBNAME', V.DATABASE), ('HOST', V.HOST), ('PORT', T('3306')),
                ('FLAG', T('MySQL_CLIENT_SSL')), ('USERNAME', V.USERNAME), ('PASSWORD', V.PASSWORD)),
        _secret((C.RUBY,), ('DATABASE', V.DATABASE), ('HOST', V.HOST), ('USERNAME', V.USERNAME),
                ('PASSWORD', V.PASSWORD), ('SSLMODE', T('required'))),
        _secret((C.NONE,), ('HOST', V.HOST), ('USERNAME', V.USERNAME), ('DATABASE', V.DATABASE), ('PORT', T('3306')),
                ('SSL', V.TRUE), ('PASSWORD', V.PASSWORD)),
        Naming(A.SECRET, (C.SPRING_BOOT,), (Setting('spring.datasource.url', T(url)),) + _SPRING_USER, literal=True),
    )


def _sql_namings():
    url = 'jdbc:sqlserver://{HOST}:1433;databaseName={DATABASE};'
    return (
        # The docs' .NET example omits User ID (a slip: a password needs its user); the SqlClient form has it.
        _secret(_DOTNET, ('CONNECTIONSTRING', T('Data Source={HOST},1433;Initial Catalog={DATABASE};'
                                                'User ID={USERNAME};Password={PASSWORD}'))),
        _secret((C.JAVA,), ('CONNECTIONSTRING', T(url + 'user={USERNAME};password={PASSWORD};'))),
        _secret((C.GO,), ('CONNECTIONSTRING', T('server={HOST};port=1433;database={DATABASE};user id={USERNAME};'
                                                'password={PASSWORD};'))),
        _secret((C.PYTHON,), ('SERVER', V.HOST), ('PORT', T('1433')), ('DATABASE', V.DATABASE),
                ('USER', V.USERNAME), ('PASSWORD', V.PASSWORD)),
        _secret((C.DJANGO,), ('HOST', V.HOST), ('PORT', T('1433')), ('NAME', V.DATABASE), ('USER', V.USERNAME),
                ('PASSWORD', V.PASSWORD)),
        _secret((C.NODEJS,), ('SERVER', V.HOST), ('PORT', T('1433')), ('DATABASE', V.DATABASE),
                ('USERNAME', V.USERNAME), ('PASSWORD', V.PASSWORD)),
        _secret((C.PHP,), ('SERVERNAME', T('{HOST},1433')), ('DATABASE', V.DATABASE), ('UID', V.USERNAME),
                ('PASSWORD', V.PASSWORD)),
        _secret((C.RUBY,), ('HOST', V.HOST), ('PORT', T('1433')), ('DATABASE', V.DATABASE), ('USERNAME', V.USERNAME),
                ('PASSWORD', V.PASSWORD)),
        Naming(A.SECRET, (C.SPRING_BOOT,), (Setting('spring.datasource.url', T(url)),) + _SPRING_USER, literal=True),
    )


def _sql_passwordless_namings():
    """Azure SQL Database's names for an identity (how-to-integrate-sql-database): the driver signs in as the
    identity itself, so no database user name is written; a user identity is named by its client id, a service
    principal signs in with its client id and secret. The docs name these for .NET, Java, Python, Node.js and
    Spring Boot only, so only those are offered. (Python's service principal keyword is written as the ODBC
    driver spells it, ActiveDirectoryServicePrincipal; the docs' "ActiveDirectoryServerPrincipal" is a slip
    that the driver would refuse.)"""
    source = 'Data Source={HOST},1433;Initial Catalog={DATABASE};'
    url = 'jdbc:sqlserver://{HOST}:1433;databaseName={DATABASE};'
    parts = (('SERVER', V.HOST), ('PORT', T('1433')), ('DATABASE', V.DATABASE))
    node = parts + (('AUTHENTICATIONTYPE', T('azure-active-directory-default')),)
    sp_keys = (('CLIENTID', V.CLIENT_ID), ('CLIENTSECRET', V.CLIENT_SECRET), ('TENANTID', V.TENANT_ID))

    def spring(auth, jdbc):
        extra = ((Setting('spring.datasource.username', V.CLIENT_ID),
                  Setting('spring.datasource.password', V.CLIENT_SECRET)) if auth is A.SERVICE_PRINCIPAL else ())
        return Naming(auth, (C.SPRING_BOOT,), (Setting('spring.datasource.url', T(jdbc)),) + extra, literal=True)

    def named(auth, clients, *settings):
        return Naming(auth, clients, tuple(Setting(name, value) for name, value in settings))
    msi, umi = 'authentication=ActiveDirectoryMSI;', 'msiClientId={CLIENT_ID};authentication=ActiveDirectoryMSI;'
    sp_url = url + 'user={CLIENT_ID};password={CLIENT_SECRET};authentication=ActiveDirectoryServicePrincipal;'
    managed = 'Authentication=ActiveDirectoryManagedIdentity'
    return (
        named(A.SYSTEM_IDENTITY, _DOTNET, ('CONNECTIONSTRING', T(source + managed))),
        named(A.SYSTEM_IDENTITY, (C.JAVA,), ('CONNECTIONSTRING', T(url + msi))),
        named(A.SYSTEM_IDENTITY, (C.PYTHON,), *parts, ('AUTHENTICATION', T('ActiveDirectoryMsi'))),
        named(A.SYSTEM_IDENTITY, (C.NODEJS,), *node),
        spring(A.SYSTEM_IDENTITY, url + msi),
        named(A.USER_IDENTITY, _DOTNET, ('CONNECTIONSTRING', T(source + 'User ID={CLIENT_ID};' + managed))),
        named(A.USER_IDENTITY, (C.JAVA,), ('CONNECTIONSTRING', T(url + umi))),
        named(A.USER_IDENTITY, (C.PYTHON,), *parts, ('USER', V.CLIENT_ID), ('AUTHENTICATION', T('ActiveDirectoryMsi'))),
        named(A.USER_IDENTITY, (C.NODEJS,), *node, ('CLIENTID', V.CLIENT_ID)),
        spring(A.USER_IDENTITY, url + umi),
        named(A.SERVICE_PRINCIPAL, _DOTNET, *sp_keys, ('CONNECTIONSTRING', T(
            source + 'User ID={CLIENT_ID};Password={CLIENT_SECRET};Authentication=ActiveDirectoryServicePrincipal'))),
        named(A.SERVICE_PRINCIPAL, (C.JAVA,), ('CONNECTIONSTRING', T(sp_url))),
        named(A.SERVICE_PRINCIPAL, (C.PYTHON,), *parts, ('USER', V.CLIENT_ID),
              ('AUTHENTICATION', T('ActiveDirectoryServicePrincipal')), ('PASSWORD', V.CLIENT_SECRET)),
        named(A.SERVICE_PRINCIPAL, (C.NODEJS,), *node, *sp_keys),
        spring(A.SERVICE_PRINCIPAL, url + 'authentication=ActiveDirectoryServicePrincipal;'),
    )


POSTGRES_FLEXIBLE = _database('postgres-flexible', 'Azure Database for PostgreSQL flexible server',
                              'Microsoft.DBforPostgreSQL/flexibleServers', 'AZURE_POSTGRESQL',
                              postgres_namings() + postgres_passwordless_namings(), database_user='postgres')
MYSQL_FLEXIBLE = _database('mysql-flexible', 'Azure Database for MySQL flexible server',
                           'Microsoft.DBforMySQL/flexibleServers', 'AZURE_MYSQL',
                           _mysql_namings() + _mysql_passwordless_namings(), database_user='mysql')
SQL = _database('sql', 'Azure SQL Database', 'Microsoft.Sql/servers', 'AZURE_SQL',
                _sql_namings() + _sql_passwordless_namings(), database_user='sqlserver')
POSTGRES = _database('postgres', 'Azure Database for PostgreSQL single server (retired)',
                     'Microsoft.DBforPostgreSQL/servers', 'AZURE_POSTGRESQL',
                     postgres_namings() + postgres_passwordless_namings(), single_server_of='postgres-flexible',
                     database_user='postgres-single')
MYSQL = _database('mysql', 'Azure Database for MySQL single server (retired)', 'Microsoft.DBforMySQL/servers',
                  'AZURE_MYSQL', _mysql_namings(), single_server_of='mysql-flexible')
