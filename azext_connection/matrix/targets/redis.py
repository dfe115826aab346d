"""Azure Cache for Redis and Redis Enterprise (how-to-integrate-redis-cache; one page covers both). The
target is a database of the cache (`--database`: the Redis database index a client selects, 0 for an
Enterprise database); roles and firewall apply to the cache. The secret is the cache's (an Enterprise
database's) primary access key, read with listKeys. Identities (Azure Cache for Redis only) are granted the
cache's built-in "Data Owner" access policy, an assignment in the cache's own data plane, and need Microsoft
Entra authentication enabled on the cache. Go and Spring Boot take the key only (the docs' table)."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, RoleGrant, Setting, TargetSpec, Template as T
from .common import TG, id_template, identity_namings

_SERVER = ArgSpec('server', ('--server',), 'Name of the redis server.', placeholder='MyRedis')
_IDENTITY_CLIENTS = (C.DOTNET, C.DOTNET_INTERNAL, C.JAVA, C.NODEJS, C.PYTHON, C.NONE)
# The built-in Data Owner access policy: definition_id is the policy's name (ids compare case-insensitively).
DATA_OWNER = RoleGrant('Data Owner', 'Data Owner', data_plane=True)


def _secret(clients, *settings):
    return Naming(A.SECRET, clients, tuple(Setting(name, value) for name, value in settings))


def _key_namings(port):
    """The key's settings per client; the key is URL-encoded in a URL (a base64 key may hold '/', '+')."""
    return (
        _secret((C.DOTNET, C.DOTNET_INTERNAL), ('CONNECTIONSTRING', T(
            '{HOST}:' + port + ',password={ACCOUNT_KEY},ssl=True,defaultDatabase={DATABASE}'))),
        _secret((C.JAVA, C.PYTHON, C.GO, C.NODEJS), ('CONNECTIONSTRING', T(
            'rediss://:{ACCOUNT_KEY:url}@{HOST}:' + port + '/{DATABASE}'))),
        _secret((C.NONE,), ('HOST', V.HOST), ('PORT', T(port)), ('DATABASE', V.DATABASE), ('PASSWORD', V.ACCOUNT_KEY),
                ('SSL', V.TRUE)),
        Naming(A.SECRET, (C.SPRING_BOOT,), (
            Setting('spring.redis.host', V.HOST), Setting('spring.redis.port', T(port)),
            Setting('spring.redis.database', V.DATABASE), Setting('spring.redis.password', V.ACCOUNT_KEY),
            Setting('spring.redis.ssl', V.TRUE)), literal=True),
    )


REDIS = TargetSpec(
    name='redis',
    display='Azure Cache for Redis',
    resource_type='Microsoft.Cache/redis',
    id_template=id_template('Microsoft.Cache/redis/{server}/databases/{database}'),
    args=(TG, _SERVER, ArgSpec('database', ('--database',),
                               'Index of the redis database (0 to 15 unless the cache has more).', placeholder='0')),
    auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
    default_auth=A.SYSTEM_IDENTITY,
    roles=(DATA_OWNER,),
    # Child firewallRules (startIP/endIP); a cache with none admits every address.
    network=Network(NetworkKind.FIREWALL_RULES),
    prefix='AZURE_REDIS',
    naming=identity_namings(_IDENTITY_CLIENTS, Setting('HOST', V.HOST, 'host')) + _key_namings('6380'),
    adapter='redis',
)

REDIS_ENTERPRISE = TargetSpec(
    name='redis-enterprise',
    display='Azure Cache for Redis Enterprise',
    resource_type='Microsoft.Cache/redisEnterprise/databases',
    id_template=id_template('Microsoft.Cache/redisEnterprise/{server}/databases/{database}'),
    args=(TG, ArgSpec('server', ('--server',), 'Name of the redis enterprise cluster.', placeholder='MyCluster'),
          ArgSpec('database', ('--database',), 'Name of the redis enterprise database.', placeholder='default')),
    auth_types=(A.SECRET,),
    default_auth=A.SECRET,
    roles=(),
    # No IP rules: a cluster that denies public access is refused, one that allows it needs nothing opened.
    network=Network(NetworkKind.PUBLIC_ACCESS),
    prefix='AZURE_REDIS',
    naming=_key_namings('10000'),
    adapter='redis',
    service='enterprise',
)
