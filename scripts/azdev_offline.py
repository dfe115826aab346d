#!/usr/bin/env python
"""Run azdev (the Azure CLI team's tooling, as azure-cli-extensions CI runs it) on this extension, offline.

    .venv-azdev/bin/python scripts/azdev_offline.py check [--workdir DIR]   # linter (every rule) + style
    .venv-azdev/bin/python scripts/azdev_offline.py test [--workdir DIR] [-- PYTEST ARGS]   # azdev test
    .venv-azdev/bin/python scripts/azdev_offline.py azdev --workdir DIR ARGS...   # any azdev command

scripts/bootstrap.sh makes .venv-azdev (requirements-azdev.txt). azdev expects `azdev setup`: a cloned
azure-cli repo, an azure-cli-extensions clone with the extension pip-installed in development mode, and
network access. Instead, this writes a workspace (a temp dir unless --workdir) with what azdev reads:

  cli/scripts/ci/cmdcov.yml   the "azure-cli repo": only the file azdev's coverage rules load at import
                              (scripts/azdev/cmdcov.yml); no command modules in it, so azdev checks only
                              the extension, against the azure-cli installed in .venv-azdev
  ext/connection/             the "azure-cli-extensions repo": the extension's source folder as it would
                              be there (setup.py, README, HISTORY, linter_exclusions.yml, azext_connection/
                              copied, __pycache__ left out) with the egg-info `azdev extension add` would
                              leave (and on PYTHONPATH, as its editable install would put it); a git repo whose first commit is empty and whose second adds it all,
                              so `--tgt <first> --src HEAD` is the extension's first pull request: every
                              command and every line new, as the test-coverage rules need
  azdev/                      AZDEV_CONFIG_DIR: the `config` azdev setup writes ([cli] repo_path,
                              [ext] repo_paths) and env_config/<venv>/config_files/ (azdev's own pylintrc
                              and flake8 config for extensions, copied as azdev setup copies them)
  azure/                      AZURE_CONFIG_DIR: [extension] dev_sources = ext, as `azdev extension add`
                              sets it, so azure-cli loads the extension from the workspace

Offline, azdev's few HTTP GETs (the command-example thresholds, link checks in help) raise instead of
failing: the `azdev` process runs with requests.get answering 503 without touching the network, so azdev
takes its own fallback (its packaged example thresholds) and reports any link in help as broken.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXTENSION_FILES = ('setup.py', 'README.md', 'HISTORY.rst', 'linter_exclusions.yml')
MODULE = 'azext_connection'   # azdev names an extension by its module when it filters by git diff


def _git(repo, *args):
    subprocess.run(['git', '-c', 'user.name=azdev-offline', '-c', 'user.email=azdev-offline@localhost',
                    '-c', 'commit.gpgsign=false', *args], cwd=repo, check=True, capture_output=True)


def _copy_extension(ext):
    os.makedirs(ext)
    for name in EXTENSION_FILES:
        shutil.copy2(os.path.join(ROOT, name), ext)
    shutil.copytree(os.path.join(ROOT, MODULE), os.path.join(ext, MODULE),
                    ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
    subprocess.run([sys.executable, 'setup.py', '-q', 'egg_info'], cwd=ext, check=True, capture_output=True)


def _extension_repo(work):
    """ext/: a git repo holding nothing, then the extension (its first pull request)."""
    repo = os.path.join(work, 'ext')
    os.makedirs(repo)
    _git(repo, 'init', '-q')
    _git(repo, 'commit', '-q', '--allow-empty', '-m', 'base')
    _copy_extension(os.path.join(repo, 'connection'))
    _git(repo, 'add', '-A', '.')
    _git(repo, 'commit', '-q', '-m', 'connection')
    base = subprocess.run(['git', 'rev-parse', 'HEAD~1'], cwd=repo, check=True, capture_output=True, text=True)
    return repo, base.stdout.strip()


def _azdev_config(work, cli_repo, ext_repo):
    """AZDEV_CONFIG_DIR as `azdev setup` leaves it. With AZDEV_CONFIG_DIR set, knack reads `config` from that
    directory itself, while azdev keeps its config_files (and test index) under env_config/<venv path>."""
    import azdev.config
    config_dir = os.path.join(work, 'azdev')
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, 'config'), 'w', encoding='utf-8') as f:
        f.write(f'[cli]\nrepo_path = {cli_repo}\n\n[ext]\nrepo_paths = {ext_repo}\n')
    venv_dir = os.path.join(config_dir, 'env_config') + os.path.splitdrive(sys.prefix)[1]
    shutil.copytree(os.path.dirname(azdev.config.__file__), os.path.join(venv_dir, 'config_files'),
                    ignore=shutil.ignore_patterns('*.py', '__pycache__'))
    return config_dir


def prepare(work):
    """Write the workspace; return (environment for azdev, the extension repo, its base commit)."""
    cli_repo = os.path.join(work, 'cli')
    os.makedirs(os.path.join(cli_repo, 'scripts', 'ci'))
    shutil.copy2(os.path.join(ROOT, 'scripts', 'azdev', 'cmdcov.yml'), os.path.join(cli_repo, 'scripts', 'ci'))
    ext_repo, base = _extension_repo(work)
    azure_dir = os.path.join(work, 'azure')
    os.makedirs(azure_dir)
    with open(os.path.join(azure_dir, 'config'), 'w', encoding='utf-8') as f:
        f.write(f'[extension]\ndev_sources = {ext_repo}\n\n[core]\ncollect_telemetry = no\n')
    os.makedirs(os.path.join(work, 'no-extensions'))
    env = {k: v for k, v in os.environ.items() if not k.startswith(('AZURE_', 'AZDEV_'))}
    env.update({
        'VIRTUAL_ENV': sys.prefix,                  # azdev refuses to run outside a virtualenv
        'PATH': os.path.dirname(sys.executable) + os.pathsep + env.get('PATH', ''),
        'AZDEV_CONFIG_DIR': _azdev_config(work, cli_repo, ext_repo),
        'AZURE_CONFIG_DIR': azure_dir,
        'AZURE_EXTENSION_DIR': os.path.join(work, 'no-extensions'),   # no installed extension joins in
        'AZURE_CORE_COLLECT_TELEMETRY': 'false',
        'PYTHONDONTWRITEBYTECODE': '1',
        # what `azdev extension add`'s editable install gives: the extension importable, so `azdev test
        # --discover` can import its test modules and index their tests
        'PYTHONPATH': os.path.join(ext_repo, 'connection'),
    })
    return env, ext_repo, base


def run_azdev(args, env, **kwargs):
    """`azdev ARGS` in a process whose HTTP GETs answer 503 (see the module docstring)."""
    return subprocess.run([sys.executable, os.path.abspath(__file__), '_offline', *args], env=env,
                          cwd=env['AZDEV_CONFIG_DIR'], text=True, capture_output=True, check=False, **kwargs)


def _offline_azdev(args):
    import requests

    def unreachable(url, *unused_args, **unused_kwargs):
        response = requests.Response()
        response.status_code, response.url, response._content = 503, url, b''  # pylint: disable=protected-access
        return response
    requests.get = unreachable
    from azdev.__main__ import main
    sys.argv = ['azdev', *args]
    main()


# -- check: linter and style ----------------------------------------------------------------------------
_ANSI = re.compile(r'\x1b\[[0-9;]*m')
_RULE = re.compile(r'^-\s+(pass|FAIL)\b.*?:\s*(\S+)\s*$')


def rule_results(output):
    """{rule: 'pass' | 'FAIL'} from azdev linter's report."""
    results = {}
    for line in _ANSI.sub('', output).splitlines():
        match = _RULE.match(line)
        if match:
            results[match.group(2)] = match.group(1)
    return results


