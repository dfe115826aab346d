"""app-insights and cognitiveservices through the real az: their secrets (a component's connection
string, which its own GET carries; an account's keys) reach the app and are never printed, even with
--debug; a restricted account is opened to the app and closed again by delete."""
import pytest

from tests.harness import RG, comparable
from tests.targets import SEEDS


def _secrets(sandbox, target):
    resource_id = SEEDS[target].resource_id
    if target == 'app-insights':
        props = sandbox.get_resource(resource_id)['properties']
        return [props['ConnectionString'], props['InstrumentationKey']]
    keys = sandbox.call('POST', resource_id + '/listKeys').body
    return [keys['key1'], keys['key2']]


@pytest.mark.parametrize('target', ['app-insights', 'cognitiveservices'])
def test_no_insights_or_cognitive_secret_is_printed_under_debug(az_cli, world, sandbox, target):
    world.everything()
    create = ['webapp', 'connection', 'create', target, '-g', RG, '-n', 'app', *SEEDS[target].args]
    runs = [az_cli.run(*create, '--secret', '--connection', 's1', '--client-type', 'python', '--debug'),
            az_cli.run('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection', 's1',
                       '--debug'),
            az_cli.run('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 's1', '--debug'),
            az_cli.run('webapp', 'connection', 'create', target, '-g', RG, '-n', 'app', *SEEDS[target].args,
                       '--secret', '--connection', 's2', '--dry-run', '--debug')]
    secrets = _secrets(sandbox, target)
    assert any(secrets[0] == v for v in world.settings().values())      # it reached the app
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
        assert 'Request body' in run.stderr or 'urllib3' in run.stderr
        for secret in secrets:
            assert secret not in run.stdout and secret not in run.stderr, run.args


def test_a_restricted_cognitive_account_is_opened_to_the_app_and_closed_by_delete(az, world, sandbox):
    world.everything()
    SEEDS['cognitiveservices'].seed(world, restricted=True)
    account = SEEDS['cognitiveservices'].resource_id
    before = comparable(sandbox.dump(), keep_identity=False)   # the identity it enabled stays
    az('webapp', 'connection', 'create', 'cognitiveservices', '-g', RG, '-n', 'app', *SEEDS['cognitiveservices'].args,
       '--system-identity', '--client-type', 'python', '--connection', 'ai')
    rules = [r['value'] for r in sandbox.get_resource(account)['properties']['networkAcls']['ipRules']]
    assert rules[0] == '198.51.100.7' and set(world.outbound_ips()) <= set(rules)
    assert world.settings()['AZURE_COGNITIVESERVICES_ENDPOINT'] == 'https://cogacct.cognitiveservices.azure.com/'
    checks = az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 'ai').result
    assert {c['result'] for c in checks} == {'success'} and 'network' in {c['name'] for c in checks}
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'ai', '--yes')
    assert comparable(sandbox.dump(), keep_identity=False) == before


@pytest.mark.parametrize('kind,names,role', [
    ('OpenAI', {'AZURE_OPENAI_BASE'}, '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'),
    ('AIServices', {'AZURE_AISERVICES_OPENAI_BASE', 'AZURE_AISERVICES_COGNITIVESERVICES_ENDPOINT',
                    'AZURE_AISERVICES_SPEECH_ENDPOINT'}, 'a97b65f3-24c7-4388-baec-2e87135dc908'),
])
def test_an_account_gets_the_names_and_role_of_its_kind(az, world, sandbox, kind, names, role):
    """The kind is known only once the account is read: the plan, validate and delete follow it."""
    from tests.targets import _cognitive_account
    world.everything()
    seed = _cognitive_account(SEEDS['cognitiveservices'].resource_id, kind=kind)
    seed.seed(world, restricted=False)
    before = comparable(sandbox.dump(), keep_identity=False)
    az('webapp', 'connection', 'create', 'cognitiveservices', '-g', RG, '-n', 'app', *seed.args,
       '--system-identity', '--client-type', 'python', '--connection', 'ai')
    assert {k for k in world.settings() if k.startswith('AZURE_')} == names
    assert [a['properties']['roleDefinitionId'].rsplit('/', 1)[1] for a in world.role_assignments()] == [role]
    checks = az('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 'ai').result
    assert {c['result'] for c in checks} == {'success'}, checks
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'ai', '--yes')
    assert comparable(sandbox.dump(), keep_identity=False) == before
