"""A fault injected at every changing ARM request of every plan shape: afterwards the sandbox's state
equals the state before, and the error names the failed step.

A plan is the source adapter's steps (identity, configuration, record) composed with the target
adapter's (role or data-plane grant, network), and the planner reads nothing else of a triple. So the
shapes run are every (target adapter, auth) from a web app (or, for a target a web app does not reach, from the
first source that does), and every (source adapter, auth) with
storage-blob: together they fail every request of every step and undo every inverse. With the first
eight targets every web app pair was run and showed shapes to be enough."""
import pytest

from azext_connection.matrix import SOURCES, AuthType, ClientType, supported, targets_of
from tests.harness import (RG, auth_args, changing_requests, comparable, request_pattern, restricted_world,
                           state_diff, target_args)
from tests.sources import KITS


def _first_source(target):
    """The web app, or for a target it does not reach (a container app) the first source that does."""
    return next(s for s in SOURCES.values() if target.name in s.targets)


def _triples():
    triples, shapes = [], set()
    for source in SOURCES.values():
        for target in targets_of(source):
            for auth in supported(source, target).auth_types:
                # (a database that makes users in its engine has steps of its own per engine)
                shapes_of_pair = {('target', target.adapter, target.database_user, auth)
                                  if source is _first_source(target) else None,
                                  ('source', source.adapter, auth) if target.name == 'storage-blob' else None}
                if shapes_of_pair - shapes - {None}:
                    triples.append((source, target, auth))
                shapes |= shapes_of_pair
    return triples


TRIPLES = _triples()


def _every_fault_restores(az, sandbox, command):
    """Run `command` once to learn its changing requests, then fail each in turn on a fresh copy."""
    start = sandbox.snapshot()
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    az(*command)
    changes = changing_requests(sandbox.requests)
    assert changes, 'the command changed nothing'
    for method, path, nth in changes:
        sandbox.restore(start)
        sandbox.clear_faults()
        sandbox.inject_fault(method=method, path=request_pattern(path), nth=nth, status=403,
                             code='AuthorizationFailed', message='Injected: no permission.')
        if method == 'DELETE' and '/firewallrules/azext-connection-signin-' in path.lower():
            # Removing the temporary rule that admitted the caller is tried once more: the command succeeds,
            # and the rule is gone.
            az(*command)
            assert not [r for r in sandbox.dump()['resources'] if '/azext-connection-signin-' in r['id'].lower()]
            continue
        failed = az(*command, expect_error=True)
        sandbox.clear_faults()
        after = comparable(sandbox.dump())
        assert after == before, f'state changed after a fault at {method} {path} #{nth}:\n' + state_diff(before, after)
        message = str(failed.error)
        assert 'failed' in message and 'AuthorizationFailed' in message, message
        assert 'remove by hand' not in message, message
    return changes


@pytest.mark.parametrize('source,target,auth', TRIPLES,
                         ids=[f'{s.name}-{t.name}-{a.flag[2:]}' for s, t, a in TRIPLES])
def test_create_rolls_back_at_every_step(az, world, sandbox, source, target, auth):
    kit = KITS[source.name]
    restricted_world(world, target)
    kit.seed(sandbox)
    clients = supported(source, target).clients_for(target, auth)
    client = ClientType.PYTHON if ClientType.PYTHON in clients else clients[0]
    command = kit.command('create', target.name, *kit.locator, *target_args(target), *auth_args(auth, sandbox, target),
                          '--connection', 'conn1', '--client-type', client.value)
    changes = _every_fault_restores(az, sandbox, command)
    assert len(changes) >= 3                 # the intent, what the connection changes, the final record


def test_update_rolls_back_at_every_step(az, world, sandbox):
    target = next(t for t in targets_of(SOURCES['webapp']) if t.name == 'storage-blob')
    restricted_world(world, target)
    base = ['-g', RG, '-n', 'app', '--connection', 'conn1']
    az('webapp', 'connection', 'create', 'storage-blob', *base, *target_args(target), '--system-identity',
       '--client-type', 'python')
    _every_fault_restores(az, sandbox, ['webapp', 'connection', 'update', 'storage-blob', *base,
                                        *auth_args(AuthType.USER_IDENTITY, sandbox), '--client-type', 'java'])


def test_delete_rolls_back_at_every_step(az, world, sandbox):
    target = next(t for t in targets_of(SOURCES['webapp']) if t.name == 'keyvault')
    restricted_world(world, target)
    base = ['-g', RG, '-n', 'app', '--connection', 'conn1']
    az('webapp', 'connection', 'create', 'keyvault', *base, *target_args(target), '--system-identity')
    changes = _every_fault_restores(az, sandbox, ['webapp', 'connection', 'delete', *base, '--yes'])
    assert {m for m, _, _ in changes} >= {'DELETE', 'PATCH', 'PUT'}


def test_a_failed_undo_is_reported_the_rest_still_undone_and_delete_finishes_the_job(az, world, sandbox):
    world.everything()
    before = comparable(sandbox.dump())
    sandbox.inject_fault(method='DELETE', path='/roleAssignments/', status=403, code='AuthorizationFailed',
                         persistent=True)
    sandbox.inject_fault(method='PUT', path='/config/metadata$', nth=2, status=403, code='AuthorizationFailed')
    failed = az('webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data',
                '--account', 'acct', '--system-identity', '--connection', 'conn1', expect_error=True)
    message = str(failed.error)
    assert 'remove by hand' in message and 'roleAssignments/' in message and 'record stays' in message, message
    sandbox.clear_faults()
    after = comparable(sandbox.dump())
    leftover = sorted(k for k in after if k not in before)
    assert len(leftover) == 2 and '/roleassignments/' in leftover[0]      # only what could not be undone,
    assert leftover[1].endswith('/config/metadata')                       # and the record that tracks it
    assert {k: v for k, v in after.items() if k in before} == before      # identity, settings: restored
    shown = az('webapp', 'connection', 'show', '-g', RG, '-n', 'app', '--connection', 'conn1').result
    assert shown['provisioningState'] == 'Failed'
    waited = az('webapp', 'connection', 'wait', '--id', shown['id'], '--created', '--interval', '1', '--timeout', '30',
                expect_error=True)
    assert 'is Failed' in str(waited.error)                    # at once, not after the timeout
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'conn1', '--yes')
    assert comparable(sandbox.dump()) == before


def test_a_throttled_request_is_retried_not_rolled_back(az, world, sandbox):
    world.everything()
    sandbox.inject_fault(method='PUT', path='/config/appsettings$', status=429, code='TooManyRequests',
                         retry_after=0)
    created = az('webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data',
                 '--account', 'acct', '--secret', '--connection', 'conn1').result
    assert created['provisioningState'] == 'Succeeded'
    assert 'AZURE_STORAGEBLOB_CONNECTIONSTRING' in world.settings()
