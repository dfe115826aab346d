"""What an experienced az user expects when leaving things out, and slots."""
from tests.harness import RG, SUB, site_id

BLOB = ['webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data', '--account', 'acct']


def test_missing_auth_takes_the_default_with_a_warning(az, world):
    world.everything()
    created = az(*BLOB, '--connection', 'c1')
    assert created.result['authInfo']['authType'] == 'systemAssignedIdentity'
    assert 'use default one: --system-identity' in created.stderr


def test_missing_client_type_is_detected_from_the_runtime_stack(az, world, sandbox):
    world.everything()
    world.app(runtime='NODE|20-lts')
    created = az(*BLOB, '--secret', '--connection', 'c1')
    assert created.result['clientType'] == 'nodejs'
    assert '--client-type nodejs' in created.stderr


def test_missing_client_type_without_a_known_stack_is_none(az, world):
    world.everything()
    world.app(runtime='')
    assert az(*BLOB, '--secret', '--connection', 'c1').result['clientType'] == 'none'


def test_missing_name_is_generated_valid_and_reported(az, world):
    world.everything()
    created = az(*BLOB, '--secret')
    name = created.result['name']
    assert name.startswith('storageblob_') and len(name) == len('storageblob_') + 5
    assert f'--connection {name}' in created.stderr


def test_a_slot_is_a_source_of_its_own(az, world, sandbox):
    world.everything()
    slot = site_id() + '/slots/staging'
    sandbox.put_resource(slot, {'location': 'eastus', 'properties': {}})
    created = az(*BLOB, '--slot', 'staging', '--system-identity', '--client-type', 'python', '--connection', 's1')
    assert created.result['id'] == slot + '/providers/Microsoft.ServiceLinker/linkers/s1'
    slot_settings = sandbox.call('POST', slot + '/config/appsettings/list').body['properties']
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' in slot_settings
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' not in world.settings()     # production untouched
    assert sandbox.get_resource(slot)['identity']['type'] == 'SystemAssigned'
    assert az('webapp', 'connection', 'list', '-g', RG, '-n', 'app').result == []
    assert [c['name'] for c in az('webapp', 'connection', 'list', '-g', RG, '-n', 'app', '--slot', 'staging')
            .result] == ['s1']
    assert az('webapp', 'connection', 'validate', '--id', created.result['id'],
              '--query', "[?result!='success']").result == []
    az('webapp', 'connection', 'delete', '--id', created.result['id'], '--yes')
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' not in sandbox.call('POST', slot + '/config/appsettings/list').body[
        'properties']


def test_ids_are_case_insensitive(az, world):
    world.everything()
    created = az(*BLOB, '--secret', '--connection', 'Conn1').result
    assert az('webapp', 'connection', 'show', '--id', created['id'].lower()).result['name'] == 'Conn1'
    assert az('webapp', 'connection', 'show', '-g', 'RG', '-n', 'APP', '--connection', 'conn1').result['name'] == 'Conn1'


def test_wait_returns_for_created_and_deleted(az, world):
    world.everything()
    created = az(*BLOB, '--secret', '--connection', 'c1').result
    az('webapp', 'connection', 'wait', '--id', created['id'], '--created', '--interval', '1', '--timeout', '5')
    az('webapp', 'connection', 'delete', '--id', created['id'], '--yes')
    az('webapp', 'connection', 'wait', '--id', created['id'], '--deleted', '--interval', '1', '--timeout', '5')
    timed_out = az('webapp', 'connection', 'wait', '--id', created['id'], '--created', '--interval', '1',
                   '--timeout', '1', expect_error=True)
    assert 'Timed out' in str(timed_out.error)


def test_source_id_and_target_id_work_instead_of_names(az, world):
    world.everything()
    account = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/acct'
    created = az('webapp', 'connection', 'create', 'storage-queue', '--source-id', site_id(), '--target-id', account,
                 '--secret', '--connection', 'q1', '--client-type', 'java').result
    assert created['targetService']['id'] == account + '/queueServices/default'
    assert 'AZURE_STORAGEQUEUE_CONNECTIONSTRING' in world.settings()
