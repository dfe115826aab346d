"""--opt-out in the pure planner: each opt-out against a storage account with an identity (a role, IP rules),
a database with a secret (firewall rules with the Azure services rule) and a Cosmos DB NoSQL account with an
identity (an RBAC role and a data-plane role). What the plan does, what it says it skips, what the record
keeps; and that delete removes only what the record owns."""
from types import SimpleNamespace

import pytest
from azure.cli.core.azclierror import ValidationError

from azext_connection._validators import opt_outs
from azext_connection.adapters import target_adapter
from azext_connection.adapters.base import TargetState
from azext_connection.adapters.cosmos import CosmosState
from azext_connection.adapters.database import DatabaseState
from azext_connection.adapters.webapp import SiteState, WebSiteSource
from azext_connection.arm import ResourceRef
from azext_connection.engine.planner import Facts, plan_apply, plan_delete
from azext_connection.engine.steps import SetFirewallIps
from azext_connection.matrix import SOURCES, TARGETS, AuthType, ClientType, OptOut
from azext_connection.output import dry_run, linker
from azext_connection.record import FirewallRef, Record, RecordSet, RoleRef
from azext_connection.request import AuthInput, ConnectionRequest
from azext_connection.sensitive import Secret

SUB = '00000000-0000-0000-0000-000000000000'
SITE = f'/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app'
DATA = f'/subscriptions/{SUB}/resourceGroups/data/providers'
ACCOUNT = f'{DATA}/Microsoft.Storage/storageAccounts/acct'
SERVER = f'{DATA}/Microsoft.DBforPostgreSQL/flexibleServers/srv'
COSMOS = f'{DATA}/Microsoft.DocumentDB/databaseAccounts/cos'
IPS = ('20.0.0.1', '20.0.0.2')
ENABLED = {'type': 'SystemAssigned', 'principalId': 'p1'}
SMI = AuthInput(AuthType.SYSTEM_IDENTITY)
LOGIN = AuthInput(AuthType.SECRET, user_name='appuser', secret=Secret('pw'))
PUBLIC, CONFIG, AUTH = OptOut.PUBLIC_NETWORK, OptOut.CONFIG_INFO, OptOut.AUTH


def _site(identity=None):
    site = {'id': SITE, 'identity': identity or {'type': 'None'},
            'properties': {'outboundIpAddresses': ','.join(IPS)}}
    return SiteState(ResourceRef.parse(SITE), site, {}, {})


def _storage(public='Enabled'):
    """An account that admits listed addresses only: a create adds the app's."""
    return TargetState(ResourceRef.parse(ACCOUNT), {'id': ACCOUNT, 'properties': {
        'primaryEndpoints': {'blob': 'https://acct.blob.core.windows.net/'}, 'publicNetworkAccess': public,
        'networkAcls': {'defaultAction': 'Deny', 'ipRules': []}}})


def _server(public='Enabled'):
    return DatabaseState(ResourceRef.parse(SERVER), {'id': SERVER, 'properties': {
        'fullyQualifiedDomainName': 'srv.postgres.database.azure.com', 'network': {'publicNetworkAccess': public}}},
        'db', ())


def _cosmos(public='Enabled'):
    return CosmosState(ResourceRef.parse(COSMOS), {'id': COSMOS, 'location': 'East US', 'properties': {
        'documentEndpoint': 'https://cos.documents.azure.com:443/', 'publicNetworkAccess': public,
        'writeLocations': [{'locationName': 'East US'}], 'ipRules': []}}, ('db',))


TARGET_CASES = {
    # target: (target id, its state for a public access setting, the auth, the app's identity)
    'storage-blob': (ACCOUNT + '/blobServices/default', _storage, SMI, None),
    'postgres-flexible': (SERVER + '/databases/db', _server, LOGIN, None),
    'cosmos-sql': (COSMOS + '/sqlDatabases/db', _cosmos, SMI, ENABLED),
}


def _request(target, opt_out=()):
    target_id, _, auth, _ = TARGET_CASES[target]
    return ConnectionRequest(SOURCES['webapp'], SITE, TARGETS[target], target_id, 'conn1', auth, ClientType.PYTHON,
                             opt_out=frozenset(opt_out))


