"""Test set-up shared by every suite.

azure-cli reads AZURE_CONFIG_DIR and AZURE_EXTENSION_DIR once, when it is first imported, so they
are set here, before any test module imports azure.cli. The extension is loaded the way users load
it: an extension directory `connection/` holding the `azext_connection` package (a symlink to the
working tree, so edits are live) and its dist-info.
"""
import os
import tempfile

from tests.extension_dir import make_extension_dir  # noqa: E402  (no azure import in it)

_WORK = tempfile.mkdtemp(prefix='azext-connection-tests-')


os.environ.update({
    'AZURE_EXTENSION_DIR': make_extension_dir(_WORK),
    'AZURE_CONFIG_DIR': os.path.join(_WORK, 'azure-config'),
    'AZURE_CORE_COLLECT_TELEMETRY': 'false',
    'AZURE_CORE_SURVEY_MESSAGE': 'false',
    'AZURE_CORE_INSTANCE_DISCOVERY': 'false',
    'AZURE_CORE_NO_COLOR': 'true',
})

pytest_plugins = ['arm_sandbox.pytest_plugin', 'tests.harness']
