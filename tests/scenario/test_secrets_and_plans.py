"""No secret is ever printed, logged (even with --debug) or stored in the record unless asked for;
--dry-run prints a readable plan and changes nothing."""
import pytest

from tests.harness import RG, SP_SECRET, account_id, comparable
from tests.sources import KITS

BLOB = ['webapp', 'connection', 'create', 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data', '--account', 'acct']
SP = ['--service-principal', 'client-id=11111111-1111-1111-1111-111111111111', f'secret={SP_SECRET}',
      'object-id=22222222-2222-2222-2222-222222222222']


def _account_keys(sandbox):
    return [k['value'] for k in sandbox.call('POST', account_id() + '/listKeys').body['keys']]


def test_debug_output_of_a_real_az_holds_no_secret(az_cli, world, sandbox, tmp_path):
    """The real az in a subprocess, --debug on: every request and response body it logs is secret-free.
    (The service principal's secret is given as secret=@FILE: az itself echoes its argv under --debug.)"""
    world.everything()
    secret_file = tmp_path / 'sp-secret'
    secret_file.write_text(SP_SECRET)
    sp_from_file = [SP[0], SP[1], f'secret=@{secret_file}', SP[3]]
    runs = [az_cli.run(*BLOB, '--secret', '--connection', 's1', '--debug'),
            az_cli.run(*BLOB, *sp_from_file, '--connection', 'sp1', '--debug'),
            az_cli.run('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection', 's1',
                       '--debug'),
            az_cli.run('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 's1', '--debug')]
    secrets = _account_keys(sandbox) + [SP_SECRET]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
        assert 'Request body' in run.stderr or 'urllib3' in run.stderr   # --debug really logged traffic
        for secret in secrets:
            assert secret not in run.stdout and secret not in run.stderr


def test_secrets_reach_the_app_but_not_the_record(az, world, sandbox):
    world.everything()
    az(*BLOB, '--secret', '--connection', 's1')
    az(*BLOB, *SP, '--connection', 'sp1')
    key = _account_keys(sandbox)[0]
    settings = world.settings()
    assert key in settings['AZURE_STORAGEBLOB_CONNECTIONSTRING']
    assert settings['AZURE_STORAGEBLOB_SP1_CLIENTSECRET'] == SP_SECRET
    records = ' '.join(world.metadata().values())
    assert key not in records and SP_SECRET not in records and 'AccountKey' not in records


def test_list_configuration_masks_unless_asked(az, world):
    world.everything()
    az(*BLOB, '--secret', '--connection', 's1')
    masked = az('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection', 's1').result
    assert masked['configurations'][0]['value'] == '<hidden>'
    shown = az('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection', 's1',
               '--show-secrets').result
    assert shown['configurations'][0]['value'].startswith('DefaultEndpointsProtocol=https;AccountName=acct;')


def test_dry_run_prints_the_plan_and_changes_nothing(az, world, sandbox):
    world.everything()
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    plan = az(*BLOB, *SP, '--connection', 'sp1', '--dry-run').result
    assert plan['dryRun'] is True and plan['verb'] == 'create'
    actions = [s['action'] for s in plan['steps']]
    assert any("grant 'Storage Blob Data Contributor'" in a for a in actions)
    assert any('AZURE_STORAGEBLOB_CLIENTSECRET=<hidden>' in a for a in actions)
    assert SP_SECRET not in str(plan)
    assert comparable(sandbox.dump()) == before
    assert [r for r in sandbox.requests if r['method'] in ('PUT', 'PATCH', 'DELETE')] == []
    table = az(*BLOB, '--secret', '--connection', 's1', '--dry-run', '-o', 'table').stdout
    assert 'AZURE_STORAGEBLOB_CONNECTIONSTRING=<hidden>' in table


def test_delete_and_update_dry_runs_change_nothing(az, world, sandbox):
    world.everything()
    az(*BLOB, '--system-identity', '--connection', 'c1')
    before = comparable(sandbox.dump())
    deleting = az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'c1', '--dry-run').result
    assert [s['key'] for s in deleting['steps']] == ['intent', 'revoke-1', 'settings', 'record']
    updating = az('webapp', 'connection', 'update', 'storage-blob', '-g', RG, '-n', 'app', '--connection', 'c1',
                  '--secret', '--dry-run').result
    assert [s['key'] for s in updating['steps']] == ['intent', 'revoke-1', 'settings', 'record']
    assert comparable(sandbox.dump()) == before


def test_verbose_shows_each_step_as_it_completes_and_no_secret(az, world, sandbox, tmp_path):
    world.everything()
    secret_file = tmp_path / 'sp-secret'
    secret_file.write_text(SP_SECRET)     # off the command line, which az itself echoes
    created = az(*BLOB, SP[0], SP[1], f'secret=@{secret_file}', SP[3], '--connection', 'sp1', '--verbose')
    for step in ('grant-1', 'settings', 'record'):
        assert f"Step '{step}'" in created.stderr, created.stderr
    assert SP_SECRET not in created.stderr and SP_SECRET not in created.stdout


OTHER_SOURCES = ['functionapp', 'containerapp', 'spring', 'container']


@pytest.mark.parametrize('source', OTHER_SOURCES)
def test_no_source_prints_a_secret_under_debug(az_cli, world, sandbox, tmp_path, source):
    """Each source's own secret paths, with --debug: container app secrets (and their listSecrets), a
    container group's secure values (and the full PUT that sends another connection's back), Spring
    deployment variables. Two connections, so the second's writes carry the first's secret."""
    kit = KITS[source]
    world.everything()
    kit.seed(sandbox)
    secret_file = tmp_path / 'sp-secret'
    secret_file.write_text(SP_SECRET)
    blob = kit.command('create', 'storage-blob', *kit.locator, '--tg', 'data', '--account', 'acct')
    queue = kit.command('create', 'storage-queue', *kit.locator, '--tg', 'data', '--account', 'acct')
    second = (['--secret'] if source == 'container' else
              [SP[0], SP[1], f'secret=@{secret_file}', SP[3]])          # container groups take no SP
    runs = [az_cli.run(*blob, '--secret', '--connection', 's1', '--client-type', 'java', '--debug'),
            az_cli.run(*queue, *second, '--connection', 's2', '--client-type', 'java', '--debug'),
            az_cli.run(*kit.command('list-configuration', *kit.locator, '--connection', 's1'), '--debug'),
            az_cli.run(*kit.command('validate', *kit.locator, '--connection', 's2'), '--debug'),
            az_cli.run(*kit.command('update', 'storage-blob', *kit.locator, '--connection', 's1'),
                       '--client-type', 'python', '--debug'),
            az_cli.run(*kit.command('delete', *kit.locator, '--connection', 's1', '--yes'), '--debug')]
    secrets = _account_keys(sandbox) + [SP_SECRET]
    assert any(secret in value for value in kit.settings(sandbox).values() for secret in secrets)  # they are there
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
        assert 'Request body' in run.stderr or 'urllib3' in run.stderr
        for secret in secrets:
            assert secret not in run.stdout and secret not in run.stderr, run.args


def _target_secrets(sandbox, target_id, target):
    """Every secret value the target's key action hands out."""
    if target.startswith('cosmos-'):
        keys = sandbox.call('POST', target_id + '/listKeys').body
        strings = sandbox.call('POST', target_id + '/listConnectionStrings').body['connectionStrings']
        return list(keys.values()) + [s['connectionString'] for s in strings]
    if target in ('servicebus', 'eventhub', 'signalr', 'webpubsub'):
        keys = sandbox.call('POST', target_id + ('/listKeys' if target in ('signalr', 'webpubsub') else
                                                 '/authorizationRules/RootManageSharedAccessKey/listKeys')).body
        return [keys[k] for k in ('primaryKey', 'secondaryKey', 'primaryConnectionString',
                                  'secondaryConnectionString')]
    if target in ('redis', 'redis-enterprise'):      # a cache's (database's) keys, also URL-encoded (in a URL)
        from urllib.parse import quote
        keys = sandbox.call('POST', target_id + '/listKeys').body
        return [form(keys[k]) for k in ('primaryKey', 'secondaryKey') for form in (str, lambda v: quote(v, safe=''))]
    listed = sandbox.call('POST', target_id + '/listKeys').body['value']
    return [k['value'] for k in listed] + [k['connectionString'] for k in listed]


@pytest.mark.parametrize('target', ['servicebus', 'eventhub', 'appconfig', 'signalr', 'webpubsub',
                                    'cosmos-sql', 'cosmos-mongo', 'cosmos-cassandra', 'cosmos-gremlin',
                                    'cosmos-table', 'redis',
                                    'redis-enterprise'])
def test_no_target_key_is_printed_under_debug(az_cli, world, sandbox, target):
    """A target's own keys (a namespace rule's, a store's) reach the app and never the output."""
    from tests.targets import SEEDS
    world.everything()
    args, target_id = SEEDS[target].args, SEEDS[target].resource_id
    create = ['webapp', 'connection', 'create', target, '-g', RG, '-n', 'app', *args]
    client = 'dotnet' if target == 'signalr' else 'python'     # SignalR's docs name .NET only
    client = 'java' if target == 'cosmos-mongo' else client    # the MongoDB page has no Python tab
    runs = [az_cli.run(*create, '--secret', '--connection', 's1', '--client-type', client, '--debug'),
            az_cli.run('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection', 's1',
                       '--debug'),
            az_cli.run('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 's1', '--debug')]
    secrets = _target_secrets(sandbox, target_id, target)
    assert any(s in v for v in world.settings().values() for s in secrets)      # it reached the app
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
        assert 'Request body' in run.stderr or 'urllib3' in run.stderr
        for secret in secrets:
            assert secret not in run.stdout and secret not in run.stderr, run.args


def test_no_secret_of_the_users_own_is_printed_logged_planned_or_kept(az_cli, az, world, sandbox, tmp_path):
    """Targets outside ARM take the user's own secrets (Confluent's API key secrets, a Neon password, a
    MongoDB Atlas connection string): they reach the app and nothing else, --debug included. (Each is given
    from a file: az itself echoes its argv under --debug.)"""
    from azext_connection.matrix import AuthType, TARGETS
    from tests.harness import ATLAS_STRING, DB_PASSWORD, FLAG_CREDENTIALS, auth_args
    from tests.targets import SEEDS
    world.everything()
    secrets = [DB_PASSWORD, ATLAS_STRING, 'Atl4s-Passw0rd'] + [s for _, s in FLAG_CREDENTIALS.values()]
    files = {}
    for index, secret in enumerate(secrets[:2] + secrets[3:]):
        files[secret] = tmp_path / f'secret-{index}'
        files[secret].write_text(secret)

    def from_files(args):
        return [f'@{files[a]}' if a in files else f'secret=@{files[a[7:]]}' if a[7:] in files else a for a in args]
    runs, plans = [], []
    for target in ('confluent-cloud', 'neon-postgres', 'mongodb-atlas'):
        create = ['webapp', 'connection', 'create', target, '-g', RG, '-n', 'app', *SEEDS[target].args,
                  *from_files(auth_args(AuthType.SECRET, sandbox, TARGETS[target])), '--client-type', 'python']
        plans.append(az(*create, '--connection', f'dry{target[:4]}', '--dry-run').stdout)
        runs.append(az_cli.run(*create, '--connection', f'c{target[:4]}', '--debug'))
    for name in ('cconf', 'cconf_schema', 'cneon', 'cmong'):
        runs.append(az_cli.run('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', name,
                               '--debug'))
    runs.append(az_cli.run('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection',
                           'cconf', '--debug'))
    settings = ' '.join(world.settings().values())
    assert all(s in settings for s in secrets)          # they reached the app
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
        assert 'Request body' in run.stderr or 'urllib3' in run.stderr
        for secret in secrets:
            assert secret not in run.stdout and secret not in run.stderr, run.args
    kept = str(world.metadata()) + ''.join(plans)
    assert all(s not in kept for s in secrets)
