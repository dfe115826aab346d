"""`az webapp connection ...` scenarios in azure-cli's recorded form (ScenarioTest + vcrpy cassettes).

One test method per target/auth scenario, one cassette per method in `recordings/<method>.yaml`.
Every scenario runs the full life cycle of one connection:

    create (explicit --connection, --client-type) -> list -> show --id -> list-configuration (secrets
    masked) -> validate (all checks succeed) -> update (new client type) -> delete --id --yes -> list == []

Modes
-----
* Playback (default, CI): `./scripts/test.sh tests/recorded` (tests/recorded imports these classes) or
  `azdev test connection` (scripts/azdev_offline.py test runs it offline). No sandbox, no network, no login;
  a missing cassette fails the test (it never silently records).
* Re-record offline against the ARM sandbox: `python tests/recorded/record_against_sandbox.py`
  (starts a sandbox, logs a private AZURE_CONFIG_DIR into it, seeds the resources below, records every
  test with AZURE_TEST_RUN_LIVE=true, stops it).
* Re-record live against real Azure (needs a subscription; never in CI):

      bash tests/recorded/provision_live.sh        # creates the resources, prints the exports below
      source ~/.azext-connection-live-test.env      # the AZEXT_CONN_TEST_* variables it wrote
      AZURE_TEST_RUN_LIVE=true python -m pytest tests/recorded -q   # uses ~/.azure (az login first),
                                                                     # or AZEXT_RECORD_AZURE_CONFIG_DIR
      bash tests/recorded/provision_live.sh --delete

Pre-provisioned resources (like the core module's @record_only tests; the tests create nothing but
connections, so the cassettes hold no resource creation):

    resource group  clitest-conn-rg  (AZEXT_CONN_TEST_RG)        holds everything below
    web app         clitestconnapp   (AZEXT_CONN_TEST_APP)       Linux, PYTHON|3.11, on any plan
    function app    clitestconnfunc  (AZEXT_CONN_TEST_FUNC)      Linux, Python worker
    container app   clitestconnca    (AZEXT_CONN_TEST_CONTAINERAPP)  one container, in any environment
    Spring service  clitestconnspring (AZEXT_CONN_TEST_SPRING)   Standard, with app `app` (Java 17, deployed)
    container group clitestconncg    (AZEXT_CONN_TEST_CONTAINER_GROUP)  Linux, one container
    storage account clitestconnsa    (AZEXT_CONN_TEST_ACCOUNT)   StorageV2, Standard_LRS, public access
    key vault       clitestconnkv    (AZEXT_CONN_TEST_VAULT)     --enable-rbac-authorization true
    user identity   clitestconnuai   (AZEXT_CONN_TEST_IDENTITY)
    service principal (AZEXT_CONN_TEST_SP_*): any app registration with a client secret

In playback the names are the fixed monikers above. Live, the real names (storage and vault names are
globally unique, so yours differ) are mapped back to the monikers as they are recorded, the subscription
id becomes 0000..., role-assignment names are recomputed for it, and every secret is scrubbed (see
_base.py), so live and sandbox recordings replay the same way.
"""
import os

from ._base import ConnectionScenarioTest, is_live

SUB_PLAYBACK = '00000000-0000-0000-0000-000000000000'

