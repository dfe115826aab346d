#!/usr/bin/env bash
# Runs the whole test suite: sets up .venv (pinned azure-cli 2.91 + test kit) if needed, then pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/unit -k planner).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
# Two workers (pytest-xdist; TEST_WORKERS=0 runs in one process): each gets its own sandbox and az config.
# Its own temporary directory: pytest prunes the shared one's older runs when another run starts, which
# would delete this run's sandbox certificates from under it if two runs overlap.
basetemp=$(mktemp -d -t connection-tests-XXXXXX)
trap 'rm -rf "$basetemp"' EXIT
.venv/bin/python -m pytest -q -p no:cacheprovider --basetemp "$basetemp" -n "${TEST_WORKERS:-2}" "${@:-tests}"
