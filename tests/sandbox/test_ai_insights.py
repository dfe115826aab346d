"""Microsoft.CognitiveServices/accounts and microsoft.insights/components: the pinned azure-mgmt-cognitiveservices
and azure-mgmt-applicationinsights SDKs, the real `az`, and each fact of recorded_ai_insights.RECORDED replayed
against the sandbox."""
import copy
import datetime
import json
import re

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.applicationinsights import ApplicationInsightsManagementClient
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from azure.mgmt.cognitiveservices.models import (Account, AccountProperties, IpRule, NetworkRuleSet,
                                                 RegenerateKeyParameters, Sku, VirtualNetworkRule)

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_ai_insights import RECORDED

FAST = {"polling_interval": 0.01}
CS_API = "2026-05-15-preview"
HEX32 = re.compile(r"^[0-9a-f]{32}$")
SUBNET = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/"
          "virtualNetworks/vnet/subnets/default")


def _group(sb, name="rg", location="eastus"):
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/{name}", {"location": location})


@pytest.fixture
def cs(quick_lro):
    _group(quick_lro)
    return CognitiveServicesManagementClient(quick_lro.credential(), quick_lro.subscription_id, base_url=quick_lro.url,
                                             connection_verify=quick_lro.ca_bundle, retry_total=0)


@pytest.fixture
def ai(sandbox):
    _group(sandbox)
    return ApplicationInsightsManagementClient(sandbox.credential(), sandbox.subscription_id, base_url=sandbox.url,
                                               connection_verify=sandbox.ca_bundle, retry_total=0)


def _account_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.CognitiveServices/accounts/{name}"


def _component_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.Insights/components/{name}"


def _raw(sb, method, path, body=None, api_version=CS_API):
    return raw(sb, method, path, body, api_version)


def _component_model(api_version="2015-05-01", application_type="web", **kw):
    models = ApplicationInsightsManagementClient.models(api_version)
    return models.ApplicationInsightsComponent(application_type=application_type, **kw)


def _parse(stamp):
    return datetime.datetime.fromisoformat(stamp[:26])       # 7-digit fractions: microseconds are enough


def _openai(subdomain="oai1sub", **props):
    return Account(location="eastus", kind="OpenAI", sku=Sku(name="S0"),
                   properties=AccountProperties(custom_sub_domain_name=subdomain, **props))


# ---------------------------------------------------------------------------------- Cognitive Services: SDK
def test_openai_account_create_get_keys_and_lists(cs, quick_lro):
    sb = quick_lro
    made = cs.accounts.begin_create("rg", "oai1", _openai(), **FAST).result()
    assert made.properties.provisioning_state == "Succeeded" and made.kind == "OpenAI"
    assert made.properties.endpoint == "https://oai1sub.openai.azure.com/"
    assert made.properties.endpoints["OpenAI Language Model Instance API"] == "https://oai1sub.openai.azure.com/"
    assert made.id == _account_id(sb, "oai1") and made.type == "Microsoft.CognitiveServices/accounts"
    assert made.properties.network_acls is None and made.tags is None

    keys = cs.accounts.list_keys("rg", "oai1")
    assert HEX32.match(keys.key1) and HEX32.match(keys.key2) and keys.key1 != keys.key2
    raw = _raw(sb, "GET", _account_id(sb, "oai1")).json()
    assert keys.key1 not in json.dumps(raw) and keys.key2 not in json.dumps(raw)
    regenerated = cs.accounts.regenerate_key("rg", "oai1", RegenerateKeyParameters(key_name="Key2"))
    assert regenerated.key1 == keys.key1 and regenerated.key2 != keys.key2
    assert cs.accounts.list_keys("rg", "oai1").key2 == regenerated.key2

    _group(sb, "rg2", "westus")
    plain = cs.accounts.begin_create("rg2", "lang1", Account(location="westus", kind="TextAnalytics", sku=Sku(name="S"),
                                                              properties=AccountProperties()), **FAST).result()
    assert plain.properties.endpoint == "https://westus.api.cognitive.microsoft.com/"
    assert plain.properties.endpoints == {"Text Analytics": plain.properties.endpoint,
                                          "Container": plain.properties.endpoint}
    assert [a.name for a in cs.accounts.list_by_resource_group("rg")] == ["oai1"]
    assert sorted(a.name for a in cs.accounts.list()) == ["lang1", "oai1"]
    assert cs.accounts.get("rg", "OAI1").name == "oai1"                      # ids are case-insensitive
    with pytest.raises(ResourceNotFoundError) as err:
        cs.accounts.get("rg", "ghost")
    assert err.value.error.code == "ResourceNotFound"


