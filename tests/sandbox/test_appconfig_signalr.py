"""Microsoft.AppConfiguration stores and Microsoft.SignalRService (SignalR, Web PubSub): the pinned
azure-mgmt-appconfiguration / azure-mgmt-signalr clients, raw REST for Web PubSub, the real `az appconfig` /
`az signalr`, and each fact of recorded_appconfig_signalr.RECORDED replayed against the sandbox."""
import copy
import json
import re

import pytest
from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.appconfiguration import AppConfigurationManagementClient
from azure.mgmt.appconfiguration.models import (ConfigurationStore, ConfigurationStoreUpdateParameters,
                                                RegenerateKeyParameters, Sku)
from azure.mgmt.signalr import SignalRManagementClient
from azure.mgmt.signalr.models import NetworkACL, RegenerateKeyParameters as SrRegenerate, ResourceSku
from azure.mgmt.signalr.models import SignalRNetworkACLs, SignalRResource

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_appconfig_signalr import AC_API, RECORDED, SR_API, WPS_API

FAST = {"polling_interval": 0.01}
ALL_TYPES = ["ServerConnection", "ClientConnection", "RESTAPI", "Trace"]


def _group(sb, name="rg", location="eastus"):
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/{name}", {"location": location})


def _client(sb, cls):
    return cls(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle, retry_total=0)


def _raw(sb, method, path, body=None, api_version=AC_API):
    return raw(sb, method, path, body, api_version)


def _store_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.AppConfiguration/configurationStores/{name}"


