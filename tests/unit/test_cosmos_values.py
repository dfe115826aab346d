"""Cosmos DB connection values, per target, auth and client, exactly as the docs' value patterns show them
(tests/data/matrix_reference.json, `value_patterns`, filled with one account); the connection strings equal
what the account's own listConnectionStrings hands out (the sandbox's recorded shapes); the key is a Secret
wherever it is used. Plus the account's network view, its IP rules document and the NoSQL data-plane
role hooks, against a fake ARM."""
import pytest

from arm_sandbox.providers import cosmosdb
from azext_connection.adapters import target_adapter
from azext_connection.adapters.base import DataPlaneRoles
from azext_connection.adapters.cosmos import AccountIps, CosmosState, account_id
from azext_connection.arm import ResourceRef
from azext_connection.matrix import TARGETS, AuthType as A, ClientType, Value
from azext_connection.sensitive import Secret, reveal
from tests.values import written

SUB = '00000000-0000-0000-0000-0000000000aa'
ACCOUNT = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.DocumentDB/databaseAccounts/acct1'
KEY = 'Zm9vYmFyK2tleS9rZXk9PQ+/abc=='
API = {'cosmos-sql': 'Sql', 'cosmos-mongo': 'MongoDB', 'cosmos-cassandra': 'Cassandra',
       'cosmos-gremlin': 'Gremlin', 'cosmos-table': 'Table'}
CHILDREN = {'cosmos-sql': ('db',), 'cosmos-mongo': ('db',), 'cosmos-cassandra': ('ks',),
            'cosmos-gremlin': ('db', 'graph'), 'cosmos-table': ('tbl',)}
LIST_STRINGS = f'https://management.azure.com{ACCOUNT}/listConnectionStrings?api-version=2021-04-15'
LIST_KEYS = f'https://management.azure.com{ACCOUNT}/listKeys?api-version=2021-04-15'
DOCUMENTS = 'https://acct1.documents.azure.com:443/'
SCOPE = 'https://management.azure.com/.default'


def _state(target):
    """The account as its GET shows it (sandbox shape: endpoints, regions by display name)."""
    props = {'documentEndpoint': DOCUMENTS, 'writeLocations': [{'locationName': 'East US'}], 'ipRules': []}
    props.update(cosmosdb._endpoints('acct1', API[target]))     # pylint: disable=protected-access
    return CosmosState(ResourceRef.parse(ACCOUNT), {'id': ACCOUNT, 'location': 'East US', 'properties': props},
                       CHILDREN[target])


def _settings(target, auth, client):
    spec = TARGETS[target]
    adapter = target_adapter(spec)
    state = _state(target)
    lookup = {**adapter.plain_values(state), **adapter.secret_values(state, {'primaryMasterKey': KEY}),
              Value.TRUE: 'true', Value.CLIENT_ID: 'cid', Value.TENANT_ID: 'tid', Value.CLIENT_SECRET: Secret('sps')}
    return written(spec, auth, ClientType(client), lookup)


MONGO = ('mongodb://acct1:' + KEY + '@acct1.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb'
         '&retrywrites=false&maxIdleTimeMS=120000&appName=@acct1@')
TABLE = (f'DefaultEndpointsProtocol=https;AccountName=acct1;AccountKey={KEY};'
         'TableEndpoint=https://acct1.table.cosmos.azure.com:443/;')
