#!/usr/bin/env bash
# Creates .venv with the pinned azure-cli and the test kit, and .venv-azdev with the same azure-cli and
# azdev (tests/lint/test_azdev.py runs it). Idempotent: a venv whose requirement files have not changed
# since its last install is reused as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# install VENV HASH PIP_ARGS...: (re)install into VENV unless VENV/.installed already holds HASH.
install() {
  local venv=$1 want=$2
  shift 2
  if [ -x "$venv/bin/python" ] && [ -f "$venv/.installed" ] && [ "$(cat "$venv/.installed")" = "$want" ]; then
    return 0
  fi
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@"
  echo "$want" > "$venv/.installed"
}

install .venv "$(cat requirements-dev.txt constraints.txt | sha256sum | cut -c1-16)" \
  -r requirements-dev.txt -c constraints.txt

# .venv-azdev takes every pin of constraints.txt but three (none decides which API versions azure-cli calls,
# so it loads the same azure-cli, SDKs and knack as .venv): azdev's dependencies refuse requests==2.34.2
# (azure-cli-diff-tool wants ~=2.32.3) and setuptools==65.5.0 (azdev wants >=78.1.1,<80), and pytest 9.2
# breaks the pytest-forked azdev test runs under (requirements-azdev.txt pins all three).
want=$(cat requirements-azdev.txt constraints.txt | sha256sum | cut -c1-16)
if [ ! -f .venv-azdev/.installed ] || [ "$(cat .venv-azdev/.installed)" != "$want" ]; then
  mkdir -p .venv-azdev
  grep -v -E '^(requests|setuptools|pytest)==' constraints.txt > .venv-azdev/constraints.txt
fi
install .venv-azdev "$want" -r requirements-azdev.txt -c .venv-azdev/constraints.txt