def _sr_id(sb, name, rg="rg", seg="SignalR"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.SignalRService/{seg}/{name}"


# ---------------------------------------------------------------------------------- App Configuration: SDK
def test_appconfig_store_lifecycle_through_sdk(quick_lro):
    sb = quick_lro
    _group(sb)
    _group(sb, "rg2", "westus")
    stores = _client(sb, AppConfigurationManagementClient).configuration_stores
    made = stores.begin_create("rg", "MyStore-01", ConfigurationStore(location="eastus", sku=Sku(name="Standard"),
                                                                         tags={"env": "dev"}), **FAST).result()
    assert made.properties.provisioning_state == "Succeeded"
    assert made.properties.endpoint == "https://mystore-01.azconfig.io"
    assert made.name == "MyStore-01" and made.id == _store_id(sb, "mystore-01")   # id carries the name lower-cased
    assert made.sku.name == "standard" and made.tags == {"env": "dev"}
    assert made.properties.public_network_access is None and made.properties.disable_local_auth is False
    assert made.properties.soft_delete_retention_in_days == 7
    puts = [r for r in sb.requests if r["method"] == "PUT" and "configurationStores" in r["path"]]
    assert [r["status"] for r in puts] == [201]
    polls = [r for r in sb.requests if "/operationsStatus/" in r["path"]]
    assert polls and all(r["api_version"] == "2025-06-01-preview" for r in polls)

    stores.begin_create("rg2", "freestore", ConfigurationStore(location="westus", sku=Sku(name="Free")), **FAST).result()
    assert [s.name for s in stores.list_by_resource_group("rg")] == ["MyStore-01"]
    assert sorted(s.name for s in stores.list()) == ["MyStore-01", "freestore"]
    free = stores.get("rg2", "FREESTORE")
    assert free.properties.soft_delete_retention_in_days == 0
    assert free.properties.default_key_value_revision_retention_period_in_seconds == 604800

    keys = list(stores.list_keys("rg", "MyStore-01"))
    assert [(k.name, k.read_only) for k in keys] == [("Primary", False), ("Secondary", False),
                                                      ("Primary Read Only", True), ("Secondary Read Only", True)]
    for k in keys:
        assert re.fullmatch(r"[A-Za-z0-9+/]{4}-l\d-s0:[A-Za-z0-9+/]{20}", k.id) and len(k.value) == 44
        assert k.connection_string == f"Endpoint=https://mystore-01.azconfig.io;Id={k.id};Secret={k.value}"
    raw_get = _raw(sb, "GET", _store_id(sb, "MyStore-01")).text
    assert all(k.value not in raw_get and k.id not in raw_get for k in keys)   # GET never shows the keys
    assert keys[0].value not in json.dumps(sb.get_resource(_store_id(sb, "MyStore-01")))

    renewed = stores.regenerate_key("rg", "MyStore-01", RegenerateKeyParameters(id=keys[1].id))
    assert renewed.id == keys[1].id and renewed.name == "Secondary" and renewed.value != keys[1].value
    again = {k.name: k.value for k in stores.list_keys("rg", "MyStore-01")}
    assert again["Secondary"] == renewed.value and again["Primary"] == keys[0].value

    updated = stores.begin_update("rg", "MyStore-01", ConfigurationStoreUpdateParameters(
        public_network_access="Disabled", disable_local_auth=True, tags={"env": "prod"}), **FAST).result()
    assert updated.properties.public_network_access == "Disabled" and updated.properties.disable_local_auth is True
    assert updated.tags == {"env": "prod"} and updated.properties.endpoint == made.properties.endpoint
    assert updated.properties.creation_date == made.properties.creation_date
    patch = [r for r in sb.requests if r["method"] == "PATCH"][-1]
    assert patch["status"] == 200

    stores.begin_delete("rg", "MyStore-01", **FAST).result()
    assert [r["status"] for r in sb.requests if r["method"] == "DELETE"] == [200]
    with pytest.raises(ResourceNotFoundError) as err:
        stores.get("rg", "MyStore-01")
    assert err.value.error.code == "ResourceNotFound"
    assert _raw(sb, "DELETE", _store_id(sb, "MyStore-01")).status_code == 204


def test_appconfig_monitor_shape_and_etag(quick_lro):
    sb = quick_lro
    _group(sb)
    resp = _raw(sb, "PUT", _store_id(sb, "Store-Two"), {"location": "eastus", "sku": {"name": "Standard"}})
    assert resp.status_code == 201 and "Location" not in resp.headers
    body = resp.json()
    assert body["properties"]["provisioningState"] == "Creating" and body["properties"]["endpoint"] is None
    assert body["systemData"] is None and body["sku"] == {"name": "Standard"}
    monitor = resp.headers["Azure-AsyncOperation"]
    m = re.fullmatch(re.escape(sb.url) + r"/subscriptions/[^/]+/providers/Microsoft\.AppConfiguration/locations/eastus/"
                     r"operationsStatus/Y29uZmlndXJhdGlvblN0b3Jlcw\.([A-Za-z0-9_-]{43})\?api-version=2025-06-01-preview",
                     monitor)
    assert m, monitor
    first = _raw(sb, "GET", monitor).json()
    assert first == {"id": first["id"], "name": m.group(1), "status": "Creating", "error": None}
    assert first["id"].endswith("/operationsStatus/" + m.group(1))
    assert _raw(sb, "GET", monitor).json()["status"] == "Succeeded"
    got = _raw(sb, "GET", _store_id(sb, "store-two"))
    assert got.headers["ETag"].startswith('W/"') and got.json()["name"] == "Store-Two"
    again = _raw(sb, "PUT", _store_id(sb, "Store-Two"), {"location": "eastus", "sku": {"name": "Premium"}})
    assert again.status_code == 200 and again.json()["sku"] == {"name": "premium"}
    assert "Azure-AsyncOperation" not in again.headers


# ---------------------------------------------------------------------------------- SignalR: SDK
def test_signalr_lifecycle_through_sdk(quick_lro):
    sb = quick_lro
    _group(sb)
    sr = _client(sb, SignalRManagementClient).signal_r
    acls = SignalRNetworkACLs(default_action="Deny", public_network=NetworkACL(allow=["ClientConnection"]))
    made = sr.begin_create_or_update("rg", "chat1", SignalRResource(
        location="eastus", sku=ResourceSku(name="Standard_S1", capacity=1), network_ac_ls=acls,
        tags={"a": "1"}), **FAST).result()
    assert made.provisioning_state == "Succeeded" and made.host_name == "chat1.service.signalr.net"
    assert made.id == _sr_id(sb, "chat1") and made.type == "Microsoft.SignalRService/SignalR"
    assert made.sku.tier == "Standard" and made.sku.size == "S1" and made.kind == "SignalR"
    assert made.network_ac_ls.default_action == "Deny"
    assert made.network_ac_ls.public_network.allow == ["ClientConnection"]
    assert made.network_ac_ls.public_network.deny is None and made.network_ac_ls.private_endpoints == []
    assert [f.flag for f in made.features] == ["ServiceMode", "EnableConnectivityLogs", "EnableMessagingLogs",
                                               "EnableLiveTrace"]
    assert made.cors.allowed_origins == ["*"] and made.public_network_access == "Enabled"
    assert [r["status"] for r in sb.requests if r["method"] == "PUT"][-1] == 201
    assert any("/operationStatuses/" in r["path"] for r in sb.requests)

    keys = sr.list_keys("rg", "chat1")
    assert len(keys.primary_key) == 84 and keys.primary_key != keys.secondary_key
    assert keys.primary_connection_string == \
        f"Endpoint=https://chat1.service.signalr.net;AccessKey={keys.primary_key};Version=1.0;"
    assert keys.primary_key not in _raw(sb, "GET", _sr_id(sb, "chat1"), api_version=SR_API).text
    renewed = sr.begin_regenerate_key("rg", "chat1", SrRegenerate(key_type="Primary"), **FAST).result()
    assert renewed.primary_key != keys.primary_key and renewed.secondary_key == keys.secondary_key
    assert sr.list_keys("rg", "chat1").primary_key == renewed.primary_key

    # a PATCH replaces the publicNetwork lists it names (not merged) and answers 202 + monitors
    patched = sr.begin_update("rg", "chat1", SignalRResource(
        location="eastus", network_ac_ls=SignalRNetworkACLs(default_action="Allow", public_network=NetworkACL(
            allow=["ServerConnection", "RESTAPI"], deny=["Trace"])), disable_local_auth=True), **FAST).result()
    assert patched.network_ac_ls.default_action == "Allow"
    assert patched.network_ac_ls.public_network.allow == ["ServerConnection", "RESTAPI"]
    assert patched.network_ac_ls.public_network.deny == ["Trace"] and patched.disable_local_auth is True
    assert patched.tags == {"a": "1"} and patched.sku.name == "Standard_S1"
    assert [r["status"] for r in sb.requests if r["method"] == "PATCH"][-1] == 202
    assert any("/operationResults/" in r["path"] and r["status"] == 200 for r in sb.requests)

    assert [s.name for s in sr.list_by_resource_group("rg")] == ["chat1"]
    assert [s.name for s in sr.list_by_subscription()] == ["chat1"]
    sr.begin_delete("rg", "chat1", **FAST).result()
    with pytest.raises(ResourceNotFoundError) as err:
        sr.get("rg", "chat1")
    assert err.value.error.code == "ResourceNotFound"
    assert "Microsoft.SignalRService/SignalR/chat1" in err.value.error.message


def test_signalr_patch_without_change_answers_200(quick_lro):
    sb = quick_lro
    _group(sb)
    rid = _sr_id(sb, "quiet", seg="signalR")
    sb.put_resource(rid, {"location": "eastus", "sku": {"name": "Free_F1"}}, api_version=SR_API)
    same = _raw(sb, "PATCH", rid, {"properties": {"resourceStopped": "False", "publicNetworkAccess": "Enabled"}},
                api_version=SR_API)
    assert same.status_code == 200 and "Azure-AsyncOperation" not in same.headers
    assert same.json()["properties"]["resourceStopped"] == "false" and same.json()["tags"] is None
    stop = _raw(sb, "PATCH", rid, {"properties": {"resourceStopped": "True"}}, api_version=SR_API)
    assert stop.status_code == 202 and not stop.content
    assert stop.headers["Location"].split("?")[0].endswith("/operationResults/" + stop.headers[
        "Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1])
    assert _raw(sb, "GET", rid, api_version=SR_API).json()["properties"]["resourceStopped"] == "true"


# ---------------------------------------------------------------------------------- Web PubSub: raw REST
def test_webpubsub_through_rest(quick_lro):
    sb = quick_lro
    _group(sb)
    rid = _sr_id(sb, "pubsub1", seg="webPubSub")
    created = _raw(sb, "PUT", rid, {"location": "eastus", "sku": {"name": "Standard_S1", "capacity": 1}},
                   api_version=WPS_API)
    assert created.status_code == 201 and created.json()["properties"]["provisioningState"] == "Creating"
    status_url = created.headers["Azure-AsyncOperation"]
    assert status_url.startswith(sb.url + _sr_id(sb, "pubsub1", seg="WebPubSub") + "/operationStatuses/")
    assert _raw(sb, "GET", status_url).json()["status"] == "Running"
    assert _raw(sb, "GET", status_url).json()["status"] == "Succeeded"
    got = _raw(sb, "GET", rid, api_version=WPS_API).json()
    assert got["properties"]["hostName"] == "pubsub1.webpubsub.azure.com" and got["kind"] == "WebPubSub"
    assert got["properties"]["networkACLs"]["defaultAction"] == "Deny"
    assert got["properties"]["networkACLs"]["publicNetwork"] == {"allow": ALL_TYPES, "deny": None}
    assert "features" not in got["properties"] and "cors" not in got["properties"]

    keys = _raw(sb, "POST", rid + "/listKeys", api_version=WPS_API).json()
    assert keys["secondaryConnectionString"] == \
        f"Endpoint=https://pubsub1.webpubsub.azure.com;AccessKey={keys['secondaryKey']};Version=1.0;"
    salt = _raw(sb, "POST", rid + "/regenerateKey", {"keyType": "salt"}, api_version=WPS_API)
    assert salt.status_code == 202 and salt.json() == keys
    bad = _raw(sb, "POST", rid + "/regenerateKey", {"keyType": "tertiary"}, api_version=WPS_API)
    assert bad.status_code == 400
    sec = _raw(sb, "POST", rid + "/regenerateKey", {"keyType": "SECONDARY"}, api_version=WPS_API).json()
    assert sec["primaryKey"] == keys["primaryKey"] and sec["secondaryKey"] != keys["secondaryKey"]

    patched = _raw(sb, "PATCH", rid, {"properties": {"networkACLs": {"publicNetwork": {"allow": ["ClientConnection"]}},
                                                     "publicNetworkAccess": "Disabled"}}, api_version=WPS_API)
    assert patched.status_code == 202
    after = _raw(sb, "GET", rid, api_version=WPS_API).json()["properties"]
    assert after["networkACLs"]["publicNetwork"] == {"allow": ["ClientConnection"], "deny": None}
    assert after["networkACLs"]["defaultAction"] == "Deny" and after["publicNetworkAccess"] == "Disabled"

    listed = _raw(sb, "GET", f"/subscriptions/{sb.subscription_id}/providers/Microsoft.SignalRService/webPubSub",
                  api_version=WPS_API).json()["value"]
    assert [r["name"] for r in listed] == ["pubsub1"]
    deleted = _raw(sb, "DELETE", rid, api_version=WPS_API)
    assert deleted.status_code == 202 and "Location" in deleted.headers
    missing = _raw(sb, "GET", rid, api_version=WPS_API)
    assert missing.status_code == 404 and missing.headers["x-ms-failure-cause"] == "gateway"
    assert missing.json()["error"]["message"].startswith(
        "The Resource 'Microsoft.SignalRService/WebPubSub/pubsub1' under resource group 'rg' was not found.")
    assert _raw(sb, "DELETE", rid, api_version=WPS_API).status_code == 204


# ---------------------------------------------------------------------------------- roles
def test_role_definitions(quick_lro):
    sb = quick_lro
    expected = {"App Configuration Data Owner": "5ae67dd6-50cb-40e7-96ff-dc2bfa4b606b",
                "App Configuration Data Reader": "516239f1-63e1-4d78-a4de-a74fb236a071",
                "SignalR App Server": "420fcaa2-552c-430f-98ca-3264be4806c7",
                "SignalR Service Owner": "7e4f1700-ea5a-4f59-8f37-079cfe29dce3",
                "Web PubSub Service Owner": "12cf5a90-567b-43ae-8102-96cf46c7d9b4"}
    path = f"/subscriptions/{sb.subscription_id}/providers/Microsoft.Authorization/roleDefinitions"
    for name, guid in expected.items():
        found = _raw(sb, "GET", path + f"?$filter=roleName eq '{name}'&api-version=2022-04-01").json()["value"]
        assert [d["name"] for d in found] == [guid], name
    owner = _raw(sb, "GET", path + "/12cf5a90-567b-43ae-8102-96cf46c7d9b4", api_version="2022-04-01").json()
    assert owner["properties"]["permissions"][0]["dataActions"] == ["Microsoft.SignalRService/WebPubSub/*"]


# ---------------------------------------------------------------------------------- the real az
def test_az_appconfig_and_signalr(sandbox, az_cli):
    _group(sandbox, "rg-az")
    az = az_cli.json
    store = az("appconfig", "create", "-n", "AzStore1", "-g", "rg-az", "-l", "eastus", "--sku", "Standard")
    assert store["endpoint"] == "https://azstore1.azconfig.io" and store["provisioningState"] == "Succeeded"
    shown = az("appconfig", "show", "-n", "AzStore1", "-g", "rg-az")
    assert shown["name"] == "AzStore1" and shown["sku"]["name"] == "standard"
    creds = az("appconfig", "credential", "list", "-n", "AzStore1", "-g", "rg-az")
    assert [c["name"] for c in creds] == ["Primary", "Secondary", "Primary Read Only", "Secondary Read Only"]
    assert creds[2]["readOnly"] is True and creds[0]["connectionString"].startswith("Endpoint=https://azstore1.azconfig.io;Id=")

    sr = az("signalr", "create", "-n", "azchat", "-g", "rg-az", "--sku", "Standard_S1", "-l", "eastus")
    assert sr["hostName"] == "azchat.service.signalr.net" and sr["provisioningState"] == "Succeeded"
    shown = az("signalr", "show", "-n", "azchat", "-g", "rg-az")
    assert shown["networkAcLs"]["defaultAction"] == "Allow" and shown["cors"]["allowedOrigins"] == ["*"]
    assert shown["networkAcLs"]["publicNetwork"]["allow"] == ALL_TYPES
    keys = az("signalr", "key", "list", "-n", "azchat", "-g", "rg-az")
    assert keys["primaryConnectionString"].endswith(f"AccessKey={keys['primaryKey']};Version=1.0;")

    wps = _sr_id(sandbox, "azpubsub", "rg-az", "webPubSub") + f"?api-version={WPS_API}"
    made = az("rest", "--method", "put", "--url", wps, "--body",
              json.dumps({"location": "eastus", "sku": {"name": "Free_F1"}}))
    assert made["properties"]["hostName"] == "azpubsub.webpubsub.azure.com"
    wkeys = az("rest", "--method", "post", "--url", wps.replace("?", "/listKeys?"))
    assert wkeys["primaryConnectionString"].startswith("Endpoint=https://azpubsub.webpubsub.azure.com;AccessKey=")


# ---------------------------------------------------------------------------------- recorded facts
_SR_BODY = {"location": "eastus", "tags": {"key": "value"}, "sku": {"name": "Standard_S1", "capacity": 1},
            "properties": {"features": [{"flag": "ServiceMode", "value": "Classic"}], "networkACLs": {"defaultAction": "Deny"}}}


def _setup(sb, rec, values):
    """Create what the record's precondition needs; fill values (name, operationId, keyId)."""
    op = rec.operation
    if op.endswith("get_missing") or op.endswith("create_defaults") or op.endswith(".create") or \
            op.endswith("create_or_update"):
        return
    if op.startswith("appconfiguration"):
        store = fill("/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/"
                     "Microsoft.AppConfiguration/configurationStores/{name}", values)
        started = _raw(sb, "PUT", store, {"location": "eastus", "sku": {"name": "Standard"}})
        values["operationId"] = started.headers["Azure-AsyncOperation"].split("?")[0].rsplit(".", 1)[1]
        values["keyId"] = sb.store.get(store)["private"]["keys"][0]["id"]
        return
    seg = "webPubSub" if op.startswith("webpubsub") else "signalR"
    rid = _sr_id(sb, values["name"], seg=seg)
    started = _raw(sb, "PUT", rid, _SR_BODY, api_version=rec.api_version)
    values["operationId"] = started.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
    if op == "signalr.operation_results":   # a PATCH that changes something, run to completion
        patch = _raw(sb, "PATCH", rid, {"properties": {"resourceStopped": "True"}}, api_version=SR_API)
        values["operationId"] = patch.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
        for _ in range(10):
            if _raw(sb, "GET", patch.headers["Azure-AsyncOperation"]).json()["status"] == "Succeeded":
                break


def _check(sb, rec, resp, payload, values):
    op, props = rec.operation, payload.get("properties", {})
    if op == "appconfiguration.configuration_stores.create":
        assert props["endpoint"] is None and payload["systemData"] is None and "Location" not in resp.headers
        assert payload["sku"] == {"name": "Standard"}
    if op == "appconfiguration.configuration_stores.get":
        assert payload["name"] == values["name"] and payload["id"].endswith("/" + values["name"].lower())
        assert props["endpoint"] == f"https://{values['name'].lower()}.azconfig.io"
        assert "publicNetworkAccess" not in props and payload["sku"] == {"name": "standard"}
    if op == "appconfiguration.configuration_stores.list_keys":
        assert [(k["name"], k["readOnly"]) for k in payload["value"]] == [
            ("Primary", False), ("Secondary", False), ("Primary Read Only", True), ("Secondary Read Only", True)]
    if op == "appconfiguration.configuration_stores.delete":
        assert not resp.content and sb.get_resource(fill(rec.path, values)) is None
    if op in ("signalr.signal_r.create_or_update", "webpubsub.create_or_update"):
        assert props["provisioningState"] == "Creating" and props["externalIP"] is None
        assert "/Microsoft.SignalRService/" + ("SignalR/" if op.startswith("signalr") else "WebPubSub/") in payload["id"]
        assert resp.headers["Azure-AsyncOperation"].split("?")[0].startswith(sb.url + payload["id"] + "/operationStatuses/")
        assert resp.headers["Location"].split("?")[0].startswith(sb.url + payload["id"] + "/operationResults/")
    if op == "signalr.signal_r.create_defaults":
        assert props["cors"]["allowedOrigins"] == ["*"] and payload["tags"] is None
        assert props["networkACLs"]["publicNetwork"] == {"allow": ALL_TYPES, "deny": None}
    if op == "signalr.signal_r.update_no_change":
        assert "Azure-AsyncOperation" not in resp.headers
    if op in ("signalr.signal_r.update", "webpubsub.update", "webpubsub.delete"):
        assert not resp.content
    if op == "signalr.signal_r.regenerate_key":
        assert payload["primaryConnectionString"].endswith(f"AccessKey={payload['primaryKey']};Version=1.0;")
    if op == "signalr.operation_statuses":
        assert payload["status"] in ("Running", "Succeeded") and payload["name"] == values["operationId"]
    if op == "signalr.operation_results":
        assert props["resourceStopped"] == "true"
    if op == "signalr.signal_r.get_missing":
        assert "'Microsoft.SignalRService/SignalR/" + values["name"] + "'" in payload["error"]["message"]


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}")
def test_recorded_fact(sandbox, rec):
    _group(sandbox)
    values = {"subscription": sandbox.subscription_id, "resourceGroup": "rg", "location": "eastus",
              "name": "Store-Rec1" if rec.operation.startswith("appconfiguration") else "rec1"}
    _setup(sandbox, rec, values)
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
    _check(sandbox, rec, resp, payload, values)