CASES = [
    # NoSQL. The docs' pattern ends at the key; the RP's own string (listConnectionStrings) ends with ';'.
    ('cosmos-sql', A.SECRET, 'python', 'AZURE_COSMOS_CONNECTIONSTRING',
     f'AccountEndpoint={DOCUMENTS};AccountKey={KEY};'),
    ('cosmos-sql', A.SYSTEM_IDENTITY, 'python', 'AZURE_COSMOS_LISTCONNECTIONSTRINGURL', LIST_STRINGS),
    ('cosmos-sql', A.SYSTEM_IDENTITY, 'python', 'AZURE_COSMOS_SCOPE', SCOPE),
    ('cosmos-sql', A.SYSTEM_IDENTITY, 'python', 'AZURE_COSMOS_RESOURCEENDPOINT', DOCUMENTS),
    ('cosmos-sql', A.USER_IDENTITY, 'dotnet', 'AZURE_COSMOS_CLIENTID', 'cid'),
    ('cosmos-sql', A.SECRET, 'springBoot', 'azure.cosmos.key', KEY),
    ('cosmos-sql', A.SECRET, 'springBoot', 'spring.cloud.azure.cosmos.key', KEY),
    ('cosmos-sql', A.SECRET, 'springBoot', 'azure.cosmos.uri', DOCUMENTS),
    ('cosmos-sql', A.SECRET, 'springBoot', 'spring.cloud.azure.cosmos.database', 'db'),
    ('cosmos-sql', A.SYSTEM_IDENTITY, 'springBoot', 'spring.cloud.azure.cosmos.credential.managed-identity-enabled',
     'true'),
    ('cosmos-sql', A.SERVICE_PRINCIPAL, 'springBoot', 'spring.cloud.azure.cosmos.profile.tenant-id', 'tid'),
    # MongoDB
    ('cosmos-mongo', A.SECRET, 'java', 'AZURE_COSMOS_CONNECTIONSTRING', MONGO),
    ('cosmos-mongo', A.SECRET, 'springBoot', 'spring.data.mongodb.uri', MONGO),
    ('cosmos-mongo', A.SECRET, 'springBoot', 'spring.data.mongodb.database', 'db'),
    ('cosmos-mongo', A.SYSTEM_IDENTITY, 'go', 'AZURE_COSMOS_LISTCONNECTIONSTRINGURL', LIST_STRINGS),
    ('cosmos-mongo', A.SERVICE_PRINCIPAL, 'nodejs', 'AZURE_COSMOS_RESOURCEENDPOINT', DOCUMENTS),
    # Cassandra
    ('cosmos-cassandra', A.SECRET, 'python', 'AZURE_COSMOS_CONTACTPOINT', 'acct1.cassandra.cosmos.azure.com'),
    ('cosmos-cassandra', A.SECRET, 'python', 'AZURE_COSMOS_PORT', '10350'),
    ('cosmos-cassandra', A.SECRET, 'python', 'AZURE_COSMOS_KEYSPACE', 'ks'),
    ('cosmos-cassandra', A.SECRET, 'python', 'AZURE_COSMOS_USERNAME', 'acct1'),
    ('cosmos-cassandra', A.SECRET, 'python', 'AZURE_COSMOS_PASSWORD', KEY),
    ('cosmos-cassandra', A.SYSTEM_IDENTITY, 'go', 'AZURE_COSMOS_LISTKEYURL', LIST_KEYS),
    ('cosmos-cassandra', A.SYSTEM_IDENTITY, 'go', 'AZURE_COSMOS_CONTACTPOINT', 'acct1.cassandra.cosmos.azure.com'),
    ('cosmos-cassandra', A.SECRET, 'springBoot', 'spring.data.cassandra.local-datacenter', 'East US'),
    ('cosmos-cassandra', A.SECRET, 'springBoot', 'spring.data.cassandra.ssl', 'true'),
    ('cosmos-cassandra', A.SECRET, 'springBoot', 'spring.data.cassandra.password', KEY),
    # Gremlin
    ('cosmos-gremlin', A.SECRET, 'php', 'AZURE_COSMOS_HOSTNAME', 'acct1.gremlin.cosmos.azure.com'),
    ('cosmos-gremlin', A.SECRET, 'php', 'AZURE_COSMOS_PORT', '443'),
    ('cosmos-gremlin', A.SECRET, 'php', 'AZURE_COSMOS_USERNAME', '/dbs/db/colls/graph'),
    ('cosmos-gremlin', A.SECRET, 'php', 'AZURE_COSMOS_PASSWORD', KEY),
    ('cosmos-gremlin', A.USER_IDENTITY, 'python', 'AZURE_COSMOS_LISTKEYURL', LIST_KEYS),
    ('cosmos-gremlin', A.USER_IDENTITY, 'python', 'AZURE_COSMOS_USERNAME', '/dbs/db/colls/graph'),
    # Table
    ('cosmos-table', A.SECRET, 'dotnet', 'AZURE_COSMOS_CONNECTIONSTRING', TABLE),
    ('cosmos-table', A.SYSTEM_IDENTITY, 'python', 'AZURE_COSMOS_LISTCONNECTIONSTRINGURL', LIST_STRINGS),
]


@pytest.mark.parametrize('target,auth,client,key,expected', CASES,
                         ids=[f'{t}-{a.flag[2:]}-{c}-{k}' for t, a, c, k, _ in CASES])
def test_values_follow_the_docs_patterns(target, auth, client, key, expected):
    value = _settings(target, auth, client)[key]
    assert reveal(value) == expected
    assert isinstance(value, Secret) == (KEY in expected)


@pytest.mark.parametrize('target', ['cosmos-sql', 'cosmos-mongo', 'cosmos-table'])
def test_the_connection_string_is_the_one_the_account_hands_out(target):
    """What listConnectionStrings gives for the account's API (primary key), as the RP writes it."""
    written = _settings(target, A.SECRET, 'java' if target != 'cosmos-sql' else 'python')
    assert reveal(written['AZURE_COSMOS_CONNECTIONSTRING']) == cosmosdb._strings_for(API[target], 'acct1', KEY)