def detected(debug_log, what):
    """The list azdev logs at debug level as `<what>: [...]` (e.g. 'Final commands')."""
    import ast
    found = re.findall(rf'{re.escape(what)}: (\[.*\])', debug_log)
    return ast.literal_eval(found[-1]) if found else None


def check(work):
    """azdev linter (every rule, --min-severity low, as the extension's first pull request) and azdev style,
    run concurrently. Returns (linter, style) CompletedProcesses; the linter's stderr has its debug log."""
    env, repo, base = prepare(work)
    linter = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, os.path.abspath(__file__), '_offline', 'linter', MODULE, '--min-severity', 'low',
         '--repo', repo, '--src', 'HEAD', '--tgt', base, '--debug'],
        env=env, cwd=work, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    style = run_azdev(['style', MODULE], env)
    out, err = linter.communicate()
    return subprocess.CompletedProcess(linter.args, linter.returncode, out, err), style


def _report(linter, style):
    """Print both reports, then one JSON line (what tests/lint/test_azdev.py reads); 0 when both pass."""
    results = rule_results(linter.stdout)
    failed = sorted(rule for rule, result in results.items() if result != 'pass')
    commands = detected(linter.stderr, 'Final commands') or []
    print(_ANSI.sub('', linter.stdout))
    print(style.stdout + style.stderr)
    summary = {'linter_exit': linter.returncode, 'rules': results, 'coverage_commands': sorted(commands),
               'style_exit': style.returncode}
    print(json.dumps(summary))
    return 0 if linter.returncode == 0 and not failed and style.returncode == 0 else 1


def _test_index(env):
    """The test names `azdev test --discover` indexed (azdev keeps the index beside its config files)."""
    config = os.path.join(env['AZDEV_CONFIG_DIR'], 'env_config') + os.path.splitdrive(sys.prefix)[1]
    with open(os.path.join(config, 'test_index', 'latest.json'), encoding='utf-8') as f:
        return sorted(name for name in json.load(f) if name.startswith('test_') and '.' not in name)


def run_tests(work, pytest_args):
    """`azdev test connection --discover` (in series: one process per test, --forked, as azdev runs them)."""
    env, _, _ = prepare(work)
    args = ['test', 'connection', '--discover', '--series', '--no-exitfirst']
    done = run_azdev(args + (['--pytest-args', *pytest_args] if pytest_args else []), env)
    print(done.stdout + done.stderr)
    counts = dict((kind, int(n)) for n, kind in re.findall(r'(\d+) (passed|failed|errors?)\b', done.stdout))
    print(json.dumps({'exit': done.returncode, 'discovered': _test_index(env), 'results': counts}))
    return done.returncode


def main(argv):
    if argv and argv[0] == '_offline':
        return _offline_azdev(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('action', choices=('check', 'test', 'azdev'))
    parser.add_argument('--workdir')
    args, rest = parser.parse_known_args(argv)
    work = args.workdir or tempfile.mkdtemp(prefix='azdev-offline-')
    rest = [a for a in rest if a != '--']
    if args.action == 'check':
        return _report(*check(work))
    if args.action == 'test':
        return run_tests(work, rest)
    env, _, _ = prepare(work)
    done = run_azdev(rest, env)
    print(done.stdout + done.stderr)
    return done.returncode


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
