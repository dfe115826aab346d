#!/usr/bin/env python
"""Re-record the cassettes of tests/recorded (azext_connection/tests/latest/recordings) offline, against the
ARM sandbox (no Azure needed).

    .venv/bin/python tests/recorded/record_against_sandbox.py            # all tests
    .venv/bin/python tests/recorded/record_against_sandbox.py -k blob    # extra args go to pytest

It starts a Sandbox on an ephemeral port, logs a private AZURE_CONFIG_DIR into it with the venv's az,
seeds the pre-provisioned resources the tests expect (the same names as playback) and, for the matrix
test, the sandbox tests' sources and targets, runs
`pytest tests/recorded` with AZURE_TEST_RUN_LIVE=true (the tests' processors rewrite
https://127.0.0.1:<port> to https://management.azure.com and scrub secrets), stops the sandbox, then
checks that no secret reached a cassette and that the cassettes replay.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
from urllib.parse import quote

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RECORDINGS = os.path.join(ROOT, 'azext_connection', 'tests', 'latest', 'recordings')   # next to the tests
sys.path.insert(0, ROOT)

from arm_sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

from azext_connection.tests.latest._base import FAKE_STORAGE_KEY  # noqa: E402  pylint: disable=wrong-import-position
from azext_connection.tests.latest.test_connection_matrix import API_SECRET, ATLAS_STRING, DB_PASSWORD  # noqa: E402  pylint: disable=wrong-import-position
from azext_connection.tests.latest.test_connection_scenario import FAKE_USER_SECRETS, RESOURCES, SP  # noqa: E402  pylint: disable=wrong-import-position

SUB = '00000000-0000-0000-0000-000000000000'
NAMES = {key: moniker for key, (moniker, _) in RESOURCES.items()}
RG_ID = f"/subscriptions/{SUB}/resourceGroups/{NAMES['rg']}"
APP_ID = f"{RG_ID}/providers/Microsoft.Web/sites/{NAMES['app']}"
ACCOUNT_ID = f"{RG_ID}/providers/Microsoft.Storage/storageAccounts/{NAMES['account']}"
VAULT_ID = f"{RG_ID}/providers/Microsoft.KeyVault/vaults/{NAMES['vault']}"
IDENTITY_ID = f"{RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{NAMES['identity']}"
ADMIN_PASSWORD = 'fake-Adm1n-Passw0rd!'   # the database servers' administrator (never sent by a test)


def seed(sandbox):
    """What tests/recorded/provision_live.sh creates in a real subscription."""
    sandbox.put_resource(RG_ID, {'location': 'eastus'})
    sandbox.put_resource(APP_ID, {'location': 'eastus', 'kind': 'app,linux',
                                  'properties': {'siteConfig': {'linuxFxVersion': 'PYTHON|3.11'}}})
    sandbox.put_resource(ACCOUNT_ID, {
        'location': 'eastus', 'kind': 'StorageV2', 'sku': {'name': 'Standard_LRS'},
        'properties': {'publicNetworkAccess': 'Enabled',
                       'networkAcls': {'defaultAction': 'Allow', 'bypass': 'AzureServices', 'ipRules': [],
                                       'virtualNetworkRules': []}}})
    sandbox.put_resource(VAULT_ID, {
        'location': 'eastus',
        'properties': {'tenantId': sandbox.tenant_id, 'sku': {'family': 'A', 'name': 'standard'},
                       'enableRbacAuthorization': True, 'accessPolicies': [], 'publicNetworkAccess': 'Enabled',
                       'networkAcls': {'defaultAction': 'Allow', 'bypass': 'AzureServices', 'ipRules': [],
                                       'virtualNetworkRules': []}}})
    sandbox.put_resource(IDENTITY_ID, {'location': 'eastus'})
    providers = f'{RG_ID}/providers'
    sandbox.put_resource(f"{providers}/Microsoft.Web/sites/{NAMES['func']}", {
        'location': 'eastus', 'kind': 'functionapp,linux', 'properties': {'siteConfig': {
            'linuxFxVersion': 'Python|3.11', 'appSettings': [{'name': 'FUNCTIONS_WORKER_RUNTIME', 'value': 'python'}]}}})
    environment = f'{providers}/Microsoft.App/managedEnvironments/clitestconnenv'
    sandbox.put_resource(environment, {'location': 'eastus', 'properties': {}})
    sandbox.put_resource(f"{providers}/Microsoft.App/containerApps/{NAMES['capp']}", {
        'location': 'eastus', 'properties': {'managedEnvironmentId': environment, 'template': {
            'containers': [{'name': 'web', 'image': 'mcr.microsoft.com/k8se/quickstart:latest'}]}}})
    spring = f"{providers}/Microsoft.AppPlatform/Spring/{NAMES['spring']}"
    sandbox.put_resource(spring, {'location': 'eastus', 'sku': {'name': 'S0'}})
    sandbox.put_resource(f'{spring}/apps/app', {'properties': {}})
    sandbox.put_resource(f'{spring}/apps/app/deployments/default', {
        'properties': {'active': True, 'source': {'type': 'Jar', 'runtimeVersion': 'Java_17'}}})
    sandbox.put_resource(f"{providers}/Microsoft.ContainerInstance/containerGroups/{NAMES['group']}", {
        'location': 'eastus', 'properties': {'osType': 'Linux', 'ipAddress': {'type': 'Public', 'ports': [{'port': 80}]},
                                             'containers': [{'name': 'web', 'properties': {
                                                 'image': 'mcr.microsoft.com/azuredocs/aci-helloworld',
                                                 'ports': [{'port': 80}],
                                                 'resources': {'requests': {'cpu': 1.0, 'memoryInGB': 1.5}}}}]}})
    seed_targets(sandbox)


# The life cycles' other targets, with the bodies tests/targets.py seeds the sandbox tests' ones with.
_LOGIN = {'administratorLogin': 'dbadmin', 'administratorLoginPassword': ADMIN_PASSWORD}
_FLEX = {'location': 'eastus', 'sku': {'name': 'Standard_D2ds_v5', 'tier': 'GeneralPurpose'},
         'properties': {**_LOGIN, 'version': '17'}}
_SINGLE = {'location': 'eastus', 'sku': {'name': 'GP_Gen5_2'}, 'properties': {'createMode': 'Default', **_LOGIN}}
_COSMOS = {   # key -> (kind, capabilities, children (collection, name), outermost first)
    'cosmos_sql': ('GlobalDocumentDB', (), (('sqlDatabases', 'db'),)),
    'cosmos_mongo': ('MongoDB', (), (('mongodbDatabases', 'db'),)),
    'cosmos_cassandra': ('GlobalDocumentDB', ('EnableCassandra',), (('cassandraKeyspaces', 'ks'),)),
    'cosmos_gremlin': ('GlobalDocumentDB', ('EnableGremlin',), (('gremlinDatabases', 'db'), ('graphs', 'graph'))),
    'cosmos_table': ('GlobalDocumentDB', ('EnableTable',), (('tables', 'tbl'),)),
}


def target_ids():
    """key of RESOURCES -> the resource id of each life-cycle target (whose keys must never be recorded)."""
    providers = f'{RG_ID}/providers'
    ids = {
        'appconfig': 'Microsoft.AppConfiguration/configurationStores', 'servicebus': 'Microsoft.ServiceBus/namespaces',
        'eventhub': 'Microsoft.EventHub/namespaces', 'signalr': 'Microsoft.SignalRService/SignalR',
        'webpubsub': 'Microsoft.SignalRService/WebPubSub', 'insights': 'microsoft.insights/components',
        'cognitive': 'Microsoft.CognitiveServices/accounts', 'redis': 'Microsoft.Cache/redis',
        'redis_enterprise': 'Microsoft.Cache/redisEnterprise', 'pg_flex': 'Microsoft.DBforPostgreSQL/flexibleServers',
        'mysql_flex': 'Microsoft.DBforMySQL/flexibleServers', 'sql': 'Microsoft.Sql/servers',
        'pg_single': 'Microsoft.DBforPostgreSQL/servers', 'mysql_single': 'Microsoft.DBforMySQL/servers',
        **{key: 'Microsoft.DocumentDB/databaseAccounts' for key in _COSMOS},
    }
    return {key: f'{providers}/{kind}/{NAMES[key]}' for key, kind in ids.items()}


def seed_targets(sandbox):
    ids = target_ids()
    for key in ('servicebus', 'eventhub'):
        sandbox.put_resource(ids[key], {'location': 'eastus', 'sku': {'name': 'Premium', 'tier': 'Premium'}})
    sandbox.put_resource(ids['appconfig'], {'location': 'eastus', 'sku': {'name': 'standard'}})
    for key in ('signalr', 'webpubsub'):
        sandbox.put_resource(ids[key], {'location': 'eastus', 'sku': {'name': 'Standard_S1'}})
    sandbox.put_resource(ids['insights'], {'location': 'eastus', 'kind': 'web',
                                           'properties': {'Application_Type': 'web'}})
    sandbox.put_resource(ids['cognitive'], {'location': 'eastus', 'kind': 'CognitiveServices', 'sku': {'name': 'S0'},
                                            'properties': {'customSubDomainName': NAMES['cognitive']}})
    for key, (kind, capabilities, children) in _COSMOS.items():
        sandbox.put_resource(ids[key], {'location': 'eastus', 'kind': kind, 'properties': {
            'databaseAccountOfferType': 'Standard', 'locations': [{'locationName': 'eastus'}],
            'capabilities': [{'name': c} for c in capabilities], 'ipRules': []}})
        path = ids[key]
        for collection, child in children:
            path += f'/{collection}/{child}'
            sandbox.put_resource(path, {'properties': {'resource': {'id': child}}})
    sandbox.put_resource(ids['redis'], {'location': 'eastus', 'properties': {
        'sku': {'name': 'Standard', 'family': 'C', 'capacity': 1}, 'redisConfiguration': {'aad-enabled': 'true'}}})
    sandbox.put_resource(ids['redis_enterprise'], {'location': 'eastus', 'sku': {'name': 'Balanced_B0'},
                                                   'properties': {'publicNetworkAccess': 'Enabled'}})
    sandbox.put_resource(f"{ids['redis_enterprise']}/databases/default",
                         {'properties': {'clientProtocol': 'Encrypted'}})
    servers = {'pg_flex': _FLEX, 'mysql_flex': {**_FLEX, 'properties': {**_FLEX['properties'], 'version': '8.0.21'}},
               'sql': {'location': 'eastus', 'properties': dict(_LOGIN)}, 'pg_single': _SINGLE, 'mysql_single': _SINGLE}
    for key, body in servers.items():
        sandbox.put_resource(ids[key], body)
        # SQL databases are tracked resources (a location); the others are not
        sandbox.put_resource(f'{ids[key]}/databases/db', {'location': 'eastus', 'properties': {}} if key == 'sql'
                             else {'properties': {}})


def seed_test_world(sandbox):
    """For the matrix test: every source and a resource of every target type, named as the sandbox
    scenario tests name them (tests/sources.py, tests/targets.py)."""
    from tests.harness import World
    from tests.sources import KITS
    World(sandbox).everything()
    for kit in KITS.values():
        kit.seed(sandbox)


def secrets_of(sandbox):
    """Values that must never appear in a cassette."""
    from tests.harness import account_id
    keys = [k['value'] for account in (ACCOUNT_ID, account_id())
            for k in sandbox.call('POST', f'{account}/listKeys', api_version='2025-08-01').body['keys']]
    target_keys = _target_keys(sandbox)
    print(f'checking the cassettes for {len(target_keys)} keys of the life cycles\' targets', flush=True)
    found = (keys + target_keys + list(FAKE_USER_SECRETS) + [ADMIN_PASSWORD]
             + [SP["sp_secret"][0], DB_PASSWORD, ATLAS_STRING, API_SECRET, sandbox.client_secret])
    return found + [quote(s, safe='') for s in found if quote(s, safe='') != s]   # (as in a URL)


def _target_keys(sandbox):
    """Every key the life cycles' targets would give to listKeys (a secret-auth connection reads them)."""
    ids = target_ids()
    calls = [(ids[k], 'listKeys') for k in ('appconfig', 'signalr', 'webpubsub', 'cognitive', 'redis', *_COSMOS)]
    calls += [(f"{ids['redis_enterprise']}/databases/default", 'listKeys')]
    calls += [(f'{ids[k]}/authorizationRules/RootManageSharedAccessKey', 'listKeys')
              for k in ('servicebus', 'eventhub')]
    found = []
    for resource, action in calls:
        try:
            body = sandbox.call('POST', f'{resource}/{action}').body
        except Exception:  # pylint: disable=broad-except
            continue
        _collect_strings(body, found)
    return [s for s in found if len(s) >= 16 and not s.startswith(('/subscriptions/', 'https://'))]