def test_create_lro_shape_and_monitor(quick_lro):
    sb = quick_lro
    _group(sb)
    resp = _raw(sb, "PUT", _account_id(sb, "fr1"), {"kind": "FormRecognizer", "sku": {"name": "S0"},
                                                     "location": "SOUTHCENTRALUS", "properties": {}})
    assert resp.status_code == 201
    body = resp.json()
    assert body["properties"]["provisioningState"] == "Creating" and body["location"] == "SOUTHCENTRALUS"
    assert body["properties"]["endpoint"] == "https://southcentralus.api.cognitive.microsoft.com/"
    monitor = resp.headers["Azure-AsyncOperation"]
    assert re.match(re.escape(sb.url) + r"/subscriptions/[^/]+/providers/Microsoft\.CognitiveServices/locations/"
                    r"SOUTHCENTRALUS/operationResults/[0-9a-f-]{36}\?api-version=2017-04-18$", monitor), monitor
    first = _raw(sb, "GET", monitor, api_version=None).json()
    assert first["status"] not in ("Succeeded", "Failed", "Canceled")
    assert first["name"] == monitor.split("?")[0].rsplit("/", 1)[1] and "startTime" in first
    assert _raw(sb, "GET", monitor, api_version=None).json()["status"] == "Succeeded"
    assert _raw(sb, "GET", _account_id(sb, "fr1")).json()["properties"]["provisioningState"] == "Succeeded"


def test_network_rules_patch_replaces_and_is_async(cs, quick_lro):
    sb = quick_lro
    cs.accounts.begin_create("rg", "oai1", _openai(), **FAST).result()
    acls = NetworkRuleSet(default_action="Deny", ip_rules=[IpRule(value="200.0.0.1"), IpRule(value="10.0.0.0/24")],
                          virtual_network_rules=[VirtualNetworkRule(id=SUBNET, ignore_missing_vnet_service_endpoint=True)])
    updated = cs.accounts.begin_update("rg", "oai1", Account(properties=AccountProperties(network_acls=acls)),
                                       **FAST).result()
    assert updated.properties.provisioning_state == "Succeeded"
    assert [r.value for r in updated.properties.network_acls.ip_rules] == ["200.0.0.1", "10.0.0.0/24"]
    assert updated.properties.network_acls.virtual_network_rules[0].ignore_missing_vnet_service_endpoint is True
    patches = [r for r in sb.requests if r["method"] == "PATCH"]
    assert [r["status"] for r in patches] == [202]

    # a second PATCH replaces the whole rule set (what `network-rule remove` relies on)
    raw = _raw(sb, "PATCH", _account_id(sb, "oai1"), {"properties": {"networkAcls": {
        "defaultAction": "Allow", "ipRules": [{"value": "1.2.3.4"}]}}})
    assert raw.status_code == 202 and raw.json()["properties"]["provisioningState"] == "Accepted"
    assert "operationResultResponseType=Location" in raw.headers["Location"]
    assert _raw(sb, "GET", raw.headers["Azure-AsyncOperation"], api_version=None).json()["status"] == "Updating"
    assert cs.accounts.get("rg", "oai1").properties.network_acls.as_dict() == {
        "defaultAction": "Allow", "virtualNetworkRules": [], "ipRules": [{"value": "1.2.3.4"}]}

    # tags only: synchronous 200, the network rules untouched
    tagged = _raw(sb, "PATCH", _account_id(sb, "oai1"), {"tags": {"env": "dev"}})
    assert tagged.status_code == 200 and "Azure-AsyncOperation" not in tagged.headers
    assert tagged.json()["tags"] == {"env": "dev"} and tagged.json()["properties"]["networkAcls"]["ipRules"]


