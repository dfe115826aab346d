"""Commands at once: real `az` processes on one app and on one target, with latency, repeated, and
another tool writing during a create. Afterwards nothing is lost and nothing is orphaned: every
connection that should exist does, complete and valid; every setting, role assignment and firewall
address the extension made belongs to a connection that still exists."""
import time

import pytest

from azext_connection.record import read_records
from tests.harness import RG, SUB, account_id, site_id

APP = ['-g', RG, '-n', 'app']
STORAGE = ['--tg', 'data', '--account', 'acct']
USER_RULE = '198.51.100.7'


def create(target, name, *auth, app='app'):
    where = ['--vault', 'vault'] if target == 'keyvault' else ['--account', 'acct']
    return ['webapp', 'connection', 'create', target, '-g', RG, '-n', app, '--tg', 'data', *where, *auth,
            '--connection', name, '--client-type', 'python']


def records_of(world, app='app'):
    return read_records(world.metadata(app), site_id(app))


def assert_whole(az, world, sandbox, expected, apps=('app',)):
    """The connections are exactly `expected` (by app), each complete and valid, and nothing the
    extension made is left without a connection that owns or relies on it."""
    role_ids, ips = set(), set()
    for app in apps:
        listed = az('webapp', 'connection', 'list', '-g', RG, '-n', app).result
        assert sorted(c['name'] for c in listed) == sorted(expected[app])
        assert {c['provisioningState'] for c in listed} <= {'Succeeded'}
        records = records_of(world, app)
        assert not records.unreadable
        owned_keys = {k for r in records.records.values() for k in r.settings}
        assert {k for k in world.settings(app) if k.startswith('AZURE_')} == owned_keys, 'a setting no record owns'
        for name in expected[app]:
            checks = az('webapp', 'connection', 'validate', '-g', RG, '-n', app, '--connection', name).result
            assert [c for c in checks if c['result'] != 'success'] == [], (app, name)
        role_ids |= {r.id.lower() for rec in records.records.values() for r in rec.roles}
        ips |= {ip for rec in records.records.values() for fw in rec.firewall for ip in fw.ips}
    assert {r['id'].lower() for r in world.role_assignments()} == role_ids, 'a role assignment no record names'
    rules = {r['value'] for r in sandbox.get_resource(account_id())['properties']['networkAcls']['ipRules']}
    assert rules - {USER_RULE} == ips, 'a firewall address no record names'


@pytest.mark.parametrize('round_', range(2))
def test_mixed_commands_at_once_on_one_app_lose_nothing(az, az_processes, world, sandbox, round_):
    world.everything()
    world.account(default_action='Deny', ip_rules=(USER_RULE,))
    client = sandbox.get_resource(
        f'/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai')
    az(*create('storage-blob', 'old1', '--secret'))
    az(*create('keyvault', 'old2', '--system-identity'))
    sandbox.set_latency(150)
    results = az_processes.run_all([
        create('storage-blob', 'c1', '--system-identity'),
        create('storage-queue', 'c2', '--secret'),
        create('keyvault', 'c3', '--user-identity', f"client-id={client['properties']['clientId']}",
               f'subs-id={SUB}'),
        create('storage-table', 'c4', '--system-identity'),
        ['webapp', 'connection', 'update', 'storage-blob', *APP, '--connection', 'old1', '--client-type', 'java'],
        ['webapp', 'connection', 'delete', *APP, '--connection', 'old2', '--yes'],
    ])
    sandbox.clear_latency()
    assert [code for code, _, _ in results] == [0] * 6, [err for _, _, err in results]
    assert any('Waiting for another connection command' in err for _, _, err in results)   # they did overlap
    assert_whole(az, world, sandbox, {'app': ['c1', 'c2', 'c3', 'c4', 'old1']})
    assert records_of(world).get('old1').client_type == 'java'


def test_two_apps_connecting_to_one_account_at_once_keep_both_addresses(az, az_processes, world, sandbox):
    world.everything()
    world.app('app2')
    world.account(default_action='Deny', ip_rules=(USER_RULE,))
    sandbox.set_latency(150)
    results = az_processes.run_all([create('storage-blob', f'c{i}', '--secret', app=app)
                                    for i, app in enumerate(('app', 'app2'))])
    sandbox.clear_latency()
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    rules = {r['value'] for r in sandbox.get_resource(account_id())['properties']['networkAcls']['ipRules']}
    assert set(world.outbound_ips('app')) | set(world.outbound_ips('app2')) | {USER_RULE} == rules
    assert_whole(az, world, sandbox, {'app': ['c0'], 'app2': ['c1']}, apps=('app', 'app2'))


def _logged(sandbox, method, pattern):
    import re
    return [e for e in sandbox.requests if e['method'] == method and re.search(pattern, e['path'], re.I)]


def _wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, 'timed out'
        time.sleep(0.05)


def test_a_setting_another_tool_writes_while_a_create_runs_is_kept(az, az_processes, world, sandbox):
    world.everything()
    held = sandbox.hold('PUT', '/config/metadata$')          # the create's intent: before its settings write
    ours = az_processes.start(*create('storage-blob', 'c1', '--secret'))
    assert held.arrived.wait(60)
    az('webapp', 'config', 'appsettings', 'set', *APP, '--settings', 'OTHER=1', '-o', 'none')
    held.release()
    out, err = ours.communicate(timeout=120)
    assert ours.returncode == 0, err
    assert world.settings()['OTHER'] == '1' and 'AZURE_STORAGEBLOB_CONNECTIONSTRING' in world.settings()


def test_a_write_that_undoes_ours_while_a_create_runs_is_put_right(az, az_processes, world, sandbox):
    """Another tool read the settings before our write and writes them back after it (dropping ours):
    the create's verify-after-write notices and writes its settings again."""
    world.everything()
    theirs_held = sandbox.hold('PUT', '/config/appsettings$')
    theirs = az_processes.start('webapp', 'config', 'appsettings', 'set', *APP, '--settings', 'OTHER=1')
    assert theirs_held.arrived.wait(60)                     # they have read; their write waits
    grant_held = sandbox.hold('PUT', '/roleAssignments/')
    ours = az_processes.start(*create('storage-blob', 'c1', '--system-identity'))
    assert grant_held.arrived.wait(60)
    _wait_for(lambda: [e for e in _logged(sandbox, 'PUT', '/config/appsettings$') if e['status'] == 200])
    theirs_held.release()                                   # their stale write lands on top of ours
    theirs.communicate(timeout=120)
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' not in world.settings()
    grant_held.release()
    out, err = ours.communicate(timeout=120)
    assert ours.returncode == 0, err
    assert 'applied again' in err
    assert world.settings()['OTHER'] == '1' and 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' in world.settings()
    assert_whole(az, world, sandbox, {'app': ['c1']})