def _collect_strings(node, found, field=''):
    """The strings of a listKeys answer held under a key's field (key1, primaryKey, value, connectionString...),
    and each `...=value` part of a connection string."""
    if isinstance(node, dict):
        for name, value in node.items():
            _collect_strings(value, found, name)
    elif isinstance(node, list):
        for value in node:
            _collect_strings(value, found, field)
    elif isinstance(node, str) and re.search(r'key\d?$|value$|connectionstring$', field, re.IGNORECASE) \
            and field.lower() != 'keyname':
        found.append(node)
        found.extend(part.split('=', 1)[1] for part in node.split(';')
                     if '=' in part and len(part.split('=', 1)[1]) >= 16)


def check_cassettes(secrets):
    import re
    bad = []
    files = sorted(glob.glob(os.path.join(RECORDINGS, '*.yaml')))
    for path in files:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for secret in secrets:
            if secret in text:
                bad.append(f'{os.path.basename(path)}: contains a secret ({secret[:6]}...)')
        for match in re.finditer(r'AccountKey=([^;"\'\s]+)', text):
            if match.group(1) != FAKE_STORAGE_KEY:
                bad.append(f'{os.path.basename(path)}: unscrubbed AccountKey={match.group(1)[:6]}...')
        if re.search(r'127\.0\.0\.1|eyJ[A-Za-z0-9_-]{10,}\.', text):
            bad.append(f'{os.path.basename(path)}: sandbox host or a JWT left in')
    return files, bad


