"""Passwordless PostgreSQL through the real az, against the sandbox's flexible server backed by a real
PostgreSQL engine: the app's identity gets a database user it can sign in as with its own token, delete
drops that user (its tables pass to the admin), and a failure at any change leaves the server, the engine
and the app as they were. Observable state only: ARM resources, the engine's roles and grants."""
import pytest

from azext_connection.matrix import AuthType
from tests.harness import (RG, admitting_the_app, auth_args, comparable, failing_record_write_rolls_back,
                           identity_id, site_id, state_diff)
from tests.targets import SEEDS

SERVER = SEEDS['postgres-flexible'].resource_id
CREATE = ('webapp', 'connection', 'create', 'postgres-flexible', '-g', RG, '-n', 'app',
          *SEEDS['postgres-flexible'].args, '--connection', 'pgconn')
DELETE = ('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'pgconn', '--yes')
USER = 'aad_pgconn'


def _engine_rows(sandbox, sql, database='postgres', **params):
    with sandbox.postgres_engine.superuser_connection(database) as conn:
        return conn.run(sql, **params)


def _app_principal(sandbox):
    return sandbox.get_resource(site_id())['identity']['principalId']


def _sign_in_as_app(sandbox, principal, database='db'):
    """What the app does: a token for its own identity as the password of its database user."""
    import pg8000.native
    token, _ = sandbox.issue_token(audience=sandbox.url + '/ossrdbms', principal_id=principal)
    env = sandbox.postgres_env()
    with admitting_the_app(sandbox, SERVER):
        return pg8000.native.Connection(USER, host=env['PGHOSTADDR'], port=int(env['PGPORT']), database=database,
                                        password=token, ssl_context=False)


def _admins(sandbox):
    return sandbox.call('GET', SERVER + '/administrators').body['value']


def test_the_app_signs_in_with_its_identity_and_delete_drops_its_user(az, world, sandbox):
    world.everything()
    settings_before = az('webapp', 'config', 'appsettings', 'list', '-g', RG, '-n', 'app').result
    sandbox.clear_log()
    made = az(*CREATE, '--system-identity', '--client-type', 'python').result
    assert made['authInfo']['authType'] == 'systemAssignedIdentity'
    # the server's firewall refused this machine, so it was admitted by a temporary rule, removed again
    temporary = [(r['method'], r['path'].split('?')[0].rsplit('/', 1)[-1]) for r in sandbox.requests
                 if '/firewallrules/azext-connection-signin-' in r['path'].lower()]
    assert temporary[0] == ('PUT', f'azext-connection-signin-{USER}') and temporary[-1][0] == 'DELETE'
    assert not [r for r in sandbox.call('GET', SERVER + '/firewallRules').body['value']
                if r['name'].startswith('azext-connection-signin-')]
    server = sandbox.get_resource(SERVER)['properties']
    assert server['authConfig']['activeDirectoryAuth'] == 'Enabled'
    assert [a['properties']['objectId'] for a in _admins(sandbox)] == [sandbox.principal_id]

    principal = _app_principal(sandbox)
    app = _sign_in_as_app(sandbox, principal)
    app.run('CREATE TABLE orders (id int)')          # the app's own table, in the public schema
    app.run('INSERT INTO orders VALUES (1)')
    app.close()
    settings = {s['name']: s['value'] for s in az('webapp', 'config', 'appsettings', 'list', '-g', RG, '-n', 'app').result}
    assert settings['AZURE_POSTGRESQL_CONNECTIONSTRING'] == (
        f'dbname=db host=pgserver.postgres.database.azure.com port=5432 sslmode=require user={USER}')
    checks = az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 'pgconn').result
    assert [c['name'] for c in checks if c['result'] != 'success'] == []

    az(*DELETE)
    assert _engine_rows(sandbox, 'SELECT 1 FROM pg_roles WHERE rolname = :r', r=USER) == []
    owner = _engine_rows(sandbox, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'", database='db')
    assert owner == [[sandbox.client_id]]    # the data stays, owned by the admin (signed in as its app id)
    assert _engine_rows(sandbox, 'SELECT count(*) FROM orders', database='db') == [[1]]
    after = az('webapp', 'config', 'appsettings', 'list', '-g', RG, '-n', 'app').result
    assert after == settings_before
    assert len(_admins(sandbox)) == 1      # the signed-in account stays the server's Entra admin


@pytest.mark.parametrize('auth', ['--user-identity', '--service-principal'])
def test_a_user_identity_or_service_principal_gets_a_user_for_its_object_id(az, world, sandbox, auth):
    world.everything()
    kind = AuthType.USER_IDENTITY if auth == '--user-identity' else AuthType.SERVICE_PRINCIPAL
    made = az(*CREATE, *auth_args(kind, sandbox), '--client-type', 'django').result
    principal = made['authInfo'].get('principalId') or (      # a user identity's: as its resource says
        sandbox.get_resource(identity_id())['properties']['principalId'])
    app = _sign_in_as_app(sandbox, principal)
    assert app.run('SELECT current_user') == [[USER]]
    app.close()
    az(*DELETE)
    assert _engine_rows(sandbox, 'SELECT 1 FROM pg_roles WHERE rolname = :r', r=USER) == []


def test_a_failed_create_leaves_server_engine_and_app_as_they_were(az, world, sandbox):
    """The record's last write fails after the user is made: the user, the admin and Entra auth are taken back."""
    world.everything()
    error = failing_record_write_rolls_back(az, sandbox, (*CREATE, '--system-identity', '--client-type', 'python'))
    assert 'Nothing was left changed' in str(error)
    assert _engine_rows(sandbox, 'SELECT 1 FROM pg_roles WHERE rolname = :r', r=USER) == []


def test_a_server_the_admin_cannot_reach_is_an_error_naming_the_fix_and_nothing_changes(
        az, world, sandbox, monkeypatch):
    world.everything()
    before = comparable(sandbox.dump())
    monkeypatch.setenv('PGPORT', '1')        # nothing listens there
    failed = az(*CREATE, '--system-identity', '--client-type', 'python', expect_error=True)
    assert 'Could not create database user aad_pgconn on PostgreSQL server pgserver' in str(failed.error)
    assert 'Microsoft Entra admin' in str(failed.error)
    assert comparable(sandbox.dump()) == before, state_diff(before, comparable(sandbox.dump()))


def test_a_mysql_server_identity_is_refused_for_postgres_naming_the_key(az, world, sandbox):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    world.everything()
    before = comparable(sandbox.dump())
    failed = az(*CREATE, '--system-identity', 'mysql-identity-id=/subscriptions/x', expect_error=True)
    assert isinstance(failed.error, InvalidArgumentValueError)
    assert 'mysql-identity-id= is for mysql-flexible only' in str(failed.error)
    assert comparable(sandbox.dump()) == before


def test_a_temporary_rule_that_cannot_be_removed_fails_the_create_naming_it_and_leaves_no_user(az, world, sandbox):
    """Removing the rule that admitted this machine fails twice: the create is taken back (the user it made
    too) and the error names the rule left to remove by hand."""
    world.everything()
    sandbox.inject_fault(method='DELETE', path='/firewallRules/azext-connection-signin-', status=403,
                         code='AuthorizationFailed', persistent=True)
    failed = az(*CREATE, '--system-identity', '--client-type', 'python', expect_error=True)
    sandbox.clear_faults()
    assert f'Could not remove the temporary firewall rule {SERVER}/firewallRules/azext-connection-signin-{USER}' \
        in str(failed.error)
    assert _engine_rows(sandbox, 'SELECT 1 FROM pg_roles WHERE rolname = :r', r=USER) == []
    assert world.settings() == {} and 'identity' not in sandbox.get_resource(site_id())     # all taken back