# moniker (what playback and the sandbox use) and the environment variable overriding it live
RESOURCES = {
    'rg': ('clitest-conn-rg', 'AZEXT_CONN_TEST_RG'),
    'app': ('clitestconnapp', 'AZEXT_CONN_TEST_APP'),
    'func': ('clitestconnfunc', 'AZEXT_CONN_TEST_FUNC'),
    'capp': ('clitestconnca', 'AZEXT_CONN_TEST_CONTAINERAPP'),
    'spring': ('clitestconnspring', 'AZEXT_CONN_TEST_SPRING'),
    'group': ('clitestconncg', 'AZEXT_CONN_TEST_CONTAINER_GROUP'),
    'account': ('clitestconnsa', 'AZEXT_CONN_TEST_ACCOUNT'),
    'vault': ('clitestconnkv', 'AZEXT_CONN_TEST_VAULT'),
    'identity': ('clitestconnuai', 'AZEXT_CONN_TEST_IDENTITY'),
}
# Playback values of the service principal; a live run takes the real ones from the environment.
SP = {
    'sp_client': ('33333333-3333-4333-8333-333333333333', 'AZEXT_CONN_TEST_SP_CLIENT_ID'),
    'sp_object': ('44444444-4444-4444-8444-444444444444', 'AZEXT_CONN_TEST_SP_OBJECT_ID'),
    'sp_secret': ('fake-sp-Secret-0123456789~abcdef', 'AZEXT_CONN_TEST_SP_SECRET'),
}


