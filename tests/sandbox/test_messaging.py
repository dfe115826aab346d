"""Microsoft.ServiceBus and Microsoft.EventHub: the pinned azure-mgmt-servicebus 10.0.0 / azure-mgmt-eventhub 12.0.0
clients, the real `az servicebus` / `az eventhubs`, raw requests for the wire shapes, and each fact of
recorded_messaging.RECORDED replayed against the sandbox."""
import copy
import datetime
import json
import re

import pytest
import requests
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.eventhub import EventHubManagementClient
from azure.mgmt.servicebus import ServiceBusManagementClient

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_messaging import RECORDED

FAST = {"polling_interval": 0.01}
API = "2026-01-01"
KEY_RE = re.compile(r"^[A-Za-z0-9+/]{43}=$")


@pytest.fixture
def quick_lro(quick_lro):  # pylint: disable=redefined-outer-name
    """The shared fixture, with the resource group every test here uses."""
    quick_lro.put_resource(f"/subscriptions/{quick_lro.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return quick_lro



def _client(cls, sb):
    return cls(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle, retry_total=0)


@pytest.fixture
def sbc(quick_lro):
    return _client(ServiceBusManagementClient, quick_lro)


@pytest.fixture
def ehc(quick_lro):
    return _client(EventHubManagementClient, quick_lro)


def _ns_id(sb, provider, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/{provider}/namespaces/{name}"


def _raw(sb, method, path, body=None, api_version=API):
    return raw(sb, method, path, body, api_version)


def _conn(ns, rule, key, entity=None):
    tail = f";EntityPath={entity}" if entity else ""
    return f"Endpoint=sb://{ns}.servicebus.windows.net/;SharedAccessKeyName={rule};SharedAccessKey={key}{tail}"


# ---------------------------------------------------------------------------------------------- Service Bus SDK
def test_sb_namespace_create_get_update_delete(sbc, quick_lro):
    sb = quick_lro
    made = sbc.namespaces.begin_create_or_update(
        "rg", "sbns-life", {"location": "westus", "sku": {"name": "Standard", "tier": "Standard"}, "tags": {"a": "1"}},
        **FAST).result()
    assert (made.provisioning_state, made.status) == ("Succeeded", "Active")
    assert made.service_bus_endpoint == "https://sbns-life.servicebus.windows.net:443/"
    assert made.type == "Microsoft.ServiceBus/Namespaces" and made.location == "West US"
    assert made.sku.name == "Standard" and made.sku.capacity is None and made.public_network_access == "Enabled"
    # the PUT answered 200 with no LRO header and 'Created'; the body poller then GETs the namespace
    put, poll = [r for r in sb.requests if "/namespaces/sbns-life" in r["path"]][:2]
    assert (put["method"], put["status"], poll["method"]) == ("PUT", 200, "GET")
    assert [n.name for n in sbc.namespaces.list_by_resource_group("rg")] == ["sbns-life"]
    assert [n.name for n in sbc.namespaces.list()] == ["sbns-life"]
    patched = sbc.namespaces.update("rg", "sbns-life", {"tags": {"b": "2"}, "properties": {"publicNetworkAccess": "Disabled"}})
    assert patched.tags == {"b": "2"} and patched.public_network_access == "Disabled"
    assert patched.sku.name == "Standard" and patched.created_at == made.created_at
    # one setting: the rule set follows the namespace
    assert sbc.namespaces.get_network_rule_set("rg", "sbns-life").public_network_access == "Disabled"
    sb.clear_log()
    sbc.namespaces.begin_delete("rg", "sbns-life", **FAST).result()
    monitors = [r for r in sb.requests if "/operationresults/" in r["path"]]
    assert monitors and monitors[-1]["path"].endswith("/namespaces/sbns-life/operationresults/sbns-life")
    assert [r["status"] for r in monitors] == [202, 200]
    with pytest.raises(ResourceNotFoundError) as err:
        sbc.namespaces.get("rg", "sbns-life")
    assert err.value.error.code == "ResourceNotFound"
    assert sb.store.get(_ns_id(sb, "Microsoft.ServiceBus", "sbns-life") + "/AuthorizationRules/RootManageSharedAccessKey") is None


def test_sb_authorization_rules_and_keys(sbc, quick_lro):
    sb = quick_lro
    sbc.namespaces.begin_create_or_update("rg", "sbns-keys", {"location": "westus"}, **FAST).result()
    rules = list(sbc.namespaces.list_authorization_rules("rg", "sbns-keys"))
    assert [(r.name, r.rights) for r in rules] == [("RootManageSharedAccessKey", ["Listen", "Manage", "Send"])]
    keys = sbc.namespaces.list_keys("rg", "sbns-keys", "RootManageSharedAccessKey")
    assert KEY_RE.match(keys.primary_key) and KEY_RE.match(keys.secondary_key) and keys.primary_key != keys.secondary_key
    assert keys.primary_connection_string == _conn("sbns-keys", "RootManageSharedAccessKey", keys.primary_key)
    assert keys.secondary_connection_string == _conn("sbns-keys", "RootManageSharedAccessKey", keys.secondary_key)
    # GET and lists never show a key
    shown = json.dumps([_raw(sb, "GET", _ns_id(sb, "Microsoft.ServiceBus", "sbns-keys") + p).json() for p in
                        ("", "/AuthorizationRules", "/AuthorizationRules/RootManageSharedAccessKey")])
    assert keys.primary_key not in shown and keys.secondary_key not in shown
    renewed = sbc.namespaces.regenerate_keys("rg", "sbns-keys", "RootManageSharedAccessKey", {"keyType": "PrimaryKey"})
    assert renewed.primary_key != keys.primary_key and renewed.secondary_key == keys.secondary_key
    chosen = "A" * 43 + "="
    renewed = sbc.namespaces.regenerate_keys("rg", "sbns-keys", "RootManageSharedAccessKey",
                                             {"keyType": "SecondaryKey", "key": chosen})
    assert renewed.secondary_key == chosen and sbc.namespaces.list_keys(
        "rg", "sbns-keys", "RootManageSharedAccessKey").secondary_key == chosen
    rule = sbc.namespaces.create_or_update_authorization_rule("rg", "sbns-keys", "app", {"properties": {"rights": ["Listen"]}})
    assert (rule.rights, rule.type, rule.location) == (["Listen"], "Microsoft.ServiceBus/Namespaces/AuthorizationRules", "westus")
    app_keys = sbc.namespaces.list_keys("rg", "sbns-keys", "app")
    assert app_keys.key_name == "app" and app_keys.primary_key not in (keys.primary_key, renewed.primary_key)
    updated = sbc.namespaces.create_or_update_authorization_rule("rg", "sbns-keys", "app", {"properties": {"rights": ["Send"]}})
    assert updated.rights == ["Send"] and sbc.namespaces.list_keys("rg", "sbns-keys", "app").primary_key == app_keys.primary_key
    sbc.namespaces.delete_authorization_rule("rg", "sbns-keys", "app")
    with pytest.raises(ResourceNotFoundError) as err:
        sbc.namespaces.get_authorization_rule("rg", "sbns-keys", "app")
    assert err.value.error.code == "NotFound" and "The requested resource app does not exist." in err.value.error.message
    with pytest.raises(ResourceNotFoundError):
        sbc.namespaces.list_keys("rg", "sbns-keys", "app")
    with pytest.raises(HttpResponseError) as err:
        _ = sbc.namespaces.regenerate_keys("rg", "sbns-keys", "RootManageSharedAccessKey", {"keyType": "Tertiary"})
    assert err.value.status_code == 400


def test_sb_network_rule_set(sbc, quick_lro):
    sb = quick_lro
    sbc.namespaces.begin_create_or_update("rg", "sbns-net", {"location": "westus", "sku": {"name": "Premium"}},
                                          **FAST).result()
    fresh = _raw(sb, "GET", _ns_id(sb, "Microsoft.ServiceBus", "sbns-net") + "/networkRuleSets/default").json()
    assert fresh["properties"] == {"publicNetworkAccess": "Enabled", "defaultAction": "Allow",
                                   "virtualNetworkRules": [], "ipRules": []}
    assert fresh["type"] == "Microsoft.ServiceBus/Namespaces/NetworkRuleSets" and fresh["name"] == "default"
    subnet = f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    put = sbc.namespaces.create_or_update_network_rule_set("rg", "sbns-net", {"properties": {
        "defaultAction": "Deny", "ipRules": [{"ipMask": "1.1.1.1"}, {"ipMask": "10.0.0.0/24", "action": "Allow"}],
        "virtualNetworkRules": [{"subnet": {"id": subnet}}], "trustedServiceAccessEnabled": True}})
    assert put.default_action == "Deny" and put.trusted_service_access_enabled is True
    assert [(r.ip_mask, r.action) for r in put.ip_rules] == [("1.1.1.1", "Allow"), ("10.0.0.0/24", "Allow")]
    assert [(r.subnet.id, r.ignore_missing_vnet_service_endpoint) for r in put.virtual_network_rules] == [(subnet, False)]
    # PUT replaces the whole set; trustedServiceAccessEnabled false is not shown
    again = _raw(sb, "PUT", _ns_id(sb, "Microsoft.ServiceBus", "sbns-net") + "/networkRuleSets/default",
                 {"properties": {"defaultAction": "Deny", "ipRules": [{"ipMask": "2.2.2.2", "action": "Allow"}],
                                 "trustedServiceAccessEnabled": False, "publicNetworkAccess": "Disabled"}}).json()
    assert again["properties"] == {"publicNetworkAccess": "Disabled", "defaultAction": "Deny", "virtualNetworkRules": [],
                                   "ipRules": [{"ipMask": "2.2.2.2", "action": "Allow"}]}
    assert sbc.namespaces.get("rg", "sbns-net").public_network_access == "Disabled"
    # a PUT without publicNetworkAccess keeps it (it is the namespace's setting)
    kept = sbc.namespaces.create_or_update_network_rule_set("rg", "sbns-net", {"properties": {"defaultAction": "Allow"}})
    assert kept.public_network_access == "Disabled" and kept.ip_rules == []
    # Deny without any rule while the public endpoint is on is stored as Allow
    allow = sbc.namespaces.create_or_update_network_rule_set("rg", "sbns-net", {"properties": {
        "defaultAction": "Deny", "publicNetworkAccess": "Enabled"}})
    assert (allow.default_action, sbc.namespaces.get("rg", "sbns-net").public_network_access) == ("Allow", "Enabled")
    assert [s.name for s in sbc.namespaces.list_network_rule_sets("rg", "sbns-net")] == ["default"]
    bad = _raw(sb, "PUT", _ns_id(sb, "Microsoft.ServiceBus", "sbns-net") + "/networkRuleSets/default",
               {"properties": {"virtualNetworkRules": [{"subnet": {"id": "not-an-id"}}]}})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "LinkedInvalidPropertyId"
    gone = _raw(sb, "GET", _ns_id(sb, "Microsoft.ServiceBus", "ghost-namespace") + "/networkRuleSets/default")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "ResourceNotFound"


def test_sb_queues_and_topics(sbc, quick_lro):
    sb = quick_lro
    sbc.namespaces.begin_create_or_update("rg", "sbns-ent", {"location": "westus"}, **FAST).result()
    queue = sbc.queues.create_or_update("rg", "sbns-ent", "orders", {"properties": {"maxDeliveryCount": 5}})
    assert (queue.max_delivery_count, queue.lock_duration, queue.status) == (5, datetime.timedelta(minutes=1), "Active")
    assert queue.type == "Microsoft.ServiceBus/namespaces/queues" and queue.count_details.active_message_count == 0
    replaced = sbc.queues.create_or_update("rg", "sbns-ent", "orders", {"properties": {"lockDuration": "PT2M"}})
    assert (replaced.lock_duration, replaced.max_delivery_count) == (datetime.timedelta(minutes=2), 10)   # PUT replaces all
    assert [q.name for q in sbc.queues.list_by_namespace("rg", "sbns-ent")] == ["orders"]
    sbc.queues.create_or_update_authorization_rule("rg", "sbns-ent", "orders", "sender", {"properties": {"rights": ["Send"]}})
    qkeys = sbc.queues.list_keys("rg", "sbns-ent", "orders", "sender")
    assert qkeys.primary_connection_string == _conn("sbns-ent", "sender", qkeys.primary_key, "orders")
    topic = sbc.topics.create_or_update("rg", "sbns-ent", "events", {})
    assert topic.support_ordering is True and topic.subscription_count == 0
    assert [t.name for t in sbc.topics.list_by_namespace("rg", "sbns-ent")] == ["events"]
    sbc.queues.delete("rg", "sbns-ent", "orders")
    with pytest.raises(ResourceNotFoundError) as err:
        sbc.queues.get("rg", "sbns-ent", "orders")
    assert err.value.error.code == "NotFound"
    with pytest.raises(ResourceNotFoundError) as err:
        sbc.queues.create_or_update("rg", "no-such-ns", "q", {})
    assert err.value.error.code == "ResourceNotFound"
    assert _raw(sb, "DELETE", _ns_id(sb, "Microsoft.ServiceBus", "sbns-ent") + "/queues/orders").status_code == 204


# ---------------------------------------------------------------------------------------------- Event Hubs SDK
def test_eh_namespace_hubs_keys_network_delete(ehc, quick_lro):
    sb = quick_lro
    made = ehc.namespaces.begin_create_or_update("rg", "ehns-main", {"location": "eastus2", "sku": {"name": "Standard"}},
                                                 **FAST).result()
    assert (made.provisioning_state, made.kafka_enabled, made.sku.capacity) == ("Succeeded", True, 1)
    assert (made.is_auto_inflate_enabled, made.maximum_throughput_units, made.location) == (False, 0, "East US 2")
    basic = ehc.namespaces.begin_create_or_update("rg", "ehns-basic", {"location": "eastus2", "sku": {"name": "Basic"}},
                                                  **FAST).result()
    assert basic.kafka_enabled is False
    hub = ehc.event_hubs.create_or_update("rg", "ehns-main", "telemetry", {"properties": {"partitionCount": 2}})
    assert (hub.partition_ids, hub.message_retention_in_days, hub.type) == (["0", "1"], 7, "Microsoft.EventHub/Namespaces/EventHubs")
    keys = ehc.namespaces.list_keys("rg", "ehns-main", "RootManageSharedAccessKey")
    assert keys.primary_connection_string == _conn("ehns-main", "RootManageSharedAccessKey", keys.primary_key)
    ehc.event_hubs.create_or_update_authorization_rule("rg", "ehns-main", "telemetry", "send", {"properties": {"rights": ["Send"]}})
    hub_keys = ehc.event_hubs.list_keys("rg", "ehns-main", "telemetry", "send")
    assert hub_keys.primary_connection_string.endswith(";EntityPath=telemetry")
    rules = ehc.namespaces.create_or_update_network_rule_set("rg", "ehns-main", {"properties": {
        "defaultAction": "Deny", "ipRules": [{"ipMask": "3.3.3.3", "action": "Allow"}]}})
    assert rules.type == "Microsoft.EventHub/Namespaces/NetworkRuleSets" and rules.ip_rules[0].ip_mask == "3.3.3.3"
    sb.clear_log()
    ehc.namespaces.begin_delete("rg", "ehns-main", **FAST).result()
    monitors = [r for r in sb.requests if "/operationStatus/" in r["path"]]
    assert monitors and monitors[0]["path"].endswith("/providers/Microsoft.EventHub/locations/eastus2/operationStatus/ehns-main")
    assert [r["status"] for r in monitors] == [202, 204] and monitors[0]["query"].get("resourcetype") == "Namespace"
    with pytest.raises(ResourceNotFoundError) as err:
        ehc.namespaces.get("rg", "ehns-main")
    assert err.value.error.code == "ResourceNotFound"


# ---------------------------------------------------------------------------------------------- raw wire shapes
def test_wire_shapes(quick_lro):
    sb = quick_lro
    nid = _ns_id(sb, "Microsoft.ServiceBus", "sbns-wire")
    first = _raw(sb, "PUT", nid, {"location": "westus"})
    assert first.status_code == 200 and not {"azure-asyncoperation", "location"} & {k.lower() for k in first.headers}
    assert (first.json()["properties"]["provisioningState"], first.json()["properties"]["status"]) == ("Created", "Activating")
    assert _raw(sb, "GET", nid).json()["properties"]["provisioningState"] == "Succeeded"
    again = _raw(sb, "PUT", nid, {"location": "westus", "tags": {"x": "y"}})
    assert again.status_code == 200 and again.json()["properties"]["provisioningState"] == "Succeeded"
    for bad in ("short", "1starts-with-digit", "ends-with-", "name-sb", "double--hyphen"):
        resp = _raw(sb, "PUT", _ns_id(sb, "Microsoft.ServiceBus", bad), {"location": "westus"})
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "BadRequest", bad
        assert resp.json()["error"]["message"].startswith("The specified service namespace is invalid. CorrelationId: ")
    missing_loc = _raw(sb, "PUT", _ns_id(sb, "Microsoft.ServiceBus", "sbns-noloc"), {})
    assert missing_loc.status_code == 400 and missing_loc.json()["error"]["code"] == "LocationRequired"
    no_group = _raw(sb, "PUT", _ns_id(sb, "Microsoft.ServiceBus", "sbns-nogroup", rg="nogroup"), {"location": "westus"})
    assert no_group.status_code == 404 and no_group.json()["error"]["code"] == "ResourceGroupNotFound"
    corr = "11111111-2222-4333-8444-555555555555"
    rule404 = requests.get(sb.url + nid + "/AuthorizationRules/nope", params={"api-version": API}, verify=sb.ca_bundle,
                           headers={"Authorization": "Bearer " + sb.issue_token()[0], "x-ms-correlation-request-id": corr},
                           timeout=30)
    assert rule404.json()["error"] == {"code": "NotFound",
                                       "message": f"The requested resource nope does not exist. CorrelationId: {corr}"}
    gone = _raw(sb, "DELETE", nid)
    assert gone.status_code == 202 and gone.content == b""
    assert gone.headers["Location"] == f"{sb.url}{nid}/operationresults/sbns-wire?api-version={API}"
    assert _raw(sb, "DELETE", nid).status_code == 204


# ---------------------------------------------------------------------------------------------- the real az
def test_az_servicebus(sandbox, az_cli):
    az = az_cli.json
    az("group", "create", "-n", "rg-sb", "-l", "westeurope")
    made = az("servicebus", "namespace", "create", "-g", "rg-sb", "-n", "sbns-az", "--sku", "Standard")
    assert made["serviceBusEndpoint"] == "https://sbns-az.servicebus.windows.net:443/"
    shown = az("servicebus", "namespace", "show", "-g", "rg-sb", "-n", "sbns-az")
    assert (shown["provisioningState"], shown["status"], shown["location"]) == ("Succeeded", "Active", "West Europe")
    keys = az("servicebus", "namespace", "authorization-rule", "keys", "list", "-g", "rg-sb", "--namespace-name",
              "sbns-az", "-n", "RootManageSharedAccessKey")
    assert keys["primaryConnectionString"] == _conn("sbns-az", "RootManageSharedAccessKey", keys["primaryKey"])
    assert "primaryKey" not in json.dumps(shown) and keys["primaryKey"] not in json.dumps(shown)
    rules = az("servicebus", "namespace", "network-rule-set", "show", "-g", "rg-sb", "--namespace-name", "sbns-az")
    assert (rules["defaultAction"], rules["ipRules"], rules["publicNetworkAccess"]) == ("Allow", [], "Enabled")
    added = az("servicebus", "namespace", "network-rule-set", "ip-rule", "add", "-g", "rg-sb", "--namespace-name",
               "sbns-az", "--ip-rule", "ip-address=4.4.4.4", "action=Allow")
    assert added["ipRules"] == [{"action": "Allow", "ipMask": "4.4.4.4"}]
    queue = az("servicebus", "queue", "create", "-g", "rg-sb", "--namespace-name", "sbns-az", "-n", "jobs")
    assert queue["maxDeliveryCount"] == 10 and queue["name"] == "jobs"
    rule_set = sandbox.get_resource(_ns_id(sandbox, "Microsoft.ServiceBus", "sbns-az", "rg-sb") + "/networkRuleSets/default")
    assert rule_set["properties"]["ipRules"] == [{"ipMask": "4.4.4.4", "action": "Allow"}]


def test_az_eventhubs(sandbox, az_cli):
    az = az_cli.json
    az("group", "create", "-n", "rg-eh", "-l", "eastus2")
    az("eventhubs", "namespace", "create", "-g", "rg-eh", "-n", "ehns-az", "--sku", "Standard")
    shown = az("eventhubs", "namespace", "show", "-g", "rg-eh", "-n", "ehns-az")
    assert (shown["provisioningState"], shown["kafkaEnabled"], shown["sku"]["capacity"]) == ("Succeeded", True, 1)
    keys = az("eventhubs", "namespace", "authorization-rule", "keys", "list", "-g", "rg-eh", "--namespace-name",
              "ehns-az", "--name", "RootManageSharedAccessKey")
    assert keys["primaryConnectionString"] == _conn("ehns-az", "RootManageSharedAccessKey", keys["primaryKey"])
    hub = az("eventhubs", "eventhub", "create", "-g", "rg-eh", "--namespace-name", "ehns-az", "-n", "hub1")
    assert hub["partitionCount"] == 4 and hub["status"] == "Active"
    calls = [r for r in sandbox.requests if "/Microsoft.EventHub/" in r["path"]]
    assert calls and {r["api_version"] for r in calls} == {"2026-07-01-preview"}


# ---------------------------------------------------------------------------------------------- recorded facts
def _world(sb):
    sub = sb.subscription_id
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg", {"location": "westus"})
    for provider, name, loc in (("Microsoft.ServiceBus", "sbns-fact", "westus"), ("Microsoft.EventHub", "ehns-fact", "eastus2")):
        sb.put_resource(_ns_id(sb, provider, name), {"location": loc})
        rule = "AuthorizationRules" if provider.endswith("ServiceBus") else "authorizationRules"
        sb.put_resource(_ns_id(sb, provider, name) + f"/{rule}/app", {"properties": {"rights": ["Listen"]}})
    return {"subscription": sub, "resourceGroup": "rg", "namespace": "sbns-fact", "rule": "app", "entity": "ent1",
            "location": "westus"}


def _keys(resp, body):
    assert KEY_RE.match(body["primaryKey"]) and KEY_RE.match(body["secondaryKey"])
    assert body["primaryConnectionString"] == _conn(body["primaryConnectionString"].split("//")[1].split(".")[0],
                                                    body["keyName"], body["primaryKey"])


def _created(resp, body):
    assert (body["properties"]["provisioningState"], body["properties"]["status"]) == ("Created", "Activating")
    assert not {"azure-asyncoperation", "location"} & {k.lower() for k in resp.headers}


def _fresh_rules(resp, body):
    assert body["properties"] == {"publicNetworkAccess": "Enabled", "defaultAction": "Allow",
                                  "virtualNetworkRules": [], "ipRules": []}


def _root_rule(resp, body):
    assert {"RootManageSharedAccessKey": ["Listen", "Manage", "Send"]}.items() <= \
        {r["name"]: r["properties"]["rights"] for r in body["value"]}.items()


def _sb_monitor(resp, body):
    assert re.search(r"/providers/Microsoft\.ServiceBus/namespaces/sbns-fact/operationresults/sbns-fact\?api-version=",
                     resp.headers["Location"])


def _eh_monitor(resp, body):
    assert re.search(r"/resourcegroups/rg/providers/Microsoft\.EventHub/locations/eastus2/operationStatus/ehns-fact"
                     r"\?api-version=2022-01-01-preview&resourceType=Namespace$", resp.headers["Location"])


def _no_body(resp, body):
    assert resp.content == b""


# (operation, status) -> (namespace, prepare(sb, values) or None, checks)
def _delete_first(sb, values):
    _raw(sb, "DELETE", _ns_id(sb, "Microsoft.EventHub", "ehns-fact"))


def _delete_rule(sb, values):
    _raw(sb, "DELETE", _ns_id(sb, "Microsoft.EventHub", "ehns-fact") + "/authorizationRules/app")


_CASES = {
    ("servicebus.namespaces.begin_create_or_update", 200): ("sbns-new", None, [_created]),
    ("servicebus.namespaces.begin_create_or_update", 400): ("1-bad", None, []),
    ("servicebus.namespaces.get", 200): ("sbns-fact", None, []),
    ("servicebus.namespaces.begin_delete", 202): ("sbns-fact", None, [_sb_monitor, _no_body]),
    ("servicebus.namespaces.list_authorization_rules", 200): ("sbns-fact", None, [_root_rule]),
    ("servicebus.namespaces.create_or_update_authorization_rule", 200): ("sbns-fact", None, []),
    ("servicebus.namespaces.list_keys", 200): ("sbns-fact", None, [_keys]),
    ("servicebus.namespaces.regenerate_keys", 200): ("sbns-fact", None, [_keys]),
    ("servicebus.namespaces.get_network_rule_set", 200): ("sbns-fact", None, [_fresh_rules]),
    ("servicebus.namespaces.create_or_update_network_rule_set", 200): ("sbns-fact", None, []),
    ("servicebus.queues.create_or_update", 200): ("sbns-fact", None, []),
    ("servicebus.topics.create_or_update", 200): ("sbns-fact", None, []),
    ("eventhub.namespaces.begin_create_or_update", 200): ("ehns-new", None, [_created]),
    ("eventhub.namespaces.begin_delete", 202): ("ehns-fact", None, [_eh_monitor, _no_body]),
    ("eventhub.namespaces.delete_monitor", 204): ("ehns-fact", _delete_first, [_no_body]),
    ("eventhub.namespaces.get", 404): ("ehns-fact", _delete_first, []),
    ("eventhub.namespaces.create_or_update_authorization_rule", 200): ("ehns-fact", None, []),
    ("eventhub.namespaces.get_authorization_rule", 404): ("ehns-fact", _delete_rule, []),
    ("eventhub.namespaces.list_keys", 200): ("ehns-fact", None, [_keys]),
    ("eventhub.event_hubs.create_or_update", 200): ("ehns-fact", None, []),
}


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.api_version}")
def test_recorded_fact(sandbox, rec):
    polls = sandbox.operations.polls
    if rec.operation.endswith("delete_monitor"):
        sandbox.operations.polls = 0          # the fact is the monitor's answer once the delete has finished
    try:
        _replay(sandbox, rec)
    finally:
        sandbox.operations.polls = polls


def _replay(sandbox, rec):
    values = _world(sandbox)
    values["namespace"], prepare, checks = _CASES[(rec.operation, rec.status)]
    if values["namespace"].startswith("ehns"):
        values["location"] = "eastus2"
    if prepare:
        prepare(sandbox, values)
    resp = _raw(sandbox, rec.method, fill(rec.path, values), fill(copy.deepcopy(rec.request_body), values), rec.api_version)
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
