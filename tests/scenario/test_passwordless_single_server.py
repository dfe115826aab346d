"""Passwordless to a retired PostgreSQL single server through the real az, as the core CLI's
serviceconnector-passwordless does it, against the sandbox's single server: its gateway (user@server, the
server's own firewall, tokens checked) in front of the real PostgreSQL engine. The signed-in account becomes
the server's one Entra admin and makes a role in azure_ad_user whose password is the app identity's client id;
the app signs in as `aad_<connection>@<server>` with its own token; delete drops the role (its tables pass
to the admin); a failure leaves server, engine and app as they were."""
import pytest

from tests.harness import RG, admitting_the_app, failing_record_write_rolls_back, identity_id, site_id
from tests.targets import SEEDS

SERVER = SEEDS['postgres'].resource_id
SERVER_NAME = SERVER.rsplit('/', 1)[1]
ADMIN = SERVER + '/administrators/activeDirectory'
CREATE = ('webapp', 'connection', 'create', 'postgres', '-g', RG, '-n', 'app', *SEEDS['postgres'].args,
          '--connection', 'pgconn')
DELETE = ('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'pgconn', '--yes')
USER = 'aad_pgconn'


def _engine_rows(sandbox, sql, database='postgres', **params):
    with sandbox.postgres_engine.superuser_connection(database) as conn:
        return conn.run(sql, **params)


def _member_of(sandbox, role):
    return {r[0] for r in _engine_rows(sandbox, 'SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON '
                                       'g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :r',
                                       r=role)}


def _sign_in_as_app(sandbox, principal, client_id, database='db'):
    """What the app does: a token for its own identity as the password of user@server."""
    import pg8000.native
    token, _ = sandbox.issue_token(audience=sandbox.url + '/ossrdbms', principal_id=principal, app_id=client_id)
    env = sandbox.postgres_env()
    with admitting_the_app(sandbox, SERVER):
        return pg8000.native.Connection(f'{USER}@{SERVER_NAME}', host=env['PGHOSTADDR'], port=int(env['PGPORT']),
                                        database=database, password=token, ssl_context=False)


def _client_of(sandbox, principal):
    return sandbox.call('GET', f'/v1.0/servicePrincipals/{principal}').body['appId']


def test_the_app_signs_in_as_user_at_server_and_delete_drops_its_role(az, world, sandbox):
    world.everything()
    made = az(*CREATE, '--system-identity', '--client-type', 'java')
    assert 'Admitting your address 127.0.0.1 to server pgsingle' in made.stderr    # its firewall refused us at first
    assert sandbox.get_resource(ADMIN)['properties']['sid'] == sandbox.principal_id
    assert 'azure_ad_user' in _member_of(sandbox, USER)
    assert world.settings()['AZURE_POSTGRESQL_CONNECTIONSTRING'] == (
        f'jdbc:postgresql://{SERVER_NAME}.postgres.database.azure.com:5432/db?sslmode=require'
        f'&user={USER}@{SERVER_NAME}')
    assert not [r for r in sandbox.call('GET', SERVER + '/firewallRules').body['value']
                if r['name'].startswith('azext-connection-signin-')]      # the temporary rule is gone again

    principal = sandbox.get_resource(site_id())['identity']['principalId']
    app = _sign_in_as_app(sandbox, principal, _client_of(sandbox, principal))
    assert app.run('SELECT current_user')[0][0] == USER
    app.run('CREATE TABLE orders (id int)')
    app.close()
    with pytest.raises(Exception, match='password|token|authentication'):   # another identity's token
        _sign_in_as_app(sandbox, principal, '00000000-0000-0000-0000-000000000001').close()

    az(*DELETE)
    assert USER not in sandbox.postgres_engine.roles()
    assert _engine_rows(sandbox, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'", 'db') != [[USER]]
    assert sandbox.get_resource(ADMIN) is not None                      # the admin stays, as with the core CLI


def test_a_user_identity_gets_a_role_for_its_client_id(az, world, sandbox):
    world.everything()
    uai = sandbox.get_resource(identity_id())['properties']
    az(*CREATE, '--user-identity', f"client-id={uai['clientId']}", f'subs-id={sandbox.subscription_id}',
       '--client-type', 'python')
    app = _sign_in_as_app(sandbox, uai['principalId'], uai['clientId'])
    assert app.run('SELECT current_user')[0][0] == USER
    app.close()
    assert world.settings()['AZURE_POSTGRESQL_CLIENTID'] == uai['clientId']
    az(*DELETE)
    assert USER not in sandbox.postgres_engine.roles()


def test_a_failed_create_takes_back_role_and_admin(az, world, sandbox):
    world.everything()
    failing_record_write_rolls_back(az, sandbox, (*CREATE, '--system-identity', '--client-type', 'python'))
    assert USER not in sandbox.postgres_engine.roles()