def _facts(target, public='Enabled', identity=None, records=None):
    _, state, _, default_identity = TARGET_CASES[target]
    records = records or {}
    return Facts(source=_site(identity or default_identity), records=RecordSet(records, {}, {}),
                 target=state(public), target_adapter=target_adapter(TARGETS[target]),
                 source_adapter=WebSiteSource(SOURCES['webapp']), tenant_id='tenant')


def _changes(plan):
    return [s.key for s in plan.steps[1:-1]]


CASES = [
    # target, opt-outs, the change steps between the intent and the record
    ('storage-blob', (), ['identity', 'grant-1', 'firewall', 'settings']),
    ('storage-blob', (PUBLIC,), ['identity', 'grant-1', 'settings']),
    ('storage-blob', (CONFIG,), ['identity', 'grant-1', 'firewall']),
    ('storage-blob', (PUBLIC, CONFIG), ['identity', 'grant-1']),
    ('postgres-flexible', (), ['firewall', 'settings']),
    ('postgres-flexible', (PUBLIC,), ['settings']),
    ('postgres-flexible', (CONFIG,), ['firewall']),
    ('postgres-flexible', (AUTH,), ['firewall', 'settings']),      # a login: nothing to grant anyway
    ('cosmos-sql', (), ['grant-1', 'grant-2', 'settings']),
    ('cosmos-sql', (AUTH,), ['settings']),
    ('cosmos-sql', (CONFIG,), ['grant-1', 'grant-2']),
    ('cosmos-sql', (AUTH, CONFIG, PUBLIC), []),
]


@pytest.mark.parametrize('target,opt_out,expected', CASES,
                         ids=[f"{t}-{'+'.join(o.value for o in opts) or 'none'}" for t, opts, _ in CASES])
def test_each_opt_out_leaves_its_steps_out_and_says_so(target, opt_out, expected):
    plan = plan_apply(_request(target, opt_out), _facts(target))
    assert _changes(plan) == expected
    shown = dry_run(plan).get('skipped', [])
    assert shown == [f'not done (--opt-out {o.value}): {o.skipped}' for o in OptOut if o in opt_out]


def test_the_database_firewall_opens_the_app_and_azure_services_unless_opted_out():
    plan = plan_apply(_request('postgres-flexible'), _facts('postgres-flexible'))
    assert plan.find('firewall').action.add == IPS + ('0.0.0.0',)
    assert not plan_apply(_request('postgres-flexible', (PUBLIC,)), _facts('postgres-flexible')).of_type(SetFirewallIps)


@pytest.mark.parametrize('target', TARGET_CASES)
def test_a_target_closed_to_the_public_is_refused_naming_the_opt_out_and_accepted_with_it(target):
    with pytest.raises(ValidationError, match='--opt-out publicnetwork'):
        plan_apply(_request(target), _facts(target, public='Disabled'))
    plan = plan_apply(_request(target, (PUBLIC,)), _facts(target, public='Disabled'))
    assert 'firewall' not in _changes(plan)


def test_auth_opted_out_needs_the_system_identity_there_already():
    with pytest.raises(ValidationError, match='--opt-out auth') as error:
        plan_apply(_request('storage-blob', (AUTH,)), _facts('storage-blob'))
    assert 'Enable its system-assigned identity first' in str(error.value)
    plan = plan_apply(_request('storage-blob', (AUTH,)), _facts('storage-blob', identity=ENABLED))
    assert _changes(plan) == ['firewall', 'settings']


class _Ctx:
    """A run in which every step succeeded: each step's outputs, as the record builder reads them."""

    def __init__(self, plan):
        self.plan = plan
        self.outputs = {s.key: {'id': f'{COSMOS}/assignments/{s.key}', 'principalId': 'p1', 'owned': True}
                        for s in plan.steps}

    def output(self, step, key):
        return self.outputs[step][key]


def _final(plan):
    return plan.find('record').action.build(_Ctx(plan))['conn1']


