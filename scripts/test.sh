#!/usr/bin/env bash
# Runs the whole test suite: sets up .venv (pinned azure-cli 2.91 + test kit) if needed, then pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/unit -k planner).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
# Two workers (pytest-xdist; TEST_WORKERS=0 runs in one process): each gets its own sandbox and az config.
exec .venv/bin/python -m pytest -q -p no:cacheprovider -n "${TEST_WORKERS:-2}" "${@:-tests}"
