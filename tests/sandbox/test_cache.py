"""Microsoft.Cache: Azure Cache for Redis through the pinned azure-mgmt-redis SDK and the real `az redis`, Redis
Enterprise / Azure Managed Redis through raw REST (no SDK is pinned), and each fact of recorded_cache.RECORDED
replayed against the sandbox."""
import copy
import json

import pytest
import requests
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.redis import RedisManagementClient
from azure.mgmt.redis.models import (
    RedisCacheAccessPolicy, RedisCacheAccessPolicyAssignment, RedisCommonPropertiesRedisConfiguration,
    RedisCreateParameters, RedisFirewallRule, RedisRegenerateKeyParameters, RedisUpdateParameters, Sku)

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_cache import RECORDED

FAST = {"polling_interval": 0.01}
API = "2024-11-01"
API_RE = "2025-07-01"
OID = "6497c918-11ad-41e7-1b0f-7c518a87d0b0"


@pytest.fixture
def redis(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "westeurope"})
    return RedisManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                                 connection_verify=sb.ca_bundle, retry_total=0)


def _cache_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.Cache/redis/{name}"


def _cluster_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.Cache/redisEnterprise/{name}"


def _raw(sb, method, path, body=None, api_version=API):
    return raw(sb, method, path, body, api_version, quote_path=True)


def _follow(sb, url):
    return requests.get(url, verify=sb.ca_bundle, headers={"Authorization": "Bearer " + sb.issue_token()[0]},
                        timeout=30)


def _premium(aad=None, **kw):
    config = RedisCommonPropertiesRedisConfiguration(aad_enabled=aad) if aad else None
    return RedisCreateParameters(location="westeurope", sku=Sku(name="Premium", family="P", capacity=1),
                                 redis_configuration=config, **kw)


def _create(redis, name, **kw):
    return redis.redis.begin_create("rg", name, _premium(**kw), **FAST).result()


# ---------------------------------------------------------------------------------- SDK: cache, keys, lists
def test_create_through_poller_hides_keys_on_get(redis, quick_lro):
    made = _create(redis, "cache1", aad="true", tags={"env": "test"})
    assert made.provisioning_state == "Succeeded" and made.location == "West Europe"
    assert made.host_name == "cache1.redis.cache.windows.net" and (made.port, made.ssl_port) == (6379, 6380)
    assert made.enable_non_ssl_port is False and made.public_network_access == "Enabled"
    assert made.redis_configuration.aad_enabled == "true" and made.access_keys is None
    assert made.sku.name == "Premium" and made.sku.family == "P" and made.sku.capacity == 1
    assert [i.is_primary for i in made.instances] == [True, False] and made.tags == {"env": "test"}
    assert quick_lro.get_resource(_cache_id(quick_lro, "cache1"))["properties"]["accessKeys"] is None
    kinds = [(r["method"], r["path"].rsplit("/", 2)[-2]) for r in quick_lro.requests]
    assert ("GET", "asyncOperations") in kinds          # the poller went through the RP's own monitor


def test_list_and_regenerate_keys(redis, quick_lro):
    _create(redis, "cache1")
    keys = redis.redis.list_keys("rg", "cache1")
    assert len(keys.primary_key) == 44 and keys.primary_key != keys.secondary_key
    fresh = redis.redis.regenerate_key("rg", "cache1", RedisRegenerateKeyParameters(key_type="Secondary"))
    assert fresh.primary_key == keys.primary_key and fresh.secondary_key != keys.secondary_key
    assert redis.redis.list_keys("rg", "cache1").secondary_key == fresh.secondary_key
    assert redis.redis.get("rg", "cache1").access_keys is None
    bad = _raw(quick_lro, "POST", _cache_id(quick_lro, "cache1") + "/regenerateKey", {"keyType": "Tertiary"})
    assert bad.status_code == 400


