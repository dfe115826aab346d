"""Passwordless PostgreSQL plans, from data: which steps an identity connection to a flexible server turns
into (Entra auth, the signed-in account as Entra admin, the database user), what delete and update do with
the user the connection owns, and what the intent records before anything changes."""
import pytest

from azext_connection.adapters.database import DatabaseState, DatabaseTarget
from azext_connection.arm import ResourceRef
from azext_connection.engine.planner import plan_apply, plan_delete
from azext_connection.matrix import SOURCES, TARGETS, AuthType, ClientType
from azext_connection.record import DatabaseUserRef, Record, RecordSet
from azext_connection.request import AuthInput, ConnectionRequest
from azext_connection.sensitive import Secret
from tests.unit.test_planner import ENABLED, SITE, SUB, facts, keys, source

SERVER = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg'
DATABASE = SERVER + '/databases/appdb'
PG = TARGETS['postgres-flexible']
SP = AuthInput(AuthType.SERVICE_PRINCIPAL, client_id='c', object_id='sp-oid', secret=Secret('sp-secret'))
UMI = AuthInput(AuthType.USER_IDENTITY, client_id='umi-client', subscription_id=SUB)


def server(entra='Disabled'):
    body = {'id': SERVER, 'properties': {'fullyQualifiedDomainName': 'pg.postgres.database.azure.com',
                                         'authConfig': {'activeDirectoryAuth': entra, 'passwordAuth': 'Enabled'},
                                         'network': {'publicNetworkAccess': 'Enabled'}}}
    # Azure services and the app's addresses admitted already: no firewall step, so plans show only the user.
    rules = tuple({'properties': {'startIpAddress': ip, 'endIpAddress': ip}}
                  for ip in ('0.0.0.0', '20.0.0.1', '20.0.0.2'))
    return DatabaseState(ResourceRef.parse(SERVER), body, 'appdb', rules)


def pg_request(auth=AuthInput(AuthType.SYSTEM_IDENTITY), client=ClientType.PYTHON, name='conn1'):
    return ConnectionRequest(SOURCES['webapp'], SITE, PG, DATABASE, name, auth, client)


def pg_facts(src=None, entra='Disabled', records=None, principal=None):
    fx = facts(src, server(entra), records, principal)
    fx.target_adapter = DatabaseTarget(PG)
    return fx


def _record(auth, user, settings=('AZURE_POSTGRESQL_CONNECTIONSTRING',)):
    return Record('conn1', SITE, 'postgres-flexible', DATABASE, auth, 'python', settings, {}, database_user=user)


USER = DatabaseUserRef(SERVER, 'appdb', 'aad_conn1', 'p1', owned=True)
SETTLED = ('entra-admin', 'database-user', 'settings')

CASES = [
    ('smi, identity off, Entra off: the user waits for the identity and the admin',
     pg_request(), pg_facts(),
     [('identity', ()), ('entra-auth', ()), ('entra-admin', ('entra-auth',)),
      ('database-user', ('entra-admin', 'identity')), ('settings', ()),
      ('record', ('identity', 'entra-auth') + SETTLED)]),
    ('smi on, Entra on: admin then user', pg_request(), pg_facts(source(ENABLED), 'Enabled'),
     [('entra-admin', ()), ('database-user', ('entra-admin',)), ('settings', ()), ('record', SETTLED)]),
    ('service principal: its object id', pg_request(SP), pg_facts(entra='Enabled', principal='sp-oid'),
     [('entra-admin', ()), ('database-user', ('entra-admin',)), ('settings', ()), ('record', SETTLED)]),
    ('secret: no Entra step at all', pg_request(AuthInput(AuthType.SECRET, user_name='u', secret=Secret('p'))),
     pg_facts(), [('settings', ()), ('record', ('settings',))]),
]


@pytest.mark.parametrize('name,req,fx,expected', CASES, ids=[c[0] for c in CASES])
def test_plan_shape(name, req, fx, expected):
    assert keys(plan_apply(req, fx)) == expected, name


@pytest.mark.parametrize('auth,principal', [(AuthInput(AuthType.SYSTEM_IDENTITY), None), (UMI, 'umi-oid'), (SP, 'sp-oid')])
def test_the_settings_name_the_database_user_and_never_a_password(auth, principal):
    plan = plan_apply(pg_request(auth), pg_facts(principal=principal))
    settings = dict(plan.find('settings').action.values)
    assert settings['AZURE_POSTGRESQL_CONNECTIONSTRING'] == (
        'dbname=appdb host=pg.postgres.database.azure.com port=5432 sslmode=require user=aad_conn1')
    assert ('AZURE_POSTGRESQL_CLIENTID' in settings) == (auth.type is not AuthType.SYSTEM_IDENTITY)
    assert isinstance(settings.get('AZURE_POSTGRESQL_CLIENTSECRET', Secret('')), Secret)
    user = plan.find('database-user').action
    assert (user.name, user.host, user.database) == ('aad_conn1', 'pg.postgres.database.azure.com', 'appdb')
    assert 'sp-secret' not in str(plan.describe())


