"""The sandbox fixtures come from arm_sandbox.pytest_plugin (loaded by the top-level conftest or
`-p arm_sandbox.pytest_plugin`); re-export them so this folder also works on its own."""
import sys

if "arm_sandbox.pytest_plugin" not in sys.modules:
    from arm_sandbox.pytest_plugin import arm_sandbox, az_cli, sandbox  # noqa: F401