def test_put_answer_shows_keys_list_keys_returns_them(redis, quick_lro):
    sb = quick_lro
    made = _raw(sb, "PUT", _cache_id(sb, "cache2"), {"location": "westus", "properties": {
        "sku": {"name": "Basic", "family": "C", "capacity": 0}}})
    assert made.status_code == 201 and made.json()["properties"]["provisioningState"] == "Creating"
    shown = made.json()["properties"]["accessKeys"]
    keys = redis.redis.list_keys("rg", "cache2")
    assert shown == {"primaryKey": keys.primary_key, "secondaryKey": keys.secondary_key}
    assert "/locations/West%20US/asyncOperations/" in made.headers["Azure-AsyncOperation"]
    assert made.headers["Location"].split("?")[0].endswith("/providers/Microsoft.Cache/redis/cache2")
    basic = _raw(sb, "GET", _cache_id(sb, "cache2")).json()["properties"]
    assert len(basic["instances"]) == 1 and "replicasPerMaster" not in basic
    assert basic["redisConfiguration"]["maxmemory-reserved"] == "30" and basic["redisConfiguration"]["maxclients"] == "256"
    again = _raw(sb, "PUT", _cache_id(sb, "cache2"), {"location": "westus", "properties": {
        "sku": {"name": "Basic", "family": "C", "capacity": 0}, "enableNonSslPort": True}})
    assert again.status_code == 200 and again.json()["properties"]["accessKeys"]["primaryKey"] == shown["primaryKey"]
    assert "Azure-AsyncOperation" not in again.headers


