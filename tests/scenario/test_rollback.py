"""A fault injected at every changing ARM request of every plan of the slice: afterwards the
sandbox's state equals the state before, and the error names the failed step."""
import re

import pytest

from azext_connection.matrix import SOURCES, AuthType, targets_of
from tests.harness import RG, auth_args, comparable, target_args

PAIRS = [(t, a) for t in targets_of(SOURCES['webapp']) for a in t.auth_types]
READS = re.compile(r'/(list|listKeys)$', re.IGNORECASE)
GUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', re.IGNORECASE)


def _pattern(path):
    """A regex for `path` in which generated names (role assignments named after a new principal) vary."""
    return '^' + GUID.sub('[0-9a-f-]{36}', re.escape(path).replace('\\-', '-')) + '$'


def _changes(log):
    """(method, path, occurrence) of every request that changed something, in order."""
    seen, changes = {}, []
    for entry in log:
        method, path = entry['method'], entry['path'].split('?')[0]
        if method == 'GET' or (method == 'POST' and READS.search(path)):
            continue
        key = (method, _pattern(path).lower())
        seen[key] = seen.get(key, 0) + 1
        changes.append((method, path, seen[key]))
    return changes


def _restricted_world(world, target):
    """Everything, with the target restricting public access by IP so the plan has a firewall step."""
    world.everything()
    if target.adapter == 'keyvault':
        world.vault(default_action='Deny', ip_rules=('198.51.100.7',))
    else:
        world.account(default_action='Deny', ip_rules=('198.51.100.7',))


def _every_fault_restores(az, sandbox, command):
    """Run `command` once to learn its changing requests, then fail each in turn on a fresh copy."""
    start = sandbox.snapshot()
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    az(*command)
    changes = _changes(sandbox.requests)
    assert changes, 'the command changed nothing'
    for method, path, nth in changes:
        sandbox.restore(start)
        sandbox.clear_faults()
        sandbox.inject_fault(method=method, path=_pattern(path), nth=nth, status=403,
                             code='AuthorizationFailed', message='Injected: no permission.')
        failed = az(*command, expect_error=True)
        sandbox.clear_faults()
        assert comparable(sandbox.dump()) == before, f'state changed after a fault at {method} {path} #{nth}'
        message = str(failed.error)
        assert 'failed' in message and 'AuthorizationFailed' in message, message
        assert 'remove by hand' not in message, message
    return changes


@pytest.mark.parametrize('target,auth', PAIRS, ids=[f'{t.name}-{a.flag[2:]}' for t, a in PAIRS])
def test_create_rolls_back_at_every_step(az, world, sandbox, target, auth):
    _restricted_world(world, target)
    command = ['webapp', 'connection', 'create', target.name, '-g', RG, '-n', 'app', *target_args(target),
               *auth_args(auth, sandbox), '--connection', 'conn1']
    changes = _every_fault_restores(az, sandbox, command)
    mutated = {m + ' ' + p.rsplit('/', 2)[-2] if '/config/' in p else m for m, p, _ in changes}
    assert 'PUT metadata' in {m + ' ' + p.split('/')[-1] for m, p, _ in changes}   # the record, always
    assert mutated


def test_update_rolls_back_at_every_step(az, world, sandbox):
    target = next(t for t in targets_of(SOURCES['webapp']) if t.name == 'storage-blob')
    _restricted_world(world, target)
    base = ['-g', RG, '-n', 'app', '--connection', 'conn1']
    az('webapp', 'connection', 'create', 'storage-blob', *base, *target_args(target), '--system-identity',
       '--client-type', 'python')
    _every_fault_restores(az, sandbox, ['webapp', 'connection', 'update', 'storage-blob', *base,
                                        *auth_args(AuthType.USER_IDENTITY, sandbox), '--client-type', 'java'])


def test_delete_rolls_back_at_every_step(az, world, sandbox):
    target = next(t for t in targets_of(SOURCES['webapp']) if t.name == 'keyvault')
    _restricted_world(world, target)
    base = ['-g', RG, '-n', 'app', '--connection', 'conn1']
    az('webapp', 'connection', 'create', 'keyvault', *base, *target_args(target), '--system-identity')
    changes = _every_fault_restores(az, sandbox, ['webapp', 'connection', 'delete', *base, '--yes'])
    assert {m for m, _, _ in changes} >= {'DELETE', 'PATCH', 'PUT'}


def test_a_failed_undo_is_reported_and_the_rest_still_undone(az, world, sandbox):
    world.everything()
    before = comparable(sandbox.dump())
    sandbox.inject_fault(method='DELETE', path='/roleAssignments/', status=403, code='AuthorizationFailed',
                         persistent=True)
    sandbox.inject_fault(method='PUT', path='/config/metadata$', status=403, code='AuthorizationFailed')
    failed = az('webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data',
                '--account', 'acct', '--system-identity', '--connection', 'conn1', expect_error=True)
    message = str(failed.error)
    assert 'remove by hand' in message and 'roleAssignments/' in message, message
    sandbox.clear_faults()
    after = comparable(sandbox.dump())
    leftover = [k for k in after if k not in before]
    assert len(leftover) == 1 and '/roleassignments/' in leftover[0]      # only what could not be undone
    assert {k: v for k, v in after.items() if k in before} == before      # identity, settings: restored


def test_a_throttled_request_is_retried_not_rolled_back(az, world, sandbox):
    world.everything()
    sandbox.inject_fault(method='PUT', path='/config/appsettings$', status=429, code='TooManyRequests',
                         retry_after=0)
    created = az('webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data',
                 '--account', 'acct', '--secret', '--connection', 'conn1').result
    assert created['provisioningState'] == 'Succeeded'
    assert 'AZURE_STORAGEBLOB_CONNECTIONSTRING' in world.settings()
