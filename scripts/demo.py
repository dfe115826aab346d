"""The main job, end to end on the local ARM sandbox, with the real az.

Starts the sandbox, installs the extension the way users do (a wheel, `az extension add --source`),
logs az into the sandbox, seeds a web app, a storage account, a key vault and a user identity, then runs
create -> list -> show -> list-configuration -> validate -> update -> delete for several auth types,
shows a failed create rolling back and a killed one recovered, then one connection from each other
source (function app, container app, Spring app, container group), then a database, a cache and a messaging
connection, then a passwordless database connection (the app signing in with its own identity), and prints each
command with its result. Exits non-zero if any step does not behave as shown.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from arm_sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position

SUB = '00000000-0000-0000-0000-000000000000'
AZ = os.path.join(os.path.dirname(sys.executable), 'az')
SP = ['--service-principal', 'client-id=11111111-1111-1111-1111-111111111111', 'secret=demo-only-secret',
      'object-id=22222222-2222-2222-2222-222222222222']


def seed(sandbox):
    rg = f'/subscriptions/{SUB}/resourceGroups'
    sandbox.put_resource(f'{rg}/rg', {'location': 'eastus'})
    sandbox.put_resource(f'{rg}/data', {'location': 'eastus'})
    sandbox.put_resource(f'{rg}/rg/providers/Microsoft.Web/sites/app', {
        'location': 'eastus', 'kind': 'app,linux', 'properties': {'siteConfig': {'linuxFxVersion': 'PYTHON|3.11'}}})
    sandbox.put_resource(f'{rg}/data/providers/Microsoft.Storage/storageAccounts/acct', {
        'location': 'eastus', 'kind': 'StorageV2', 'sku': {'name': 'Standard_LRS'},
        'properties': {'networkAcls': {'defaultAction': 'Deny', 'bypass': 'AzureServices', 'ipRules': []}}})
    sandbox.put_resource(f'{rg}/data/providers/Microsoft.KeyVault/vaults/vault', {
        'location': 'eastus', 'properties': {'tenantId': sandbox.tenant_id, 'sku': {'family': 'A', 'name': 'standard'},
                                             'enableRbacAuthorization': True, 'accessPolicies': []}})
    identity = sandbox.put_resource(f'{rg}/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai',
                                    {'location': 'eastus'})
    return identity['properties']['clientId']


class Demo:
    def __init__(self, env):
        self.env = env
        self.failures = []

    def az(self, title, *args, expect_error=False, quiet=True):
        command = ['az', *args] + (['--only-show-errors'] if quiet else [])
        print(f'\n## {title}\n$ {shlex.join(command)}', flush=True)
        proc = subprocess.run([AZ, *command[1:]], env=self.env, capture_output=True, text=True, timeout=300)
        print(proc.stdout.rstrip() or '(no output)')
        if proc.stderr.strip():
            print(proc.stderr.rstrip())
        if (proc.returncode != 0) != expect_error:
            self.failures.append(f'{title}: exit code {proc.returncode}')
            print(f'!! unexpected exit code {proc.returncode}')
        return proc


def install_extension(work, env):
    dist = os.path.join(work, 'dist')
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', ROOT, '-w', dist, '--no-deps', '--no-build-isolation', '-q'],
                   check=True, capture_output=True, cwd=work)
    wheel = os.path.join(dist, next(f for f in os.listdir(dist) if f.endswith('.whl')))
    # pip fetches its dependencies from the package index with the public CAs, not the sandbox's bundle.
    public = {k: v for k, v in env.items() if k != 'REQUESTS_CA_BUNDLE'}
    subprocess.run([AZ, 'extension', 'add', '--source', wheel, '--yes', '--only-show-errors'], env=public, check=True)
    return wheel


def main():
    work = tempfile.mkdtemp(prefix='azext-connection-demo-')
    with Sandbox(port=0, ttl=900, workdir=os.path.join(work, 'sandbox')) as sandbox:
        env = {**os.environ, **sandbox.az_env(os.path.join(work, 'azure')),
               'AZURE_EXTENSION_DIR': os.path.join(work, 'extensions')}
        print(f'ARM sandbox at {sandbox.url}; az config in {work}/azure')
        sandbox.login_az([AZ], env)
        print('Installed', os.path.basename(install_extension(work, env)), 'with az extension add --source')
        client_id = seed(sandbox)
        run(Demo(env), sandbox, client_id)
        return 0


def run(demo, sandbox, client_id):
    app = ['-g', 'rg', '-n', 'app']
    wc = ['webapp', 'connection']
    demo.az('What can a web app connect to?', *wc, 'list-support-types', '-o', 'table')
    demo.az('The plan, before anything changes (the storage firewall denies by default)', *wc, 'create',
            'storage-blob', *app, '--tg', 'data', '--account', 'acct', '--system-identity', '--client-type', 'python',
            '--connection', 'blob_mi', '--dry-run', '-o', 'table')
    demo.az('Create: system identity to Blob storage', *wc, 'create', 'storage-blob', *app, '--tg', 'data',
            '--account', 'acct', '--system-identity', '--client-type', 'python', '--connection', 'blob_mi',
            '--query', '{name:name, auth:authInfo.authType, firewall:publicNetworkSolution.firewallRules.ipRanges}')
    demo.az('Create: secret (connection string) to Queue storage, client type detected from the stack', *wc,
            'create', 'storage-queue', *app, '--tg', 'data', '--account', 'acct', '--secret', '--connection',
            'queue_secret', '-o', 'table', quiet=False)
    demo.az('Create: user identity to Key Vault', *wc, 'create', 'keyvault', *app, '--tg', 'data', '--vault', 'vault',
            '--user-identity', f'client-id={client_id}', f'subs-id={SUB}', '--client-type', 'dotnet', '--connection',
            'kv_umi', '-o', 'table')
    demo.az('Create: service principal to Table storage', *wc, 'create', 'storage-table', *app, '--tg', 'data',
            '--account', 'acct', *SP, '--client-type', 'nodejs', '--connection', 'table_sp', '-o', 'table')
    demo.az('List', *wc, 'list', *app, '-o', 'table')
    demo.az('Show, with --query as scripts use it', *wc, 'show', *app, '--connection', 'kv_umi', '--query',
            '{auth:authInfo.authType, clientId:authInfo.clientId, client:clientType, target:targetService.id}')
    demo.az('List the configuration (secrets masked)', *wc, 'list-configuration', *app, '--connection', 'queue_secret',
            '-o', 'table')
    demo.az('List the configuration of the service principal connection', *wc, 'list-configuration', *app,
            '--connection', 'table_sp', '-o', 'table')
    demo.az('Validate', *wc, 'validate', *app, '--connection', 'kv_umi', '-o', 'table')
    demo.az('Update: client type python -> springBoot (settings renamed, nothing old left)', *wc, 'update',
            'storage-blob', *app, '--connection', 'blob_mi', '--client-type', 'springBoot', '-o', 'table')
    demo.az('... its configuration now', *wc, 'list-configuration', *app, '--connection', 'blob_mi', '-o', 'table')
    demo.az('Update: secret -> system identity (role granted, connection string removed)', *wc, 'update',
            'storage-queue', *app, '--connection', 'queue_secret', '--system-identity', '-o', 'table')
    demo.az('Validate everything', *wc, 'validate', *app, '--connection', 'queue_secret', '-o', 'table')

    sandbox.inject_fault(method='PUT', path='/config/metadata$', nth=2, status=403, code='AuthorizationFailed',
                         message='The client does not have authorization to perform action '
                                 "'Microsoft.Web/sites/config/write'.")
    before = len(role_assignments(sandbox))
    demo.az('A create that fails at its last step (injected 403 on the record): every step is undone', *wc, 'create',
            'storage-blob', *app, '--tg', 'data', '--account', 'acct', '--secret', '--connection', 'doomed',
            expect_error=True)
    sandbox.clear_faults()
    demo.az('... nothing of it is left', *wc, 'list', *app, '--query', '[].name', '-o', 'tsv')
    if len(role_assignments(sandbox)) != before:
        demo.failures.append('the failed create left a role assignment')

    killed_midway(demo, sandbox, app)
    demo.az('Delete: the plan first', *wc, 'delete', *app, '--connection', 'blob_mi', '--dry-run', '-o', 'table')
    for name in ('blob_mi', 'queue_secret', 'kv_umi', 'table_sp'):
        demo.az(f'Delete {name}', *wc, 'delete', *app, '--connection', name, '--yes')
    demo.az('Nothing left', *wc, 'list', *app)
    leftover = role_assignments(sandbox)
    settings = sandbox.call('POST', f'/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app'
                                    '/config/appsettings/list').body['properties']
    ip_rules = sandbox.get_resource(f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.Storage'
                                    '/storageAccounts/acct')['properties']['networkAcls']['ipRules']
    print(f'\nRole assignments left: {len(leftover)}; app settings left: {json.dumps(settings)}; '
          f'storage IP rules left: {ip_rules}')
    if leftover or settings or ip_rules:
        demo.failures.append('delete left something behind')
    other_sources(demo, sandbox)
    data_services(demo, sandbox)
    passwordless_database(demo, sandbox)
    print(f'ARM requests served: {len(sandbox.requests)}')
    if demo.failures:
        print('\nDEMO FAILED:\n  ' + '\n  '.join(demo.failures))
        sys.exit(1)
    print('\nDemo finished: every step behaved as shown.')


def killed_midway(demo, sandbox, app):
    """kill -9 while the create writes the app settings: the connection is left Failed, validate says
    what may be half-done, and delete removes it. (The role it needs is granted already, by blob_mi.)"""
    wc = ['webapp', 'connection']
    held = sandbox.hold('PUT', '/config/appsettings$')
    command = [*wc, 'create', 'storage-blob', *app, '--tg', 'data', '--account', 'acct', '--system-identity',
               '--client-type', 'python', '--connection', 'killed', '--only-show-errors']
    print(f'\n## kill -9 while a create runs (held while it writes the app settings)\n$ az {shlex.join(command)} & kill -9')
    process = subprocess.Popen([AZ, *command], env=demo.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not held.arrived.wait(60):
        demo.failures.append('the create never reached its app settings')
    process.kill()
    process.wait()
    held.release()
    demo.az('... the connection is not lost: it shows as Failed', *wc, 'list', *app, '-o', 'table')
    demo.az('... validate says what may be half-done', *wc, 'validate', *app, '--connection', 'killed',
            '--query', "[?name=='operation'].{result:result, message:errorMessage, fix:suggestion}", '-o', 'json')
    demo.az('... and delete removes exactly that', *wc, 'delete', *app, '--connection', 'killed', '--yes')


def other_sources(demo, sandbox):
    """One connection from each other source kind, created, validated and deleted."""
    rg = f'/subscriptions/{SUB}/resourceGroups/rg/providers'
    sandbox.operations.retry_after = 0          # the sandbox's long-running operations: no wait between polls
    sandbox.put_resource(f'{rg}/Microsoft.Web/sites/func', {
        'location': 'eastus', 'kind': 'functionapp,linux', 'properties': {'siteConfig': {
            'linuxFxVersion': 'Python|3.11', 'appSettings': [{'name': 'FUNCTIONS_WORKER_RUNTIME', 'value': 'python'}]}}})
    sandbox.put_resource(f'{rg}/Microsoft.App/managedEnvironments/env', {'location': 'eastus', 'properties': {}})
    sandbox.put_resource(f'{rg}/Microsoft.App/containerApps/capp', {'location': 'eastus', 'properties': {
        'managedEnvironmentId': f'{rg}/Microsoft.App/managedEnvironments/env',
        'template': {'containers': [{'name': 'web', 'image': 'mcr.microsoft.com/k8se/quickstart:latest'}]}}})
    sandbox.put_resource(f'{rg}/Microsoft.AppPlatform/Spring/spring', {'location': 'eastus', 'sku': {'name': 'S0'}})
    sandbox.put_resource(f'{rg}/Microsoft.AppPlatform/Spring/spring/apps/sapp', {'properties': {}})
    sandbox.put_resource(f'{rg}/Microsoft.AppPlatform/Spring/spring/apps/sapp/deployments/default', {
        'properties': {'active': True, 'source': {'type': 'Jar', 'runtimeVersion': 'Java_17'}}})
    sandbox.put_resource(f'{rg}/Microsoft.ContainerInstance/containerGroups/cg', {'location': 'eastus', 'properties': {
        'osType': 'Linux', 'ipAddress': {'type': 'Public', 'ports': [{'port': 80}]},
        'containers': [{'name': 'web', 'properties': {
            'image': 'mcr.microsoft.com/azuredocs/aci-helloworld', 'ports': [{'port': 80}],
            'resources': {'requests': {'cpu': 1.0, 'memoryInGB': 1.5}}}}]}})
    sources = [
        ('functionapp', ['-g', 'rg', '-n', 'func'], 'keyvault', ['--vault', 'vault'], '--system-identity'),
        ('containerapp', ['-g', 'rg', '-n', 'capp'], 'storage-blob', ['--account', 'acct'], '--secret'),
        ('spring', ['-g', 'rg', '--service', 'spring', '--app', 'sapp'], 'storage-blob', ['--account', 'acct'],
         '--system-identity'),
        ('container', ['-g', 'rg', '-n', 'cg'], 'storage-queue', ['--account', 'acct'], '--secret'),
    ]
    for group, where, target, target_args, auth in sources:
        cc = [group, 'connection']
        demo.az(f'{group}: create ({target}, {auth})', *cc, 'create', target, *where, '--tg', 'data', *target_args,
                auth, '--connection', 'c1', '-o', 'table')
        demo.az(f'{group}: what it wrote (secrets masked)', *cc, 'list-configuration', *where, '--connection', 'c1',
                '-o', 'table')
        demo.az(f'{group}: validate', *cc, 'validate', *where, '--connection', 'c1', '--query',
                "[?result!='success']", '-o', 'json')
        demo.az(f'{group}: delete', *cc, 'delete', *where, '--connection', 'c1', '--yes')


def data_services(demo, sandbox):
    """A database (the user's login; its server's firewall opened for the app and Azure services), a cache
    and a messaging namespace (identity), next to the storage connections above; all removed again."""
    data = f'/subscriptions/{SUB}/resourceGroups/data/providers'
    server = f'{data}/Microsoft.DBforPostgreSQL/flexibleServers/pgserver'
    sandbox.put_resource(server, {'location': 'eastus', 'sku': {'name': 'Standard_D2ds_v5', 'tier': 'GeneralPurpose'},
                                  'properties': {'administratorLogin': 'dbadmin', 'version': '17',
                                                 'administratorLoginPassword': 'Demo-Adm1n-Passw0rd'}})
    sandbox.put_resource(f'{server}/databases/orders', {'properties': {}})
    sandbox.put_resource(f'{data}/Microsoft.Cache/redis/cache', {'location': 'eastus', 'properties': {
        'sku': {'name': 'Standard', 'family': 'C', 'capacity': 1}, 'redisConfiguration': {'aad-enabled': 'true'}}})
    sandbox.put_resource(f'{data}/Microsoft.ServiceBus/namespaces/demobus', {
        'location': 'eastus', 'sku': {'name': 'Standard', 'tier': 'Standard'}})
    password = os.path.join(tempfile.mkdtemp(prefix='azext-connection-demo-login-'), 'password')
    with open(password, 'w', encoding='utf-8') as handle:
        handle.write('Demo-App-Passw0rd!')
    app, wc = ['-g', 'rg', '-n', 'app'], ['webapp', 'connection']
    demo.az('Database: PostgreSQL flexible server, the login read from a file (never printed)', *wc, 'create',
            'postgres-flexible', *app, '--tg', 'data', '--server', 'pgserver', '--database', 'orders', '--secret',
            'name=orders_app', f'secret=@{password}', '--client-type', 'python', '--connection', 'orders_db',
            '-o', 'table')
    demo.az("... the server's firewall now admits the app and Azure services", 'resource', 'list', '-g', 'data',
            '--resource-type', 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules', '--query', '[].name')
    demo.az('Cache: Azure Cache for Redis, system identity (an access policy assignment in the cache)', *wc, 'create',
            'redis', *app, '--tg', 'data', '--server', 'cache', '--database', '0', '--system-identity',
            '--client-type', 'python', '--connection', 'cache', '-o', 'table')
    demo.az('Messaging: Service Bus, system identity', *wc, 'create', 'servicebus', *app, '--tg', 'data',
            '--namespace', 'demobus', '--system-identity', '--client-type', 'java', '--connection', 'bus', '-o', 'table')
    demo.az('Their configuration (the connection string with the password is masked)', *wc, 'list-configuration',
            *app, '--connection', 'orders_db', '-o', 'table')
    for name in ('orders_db', 'cache', 'bus'):
        demo.az(f'Validate {name}', *wc, 'validate', *app, '--connection', name, '--query', "[?result!='success']",
                '-o', 'json')
        demo.az(f'Delete {name}', *wc, 'delete', *app, '--connection', name, '--yes')
    rules = [r['id'] for r in sandbox.dump()['resources'] if '/firewallrules/' in r['id'].lower()]
    print(f'\nServer firewall rules left: {rules}')
    if rules or role_assignments(sandbox):
        demo.failures.append('deleting the data connections left something behind')


def passwordless_database(demo, sandbox):
    """A PostgreSQL connection with the app's own identity: Entra auth on the server, you its Entra admin, a
    database user for the app in the (real) engine, which the app then signs in as with its own token."""
    app, wc = ['-g', 'rg', '-n', 'app'], ['webapp', 'connection']
    demo.az('Passwordless: PostgreSQL with the app\'s system identity (a database user made for it)', *wc, 'create',
            'postgres-flexible', *app, '--tg', 'data', '--server', 'pgserver', '--database', 'orders',
            '--system-identity', '--client-type', 'python', '--connection', 'orders_mi', '-o', 'table')
    demo.az('... its configuration: no password anywhere', *wc, 'list-configuration', *app, '--connection',
            'orders_mi', '-o', 'table')
    principal = sandbox.get_resource(f'/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app')[
        'identity']['principalId']
    print('\n## The app signs in to the database with a token for its own identity')
    print(f'   as aad_orders_mi: {_sign_in(sandbox, "aad_orders_mi", principal)}')
    demo.az('Delete it: the database user is dropped (what it owned passes to you)', *wc, 'delete', *app,
            '--connection', 'orders_mi', '--yes')
    with sandbox.postgres_engine.superuser_connection() as conn:
        left = conn.run("SELECT rolname FROM pg_roles WHERE rolname = 'aad_orders_mi'")
    print(f'   database user left: {left or "none"}')
    if left:
        demo.failures.append('deleting the passwordless connection left its database user')


def _sign_in(sandbox, user, principal):
    """Sign in as the app would, from this machine standing in for the app's outbound addresses (which the
    connection admitted): the server's firewall admits it for the moment."""
    import pg8000.native
    token, _ = sandbox.issue_token(audience=sandbox.url + '/ossrdbms', principal_id=principal)
    env = sandbox.postgres_env()
    rule = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pgserver' \
           '/firewallRules/demo-stands-in-for-the-app'
    sandbox.put_resource(rule, {'properties': {'startIpAddress': '127.0.0.1', 'endIpAddress': '127.0.0.1'}})
    try:
        conn = pg8000.native.Connection(user, host=env['PGHOSTADDR'], port=int(env['PGPORT']), database='orders',
                                        password=token, ssl_context=False)
    finally:
        sandbox.call('DELETE', rule)
    try:
        return conn.run('SELECT current_user')[0][0]
    finally:
        conn.close()


def role_assignments(sandbox):
    return [r for r in sandbox.dump()['resources'] if '/roleassignments/' in r['id'].lower()]


if __name__ == '__main__':
    sys.exit(main())