def test_disable_local_auth_refuses_list_keys(cs, quick_lro):
    cs.accounts.begin_create("rg", "oai1", _openai(disable_local_auth=True, public_network_access="Disabled"),
                             **FAST).result()
    got = cs.accounts.get("rg", "oai1").properties
    assert got.disable_local_auth is True and got.public_network_access == "Disabled"
    with pytest.raises(HttpResponseError) as err:
        cs.accounts.list_keys("rg", "oai1")
    assert err.value.status_code == 400 and err.value.error.code == "BadRequest"
    assert "disableLocalAuth" in err.value.error.message


def test_soft_delete_recover_and_purge(cs, quick_lro):
    sb = quick_lro
    made = cs.accounts.begin_create("rg", "oai1", _openai(), **FAST).result()
    keys = cs.accounts.list_keys("rg", "oai1")
    cs.accounts.begin_delete("rg", "oai1", **FAST).result()
    with pytest.raises(ResourceNotFoundError):
        cs.accounts.get("rg", "oai1")
    gone = cs.deleted_accounts.get("eastus", "rg", "oai1")
    assert gone.type == "Microsoft.CognitiveServices/deletedAccounts" and gone.properties.deletion_date
    assert _parse(gone.properties.scheduled_purge_date) - _parse(gone.properties.deletion_date) == \
        datetime.timedelta(hours=48)
    assert [a.name for a in cs.deleted_accounts.list()] == ["oai1"]

    with pytest.raises(HttpResponseError) as err:
        cs.accounts.begin_create("rg", "oai1", _openai(), **FAST).result()
    assert err.value.status_code == 409 and err.value.error.code == "FlagMustBeSetForRestore"

    restored = cs.accounts.begin_create("rg", "oai1", Account(location="eastus", properties=AccountProperties(
        restore=True)), **FAST).result()
    assert restored.properties.internal_id == made.properties.internal_id and restored.kind == "OpenAI"
    assert cs.accounts.list_keys("rg", "oai1").key1 == keys.key1
    assert list(cs.deleted_accounts.list()) == []

    cs.accounts.begin_delete("rg", "oai1", **FAST).result()
    cs.deleted_accounts.begin_purge("eastus", "rg", "oai1", **FAST).result()
    again = cs.accounts.begin_create("rg", "oai1", _openai(), **FAST).result()
    assert again.properties.internal_id != made.properties.internal_id
    assert sb.store.get(_account_id(sb, "oai1"))["private"]["keys"]["key1"] != keys.key1


# ---------------------------------------------------------------------------------- Cognitive Services: az
def test_az_cognitiveservices(sandbox, az_cli):
    az = az_cli.json
    _group(sandbox)
    made = az("cognitiveservices", "account", "create", "-g", "rg", "-n", "ais1", "--kind", "AIServices", "--sku",
              "S0", "-l", "eastus", "--custom-domain", "ais1sub", "--yes")
    assert made["properties"]["provisioningState"] == "Succeeded" and made["identity"]["type"] == "SystemAssigned"
    assert made["properties"]["allowProjectManagement"] is True
    assert made["properties"]["endpoint"] == "https://ais1sub.cognitiveservices.azure.com/"
    assert made["properties"]["endpoints"]["AI Foundry API"] == "https://ais1sub.services.ai.azure.com/"
    shown = az("cognitiveservices", "account", "show", "-g", "rg", "-n", "ais1")
    assert shown["id"] == made["id"] and "key1" not in json.dumps(shown)
    keys = az("cognitiveservices", "account", "keys", "list", "-g", "rg", "-n", "ais1")
    assert keys == sandbox.store.get(_account_id(sandbox, "ais1"))["private"]["keys"]
    az("cognitiveservices", "account", "network-rule", "add", "-g", "rg", "-n", "ais1", "--ip-address", "200.0.0.1")
    rules = az("cognitiveservices", "account", "network-rule", "list", "-g", "rg", "-n", "ais1")
    assert rules["defaultAction"] == "Deny" and [r["value"] for r in rules["ipRules"]] == ["200.0.0.1"]
    monitors = [r for r in sandbox.requests if "/operationresults/" in r["path"].lower()]
    assert monitors and all(r["api_version"] == "2017-04-18" for r in monitors)
    assert {r["api_version"] for r in sandbox.requests if "/accounts/" in r["path"]} == {CS_API}


