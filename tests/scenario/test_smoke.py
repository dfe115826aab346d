def test_create_system_identity_storage_blob(az, world):
    world.everything()
    created = az('webapp', 'connection', 'create', 'storage-blob', '-g', 'rg', '-n', 'app', '--tg', 'data',
                 '--account', 'acct', '--system-identity', '--client-type', 'python', '--connection', 'blob1').result
    assert created['authInfo']['authType'] == 'systemAssignedIdentity'
    settings = world.settings()
    assert settings['AZURE_STORAGEBLOB_RESOURCEENDPOINT'] == 'https://acct.blob.core.windows.net/'
    roles = world.role_assignments()
    assert len(roles) == 1
    listed = az('webapp', 'connection', 'list', '-g', 'rg', '-n', 'app').result
    assert [c['name'] for c in listed] == ['blob1']
    az('webapp', 'connection', 'delete', '--id', created['id'], '--yes')
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' not in world.settings()
    assert world.role_assignments() == []
