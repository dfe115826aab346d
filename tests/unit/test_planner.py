"""The pure planner, driven from data: which steps a request turns into, in which order, and what
it refuses. No Azure, no sandbox: facts are built by hand."""
from types import SimpleNamespace

import pytest
from azure.cli.core.azclierror import InvalidArgumentValueError, ValidationError

from azext_connection.adapters.base import TargetState
from azext_connection.adapters.storage import StorageTarget
from azext_connection.adapters.webapp import SiteState, WebSiteSource
from azext_connection.arm import ResourceRef
from azext_connection.engine.planner import Facts, plan_apply, plan_delete
from azext_connection.matrix import SOURCES, TARGETS, AuthType, ClientType
from azext_connection.record import FirewallRef, Record, RecordSet, RoleRef
from azext_connection.request import AuthInput, ConnectionRequest
from azext_connection.sensitive import Secret

SUB = '00000000-0000-0000-0000-000000000000'
SITE = f'/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app'
ACCOUNT = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/acct'
BLOB = ACCOUNT + '/blobServices/default'
IPS = '20.0.0.1,20.0.0.2'


def source(identity=None, settings=None, metadata=None):
    site = {'id': SITE, 'identity': identity or {'type': 'None'}, 'properties': {'outboundIpAddresses': IPS}}
    return SiteState(ResourceRef.parse(SITE), site, settings or {}, metadata or {})


def account(default_action='Allow', public='Enabled', ips=()):
    return TargetState(ResourceRef.parse(ACCOUNT), {'id': ACCOUNT, 'properties': {
        'primaryEndpoints': {'blob': 'https://acct.blob.core.windows.net/'}, 'publicNetworkAccess': public,
        'networkAcls': {'defaultAction': default_action, 'ipRules': [{'value': ip} for ip in ips]}}})


def request(auth=AuthInput(AuthType.SYSTEM_IDENTITY), client=ClientType.PYTHON, name='conn1'):
    return ConnectionRequest(SOURCES['webapp'], SITE, TARGETS['storage-blob'], BLOB, name, auth, client)


def facts(src=None, tgt=None, records=None, principal=None):
    records = records or {}
    texts = {k: r.to_json() for k, r in records.items()}
    return Facts(source=src or source(), records=RecordSet(records, {}, texts), target=tgt or account(),
                 target_adapter=StorageTarget(TARGETS['storage-blob']), source_adapter=WebSiteSource(SOURCES['webapp']),
                 principal_id=principal, tenant_id='tenant')


def keys(plan):
    """(key, needs) of the change steps: the intent and the final record frame every plan."""
    assert plan.steps[0].key == 'intent' and plan.steps[-1].key == 'record'
    assert all('intent' in s.needs for s in plan.steps[1:])
    return [(s.key, tuple(n for n in s.needs if n != 'intent')) for s in plan.steps[1:]]


def change_keys(plan):
    return [s.key for s in plan.steps[1:-1]]


SP = AuthInput(AuthType.SERVICE_PRINCIPAL, client_id='c', object_id='o', secret=Secret('sp-secret'))
ENABLED = {'type': 'SystemAssigned', 'principalId': 'p1'}
ALL = ('identity', 'grant-1', 'settings')

CASES = [
    # name, request, facts, expected (key, needs) in order
    ('smi, identity off: enable, then grant after it', request(), facts(),
     [('identity', ()), ('grant-1', ('identity',)), ('settings', ()), ('record', ALL)]),
    ('smi, identity on: no identity step, grant at once', request(), facts(source(ENABLED)),
     [('grant-1', ()), ('settings', ()), ('record', ('grant-1', 'settings'))]),
    ('secret: no identity, no role', request(AuthInput(AuthType.SECRET)), facts(),
     [('settings', ()), ('record', ('settings',))]),
    ('service principal: grant to its object id', request(SP), facts(principal='o'),
     [('grant-1', ()), ('settings', ()), ('record', ('grant-1', 'settings'))]),
    ('restricted target: a firewall step', request(AuthInput(AuthType.SECRET)), facts(tgt=account('Deny')),
     [('firewall', ()), ('settings', ()), ('record', ('firewall', 'settings'))]),
    ('restricted target already admitting the app: no firewall step', request(AuthInput(AuthType.SECRET)),
     facts(tgt=account('Deny', ips=IPS.split(','))), [('settings', ()), ('record', ('settings',))]),
]


