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

from ._base import FAKE_SECRET, ConnectionScenarioTest, is_live

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
    'appconfig': ('clitestconnappcfg', 'AZEXT_CONN_TEST_APPCONFIG'),
    'servicebus': ('clitestconnsb', 'AZEXT_CONN_TEST_SERVICEBUS'),
    'eventhub': ('clitestconneh', 'AZEXT_CONN_TEST_EVENTHUB'),
    'signalr': ('clitestconnsignalr', 'AZEXT_CONN_TEST_SIGNALR'),
    'webpubsub': ('clitestconnwps', 'AZEXT_CONN_TEST_WEBPUBSUB'),
    'insights': ('clitestconnai', 'AZEXT_CONN_TEST_APPINSIGHTS'),
    'cognitive': ('clitestconncog', 'AZEXT_CONN_TEST_COGNITIVE'),
    'cosmos_sql': ('clitestconncosmossql', 'AZEXT_CONN_TEST_COSMOS_SQL'),
    'cosmos_mongo': ('clitestconncosmosmongo', 'AZEXT_CONN_TEST_COSMOS_MONGO'),
    'cosmos_cassandra': ('clitestconncosmoscas', 'AZEXT_CONN_TEST_COSMOS_CASSANDRA'),
    'cosmos_gremlin': ('clitestconncosmosgrm', 'AZEXT_CONN_TEST_COSMOS_GREMLIN'),
    'cosmos_table': ('clitestconncosmostbl', 'AZEXT_CONN_TEST_COSMOS_TABLE'),
    'redis': ('clitestconnredis', 'AZEXT_CONN_TEST_REDIS'),
    'redis_enterprise': ('clitestconnredisent', 'AZEXT_CONN_TEST_REDIS_ENTERPRISE'),
    'pg_flex': ('clitestconnpgflex', 'AZEXT_CONN_TEST_POSTGRES_FLEXIBLE'),
    'mysql_flex': ('clitestconnmyflex', 'AZEXT_CONN_TEST_MYSQL_FLEXIBLE'),
    'sql': ('clitestconnsql', 'AZEXT_CONN_TEST_SQL'),
    'pg_single': ('clitestconnpgsingle', 'AZEXT_CONN_TEST_POSTGRES'),
    'mysql_single': ('clitestconnmysingle', 'AZEXT_CONN_TEST_MYSQL'),
}
# Children every live run creates under the resources above with these fixed names (never mapped).
CHILDREN = {'db': 'db', 'keyspace': 'ks', 'graph': 'graph', 'table': 'tbl'}
# Targets outside ARM: nothing to provision; the values are made up, and the credentials are fake secrets
# the tests register (scrubbed from anything recorded; record_against_sandbox.py checks the cassettes).
OUTSIDE = {
    'bootstrap': 'pkc-4nmjv.eastus.azure.confluent.cloud:9092',
    'registry': 'https://psrc-8kz20.eastus.azure.confluent.cloud',
    'neon_host': 'ep-cool-darkness-123456.eastus2.azure.neon.tech',
    'atlas_cluster': 'cluster0',
    'fabric_ws': '4b5c5cf1-8a4c-4a5e-9c3b-2f0d4e1a7b61',
    'fabric_db': '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
    'fabric_host': 'x6eps4xrq2xudenlfv6naeo3i4-l27nd6hcmrr4rgb4ak6cdxpcdq.database.fabric.microsoft.com',
}
DB_USER, DB_PASSWORD = 'appuser', 'fake-Db-Passw0rd+lifecycle'
ATLAS_STRING = 'mongodb+srv://appuser:fake-Atl4s-Passw0rd@cluster0.a1b2c.mongodb.net/?retryWrites=true&w=majority'
KAFKA_KEY, KAFKA_SECRET = 'FAKEKAFKAKEY0123', 'fake-Kafka-S3cret-Value'
SCHEMA_KEY, SCHEMA_SECRET = 'FAKESCHEMAKEY0123', 'fake-Schema-S3cret-Value'
FAKE_USER_SECRETS = (DB_PASSWORD, ATLAS_STRING, KAFKA_SECRET, SCHEMA_SECRET)
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
        for secret in FAKE_USER_SECRETS:
            self.register_secret(secret)
        self.kwargs.update(CHILDREN, **OUTSIDE)
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

    # target -> the arguments locating its pre-provisioned resource (formatted with self.kwargs)
    TARGETS = {
        'storage-blob': '--tg {rg} --account {account}',
        'storage-queue': '--tg {rg} --account {account}',
        'storage-table': '--tg {rg} --account {account}',
        'storage-file': '--tg {rg} --account {account}',
        'keyvault': '--tg {rg} --vault {vault}',
        'appconfig': '--tg {rg} --app-config {appconfig}',
        'servicebus': '--tg {rg} --namespace {servicebus}',
        'eventhub': '--tg {rg} --namespace {eventhub}',
        'signalr': '--tg {rg} --signalr {signalr}',
        'webpubsub': '--tg {rg} --webpubsub {webpubsub}',
        'app-insights': '--tg {rg} --app-insights {insights}',
        'cognitiveservices': '--tg {rg} --account {cognitive}',
        'cosmos-sql': '--tg {rg} --account {cosmos_sql} --database {db}',
        'cosmos-mongo': '--tg {rg} --account {cosmos_mongo} --database {db}',
        'cosmos-cassandra': '--tg {rg} --account {cosmos_cassandra} --key-space {keyspace}',
        'cosmos-gremlin': '--tg {rg} --account {cosmos_gremlin} --database {db} --graph {graph}',
        'cosmos-table': '--tg {rg} --account {cosmos_table} --table {table}',
        'redis': '--tg {rg} --server {redis} --database 0',
        'redis-enterprise': '--tg {rg} --server {redis_enterprise} --database default',
        'postgres-flexible': '--tg {rg} --server {pg_flex} --database {db}',
        'mysql-flexible': '--tg {rg} --server {mysql_flex} --database {db}',
        'sql': '--tg {rg} --server {sql} --database {db}',
        'postgres': '--tg {rg} --server {pg_single} --database {db}',
        'mysql': '--tg {rg} --server {mysql_single} --database {db}',
        'confluent-cloud': '--bootstrap-server {bootstrap} --schema-registry {registry}',
        'neon-postgres': '--server {neon_host} --database neondb',
        'mongodb-atlas': '--tg {rg} --server {atlas_cluster}',
        'fabric-sql': '--fabric-workspace-uuid {fabric_ws} --fabric-sql-db-uuid {fabric_db} '
                      '--connstr-props Server={fabric_host} Database=appdb',
    }

    def _lifecycle(self, target, auth, auth_type, client, new_client, hidden=(), plain=None, source='webapp',
                   warnings=(), companions=(), update_auth=''):
        """Run the whole life cycle of connection `{conn}` of `source`.

        hidden: suffixes of setting names whose value list-configuration must mask as <hidden>.
        plain: (setting-name suffix, value) list-configuration must show in clear.
        update_auth: what update must be given again: a secret of the user's own (a login, Confluent's API
          key), which is never kept.
        warnings: names of the validate checks that may report `warning` (Fabric's grant, made outside Azure).
        companions: (name, target type) of the other connections the create makes (Confluent's schema
          registry, whose target type is confluent-cloud too): listed with it, each deleted too.
        """
        try:
            self._run_lifecycle(target, auth, auth_type, client, new_client, hidden, plain, source, warnings,
                                companions, update_auth)
        except Exception:
            if self.is_live:   # a failed recording leaves no connection behind to spoil the next ones
                for conn in self.cmd('{src} connection list {where}').get_output_in_json():
                    self.cmd('{src} connection delete --id ' + conn['id'] + ' --yes')
            raise

    def _run_lifecycle(self, target, auth, auth_type, client, new_client, hidden, plain, source, warnings,
                       companions, update_auth):
        where, resource = self.SOURCES[source]
        self.kwargs.update(target=target, auth=auth.format(**self.kwargs), auth_type=auth_type, client=client,
                           new_client=new_client, src=source, where=where.format(**self.kwargs),
                           app_id='/subscriptions/{sub}/resourceGroups/{rg}/providers/'.format(**self.kwargs)
                           + resource.format(**self.kwargs))
        locator = self.TARGETS[target]
        # A create making companions answers with every connection it made: check ours among them.
        of = "[?name == '{conn}'] | [0]." if companions else ''
        created = self.cmd('{src} connection create {target} {where} ' + locator +
                           ' {auth} --client-type {client} --connection {conn}', checks=[
                               self.check(of + 'name', '{conn}'),
                               self.check(of + 'authInfo.authType', '{auth_type}'),
                               self.check(of + 'clientType', '{client}'),
                               self.check(of + 'targetType', '{target}'),
                               self.check(of + 'provisioningState', 'Succeeded'),
                           ]).get_output_in_json()
        if companions:
            self.assertEqual(sorted(c['name'] for c in created),
                             sorted([self.kwargs['conn']] + [name for name, _ in companions]))
            self.assertEqual({c['provisioningState'] for c in created}, {'Succeeded'})
            created = next(c for c in created if c['name'] == self.kwargs['conn'])
        self.kwargs['conn_id'] = created['id']
        self.assertEqual(created['id'].lower(),
                         '{app_id}/providers/Microsoft.ServiceLinker/linkers/{conn}'.format(**self.kwargs).lower())

        count = 1 + len(companions)
        listed = self.cmd('{src} connection list {where}', checks=[
            self.check('length(@)', count),
            self.check("[?name == '{conn}'] | [0].authInfo.authType", '{auth_type}'),
            self.check("[?name == '{conn}'] | [0].clientType", '{client}'),
            self.check("[?name == '{conn}'] | [0].targetType", '{target}'),
        ]).get_output_in_json()
        self.assertEqual(sorted((c['name'], c['targetType']) for c in listed),
                         sorted([(self.kwargs['conn'], target)] + list(companions)))
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

        self._validate(warnings, first=True)

        self.kwargs['update_auth'] = update_auth.format(**self.kwargs)
        self.cmd('{src} connection update {target} --id {conn_id} {update_auth} --client-type {new_client}', checks=[
            self.check('clientType', '{new_client}'),
            self.check('authInfo.authType', '{auth_type}'),
        ])
        self.cmd('{src} connection list {where}', checks=[
            self.check('length(@)', count),
            self.check("[?name == '{conn}'] | [0].clientType", '{new_client}'),
        ])
        self._validate(warnings)

        self.cmd('{src} connection delete --id {conn_id} --yes')
        for name, _ in companions:
            self.kwargs['companion'] = name
            self.cmd('{src} connection delete --yes --id '
                     '{app_id}/providers/Microsoft.ServiceLinker/linkers/{companion}')
        self.cmd('{src} connection list {where}', checks=[self.check('length(@)', 0)])

    def _validate(self, warnings, first=False):
        """validate: every check succeeds, but those named in `warnings`, which must warn."""
        results = self.cmd('{src} connection validate --id {conn_id}', checks=[
            self.greater_than('length(@)', 1),
            self.check("length([?result != 'success' && result != 'warning'])", 0),
        ] if first else [
            self.check("length([?result != 'success' && result != 'warning'])", 0),
        ]).get_output_in_json()
        self.assertEqual(sorted(r['name'] for r in results if r['result'] == 'warning'), sorted(warnings))

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

    # -- every other target a web app reaches: one life cycle each, with the auth exercising the most --------
    # An identity where the target grants it roles; the target's own keys where it takes no identity
    # (app-insights, redis-enterprise); a login (a fake password, scrubbed) for the databases and the
    # targets outside ARM. No passwordless database auth (an identity to postgres-flexible/mysql-flexible):
    # it signs in to the database engine (PostgreSQL/MySQL wire protocol, outside HTTP) to create the
    # app's database user, which a cassette cannot record or replay.
    def _secret_args(self):
        return '--secret name={db_user} secret={db_password}'

    def _user_secret(self, value):
        """A secret of the user's, as given on the command line. Playback gives the value the cassette holds in
        its place (scrubbed), so that the settings it computes equal the recorded ones and it writes what the
        recording wrote, no more."""
        return value if self.is_live else FAKE_SECRET

    def _set_login(self):
        self.kwargs.update(db_user=DB_USER, db_password=self._user_secret(DB_PASSWORD))

    def test_webapp_connection_appconfig_system_identity(self):
        self.kwargs['conn'] = 'appconfig_si'
        self._lifecycle('appconfig', '--system-identity', 'systemAssignedIdentity', 'python', 'dotnet',
                        plain=[('ENDPOINT', 'https://{appconfig}.azconfig.io')])

    def test_webapp_connection_servicebus_system_identity(self):
        self.kwargs['conn'] = 'servicebus_si'
        self._lifecycle('servicebus', '--system-identity', 'systemAssignedIdentity', 'python', 'springBoot')

    def test_webapp_connection_eventhub_system_identity(self):
        self.kwargs['conn'] = 'eventhub_si'
        self._lifecycle('eventhub', '--system-identity', 'systemAssignedIdentity', 'python', 'kafka-springBoot')

    def test_webapp_connection_signalr_system_identity(self):
        self.kwargs['conn'] = 'signalr_si'
        self._lifecycle('signalr', '--system-identity', 'systemAssignedIdentity', 'dotnet', 'dotnet-internal')

    def test_webapp_connection_webpubsub_system_identity(self):
        self.kwargs['conn'] = 'webpubsub_si'
        self._lifecycle('webpubsub', '--system-identity', 'systemAssignedIdentity', 'python', 'java')

    def test_webapp_connection_app_insights_secret(self):
        self.kwargs['conn'] = 'insights_secret'
        self._lifecycle('app-insights', '--secret', 'secret', 'python', 'dotnet', hidden=['CONNECTION_STRING'])

    def test_webapp_connection_cognitiveservices_system_identity(self):
        self.kwargs['conn'] = 'cognitive_si'
        self._lifecycle('cognitiveservices', '--system-identity', 'systemAssignedIdentity', 'python', 'nodejs')

    def test_webapp_connection_cosmos_sql_system_identity(self):
        self.kwargs['conn'] = 'cosmos_sql_si'
        self._lifecycle('cosmos-sql', '--system-identity', 'systemAssignedIdentity', 'python', 'springBoot')

    def test_webapp_connection_cosmos_mongo_system_identity(self):
        self.kwargs['conn'] = 'cosmos_mongo_si'
        self._lifecycle('cosmos-mongo', '--system-identity', 'systemAssignedIdentity', 'nodejs', 'java')

    def test_webapp_connection_cosmos_cassandra_system_identity(self):
        self.kwargs['conn'] = 'cosmos_cassandra_si'
        self._lifecycle('cosmos-cassandra', '--system-identity', 'systemAssignedIdentity', 'python', 'java')

    def test_webapp_connection_cosmos_gremlin_system_identity(self):
        self.kwargs['conn'] = 'cosmos_gremlin_si'
        self._lifecycle('cosmos-gremlin', '--system-identity', 'systemAssignedIdentity', 'python', 'php')

    def test_webapp_connection_cosmos_table_system_identity(self):
        self.kwargs['conn'] = 'cosmos_table_si'
        self._lifecycle('cosmos-table', '--system-identity', 'systemAssignedIdentity', 'python', 'dotnet')

    def test_webapp_connection_redis_system_identity(self):
        self.kwargs['conn'] = 'redis_si'
        self._lifecycle('redis', '--system-identity', 'systemAssignedIdentity', 'python', 'java')

    def test_webapp_connection_redis_enterprise_secret(self):
        self.kwargs['conn'] = 'redisent_secret'
        self._lifecycle('redis-enterprise', '--secret', 'secret', 'python', 'springBoot', hidden=['CONNECTIONSTRING'])

    def test_webapp_connection_postgres_flexible_secret(self):
        self.kwargs['conn'] = 'pgflex_secret'
        self._set_login()
        self._lifecycle('postgres-flexible', self._secret_args(), 'secret', 'python', 'django',
                        hidden=['CONNECTIONSTRING'],
                        update_auth=self._secret_args())

    def test_webapp_connection_mysql_flexible_secret(self):
        self.kwargs['conn'] = 'myflex_secret'
        self._set_login()
        self._lifecycle('mysql-flexible', self._secret_args(), 'secret', 'python', 'php', hidden=['PASSWORD'],
                        update_auth=self._secret_args())

    def test_webapp_connection_sql_secret(self):
        self.kwargs['conn'] = 'sql_secret'
        self._set_login()
        self._lifecycle('sql', self._secret_args(), 'secret', 'python', 'dotnet', hidden=['PASSWORD'],
                        update_auth=self._secret_args())

    def test_webapp_connection_postgres_secret(self):
        # The retired single server: create and update print a deprecation warning, and still connect.
        self.kwargs['conn'] = 'pgsingle_secret'
        self._set_login()
        self._lifecycle('postgres', self._secret_args(), 'secret', 'python', 'nodejs', hidden=['CONNECTIONSTRING'],
                        update_auth=self._secret_args())

    def test_webapp_connection_mysql_secret(self):
        self.kwargs['conn'] = 'mysingle_secret'
        self._set_login()
        self._lifecycle('mysql', self._secret_args(), 'secret', 'python', 'java', hidden=['PASSWORD'],
                        update_auth=self._secret_args())

    def test_webapp_connection_confluent_cloud_secret(self):
        # One create makes two connections: the Kafka cluster's ({conn}) and the schema registry's.
        self.kwargs.update(conn='confluent_secret', kafka_key=KAFKA_KEY, kafka_secret=self._user_secret(KAFKA_SECRET),
                           schema_key=SCHEMA_KEY, schema_secret=self._user_secret(SCHEMA_SECRET))
        self._lifecycle('confluent-cloud', '--kafka-key {kafka_key} --kafka-secret {kafka_secret} '
                        '--schema-key {schema_key} --schema-secret {schema_secret}', 'secret', 'python', 'java',
                        hidden=['KAFKASASLCONFIG'], companions=[('confluent_secret_schema', 'confluent-cloud')],
                        update_auth='--kafka-key {kafka_key} --kafka-secret {kafka_secret}')

    def test_webapp_connection_neon_postgres_secret(self):
        self.kwargs['conn'] = 'neon_secret'
        self._set_login()
        self._lifecycle('neon-postgres', self._secret_args(), 'secret', 'python', 'nodejs',
                        hidden=['CONNECTIONSTRING'],
                        update_auth=self._secret_args())

    def test_webapp_connection_mongodb_atlas_secret(self):
        self.kwargs.update(conn='atlas_secret', atlas_string=self._user_secret(ATLAS_STRING))
        self._lifecycle('mongodb-atlas', '--secret secret={atlas_string}', 'secret', 'python', 'nodejs',
                        hidden=['CONNECTIONSTRING'], update_auth='--secret secret={atlas_string}')

    def test_webapp_connection_fabric_sql_system_identity(self):
        # The database's grant to the app's identity is made in Fabric, by a person: validate warns of it.
        self.kwargs['conn'] = 'fabric_si'
        self._lifecycle('fabric-sql', '--system-identity', 'systemAssignedIdentity', 'python', 'dotnet',
                        warnings=['access'])
