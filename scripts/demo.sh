#!/usr/bin/env bash
# The main job on the local ARM sandbox: sets up .venv if needed, then runs scripts/demo.py.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec .venv/bin/python scripts/demo.py "$@"
