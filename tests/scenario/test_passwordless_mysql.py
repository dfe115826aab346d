"""Passwordless MySQL through the real az, against the sandbox's flexible server and its MySQL-protocol
engine (an imitation: no MySQL server fits in a pip wheel): the signed-in account becomes the server's one
Entra admin (with the server's user-assigned identity), the app's identity gets a user it signs in as with its
own token, delete drops it, and a failure leaves server, engine and app as they were."""
import pytest

from tests.harness import (RG, admitting_the_app, comparable, failing_record_write_rolls_back, identity_id,
                           site_id)
from tests.targets import MYSQL_SERVER_IDENTITY, SEEDS

SERVER = SEEDS['mysql-flexible'].resource_id
CREATE = ('webapp', 'connection', 'create', 'mysql-flexible', '-g', RG, '-n', 'app',
          *SEEDS['mysql-flexible'].args, '--connection', 'myconn')
DELETE = ('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'myconn', '--yes')
USER = 'aad_myconn'


def _client_of(sandbox, principal):
    return sandbox.call('GET', f'/v1.0/servicePrincipals/{principal}').body['appId']


def _sign_in_as_app(sandbox, principal, client_id, database='db'):
    import socket
    import pymysql
    token, _ = sandbox.issue_token(audience=sandbox.url + '/ossrdbms', principal_id=principal, app_id=client_id)
    env = sandbox.mysql_env()
    with admitting_the_app(sandbox, SERVER):
        # (the server's name as the TLS name: the engine admits by the firewall of the server it names)
        sock = socket.create_connection((env['MYSQL_HOST'], int(env['MYSQL_TCP_PORT'])))
        conn = pymysql.connect(host='myserver.mysql.database.azure.com', port=int(env['MYSQL_TCP_PORT']), user=USER,
                               password=token, database=database, ssl={'ca': sandbox.ca_bundle}, defer_connect=True)
        conn.connect(sock)
        return conn


def test_the_app_signs_in_with_its_identity_and_delete_drops_its_user(az, world, sandbox):
    world.everything()
    made = az(*CREATE, '--system-identity', '--client-type', 'python').result
    assert made['authInfo']['authType'] == 'systemAssignedIdentity'
    admin = sandbox.get_resource(SERVER + '/administrators/ActiveDirectory')['properties']
    assert admin['sid'] == sandbox.principal_id and admin['identityResourceId'].lower() == MYSQL_SERVER_IDENTITY.lower()
    principal = sandbox.get_resource(site_id())['identity']['principalId']
    client_id = _client_of(sandbox, principal)
    assert sandbox.mysql_engine.users()[USER] == client_id
    assert sandbox.mysql_engine.grants(USER) == {'db'}
    app = _sign_in_as_app(sandbox, principal, client_id)
    with app.cursor() as cursor:
        cursor.execute('SELECT CURRENT_USER()')
        assert cursor.fetchone()[0].startswith(USER)
    app.close()
    settings = world.settings()
    assert (settings['AZURE_MYSQL_USER'], settings['AZURE_MYSQL_NAME']) == (USER, 'db')
    assert 'AZURE_MYSQL_PASSWORD' not in settings
    az(*DELETE)
    assert USER not in sandbox.mysql_engine.users()
    assert sandbox.get_resource(SERVER + '/administrators/ActiveDirectory') is not None     # the admin stays


def test_a_user_identity_is_made_for_its_client_id_and_a_server_identity_can_be_named(az, world, sandbox):
    world.everything()
    uai = sandbox.get_resource(identity_id())['properties']
    az(*CREATE, '--user-identity', f"client-id={uai['clientId']}", f'subs-id={sandbox.subscription_id}',
       f'mysql-identity-id={identity_id()}', '--client-type', 'django')
    admin = sandbox.get_resource(SERVER + '/administrators/ActiveDirectory')['properties']
    assert admin['identityResourceId'].lower() == identity_id().lower()     # attached to the server for it
    assert identity_id().lower() in {k.lower() for k in sandbox.get_resource(SERVER)['identity']['userAssignedIdentities']}
    assert sandbox.mysql_engine.users()[USER] == uai['clientId']
    az(*DELETE)
    assert USER not in sandbox.mysql_engine.users()


def test_a_failed_create_takes_back_user_admin_and_the_identity_it_attached(az, world, sandbox):
    world.everything()
    failing_record_write_rolls_back(
        az, sandbox, (*CREATE, '--system-identity', f'mysql-identity-id={identity_id()}', '--client-type', 'python'))
    assert USER not in sandbox.mysql_engine.users()


def test_another_admin_is_never_replaced_and_the_error_names_it(az, world, sandbox):
    world.everything()
    sandbox.put_resource(SERVER + '/administrators/ActiveDirectory', {'properties': {
        'administratorType': 'ActiveDirectory', 'login': 'dba@contoso.com', 'sid': '99999999-9999-4999-8999-999999999999',
        'tenantId': sandbox.tenant_id, 'identityResourceId': MYSQL_SERVER_IDENTITY}})
    before = comparable(sandbox.dump())
    failed = az(*CREATE, '--system-identity', '--client-type', 'python', expect_error=True)
    assert "Step 'entra-admin' failed" in str(failed.error) and 'Nothing was left changed' in str(failed.error)
    assert "Microsoft Entra admin is dba@contoso.com" in str(failed.error)
    assert 'microsoft-entra-admin create' in str(failed.error)
    assert comparable(sandbox.dump()) == before


@pytest.mark.parametrize('seed_identity', [False])
def test_a_server_without_an_identity_asks_for_mysql_identity_id(az, world, sandbox, seed_identity):
    world.everything()
    server = sandbox.get_resource(SERVER)
    sandbox.store.put(SERVER, {k: v for k, v in server.items() if k != 'identity'} if not seed_identity else server)
    before = comparable(sandbox.dump())
    failed = az(*CREATE, '--system-identity', '--client-type', 'python', expect_error=True)
    assert 'mysql-identity-id=' in str(failed.error)
    assert comparable(sandbox.dump()) == before
