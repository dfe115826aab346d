"""The Azure CLI team's own tooling on this extension, offline, as azure-cli-extensions CI runs it.

scripts/azdev_offline.py (run with .venv-azdev's python: azdev 0.2.13 and the pinned azure-cli, made by
scripts/bootstrap.sh) writes what azdev needs instead of `azdev setup` and runs it:
  * `azdev linter azext_connection --min-severity low` with the extension as its first pull request, so
    every rule runs and the test-coverage rules see every command as new (each must be run by a recorded
    test), and `azdev style azext_connection` (pylint and flake8 with azdev's configuration for extensions);
  * `azdev test connection --discover`, which must find the recorded tests and replay one.
About a minute and a half; the linter loads every azure-cli module, as it does in CI.
"""
import json
import os
import subprocess

from azext_connection.matrix import SOURCES, targets_of

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AZDEV_PYTHON = os.path.join(ROOT, '.venv-azdev', 'bin', 'python')
DRIVER = os.path.join(ROOT, 'scripts', 'azdev_offline.py')
RULES = 32    # azdev 0.2.13's linter rules; fewer reported means some did not run


def _azdev(action, work, *args):
    assert os.path.exists(AZDEV_PYTHON), '.venv-azdev is missing: run scripts/bootstrap.sh'
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTEST_')}
    done = subprocess.run([AZDEV_PYTHON, DRIVER, action, '--workdir', str(work), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1200, check=False)
    report = done.stdout.rstrip().rsplit('\n', 1)
    assert report[-1].startswith('{'), done.stdout[-20000:] + done.stderr[-5000:]
    return json.loads(report[-1]), report[0][-30000:] + done.stderr[-5000:]


def _leaf_commands():
    verbs = ('list', 'show', 'delete', 'list-configuration', 'validate', 'list-support-types', 'wait')
    for source in SOURCES.values():
        yield from (f'{source.name} connection {verb}' for verb in verbs)
        for target in targets_of(source):
            yield from (f'{source.name} connection {action} {target.name}' for action in ('create', 'update'))


def test_azdev_linter_with_every_rule_and_azdev_style_pass(tmp_path):
    summary, output = _azdev('check', tmp_path)
    failed = sorted(rule for rule, result in summary['rules'].items() if result != 'pass')
    assert summary['linter_exit'] == 0 and not failed, f'linter rules failed: {failed}\n{output}'
    assert len(summary['rules']) == RULES, output
    # the coverage rules found every command (in commands.py) and found each run (by a recorded test)
    assert summary['coverage_commands'] == sorted(_leaf_commands()), output
    assert summary['style_exit'] == 0, output


def test_azdev_test_discovers_and_replays_the_recorded_tests(tmp_path):
    summary, output = _azdev('test', tmp_path, '--', '-k', 'test_webapp_connection_storage_blob_secret')
    from azext_connection.tests.latest import test_connection_matrix, test_connection_scenario
    recorded = {name for module in (test_connection_matrix, test_connection_scenario)
                for cls in vars(module).values() if isinstance(cls, type) and cls.__module__ == module.__name__
                for name in vars(cls) if name.startswith('test_')}
    assert recorded and recorded <= set(summary['discovered']), output
    assert summary['exit'] == 0 and summary['results'] == {'passed': 1}, output
