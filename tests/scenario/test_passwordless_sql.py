"""Passwordless Azure SQL through the real az, against the sandbox's SQL server and its TDS engine (an
imitation: no SQL Server fits in a pip wheel): the signed-in account becomes the server's one Entra admin, the
app's identity gets a contained user (by its client id) in the three data roles, which it signs in as with its
own token; delete drops it; a failure leaves server, engine and app as they were."""
import uuid

from tests.harness import (RG, admitting_the_app, comparable, failing_record_write_rolls_back, identity_id,
                           site_id)
from tests.targets import SEEDS

SERVER = SEEDS['sql'].resource_id
CREATE = ('webapp', 'connection', 'create', 'sql', '-g', RG, '-n', 'app', *SEEDS['sql'].args, '--connection', 'sqlconn')
DELETE = ('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'sqlconn', '--yes')
USER = 'aad_sqlconn'
ROLES = {'db_datareader', 'db_datawriter', 'db_ddladmin'}


def _client_of(sandbox, principal):
    return sandbox.call('GET', f'/v1.0/servicePrincipals/{principal}').body['appId']


def _sid(client_id):
    return uuid.UUID(client_id).bytes_le.hex()


def _sign_in_as_app(sandbox, principal, client_id, database='db'):
    import socket
    import pytds
    token, _ = sandbox.issue_token(audience='https://database.windows.net/', principal_id=principal, app_id=client_id)
    host, port = sandbox.sqlserver_address()
    with admitting_the_app(sandbox, SERVER):
        sock = socket.create_connection((host, port))
        return pytds.connect(dsn='sqlserver.database.windows.net', port=port, database=database, sock=sock,
                             cafile=sandbox.ca_bundle, validate_host=False, autocommit=True,
                             disable_connect_retry=True, access_token_callable=lambda: token)


def test_the_app_signs_in_with_its_identity_and_delete_drops_its_user(az, world, sandbox):
    world.everything()
    made = az(*CREATE, '--system-identity', '--client-type', 'python').result
    assert made['authInfo']['authType'] == 'systemAssignedIdentity'
    admin = sandbox.get_resource(SERVER + '/administrators/ActiveDirectory')['properties']
    assert admin['sid'] == sandbox.principal_id
    principal = sandbox.get_resource(site_id())['identity']['principalId']
    client_id = _client_of(sandbox, principal)
    engine = sandbox.sqlserver_engine
    assert engine.users('sqlserver', 'db')[USER] == _sid(client_id)
    assert engine.roles('sqlserver', 'db', USER) == ROLES
    app = _sign_in_as_app(sandbox, principal, client_id)
    with app.cursor() as cursor:
        cursor.execute('SELECT USER_NAME()')
        assert cursor.fetchone()[0] == USER
    app.close()
    settings = world.settings()
    assert settings['AZURE_SQL_AUTHENTICATION'] == 'ActiveDirectoryMsi' and 'AZURE_SQL_PASSWORD' not in settings
    az(*DELETE)
    assert USER not in engine.users('sqlserver', 'db')
    assert sandbox.get_resource(SERVER + '/administrators/ActiveDirectory') is not None     # the admin stays


def test_a_user_identity_gets_a_user_for_its_client_id(az, world, sandbox):
    world.everything()
    uai = sandbox.get_resource(identity_id())['properties']
    made = az(*CREATE, '--user-identity', f"client-id={uai['clientId']}", f'subs-id={sandbox.subscription_id}',
              '--client-type', 'dotnet').result
    assert made['clientType'] == 'dotnet'
    assert sandbox.sqlserver_engine.users('sqlserver', 'db')[USER] == _sid(uai['clientId'])
    assert world.settings()['AZURE_SQL_CONNECTIONSTRING'].endswith(
        f"User ID={uai['clientId']};Authentication=ActiveDirectoryManagedIdentity")
    az(*DELETE)
    assert USER not in sandbox.sqlserver_engine.users('sqlserver', 'db')


def test_a_failed_create_takes_back_user_and_admin(az, world, sandbox):
    world.everything()
    failing_record_write_rolls_back(az, sandbox, (*CREATE, '--system-identity', '--client-type', 'python'))
    assert USER not in sandbox.sqlserver_engine.users('sqlserver', 'db')


def test_another_admin_is_never_replaced_and_the_error_names_it(az, world, sandbox):
    world.everything()
    sandbox.put_resource(SERVER + '/administrators/ActiveDirectory', {'properties': {
        'administratorType': 'ActiveDirectory', 'login': 'dba@contoso.com',
        'sid': '99999999-9999-4999-8999-999999999999', 'tenantId': sandbox.tenant_id}})
    before = comparable(sandbox.dump())
    failed = az(*CREATE, '--system-identity', '--client-type', 'python', expect_error=True)
    assert "Microsoft Entra admin is dba@contoso.com" in str(failed.error)
    assert 'az sql server ad-admin create' in str(failed.error)
    assert comparable(sandbox.dump()) == before
