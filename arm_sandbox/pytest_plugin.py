"""Pytest fixtures: `arm_sandbox` (session server), `sandbox` (same server, reset per test), `az_cli`.

Load with `pytest_plugins = ["arm_sandbox.pytest_plugin"]` in the rootdir conftest or `-p arm_sandbox.pytest_plugin`.
"""
import json
import os
import subprocess
import sys

import pytest

from .core import Sandbox

AZ_TIMEOUT_S = 120


def az_executable():
    """The az next to the running interpreter (the project venv's), never a global one."""
    return os.path.join(os.path.dirname(sys.executable), "az")


class AzCli:
    """Runs the real az in a private AZURE_CONFIG_DIR logged into the sandbox."""

    def __init__(self, sandbox, config_dir):
        self.sandbox = sandbox
        self.config_dir = str(config_dir)
        self.env = {**os.environ, **sandbox.az_env(self.config_dir)}
        self.az = az_executable()

    def run(self, *args, check=False, timeout=AZ_TIMEOUT_S):
        proc = subprocess.run([self.az, *map(str, args)], env=self.env, capture_output=True, text=True, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"az {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}")
        return proc

    def json(self, *args):
        """Run with -o json and parse stdout; raise with stderr on failure."""
        proc = self.run(*args, "-o", "json", "--only-show-errors", check=True)
        return json.loads(proc.stdout) if proc.stdout.strip() else None

    def login(self):
        self.sandbox.login_az([self.az], self.env)


@pytest.fixture(scope="session")
def arm_sandbox(tmp_path_factory):
    # No ttl: the session stops it, and a worker's session may outlast any fixed lifetime (a ttl of 30 min
    # once refused every connection late in a long run).
    sb = Sandbox(port=0, ttl=None, workdir=str(tmp_path_factory.mktemp("arm-sandbox")))
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


@pytest.fixture
def sandbox(arm_sandbox):
    """The session sandbox, emptied: no groups/resources, log, faults or latency (az stays logged in)."""
    arm_sandbox.reset()
    arm_sandbox.clear_log()
    arm_sandbox.clear_faults()
    arm_sandbox.clear_holds()
    arm_sandbox.clear_latency()
    page_size = arm_sandbox.page_size
    yield arm_sandbox
    arm_sandbox.page_size = page_size
    arm_sandbox.clear_faults()
    arm_sandbox.clear_holds()
    arm_sandbox.clear_latency()


@pytest.fixture(scope="session")
def az_cli(arm_sandbox, tmp_path_factory):
    if not os.path.exists(az_executable()):
        pytest.skip("the az executable is not installed next to this python")
    cli = AzCli(arm_sandbox, tmp_path_factory.mktemp("azure-config"))
    cli.login()
    return cli
