"""What a connection owns, and only that: firewall addresses, role assignments, settings. Updates
that swap auth leave nothing behind; validate notices what drifted and says how to fix it."""
from tests.harness import RG, SP_OBJECT, SUB, account_id, auth_args, identity_id, site_id, vault_id

BLOB = ['webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data', '--account', 'acct']
STORAGE_BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'


def _ip_rules(sandbox):
    return sorted(r['value'] for r in sandbox.get_resource(account_id())['properties']['networkAcls']['ipRules'])


def test_firewall_addresses_are_added_once_shared_and_removed_by_the_last_owner(az, world, sandbox):
    world.everything()
    world.account(default_action='Deny', ip_rules=('198.51.100.7',))
    outbound = world.outbound_ips()
    az(*BLOB, '--secret', '--connection', 'first')
    assert _ip_rules(sandbox) == sorted(outbound + ['198.51.100.7'])
    az('webapp', 'connection', 'create', 'storage-queue', '-g', RG, '-n', 'app', '--tg', 'data', '--account',
       'acct', '--secret', '--connection', 'second')
    assert _ip_rules(sandbox) == sorted(outbound + ['198.51.100.7'])          # nothing added twice
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'first', '--yes')
    assert _ip_rules(sandbox) == sorted(outbound + ['198.51.100.7'])          # 'second' still needs them
    second = az('webapp', 'connection', 'show', '-g', RG, '-n', 'app', '--connection', 'second').result
    assert sorted(second['publicNetworkSolution']['firewallRules']['ipRanges']) == sorted(outbound)
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'second', '--yes')
    assert _ip_rules(sandbox) == ['198.51.100.7']                              # the user's own rule stays


def test_an_equal_role_assignment_made_elsewhere_is_used_and_never_deleted(az, world, sandbox):
    world.everything()
    mine = account_id() + '/providers/Microsoft.Authorization/roleAssignments/99999999-9999-9999-9999-999999999999'
    sandbox.put_resource(mine, {'properties': {
        'roleDefinitionId': f'/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/'
                            + STORAGE_BLOB_DATA_CONTRIBUTOR,
        'principalId': SP_OBJECT, 'principalType': 'ServicePrincipal'}})
    az(*BLOB, *auth_args_sp(sandbox), '--connection', 'sp')
    assert [r['id'].lower() for r in world.role_assignments()] == [mine.lower()]
    checks = az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 'sp').result
    assert [c['name'] for c in checks if c['result'] != 'success'] == []
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'sp', '--yes')
    assert [r['id'].lower() for r in world.role_assignments()] == [mine.lower()]


def auth_args_sp(sandbox):
    from azext_connection.matrix import AuthType
    return auth_args(AuthType.SERVICE_PRINCIPAL, sandbox)


def test_settings_the_connection_does_not_own_are_never_touched(az, world, sandbox):
    world.everything()
    sandbox.call('PUT', site_id() + '/config/appsettings', {'properties': {'MY_SETTING': 'keep me'}})
    az(*BLOB, '--system-identity', '--connection', 'c1')
    az('webapp', 'connection', 'update', 'storage-blob', '-g', RG, '-n', 'app', '--connection', 'c1',
       '--client-type', 'java')
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'c1', '--yes')
    assert world.settings() == {'MY_SETTING': 'keep me'}


def test_updating_auth_swaps_roles_and_settings_and_leaves_nothing_behind(az, world, sandbox):
    from azext_connection.matrix import AuthType
    world.everything()
    base = ['-g', RG, '-n', 'app', '--connection', 'c1']
    az(*BLOB[:4], *BLOB[8:], *base, '--system-identity', '--client-type', 'python')
    system_principal = sandbox.get_resource(site_id())['identity']['principalId']
    assert [r['properties']['principalId'] for r in world.role_assignments()] == [system_principal]

    az('webapp', 'connection', 'update', 'storage-blob', *base, *auth_args(AuthType.USER_IDENTITY, sandbox))
    user_principal = sandbox.get_resource(identity_id())['properties']['principalId']
    assert [r['properties']['principalId'] for r in world.role_assignments()] == [user_principal]
    assert set(world.settings()) == {'AZURE_STORAGEBLOB_RESOURCEENDPOINT', 'AZURE_STORAGEBLOB_CLIENTID'}

    az('webapp', 'connection', 'update', 'storage-blob', *base, '--secret')
    assert world.role_assignments() == []
    assert set(world.settings()) == {'AZURE_STORAGEBLOB_CONNECTIONSTRING'}
    shown = az('webapp', 'connection', 'show', *base).result
    assert shown['authInfo'] == {'authType': 'secret'}