@pytest.mark.parametrize('name,req,fx,expected', CASES, ids=[c[0] for c in CASES])
def test_plan_shape(name, req, fx, expected):
    assert keys(plan_apply(req, fx)) == expected


def test_dry_run_text_never_shows_a_secret():
    text = str(plan_apply(request(SP), facts(principal='o')).describe())
    assert 'sp-secret' not in text and '<hidden>' in text


def test_settings_of_a_second_connection_carry_its_name():
    first = Record('first', SITE, 'storage-blob', BLOB, {'authType': 'secret'}, 'python',
                   ('AZURE_STORAGEBLOB_CONNECTIONSTRING',), {})
    plan = plan_apply(request(AuthInput(AuthType.SECRET), name='conn2'),
                      facts(src=source(settings={'AZURE_STORAGEBLOB_CONNECTIONSTRING': 'x'}), records={'first': first}))
    assert [k for k, _ in plan.find('settings').action.values] == ['AZURE_STORAGEBLOB_CONN2_CONNECTIONSTRING']


def test_an_unmanaged_setting_is_never_overwritten():
    plan = plan_apply(request(AuthInput(AuthType.SECRET)),
                      facts(src=source(settings={'AZURE_STORAGEBLOB_CONNECTIONSTRING': 'mine'})))
    assert [k for k, _ in plan.find('settings').action.values] == ['AZURE_STORAGEBLOB_CONN1_CONNECTIONSTRING']


def test_spring_boot_names_cannot_be_doubled():
    taken = Record('first', SITE, 'storage-blob', BLOB, {'authType': 'secret'}, 'springBoot',
                   ('azure.storage.account-name', 'azure.storage.account-key', 'azure.storage.blob-endpoint'), {})
    with pytest.raises(InvalidArgumentValueError, match='Spring Boot'):
        plan_apply(request(AuthInput(AuthType.SECRET), ClientType.SPRING_BOOT, 'conn2'),
                   facts(records={'first': taken}))


def test_a_target_closed_to_the_public_is_refused_before_any_change():
    with pytest.raises(ValidationError, match='private endpoint'):
        plan_apply(request(), facts(tgt=account('Deny', public='Disabled')))


def _record(name, roles=(), firewall=(), settings=('AZURE_STORAGEBLOB_RESOURCEENDPOINT',)):
    return Record(name, SITE, 'storage-blob', BLOB, {'authType': 'systemAssignedIdentity', 'principalId': 'p1'},
                  'python', settings, {}, roles=roles, firewall=firewall)


ROLE = RoleRef(ACCOUNT + '/providers/Microsoft.Authorization/roleAssignments/r1', 'def', ACCOUNT, 'p1', owned=True)


def test_delete_removes_what_the_record_owns():
    record = _record('conn1', (ROLE,), (FirewallRef(ACCOUNT, ('20.0.0.1',)),))
    plan = plan_delete(record, facts(src=source(settings={'AZURE_STORAGEBLOB_RESOURCEENDPOINT': 'e'}),
                                     records={'conn1': record}))
    assert change_keys(plan) == ['revoke-1', 'firewall', 'settings']


def test_delete_hands_a_shared_role_to_the_connection_still_using_it():
    mine = _record('conn1', (ROLE,))
    other = _record('conn2', (RoleRef(ROLE.id, 'def', ACCOUNT, 'p1', owned=False),), settings=())
    plan = plan_delete(mine, facts(records={'conn1': mine, 'conn2': other}))
    assert change_keys(plan) == []
    written = plan.find('record').action.build(SimpleNamespace(outputs={}))
    assert written['conn1'] is None and written['conn2'].roles[0].owned is True