def test_lists_update_and_aad_change(redis, quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg2", {"location": "eastus"})
    _create(redis, "cache1", aad="true", tags={"a": "1"})
    redis.redis.begin_create("rg2", "cache3", _premium(), **FAST).result()
    assert [c.name for c in redis.redis.list_by_resource_group("rg")] == ["cache1"]
    assert sorted(c.name for c in redis.redis.list_by_subscription()) == ["cache1", "cache3"]
    assert all(c.access_keys is None for c in redis.redis.list_by_subscription())
    updated = redis.redis.begin_update("rg", "cache1", RedisUpdateParameters(tags={"b": "2"}), **FAST).result()
    assert updated.tags == {"b": "2"} and updated.redis_configuration.aad_enabled == "true"   # tags replaced
    patched = _raw(sb, "PATCH", _cache_id(sb, "cache1"), {"properties": {"redisConfiguration": {"aad-enabled": "False"}}})
    assert patched.status_code == 202 and "asyncOperations" in patched.headers["Azure-AsyncOperation"]
    body = patched.json()["properties"]
    assert body["provisioningState"] == "ConfiguringAAD" and body["redisConfiguration"]["aad-enabled"] == "true"
    assert body["accessKeys"] is None
    after = redis.redis.get("rg", "cache1")
    assert after.redis_configuration.aad_enabled == "False" and after.redis_configuration.maxclients == "7500"
    back = redis.redis.begin_update("rg", "cache1", RedisUpdateParameters(
        redis_configuration=RedisCommonPropertiesRedisConfiguration(aad_enabled="true")), **FAST).result()
    assert back.redis_configuration.aad_enabled == "true" and back.provisioning_state == "Succeeded"


def test_delete_is_a_location_lro_and_removes_children(redis, quick_lro):
    sb = quick_lro
    _create(redis, "cache1")
    redis.firewall_rules.create_or_update("rg", "cache1", "r1", RedisFirewallRule(start_ip="1.1.1.1", end_ip="1.1.1.1"))
    started = _raw(sb, "DELETE", _cache_id(sb, "cache1"))
    assert started.status_code == 202 and "Azure-AsyncOperation" not in started.headers
    assert "/locations/West%20Europe/operationresults/" in started.headers["Location"]
    running = _follow(sb, started.headers["Location"])
    assert running.status_code == 202 and running.json()["status"] == "InProgress"
    done = _follow(sb, running.headers["Location"])
    assert done.status_code == 200 and done.json()["status"] == "Succeeded"
    with pytest.raises(ResourceNotFoundError) as err:
        redis.redis.get("rg", "cache1")
    assert "Microsoft.Cache/Redis/cache1" in str(err.value)
    assert sb.get_resource(_cache_id(sb, "cache1") + "/firewallRules/r1") is None
    assert _raw(sb, "DELETE", _cache_id(sb, "cache1")).status_code == 204
    _create(redis, "cache9")
    redis.redis.begin_delete("rg", "cache9", **FAST).result()
    assert [c.name for c in redis.redis.list_by_resource_group("rg")] == []


# ---------------------------------------------------------------------------------- firewall rules
def test_firewall_rules(redis, quick_lro):
    sb = quick_lro
    _create(redis, "cache1")
    made = redis.firewall_rules.create_or_update("rg", "cache1", "office",
                                                 RedisFirewallRule(start_ip="10.0.0.1", end_ip="10.0.0.9"))
    assert made.name == "cache1/office" and made.type == "Microsoft.Cache/redis/firewallRules"
    redis.firewall_rules.create_or_update("rg", "cache1", "home", RedisFirewallRule(start_ip="1.2.3.4", end_ip="1.2.3.4"))
    replaced = redis.firewall_rules.create_or_update("rg", "cache1", "office",
                                                     RedisFirewallRule(start_ip="10.0.0.5", end_ip="10.0.0.6"))
    assert (replaced.start_ip, replaced.end_ip) == ("10.0.0.5", "10.0.0.6")
    rules = {r.name: (r.type, r.start_ip) for r in redis.firewall_rules.list("rg", "cache1")}
    assert rules == {"cache1/home": ("Microsoft.Cache/Redis/firewallRules", "1.2.3.4"),
                     "cache1/office": ("Microsoft.Cache/Redis/firewallRules", "10.0.0.5")}
    got = redis.firewall_rules.get("rg", "CACHE1", "Office")                      # ids are case-insensitive
    assert got.id == _cache_id(sb, "cache1").replace("/redis/", "/Redis/") + "/firewallRules/office"
    redis.firewall_rules.delete("rg", "cache1", "office")
    with pytest.raises(ResourceNotFoundError):
        redis.firewall_rules.get("rg", "cache1", "office")
    assert _raw(sb, "DELETE", _cache_id(sb, "cache1") + "/firewallRules/office").status_code == 204
    with pytest.raises(ResourceNotFoundError) as err:
        redis.firewall_rules.list("rg", "nocache").next()
    assert "nocache" in str(err.value)


# ---------------------------------------------------------------------------------- Entra data access
def test_access_policies_and_assignments(redis, quick_lro):
    sb = quick_lro
    _create(redis, "cache1", aad="true")
    built_in = {p.name: (p.permissions, p.type_properties_type) for p in redis.access_policy.list("rg", "cache1")}
    assert built_in == {"Data Owner": ("+@all allkeys", "BuiltIn"),
                        "Data Contributor": ("+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots allkeys",
                                             "BuiltIn"),
                        "Data Reader": ("+@read +@connection +cluster|info +cluster|nodes +cluster|slots allkeys",
                                        "BuiltIn")}
    assert redis.access_policy.get("rg", "cache1", "Data Contributor").id.endswith("/accessPolicies/Data Contributor")
    custom = redis.access_policy.begin_create_update("rg", "cache1", "readers", RedisCacheAccessPolicy(
        permissions="+get +hget"), **FAST).result()
    assert (custom.permissions, custom.type_properties_type) == ("+get +hget allkeys", "Custom")
    assert len(list(redis.access_policy.list("rg", "cache1"))) == 4

    made = redis.access_policy_assignment.begin_create_update("rg", "cache1", "app-owner", RedisCacheAccessPolicyAssignment(
        object_id=OID, object_id_alias="my-app", access_policy_name="Data Owner"), **FAST).result()
    assert (made.provisioning_state, made.access_policy_name, made.object_id) == ("Succeeded", "Data Owner", OID)
    assert made.type == "Microsoft.Cache/Redis/accessPolicyAssignments" and made.name == "app-owner"
    again = redis.access_policy_assignment.begin_create_update("rg", "cache1", "app-owner", RedisCacheAccessPolicyAssignment(
        object_id=OID, object_id_alias="renamed", access_policy_name="readers"), **FAST).result()
    assert (again.object_id_alias, again.access_policy_name) == ("renamed", "readers")
    with pytest.raises(HttpResponseError) as dup:
        redis.access_policy_assignment.begin_create_update("rg", "cache1", "second", RedisCacheAccessPolicyAssignment(
            object_id=OID.upper(), object_id_alias="x", access_policy_name="Data Reader"), **FAST)
    assert dup.value.status_code == 400 and "duplicate entries" in str(dup.value)
    with pytest.raises(HttpResponseError) as unknown:
        redis.access_policy_assignment.begin_create_update("rg", "cache1", "third", RedisCacheAccessPolicyAssignment(
            object_id="00000000-1111-2222-3333-444444444444", object_id_alias="x", access_policy_name="Nope"), **FAST)
    assert unknown.value.status_code == 400
    assert [a.name for a in redis.access_policy_assignment.list("rg", "cache1")] == ["app-owner"]

    redis.access_policy_assignment.begin_delete("rg", "cache1", "app-owner", **FAST).result()
    assert list(redis.access_policy_assignment.list("rg", "cache1")) == []
    with pytest.raises(ResourceNotFoundError):
        redis.access_policy_assignment.get("rg", "cache1", "app-owner")
    redis.access_policy.begin_delete("rg", "cache1", "readers", **FAST).result()
    assert len(list(redis.access_policy.list("rg", "cache1"))) == 3
    gone = _raw(sb, "DELETE", _cache_id(sb, "cache1") + "/accessPolicyAssignments/app-owner")
    assert gone.status_code == 204


# ---------------------------------------------------------------------------------- redisEnterprise (raw REST)
def _run_to_end(sb, resp):
    """Poll an operationsStatus monitor until it says Succeeded; return the last monitor body."""
    for _ in range(5):
        body = _follow(sb, resp.headers["Azure-AsyncOperation"]).json()
        if body["status"] == "Succeeded":
            return body
    raise AssertionError(body)


def test_redis_enterprise_cluster_database_keys(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    cluster = _cluster_id(sb, "amr1")
    made = _raw(sb, "PUT", cluster, {"location": "eastus", "sku": {"name": "Enterprise_E10", "capacity": 2},
                                     "properties": {"minimumTlsVersion": "1.2"}}, API_RE)
    assert made.status_code == 201 and made.json()["properties"]["resourceState"] == "Creating"
    assert "/locations/East%20US/operationsStatus/" in made.headers["Azure-AsyncOperation"]
    assert set(_run_to_end(sb, made)) == {"id", "name", "status", "startTime", "endTime"}
    got = _raw(sb, "GET", cluster, api_version=API_RE).json()
    assert got["properties"]["hostName"] == "amr1.eastus.redisenterprise.cache.azure.net"
    assert got["location"] == "East US" and got["identity"] == {"type": "None"}

    db = _raw(sb, "PUT", cluster + "/databases/default", {"properties": {"clientProtocol": "Encrypted",
                                                                         "modules": [{"name": "RediSearch"}]}}, API_RE)
    assert db.status_code == 201 and db.json()["name"] == "default"
    _run_to_end(sb, db)
    props = _raw(sb, "GET", cluster + "/databases/default", api_version=API_RE).json()["properties"]
    assert (props["port"], props["clientProtocol"], props["provisioningState"]) == (10000, "Encrypted", "Succeeded")
    assert props["modules"] == [{"name": "RediSearch", "args": "", "version": "2.6.16"}]
    keys = _raw(sb, "POST", cluster + "/databases/default/listKeys", api_version=API_RE).json()
    assert set(keys) == {"primaryKey", "secondaryKey"} and "primaryKey" not in json.dumps(props)
    new = _raw(sb, "POST", cluster + "/databases/default/regenerateKey", {"keyType": "Primary"}, API_RE).json()
    assert new["primaryKey"] != keys["primaryKey"] and new["secondaryKey"] == keys["secondaryKey"]
    listed = _raw(sb, "GET", cluster + "/databases", api_version=API_RE).json()["value"]
    assert [d["name"] for d in listed] == ["default"]

    assignment = cluster + "/databases/default/accessPolicyAssignments/app1"
    bad = _raw(sb, "PUT", assignment, {"properties": {"accessPolicyName": "Data Owner", "user": {"objectId": OID}}},
               API_RE)
    assert bad.status_code == 400
    ok = _raw(sb, "PUT", assignment, {"properties": {"accessPolicyName": "default", "user": {"objectId": OID}}}, API_RE)
    assert ok.status_code == 201 and ok.json()["properties"]["provisioningState"] == "Updating"
    _run_to_end(sb, ok)
    assert _raw(sb, "GET", assignment, api_version=API_RE).json()["properties"]["user"] == {"objectId": OID}

    amr = _raw(sb, "PUT", _cluster_id(sb, "amr2"), {"location": "westeurope", "sku": {"name": "Balanced_B1"}}, API_RE)
    assert amr.json()["properties"]["hostName"] == "amr2.westeurope.redis.azure.net"
    deleted = _raw(sb, "DELETE", cluster, api_version=API_RE)
    assert deleted.status_code == 202 and "operationsStatus" in deleted.headers["Location"]
    assert _raw(sb, "GET", cluster + "/databases/default", api_version=API_RE).status_code == 404
    missing = _raw(sb, "PUT", _cluster_id(sb, "nope") + "/databases/default", {"properties": {}}, API_RE)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceNotFound"


# ---------------------------------------------------------------------------------- the real az
def test_az_redis(sandbox, az_cli):
    az = az_cli.json
    az("group", "create", "-n", "rg-redis", "-l", "westeurope")
    made = az("redis", "create", "-n", "azcache", "-g", "rg-redis", "-l", "westeurope", "--sku", "Basic",
              "--vm-size", "c0")
    assert made["provisioningState"] == "Succeeded" and made["hostName"] == "azcache.redis.cache.windows.net"
    assert made["accessKeys"] is None and made["location"] == "West Europe"
    shown = az("redis", "show", "-n", "azcache", "-g", "rg-redis")
    assert (shown["sku"]["name"], shown["sku"]["family"], shown["sku"]["capacity"]) == ("Basic", "C", 0)
    keys = az("redis", "list-keys", "-n", "azcache", "-g", "rg-redis")
    stored = sandbox.store.get(_cache_id(sandbox, "azcache", "rg-redis"))["private"]
    assert keys == {"primaryKey": stored["primaryKey"], "secondaryKey": stored["secondaryKey"]}
    rule = az("redis", "firewall-rules", "create", "-n", "azcache", "-g", "rg-redis", "--rule-name", "office",
              "--start-ip", "10.0.0.1", "--end-ip", "10.0.0.2")
    assert rule["name"] == "azcache/office" and rule["startIp"] == "10.0.0.1"
    rules = az("redis", "firewall-rules", "list", "-n", "azcache", "-g", "rg-redis")
    assert [(r["name"], r["endIp"]) for r in rules] == [("azcache/office", "10.0.0.2")]
    assignment = az("redis", "access-policy-assignment", "create", "-n", "azcache", "-g", "rg-redis",
                    "--policy-assignment-name", "app1", "--access-policy-name", "Data Contributor",
                    "--object-id", OID, "--object-id-alias", "my-app")
    assert (assignment["accessPolicyName"], assignment["provisioningState"]) == ("Data Contributor", "Succeeded")
    listed = az("redis", "access-policy-assignment", "list", "-n", "azcache", "-g", "rg-redis")
    assert [(a["name"], a["objectId"]) for a in listed] == [("app1", OID)]
    policies = az("redis", "access-policy", "list", "-n", "azcache", "-g", "rg-redis")
    assert [p["name"] for p in policies] == ["Data Owner", "Data Contributor", "Data Reader"]
    missing = az_cli.run("redis", "show", "-n", "nocache", "-g", "rg-redis")
    assert missing.returncode != 0 and "ResourceNotFound" in missing.stderr


# ---------------------------------------------------------------------------------- recorded facts
def _world(sb):
    sub = sb.subscription_id
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg", {"location": "westeurope"})
    sb.put_resource(_cache_id(sb, "cache"), copy.deepcopy(RECORDED[0].request_body))
    sb.call("PUT", _cache_id(sb, "cache") + "/firewallRules/existing",
            {"properties": {"startIP": "127.0.0.1", "endIP": "127.0.0.1"}})
    sb.call("PUT", _cache_id(sb, "cache") + "/accessPolicies/custom", {"properties": {"permissions": "+get"}})
    sb.call("PUT", _cache_id(sb, "cache") + "/accessPolicyAssignments/existing", {"properties": {
        "objectId": "a8263550-d587-4433-9eff-64020dd56c13", "objectIdAlias": "kj", "accessPolicyName": "Data Owner"}})
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.Cache/redisEnterprise/cluster",
                    {"location": "eastus", "sku": {"name": "Enterprise_E10", "capacity": 2}})
    sb.call("PUT", _cluster_id(sb, "cluster") + "/databases/default", {"properties": {}}, API_RE)
    return {"subscription": sub, "resourceGroup": "rg", "name": "cache", "rule": "existing", "policy": "custom",
            "assignment": "existing", "displayLocation": "West Europe"}


def _monitor_id(resp, header):
    return resp.headers[header].split("?")[0].rsplit("/", 1)[1]


# operation -> (name values, setup(sb, values) run before the request, checks on (response, body))
def _creating(resp, body):
    assert body["properties"]["provisioningState"] == "Creating" and body["location"] == "West Europe"
    assert "/locations/West%20Europe/asyncOperations/" in resp.headers["Azure-AsyncOperation"]
    assert body["properties"]["hostName"] == "newcache.redis.cache.windows.net"


def _null_status(resp, body):
    assert all(body[k] is None for k in ("startTime", "endTime", "percentComplete", "properties", "error"))
    assert body["status"] in ("InProgress", "Succeeded") and " " in body["id"]


def _keys_hidden(resp, body):
    assert body["properties"]["accessKeys"] is None and body["properties"]["provisioningState"] == "Succeeded"


def _list_hidden(resp, body):
    assert [c["properties"]["accessKeys"] for c in body["value"]] == [None]


def _sync_patch(resp, body):
    assert "Azure-AsyncOperation" not in resp.headers and body["properties"]["accessKeys"] is None
    assert body["properties"]["disableAccessKeyAuthentication"] is False


def _aad_patch(resp, body):
    assert body["properties"]["provisioningState"] == "ConfiguringAAD"
    assert body["properties"]["redisConfiguration"]["aad-enabled"] == "true"


def _delete_started(resp, body):
    assert "Azure-AsyncOperation" not in resp.headers and "/operationresults/" in resp.headers["Location"]
    assert not resp.content


def _rule_put(resp, body):
    assert body["name"] == "cache/new" and body["type"] == "Microsoft.Cache/redis/firewallRules"
    assert resp.headers["Location"].split("?")[0].endswith("/firewallRules/new")


def _rule_list(resp, body):
    assert [(r["name"], r["type"]) for r in body["value"]] == [("cache/existing", "Microsoft.Cache/Redis/firewallRules")]


def _builtins(resp, body):
    names = [(p["name"], p["properties"]["type"]) for p in body["value"]]
    assert names[:3] == [("Data Owner", "BuiltIn"), ("Data Contributor", "BuiltIn"), ("Data Reader", "BuiltIn")]
    assert body["value"][0]["properties"]["permissions"] == "+@all allkeys"


def _custom(resp, body):
    assert (body["properties"]["permissions"], body["properties"]["type"]) == ("+get allkeys", "Custom")


def _both_headers_monitor(resp, body):
    assert resp.headers["Location"] == resp.headers["Azure-AsyncOperation"] and "asyncOperations" in resp.headers["Location"]


def _updating(resp, body):
    _both_headers_monitor(resp, body)
    assert body["properties"]["provisioningState"] == "Updating"


def _dup(resp, body):
    assert "duplicate entries" in body["error"]["message"]


def _empty(resp, body):
    assert body == {"value": []}


def _re_creating(resp, body):
    assert body["properties"]["hostName"] == "newcluster.eastus.redisenterprise.cache.azure.net"
    assert body["identity"] == {"type": "None"} and body["location"] == "East US"


def _db_creating(resp, body):
    assert body["name"] == "default" and body["properties"]["port"] == 10000
    assert body["properties"]["provisioningState"] == "Creating"


def _start_cache(sb, values):
    started = _raw(sb, "PUT", _cache_id(sb, "polled"), copy.deepcopy(RECORDED[0].request_body))
    values["operationId"] = _monitor_id(started, "Azure-AsyncOperation")


def _start_delete(sb, values):
    sb.put_resource(_cache_id(sb, "doomed"), copy.deepcopy(RECORDED[0].request_body))
    started = _raw(sb, "DELETE", _cache_id(sb, "doomed"))
    values["operationId"] = started.headers["Location"].split("?")[0].rsplit("/", 1)[1]


def _start_cluster(sb, values):
    started = _raw(sb, "PUT", _cluster_id(sb, "polled"), {"location": "westeurope",
                                                          "sku": {"name": "Enterprise_E10", "capacity": 2}}, API_RE)
    values["operationId"] = _monitor_id(started, "Azure-AsyncOperation")


def _clear_assignments(sb, values):
    sb.call("DELETE", _cache_id(sb, "cache") + "/accessPolicyAssignments/existing")


_CASES = {
    ("redis.redis.create", 201): ({"name": "newcache"}, None, [_creating]),
    ("redis.async_operation_status.get", 200): ({}, _start_cache, [_null_status]),
    ("redis.redis.get", 200): ({}, None, [_keys_hidden]),
    ("redis.redis.get", 404): ({"name": "nocache"}, None, []),
    ("redis.redis.list_by_resource_group", 200): ({}, None, [_list_hidden]),
    ("redis.redis.list_keys", 200): ({}, None, []),
    ("redis.redis.regenerate_key", 200): ({}, None, []),
    ("redis.redis.update", 200): ({}, None, [_sync_patch]),
    ("redis.redis.update", 202): ({}, None, [_aad_patch]),
    ("redis.redis.delete", 202): ({}, None, [_delete_started]),
    ("redis.redis.delete(monitor)", 202): ({}, _start_delete, []),
    ("redis.firewall_rules.create_or_update", 201): ({"rule": "new"}, None, [_rule_put]),
    ("redis.firewall_rules.create_or_update", 200): ({}, None, []),
    ("redis.firewall_rules.list", 200): ({}, None, [_rule_list]),
    ("redis.firewall_rules.delete", 200): ({}, None, []),
    ("redis.access_policy.list", 200): ({}, None, [_builtins]),
    ("redis.access_policy.get", 200): ({}, None, [_custom]),
    ("redis.access_policy.delete", 202): ({}, None, [_both_headers_monitor]),
    ("redis.access_policy_assignment.create_update", 201): ({"assignment": "new"}, _clear_assignments, [_updating]),
    ("redis.access_policy_assignment.get", 200): ({}, None, []),
    ("redis.access_policy_assignment.create_update", 400): ({}, None, [_dup]),
    ("redis.access_policy_assignment.list", 200): ({}, _clear_assignments, [_empty]),
    ("redisenterprise.create", 201): ({"name": "newcluster"}, None, [_re_creating]),
    ("redisenterprise.operations_status.get", 200): ({"displayLocation": "West Europe"}, _start_cluster, []),
    ("redisenterprise.databases.create", 201): ({"name": "newcluster2"}, None, [_db_creating]),
    ("redisenterprise.databases.list_keys", 200): ({"name": "cluster"}, None, []),
}


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.error_code or ''}")
def test_recorded_fact(sandbox, rec):
    values = _world(sandbox)
    overrides, setup, checks = _CASES[(rec.operation, rec.status)]
    values.update(overrides)
    if rec.operation == "redisenterprise.databases.create":
        sandbox.put_resource(_cluster_id(sandbox, "newcluster2"), {"location": "eastus", "sku": {"name": "Enterprise_E10"}})
    if setup:
        setup(sandbox, values)
    path = fill(rec.path, values)
    resp = _raw(sandbox, rec.method, path, fill(copy.deepcopy(rec.request_body), values), rec.api_version)
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
