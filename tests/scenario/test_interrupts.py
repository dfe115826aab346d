"""A real `az` process interrupted at every changing request of every plan: the sandbox holds the
request, the test kills the process (kill -9) or presses Ctrl-C (SIGINT), then lets ARM carry the
request out, as it would a request already sent.

After Ctrl-C the command has undone everything and exits 130. After kill -9 nothing could be undone,
but the connection is never lost: `show` says Failed, `validate` says what may be half-done, `delete`
removes exactly what the plan may have done (the sandbox equals the state before), and creating the
connection again cleans up first and succeeds.

A real process start costs ~1.3 s per interrupt, so the pairs run here are one per target adapter
(its first target, with a system identity where it offers one: that plan has every kind of step the
adapter has, a role or data-plane grant, network and configuration) plus every auth type once with
storage (what the auth adds: a user identity attached, a service principal's role). Every plan
shape's every request is failed in-process by test_rollback.py, whose undo code is the same."""
import re
import signal
import time

import pytest

from azext_connection.matrix import SOURCES, TARGETS, AuthType, targets_of
from tests.harness import (RG, auth_args, but_entra_admin, changing_requests, comparable, request_pattern, restricted_world,
                           target_args)

def _one_per_adapter():
    pairs = {}
    for target in targets_of(SOURCES['webapp']):
        auth = AuthType.SYSTEM_IDENTITY if AuthType.SYSTEM_IDENTITY in target.auth_types else target.auth_types[0]
        if (target.adapter, target.database_user) not in {(t.adapter, t.database_user) for t, _ in pairs.values()}:
            pairs[(target.name, auth)] = (target, auth)
        if target.name == 'storage-blob':
            pairs.update({(target.name, other): (target, other) for other in target.auth_types})
    return list(pairs.values())


PAIRS = _one_per_adapter()
APP = ['-g', RG, '-n', 'app', '--connection', 'conn1']


def _create(target, auth, sandbox):
    return ['webapp', 'connection', 'create', target.name, *APP, *target_args(target), *auth_args(auth, sandbox, target),
            '--client-type', _client(target, auth)]


def _client(target, auth):
    """python where the target offers it (SignalR offers .NET only), else its first client type."""
    clients = [c.value for c in target.clients_for(auth)]
    return 'python' if 'python' in clients else clients[0]


def _interrupt_at_each_change(az, az_processes, sandbox, command, interrupt, check):
    """Learn `command`'s changing requests (one in-process run), then for each: restore the state,
    hold that request, start `command` as a process, `interrupt(process)`, release, and `check`."""
    start = sandbox.snapshot()
    sandbox.clear_log()
    az(*command)
    changes = changing_requests(sandbox.requests)
    assert changes
    for method, path, nth in changes:
        sandbox.restore(start)
        sandbox.clear_log()
        held = sandbox.hold(method, request_pattern(path), nth)
        process = az_processes.start(*command)
        assert held.arrived.wait(90), f'{method} {path} #{nth} never came'
        interrupt(process)
        held.release()
        _, err = process.communicate(timeout=120)
        _wait_until_served(sandbox, method, path, nth)
        check(f'{method} {path.rsplit("/providers/", 1)[-1]} #{nth}', process.returncode, err)
    return changes


def _wait_until_served(sandbox, method, path, nth, timeout=30):
    """The held request has been carried out (ARM finishes a request whose client died)."""
    rx = re.compile(request_pattern(path), re.I)
    deadline = time.monotonic() + timeout
    while sum(1 for e in sandbox.requests if e['method'] == method and rx.search(e['path'].split('?')[0])) < nth:
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _kill(process):
    process.kill()
    process.wait(30)


def _ctrl_c(process):
    process.send_signal(signal.SIGINT)


@pytest.mark.parametrize('target,auth', PAIRS, ids=[f'{t.name}-{a.flag[2:]}' for t, a in PAIRS])
def test_ctrl_c_during_create_undoes_everything_and_exits_130(az, az_processes, world, sandbox, target, auth):
    restricted_world(world, target)
    before = comparable(sandbox.dump())

    def check(where, code, err):
        assert code == 130, (where, err)
        assert 'Interrupted' in err and 'Traceback' not in err, (where, err)
        assert comparable(sandbox.dump()) == before, f'state changed after Ctrl-C at {where}'
    _interrupt_at_each_change(az, az_processes, sandbox, _create(target, auth, sandbox), _ctrl_c, check)


