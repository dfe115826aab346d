"""Target adapter for Azure Cache for Redis (Microsoft.Cache/redis) and Redis Enterprise databases
(Microsoft.Cache/redisEnterprise/{cluster}/databases/{db}).

Wire details, Azure Cache for Redis: the target id names a database index (.../redis/{cache}/databases/{n},
not an ARM resource); roles and firewall apply to the cache. The host is the cache's `hostName`; the secret
is listKeys' `primaryKey` (POST .../listKeys, trace off). The firewall is the cache's child `firewallRules`
({startIP, endIP}); a cache with none admits every address. Identities get an access policy assignment
(child `accessPolicyAssignments/{name}`, {accessPolicyName, objectId, objectIdAlias}), which works only with
Microsoft Entra authentication on (`redisConfiguration.aad-enabled`): without it, identity auth is refused
before anything changes.
Redis Enterprise: the host is the cluster's `hostName`, the database's listKeys gives the key; the
cluster's `publicNetworkAccess` is only checked. Clients select database 0 (the only one a database has)."""
from dataclasses import dataclass

from ..arm import ResourceRef
from ..matrix import Value
from ..sensitive import Secret
from .base import TargetState
from .database import FirewallRules, _single_ips
from .network import NetworkView

DEFAULT_DATABASES = 16            # a cache's database count unless redisConfiguration.databases says more
REDIS_FIELDS = ('startIP', 'endIP')


@dataclass
class RedisState(TargetState):
    database: str = ''
    rules: tuple = ()          # the cache's firewall rules as read with it (Enterprise: none)
    db_resource: dict = None   # an Enterprise database as read


def _parent_id(target_id):
    """The cache (cluster) of a target id naming one of its databases."""
    index = target_id.lower().rfind('/databases/')
    return target_id[:index] if index >= 0 else target_id


def _database_of(target_id):
    index = target_id.lower().rfind('/databases/')
    return target_id[index + len('/databases/'):] if index >= 0 else ''


def redis_rule_name(ip):
    """A firewall rule name a cache accepts (letters, digits and underscores)."""
    return 'azext_connection_' + ip.replace('.', '_').replace(':', '_')


def _entra_enabled(cache):
    config = (cache.get('properties') or {}).get('redisConfiguration') or {}
    return str(config.get('aad-enabled', '')).lower() == 'true'


