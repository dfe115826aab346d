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
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RECORDINGS = os.path.join(ROOT, 'azext_connection', 'tests', 'latest', 'recordings')   # next to the tests
sys.path.insert(0, ROOT)

from arm_sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

from azext_connection.tests.latest._base import FAKE_STORAGE_KEY  # noqa: E402  pylint: disable=wrong-import-position
from azext_connection.tests.latest.test_connection_matrix import API_SECRET, ATLAS_STRING, DB_PASSWORD  # noqa: E402  pylint: disable=wrong-import-position
from azext_connection.tests.latest.test_connection_scenario import RESOURCES, SP  # noqa: E402  pylint: disable=wrong-import-position

SUB = '00000000-0000-0000-0000-000000000000'
NAMES = {key: moniker for key, (moniker, _) in RESOURCES.items()}
RG_ID = f"/subscriptions/{SUB}/resourceGroups/{NAMES['rg']}"
APP_ID = f"{RG_ID}/providers/Microsoft.Web/sites/{NAMES['app']}"
ACCOUNT_ID = f"{RG_ID}/providers/Microsoft.Storage/storageAccounts/{NAMES['account']}"
VAULT_ID = f"{RG_ID}/providers/Microsoft.KeyVault/vaults/{NAMES['vault']}"
IDENTITY_ID = f"{RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{NAMES['identity']}"


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
    return keys + [SP["sp_secret"][0], DB_PASSWORD, ATLAS_STRING, API_SECRET, sandbox.client_secret]


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