# ---------------------------------------------------------------------------------- Application Insights: SDK
def test_components_crud_with_pinned_sdk(ai, sandbox):
    sb = sandbox
    made = ai.components.create_or_update("rg", "ai1", _component_model(location="westus", kind="web"))
    rid = f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/microsoft.insights/components/ai1"
    assert made.id == rid and made.type == "microsoft.insights/components" and made.application_id == "ai1"
    assert made.tenant_id == sb.subscription_id and made.provisioning_state == "Succeeded"
    assert re.fullmatch(r"InstrumentationKey=" + made.instrumentation_key + r";IngestionEndpoint=https://westus-\d\."
                        r"in\.applicationinsights\.azure\.com/;LiveEndpoint=https://westus\.livediagnostics\.monitor\."
                        r"azure\.com/;ApplicationId=" + made.app_id, made.connection_string)
    got = ai.components.get("rg", "AI1")                     # case-insensitive; GET shows the connection string
    assert got.connection_string == made.connection_string and got.instrumentation_key == made.instrumentation_key
    assert [r["status"] for r in sb.requests if r["method"] == "PUT"] == [200]
    assert {r["api_version"] for r in sb.requests} == {"2015-05-01"}

    # a PUT cannot change the generated keys; a different component gets its own
    again = ai.components.create_or_update("rg", "ai1", _component_model(location="westus", kind="other",
                                                                          application_type="other"))
    assert (again.instrumentation_key, again.app_id) == (made.instrumentation_key, made.app_id)
    assert (again.kind, again.application_type) == ("other", "other")
    other = ai.components.create_or_update("rg", "ai2", _component_model(location="eastus", kind="web"))
    assert other.instrumentation_key != made.instrumentation_key
    assert sorted(c.name for c in ai.components.list_by_resource_group("rg")) == ["ai1", "ai2"]
    assert sorted(c.name for c in ai.components.list()) == ["ai1", "ai2"]

    tagged = ai.components.update_tags("rg", "ai1", {"tags": {"env": "test"}})
    assert tagged.tags == {"env": "test"} and ai.components.update_tags("rg", "ai1", {"tags": {}}).tags == {}
    ai.components.delete("rg", "ai1")
    with pytest.raises(ResourceNotFoundError) as err:
        ai.components.get("rg", "ai1")
    assert "'Microsoft.Insights/components/ai1'" in err.value.message


def test_component_workspace_mode_with_newer_api(sandbox):
    sb = sandbox
    _group(sb)
    client = ApplicationInsightsManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                                                 connection_verify=sb.ca_bundle, retry_total=0,
                                                 api_version="2020-02-02-preview")
    ws = f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/ws"
    made = client.components.create_or_update("rg", "ai1", _component_model(
        "2020-02-02-preview", location="eastus", kind="web", workspace_resource_id=ws))
    assert made.workspace_resource_id == ws and made.ingestion_mode == "LogAnalytics"
    raw = _raw(sb, "GET", _component_id(sb, "ai1"), api_version="2020-02-02-preview").json()["properties"]
    # RetentionInDays is read-only in this SDK's model, so it was not sent: no "Retention" key
    assert "Retention" not in raw and raw["LaMigrationDate"] and raw["IngestionMode"] == "LogAnalytics"
    assert "ConnectionString" in raw and raw["InstrumentationKey"] == made.instrumentation_key


