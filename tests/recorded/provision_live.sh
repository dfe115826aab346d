#!/usr/bin/env bash
# Provision, in a REAL Azure subscription, the pre-existing resources tests/recorded expects, so the
# cassettes can be re-recorded live. Costs money (a B1 plan, a Spring Standard service, a container
# group) and needs Owner or User Access Administrator on the group (the tests create role assignments).
# NEVER run in CI.
#
#   az login && az account set -s <subscription>
#   bash tests/recorded/provision_live.sh            # create; prints the exports for the live run
#   ... export the printed variables ...
#   AZURE_TEST_RUN_LIVE=true .venv/bin/python -m pytest tests/recorded -q
#   bash tests/recorded/provision_live.sh --delete   # delete the group and the service principal
#
# Names: AZEXT_CONN_TEST_SUFFIX (default: random) makes the globally unique ones unique; the recorded
# cassettes still show the fixed monikers (clitestconnapp, clitestconnsa, ...) — the tests map the real
# names back while recording.
set -euo pipefail

if [[ -n "${CI:-}" || -n "${TF_BUILD:-}" || -n "${GITHUB_ACTIONS:-}" ]]; then
  echo "provision_live.sh creates billable Azure resources; refusing to run in CI." >&2
  exit 2
fi

STATE="${AZEXT_CONN_TEST_STATE:-$HOME/.azext-connection-live-test.env}"
LOCATION="${AZEXT_CONN_TEST_LOCATION:-eastus}"

if [[ "${1:-}" == "--delete" ]]; then
  [[ -f "$STATE" ]] || { echo "no $STATE: nothing provisioned by this script" >&2; exit 1; }
  # shellcheck disable=SC1090
  source "$STATE"
  az group delete -n "$AZEXT_CONN_TEST_RG" --yes --no-wait
  az ad app delete --id "$AZEXT_CONN_TEST_SP_CLIENT_ID" || true
  az keyvault purge -n "$AZEXT_CONN_TEST_VAULT" --no-wait 2>/dev/null || true
  rm -f "$STATE"
  echo "deleting group $AZEXT_CONN_TEST_RG (async) and app $AZEXT_CONN_TEST_SP_CLIENT_ID"
  exit 0
fi

SUFFIX="${AZEXT_CONN_TEST_SUFFIX:-$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 6)}"
RG="${AZEXT_CONN_TEST_RG:-clitest-conn-rg}"
APP="clitestconnapp${SUFFIX}"
ACCOUNT="clitestconnsa${SUFFIX}"
VAULT="clitestconnkv${SUFFIX}"
IDENTITY="clitestconnuai"
PLAN="clitestconnplan"
FUNC="clitestconnfunc${SUFFIX}"
FUNC_STORAGE="clitestconnfs${SUFFIX}"
ENVIRONMENT="clitestconnenv"
CONTAINER_APP="clitestconnca"
SPRING="clitestconnspring${SUFFIX}"
GROUP="clitestconncg"

echo "subscription: $(az account show --query '[name, id]' -o tsv | tr '\n' ' ')"
read -r -p "Create billable resources in group $RG ($LOCATION)? [y/N] " answer
[[ "$answer" == [yY]* ]] || exit 1

az group create -n "$RG" -l "$LOCATION" -o none
az appservice plan create -g "$RG" -n "$PLAN" --is-linux --sku B1 -o none
az webapp create -g "$RG" -p "$PLAN" -n "$APP" --runtime "PYTHON:3.11" -o none
az storage account create -g "$RG" -n "$ACCOUNT" -l "$LOCATION" --sku Standard_LRS --kind StorageV2 \
  --public-network-access Enabled --default-action Allow -o none
az keyvault create -g "$RG" -n "$VAULT" -l "$LOCATION" --enable-rbac-authorization true -o none
az identity create -g "$RG" -n "$IDENTITY" -l "$LOCATION" -o none
az storage account create -g "$RG" -n "$FUNC_STORAGE" -l "$LOCATION" --sku Standard_LRS -o none
az functionapp create -g "$RG" -n "$FUNC" -s "$FUNC_STORAGE" --consumption-plan-location "$LOCATION" \
  --os-type Linux --runtime python --runtime-version 3.11 --functions-version 4 -o none
az containerapp env create -g "$RG" -n "$ENVIRONMENT" -l "$LOCATION" -o none
az containerapp create -g "$RG" -n "$CONTAINER_APP" --environment "$ENVIRONMENT" \
  --image mcr.microsoft.com/k8se/quickstart:latest -o none
az spring create -g "$RG" -n "$SPRING" -l "$LOCATION" --sku Standard -o none
az spring app create -g "$RG" -s "$SPRING" -n app --runtime-version Java_17 -o none
az container create -g "$RG" -n "$GROUP" --image mcr.microsoft.com/azuredocs/aci-helloworld --os-type Linux \
  --cpu 1 --memory 1.5 -o none

SP_JSON="$(az ad sp create-for-rbac -n "clitest-conn-sp-${SUFFIX}" --years 1 -o json)"
SP_CLIENT_ID="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["appId"])' <<<"$SP_JSON")"
SP_SECRET="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["password"])' <<<"$SP_JSON")"
SP_OBJECT_ID="$(az ad sp show --id "$SP_CLIENT_ID" --query id -o tsv)"

umask 077
cat >"$STATE" <<EOF
export AZEXT_CONN_TEST_RG='$RG'
export AZEXT_CONN_TEST_APP='$APP'
export AZEXT_CONN_TEST_FUNC='$FUNC'
export AZEXT_CONN_TEST_CONTAINERAPP='$CONTAINER_APP'
export AZEXT_CONN_TEST_SPRING='$SPRING'
export AZEXT_CONN_TEST_CONTAINER_GROUP='$GROUP'
export AZEXT_CONN_TEST_ACCOUNT='$ACCOUNT'
export AZEXT_CONN_TEST_VAULT='$VAULT'
export AZEXT_CONN_TEST_IDENTITY='$IDENTITY'
export AZEXT_CONN_TEST_SP_CLIENT_ID='$SP_CLIENT_ID'
export AZEXT_CONN_TEST_SP_OBJECT_ID='$SP_OBJECT_ID'
export AZEXT_CONN_TEST_SP_SECRET='$SP_SECRET'
EOF
echo "Provisioned. Variables (incl. the SP secret) are in $STATE (mode 600). Record with:"
echo "  source $STATE && AZURE_TEST_RUN_LIVE=true .venv/bin/python -m pytest tests/recorded -q"