def _cassettes():
    """{path: bytes} of every cassette now."""
    found = {}
    for path in glob.glob(os.path.join(RECORDINGS, '*.yaml')):
        with open(path, 'rb') as f:
            found[path] = f.read()
    return found


def _put_back(kept):
    """Live, the testsdk deletes a test's cassette when it makes the test case, and pytest makes one for every
    test it collects, selected or not: `-k blob` would leave only blob's cassettes. Put back those no test
    recorded again."""
    for path, data in kept.items():
        if not os.path.exists(path):
            with open(path, 'wb') as f:
                f.write(data)


def main(pytest_args):
    venv_bin = os.path.dirname(sys.executable)
    az = os.path.join(venv_bin, 'az')
    work = tempfile.mkdtemp(prefix='azext-connection-record-')
    config_dir = os.path.join(work, 'azure-config')
    sandbox = Sandbox(port=0, ttl=1800, workdir=os.path.join(work, 'sandbox'))
    sandbox.start()
    # Long-running operations (container apps, container groups, Spring) answer at once in the sandbox;
    # Retry-After 0 keeps the recordings (and so their playback) from waiting a second per poll.
    sandbox.operations.retry_after = 0
    try:
        env = {**os.environ, **sandbox.az_env(config_dir)}
        sandbox.login_az([az], env)
        seed(sandbox)
        seed_test_world(sandbox)
        env.update({
            'AZURE_TEST_RUN_LIVE': 'true',
            'AZEXT_RECORD_AZURE_CONFIG_DIR': config_dir,
            'REQUESTS_CA_BUNDLE': sandbox.ca_bundle,
        })
        for var in [v for v in env if v.startswith('AZEXT_CONN_TEST_')]:
            del env[var]   # sandbox names are the monikers themselves
        print(f'recording against the ARM sandbox at {sandbox.url} (config {config_dir})', flush=True)
        kept = _cassettes()
        rc = subprocess.call([sys.executable, '-m', 'pytest', os.path.relpath(HERE, ROOT), '-q',
                              '-p', 'no:cacheprovider', *pytest_args], cwd=ROOT, env=env)
        _put_back(kept)
        secrets = secrets_of(sandbox)
    finally:
        sandbox.stop()
    if rc != 0:
        print(f'recording failed (pytest exit {rc})', file=sys.stderr)
        return rc
    files, bad = check_cassettes(secrets)
    if bad:
        print('\n'.join(['SECRETS FOUND IN CASSETTES:'] + bad), file=sys.stderr)
        return 1
    print(f'{len(files)} cassettes recorded and checked for secrets; replaying them...', flush=True)
    playback_env = {k: v for k, v in os.environ.items()
                    if k not in ('AZURE_TEST_RUN_LIVE', 'REQUESTS_CA_BUNDLE', 'AZEXT_RECORD_AZURE_CONFIG_DIR')}
    return subprocess.call([sys.executable, '-m', 'pytest', os.path.relpath(HERE, ROOT), '-q',
                            '-p', 'no:cacheprovider', *pytest_args], cwd=ROOT, env=playback_env)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
