"""Test seeding keyed by target name: how the World creates each target's resource (open, or
restricting public access by IP so plans have a firewall step), the CLI arguments that name it, and
how to make it deny all public traffic. tests/unit/test_registry.py checks that every target of the
matrix has a seed (a companion, created only with its main target, has its main target's)."""
from dataclasses import dataclass
from typing import Callable, Tuple

from tests.harness import SUB, TARGET_RG, account_id, vault_id

USER_RULE = '198.51.100.7'
_PROVIDERS = f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}/providers'


@dataclass(frozen=True)
class TargetSeed:
    seed: Callable          # (world, restricted) -> None
    args: Tuple[str, ...]   # CLI arguments locating the seeded resource
    resource_id: str        # the seeded resource (whose keys, rules and roles a connection uses)
    deny_public: Callable   # (world) -> None: the seeded resource then denies all public traffic


def _account(world, restricted):
    world.account(**({'default_action': 'Deny', 'ip_rules': (USER_RULE,)} if restricted else {}))


def _vault(world, restricted):
    world.vault(**({'default_action': 'Deny', 'ip_rules': (USER_RULE,)} if restricted else {}))


def _patch(resource_id, body):
    def change(world):
        world.sandbox.call('PATCH', resource_id, body)
    return change


def _put(resource_id, body):
    def change(world):
        world.sandbox.put_resource(resource_id, body)
    return change


