"""Every command of every source, in azure-cli's recorded form: for each source one connection is
created, then `create <target> --dry-run` plans a connection to every target the source offers (with the
target's default auth and first client type), `update <target>` of that connection plans for its own
target and, for every other target, is refused naming the command that updates it; `wait`,
`list-support-types` and `delete` run too. The life cycles (test_connection_scenario.py) show what the
commands change; this shows that each of them, generated from the matrix, reads the right resources and
plans, or refuses, as it should.

Recorded against the ARM sandbox only (tests/recorded/record_against_sandbox.py seeds the sources and a
resource of every target type, as the sandbox scenario tests do): a real subscription holding all of them
would cost more than it shows. The resource names below are the sandbox tests' (tests/sources.py,
tests/targets.py; tests/unit/test_recorded_world.py keeps them equal).
"""
from azure.cli.core.azclierror import InvalidArgumentValueError

from azext_connection.matrix import SOURCES, TARGETS, AuthType, targets_of
from azext_connection.matrix.support import supported

from ._base import ConnectionScenarioTest

DB_USER, DB_PASSWORD = 'appuser', 'Db-Passw0rd+s3cret'   # a database login (a secret the test scrubs)
ATLAS_STRING = 'mongodb+srv://appuser:Atl4s-Passw0rd@cluster0.a1b2c.mongodb.net/?retryWrites=true&w=majority'
API_KEY, API_SECRET = 'APIKEY0123', 'Api-S3cret-Value'        # Confluent's (key, secret) pairs
SOURCE_ARGS = {
    'webapp': '-g rg -n app',
    'functionapp': '-g rg -n func',
    'containerapp': '-g rg -n capp',
    'spring': '-g rg --service spring --app sapp',
    'spring-cloud': '-g rg --service spring --app sapp --deployment default',
    'container': '-g rg -n cg',
}
TARGET_ARGS = {
    'storage-blob': '--tg data --account acct',
    'storage-queue': '--tg data --account acct',
    'storage-table': '--tg data --account acct',
    'storage-file': '--tg data --account acct',
    'keyvault': '--tg data --vault vault',
    'appconfig': '--tg data --app-config store',
    'servicebus': '--tg data --namespace nsconn',
    'eventhub': '--tg data --namespace nsconn',
    'postgres-flexible': '--tg data --server pgserver --database db',
    'mysql-flexible': '--tg data --server myserver --database db',
    'sql': '--tg data --server sqlserver --database db',
    'postgres': '--tg data --server pgsingle --database db',
    'mysql': '--tg data --server mysingle --database db',
    'signalr': '--tg data --signalr signalr1',
    'webpubsub': '--tg data --webpubsub pubsub1',
    'app-insights': '--tg data --app-insights insights',
    'cognitiveservices': '--tg data --account cogacct',
    'cosmos-sql': '--tg data --account cosmossql --database db',
    'cosmos-mongo': '--tg data --account cosmosmongo --database db',
    'cosmos-cassandra': '--tg data --account cosmoscassandra --key-space ks',
    'cosmos-gremlin': '--tg data --account cosmosgremlin --database db --graph graph',
    'cosmos-table': '--tg data --account cosmostable --table tbl',
    'redis': '--tg data --server rediscache --database 0',
    'redis-enterprise': '--tg data --server redisent --database default',
    'confluent-cloud': '--bootstrap-server pkc-4nmjv.eastus.azure.confluent.cloud:9092 '
                       '--schema-registry https://psrc-8kz20.eastus.azure.confluent.cloud',
    'neon-postgres': '--server ep-cool-darkness-123456.eastus2.azure.neon.tech --database neondb',
    'mongodb-atlas': '--tg data --server cluster0',
    'fabric-sql': '--fabric-workspace-uuid 4b5c5cf1-8a4c-4a5e-9c3b-2f0d4e1a7b61 --fabric-sql-db-uuid '
                  '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b --connstr-props '
                  'Server=x6eps4xrq2xudenlfv6naeo3i4-l27nd6hcmrr4rgb4ak6cdxpcdq.database.fabric.microsoft.com '
                  'Database=appdb',
    'containerapp': '--tg data --target-app-name capp2',
}
CONNECTED = 'storage-blob'    # the target of the connection each source gets for real