def test_update_to_secret_revokes_the_role_first():
    before = _record('conn1', (ROLE,))
    plan = plan_apply(request(AuthInput(AuthType.SECRET)), facts(source(ENABLED), records={'conn1': before}),
                      before=before)
    assert change_keys(plan) == ['revoke-1', 'settings']
    assert plan.find('settings').action.remove == ('AZURE_STORAGEBLOB_RESOURCEENDPOINT',)


def test_update_keeping_the_auth_grants_again_and_revokes_nothing():
    definition = f'/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/' \
                 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
    role = RoleRef(ACCOUNT + '/providers/Microsoft.Authorization/roleAssignments/r1', definition, ACCOUNT, 'p1', True)
    before = _record('conn1', (role,))
    plan = plan_apply(request(client=ClientType.JAVA), facts(source(ENABLED), records={'conn1': before}),
                      before=before)
    assert change_keys(plan) == ['grant-1', 'settings']


# -- the intent: what an interrupted plan may leave, and its recovery --------------------------------
def test_the_intent_names_everything_the_plan_may_leave_before_anything_changes():
    from azext_connection.engine.steps import assignment_id
    from azext_connection.record import IdentityChange, Operation
    fx = facts(tgt=account('Deny'))
    fx.operation = Operation('op', 'create', '2026-01-01T00:00:00Z', 'here')
    plan = plan_apply(request(), fx)
    intent = plan.find('intent').action.build(SimpleNamespace(outputs={}))['conn1']
    assert (intent.state, intent.operation, intent.identity_change) == ('Creating', fx.operation,
                                                                       IdentityChange(None, ()))
    assert intent.settings == ('AZURE_STORAGEBLOB_RESOURCEENDPOINT',)
    assert [(r.id, r.principal_id, r.owned) for r in intent.roles] == [('', None, True)]   # principal not made yet
    assert intent.firewall[0].ips == tuple(sorted(IPS.split(',')))
    assert len(intent.planned) == len(plan.steps) - 2
    again = plan.find('intent').action.build(SimpleNamespace(outputs={'identity': {'principalId': 'p9'}}))['conn1']
    assert again.roles[0].id == assignment_id(ACCOUNT, 'p9', again.roles[0].role_definition_id)


def _interrupted_create(**changes):
    from azext_connection.record import IdentityChange, Operation
    definition = f'/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/' \
                 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
    return _record('conn1', (RoleRef('', definition, ACCOUNT, None, True),)).with_changes(
        state='Creating', operation=Operation('op', 'create', '2026-01-01T00:00:00Z', 'here'),
        identity_change=IdentityChange(None, ()), **changes)


def test_delete_of_an_interrupted_create_undoes_what_its_plan_may_have_done():
    from azext_connection.engine.steps import RemoveIdentity, assignment_id
    stale = _interrupted_create()
    enabled = {'type': 'SystemAssigned', 'principalId': 'p9'}
    plan = plan_delete(stale, facts(source(enabled, settings={'AZURE_STORAGEBLOB_RESOURCEENDPOINT': 'e'}),
                                    records={'conn1': stale}))
    assert change_keys(plan) == ['revoke-1', 'settings', 'identity']
    assert plan.find('revoke-1').action.assignment_id == assignment_id(ACCOUNT, 'p9', stale.roles[0].role_definition_id)
    assert isinstance(plan.find('identity').action, RemoveIdentity)


def test_delete_of_an_interrupted_create_keeps_an_identity_another_connection_now_uses():
    stale = _interrupted_create()
    other = _record('conn2', settings=())
    plan = plan_delete(stale, facts(source({'type': 'SystemAssigned', 'principalId': 'p9'}),
                                    records={'conn1': stale, 'conn2': other}))
    assert 'identity' not in change_keys(plan)


def test_the_final_write_expects_the_intent_still_in_place():
    plan = plan_apply(request(AuthInput(AuthType.SECRET)), facts())
    expect = plan.find('record').action.expect['conn1']
    intent = plan.find('intent').action.build(SimpleNamespace(outputs={}))['conn1']
    assert expect(intent.to_json())
    assert not expect(None)                                                    # removed meanwhile
    assert not expect(intent.with_changes(state='Succeeded', operation=None).to_json())  # completed by another
    assert not expect('{')


