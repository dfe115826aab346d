"""--opt-out through the real az parser: what the sandbox holds after a create with each opt-out (no role
assignment, no firewall change, no setting), validate reporting no failure for what was skipped, delete
leaving the sandbox as before; a target denying public traffic accepted with `--opt-out publicnetwork`; a
missing system identity with `--opt-out auth` refused before anything changes; update keeping them."""
import pytest
from azure.cli.core import azclierror as e

from azext_connection.matrix import TARGETS, AuthType
from tests.harness import RG, auth_args, comparable, restricted_world, site_id, state_diff, target_args
from tests.targets import SEEDS

CREATE = ['webapp', 'connection', 'create']
APP = ['-g', RG, '-n', 'app']

CASES = [
    # target, auth, opt-outs, (roles granted, target's network changed, settings written)
    ('storage-blob', AuthType.SYSTEM_IDENTITY, ['auth'], (False, True, True)),
    ('storage-blob', AuthType.SYSTEM_IDENTITY, ['publicnetwork'], (True, False, True)),
    ('storage-blob', AuthType.SYSTEM_IDENTITY, ['configinfo'], (True, True, False)),
    ('postgres-flexible', AuthType.SECRET, ['publicnetwork'], (False, False, True)),
    ('postgres-flexible', AuthType.SECRET, ['configinfo'], (False, True, False)),
    ('cosmos-sql', AuthType.SYSTEM_IDENTITY, ['auth'], (False, True, True)),
    ('cosmos-sql', AuthType.SYSTEM_IDENTITY, ['auth', 'configinfo', 'publicnetwork'], (False, False, False)),
]


def _target_network(state, target):
    """The target's resource and its children (firewall rules), without the role assignments under it
    (counted on their own)."""
    prefix = SEEDS[target].resource_id.lower()
    return {k: v for k, v in state.items() if k.startswith(prefix)
            and '/providers/microsoft.authorization/' not in k and '/sqlroleassignments/' not in k}


def _enable_identity(az):
    az('webapp', 'identity', 'assign', *APP, '-o', 'none')


def _restricted(world, target):
    restricted_world(world, TARGETS[target])
    # cosmos-sql's seed has no IP rules even when restricted: give it one, so opening it is a change
    if target == 'cosmos-sql':
        account = SEEDS[target].resource_id
        body = world.sandbox.get_resource(account)
        world.sandbox.store.put(account, {**body, 'properties': {
            **body['properties'], 'ipRules': [{'ipAddressOrRange': '198.51.100.7'}]}})


@pytest.mark.parametrize('target,auth,opt_out,expected', CASES,
                         ids=[f"{t}-{'+'.join(o)}" for t, _, o, _ in CASES])
def test_a_create_with_opt_out_leaves_those_parts_alone(az, world, sandbox, target, auth, opt_out, expected):
    _restricted(world, target)
    if 'auth' in opt_out and auth is AuthType.SYSTEM_IDENTITY:
        _enable_identity(az)         # the user set up the identity (and would grant its roles)
    before = comparable(sandbox.dump(), keep_identity=False)
    roles_before = len(world.role_assignments() + world.data_plane_assignments())
    spec = TARGETS[target]
    created = az(*CREATE, target, *APP, *target_args(spec), *auth_args(auth, sandbox, spec), '--connection', 'c1',
                 '--client-type', 'python', '--opt-out', *opt_out).result
    after = comparable(sandbox.dump(), keep_identity=False)
    roles, network, settings = expected
    assert (len(world.role_assignments() + world.data_plane_assignments()) > roles_before) == roles
    assert (_target_network(after, target) != _target_network(before, target)) == network, \
        state_diff(_target_network(before, target), _target_network(after, target))
    assert bool(world.settings()) == settings
    assert ('authMode' in (created['authInfo'] or {})) == ('auth' in opt_out)
    assert created['publicNetworkSolution']['action'] == ('optOut' if 'publicnetwork' in opt_out else 'enable')
    assert created['configurationInfo']['action'] == ('optOut' if 'configinfo' in opt_out else 'enable')
    checks = az('webapp', 'connection', 'validate', *APP, '--connection', 'c1').result
    assert [c for c in checks if c['result'] != 'success'] == []
    names = {c['name'] for c in checks}
    assert ('configuration' in names) != ('configinfo' in opt_out)
    assert not any(n.startswith('role:') for n in names) or 'auth' not in opt_out
    az('webapp', 'connection', 'delete', *APP, '--connection', 'c1', '--yes')
    assert comparable(sandbox.dump(), keep_identity=False) == before, \
        state_diff(before, comparable(sandbox.dump(), keep_identity=False))


