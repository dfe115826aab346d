"""Cosmos DB: the NoSQL data-plane role assignment (sqlRoleAssignments) next to the ARM role, the account's
own IP rules, and keys in each API's form. Observable state only: the sandbox's resources, the app's
settings, what az prints."""
import pytest

from tests.harness import RG, comparable, site_id
from tests.targets import SEEDS, USER_RULE

CREATE = ('webapp', 'connection', 'create')
APP = ('-g', RG, '-n', 'app')
SQL = SEEDS['cosmos-sql']
DATA_CONTRIBUTOR = '00000000-0000-0000-0000-000000000002'
ACCOUNT_CONTRIBUTOR = '5bd9cd88-fe45-4216-938b-f97437e15450'


def _sql_assignments(sandbox, account):
    return sandbox.call('GET', account + '/sqlRoleAssignments').body['value']


def _ip_rules(sandbox, account):
    return [r['ipAddressOrRange'] for r in sandbox.get_resource(account)['properties']['ipRules']]


def _failures(az, connection):
    return {c['name']: c for c in az('webapp', 'connection', 'validate', *APP, '--connection', connection).result
            if c['result'] != 'success'}


def test_an_identity_gets_the_sql_data_role_and_the_account_role_and_loses_both_with_the_connection(az, world,
                                                                                                       sandbox):
    world.everything()
    before = comparable(sandbox.dump(), keep_identity=False)
    az(*CREATE, 'cosmos-sql', *APP, *SQL.args, '--system-identity', '--client-type', 'springBoot',
       '--connection', 'c1')
    principal = sandbox.get_resource(site_id())['identity']['principalId']
    account = SQL.resource_id

    [data] = _sql_assignments(sandbox, account)
    assert data['properties'] == {'roleDefinitionId': f'{account}/sqlRoleDefinitions/{DATA_CONTRIBUTOR}',
                                  'principalId': principal, 'scope': account}
    [arm_role] = world.role_assignments()
    assert arm_role['properties']['principalId'] == principal
    assert arm_role['properties']['roleDefinitionId'].endswith(ACCOUNT_CONTRIBUTOR)
    assert arm_role['id'].lower().startswith(account.lower() + '/providers/microsoft.authorization/')
    assert world.settings()['spring.cloud.azure.cosmos.database'] == 'db'
    shown = az('webapp', 'connection', 'show', *APP, '--connection', 'c1').result
    assert shown['targetService']['id'].endswith('/databaseAccounts/cosmossql/sqlDatabases/db')
    assert _failures(az, 'c1') == {}

    az('webapp', 'connection', 'delete', *APP, '--connection', 'c1', '--yes')
    assert _sql_assignments(sandbox, account) == [] and world.role_assignments() == []
    assert comparable(sandbox.dump(), keep_identity=False) == before


def test_validate_notices_a_data_role_removed_by_hand_and_update_grants_it_again(az, world, sandbox):
    world.everything()
    az(*CREATE, 'cosmos-sql', *APP, *SQL.args, '--system-identity', '--client-type', 'python', '--connection', 'c1')
    [data] = _sql_assignments(sandbox, SQL.resource_id)
    sandbox.call('DELETE', data['id'])
    failed = _failures(az, 'c1')
    assert list(failed) == ['role:Cosmos DB Built-in Data Contributor']
    assert 'connection update cosmos-sql' in failed['role:Cosmos DB Built-in Data Contributor']['suggestion']
    az('webapp', 'connection', 'update', 'cosmos-sql', *APP, '--connection', 'c1', '--client-type', 'python')
    assert [a['id'] for a in _sql_assignments(sandbox, SQL.resource_id)] == [data['id']]     # the same name
    assert _failures(az, 'c1') == {}


def test_two_connections_of_one_identity_share_the_data_role_until_the_last_goes(az, world, sandbox):
    """The second connection (another database of the account) relies on the first's assignment."""
    world.everything()
    sandbox.put_resource(SQL.resource_id + '/sqlDatabases/db2', {'properties': {'resource': {'id': 'db2'}}})
    other = [a if a != 'db' else 'db2' for a in SQL.args]
    az(*CREATE, 'cosmos-sql', *APP, *SQL.args, '--system-identity', '--client-type', 'python', '--connection', 'c1')
    az(*CREATE, 'cosmos-sql', *APP, *other, '--system-identity', '--client-type', 'python', '--connection', 'c2')
    assert len(_sql_assignments(sandbox, SQL.resource_id)) == 1 and len(world.role_assignments()) == 1
    az('webapp', 'connection', 'delete', *APP, '--connection', 'c1', '--yes')
    assert len(_sql_assignments(sandbox, SQL.resource_id)) == 1 and len(world.role_assignments()) == 1
    assert _failures(az, 'c2') == {}
    az('webapp', 'connection', 'delete', *APP, '--connection', 'c2', '--yes')
    assert _sql_assignments(sandbox, SQL.resource_id) == [] and world.role_assignments() == []


@pytest.mark.parametrize('target', ['cosmos-sql', 'cosmos-mongo', 'cosmos-cassandra', 'cosmos-gremlin',
                                    'cosmos-table'])