class ConnectionMatrixRecordedTest(ConnectionScenarioTest):

    def setUp(self):
        super().setUp()
        for secret in (DB_PASSWORD, ATLAS_STRING, API_SECRET):
            self.register_secret(secret)

    @staticmethod
    def _auth(target, auth):
        """The flags for `auth`: the user's own secret where the target takes one (a database login, an Atlas
        connection string, Confluent's API keys and its companion's), no values otherwise."""
        if auth is AuthType.SECRET and target.secret_flags:
            parts = (target,) + tuple(TARGETS[c] for c in target.companions)
            flags = [{a.dest: a.options[0] for a in p.extra_args} for p in parts]
            return ' '.join(f'{f[p.secret_flags[0]]} {API_KEY} {f[p.secret_flags[1]]} {API_SECRET}'
                            for p, f in zip(parts, flags))
        if auth is AuthType.SECRET and target.user_secret and 'name' not in target.secret_keys:
            return f'--secret secret={ATLAS_STRING}'
        if auth is AuthType.SECRET and target.user_secret:
            return f'--secret name={DB_USER} secret={DB_PASSWORD}'
        return auth.flag or ''

    def _create_args(self, source, target):
        support = supported(source, target)
        auth = support.default_auth
        client = support.clients_for(target, auth)[0].value
        return f'{SOURCE_ARGS[source.name]} {TARGET_ARGS[target.name]} {self._auth(target, auth)} --client-type {client}'

    def _every_command(self, name):
        source = SOURCES[name]
        self.kwargs.update(src=name, connected=CONNECTED)
        created = self.cmd('{src} connection create {connected} ' + self._create_args(source, _target(CONNECTED))
                           + ' --connection matrix', checks=[self.check('provisioningState', 'Succeeded')])
        self.kwargs['conn_id'] = created.get_output_in_json()['id']
        self.cmd('{src} connection wait --id {conn_id} --created')
        for target in targets_of(source):
            self._plans_and_refusals(source, target)
        self.cmd('{src} connection delete --id {conn_id} --yes')
        self.cmd('{src} connection wait --id {conn_id} --deleted')

    def _plans_and_refusals(self, source, target):
        support = supported(source, target)
        self.kwargs.update(target=target.name, args=self._create_args(source, target),
                           plan='plan_' + target.name.replace('-', '_'),
                           client=support.clients_for(target, support.default_auth)[-1].value)
        self.cmd('{src} connection create {target} {args} --connection {plan} --dry-run', checks=[
            self.check('dryRun', True),
            self.check('verb', 'create'),
            self.check("ends_with(connectionId, '/providers/Microsoft.ServiceLinker/linkers/{plan}')", True),
            self.greater_than('length(steps)', 1),
        ])
        if target.name == CONNECTED:
            self.cmd('{src} connection update {target} --id {conn_id} --client-type {client} --dry-run', checks=[
                self.check('dryRun', True),
                self.check('verb', 'update'),
            ])
            return
        with self.assertRaisesRegex(InvalidArgumentValueError, f'connects to {CONNECTED}, not {target.name}'):
            self.cmd('{src} connection update {target} --id {conn_id} --client-type {client} --dry-run')

    # One test per source. list-support-types sends no request, so only these lines (not a recording)
    # show azdev's coverage rules that it is run.
    def test_webapp_connection_every_command(self):
        self.cmd('webapp connection list-support-types --target-type storage-blob',
                 checks=[self.check('[0].target', 'storage-blob')])
        self._every_command('webapp')

    def test_functionapp_connection_every_command(self):
        self.cmd('functionapp connection list-support-types --target-type keyvault',
                 checks=[self.check('[0].target', 'keyvault')])
        self._every_command('functionapp')

    def test_containerapp_connection_every_command(self):
        self.cmd('containerapp connection list-support-types --target-type redis',
                 checks=[self.check('[0].target', 'redis')])
        self._every_command('containerapp')

    def test_spring_connection_every_command(self):
        self.cmd('spring connection list-support-types --target-type cosmos-sql',
                 checks=[self.check('[0].target', 'cosmos-sql')])
        self._every_command('spring')

    def test_spring_cloud_connection_every_command(self):
        self.cmd('spring-cloud connection list-support-types --target-type servicebus',
                 checks=[self.check('[0].target', 'servicebus')])
        self._every_command('spring-cloud')

    def test_container_connection_every_command(self):
        self.cmd('container connection list-support-types --target-type storage-queue',
                 checks=[self.check('[0].target', 'storage-queue')])
        self._every_command('container')


def _target(name):
    from azext_connection.matrix.targets import TARGETS
    return TARGETS[name]
