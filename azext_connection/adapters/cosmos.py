"""Target adapter for Azure Cosmos DB accounts, one per API (the spec's `service`: sql, mongo, cassandra,
gremlin, table).

Wire details: the target id names the API's child (.../databaseAccounts/{account}/sqlDatabases/{db},
.../gremlinDatabases/{db}/graphs/{graph}, ...); roles and IP rules apply to the account. The account's
`documentEndpoint` (https://<account>.documents.azure.com:443/) is every API's RESOURCEENDPOINT; the
API's own host comes from its `<api>Endpoint` (https://<account>.mongo.cosmos.azure.com:443/, ...). The
secret is the account's primary key (POST listKeys: primaryMasterKey), written in the API's form (the
connection strings listConnectionStrings would give). The firewall is the account's own
`properties.ipRules: [{ipAddressOrRange}]` and `publicNetworkAccess`: an account with no IP rules (and no
virtual network filter) admits every address; a PATCH of the list is a long-running operation whose first
answer is already 200 ("Updating"), so it is followed to its end.

Cosmos DB for NoSQL keeps data-plane role assignments as the account's children `sqlRoleAssignments/{name}`
({roleDefinitionId: .../sqlRoleDefinitions/{guid}, principalId, scope}): the DataPlaneRoles hooks."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..arm import ResourceRef
from ..engine.documents import Snapshot, ip_rule_value
from ..matrix import Value
from ..sensitive import Secret
from .base import TargetState
from .network import NetworkView

ACCOUNTS = '/providers/microsoft.documentdb/databaseaccounts/'
MANAGEMENT_SCOPE = 'https://management.azure.com/.default'
MONGO_PORT = 10255
# service -> (the account property naming the API's endpoint, its host's label)
API_ENDPOINTS = {'mongo': ('mongoEndpoint', 'mongo'), 'cassandra': ('cassandraEndpoint', 'cassandra'),
                 'gremlin': ('gremlinEndpoint', 'gremlin'), 'table': ('tableEndpoint', 'table')}


def account_id(target_id):
    """The account id behind a child's id (or the account's own id)."""
    index = target_id.lower().find(ACCOUNTS)
    if index < 0:
        return target_id
    end = index + len(ACCOUNTS)
    name_end = target_id.find('/', end)
    return target_id if name_end < 0 else target_id[:name_end]


def child_names(target_id):
    """The names of the child path under the account: ['db'], ['db', 'graph'], ['table']."""
    rest = target_id[len(account_id(target_id)):].strip('/').split('/')
    return rest[1::2] if rest != [''] else []


@dataclass
class CosmosState(TargetState):
    children: tuple = ()       # names under the account, outermost first (database, graph)


class CosmosTarget:
    def __init__(self, spec):
        self.spec = spec
        self.service = spec.service

    @staticmethod
    def resource_id(target_id):
        return account_id(target_id)

    @staticmethod
    def read(arm, target_id):
        """The account and the child the target names (so a wrong --database fails before anything changes)."""
        from concurrent.futures import ThreadPoolExecutor
        account = account_id(target_id)
        if account.lower() == target_id.lower():
            return CosmosState(ResourceRef.parse(account), arm.get(account))
        with ThreadPoolExecutor(2) as pool:
            body = pool.submit(arm.get, account)
            child = pool.submit(arm.get, target_id)
            child.result()
            return CosmosState(ResourceRef.parse(account), body.result(), tuple(child_names(target_id)))

    # -- values --------------------------------------------------------------------------------------
    @staticmethod
    def endpoint(state):
        return state.properties.get('documentEndpoint') or f'https://{state.ref.name}.documents.azure.com:443/'

    def api_endpoint(self, state):
        """The API's own endpoint: https://<account>.<api>.cosmos.azure.com:443/ (NoSQL: the document endpoint)."""
        if self.service not in API_ENDPOINTS:
            return self.endpoint(state)
        prop, label = API_ENDPOINTS[self.service]
        version = (state.properties.get('apiProperties') or {}).get('serverVersion')
        if not state.properties.get(prop) and version == '3.2':
            return self.endpoint(state)      # MongoDB 3.2 accounts are served at the document endpoint
        return state.properties.get(prop) or f'https://{state.ref.name}.{label}.cosmos.azure.com:443/'

    @staticmethod
    def region(state):
        writes = state.properties.get('writeLocations') or state.properties.get('locations') or ()
        return (writes[0].get('locationName') if writes else None) or state.resource.get('location') or ''

    def plain_values(self, state):
        children = state.children or ('',)
        return {
            Value.ENDPOINT: self.endpoint(state),
            Value.HOST: urlsplit(self.api_endpoint(state)).hostname,
            Value.ACCOUNT_NAME: state.ref.name,
            Value.DATABASE: children[0],              # a database, or Cassandra's keyspace
            Value.RESOURCE_NAME: children[-1],        # the target's own name (a graph, a table)
            Value.RESOURCE_ID: state.resource.get('id') or state.ref.id,
            Value.SCOPE: MANAGEMENT_SCOPE,
            Value.REGION: self.region(state),
        }

    @staticmethod
    def read_secrets(arm, target_id):
        """The account's keys (needs only the id, so it runs alongside the account's GET). Never traced."""
        return arm.post(account_id(target_id) + '/listKeys', trace=False) or {}

    def secret_values(self, state, keys):
        """The primary key and the API's connection string; never planned, never printed."""
        key = keys.get('primaryMasterKey')
        if not key:
            raise ValueError(f'Cosmos DB account {state.ref.name} returned no primary key')
        name = state.ref.name
        values = {Value.ACCOUNT_KEY: Secret(key)}
        if self.service == 'sql':
            values[Value.CONNECTION_STRING] = Secret(f'AccountEndpoint={self.endpoint(state)};AccountKey={key};')
        elif self.service == 'mongo':
            host = urlsplit(self.api_endpoint(state)).hostname
            values[Value.CONNECTION_STRING] = Secret(
                f'mongodb://{name}:{key}@{host}:{MONGO_PORT}/?ssl=true&replicaSet=globaldb&retrywrites=false'
                f'&maxIdleTimeMS=120000&appName=@{name}@')
        elif self.service == 'table':
            values[Value.CONNECTION_STRING] = Secret(
                f'DefaultEndpointsProtocol=https;AccountName={name};AccountKey={key};'
                f'TableEndpoint={self.api_endpoint(state)};')
        return values

    # -- network -------------------------------------------------------------------------------------
    @staticmethod
    def network(state):
        props = state.properties
        ips = tuple(ip_rule_value(r.get('ipAddressOrRange')) for r in props.get('ipRules') or ())
        return NetworkView(public_disabled=(props.get('publicNetworkAccess') or 'Enabled').lower() == 'disabled',
                           restricted=bool(ips) or bool(props.get('isVirtualNetworkFilterEnabled')), ips=ips)

    @staticmethod
    def network_document(ref):
        return AccountIps(ref)

    # -- data-plane roles (adapters.base.DataPlaneRoles; Cosmos DB for NoSQL) -------------------------
    @staticmethod
    def role_definition(scope, definition_id):
        return f'{account_id(scope)}/sqlRoleDefinitions/{definition_id}'

    @staticmethod
    def assignment_collection(scope):
        return f'{account_id(scope)}/sqlRoleAssignments'

    @staticmethod
    def assignment_body(scope, role_definition, principal_id):
        return {'properties': {'roleDefinitionId': role_definition, 'scope': scope, 'principalId': principal_id}}

    @staticmethod
    def held_roles(arm, scope, principal_id):
        return [a for a in arm.pages(f'{account_id(scope)}/sqlRoleAssignments')
                if ((a.get('properties') or {}).get('principalId') or '').lower() == (principal_id or '').lower()]


class AccountIps:
    """The account's IP rules as a shared document: no ETag, so read fresh and written whole (PATCH of
    `properties.ipRules`, which replaces the list) right after, with the extension's target lock held."""

    def __init__(self, ref):
        self.path = ref.id
        self.label = f'IP rules of {ref.name}'

    def read(self, arm):
        account = arm.get(self.path) or {}
        rules = (account.get('properties') or {}).get('ipRules') or ()
        return Snapshot(tuple(r.get('ipAddressOrRange') for r in rules), raw=account)

    def write(self, arm, snapshot, value):
        rules = (snapshot.raw.get('properties') or {}).get('ipRules') or ()
        known = {ip_rule_value(r.get('ipAddressOrRange')): r for r in rules}
        body = {'properties': {'ipRules': [known.get(ip_rule_value(ip)) or {'ipAddressOrRange': ip} for ip in value]}}
        # The RP answers 200 with the account "Updating" and an Azure-AsyncOperation monitor: follow it,
        # or the next write (or the verify) would meet the update still running.
        response = arm.request('PATCH', self.path, body)
        if response.headers.get('Azure-AsyncOperation'):
            arm.wait(response, self.path, 'PATCH')