class WebappConnectionRecordedTest(ConnectionScenarioTest):

    def setUp(self):
        super().setUp()
        for key, (moniker, env) in {**RESOURCES, **SP}.items():
            value = os.environ.get(env) if is_live() else None
            self.kwargs[key] = value or moniker
            if key != 'sp_secret':
                self.register_name(value, moniker)
        self.register_secret(self.kwargs['sp_secret'])
        self.kwargs['sub'] = self.get_subscription_id()
        self.kwargs['app_id'] = ('/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{app}'
                                 .format(**self.kwargs))

    # -- the life cycle -------------------------------------------------------------------------------------
    SOURCES = {   # source -> (locator, its resource id under the group)
        'webapp': ('-g {rg} -n {app}', 'Microsoft.Web/sites/{app}'),
        'functionapp': ('-g {rg} -n {func}', 'Microsoft.Web/sites/{func}'),
        'containerapp': ('-g {rg} -n {capp}', 'Microsoft.App/containerApps/{capp}'),
        'spring': ('-g {rg} --service {spring} --app app', 'Microsoft.AppPlatform/Spring/{spring}/apps/app'),
        'spring-cloud': ('-g {rg} --service {spring} --app app --deployment default',
                         'Microsoft.AppPlatform/Spring/{spring}/apps/app/deployments/default'),
        'container': ('-g {rg} -n {group}', 'Microsoft.ContainerInstance/containerGroups/{group}'),
    }

    def _lifecycle(self, target, auth, auth_type, client, new_client, hidden=(), plain=None, source='webapp'):
        """Run the whole life cycle of connection `{conn}` of `source`.

        hidden: suffixes of setting names whose value list-configuration must mask as <hidden>.
        plain: (setting-name suffix, value) list-configuration must show in clear.
        """
        where, resource = self.SOURCES[source]
        self.kwargs.update(target=target, auth=auth.format(**self.kwargs), auth_type=auth_type, client=client,
                           new_client=new_client, src=source, where=where.format(**self.kwargs),
                           app_id='/subscriptions/{sub}/resourceGroups/{rg}/providers/'.format(**self.kwargs)
                           + resource.format(**self.kwargs))
        locator = '--tg {rg} --vault {vault}' if target == 'keyvault' else '--tg {rg} --account {account}'
        created = self.cmd('{src} connection create {target} {where} ' + locator +
                           ' {auth} --client-type {client} --connection {conn}', checks=[
                               self.check('name', '{conn}'),
                               self.check('authInfo.authType', '{auth_type}'),
                               self.check('clientType', '{client}'),
                               self.check('targetType', '{target}'),
                               self.check('provisioningState', 'Succeeded'),
                           ]).get_output_in_json()
        self.kwargs['conn_id'] = created['id']
        self.assertEqual(created['id'].lower(),
                         '{app_id}/providers/Microsoft.ServiceLinker/linkers/{conn}'.format(**self.kwargs).lower())

        self.cmd('{src} connection list {where}', checks=[
            self.check('length(@)', 1),
            self.check('[0].name', '{conn}'),
            self.check('[0].authInfo.authType', '{auth_type}'),
            self.check('[0].clientType', '{client}'),
            self.check('[0].targetType', '{target}'),
        ])
        self.cmd('{src} connection show --id {conn_id}', checks=[
            self.check('id', '{conn_id}'),
            self.check('authInfo.authType', '{auth_type}'),
            self.check('clientType', '{client}'),
        ])

        config = self.cmd('{src} connection list-configuration --id {conn_id}', checks=[
            self.greater_than('length(configurations)', 0),
            self.check("length(configurations[?value == null])", 0),
        ]).get_output_in_json()['configurations']
        values = {c['name']: c['value'] for c in config}
        for suffix in hidden:
            names = [n for n in values if n.lower().endswith(suffix.lower())]
            self.assertTrue(names, f'no setting ending with {suffix} in {sorted(values)}')
            for name in names:
                self.assertEqual(values[name], '<hidden>', f'{name} is not masked')
        for suffix, expected in plain or ():
            names = [n for n in values if n.lower().endswith(suffix.lower())]
            self.assertTrue(names, f'no setting ending with {suffix} in {sorted(values)}')
            for name in names:
                self.assertEqual(values[name], expected.format(**self.kwargs))
        if not hidden:
            self.assertNotIn('<hidden>', values.values())

        self.cmd('{src} connection validate --id {conn_id}', checks=[
            self.greater_than('length(@)', 1),
            self.check("length([?result != 'success'])", 0),
        ])

        self.cmd('{src} connection update {target} --id {conn_id} --client-type {new_client}', checks=[
            self.check('clientType', '{new_client}'),
            self.check('authInfo.authType', '{auth_type}'),
        ])
        self.cmd('{src} connection list {where}', checks=[
            self.check('length(@)', 1),
            self.check('[0].clientType', '{new_client}'),
        ])
        self.cmd('{src} connection validate --id {conn_id}', checks=[
            self.check("length([?result != 'success'])", 0),
        ])

        self.cmd('{src} connection delete --id {conn_id} --yes')
        self.cmd('{src} connection list {where}', checks=[self.check('length(@)', 0)])

    def _user_identity_args(self):
        # The client id is read (and recorded), never hard-coded: live it is the real identity's.
        identity = self.cmd('identity show -g {rg} -n {identity}').get_output_in_json()
        self.kwargs['uai_client'] = identity['clientId']
        return '--user-identity client-id={uai_client} subs-id={sub}'

    def _service_principal_args(self):
        return '--service-principal client-id={sp_client} secret={sp_secret} object-id={sp_object}'

    # -- storage-blob -----------------------------------------------------------------------------------------
    def test_webapp_connection_storage_blob_system_identity(self):
        self.kwargs['conn'] = 'blob_si'
        self._lifecycle('storage-blob', '--system-identity', 'systemAssignedIdentity', 'python', 'dotnet',
                        plain=[('RESOURCEENDPOINT', 'https://{account}.blob.core.windows.net/')])

    def test_webapp_connection_storage_blob_secret(self):
        self.kwargs['conn'] = 'blob_secret'
        self._lifecycle('storage-blob', '--secret', 'secret', 'python', 'springBoot',
                        hidden=['CONNECTIONSTRING'])

    def test_webapp_connection_storage_blob_user_identity(self):
        self.kwargs['conn'] = 'blob_uai'
        auth = self._user_identity_args()
        self._lifecycle('storage-blob', auth, 'userAssignedIdentity', 'python', 'springBoot',
                        plain=[('RESOURCEENDPOINT', 'https://{account}.blob.core.windows.net/'),
                               ('CLIENTID', '{uai_client}')])

    def test_webapp_connection_storage_blob_service_principal(self):
        self.kwargs['conn'] = 'blob_sp'
        self._lifecycle('storage-blob', self._service_principal_args(), 'servicePrincipalSecret', 'python',
                        'nodejs', hidden=['CLIENTSECRET'], plain=[('CLIENTID', '{sp_client}')])

    # -- storage-queue / -table / -file ---------------------------------------------------------------------
    def test_webapp_connection_storage_queue_system_identity(self):
        self.kwargs['conn'] = 'queue_si'
        self._lifecycle('storage-queue', '--system-identity', 'systemAssignedIdentity', 'dotnet', 'java',
                        plain=[('RESOURCEENDPOINT', 'https://{account}.queue.core.windows.net/')])

    def test_webapp_connection_storage_table_system_identity(self):
        self.kwargs['conn'] = 'table_si'
        self._lifecycle('storage-table', '--system-identity', 'systemAssignedIdentity', 'nodejs', 'python',
                        plain=[('RESOURCEENDPOINT', 'https://{account}.table.core.windows.net/')])

    def test_webapp_connection_storage_file_secret(self):
        self.kwargs['conn'] = 'file_secret'
        self._lifecycle('storage-file', '--secret', 'secret', 'python', 'springBoot',
                        hidden=['CONNECTIONSTRING'])

    # -- keyvault ----------------------------------------------------------------------------------------------
    def test_webapp_connection_keyvault_system_identity(self):
        self.kwargs['conn'] = 'kv_si'
        self._lifecycle('keyvault', '--system-identity', 'systemAssignedIdentity', 'python', 'springBoot',
                        plain=[('RESOURCEENDPOINT', 'https://{vault}.vault.azure.net/')])

    def test_webapp_connection_keyvault_user_identity(self):
        self.kwargs['conn'] = 'kv_uai'
        auth = self._user_identity_args()
        self._lifecycle('keyvault', auth, 'userAssignedIdentity', 'dotnet', 'springBoot',
                        plain=[('RESOURCEENDPOINT', 'https://{vault}.vault.azure.net/'),
                               ('CLIENTID', '{uai_client}')])

    # -- the other sources ---------------------------------------------------------------------------------------
    def test_functionapp_connection_keyvault_system_identity(self):
        self.kwargs['conn'] = 'func_kv_si'
        self._lifecycle('keyvault', '--system-identity', 'systemAssignedIdentity', 'python', 'java',
                        plain=[('RESOURCEENDPOINT', 'https://{vault}.vault.azure.net/')], source='functionapp')

    def test_containerapp_connection_storage_blob_secret(self):
        self.kwargs['conn'] = 'capp_blob_secret'
        self._lifecycle('storage-blob', '--secret', 'secret', 'python', 'dotnet', hidden=['CONNECTIONSTRING'],
                        source='containerapp')

    def test_containerapp_connection_storage_queue_user_identity(self):
        self.kwargs['conn'] = 'capp_queue_uai'
        auth = self._user_identity_args()
        self._lifecycle('storage-queue', auth, 'userAssignedIdentity', 'python', 'java',
                        plain=[('CLIENTID', '{uai_client}')], source='containerapp')

    def test_spring_connection_storage_blob_system_identity(self):
        self.kwargs['conn'] = 'spring_blob_si'
        self._lifecycle('storage-blob', '--system-identity', 'systemAssignedIdentity', 'springBoot', 'java',
                        source='spring')

    def test_spring_cloud_connection_keyvault_service_principal(self):
        self.kwargs['conn'] = 'springcloud_kv_sp'
        self._lifecycle('keyvault', self._service_principal_args(), 'servicePrincipalSecret', 'springBoot', 'dotnet',
                        hidden=['client-key', 'client-secret'], source='spring-cloud')

    def test_container_connection_storage_table_secret(self):
        self.kwargs['conn'] = 'cg_table_secret'
        self._lifecycle('storage-table', '--secret', 'secret', 'python', 'nodejs', hidden=['CONNECTIONSTRING'],
                        source='container')
