"""The extension as users install it: a wheel added with `az extension add --source`, in a stock
azure-cli, running a connection's life cycle against the sandbox."""
import glob
import os
import subprocess
import sys
import zipfile

from azext_connection.matrix import SOURCES, targets_of
from tests.extension_dir import version

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_wheel_installs_with_az_extension_add_and_works(az_cli, world, tmp_path, monkeypatch):
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', ROOT, '-w', str(tmp_path / 'dist'), '--no-deps',
                    '--no-build-isolation', '-q'], check=True, capture_output=True, cwd=tmp_path)
    wheel = glob.glob(str(tmp_path / 'dist' / 'connection-*.whl'))[0]
    with zipfile.ZipFile(wheel) as built:   # the recorded tests and their cassettes are for CI, not users
        assert not [n for n in built.namelist() if n.startswith('azext_connection/tests')]
        assert 'azext_connection/azext_metadata.json' in built.namelist()
    monkeypatch.setitem(az_cli.env, 'AZURE_EXTENSION_DIR', str(tmp_path / 'extensions'))
    # pip fetches the extension's dependencies from the package index: with the public CAs, not with the
    # sandbox's bundle (which holds the sandbox CA alone), as a user's machine has them.
    sandbox_bundle = az_cli.env.pop('REQUESTS_CA_BUNDLE')
    try:
        az_cli.run('extension', 'add', '--source', wheel, '--yes', check=True)
    finally:
        az_cli.env['REQUESTS_CA_BUNDLE'] = sandbox_bundle
    installed = az_cli.json('extension', 'list')
    assert [(e['name'], e['version'], e['preview']) for e in installed] == [('connection', version(), True)]
    assert {row['target'] for row in az_cli.json('webapp', 'connection', 'list-support-types')} == {
        t.name for t in targets_of(SOURCES['webapp'])}
    world.everything()
    created = az_cli.json('webapp', 'connection', 'create', 'keyvault', '-g', 'rg', '-n', 'app', '--tg', 'data',
                          '--vault', 'vault', '--system-identity', '--client-type', 'dotnet', '--connection', 'kv')
    assert created['authInfo']['authType'] == 'systemAssignedIdentity'
    az_cli.run('webapp', 'connection', 'delete', '--id', created['id'], '--yes', check=True)
    assert az_cli.json('webapp', 'connection', 'list', '-g', 'rg', '-n', 'app') == []