def test_dry_run_names_what_is_not_done(az, world, sandbox):
    _restricted(world, 'storage-blob')
    plan = az(*CREATE, 'storage-blob', *APP, *target_args(TARGETS['storage-blob']), '--system-identity',
              '--client-type', 'python', '--opt-out', 'publicnetwork', 'configinfo', '--dry-run').result
    assert plan['skipped'] == [
        "not done (--opt-out publicnetwork): the target's firewall (IP rules, firewall rules, the Azure services "
        "rule)", 'not done (--opt-out configinfo): the settings on the source']
    actions = ' '.join(s['action'] for s in plan['steps'])
    assert 'allow' not in actions and 'setting' not in actions.lower()


def test_a_target_denying_public_traffic_is_accepted_with_opt_out_publicnetwork(az, world, sandbox):
    world.everything()
    world.account('closed', public='Disabled')
    args = [*CREATE, 'storage-blob', *APP, '--tg', 'data', '--account', 'closed', '--secret', '--connection', 'pe']
    refused = az(*args, expect_error=True)
    assert isinstance(refused.error, e.ValidationError) and '--opt-out publicnetwork' in str(refused.error)
    before = sandbox.get_resource(SEEDS['storage-blob'].resource_id.replace('/acct', '/closed'))
    az(*args, '--opt-out', 'publicnetwork')
    assert sandbox.get_resource(SEEDS['storage-blob'].resource_id.replace('/acct', '/closed')) == before
    assert any(k.startswith('AZURE_STORAGEBLOB_') for k in world.settings())
    checks = az('webapp', 'connection', 'validate', *APP, '--connection', 'pe').result
    assert [c for c in checks if c['result'] != 'success'] == []


def test_opt_out_auth_without_the_system_identity_is_refused_without_a_change(az, world, sandbox):
    world.everything()
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    failed = az(*CREATE, 'storage-blob', *APP, *target_args(TARGETS['storage-blob']), '--system-identity',
                '--opt-out', 'auth', expect_error=True)
    assert isinstance(failed.error, e.AzCLIError) and '--opt-out auth' in str(failed.error)
    assert 'Enable its system-assigned identity first' in str(failed.error)
    assert comparable(sandbox.dump()) == before
    assert [r for r in sandbox.requests if r['method'] in ('PUT', 'PATCH', 'DELETE')] == []


def test_update_keeps_the_opt_outs_unless_given_and_given_replaces_them(az, world, sandbox):
    world.everything()
    _enable_identity(az)
    blob = [*APP, *target_args(TARGETS['storage-blob'])]
    az(*CREATE, 'storage-blob', *blob, '--system-identity', '--client-type', 'python', '--connection', 'c1',
       '--opt-out', 'auth', 'configinfo')
    kept = az('webapp', 'connection', 'update', 'storage-blob', *APP, '--connection', 'c1', '--client-type',
              'java').result
    assert kept['authInfo']['authMode'] == 'optOutAllAuth' and kept['configurationInfo']['action'] == 'optOut'
    assert world.role_assignments() == [] and world.settings() == {}
    replaced = az('webapp', 'connection', 'update', 'storage-blob', *APP, '--connection', 'c1', '--opt-out',
                  'auth').result
    assert replaced['configurationInfo']['action'] == 'enable'
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' in world.settings() and world.role_assignments() == []
    shown = az('webapp', 'connection', 'show', *APP, '--connection', 'c1').result
    assert shown['authInfo']['authMode'] == 'optOutAllAuth'
