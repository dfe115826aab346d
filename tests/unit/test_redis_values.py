"""Redis connection values, per client, as the docs' value patterns show them (tests/data/matrix_reference.json,
`value_patterns`: the patterns filled with one cache, its key and database 0; Redis Enterprise the same with its
cluster's host and port 10000). The key is URL-encoded inside a URL (a base64 key holds '/', '+', '='). Every
value that holds the key is a Secret; the data-plane grant names the cache's Data Owner access policy."""
import pytest

from azext_connection.adapters import target_adapter
from azext_connection.matrix import TARGETS, AuthType, ClientType, Value
from azext_connection.sensitive import Secret, reveal
from tests.values import written_value

KEY = 'k/ey+base64='
VALUES = {'redis': {Value.HOST: 'cache.redis.cache.windows.net', Value.DATABASE: '0'},
          'redis-enterprise': {Value.HOST: 'ent.eastus.redisenterprise.cache.azure.net', Value.DATABASE: '0'}}
CACHE = '/subscriptions/s/resourceGroups/g/providers/Microsoft.Cache/redis/cache'

CASES = [
    ('redis', 'dotnet', 'AZURE_REDIS_CONNECTIONSTRING',
     f'cache.redis.cache.windows.net:6380,password={KEY},ssl=True,defaultDatabase=0'),
    ('redis', 'dotnet-internal', 'AZURE_REDIS_CONNECTIONSTRING',
     f'cache.redis.cache.windows.net:6380,password={KEY},ssl=True,defaultDatabase=0'),
    *[('redis', c, 'AZURE_REDIS_CONNECTIONSTRING', 'rediss://:k%2Fey%2Bbase64%3D@cache.redis.cache.windows.net:6380/0')
      for c in ('java', 'python', 'go', 'nodejs')],
    ('redis', 'none', 'AZURE_REDIS_HOST', 'cache.redis.cache.windows.net'),
    ('redis', 'none', 'AZURE_REDIS_PORT', '6380'),
    ('redis', 'none', 'AZURE_REDIS_DATABASE', '0'),
    ('redis', 'none', 'AZURE_REDIS_PASSWORD', KEY),
    ('redis', 'none', 'AZURE_REDIS_SSL', 'true'),
    ('redis', 'springBoot', 'spring.redis.host', 'cache.redis.cache.windows.net'),
    ('redis', 'springBoot', 'spring.redis.port', '6380'),
    ('redis', 'springBoot', 'spring.redis.database', '0'),
    ('redis', 'springBoot', 'spring.redis.password', KEY),
    ('redis', 'springBoot', 'spring.redis.ssl', 'true'),
    ('redis-enterprise', 'dotnet', 'AZURE_REDIS_CONNECTIONSTRING',
     f'ent.eastus.redisenterprise.cache.azure.net:10000,password={KEY},ssl=True,defaultDatabase=0'),
    ('redis-enterprise', 'python', 'AZURE_REDIS_CONNECTIONSTRING',
     'rediss://:k%2Fey%2Bbase64%3D@ent.eastus.redisenterprise.cache.azure.net:10000/0'),
    ('redis-enterprise', 'none', 'AZURE_REDIS_PORT', '10000'),
    ('redis-enterprise', 'springBoot', 'spring.redis.port', '10000'),
]


def _value(target, client, key, auth=AuthType.SECRET):
    lookup = {**VALUES[target.name], Value.ACCOUNT_KEY: Secret(KEY), Value.TRUE: 'true'}
    return written_value(target, auth, ClientType(client), lookup, key)


@pytest.mark.parametrize('target,client,key,expected', CASES, ids=[f'{t}-{c}-{k}' for t, c, k, _ in CASES])
def test_values_follow_the_docs_patterns(target, client, key, expected):
    value = _value(TARGETS[target], client, key)
    assert reveal(value) == expected
    assert isinstance(value, Secret) == ('k%2Fey' in expected or KEY in expected)


@pytest.mark.parametrize('client', ['dotnet', 'java', 'python', 'nodejs', 'none'])
def test_an_identity_gets_the_host_only(client):
    assert reveal(_value(TARGETS['redis'], client, 'AZURE_REDIS_HOST', AuthType.SYSTEM_IDENTITY)) == \
        'cache.redis.cache.windows.net'


def test_go_and_spring_boot_take_the_key_only_and_enterprise_takes_nothing_else():
    redis = TARGETS['redis']
    assert ClientType.GO not in redis.clients_for(AuthType.SYSTEM_IDENTITY)
    assert ClientType.SPRING_BOOT not in redis.clients_for(AuthType.SERVICE_PRINCIPAL)
    assert TARGETS['redis-enterprise'].auth_types == (AuthType.SECRET,)


def test_the_data_owner_policy_is_named_as_validate_and_role_name_match_it():
    """The planner's definition id is the policy's id; validate matches its end against the grant's
    definition_id whatever the case ARM returns, role_name reads the name back, and the assignment names
    the policy as Azure spells it."""
    from azext_connection.matrix import role_name
    spec = TARGETS['redis']
    grant, = spec.roles
    adapter = target_adapter(spec)
    definition = adapter.role_definition(CACHE, grant.definition_id)
    assert definition == CACHE + '/accessPolicies/Data Owner'
    assert role_name(definition) == role_name(definition.lower()) == 'Data Owner'
    body = adapter.assignment_body(CACHE, definition, 'p1')
    assert body == {'properties': {'accessPolicyName': 'Data Owner', 'objectId': 'p1', 'objectIdAlias': 'p1'}}
    assert adapter.assignment_collection(CACHE) == CACHE + '/accessPolicyAssignments'


def test_an_identity_is_refused_for_a_cache_without_entra_authentication():
    from azure.cli.core.azclierror import ValidationError

    class Arm:
        @staticmethod
        def get(path):
            return {'id': path, 'name': 'cache', 'properties': {'hostName': 'cache.redis.cache.windows.net',
                                                                'redisConfiguration': {'aad-enabled': 'False'}}}

        @staticmethod
        def pages(path):  # pylint: disable=unused-argument
            return []
    adapter = target_adapter(TARGETS['redis'])
    state = adapter.read(Arm, CACHE + '/databases/3')
    assert adapter.plain_values(state) == {Value.HOST: 'cache.redis.cache.windows.net', Value.DATABASE: '3'}
    with pytest.raises(ValidationError, match='aad-enabled=true'):
        adapter.role_definition(CACHE, 'Data Owner')


@pytest.mark.parametrize('database', ['16', 'x', '-1', ''])
def test_a_database_index_the_cache_lacks_is_refused(database):
    from azure.cli.core.azclierror import InvalidArgumentValueError

    class Arm:
        @staticmethod
        def get(path):
            return {'id': path, 'name': 'cache', 'properties': {}}

        @staticmethod
        def pages(path):  # pylint: disable=unused-argument
            return []
    with pytest.raises(InvalidArgumentValueError, match='0 to 15'):
        target_adapter(TARGETS['redis']).read(Arm, f'{CACHE}/databases/{database}')
