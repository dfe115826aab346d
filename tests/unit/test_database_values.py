"""Database connection values, per client, exactly as the docs' value patterns show them (the patterns
are in tests/data/matrix_reference.json, `value_patterns`; the expected strings below are those patterns
filled with one login). The password is the user's: every value that holds it is a Secret."""
import pytest

from azext_connection.matrix import TARGETS, AuthType, ClientType, Value
from azext_connection.sensitive import Secret, reveal
from tests.values import written_value

LOGIN = {Value.DATABASE: 'db', Value.USERNAME: 'appuser', Value.PASSWORD: Secret('p@ss&w=rd'), Value.TRUE: 'true'}
HOSTS = {'postgres-flexible': 'srv.postgres.database.azure.com', 'mysql-flexible': 'srv.mysql.database.azure.com',
         'sql': 'srv.database.windows.net'}

CASES = [
    ('postgres-flexible', 'dotnet', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'Server=srv.postgres.database.azure.com;Database=db;Port=5432;Ssl Mode=Require;User Id=appuser;Password=p@ss&w=rd;'),
    ('postgres-flexible', 'java', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'jdbc:postgresql://srv.postgres.database.azure.com:5432/db?sslmode=require&user=appuser&password=p%40ss%26w%3Drd'),
    ('postgres-flexible', 'python', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'dbname=db host=srv.postgres.database.azure.com port=5432 sslmode=require user=appuser password=p@ss&w=rd'),
    ('postgres-flexible', 'go', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'host=srv.postgres.database.azure.com dbname=db sslmode=require user=appuser password=p@ss&w=rd'),
    ('postgres-flexible', 'php', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'host=srv.postgres.database.azure.com port=5432 dbname=db sslmode=require user=appuser password=p@ss&w=rd'),
    ('postgres-flexible', 'ruby', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'host=srv.postgres.database.azure.com port=5432 dbname=db sslmode=require user=appuser password=p@ss&w=rd'),
    ('postgres-flexible', 'nodejs', 'AZURE_POSTGRESQL_PORT', '5432'),
    ('postgres-flexible', 'nodejs', 'AZURE_POSTGRESQL_SSL', 'true'),
    ('postgres-flexible', 'springBoot', 'spring.datasource.url',
     'jdbc:postgresql://srv.postgres.database.azure.com:5432/db?sslmode=require'),
    ('mysql-flexible', 'dotnet', 'AZURE_MYSQL_CONNECTIONSTRING',
     'Server=srv.mysql.database.azure.com;Database=db;Port=3306;User Id=appuser;Password=p@ss&w=rd;SSL Mode=Required;'),
    ('mysql-flexible', 'go', 'AZURE_MYSQL_CONNECTIONSTRING',
     'appuser:p@ss&w=rd@tcp(srv.mysql.database.azure.com:3306)/db?tls=true'),
    ('mysql-flexible', 'java', 'AZURE_MYSQL_CONNECTIONSTRING',
     'jdbc:mysql://srv.mysql.database.azure.com:3306/db?sslmode=required&user=appuser&password=p%40ss%26w%3Drd'),
    ('mysql-flexible', 'php', 'AZURE_MYSQL_FLAG', 'MySQL_CLIENT_SSL'),
    ('mysql-flexible', 'ruby', 'AZURE_MYSQL_SSLMODE', 'required'),
    ('mysql-flexible', 'nodejs', 'AZURE_MYSQL_PORT', '3306'),
    ('mysql-flexible', 'springBoot', 'spring.datasource.url',
     'jdbc:mysql://srv.mysql.database.azure.com:3306/db?sslmode=required'),
    ('sql', 'dotnet', 'AZURE_SQL_CONNECTIONSTRING',
     'Data Source=srv.database.windows.net,1433;Initial Catalog=db;User ID=appuser;Password=p@ss&w=rd'),
    ('sql', 'go', 'AZURE_SQL_CONNECTIONSTRING',
     'server=srv.database.windows.net;port=1433;database=db;user id=appuser;password=p@ss&w=rd;'),
    ('sql', 'java', 'AZURE_SQL_CONNECTIONSTRING',
     'jdbc:sqlserver://srv.database.windows.net:1433;databaseName=db;user=appuser;password=p@ss&w=rd;'),
    ('sql', 'php', 'AZURE_SQL_SERVERNAME', 'srv.database.windows.net,1433'),
]


def _value(target, client, key):
    return written_value(target, AuthType.SECRET, ClientType(client), {**LOGIN, Value.HOST: HOSTS[target.name]}, key)


@pytest.mark.parametrize('target,client,key,expected', CASES, ids=[f'{t}-{c}-{k}' for t, c, k, _ in CASES])
def test_values_follow_the_docs_patterns(target, client, key, expected):
    value = _value(TARGETS[target], client, key)
    assert reveal(value) == expected
    assert isinstance(value, Secret) == ('p@ss' in expected or 'p%40ss' in expected)


@pytest.mark.parametrize('target', sorted(HOSTS))
def test_every_database_value_that_holds_the_password_is_secret(target):
    spec = TARGETS[target]
    for naming in spec.naming:
        for setting in naming.settings:
            uses = (setting.value,) if isinstance(setting.value, Value) else setting.value.uses
            holds_secret = Value.PASSWORD in uses or Value.CLIENT_SECRET in uses    # a service principal's
            assert holds_secret == setting.value.is_secret, (target, naming.clients, setting.name)