# ---------------------------------------------------------------------------------- Application Insights: az
def test_az_app_insights(sandbox, az_cli):
    """`az monitor app-insights` is the application-insights extension (not in azure-cli 2.91.0 core): az rest.
    The core CLI's own client of this type is `az functionapp create --app-insights`, which GETs the component."""
    az = az_cli.json
    _group(sandbox)
    url = _component_id(sandbox, "ai-rest") + "?api-version=2020-02-02"
    made = az("rest", "--method", "put", "--url", url, "--body",
              json.dumps({"location": "eastus", "kind": "web", "properties": {"Application_Type": "web"}}))
    assert made["type"] == "microsoft.insights/components" and made["properties"]["ConnectionString"]
    shown = az("rest", "--method", "get", "--url", url)
    assert shown["properties"]["InstrumentationKey"] == made["properties"]["InstrumentationKey"]

    rg = f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg"
    sandbox.put_resource(f"{rg}/providers/Microsoft.Storage/storageAccounts/stgfunc", {
        "location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}})
    az("functionapp", "create", "-g", "rg", "-n", "fai", "--storage-account", "stgfunc",
       "--consumption-plan-location", "eastus", "--runtime", "node", "--functions-version", "4",
       "--app-insights", "ai-rest")
    settings = sandbox.call("POST", f"{rg}/providers/Microsoft.Web/sites/fai/config/appsettings/list").body["properties"]
    # the core CLI read the component with GET (2015-05-01) and used the connection string it returns
    assert settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] == made["properties"]["ConnectionString"]
    gets = [r for r in sandbox.requests if r["method"] == "GET" and "/components/ai-rest" in r["path"]]
    assert {r["api_version"] for r in gets} >= {"2015-05-01"}


# ---------------------------------------------------------------------------------- recorded facts
def _world(sb):
    sub = sb.subscription_id
    _group(sb)
    fr = {"kind": "FormRecognizer", "sku": {"name": "S0"}, "location": "SOUTHCENTRALUS",
          "properties": {"customSubDomainName": "cs1sub"}}
    sb.put_resource(_account_id(sb, "cs1"), fr)
    sb.put_resource(_account_id(sb, "csnolocal"), {**fr, "properties": {"disableLocalAuth": True}})
    sb.put_resource(_account_id(sb, "csgone"), fr)
    sb.call("DELETE", _account_id(sb, "csgone"))
    component = {"location": "westus", "kind": "web", "tags": {"old": "x"}, "properties": {"Application_Type": "web"}}
    sb.put_resource(_component_id(sb, "ai1"), component)
    return {"subscription": sub, "resourceGroup": "rg", "location": "SOUTHCENTRALUS",
            "workspace": f"/subscriptions/{sub}/resourceGroups/rg/providers/microsoft.OperationalInsights/workspaces/ws"}


def _creating(sb, name):
    def check(resp, body):
        props = body["properties"]
        assert props["provisioningState"] == "Creating" and "tags" not in body and body["location"] == "SOUTHCENTRALUS"
        assert props["endpoint"] == f"https://{name}sub.cognitiveservices.azure.com/"
        assert set(props["endpoints"]) == {"FormRecognizer", "Container"}
        assert re.search(r"/providers/Microsoft\.CognitiveServices/locations/SOUTHCENTRALUS/operationResults/"
                         r"[0-9a-f-]{36}\?api-version=2017-04-18$", resp.headers["Azure-AsyncOperation"])
    return check


def _ai_services(sb):
    def check(resp, body):
        props = body["properties"]
        assert props["endpoint"] == "https://eastus.api.cognitive.microsoft.com/"
        assert props["endpoints"]["AI Foundry API"] == "https://csais.services.ai.azure.com/"
        assert props["allowProjectManagement"] is True and body["identity"]["tenantId"] == sb.tenant_id
    return check


def _no_keys(sb, name):
    def check(resp, body):
        keys = sb.store.get(_account_id(sb, name))["private"]["keys"]
        assert keys["key1"] not in resp.text and keys["key2"] not in resp.text
        assert body["properties"]["provisioningState"] == "Succeeded"
    return check


def _accepted(sb):
    def check(resp, body):
        assert body["properties"]["provisioningState"] == "Accepted"
        assert body["properties"]["networkAcls"] == {"defaultAction": "Deny", "virtualNetworkRules": [],
                                                     "ipRules": [{"value": "200.0.0.1"}]}
        assert resp.headers["Location"].startswith(resp.headers["Azure-AsyncOperation"])
        assert _raw(sb, "GET", resp.headers["Azure-AsyncOperation"], api_version=None).json()["status"] == "Updating"
    return check


def _synchronous(resp, body):
    assert "Azure-AsyncOperation" not in resp.headers and body["properties"]["provisioningState"] == "Succeeded"


def _hex_keys(resp, body):
    assert HEX32.match(body["key1"]) and HEX32.match(body["key2"])


def _regenerated(sb):
    before = sb.store.get(_account_id(sb, "cs1"))["private"]["keys"]

    def check(resp, body):
        assert body["key1"] != before["key1"] and body["key2"] == before["key2"]
    return check


def _soft_deleted(sb):
    def check(resp, body):
        assert resp.content == b"" and _raw(sb, "GET", _account_id(sb, "cs1")).status_code == 404
        assert _raw(sb, "GET", fill("/subscriptions/{s}/providers/Microsoft.CognitiveServices/locations/southcentralus/"
                                    "resourceGroups/rg/deletedAccounts/cs1", {"s": sb.subscription_id})).status_code == 200
    return check


def _purge_date(resp, body):
    props = body["properties"]
    assert body["type"] == "Microsoft.CognitiveServices/deletedAccounts"
    assert _parse(props["scheduledPurgeDate"]) - _parse(props["deletionDate"]) == datetime.timedelta(hours=48)


def _restored(sb):
    internal_id = sb.store.select(lambda r: r["id"].lower().endswith("/deletedaccounts/csgone"))[0]["body"][
        "properties"]["internalId"]

    def check(resp, body):
        assert "Azure-AsyncOperation" not in resp.headers and body["properties"]["provisioningState"] == "Succeeded"
        assert body["properties"]["internalId"] == internal_id and "deletionDate" not in body["properties"]
    return check


def _message(text):
    def check(resp, body):
        assert text in body["error"]["message"], body
    return check


def _component(name, region):
    def check(resp, body):
        props = body["properties"]
        assert body["type"] == "microsoft.insights/components" and props["ApplicationId"] == name
        assert body["id"].endswith(f"/resourceGroups/rg/providers/microsoft.insights/components/{name}")
        assert re.fullmatch(rf"InstrumentationKey={props['InstrumentationKey']};IngestionEndpoint=https://{region}-\d\."
                            rf"in\.applicationinsights\.azure\.com/;LiveEndpoint=https://{region}\.livediagnostics\."
                            rf"monitor\.azure\.com/;ApplicationId={props['AppId']}", props["ConnectionString"])
        assert props["TenantId"] == resp.url.split("/subscriptions/")[1].split("/")[0]
    return check


def _no_retention(resp, body):
    assert "Retention" not in body["properties"] and body["properties"]["RetentionInDays"] == 90


def _nulls(resp, body):
    assert body["properties"]["Flow_Type"] is None and body["properties"]["Request_Source"] is None


def _same_keys(sb):
    seeded = sb.get_resource(_component_id(sb, "ai1"))["properties"]

    def check(resp, body):
        for key in ("AppId", "InstrumentationKey", "CreationDate"):
            assert body["properties"][key] == seeded[key]
    return check


def _log_analytics(resp, body):
    assert body["properties"]["IngestionMode"] == "LogAnalytics"


def _retention(resp, body):
    assert body["properties"]["Retention"] == "P90D" and body["tags"] == {"key": "val"}
    assert body["properties"]["publicNetworkAccessForQuery"] == "Disabled"


def _tags_replaced(resp, body):
    assert body["tags"] == {"env": "test"}


def _component_gone(sb):
    def check(resp, body):
        assert resp.content == b"" and _raw(sb, "GET", _component_id(sb, "ai1"), api_version="2020-02-02").status_code == 404
    return check


def _case(sb, rec):
    """(name, checks) for a record; checks are (response, body) -> None."""
    op, status, body = rec.operation, rec.status, rec.request_body or {}
    if op == "cognitiveservices.accounts.create":
        if status == 409:
            return "csgone", [_message("has been soft-deleted")]
        if (body.get("properties") or {}).get("restore"):
            return "csgone", [_restored(sb)]
        if body.get("kind") == "AIServices":
            return "csais", [_ai_services(sb)]
        return "csnew", [_creating(sb, "csnew")]
    cs_cases = {
        ("cognitiveservices.operation_results.get", 200): ("csnew", []),
        ("cognitiveservices.accounts.get", 200): ("cs1", [_no_keys(sb, "cs1")]),
        ("cognitiveservices.accounts.get", 404): ("ghost", [_message(
            "The Resource 'Microsoft.CognitiveServices/accounts/ghost' under resource group 'rg' was not found")]),
        ("cognitiveservices.accounts.update", 200): ("cs1", [_synchronous]),
        ("cognitiveservices.accounts.update", 202): ("cs1", [_accepted(sb)]),
        ("cognitiveservices.accounts.list_keys", 200): ("cs1", [_hex_keys]),
        ("cognitiveservices.accounts.list_keys", 400): ("csnolocal", [_message(
            "Failed to list key. disableLocalAuth is set to be true")]),
        ("cognitiveservices.accounts.regenerate_key", 200): ("cs1", [_regenerated(sb)]),
        ("cognitiveservices.accounts.list_by_resource_group", 200): ("cs1", []),
        ("cognitiveservices.accounts.delete", 200): ("cs1", [_soft_deleted(sb)]),
        ("cognitiveservices.deleted_accounts.get", 200): ("csgone", [_purge_date]),
        ("applicationinsights.components.get", 200): ("ai1", [_component("ai1", "westus"), _same_keys(sb)]),
        ("applicationinsights.components.get", 404): ("ghost", [_message("'Microsoft.Insights/components/ghost'")]),
        ("applicationinsights.components.update_tags", 200): ("ai1", [_tags_replaced]),
        ("applicationinsights.components.delete", 200): ("ai1", [_component_gone(sb)]),
    }
    if (op, status) in cs_cases:
        return cs_cases[(op, status)]
    props = body.get("properties") or {}                     # components.create_or_update
    if "WorkspaceResourceId" in props:
        return "ai1", [_component("ai1", "westus"), _same_keys(sb), _log_analytics]
    if "RetentionInDays" in props:
        return "ai1", [_retention, _same_keys(sb)]
    if rec.api_version == "2020-02-02":
        return "ainew2", [_component("ainew2", "westus2"), _nulls, _no_retention]
    if rec.api_version == "2015-05-01":
        return "ainew3", [_component("ainew3", "eastus")]
    return "ainew", [_component("ainew", "westus"), _no_retention]


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.api_version}-"
                                                         f"{r.error_code or ''}")
def test_recorded_fact(sandbox, rec):
    values = _world(sandbox)
    values["name"], checks = _case(sandbox, rec)
    if rec.operation == "cognitiveservices.operation_results.get":
        started = _raw(sandbox, "PUT", _account_id(sandbox, "csnew"), {"kind": "FormRecognizer", "sku": {"name": "S0"},
                                                                       "location": "SOUTHCENTRALUS"})
        values["operationId"] = started.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
    path = fill(rec.path, values)
    body = fill(copy.deepcopy(rec.request_body), values)
    resp = _raw(sandbox, rec.method, path, body, rec.api_version)
    assert resp.status_code == rec.status, f"{rec.source}\n{resp.text[:600]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], sorted(lower)
    if rec.error_code:
        assert payload["error"]["code"] == rec.error_code, payload
    for check in checks:
        check(resp, payload)