def test_the_intent_owns_the_user_before_it_is_made():
    """An interrupted create is cleaned up by delete: its intent names the user, its principal unknown yet."""
    plan = plan_apply(pg_request(), pg_facts())
    intent = plan.steps[0].action.build(None)['conn1']
    assert intent.database_user == DatabaseUserRef(SERVER, 'appdb', 'aad_conn1', None, owned=True)


def test_delete_drops_the_user_it_owns_first():
    record = _record({'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, USER)
    fx = pg_facts(source(ENABLED, settings={'AZURE_POSTGRESQL_CONNECTIONSTRING': 'x'}), 'Enabled',
                  records={'conn1': record})
    plan = plan_delete(record, fx)
    assert [k for k, _ in keys(plan)] == ['drop-user', 'settings', 'record']
    drop = plan.find('drop-user').action
    assert (drop.name, drop.database, drop.principal) == ('aad_conn1', 'appdb', 'p1')


def test_delete_keeps_a_user_the_connection_did_not_make():
    record = _record({'authType': 'systemAssignedIdentity', 'principalId': 'p1'},
                     DatabaseUserRef(SERVER, 'appdb', 'aad_conn1', 'p1', owned=False))
    fx = pg_facts(source(ENABLED, settings={'AZURE_POSTGRESQL_CONNECTIONSTRING': 'x'}), 'Enabled',
                  records={'conn1': record})
    assert [k for k, _ in keys(plan_delete(record, fx))] == ['settings', 'record']


def test_update_to_a_secret_drops_the_user_and_makes_no_admin():
    record = _record({'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, USER)
    fx = pg_facts(source(ENABLED), 'Enabled', records={'conn1': record})
    plan = plan_apply(pg_request(AuthInput(AuthType.SECRET, user_name='u', secret=Secret('p'))), fx, before=record)
    assert [k for k, _ in keys(plan)][:1] == ['drop-user']
    assert plan.find('entra-admin') is None and plan.find('database-user') is None


def test_update_to_another_identity_drops_then_makes_the_user_again():
    record = _record({'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, USER)
    fx = pg_facts(source(ENABLED), 'Enabled', records={'conn1': record}, principal='sp-oid')
    plan = plan_apply(pg_request(SP), fx, before=record)
    assert dict(keys(plan))['database-user'] == ('entra-admin', 'drop-user')


def test_update_keeping_the_identity_heals_the_user_without_dropping_it():
    record = _record({'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, USER)
    fx = pg_facts(source(ENABLED), 'Enabled', records={'conn1': record})
    plan = plan_apply(pg_request(), fx, before=record)
    assert plan.find('drop-user') is None and plan.find('database-user') is not None


# -- MySQL flexible server: one Entra admin, which needs a user-assigned identity on the server ----------------
MYSQL_SERVER = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.DBforMySQL/flexibleServers/my'
MYSQL = TARGETS['mysql-flexible']


def server_facts(target, server_id, host, src=None, principal=None):
    """Facts of a server that admits Azure services and the app already (no firewall step), public access on."""
    body = {'id': server_id, 'properties': {'fullyQualifiedDomainName': host, 'publicNetworkAccess': 'Enabled',
                                            'network': {'publicNetworkAccess': 'Enabled'}}}
    rules = tuple({'properties': {'startIpAddress': ip, 'endIpAddress': ip}}
                  for ip in ('0.0.0.0', '20.0.0.1', '20.0.0.2'))
    fx = facts(src, DatabaseState(ResourceRef.parse(server_id), body, 'appdb', rules), None, principal)
    fx.target_adapter = DatabaseTarget(target)
    return fx


def mysql_facts(src=None, principal=None):
    return server_facts(MYSQL, MYSQL_SERVER, 'my.mysql.database.azure.com', src, principal)


@pytest.mark.parametrize('auth,principal,client_id', [
    (AuthInput(AuthType.SYSTEM_IDENTITY, server_identity='/uai/id'), None, None),
    (UMI, 'umi-oid', 'umi-client'), (SP, 'sp-oid', 'c')])
def test_mysql_plans_the_admin_with_the_server_identity_then_the_user_by_client_id(auth, principal, client_id):
    req = ConnectionRequest(SOURCES['webapp'], SITE, MYSQL, MYSQL_SERVER + '/databases/appdb', 'conn1', auth,
                            ClientType.PYTHON)
    plan = plan_apply(req, mysql_facts(principal=principal))
    shape = dict(keys(plan))
    assert 'entra-auth' not in shape         # MySQL has no switch: the admin is enough
    assert plan.find('entra-admin').action.identity_id == (auth.server_identity or '')
    user = plan.find('database-user').action
    assert (user.name, user.database, user.client_id) == ('aad_conn1', 'appdb', client_id)
    assert shape['database-user'] == ('entra-admin',) + (('identity',) if principal is None else ())
    settings = dict(plan.find('settings').action.values)
    assert settings['AZURE_MYSQL_USER'] == 'aad_conn1' and 'AZURE_MYSQL_PASSWORD' not in settings


def test_mysql_delete_drops_its_user():
    record = Record('conn1', SITE, 'mysql-flexible', MYSQL_SERVER + '/databases/appdb',
                    {'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, 'python', ('AZURE_MYSQL_USER',), {},
                    database_user=DatabaseUserRef(MYSQL_SERVER, 'appdb', 'aad_conn1', 'p1', owned=True))
    fx = mysql_facts(source(ENABLED, settings={'AZURE_MYSQL_USER': 'aad_conn1'}))
    fx.records = RecordSet({'conn1': record}, {}, {'conn1': record.to_json()})
    plan = plan_delete(record, fx)
    assert [k for k, _ in keys(plan)] == ['drop-user', 'settings', 'record']
    drop = plan.find('drop-user').action
    assert (type(drop).__name__, drop.engine) == ('DropUser', 'mysql')


SQL_SERVER = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.Sql/servers/sq'


@pytest.mark.parametrize('auth,principal,client_id', [
    (AuthInput(AuthType.SYSTEM_IDENTITY), None, None), (UMI, 'umi-oid', 'umi-client'), (SP, 'sp-oid', 'c')])
def test_sql_plans_the_one_admin_then_a_contained_user_by_client_id(auth, principal, client_id):
    fx = server_facts(TARGETS['sql'], SQL_SERVER, 'sq.database.windows.net', principal=principal)
    req = ConnectionRequest(SOURCES['webapp'], SITE, TARGETS['sql'], SQL_SERVER + '/databases/appdb', 'conn1', auth,
                            ClientType.PYTHON)
    plan = plan_apply(req, fx)
    admin, user = plan.find('entra-admin').action, plan.find('database-user').action
    assert (admin.engine, user.engine, user.name, user.client_id) == ('sqlserver', 'sqlserver', 'aad_conn1', client_id)
    settings = dict(plan.find('settings').action.values)
    assert settings['AZURE_SQL_SERVER'] == 'sq.database.windows.net'
    assert settings['AZURE_SQL_AUTHENTICATION'] == (
        'ActiveDirectoryServicePrincipal' if auth.type is AuthType.SERVICE_PRINCIPAL else 'ActiveDirectoryMsi')


SINGLE_SERVER = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.DBforPostgreSQL/servers/old'


@pytest.mark.parametrize('auth,principal,client_id', [
    (AuthInput(AuthType.SYSTEM_IDENTITY), None, None), (UMI, 'umi-oid', 'umi-client'), (SP, 'sp-oid', 'c')])
def test_a_single_server_gets_the_one_admin_then_a_role_by_client_id_and_logins_name_the_server(
        auth, principal, client_id):
    """The core CLI's way to a retired single server: no Entra switch to turn on, one admin, a role whose
    password is the client id; every login is user@server."""
    fx = server_facts(TARGETS['postgres'], SINGLE_SERVER, 'old.postgres.database.azure.com', principal=principal)
    req = ConnectionRequest(SOURCES['webapp'], SITE, TARGETS['postgres'], SINGLE_SERVER + '/databases/appdb', 'conn1',
                            auth, ClientType.JAVA)
    plan = plan_apply(req, fx)
    shape = dict(keys(plan))
    assert 'entra-auth' not in shape
    admin, user = plan.find('entra-admin').action, plan.find('database-user').action
    assert (admin.engine, user.engine, user.name, user.client_id) == ('postgres-single', 'postgres-single',
                                                                      'aad_conn1', client_id)
    settings = dict(plan.find('settings').action.values)
    assert settings['AZURE_POSTGRESQL_CONNECTIONSTRING'] == (
        'jdbc:postgresql://old.postgres.database.azure.com:5432/appdb?sslmode=require&user=aad_conn1@old')
    assert plan.steps[0].action.build(None)['conn1'].database_user.name == 'aad_conn1'    # the role's own name