class RedisTarget:
    def __init__(self, spec):
        self.spec = spec
        self.enterprise = spec.service == 'enterprise'
        self._entra = {}          # cache id (lower) -> Entra authentication on, as read (role_definition checks it)

    @staticmethod
    def resource_id(target_id):
        return _parent_id(target_id)

    def read(self, arm, target_id):
        """The cache and its firewall rules (Enterprise: the cluster and the database), read at once; a
        database index the cache does not have is refused here, before anything changes."""
        from concurrent.futures import ThreadPoolExecutor
        parent_id, database = _parent_id(target_id), _database_of(target_id)
        with ThreadPoolExecutor(2) as pool:
            parent = pool.submit(arm.get, parent_id)
            child = pool.submit(arm.get, target_id) if self.enterprise else pool.submit(
                arm.pages, parent_id + '/firewallRules')
            cache = parent.result()
            if self.enterprise:
                db = child.result()
                _check_protocol(db)
                return RedisState(ResourceRef.parse(parent_id), cache, db.get('name') or database, db_resource=db)
            rules = tuple(child.result())
        self._entra[parent_id.lower()] = _entra_enabled(cache)
        if database or parent_id != target_id:     # (a read of the cache alone names no database)
            _check_index(cache, database)
        return RedisState(ResourceRef.parse(parent_id), cache, database, rules)

    def plain_values(self, state):
        if self.enterprise:
            return {Value.HOST: state.properties.get('hostName'), Value.DATABASE: '0'}
        host = state.properties.get('hostName') or f'{state.ref.name}.redis.cache.windows.net'
        return {Value.HOST: host, Value.DATABASE: state.database}

    @staticmethod
    def read_secrets(arm, target_id):
        """listKeys of the cache, or of the Enterprise database the target id names."""
        return arm.post((target_id if '/redisenterprise/' in target_id.lower() else _parent_id(target_id))
                        + '/listKeys', trace=False) or {}

    def secret_values(self, state, keys):
        key = keys.get('primaryKey')
        disabled = (state.properties.get('disableAccessKeyAuthentication') is True or str(
            ((state.db_resource or {}).get('properties') or {}).get('accessKeysAuthentication')).lower() == 'disabled')
        if not key or disabled:
            raise ValueError(f'{self.spec.display} {state.ref.name} has access key authentication disabled or '
                             'returned no key: use an identity instead')
        return {Value.ACCOUNT_KEY: Secret(key)}

    def network(self, state):
        public = state.properties.get('publicNetworkAccess') or 'Enabled'
        if self.enterprise:
            return NetworkView(public_disabled=public.lower() == 'disabled', restricted=False, ips=())
        return NetworkView(public_disabled=public.lower() == 'disabled', restricted=bool(state.rules),
                           ips=_single_ips(state.rules, REDIS_FIELDS))

    def network_document(self, ref):
        return None if self.enterprise else FirewallRules(ref, REDIS_FIELDS, redis_rule_name)

    # -- data-plane roles (adapters.base.DataPlaneRoles): access policy assignments ------------------------
    def role_definition(self, scope, definition_id):
        """The access policy a grant names ({cache}/accessPolicies/Data Owner). Refused when the cache
        does not accept Microsoft Entra tokens: the assignment would give the identity nothing."""
        from azure.cli.core.azclierror import ValidationError
        if self._entra.get(scope.lower()) is False:
            ref = ResourceRef.parse(scope)
            raise ValidationError(
                f"Cache {scope} does not have Microsoft Entra authentication enabled, so an identity cannot "
                "connect to it. Enable it (`az redis update -g "
                f"{ref.resource_group} -n {ref.name} --set redisConfiguration.aad-enabled=true`; the cache's "
                "nodes restart), or use --secret.")
        return f'{scope}/accessPolicies/{definition_id}'

    @staticmethod
    def assignment_collection(scope):
        return scope + '/accessPolicyAssignments'

    @staticmethod
    def assignment_body(scope, role_definition, principal_id):  # pylint: disable=unused-argument
        policy = role_definition.rsplit('/accessPolicies/', 1)[-1]
        return {'properties': {'accessPolicyName': policy, 'objectId': principal_id, 'objectIdAlias': principal_id}}

    @staticmethod
    def held_roles(arm, scope, principal_id):
        held = []
        for assignment in arm.pages(scope + '/accessPolicyAssignments'):
            props = assignment.get('properties') or {}
            if (props.get('objectId') or '').lower() == (principal_id or '').lower():
                held.append({'id': assignment.get('id'), 'properties': {
                    'roleDefinitionId': f"{scope}/accessPolicies/{props.get('accessPolicyName')}", 'scope': scope,
                    'principalId': props.get('objectId')}})
        return held


def _check_index(cache, database):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    config = (cache.get('properties') or {}).get('redisConfiguration') or {}
    try:
        count = int(config.get('databases') or DEFAULT_DATABASES)
    except (TypeError, ValueError):
        count = DEFAULT_DATABASES
    if not (database.isdigit() and int(database) < count):
        raise InvalidArgumentValueError(
            f"--database must be the index of one of the cache's {count} databases (0 to {count - 1}), "
            f"not '{database}'.")


def _check_protocol(db):
    """The values name a TLS connection (ssl=True, rediss://): a Plaintext database would refuse it."""
    from azure.cli.core.azclierror import ValidationError
    protocol = (db.get('properties') or {}).get('clientProtocol') or 'Encrypted'
    if protocol.lower() != 'encrypted':
        raise ValidationError(f"Redis Enterprise database {db.get('id')} accepts {protocol} connections only; the "
                              "connection's settings name a TLS connection (set its clientProtocol to Encrypted).")