@pytest.mark.parametrize('target,auth', PAIRS, ids=[f'{t.name}-{a.flag[2:]}' for t, a in PAIRS])
def test_kill_during_create_leaves_a_connection_delete_or_create_can_finish(az, az_processes, world, sandbox,
                                                                           target, auth):
    restricted_world(world, target)
    before = comparable(sandbox.dump())
    before_without_identity = comparable(sandbox.dump(), keep_identity=False)
    command = _create(target, auth, sandbox)

    def kept(state):
        return but_entra_admin(state, target, auth)

    def delete_all():
        """The connection, and those its create made next to it (Confluent's schema registry's)."""
        for name in ['conn1'] + [f'conn1{TARGETS[c].name_suffix}' for c in target.companions]:
            az('webapp', 'connection', 'delete', *APP[:-1], name, '--yes')

    def check(where, code, err):
        assert code == -signal.SIGKILL
        killed = sandbox.snapshot()
        shown = az('webapp', 'connection', 'show', *APP).result
        if shown['provisioningState'] == 'Succeeded':     # killed at its last request: it finished
            assert where.startswith('PUT') and 'metadata' in where
            delete_all()
            assert kept(comparable(sandbox.dump(), keep_identity=False)) == kept(before_without_identity)
            return
        assert shown['provisioningState'] == 'Failed', where
        checks = az('webapp', 'connection', 'validate', *APP).result
        half = [c for c in checks if c['name'] == 'operation']
        assert half and half[0]['result'] == 'failure' and 'delete' in half[0]['suggestion'], (where, checks)
        az('webapp', 'connection', 'delete', *APP, '--yes')
        assert kept(comparable(sandbox.dump())) == kept(before), f'delete left something after a kill at {where}'
        sandbox.restore(killed)
        created = az(*command).result                     # creating it again cleans up first
        assert (created[0] if isinstance(created, list) else created)['provisioningState'] == 'Succeeded'
        assert [c for c in az('webapp', 'connection', 'validate', *APP).result if c['result'] != 'success'] == []
        delete_all()
        assert kept(comparable(sandbox.dump(), keep_identity=False)) == kept(before_without_identity)
    _interrupt_at_each_change(az, az_processes, sandbox, command, _kill, check)


def _connected(az, world, sandbox, target_name):
    """A restricted world with one system-identity connection: (state without it, state with it)."""
    target = next(t for t in targets_of(SOURCES['webapp']) if t.name == target_name)
    restricted_world(world, target)
    empty = comparable(sandbox.dump(), keep_identity=False)
    az(*_create(target, AuthType.SYSTEM_IDENTITY, sandbox))
    return empty, comparable(sandbox.dump())


def _ctrl_c_restored(interrupt, code, sandbox, connected, where, err):
    """After Ctrl-C: exit 130 and the state as before the command. True when that was the interrupt."""
    if interrupt is not _ctrl_c:
        return False
    assert code == 130 and comparable(sandbox.dump()) == connected, (where, err)
    return True


@pytest.mark.parametrize('interrupt', [_kill, _ctrl_c], ids=['kill', 'ctrl-c'])
def test_update_interrupted_anywhere_is_undone_or_recoverable(az, az_processes, world, sandbox, interrupt):
    empty, connected = _connected(az, world, sandbox, 'storage-blob')
    command = ['webapp', 'connection', 'update', 'storage-blob', *APP, *auth_args(AuthType.USER_IDENTITY, sandbox),
               '--client-type', 'java']

    def check(where, code, err):
        if _ctrl_c_restored(interrupt, code, sandbox, connected, where, err):
            return
        state = az('webapp', 'connection', 'show', *APP).result['provisioningState']
        assert state in ('Failed', 'Succeeded'), where
        killed = sandbox.snapshot()
        az('webapp', 'connection', 'delete', *APP, '--yes')
        assert comparable(sandbox.dump(), keep_identity=False) == empty, f'delete left something ({where})'
        sandbox.restore(killed)
        az(*command)                                        # an update finishes what the killed one began
        assert [c for c in az('webapp', 'connection', 'validate', *APP).result if c['result'] != 'success'] == []
    _interrupt_at_each_change(az, az_processes, sandbox, command, interrupt, check)


@pytest.mark.parametrize('interrupt', [_kill, _ctrl_c], ids=['kill', 'ctrl-c'])
def test_delete_interrupted_anywhere_is_undone_or_finishes(az, az_processes, world, sandbox, interrupt):
    empty, connected = _connected(az, world, sandbox, 'keyvault')
    command = ['webapp', 'connection', 'delete', *APP, '--yes']

    def check(where, code, err):
        if _ctrl_c_restored(interrupt, code, sandbox, connected, where, err):
            return
        listed = az('webapp', 'connection', 'list', '-g', RG, '-n', 'app').result
        assert [c['provisioningState'] for c in listed] in ([], ['Failed']), where
        if listed:
            az(*command)
        assert comparable(sandbox.dump(), keep_identity=False) == empty, f'a second delete left something ({where})'
    _interrupt_at_each_change(az, az_processes, sandbox, command, interrupt, check)
