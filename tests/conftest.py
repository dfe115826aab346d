"""Test set-up shared by every suite.

azure-cli reads AZURE_CONFIG_DIR and AZURE_EXTENSION_DIR once, when it is first imported, so they
are set here, before any test module imports azure.cli. The extension is loaded the way users load
it: an extension directory `connection/` holding the `azext_connection` package (a symlink to the
working tree, so edits are live) and its dist-info.
"""
import os
import tempfile

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_WORK = tempfile.mkdtemp(prefix='azext-connection-tests-')


def _extension_dir():
    ext = os.path.join(_WORK, 'extensions', 'connection')
    info = os.path.join(ext, 'connection-0.1.0.dist-info')
    os.makedirs(info)
    os.symlink(os.path.join(_ROOT, 'azext_connection'), os.path.join(ext, 'azext_connection'))
    with open(os.path.join(info, 'METADATA'), 'w', encoding='utf-8') as f:
        f.write('Metadata-Version: 2.1\nName: connection\nVersion: 0.1.0\n')
    return os.path.dirname(ext)


os.environ.update({
    'AZURE_EXTENSION_DIR': _extension_dir(),
    'AZURE_CONFIG_DIR': os.path.join(_WORK, 'azure-config'),
    'AZURE_CORE_COLLECT_TELEMETRY': 'false',
    'AZURE_CORE_SURVEY_MESSAGE': 'false',
    'AZURE_CORE_INSTANCE_DISCOVERY': 'false',
    'AZURE_CORE_NO_COLOR': 'true',
})

pytest_plugins = ['arm_sandbox.pytest_plugin', 'tests.harness']
