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
# the life cycles' other targets (globally unique names get the suffix)
APPCONFIG="clitestconnappcfg${SUFFIX}"
SERVICEBUS="clitestconnsb${SUFFIX}"
EVENTHUB="clitestconneh${SUFFIX}"
SIGNALR="clitestconnsignalr${SUFFIX}"
WEBPUBSUB="clitestconnwps${SUFFIX}"
INSIGHTS="clitestconnai"
COGNITIVE="clitestconncog${SUFFIX}"
COSMOS_SQL="clitestconncosmossql${SUFFIX}"
COSMOS_MONGO="clitestconncosmosmongo${SUFFIX}"
COSMOS_CASSANDRA="clitestconncosmoscas${SUFFIX}"
COSMOS_GREMLIN="clitestconncosmosgrm${SUFFIX}"
COSMOS_TABLE="clitestconncosmostbl${SUFFIX}"
REDIS="clitestconnredis${SUFFIX}"
REDIS_ENTERPRISE="clitestconnredisent${SUFFIX}"
PG_FLEX="clitestconnpgflex${SUFFIX}"
MYSQL_FLEX="clitestconnmyflex${SUFFIX}"
SQL_SERVER="clitestconnsql${SUFFIX}"
# Retired single servers: new ones can no longer be created in most subscriptions; give existing ones with
# AZEXT_CONN_TEST_POSTGRES / AZEXT_CONN_TEST_MYSQL (each with database `db`), or skip those two tests.
PG_SINGLE="${AZEXT_CONN_TEST_POSTGRES:-clitestconnpgsingle${SUFFIX}}"
MYSQL_SINGLE="${AZEXT_CONN_TEST_MYSQL:-clitestconnmysingle${SUFFIX}}"
# the servers' administrator (never used by the tests, which connect with their own fake login)
ADMIN_PASSWORD="${AZEXT_CONN_TEST_ADMIN_PASSWORD:-$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20)Aa1!}"

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

az appconfig create -g "$RG" -n "$APPCONFIG" -l "$LOCATION" --sku Standard -o none
az servicebus namespace create -g "$RG" -n "$SERVICEBUS" -l "$LOCATION" --sku Standard -o none
az eventhubs namespace create -g "$RG" -n "$EVENTHUB" -l "$LOCATION" --sku Standard -o none
az signalr create -g "$RG" -n "$SIGNALR" -l "$LOCATION" --sku Standard_S1 -o none
az webpubsub create -g "$RG" -n "$WEBPUBSUB" -l "$LOCATION" --sku Standard_S1 -o none
az monitor app-insights component create -g "$RG" -a "$INSIGHTS" -l "$LOCATION" --kind web -o none
az cognitiveservices account create -g "$RG" -n "$COGNITIVE" -l "$LOCATION" --kind CognitiveServices --sku S0 \
  --custom-domain "$COGNITIVE" --yes -o none
az cosmosdb create -g "$RG" -n "$COSMOS_SQL" -o none
az cosmosdb sql database create -g "$RG" -a "$COSMOS_SQL" -n db -o none
az cosmosdb create -g "$RG" -n "$COSMOS_MONGO" --kind MongoDB -o none
az cosmosdb mongodb database create -g "$RG" -a "$COSMOS_MONGO" -n db -o none
az cosmosdb create -g "$RG" -n "$COSMOS_CASSANDRA" --capabilities EnableCassandra -o none
az cosmosdb cassandra keyspace create -g "$RG" -a "$COSMOS_CASSANDRA" -n ks -o none
az cosmosdb create -g "$RG" -n "$COSMOS_GREMLIN" --capabilities EnableGremlin -o none
az cosmosdb gremlin database create -g "$RG" -a "$COSMOS_GREMLIN" -n db -o none
az cosmosdb gremlin graph create -g "$RG" -a "$COSMOS_GREMLIN" -d db -n graph -p /pk -o none
az cosmosdb create -g "$RG" -n "$COSMOS_TABLE" --capabilities EnableTable -o none
az cosmosdb table create -g "$RG" -a "$COSMOS_TABLE" -n tbl -o none
az redis create -g "$RG" -n "$REDIS" -l "$LOCATION" --sku Standard --vm-size c1 \
  --redis-configuration '{"aad-enabled": "true"}' -o none
az redisenterprise create -g "$RG" -n "$REDIS_ENTERPRISE" -l "$LOCATION" --sku Balanced_B0 \
  --client-protocol Encrypted -o none   # (makes its database `default`)
