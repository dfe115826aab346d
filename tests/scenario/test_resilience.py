"""What outlives or surprises a connection: a target deleted under it, record entries this version
cannot read, and ARM throttling without Retry-After."""
import json

import pytest

from tests.harness import RG, account_id, site_id, vault_id

APP = ['-g', RG, '-n', 'app']


def _create(target, name, *auth):
    where = ['--vault', 'vault'] if target == 'keyvault' else ['--account', 'acct']
    return ['webapp', 'connection', 'create', target, *APP, '--tg', 'data', *where, *auth, '--connection', name,
            '--client-type', 'python']


@pytest.mark.parametrize('target,resource', [('storage-blob', account_id), ('keyvault', vault_id)])
def test_a_connection_whose_target_was_deleted_deletes_cleanly(az, world, sandbox, target, resource):
    world.everything()
    world.account(default_action='Deny')
    world.vault(default_action='Deny')
    az(*_create(target, 'gone', '--system-identity'))
    assert world.role_assignments()
    sandbox.delete_resource(resource())                    # ARM deletes its role assignments with it
    checks = az('webapp', 'connection', 'validate', *APP, '--connection', 'gone').result
    failed = [c for c in checks if c['result'] == 'failure']
    assert [c['name'] for c in failed] == ['target-exists'] and 'delete this connection' in failed[0]['suggestion']
    deleted = az('webapp', 'connection', 'delete', *APP, '--connection', 'gone', '--yes')
    assert 'no longer exists' in deleted.stderr
    assert az('webapp', 'connection', 'list', *APP).result == []
    assert not [k for k in world.settings() if k.startswith('AZURE_')] and not world.metadata()


def test_a_role_assignment_already_removed_by_hand_does_not_stop_delete(az, world, sandbox):
    world.everything()
    az(*_create('storage-blob', 'c1', '--system-identity'))
    for assignment in world.role_assignments():
        sandbox.delete_resource(assignment['id'])
    az('webapp', 'connection', 'delete', *APP, '--connection', 'c1', '--yes')
    assert az('webapp', 'connection', 'list', *APP).result == []


UNREADABLE = {
    'AZEXT_CONNECTION_broken': '{"name": "broken", "target": ',
    'AZEXT_CONNECTION_alien': json.dumps({'owner': 'another tool'}),
    'AZEXT_CONNECTION_future': json.dumps({'name': 'future', 'target': 'storage-blob', 'target_id': 'x',
                                           'auth': {}, 'client_type': 'python', 'version': 99}),
}


def _put_metadata(sandbox, entries):
    sandbox.call('PUT', site_id() + '/config/metadata', {'properties': entries})


def test_records_this_version_cannot_read_are_reported_and_never_overwritten(az, world, sandbox):
    world.everything()
    az(*_create('storage-blob', 'good', '--secret'))
    _put_metadata(sandbox, {**world.metadata(), **UNREADABLE})
    listed = az('webapp', 'connection', 'list', *APP)
    assert [c['name'] for c in listed.result] == ['good']
    for key in UNREADABLE:
        assert key in listed.stderr
    assert 'newer version' in listed.stderr and 'invalid JSON' in listed.stderr
    refused = az(*_create('storage-queue', 'broken', '--secret'), expect_error=True)
    assert '--force' in str(refused.error)
    shown = az('webapp', 'connection', 'show', *APP, '--connection', 'future', expect_error=True)
    assert 'cannot be read' in str(shown.error) and 'newer version' in str(shown.error)
    az(*_create('storage-queue', 'other', '--secret'))
    az('webapp', 'connection', 'delete', *APP, '--connection', 'good', '--yes')
    assert {k: v for k, v in world.metadata().items() if k in UNREADABLE} == UNREADABLE    # untouched
    refused = az('webapp', 'connection', 'delete', *APP, '--connection', 'alien', '--yes', expect_error=True)
    assert '--force' in str(refused.error)
    az('webapp', 'connection', 'delete', *APP, '--connection', 'alien', '--yes', '--force')
    assert 'AZEXT_CONNECTION_alien' not in world.metadata()
    replaced = az(*_create('storage-table', 'broken', '--secret'), '--force').result
    assert replaced['provisioningState'] == 'Succeeded'
    assert world.metadata()['AZEXT_CONNECTION_future'] == UNREADABLE['AZEXT_CONNECTION_future']


@pytest.mark.parametrize('method,path,auth', [
    ('PATCH', r'/sites/app$', '--system-identity'),        # enabling the identity
    ('POST', r'/listKeys$', '--secret'),                   # reading the account key
], ids=['patch', 'post'])
def test_throttling_without_retry_after_is_waited_out(az, world, sandbox, method, path, auth):
    world.everything()
    sandbox.inject_fault(method=method, path=path, status=429, code='SubscriptionRequestsThrottled',
                         message="Number of 'write' requests for subscription exceeded.")
    created = az(*_create('storage-blob', 't1', auth), '--verbose')
    assert created.result['provisioningState'] == 'Succeeded'
    assert 'ARM throttled' in created.stderr and 'waiting' in created.stderr
    assert [f['fired'] for f in sandbox.faults.list()] == [1]
