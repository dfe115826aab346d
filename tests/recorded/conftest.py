"""Recording needs a logged-in AZURE_CONFIG_DIR, but tests/conftest.py points AZURE_CONFIG_DIR at an
empty temp dir (right for playback). When recording (AZURE_TEST_RUN_LIVE=true), use
AZEXT_RECORD_AZURE_CONFIG_DIR (record_against_sandbox.py sets it to its sandbox login) or ~/.azure.
azure-cli reads AZURE_CONFIG_DIR once at import, so this must run before any test imports azure.cli:
record with `pytest tests/recorded` only, not together with other suites."""
import os
import sys

if os.environ.get('AZURE_TEST_RUN_LIVE', '').lower() in ('true', '1', 'yes', 'on'):
    _wanted = os.environ.get('AZEXT_RECORD_AZURE_CONFIG_DIR') or os.path.expanduser('~/.azure')
    if 'azure.cli.core._config' in sys.modules:
        from azure.cli.core._config import GLOBAL_CONFIG_DIR
        if os.path.realpath(GLOBAL_CONFIG_DIR) != os.path.realpath(_wanted):
            raise RuntimeError(f'azure.cli was imported with AZURE_CONFIG_DIR={GLOBAL_CONFIG_DIR} before '
                               f'tests/recorded/conftest.py could point it at {_wanted}: record with '
                               '`pytest tests/recorded` alone.')
    os.environ['AZURE_CONFIG_DIR'] = _wanted