def _namespace(namespace_id):
    rules = namespace_id + '/networkRuleSets/default'

    def seed(world, restricted):
        world.group(TARGET_RG)
        world.sandbox.put_resource(namespace_id, {'location': 'eastus', 'sku': {'name': 'Premium', 'tier': 'Premium'}})
        if restricted:
            _put(rules, {'properties': {'defaultAction': 'Deny', 'publicNetworkAccess': 'Enabled',
                                        'ipRules': [{'ipMask': USER_RULE, 'action': 'Allow'}]}})(world)
    closed = _put(rules, {'properties': {'defaultAction': 'Deny', 'publicNetworkAccess': 'Disabled', 'ipRules': []}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--namespace', 'nsconn'), namespace_id, closed)


def _config_store(store_id):
    def seed(world, restricted):  # pylint: disable=unused-argument  # no IP rules to restrict
        world.group(TARGET_RG)
        world.sandbox.put_resource(store_id, {'location': 'eastus', 'sku': {'name': 'standard'}})
    closed = _patch(store_id, {'properties': {'publicNetworkAccess': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--app-config', 'store'), store_id, closed)


def _realtime(service_id, flag):
    """A SignalR or Web PubSub service: no IP rules to restrict (network ACLs are per request type)."""
    def seed(world, restricted):  # pylint: disable=unused-argument
        world.group(TARGET_RG)
        world.sandbox.put_resource(service_id, {'location': 'eastus', 'sku': {'name': 'Standard_S1'}})
    closed = _patch(service_id, {'properties': {'publicNetworkAccess': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, flag, service_id.rsplit('/', 1)[1]), service_id, closed)


MYSQL_SERVER_IDENTITY = f'{_PROVIDERS}/Microsoft.ManagedIdentity/userAssignedIdentities/mysqlid'


def _database_server(server_id, server_body, public_path=('properties', 'publicNetworkAccess'), database_body=None,
                     identity=None):
    """A server with database `db`; restricted, it admits the user's own address (as every server admits
    only its firewall rules' addresses, opening it always adds rules). `identity`: a user-assigned identity
    made for it and attached (what a MySQL server needs for its Microsoft Entra admin)."""
    def seed(world, restricted):
        world.group(TARGET_RG)
        body = server_body
        if identity:
            world.sandbox.put_resource(identity, {'location': 'eastus'})
            body = {**server_body, 'identity': {'type': 'UserAssigned', 'userAssignedIdentities': {identity: {}}}}
        world.sandbox.put_resource(server_id, body)
        world.sandbox.put_resource(f'{server_id}/databases/db', database_body or {'properties': {}})
        if restricted:
            world.sandbox.put_resource(f'{server_id}/firewallRules/user', {
                'properties': {'startIpAddress': USER_RULE, 'endIpAddress': USER_RULE}})

    def closed(world):
        body = world.sandbox.get_resource(server_id)
        props = dict(body.get('properties') or {})
        if len(public_path) == 3:
            props[public_path[1]] = {**(props.get(public_path[1]) or {}), public_path[2]: 'Disabled'}
        else:
            props['publicNetworkAccess'] = 'Disabled'
        world.sandbox.store.put(server_id, {**body, 'properties': props})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--server', server_id.rsplit('/', 1)[1], '--database', 'db'),
                      server_id, closed)


_FLEX = {'location': 'eastus', 'sku': {'name': 'Standard_D2ds_v5', 'tier': 'GeneralPurpose'},
         'properties': {'administratorLogin': 'dbadmin', 'administratorLoginPassword': 'Adm1n-Passw0rd!',
                        'version': '17'}}


def _component(component_id):
    """An Application Insights component: it has no network a connection checks or opens."""
    body = {'location': 'eastus', 'kind': 'web', 'properties': {'Application_Type': 'web'}}

    def seed(world, restricted):  # pylint: disable=unused-argument
        world.group(TARGET_RG)
        world.sandbox.put_resource(component_id, body)
    closed = _put(component_id, {**body, 'properties': {**body['properties'], 'publicNetworkAccessForIngestion':
                                                        'Disabled', 'publicNetworkAccessForQuery': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--app-insights', 'insights'), component_id, closed)


def _cognitive_account(account, kind='CognitiveServices'):
    """A Cognitive Services account with a custom subdomain (identities need one); restricted, it admits
    the user's own address only (networkAcls, as a storage account's)."""
    def seed(world, restricted):
        world.group(TARGET_RG)
        props = {'customSubDomainName': account.rsplit('/', 1)[1]}
        if restricted:
            props['networkAcls'] = {'defaultAction': 'Deny', 'ipRules': [{'value': USER_RULE}],
                                    'virtualNetworkRules': []}
        world.sandbox.put_resource(account, {'location': 'eastus', 'kind': kind, 'sku': {'name': 'S0'},
                                             'properties': props})
    closed = _patch(account, {'properties': {'publicNetworkAccess': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--account', account.rsplit('/', 1)[1]), account, closed)


def _redis_cache(cache_id):
    """A Standard cache with Microsoft Entra authentication on (identities need it) and database index 0;
    restricted, its one firewall rule admits the user's own address (a cache with no rule admits all)."""
    def seed(world, restricted):
        world.group(TARGET_RG)
        world.sandbox.put_resource(cache_id, {'location': 'eastus', 'properties': {
            'sku': {'name': 'Standard', 'family': 'C', 'capacity': 1}, 'redisConfiguration': {'aad-enabled': 'true'}}})
        if restricted:
            world.sandbox.put_resource(f'{cache_id}/firewallRules/user', {
                'properties': {'startIP': USER_RULE, 'endIP': USER_RULE}})
    closed = _patch(cache_id, {'properties': {'publicNetworkAccess': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--server', cache_id.rsplit('/', 1)[1], '--database', '0'),
                      cache_id, closed)


def _redis_enterprise(cluster_id):
    """A cluster with its `default` database (the seed's resource_id: its listKeys gives the key); no IP rules."""
    def seed(world, restricted):  # pylint: disable=unused-argument
        world.group(TARGET_RG)
        world.sandbox.put_resource(cluster_id, {'location': 'eastus', 'sku': {'name': 'Balanced_B0'},
                                                'properties': {'publicNetworkAccess': 'Enabled'}})
        world.sandbox.put_resource(f'{cluster_id}/databases/default', {'properties': {'clientProtocol': 'Encrypted'}})
    closed = _patch(cluster_id, {'properties': {'publicNetworkAccess': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--server', cluster_id.rsplit('/', 1)[1], '--database', 'default'),
                      f'{cluster_id}/databases/default', closed)


def _cosmos(name, children, flags, **body):
    """A Cosmos DB account of one API with the child the target names (`children`: (path, name) pairs,
    outermost first); restricted, its ipRules admit the user's own address only."""
    account = f'{_PROVIDERS}/Microsoft.DocumentDB/databaseAccounts/{name}'

    def seed(world, restricted):
        world.group(TARGET_RG)
        props = {'databaseAccountOfferType': 'Standard', 'locations': [{'locationName': 'eastus'}],
                 'capabilities': [{'name': c} for c in body.get('capabilities', ())],
                 'ipRules': [{'ipAddressOrRange': USER_RULE}] if restricted else []}
        world.sandbox.put_resource(account, {'location': 'eastus', 'kind': body.get('kind', 'GlobalDocumentDB'),
                                             'properties': props})
        path = account
        for segment, child in children:
            path += f'/{segment}/{child}'
            world.sandbox.put_resource(path, {'properties': {'resource': {'id': child}}})
    args = ('--tg', TARGET_RG, '--account', name) + tuple(
        arg for flag, (_, child) in zip(flags, children) for arg in (flag, child))
    return TargetSeed(seed, args, account, _patch(account, {'properties': {'publicNetworkAccess': 'Disabled'}}))


def _outside_arm(target_id, *args):
    """A target outside Azure Resource Manager: nothing to create (the sandbox is ARM only) and nothing to
    close (a connection neither checks nor opens its network); the arguments are the whole target."""
    def seed(world, restricted):  # pylint: disable=unused-argument
        return None

    def closed(world):
        raise AssertionError('a target outside ARM has no public network to deny')
    return TargetSeed(seed, args, target_id, closed)


BOOTSTRAP = 'pkc-4nmjv.eastus.azure.confluent.cloud:9092'
REGISTRY = 'https://psrc-8kz20.eastus.azure.confluent.cloud'
NEON_HOST = 'ep-cool-darkness-123456.eastus2.azure.neon.tech'
FABRIC_HOST = 'x6eps4xrq2xudenlfv6naeo3i4-l27nd6hcmrr4rgb4ak6cdxpcdq.database.fabric.microsoft.com'
FABRIC_WS, FABRIC_DB = '4b5c5cf1-8a4c-4a5e-9c3b-2f0d4e1a7b61', '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b'
TARGET_ENV = f'{_PROVIDERS}/Microsoft.App/managedEnvironments/tenv'
TARGET_APP = f'{_PROVIDERS}/Microsoft.App/containerApps/capp2'


def _target_container_app(world, restricted):  # pylint: disable=unused-argument  # nothing to restrict
    """Another container app, in its own environment, with external ingress: the address a connection gets."""
    world.group(TARGET_RG)
    if world.sandbox.get_resource(TARGET_ENV) is None:
        world.sandbox.put_resource(TARGET_ENV, {'location': 'eastus', 'properties': {}})
    world.sandbox.put_resource(TARGET_APP, {'location': 'eastus', 'properties': {
        'managedEnvironmentId': TARGET_ENV,
        'configuration': {'activeRevisionsMode': 'Single', 'ingress': {'external': True, 'targetPort': 80}},
        'template': {'containers': [{'name': 'api', 'image': 'mcr.microsoft.com/k8se/quickstart:latest'}]}}})


_STORAGE = TargetSeed(_account, ('--tg', TARGET_RG, '--account', 'acct'), account_id(),
                      _patch(account_id(), {'properties': {'publicNetworkAccess': 'Disabled'}}))

SEEDS = {
    'storage-blob': _STORAGE,
    'storage-queue': _STORAGE,
    'storage-table': _STORAGE,
    'storage-file': _STORAGE,
    'keyvault': TargetSeed(_vault, ('--tg', TARGET_RG, '--vault', 'vault'), vault_id(),
                           _patch(vault_id(), {'properties': {'publicNetworkAccess': 'Disabled'}})),
    'servicebus': _namespace(f'{_PROVIDERS}/Microsoft.ServiceBus/namespaces/nsconn'),
    'eventhub': _namespace(f'{_PROVIDERS}/Microsoft.EventHub/namespaces/nsconn'),
    'appconfig': _config_store(f'{_PROVIDERS}/Microsoft.AppConfiguration/configurationStores/store'),
    'app-insights': _component(f'{_PROVIDERS}/microsoft.insights/components/insights'),
    'cognitiveservices': _cognitive_account(f'{_PROVIDERS}/Microsoft.CognitiveServices/accounts/cogacct'),
    'signalr': _realtime(f'{_PROVIDERS}/Microsoft.SignalRService/SignalR/signalr1', '--signalr'),
    'webpubsub': _realtime(f'{_PROVIDERS}/Microsoft.SignalRService/WebPubSub/pubsub1', '--webpubsub'),
    'cosmos-sql': _cosmos('cosmossql', (('sqlDatabases', 'db'),), ('--database',)),
    'cosmos-mongo': _cosmos('cosmosmongo', (('mongodbDatabases', 'db'),), ('--database',), kind='MongoDB'),
    'cosmos-cassandra': _cosmos('cosmoscassandra', (('cassandraKeyspaces', 'ks'),), ('--key-space',),
                                capabilities=('EnableCassandra',)),
    'cosmos-gremlin': _cosmos('cosmosgremlin', (('gremlinDatabases', 'db'), ('graphs', 'graph')),
                              ('--database', '--graph'), capabilities=('EnableGremlin',)),
    'cosmos-table': _cosmos('cosmostable', (('tables', 'tbl'),), ('--table',), capabilities=('EnableTable',)),
    'postgres-flexible': _database_server(f'{_PROVIDERS}/Microsoft.DBforPostgreSQL/flexibleServers/pgserver',
                                          _FLEX, ('properties', 'network', 'publicNetworkAccess')),
    'mysql-flexible': _database_server(f'{_PROVIDERS}/Microsoft.DBforMySQL/flexibleServers/myserver',
                                       {**_FLEX, 'properties': {**_FLEX['properties'], 'version': '8.0.21'}},
                                       ('properties', 'network', 'publicNetworkAccess'),
                                       identity=MYSQL_SERVER_IDENTITY),
    'postgres': _database_server(f'{_PROVIDERS}/Microsoft.DBforPostgreSQL/servers/pgsingle',
                                 {'location': 'eastus', 'sku': {'name': 'GP_Gen5_2'},
                                  'properties': {'createMode': 'Default', 'administratorLogin': 'dbadmin',
                                                 'administratorLoginPassword': 'Adm1n-Passw0rd!'}}),
    'mysql': _database_server(f'{_PROVIDERS}/Microsoft.DBforMySQL/servers/mysingle',
                              {'location': 'eastus', 'sku': {'name': 'GP_Gen5_2'},
                               'properties': {'createMode': 'Default', 'administratorLogin': 'dbadmin',
                                              'administratorLoginPassword': 'Adm1n-Passw0rd!'}}),
    'sql': _database_server(f'{_PROVIDERS}/Microsoft.Sql/servers/sqlserver',
                            {'location': 'eastus', 'properties': {'administratorLogin': 'dbadmin',
                                                                   'administratorLoginPassword': 'Adm1n-Passw0rd!'}},
                            database_body={'location': 'eastus', 'properties': {}}),   # SQL databases are tracked
    'redis': _redis_cache(f'{_PROVIDERS}/Microsoft.Cache/redis/rediscache'),
    'redis-enterprise': _redis_enterprise(f'{_PROVIDERS}/Microsoft.Cache/redisEnterprise/redisent'),
    # (its credentials and the schema registry's are given as auth: tests/harness.py auth_args)
    'confluent-cloud': _outside_arm(BOOTSTRAP, '--bootstrap-server', BOOTSTRAP, '--schema-registry', REGISTRY),
    'neon-postgres': _outside_arm(f'postgresql://{NEON_HOST}/neondb', '--server', NEON_HOST, '--database', 'neondb'),
    'mongodb-atlas': _outside_arm('/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourceGroups/data/providers/'
                                  'MongoDB.Atlas/organizations/cluster0', '--tg', TARGET_RG, '--server', 'cluster0'),
    'fabric-sql': _outside_arm(f'https://api.fabric.microsoft.com/v1/workspaces/{FABRIC_WS}/SqlDatabases/{FABRIC_DB}',
                               '--fabric-workspace-uuid', FABRIC_WS, '--fabric-sql-db-uuid', FABRIC_DB,
                               '--connstr-props', f'Server={FABRIC_HOST}', 'Database=appdb'),
    'containerapp': TargetSeed(_target_container_app, ('--tg', TARGET_RG, '--target-app-name', 'capp2'), TARGET_APP,
                               _patch(TARGET_APP, {'properties': {'configuration': {'ingress': None}}})),
}
# Seeded by World.everything() next to the account and the vault (which it seeds itself).
EXTRA = ('servicebus', 'eventhub', 'appconfig', 'app-insights', 'cognitiveservices',
         'signalr', 'webpubsub', 'postgres-flexible', 'mysql-flexible', 'sql', 'postgres', 'mysql',
         'redis', 'redis-enterprise')
EXTRA += ('cosmos-sql', 'cosmos-mongo', 'cosmos-cassandra', 'cosmos-gremlin', 'cosmos-table')
EXTRA += ('confluent-cloud', 'neon-postgres', 'mongodb-atlas', 'fabric-sql', 'containerapp')