def test_validate_reports_each_drift_with_a_fix(az, world, sandbox):
    world.everything()
    world.vault(default_action='Allow')
    az('webapp', 'connection', 'create', 'keyvault', '-g', RG, '-n', 'app', '--tg', 'data', '--vault', 'vault',
       '--system-identity', '--client-type', 'python', '--connection', 'kv')
    az(*BLOB, '--secret', '--connection', 'blob')
    # Drift: a setting removed by hand, the role removed, the vault closed to the app, the key rotated.
    settings = world.settings()
    settings.pop('AZURE_KEYVAULT_SCOPE')
    settings['AZURE_STORAGEBLOB_CONNECTIONSTRING'] = settings['AZURE_STORAGEBLOB_CONNECTIONSTRING'].replace(
        'AccountKey=', 'AccountKey=rotated')
    sandbox.call('PUT', site_id() + '/config/appsettings', {'properties': settings})
    for role in world.role_assignments():
        sandbox.delete_resource(role['id'])
    world.vault(default_action='Deny')

    kv = {c['name']: c for c in az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app',
                                   '--connection', 'kv').result}
    assert kv['configuration']['result'] == 'failure' and 'AZURE_KEYVAULT_SCOPE' in kv['configuration']['errorMessage']
    assert kv['role:Key Vault Secrets User']['result'] == 'failure'
    assert 'az role assignment create' in kv['role:Key Vault Secrets User']['suggestion']
    assert kv['network']['result'] == 'failure' and 'update' in kv['network']['suggestion']
    assert kv['source-exists']['result'] == kv['target-exists']['result'] == 'success'
    blob = {c['name']: c for c in az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app',
                                     '--connection', 'blob').result}
    assert blob['configuration']['result'] == 'failure'
    assert 'out of date: AZURE_STORAGEBLOB_CONNECTIONSTRING' in blob['configuration']['errorMessage']
    assert 'rotated' not in str(blob) and 'AccountKey' not in str(blob)      # no secret in the report

    # The suggested fix works, as printed: update writes everything again.
    fix = kv['configuration']['suggestion'].split('`')[1].split()
    assert fix[:4] == ['az', 'webapp', 'connection', 'update']
    az(*fix[1:])
    after = az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 'kv').result
    assert [c['name'] for c in after if c['result'] != 'success'] == []


def test_validate_when_the_target_is_gone(az, world, sandbox):
    world.everything()
    az(*BLOB, '--secret', '--connection', 'blob')
    sandbox.delete_resource(account_id())
    checks = {c['name']: c for c in az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app',
                                       '--connection', 'blob').result}
    assert checks['target-exists']['result'] == 'failure'
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'blob', '--yes')
    assert world.settings() == {}
    assert vault_id()  # the vault is untouched by all this


def test_a_service_principal_without_object_id_is_looked_up_in_microsoft_graph(az, world, sandbox):
    world.everything()
    created = az(*BLOB, '--service-principal', f'client-id={sandbox.client_id}', 'secret=s3cret',
                 '--connection', 'sp').result
    assert created['authInfo']['principalId'] == sandbox.principal_id
    assert [r['properties']['principalId'] for r in world.role_assignments()] == [sandbox.principal_id]
    assert [r['path'] for r in sandbox.requests if r['path'].startswith('/v1.0/servicePrincipals')]
