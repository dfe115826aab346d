"""What a release of the extension declares agrees with what CI tests and with azure-cli's extension
versioning guidelines: the minimum azure-cli is the one constraints.txt pins (the only one installed and
tested), a preview is MAJOR.MINOR.PATCHbN with azext.isPreview (a stable release has neither), and
HISTORY.rst describes the version."""
import json
import os
import re

from tests.extension_dir import ROOT, version


def _read(*path):
    with open(os.path.join(ROOT, *path), encoding='utf-8') as f:
        return f.read()


def test_the_minimum_azure_cli_is_the_one_ci_installs():
    metadata = json.loads(_read('azext_connection', 'azext_metadata.json'))
    pinned = re.search(r'^azure-cli==(\S+)$', _read('constraints.txt'), re.MULTILINE).group(1)
    assert metadata['azext.minCliCoreVersion'] == pinned


def test_the_version_follows_the_extension_versioning_guidelines():
    metadata = json.loads(_read('azext_connection', 'azext_metadata.json'))
    match = re.fullmatch(r'(\d+)\.(\d+)\.(\d+)(b[1-9]\d*)?', version())
    assert match and int(match.group(1)) >= 1, version()
    assert bool(metadata.get('azext.isPreview')) == bool(match.group(4))
    assert 'azext.isExperimental' not in metadata


def test_history_has_the_version_and_setup_py_what_the_index_shows():
    assert re.search(rf'^{re.escape(version())}\n\++\n', _read('HISTORY.rst'), re.MULTILINE)
    setup = _read('setup.py')
    assert "'License :: OSI Approved :: MIT License'" in setup and "url='https://" in setup
    assert "long_description=README + '\\n\\n' + HISTORY" in setup