# -- a create that connects companions too: one plan, a record per connection ----------------------------
def test_a_create_with_a_companion_writes_both_records_in_one_plan_and_its_intent_owns_all():
    """Confluent Cloud: `conn1` (the bootstrap server) and `conn1_schema` (the schema registry). If the plan
    stops, the intent of conn1 owns every setting (delete or create again removes them all); once it has
    run, each record owns its own settings only."""
    from azext_connection.adapters.external import ExternalTarget
    from azext_connection.record import Unchanged
    boot, reg = 'pkc-1.eastus.azure.confluent.cloud:9092', 'https://psrc-1.eastus.azure.confluent.cloud'
    kafka, schema = TARGETS['confluent-cloud'], TARGETS['confluent-schema-registry']
    secret = AuthInput(AuthType.SECRET, user_name='K', secret=Secret('S'))
    part = ConnectionRequest(SOURCES['webapp'], SITE, schema, reg, 'conn1_schema',
                             AuthInput(AuthType.SECRET, user_name='K2', secret=Secret('S2')), ClientType.PYTHON)
    req = ConnectionRequest(SOURCES['webapp'], SITE, kafka, boot, 'conn1', secret, ClientType.PYTHON,
                            companions=(part,))
    fx = facts(tgt=ExternalTarget(kafka).read(None, boot))
    fx.target_adapter = ExternalTarget(kafka)
    fx.companions = ((ExternalTarget(schema), ExternalTarget(schema).read(None, reg)),)
    plan = plan_apply(req, fx)
    assert change_keys(plan) == ['settings']
    written = dict(plan.find('settings').action.values)
    assert sorted(written) == ['AZURE_CONFLUENTCLOUDKAFKA_BOOTSTRAPSERVER', 'AZURE_CONFLUENTCLOUDKAFKA_KAFKASASLCONFIG',
                               'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL', 'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_USERINFO']
    assert written['AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL'] == reg
    intent = plan.find('intent').action.build(SimpleNamespace(outputs={}))
    assert list(intent) == ['conn1'] and sorted(intent['conn1'].settings) == sorted(written)
    final = plan.find('record').action
    assert isinstance(final.expect['conn1_schema'], Unchanged) and final.expect['conn1_schema'].text is None
    records = final.build(SimpleNamespace(outputs={}, plan=plan))
    assert {n: sorted(r.settings) for n, r in records.items()} == {
        'conn1': ['AZURE_CONFLUENTCLOUDKAFKA_BOOTSTRAPSERVER', 'AZURE_CONFLUENTCLOUDKAFKA_KAFKASASLCONFIG'],
        'conn1_schema': ['AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL', 'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_USERINFO']}
    assert (records['conn1_schema'].target, records['conn1_schema'].target_id) == ('confluent-schema-registry', reg)
    assert records['conn1_schema'].auth == {'authType': 'secret', 'name': 'K2'}
    assert 'S2' not in str(plan.describe()) and 'S2' not in records['conn1_schema'].to_json()


def test_a_grant_made_by_hand_is_in_the_plan_naming_the_identity():
    from azext_connection.adapters.external import ExternalTarget
    fabric = TARGETS['fabric-sql']
    url = 'https://api.fabric.microsoft.com/v1/workspaces/w/SqlDatabases/d'
    adapter = ExternalTarget(fabric)
    req = ConnectionRequest(SOURCES['webapp'], SITE, fabric, url, 'conn1', AuthInput(AuthType.SYSTEM_IDENTITY),
                            ClientType.DOTNET, target_props={'Server': 'x.database.fabric.microsoft.com',
                                                            'Database': 'db'})
    fx = facts(src=source(ENABLED), tgt=adapter.given(adapter.read(None, url), req.target_props))
    fx.target_adapter = adapter
    plan = plan_apply(req, fx)
    assert change_keys(plan) == ['settings']                   # no grant, no network: only the settings
    assert len(plan.notes) == 1 and 'system-assigned identity of app (principal id p1)' in plan.notes[0]
