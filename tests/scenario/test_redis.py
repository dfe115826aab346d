"""Azure Cache for Redis and Redis Enterprise: an identity's access policy assignment in the cache's data plane,
the cache's firewall rules, the database index, the key in the app's settings. Observable state only: the
sandbox's resources, the app's settings, what az prints."""
import pytest
from azure.cli.core import azclierror as e

from tests.harness import RG, comparable, site_id
from tests.targets import SEEDS, USER_RULE

CREATE = ('webapp', 'connection', 'create')
CACHE = SEEDS['redis'].resource_id


def _assignments(sandbox):
    return [(a['properties']['accessPolicyName'], a['properties']['objectId'])
            for a in sandbox.call('GET', CACHE + '/accessPolicyAssignments').body['value']]


def _rules(sandbox):
    return {r['name'].split('/')[-1]: r['properties']['startIP']
            for r in sandbox.call('GET', CACHE + '/firewallRules').body['value']}


def test_an_identity_gets_the_data_owner_policy_and_the_firewall_opens_until_delete(az, world, sandbox):
    world.everything()
    SEEDS['redis'].seed(world, restricted=True)
    app_ips = set(sandbox.get_resource(site_id())['properties']['outboundIpAddresses'].split(','))
    assert _assignments(sandbox) == [] and _rules(sandbox) == {'user': USER_RULE}
    sandbox.clear_log()
    created = az(*CREATE, 'redis', '-g', RG, '-n', 'app', *SEEDS['redis'].args, '--system-identity',
                 '--connection', 'r1', '--client-type', 'python').result
    principal = sandbox.get_resource(site_id())['identity']['principalId']
    assert created['authInfo']['authType'] == 'systemAssignedIdentity'
    assert _assignments(sandbox) == [('Data Owner', principal)]
    rules = _rules(sandbox)
    assert rules['user'] == USER_RULE and set(rules.values()) == app_ips | {USER_RULE}
    assert all(name == 'user' or name.startswith('azext_connection_') for name in rules)
    # A rule's PUT answers 201 with Location naming the rule itself, the rule already final: not a
    # monitor to poll (each poll would wait 5 s for nothing).
    assert [r['path'] for r in sandbox.requests if r['method'] == 'GET' and '/firewallRules/' in r['path']] == []
    assert world.settings()['AZURE_REDIS_HOST'] == 'rediscache.redis.cache.windows.net'
    checks = az('webapp', 'connection', 'validate', '--id', created['id']).result
    assert [c for c in checks if c['result'] != 'success'] == []
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'r1', '--yes')
    assert _assignments(sandbox) == []
    assert _rules(sandbox) == {'user': USER_RULE}


def test_validate_reports_an_assignment_removed_by_hand_and_update_heals_it(az, world, sandbox):
    world.everything()
    created = az(*CREATE, 'redis', '-g', RG, '-n', 'app', *SEEDS['redis'].args, '--system-identity',
                 '--connection', 'r1', '--client-type', 'dotnet').result
    assignment, = sandbox.call('GET', CACHE + '/accessPolicyAssignments').body['value']
    sandbox.call('DELETE', assignment['id'])
    failed = [c for c in az('webapp', 'connection', 'validate', '--id', created['id']).result
              if c['result'] != 'success']
    assert [c['name'] for c in failed] == ["role:Data Owner"], failed
    az('webapp', 'connection', 'update', 'redis', '--id', created['id'], '--client-type', 'dotnet')
    assert len(_assignments(sandbox)) == 1


def test_an_identity_is_refused_without_entra_authentication_and_the_key_still_works(az, world, sandbox):
    world.everything()
    sandbox.call('PATCH', CACHE, {'properties': {'redisConfiguration': {'aad-enabled': 'False'}}})
    before = comparable(sandbox.dump())
    failed = az(*CREATE, 'redis', '-g', RG, '-n', 'app', *SEEDS['redis'].args, '--system-identity',
                expect_error=True)
    assert isinstance(failed.error, e.ValidationError) and 'aad-enabled=true' in str(failed.error)
    assert comparable(sandbox.dump()) == before
    az(*CREATE, 'redis', '-g', RG, '-n', 'app', *SEEDS['redis'].args, '--secret', '--client-type', 'none')
    key = sandbox.call('POST', CACHE + '/listKeys').body['primaryKey']
    settings = world.settings()
    assert {k: v for k, v in settings.items() if k.startswith('AZURE_REDIS_')} == {
        'AZURE_REDIS_HOST': 'rediscache.redis.cache.windows.net', 'AZURE_REDIS_PORT': '6380',
        'AZURE_REDIS_DATABASE': '0', 'AZURE_REDIS_PASSWORD': key, 'AZURE_REDIS_SSL': 'true'}


@pytest.mark.parametrize('database', ['16', 'one'])
def test_a_database_index_the_cache_lacks_is_refused_without_a_change(az, world, sandbox, database):
    world.everything()
    before = comparable(sandbox.dump())
    args = [*SEEDS['redis'].args[:-1], database]
    failed = az(*CREATE, 'redis', '-g', RG, '-n', 'app', *args, '--secret', expect_error=True)
    assert isinstance(failed.error, e.InvalidArgumentValueError) and '0 to 15' in str(failed.error)
    assert comparable(sandbox.dump()) == before


def test_database_index_goes_into_the_values(az, world, sandbox):
    world.everything()
    az(*CREATE, 'redis', '-g', RG, '-n', 'app', *SEEDS['redis'].args[:-1], '7', '--secret', '--client-type', 'dotnet')
    key = sandbox.call('POST', CACHE + '/listKeys').body['primaryKey']
    assert world.settings()['AZURE_REDIS_CONNECTIONSTRING'] == (
        f'rediscache.redis.cache.windows.net:6380,password={key},ssl=True,defaultDatabase=7')


def test_an_enterprise_database_key_reaches_the_app_with_the_cluster_host(az, world, sandbox):
    world.everything()
    az(*CREATE, 'redis-enterprise', '-g', RG, '-n', 'app', *SEEDS['redis-enterprise'].args, '--secret',
       '--client-type', 'springBoot')
    key = sandbox.call('POST', SEEDS['redis-enterprise'].resource_id + '/listKeys').body['primaryKey']
    host = sandbox.get_resource(SEEDS['redis-enterprise'].resource_id.rsplit('/databases/', 1)[0])['properties'][
        'hostName']
    assert {k: v for k, v in world.settings().items() if k.startswith('spring.redis.')} == {
        'spring.redis.host': host, 'spring.redis.port': '10000', 'spring.redis.database': '0',
        'spring.redis.password': key, 'spring.redis.ssl': 'true'}