@pytest.mark.parametrize('target', sorted(API))
def test_every_value_that_holds_the_key_is_secret_and_nothing_else_is(target):
    spec = TARGETS[target]
    for naming in spec.naming:
        for setting in naming.settings:
            uses = (setting.value,) if isinstance(setting.value, Value) else setting.value.uses
            holds = {Value.ACCOUNT_KEY, Value.CONNECTION_STRING, Value.CLIENT_SECRET} & set(uses)
            assert bool(holds) == setting.value.is_secret, (target, naming.clients, setting.name)


def test_roles_and_firewall_apply_to_the_account_whatever_child_the_target_names():
    for target, children in CHILDREN.items():
        spec = TARGETS[target]
        target_id = spec.id_template.format(subscription=SUB, target_resource_group='data', account='acct1',
                                            database=children[0], key_space=children[0], table=children[0],
                                            graph=children[-1])
        assert target_adapter(spec).resource_id(target_id) == ACCOUNT
    assert account_id(ACCOUNT) == ACCOUNT


@pytest.mark.parametrize('props,disabled,restricted,ips', [
    ({}, False, False, ()),
    ({'ipRules': [{'ipAddressOrRange': '198.51.100.7'}, {'ipAddressOrRange': '10.0.0.0/16'}]}, False, True,
     ('198.51.100.7', '10.0.0.0/16')),
    ({'isVirtualNetworkFilterEnabled': True}, False, True, ()),      # only its subnets are admitted
    ({'publicNetworkAccess': 'Disabled'}, True, False, ()),
])
def test_the_account_network_view(props, disabled, restricted, ips):
    view = target_adapter(TARGETS['cosmos-sql']).network(CosmosState(ResourceRef.parse(ACCOUNT), {'properties': props}))
    assert (view.public_disabled, view.restricted, view.ips) == (disabled, restricted, ips)


class _Response:
    def __init__(self, headers):
        self.headers = headers


class FakeArm:
    """Records requests; an account whose PATCH answers 200 with an Azure-AsyncOperation monitor."""

    def __init__(self, account=None, assignments=()):
        self.account, self.assignments, self.calls = account, list(assignments), []

    def get(self, path, query=None, trace=True):
        self.calls.append(('GET', path))
        return self.account

    def request(self, method, path, body=None, query=None, trace=True):
        self.calls.append((method, path, body))
        return _Response({'Azure-AsyncOperation': 'https://monitor'})

    def wait(self, response, path, method, trace=True):
        self.calls.append(('WAIT', path, method))

    def pages(self, path, query=None, trace=True):
        self.calls.append(('LIST', path))
        return self.assignments


def test_ip_rules_are_written_whole_keeping_other_rules_and_waited_for():
    ref = ResourceRef.parse(ACCOUNT)
    arm = FakeArm({'id': ACCOUNT, 'properties': {'ipRules': [{'ipAddressOrRange': '10.0.0.0/16'},
                                                             {'ipAddressOrRange': '198.51.100.7'}]}})
    document = AccountIps(ref)
    snapshot = document.read(arm)
    assert snapshot.value == ('10.0.0.0/16', '198.51.100.7')
    document.write(arm, snapshot, ('10.0.0.0/16', '203.0.113.5/32'))
    assert arm.calls[1:] == [('PATCH', ACCOUNT, {'properties': {'ipRules': [
        {'ipAddressOrRange': '10.0.0.0/16'}, {'ipAddressOrRange': '203.0.113.5/32'}]}}), ('WAIT', ACCOUNT, 'PATCH')]


def test_the_nosql_adapter_names_its_data_plane_role_assignments():
    spec = TARGETS['cosmos-sql']
    adapter = target_adapter(spec)
    assert isinstance(adapter, DataPlaneRoles)
    grant = next(g for g in spec.roles if g.data_plane)
    built_in = {(name, guid) for guid, (name, _) in cosmosdb.BUILT_IN_DATA_ROLES.items()}
    assert (grant.name, grant.definition_id) in built_in
    definition = adapter.role_definition(ACCOUNT, grant.definition_id)
    assert definition == f'{ACCOUNT}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    assert adapter.assignment_collection(ACCOUNT) == f'{ACCOUNT}/sqlRoleAssignments'
    assert adapter.assignment_body(ACCOUNT, definition, 'p1') == {
        'properties': {'roleDefinitionId': definition, 'scope': ACCOUNT, 'principalId': 'p1'}}
    mine = {'id': 'a1', 'properties': {'principalId': 'P1', 'roleDefinitionId': definition, 'scope': ACCOUNT}}
    other = {'id': 'a2', 'properties': {'principalId': 'p2', 'roleDefinitionId': definition, 'scope': ACCOUNT}}
    arm = FakeArm(assignments=[mine, other])
    assert adapter.held_roles(arm, ACCOUNT, 'p1') == [mine]
    assert arm.calls == [('LIST', f'{ACCOUNT}/sqlRoleAssignments')]
    # the other APIs grant the ARM role only: identities read the keys through the control plane
    assert all(not g.data_plane for t in API if t != 'cosmos-sql' for g in TARGETS[t].roles)