def test_the_record_keeps_the_opt_outs_and_owns_nothing_it_skipped():
    record = _final(plan_apply(_request('cosmos-sql', (AUTH, CONFIG)), _facts('cosmos-sql')))
    assert record.opt_out == ('auth', 'configinfo')
    assert record.roles == () and record.settings == ()
    assert record.auth['principalId'] == 'p1'         # the settings would name the identity the user set up
    again = Record.from_json(record.to_json(), SITE)
    assert again.opt_out == ('auth', 'configinfo')
    record = _final(plan_apply(_request('postgres-flexible', (PUBLIC,)), _facts('postgres-flexible')))
    assert record.firewall == () and record.settings and record.opt_out == ('publicnetwork',)


def test_a_record_without_opt_outs_is_stored_as_before():
    record = _final(plan_apply(_request('postgres-flexible'), _facts('postgres-flexible')))
    assert record.opt_out == () and 'opt_out' not in record.to_json()


def test_show_says_what_was_opted_out_as_the_core_cli_sends_it():
    record = _final(plan_apply(_request('cosmos-sql', (AUTH, CONFIG, PUBLIC)), _facts('cosmos-sql')))
    shown = linker(record)
    assert shown['authInfo']['authMode'] == 'optOutAllAuth'
    assert shown['configurationInfo']['action'] == 'optOut'
    assert shown['publicNetworkSolution']['action'] == 'optOut'
    plain = linker(_final(plan_apply(_request('cosmos-sql'), _facts('cosmos-sql'))))
    assert 'authMode' not in plain['authInfo']
    assert plain['configurationInfo']['action'] == plain['publicNetworkSolution']['action'] == 'enable'


ROLE = RoleRef(COSMOS + '/providers/Microsoft.Authorization/roleAssignments/r1', 'def', COSMOS, 'p1', owned=True)


def _owning(opt_out=()):
    return Record('conn1', SITE, 'cosmos-sql', COSMOS + '/sqlDatabases/db',
                  {'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, 'python',
                  ('AZURE_COSMOS_RESOURCEENDPOINT',), {'AZURE_COSMOS_RESOURCEENDPOINT': 'e'}, roles=(ROLE,),
                  firewall=(FirewallRef(COSMOS, ('20.0.0.1',)),), opt_out=tuple(opt_out))


@pytest.mark.parametrize('opt_out', [(AUTH,), (CONFIG,), (PUBLIC,), (AUTH, CONFIG, PUBLIC)])
def test_an_update_that_opts_out_touches_nothing_there_and_keeps_owning_it(opt_out):
    """Opting out on update leaves that part as it is: nothing revoked, removed or closed; the record still
    owns it, so delete removes it later."""
    before = _owning()
    plan = plan_apply(_request('cosmos-sql', opt_out), _facts('cosmos-sql', records={'conn1': before}), before)
    changes = _changes(plan)
    record = _final(plan)
    if AUTH in opt_out:
        assert not [k for k in changes if k.startswith(('grant', 'revoke'))] and ROLE in record.roles
    if CONFIG in opt_out:
        assert 'settings' not in changes and record.settings == before.settings
    if PUBLIC in opt_out:
        assert 'firewall' not in changes and record.firewall == before.firewall


def test_update_keeps_the_stored_opt_outs_unless_given_and_given_they_replace_them():
    assert opt_outs(None, default=('auth', 'configinfo')) == {AUTH, CONFIG}
    assert opt_outs(['publicnetwork'], default=('auth', 'configinfo')) == {PUBLIC}
    assert opt_outs(None) == frozenset()


def test_a_step_no_longer_opted_out_on_update_is_done():
    bare = _owning((AUTH, CONFIG)).with_changes(roles=(), settings=(), values={}, firewall=())
    plan = plan_apply(_request('cosmos-sql', (AUTH,)), _facts('cosmos-sql', records={'conn1': bare}), bare)
    assert _changes(plan) == ['settings']


def test_delete_of_an_opted_out_connection_removes_only_what_it_owns():
    record = Record('conn1', SITE, 'cosmos-sql', COSMOS + '/sqlDatabases/db',
                    {'authType': 'systemAssignedIdentity', 'principalId': 'p1'}, 'python', (), {},
                    opt_out=('auth', 'configinfo', 'publicnetwork'))
    plan = plan_delete(record, _facts('cosmos-sql', records={'conn1': record}))
    assert _changes(plan) == []
    assert plan.find('record').action.build(SimpleNamespace(outputs={})) == {'conn1': None}