az postgres flexible-server create -g "$RG" -n "$PG_FLEX" -l "$LOCATION" --admin-user dbadmin \
  --admin-password "$ADMIN_PASSWORD" --version 17 --tier GeneralPurpose --sku-name Standard_D2ds_v5 \
  --public-access None --database-name db --yes -o none
az mysql flexible-server create -g "$RG" -n "$MYSQL_FLEX" -l "$LOCATION" --admin-user dbadmin \
  --admin-password "$ADMIN_PASSWORD" --version 8.0.21 --tier GeneralPurpose --sku-name Standard_D2ds_v4 \
  --public-access None --database-name db --yes -o none
az sql server create -g "$RG" -n "$SQL_SERVER" -l "$LOCATION" --admin-user dbadmin \
  --admin-password "$ADMIN_PASSWORD" -o none
az sql db create -g "$RG" -s "$SQL_SERVER" -n db --service-objective S0 -o none
if [[ -z "${AZEXT_CONN_TEST_POSTGRES:-}" ]]; then
  az postgres server create -g "$RG" -n "$PG_SINGLE" -l "$LOCATION" --admin-user dbadmin \
    --admin-password "$ADMIN_PASSWORD" --sku-name GP_Gen5_2 -o none || echo "no single server: skip test_webapp_connection_postgres_secret" >&2
  az postgres db create -g "$RG" -s "$PG_SINGLE" -n db -o none || true
fi
if [[ -z "${AZEXT_CONN_TEST_MYSQL:-}" ]]; then
  az mysql server create -g "$RG" -n "$MYSQL_SINGLE" -l "$LOCATION" --admin-user dbadmin \
    --admin-password "$ADMIN_PASSWORD" --sku-name GP_Gen5_2 -o none || echo "no single server: skip test_webapp_connection_mysql_secret" >&2
  az mysql db create -g "$RG" -s "$MYSQL_SINGLE" -n db -o none || true
fi
# Confluent Cloud, Neon, MongoDB Atlas and Fabric are outside ARM: the tests use made-up addresses and fake
# credentials (a live run records what the extension writes; it never reaches them).

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
export AZEXT_CONN_TEST_APPCONFIG='$APPCONFIG'
export AZEXT_CONN_TEST_SERVICEBUS='$SERVICEBUS'
export AZEXT_CONN_TEST_EVENTHUB='$EVENTHUB'
export AZEXT_CONN_TEST_SIGNALR='$SIGNALR'
export AZEXT_CONN_TEST_WEBPUBSUB='$WEBPUBSUB'
export AZEXT_CONN_TEST_APPINSIGHTS='$INSIGHTS'
export AZEXT_CONN_TEST_COGNITIVE='$COGNITIVE'
export AZEXT_CONN_TEST_COSMOS_SQL='$COSMOS_SQL'
export AZEXT_CONN_TEST_COSMOS_MONGO='$COSMOS_MONGO'
export AZEXT_CONN_TEST_COSMOS_CASSANDRA='$COSMOS_CASSANDRA'
export AZEXT_CONN_TEST_COSMOS_GREMLIN='$COSMOS_GREMLIN'
export AZEXT_CONN_TEST_COSMOS_TABLE='$COSMOS_TABLE'
export AZEXT_CONN_TEST_REDIS='$REDIS'
export AZEXT_CONN_TEST_REDIS_ENTERPRISE='$REDIS_ENTERPRISE'
export AZEXT_CONN_TEST_POSTGRES_FLEXIBLE='$PG_FLEX'
export AZEXT_CONN_TEST_MYSQL_FLEXIBLE='$MYSQL_FLEX'
export AZEXT_CONN_TEST_SQL='$SQL_SERVER'
export AZEXT_CONN_TEST_POSTGRES='$PG_SINGLE'
export AZEXT_CONN_TEST_MYSQL='$MYSQL_SINGLE'
export AZEXT_CONN_TEST_SP_CLIENT_ID='$SP_CLIENT_ID'
export AZEXT_CONN_TEST_SP_OBJECT_ID='$SP_OBJECT_ID'
export AZEXT_CONN_TEST_SP_SECRET='$SP_SECRET'
EOF
echo "Provisioned. Variables (incl. the SP secret) are in $STATE (mode 600). Record with:"
echo "  source $STATE && AZURE_TEST_RUN_LIVE=true .venv/bin/python -m pytest tests/recorded -q"