def test_a_restricted_account_admits_the_app_until_the_connection_goes(az, world, sandbox, target):
    """The user's own rule is kept; an account with no IP rules admits everyone and is left so."""
    seed = SEEDS[target]
    world.everything()
    assert _ip_rules(sandbox, seed.resource_id) == []
    az(*CREATE, target, *APP, *seed.args, '--secret', '--connection', 'open')
    assert _ip_rules(sandbox, seed.resource_id) == []
    az('webapp', 'connection', 'delete', *APP, '--connection', 'open', '--yes')

    seed.seed(world, restricted=True)
    app_ips = sandbox.get_resource(site_id())['properties']['outboundIpAddresses'].split(',')
    az(*CREATE, target, *APP, *seed.args, '--secret', '--connection', 'c1')
    assert sorted(_ip_rules(sandbox, seed.resource_id)) == sorted([USER_RULE] + app_ips)
    assert _failures(az, 'c1') == {}
    az('webapp', 'connection', 'delete', *APP, '--connection', 'c1', '--yes')
    assert _ip_rules(sandbox, seed.resource_id) == [USER_RULE]


@pytest.mark.parametrize('target,client,key,api', [
    ('cosmos-sql', 'python', 'AZURE_COSMOS_CONNECTIONSTRING', 'Sql'),
    ('cosmos-mongo', 'springBoot', 'spring.data.mongodb.uri', 'MongoDB'),
    ('cosmos-table', 'nodejs', 'AZURE_COSMOS_CONNECTIONSTRING', 'Table'),
])
def test_the_secret_is_the_connection_string_the_account_hands_out(az, world, sandbox, target, client, key, api):
    seed = SEEDS[target]
    world.everything()
    az(*CREATE, target, *APP, *seed.args, '--secret', '--client-type', client, '--connection', 'c1')
    strings = sandbox.call('POST', seed.resource_id + '/listConnectionStrings').body['connectionStrings']
    primary = next(s['connectionString'] for s in strings if s['type'] == api and s['keyKind'] == 'Primary')
    assert world.settings()[key] == primary


def test_cassandra_and_gremlin_get_the_primary_key_and_their_api_host(az, world, sandbox):
    world.everything()
    az(*CREATE, 'cosmos-cassandra', *APP, *SEEDS['cosmos-cassandra'].args, '--secret', '--client-type', 'springBoot',
       '--connection', 'cass')
    az(*CREATE, 'cosmos-gremlin', *APP, *SEEDS['cosmos-gremlin'].args, '--secret', '--client-type', 'python',
       '--connection', 'grem')
    settings = world.settings()
    cass_key = sandbox.call('POST', SEEDS['cosmos-cassandra'].resource_id + '/listKeys').body['primaryMasterKey']
    grem_key = sandbox.call('POST', SEEDS['cosmos-gremlin'].resource_id + '/listKeys').body['primaryMasterKey']
    assert settings['spring.data.cassandra.contact-points'] == 'cosmoscassandra.cassandra.cosmos.azure.com'
    assert settings['spring.data.cassandra.password'] == cass_key
    assert settings['spring.data.cassandra.keyspace-name'] == 'ks'
    assert settings['spring.data.cassandra.local-datacenter'] == 'East US'
    assert settings['AZURE_COSMOS_HOSTNAME'] == 'cosmosgremlin.gremlin.cosmos.azure.com'
    assert settings['AZURE_COSMOS_USERNAME'] == '/dbs/db/colls/graph' and settings['AZURE_COSMOS_PASSWORD'] == grem_key


def test_a_missing_database_is_refused_before_anything_changes(az, world, sandbox):
    world.everything()
    before = comparable(sandbox.dump())
    args = [a if a != 'db' else 'nodb' for a in SQL.args]
    failed = az(*CREATE, 'cosmos-sql', *APP, *args, '--system-identity', expect_error=True)
    assert 'was not found' in str(failed.error) and '--database' in str(failed.error)
    assert comparable(sandbox.dump()) == before


def test_a_new_identity_the_data_plane_does_not_know_yet_is_granted_once_it_does(az, world, sandbox):
    """Cosmos DB refuses an assignment for a principal its tenant has not seen yet (a system identity enabled
    a moment before): the grant is tried again, as an Azure RBAC one is."""
    world.everything()
    sandbox.inject_fault(method='PUT', path=r'.*/sqlRoleAssignments/[^/]+$', nth=1, status=400, code='BadRequest',
                         message='The provided principal ID [p] was not found in the AAD tenant(s) [t] which are '
                                 "associated with the customer's subscription.")
    az(*CREATE, 'cosmos-sql', *APP, *SQL.args, '--system-identity', '--client-type', 'python', '--connection', 'c1')
    sandbox.clear_faults()
    puts = [r for r in sandbox.requests if r['method'] == 'PUT' and '/sqlroleassignments/' in r['path'].lower()]
    assert len(puts) == 2                      # refused once, then granted
    principal = sandbox.get_resource(site_id())['identity']['principalId']
    assert [a['properties']['principalId'] for a in _sql_assignments(sandbox, SQL.resource_id)] == [principal]