# Passwordless PostgreSQL: the docs' patterns with their optional [password] part left out; the user is the
# database user made for the identity.
IDENTITY_CASES = [
    ('dotnet', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'Server=srv.postgres.database.azure.com;Database=db;Port=5432;Ssl Mode=Require;User Id=aad_conn;'),
    ('java', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'jdbc:postgresql://srv.postgres.database.azure.com:5432/db?sslmode=require&user=aad_conn'),
    ('python', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'dbname=db host=srv.postgres.database.azure.com port=5432 sslmode=require user=aad_conn'),
    ('go', 'AZURE_POSTGRESQL_CONNECTIONSTRING', 'host=srv.postgres.database.azure.com dbname=db sslmode=require user=aad_conn'),
    ('php', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'host=srv.postgres.database.azure.com port=5432 dbname=db sslmode=require user=aad_conn'),
    ('ruby', 'AZURE_POSTGRESQL_CONNECTIONSTRING',
     'host=srv.postgres.database.azure.com port=5432 dbname=db sslmode=require user=aad_conn'),
    ('django', 'AZURE_POSTGRESQL_USER', 'aad_conn'),
    ('nodejs', 'AZURE_POSTGRESQL_SSL', 'true'),
    ('none', 'AZURE_POSTGRESQL_USERNAME', 'aad_conn'),
    ('springBoot', 'spring.datasource.url', 'jdbc:postgresql://srv.postgres.database.azure.com:5432/db?sslmode=require'),
    ('springBoot', 'spring.datasource.username', 'aad_conn'),
    ('springBoot', 'spring.datasource.azure.passwordless-enabled', 'true'),
]


@pytest.mark.parametrize('auth', [AuthType.SYSTEM_IDENTITY, AuthType.USER_IDENTITY, AuthType.SERVICE_PRINCIPAL])
@pytest.mark.parametrize('client,key,expected', IDENTITY_CASES, ids=[f'{c}-{k}' for c, k, _ in IDENTITY_CASES])
def test_passwordless_values_follow_the_docs_patterns(auth, client, key, expected):
    values = {Value.DATABASE: 'db', Value.USERNAME: 'aad_conn', Value.TRUE: 'true',
              Value.HOST: HOSTS['postgres-flexible'], Value.CLIENT_ID: 'cid', Value.TENANT_ID: 'tid',
              Value.CLIENT_SECRET: Secret('sp-secret')}
    value = written_value(TARGETS['postgres-flexible'], auth, ClientType(client), values, key)
    assert value == expected     # a plain string: no password in it


# Azure SQL with an identity: the docs' value patterns, exactly (how-to-integrate-sql-database).
SQL_IDENTITY_CASES = [
    (AuthType.SYSTEM_IDENTITY, 'dotnet', 'AZURE_SQL_CONNECTIONSTRING',
     'Data Source=srv.database.windows.net,1433;Initial Catalog=db;Authentication=ActiveDirectoryManagedIdentity'),
    (AuthType.USER_IDENTITY, 'dotnet', 'AZURE_SQL_CONNECTIONSTRING',
     'Data Source=srv.database.windows.net,1433;Initial Catalog=db;User ID=cid;'
     'Authentication=ActiveDirectoryManagedIdentity'),
    (AuthType.SERVICE_PRINCIPAL, 'dotnet', 'AZURE_SQL_CONNECTIONSTRING',
     'Data Source=srv.database.windows.net,1433;Initial Catalog=db;User ID=cid;Password=sp-secret;'
     'Authentication=ActiveDirectoryServicePrincipal'),
    (AuthType.SYSTEM_IDENTITY, 'java', 'AZURE_SQL_CONNECTIONSTRING',
     'jdbc:sqlserver://srv.database.windows.net:1433;databaseName=db;authentication=ActiveDirectoryMSI;'),
    (AuthType.USER_IDENTITY, 'java', 'AZURE_SQL_CONNECTIONSTRING',
     'jdbc:sqlserver://srv.database.windows.net:1433;databaseName=db;msiClientId=cid;'
     'authentication=ActiveDirectoryMSI;'),
    (AuthType.SERVICE_PRINCIPAL, 'java', 'AZURE_SQL_CONNECTIONSTRING',
     'jdbc:sqlserver://srv.database.windows.net:1433;databaseName=db;user=cid;password=sp-secret;'
     'authentication=ActiveDirectoryServicePrincipal;'),
    (AuthType.SYSTEM_IDENTITY, 'nodejs', 'AZURE_SQL_AUTHENTICATIONTYPE', 'azure-active-directory-default'),
    (AuthType.USER_IDENTITY, 'python', 'AZURE_SQL_USER', 'cid'),
]


@pytest.mark.parametrize('auth,client,key,expected', SQL_IDENTITY_CASES,
                         ids=[f'{a.value}-{c}-{k}' for a, c, k, _ in SQL_IDENTITY_CASES])
def test_sql_identity_values_follow_the_docs_patterns(auth, client, key, expected):
    values = {Value.DATABASE: 'db', Value.HOST: HOSTS['sql'], Value.CLIENT_ID: 'cid', Value.TENANT_ID: 'tid',
              Value.CLIENT_SECRET: Secret('sp-secret')}
    value = written_value(TARGETS['sql'], auth, ClientType(client), values, key)
    assert reveal(value) == expected
    assert isinstance(value, Secret) == ('sp-secret' in expected)
