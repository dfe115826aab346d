"""Microsoft.Cache: Azure Cache for Redis (`redis`, api-version 2024-11-01, what the pinned azure-mgmt-redis
14.5.0 sends) and Azure Managed Redis / Redis Enterprise (`redisEnterprise`, stable 2025-07-01; azure-cli 2.91.0
has no SDK for it, clients use raw REST). Facts and their sources: tests/sandbox/recorded_cache.py.

redis (recordings of azure-cli's redis tests and the .NET SDK's session records):
- PUT create = 201, provisioningState "Creating", `accessKeys` {primaryKey, secondaryKey} IN the answer,
  Azure-AsyncOperation .../providers/Microsoft.Cache/locations/{Display Name}/asyncOperations/{id} and Location =
  the cache's own URL; the monitor answers {id, name, status, startTime: null, endTime: null, percentComplete: null,
  properties: null, error: null}; the poller then GETs the cache. Bodies carry the display location ("West US").
- GET, lists and PATCH answers show `"accessKeys": null`; keys come from POST listKeys / regenerateKey only.
- PATCH = 200 at once; a change of redisConfiguration.aad-enabled = 202 + Azure-AsyncOperation with the OLD body in
  provisioningState "ConfiguringAAD".
- DELETE = 202 + Location .../locations/{Display Name}/operationresults/{id}; that monitor answers 202
  {id, name, status: InProgress}, then 200 {id, name, status: Succeeded}.
- firewallRules: PUT 201 + Location (own URL) / 200, synchronous; the PUT answer names the type and id with
  "redis" as sent, GET/list with "Redis"; name "{cache}/{rule}"; DELETE 200 empty (204 when absent).
- accessPolicies: three built-ins (Data Owner / Data Contributor / Data Reader, type BuiltIn) on every cache;
  custom ones get " allkeys" appended when they name no keys. accessPolicyAssignments (objectId, objectIdAlias,
  accessPolicyName): PUT 201 "Updating" + Azure-AsyncOperation + Location (both the asyncOperations monitor);
  policy DELETE 202 with the same two headers and no body.
redisEnterprise (azure-cli-extensions redisenterprise recordings, spec 2025-07-01):
- cluster / database PUT = 201 "Creating" + Azure-AsyncOperation .../locations/{Display Name}/operationsStatus/{id}
  (+ Location = own URL); monitor {id, name, status, startTime, endTime}. hostName
  {name}.{region}.redisenterprise.cache.azure.net (Enterprise SKUs, recorded) or {name}.{region}.redis.azure.net
  (Azure Managed Redis SKUs, documented). Database name is "default" (not "{cluster}/default"), port 10000.
Approximations (not recorded): GET during an operation already shows Succeeded; child 404s use ARM's
ResourceNotFound shape; the codes of the assignment errors; enterprise DELETE headers (spec only).
"""
import base64
import copy
import os
import re
from urllib.parse import quote

from ..arm import ArmError, Response, display_location, normalize_location, now_iso, page
from ..router import RG, SUB
from ..tracked import ResourceType, merge_patch, pattern, resource_id, tracked
from . import identity as ident
from .common import require_group, require_subscription

NS = "Microsoft.Cache"
REDIS_TYPE = "Microsoft.Cache/Redis"          # the RP's casing in ids and types (recorded)
RE_TYPE = "Microsoft.Cache/redisEnterprise"
CACHE_RX = RG + r"/providers/microsoft\.cache/redis/(?P<cache>[^/]+)"
DB_RX = RG + r"/providers/microsoft\.cache/redisenterprise/(?P<cluster>[^/]+)/databases/(?P<db>[^/]+)"

# Built-in data access policies every cache has (names, permissions: recorded access-policy list).
BUILT_IN_POLICIES = (
    ("Data Owner", "+@all allkeys"),
    ("Data Contributor", "+@all -@dangerous +cluster|info +cluster|nodes +cluster|slots allkeys"),
    ("Data Reader", "+@read +@connection +cluster|info +cluster|nodes +cluster|slots allkeys"),
)
# Documented max client connections per size; memory reservations only where recorded (C0 from a real cache's
# export, P1 from azure-cli recordings): other sizes omit them rather than invent numbers.
MAX_CLIENTS = {"C0": "256", "C1": "1000", "C2": "2000", "C3": "5000", "C4": "10000", "C5": "15000", "C6": "20000",
               "P1": "7500", "P2": "15000", "P3": "30000", "P4": "40000", "P5": "40000"}
MEMORY_RESERVED = {"C0": "30", "P1": "642"}
READ_ONLY = {"provisioningState", "hostName", "port", "sslPort", "accessKeys", "linkedServers", "instances",
             "privateEndpointConnections", "resourceState"}
MODULE_VERSIONS = {"RedisBloom": "2.4.9", "RedisTimeSeries": "1.8.12", "RediSearch": "2.6.16"}   # recorded


def _key():
    return base64.b64encode(os.urandom(32)).decode()        # 44 characters, as real keys


def _new_keys(req=None, body=None):
    return {"primaryKey": _key(), "secondaryKey": _key()}


def _url(req, path=None):
    return f"{req.base_url}{quote(path or req.path)}?api-version={req.api_version}"


def _not_found(type_path, names, rg):
    """ARM's ResourceNotFound text for a (nested) resource; child answers of this RP are not recorded."""
    parts = type_path.split("/")
    full = parts[0] + "/" + "/".join(f"{t}/{n}" for t, n in zip(parts[1:], names))
    return ArmError(404, "ResourceNotFound", f"The Resource '{full}' under resource group '{rg}' was not found. "
                    "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
                    headers={"x-ms-failure-cause": "gateway"})


def _cache_or_404(req):
    require_group(req)
    rec = req.sandbox.store.get(_cache_path(req))
    if rec is None:
        raise _not_found(REDIS_TYPE, [req.groups["cache"]], req.groups["rg"])
    return rec


def _cache_path(req):
    g = req.groups
    return f"/subscriptions/{g['sub']}/resourceGroups/{g['rg']}/providers/{REDIS_TYPE}/{g['cache']}"


# ------------------------------------------------------------------------------------------ monitors
def _monitor_prefix(req, location, kind):
    sub = req.sandbox.subscription_id
    return f"/subscriptions/{sub}/providers/{NS}/locations/{display_location(location)}/{kind}"


def _async(req, status, body, location, kind="asyncOperations", location_header=None):
    """`status` + body now, plus the RP's own Azure-AsyncOperation monitor (display-name location in the path)."""
    resp = req.sandbox.operations.azure_async(req, status, body, {}, namespace=NS, location=location)
    op_id = resp.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    resp.headers["Azure-AsyncOperation"] = _url(req, f"{_monitor_prefix(req, location, kind)}/{op_id}")
    if location_header == "monitor":
        resp.headers["Location"] = resp.headers["Azure-AsyncOperation"]
    elif location_header == "self":
        resp.headers["Location"] = _url(req)
    return resp


def _poll(req):
    require_subscription(req)
    op, kind = req.groups["op"], req.groups["kind"].lower()
    resp = req.sandbox.operations.poll(req, op)
    running = resp.status == 202 or (isinstance(resp.body, dict) and resp.body.get("status") != "Succeeded")
    status = "InProgress" if running else "Succeeded"
    me = _url(req)
    headers = {k: v for k, v in resp.headers.items() if k.lower() == "retry-after"}
    if kind == "operationresults":                       # redis DELETE (Location style)
        headers.update({"Location": me, "Azure-AsyncOperation": me} if running else {})
        return Response(202 if running else 200, {"id": req.path, "name": op, "status": status}, headers)
    if kind == "operationsstatus":                       # redisEnterprise
        started = (resp.body or {}).get("startTime") or now_iso()
        return Response(200, {"id": req.path, "name": op, "status": status, "startTime": started,
                              "endTime": None if running else now_iso()}, headers)
    headers["Azure-AsyncOperation"] = me
    return Response(200, {"id": req.path, "name": op, "status": status, "startTime": None, "endTime": None,
                          "percentComplete": None, "properties": None, "error": None}, headers)


# ------------------------------------------------------------------------------------------ redis
def _sku(sku):
    sku = copy.deepcopy(sku or {})
    if not sku.get("name"):
        raise ArmError(400, "BadRequest", "The parameter sku is required.")   # code assumed (not recorded)
    sku["name"] = sku["name"][:1].upper() + sku["name"][1:].lower()
    sku["family"] = (sku.get("family") or ("P" if sku["name"] == "Premium" else "C")).upper()
    sku["capacity"] = int(sku.get("capacity") or 0)
    return sku


def _redis_config(sku, given):
    size = f"{sku['family']}{sku['capacity']}"
    config = {}
    if size in MAX_CLIENTS:
        config["maxclients"] = MAX_CLIENTS[size]
    if size in MEMORY_RESERVED:
        for key in ("maxmemory-reserved", "maxfragmentationmemory-reserved", "maxmemory-delta"):
            config[key] = MEMORY_RESERVED[size]
    config.update({k: v for k, v in (given or {}).items() if v is not None})
    return config


def _instances(sku, replicas):
    count = 1 if sku["name"] == "Basic" else 1 + replicas
    return [{"sslPort": 15000 + i, "shardId": 0, "isMaster": i == 0, "isPrimary": i == 0} for i in range(count)]


def _build_redis(req, rid, body, old):
    name = rid.rsplit("/", 1)[1]
    props = copy.deepcopy((old or {}).get("properties") or {})
    props.update({k: copy.deepcopy(v) for k, v in (body.get("properties") or {}).items() if k not in READ_ONLY})
    sku = _sku(props.get("sku"))
    version = str(props.get("redisVersion") or "6")
    replicas = int(props.get("replicasPerPrimary") or props.get("replicasPerMaster") or 1)
    zones = body.get("zones") if "zones" in body else (old or {}).get("zones")
    props.update({
        "provisioningState": "Succeeded",
        "redisVersion": "6.0" if version.lower() in ("6", "latest") else version,
        "sku": sku, "enableNonSslPort": bool(props.get("enableNonSslPort", False)),
        "instances": _instances(sku, replicas),
        "publicNetworkAccess": props.get("publicNetworkAccess") or "Enabled",
        "tenantSettings": props.get("tenantSettings") or {},
        "redisConfiguration": _redis_config(sku, props.get("redisConfiguration")),
        "accessKeys": None,
        "hostName": f"{name}.redis.cache.windows.net", "port": 6379, "sslPort": 6380, "linkedServers": [],
        "updateChannel": props.get("updateChannel") or "Stable",
        "zonalAllocationPolicy": props.get("zonalAllocationPolicy") or ("UserDefined" if zones else "Automatic"),
        "disableAccessKeyAuthentication": bool(props.get("disableAccessKeyAuthentication", False)),
    })
    if sku["name"] == "Basic":
        props.pop("replicasPerMaster", None)
        props.pop("replicasPerPrimary", None)
    else:
        props["replicasPerMaster"] = props["replicasPerPrimary"] = replicas
    location = body.get("location") or (old or {}).get("location")
    out = {"id": rid, "location": display_location(location), "name": name, "type": REDIS_TYPE,
           "tags": copy.deepcopy(body["tags"] if "tags" in body else (old or {}).get("tags")) or {}}
    if zones:
        out["zones"] = list(zones)
    identity = ident.resolve(req, body.get("identity"), (old or {}).get("identity"), merge_users=req.method == "PATCH")
    if identity:
        out["identity"] = identity
    out["properties"] = props
    return out


def _with_keys(body, private):
    shown = copy.deepcopy(body)
    shown["properties"]["accessKeys"] = {"primaryKey": private["primaryKey"], "secondaryKey": private["secondaryKey"]}
    return shown


def _put_redis(req):
    require_group(req)
    body = req.json()
    if not body.get("location"):
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    rid = resource_id(req, REDIS)
    out = _build_redis(req, rid, body, existing and existing["body"])
    private = existing["private"] if existing else _new_keys()
    store.put(rid, out, private)
    shown = _with_keys(out, private)                 # the one answer besides listKeys that shows the keys
    if existing:
        return Response(200, shown)                  # spec (RedisCacheCreate.json 200); not recorded
    shown["properties"]["provisioningState"] = "Creating"
    return _async(req, 201, shown, out["location"], location_header="self")


def _aad(body):
    return str((body["properties"].get("redisConfiguration") or {}).get("aad-enabled", "")).lower()


def _patch_redis(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        raise _not_found(REDIS_TYPE, [req.groups["n0"]], req.groups["rg"])
    patch = req.json()
    merged = merge_patch(rec["body"], {k: v for k, v in patch.items() if k != "identity"})
    merged.pop("identity", None)                     # absent = unchanged (resolve() keeps the stored one)
    if "identity" in patch:
        merged["identity"] = patch["identity"]
    out = _build_redis(req, rec["id"], merged, rec["body"])
    store.put(rec["id"], out)
    if _aad(out) != _aad(rec["body"]):
        # Recorded: 202, the body as it was, provisioningState ConfiguringAAD, monitor in Azure-AsyncOperation.
        before = copy.deepcopy(rec["body"])
        before["properties"]["provisioningState"] = "ConfiguringAAD"
        return _async(req, 202, before, out["location"])
    return Response(200, out)


def _delete_redis(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)
    store.delete_tree(rec["id"])
    prefix = quote(_monitor_prefix(req, rec["body"]["location"], "operationresults"))
    resp = req.sandbox.operations.location(req, lambda: Response(200, None), path=prefix)
    return resp


def _list_keys(req, rec):
    return Response(200, {k: rec["private"][k] for k in ("primaryKey", "secondaryKey")})


def _regenerate(req, rec):
    kind = str(req.json().get("keyType") or "").lower()
    if kind not in ("primary", "secondary"):
        raise ArmError(400, "BadRequest", "The parameter keyType must be Primary or Secondary.")   # assumed
    rec["private"][f"{kind}Key"] = _key()
    req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
    return _list_keys(req, rec)


REDIS = ResourceType(REDIS_TYPE, build=_build_redis, actions={"listKeys": _list_keys, "regenerateKey": _regenerate},
                     private=_new_keys,
                     not_found=lambda req: _not_found(REDIS_TYPE, [req.groups["n0"]], req.groups["rg"]))


# ------------------------------------------------------------------------------------------ firewall rules
def _build_rule(req, rid, body, old):
    cache, rule = rid.split("/")[-3], rid.split("/")[-1]
    props = body.get("properties") or {}
    return {"id": rid, "name": f"{cache}/{rule}", "type": f"{REDIS_TYPE}/firewallRules",
            "properties": {"startIP": props.get("startIP"), "endIP": props.get("endIP")}}


FIREWALL = ResourceType(
    f"{REDIS_TYPE}/firewallRules", build=_build_rule,
    not_found=lambda req: _not_found(f"{REDIS_TYPE}/firewallRules", [req.groups["n0"], req.groups["n1"]],
                                     req.groups["rg"]))


def _put_rule(req):
    _cache_or_404_for(req, "n0")
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    rid = resource_id(req, FIREWALL)
    out = _build_rule(req, rid, req.json(), existing and existing["body"])
    store.put(rid, out)
    # Recorded: the PUT answer echoes the path as sent ("redis"), GET shows the RP's "Redis".
    shown = dict(out, id=req.path, type="Microsoft.Cache/redis/firewallRules")
    if existing:
        return Response(200, shown)
    return Response(201, shown, {"Location": _url(req)})


def _cache_or_404_for(req, group):
    require_group(req)
    cache_id = req.groups["rid"].rsplit("/", 2)[0]
    rec = req.sandbox.store.get(cache_id)
    if rec is None:
        raise _not_found(REDIS_TYPE, [req.groups[group]], req.groups["rg"])
    return rec


# ------------------------------------------------------------------------------------------ access policies
def _policy_body(cache_id, name, permissions, kind):
    return {"id": f"{cache_id}/accessPolicies/{name}", "name": name, "type": f"{REDIS_TYPE}/accessPolicies",
            "properties": {"permissions": permissions, "type": kind, "provisioningState": "Succeeded"}}


def _policies(req, cache):
    custom = {r["body"]["name"].lower(): r["body"] for r in req.sandbox.store.children(cache["id"], "/accesspolicies")}
    out = [custom.pop(n.lower(), None) or _policy_body(cache["id"], n, p, "BuiltIn")
           for n, p in BUILT_IN_POLICIES]
    return out + list(custom.values())


def _find_policy(req, cache, name):
    return next((p for p in _policies(req, cache) if p["name"].lower() == name.lower()), None)


def _normalize_permissions(text):
    words = (text or "").split()
    if not any(w == "allkeys" or w.startswith(("~", "%")) for w in words):
        words.append("allkeys")                      # recorded: "+get +hget" is stored as "+get +hget allkeys"
    return " ".join(words)


def _put_policy(req):
    cache = _cache_or_404(req)
    name = req.groups["name"]
    perms = _normalize_permissions(((req.json().get("properties") or {}).get("permissions")))
    store = req.sandbox.store
    rid = f"{cache['id']}/accessPolicies/{name}"
    existing = store.get(rid)
    out = _policy_body(cache["id"], existing["body"]["name"] if existing else name, perms, "Custom")
    store.put(rid, out)
    shown = copy.deepcopy(out)
    shown["properties"]["provisioningState"] = "Updating"
    return _async(req, 200 if existing else 201, shown, cache["body"]["location"], location_header="monitor")


def _delete_child(req, cache, rid):
    if req.sandbox.store.delete_tree(rid) == 0:
        return Response(204, None)
    return _async(req, 202, None, cache["body"]["location"], location_header="monitor")


# ------------------------------------------------------------------------------------------ policy assignments
def _assignment_error(message):
    return ArmError(400, "BadRequest", message)      # code assumed; the duplicate message is recorded


def _put_assignment(req):
    cache = _cache_or_404(req)
    name = req.groups["name"]
    props = (req.json().get("properties") or {})
    missing = [k for k in ("objectId", "objectIdAlias", "accessPolicyName") if not props.get(k)]
    if missing:
        raise _assignment_error(f"The parameter(s) {', '.join(missing)} are required.")
    policy = _find_policy(req, cache, props["accessPolicyName"])
    if policy is None:
        raise _assignment_error(f"The access policy '{props['accessPolicyName']}' does not exist.")
    store = req.sandbox.store
    rid = f"{cache['id']}/accessPolicyAssignments/{name}"
    existing = store.get(rid)
    for other in store.children(cache["id"], "/accesspolicyassignments"):
        same = other["id"].lower() == rid.lower()
        if not same and other["body"]["properties"]["objectId"].lower() == props["objectId"].lower():
            raise _assignment_error(
                "An invalid access policy assignment was detected due to duplicate entries. Please review and ensure "
                "that each assignment has a unique combination of assignmentName, policyName and ObjectId to avoid "
                "such duplicates")
    out = {"id": rid if not existing else existing["id"], "name": existing["body"]["name"] if existing else name,
           "type": f"{REDIS_TYPE}/accessPolicyAssignments",
           "properties": {"provisioningState": "Succeeded", "accessPolicyName": policy["name"],
                          "objectId": props["objectId"], "objectIdAlias": props["objectIdAlias"]}}
    store.put(out["id"], out)
    shown = copy.deepcopy(out)
    shown["properties"]["provisioningState"] = "Updating"
    return _async(req, 200 if existing else 201, shown, cache["body"]["location"], location_header="monitor")


def _register_redis_children(router):
    policies = CACHE_RX + r"/accesspolicies"
    assignments = CACHE_RX + r"/accesspolicyassignments"

    @router.add(["GET"], policies)
    def list_policies(req):
        return page(req, _policies(req, _cache_or_404(req)), req.sandbox.page_size)

    @router.add(["GET"], policies + r"/(?P<name>[^/]+)")
    def get_policy(req):
        cache = _cache_or_404(req)
        found = _find_policy(req, cache, req.groups["name"])
        if found is None:
            raise _not_found(f"{REDIS_TYPE}/accessPolicies", [req.groups["cache"], req.groups["name"]],
                             req.groups["rg"])
        return Response(200, found)

    router.add(["PUT"], policies + r"/(?P<name>[^/]+)")(_put_policy)

    @router.add(["DELETE"], policies + r"/(?P<name>[^/]+)")
    def delete_policy(req):
        cache = _cache_or_404(req)
        return _delete_child(req, cache, f"{cache['id']}/accessPolicies/{req.groups['name']}")

    @router.add(["GET"], assignments)
    def list_assignments(req):
        cache = _cache_or_404(req)
        recs = req.sandbox.store.children(cache["id"], "/accesspolicyassignments")
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    @router.add(["GET"], assignments + r"/(?P<name>[^/]+)")
    def get_assignment(req):
        cache = _cache_or_404(req)
        rec = req.sandbox.store.get(f"{cache['id']}/accessPolicyAssignments/{req.groups['name']}")
        if rec is None:
            raise _not_found(f"{REDIS_TYPE}/accessPolicyAssignments", [req.groups["cache"], req.groups["name"]],
                             req.groups["rg"])
        return Response(200, rec["body"])

    router.add(["PUT"], assignments + r"/(?P<name>[^/]+)")(_put_assignment)

    @router.add(["DELETE"], assignments + r"/(?P<name>[^/]+)")
    def delete_assignment(req):
        cache = _cache_or_404(req)
        return _delete_child(req, cache, f"{cache['id']}/accessPolicyAssignments/{req.groups['name']}")


# ------------------------------------------------------------------------------------------ redisEnterprise
ENTERPRISE_SKU = re.compile(r"^Enterprise(Flash)?_", re.IGNORECASE)


def _build_cluster(req, rid, body, old):
    name = rid.rsplit("/", 1)[1]
    location = body.get("location") or (old or {}).get("location")
    sku = copy.deepcopy(body.get("sku") or (old or {}).get("sku") or {})
    if not sku.get("name"):
        raise ArmError(400, "BadRequest", "The parameter sku is required.")   # code assumed
    props = copy.deepcopy((old or {}).get("properties") or {})
    props.update({k: copy.deepcopy(v) for k, v in (body.get("properties") or {}).items() if k not in READ_ONLY})
    region = normalize_location(location)
    domain = "redisenterprise.cache.azure.net" if ENTERPRISE_SKU.match(sku["name"]) else "redis.azure.net"
    props.update({"hostName": f"{name}.{region}.{domain}", "provisioningState": "Succeeded",
                  "resourceState": "Running", "privateEndpointConnections": props.get("privateEndpointConnections", [])})
    out = {"location": display_location(location), "name": name, "id": rid, "type": RE_TYPE,
           "tags": copy.deepcopy(body["tags"] if "tags" in body else (old or {}).get("tags")) or {}, "sku": sku,
           "properties": props}
    zones = body.get("zones") if "zones" in body else (old or {}).get("zones")
    if zones:
        out["zones"] = list(zones)
    out["identity"] = ident.resolve(req, body.get("identity"), (old or {}).get("identity")) or {"type": "None"}
    return out


def _build_database(req, rid, body, old):
    props = copy.deepcopy((old or {}).get("properties") or {})
    props.update({k: copy.deepcopy(v) for k, v in (body.get("properties") or {}).items() if k not in READ_ONLY})
    modules = [{"name": m.get("name"), "args": m.get("args") or "",
                "version": MODULE_VERSIONS.get(m.get("name"), "1.0.0")} for m in props.get("modules") or []]
    props.update({"clientProtocol": props.get("clientProtocol") or "Encrypted", "port": props.get("port") or 10000,
                  "provisioningState": "Succeeded", "resourceState": "Running",
                  "clusteringPolicy": props.get("clusteringPolicy") or "OSSCluster",
                  "evictionPolicy": props.get("evictionPolicy") or "VolatileLRU", "modules": modules})
    return {"name": rid.rsplit("/", 1)[1], "id": rid, "type": f"{RE_TYPE}/databases", "properties": props}


def _list_db_keys(req, rec):
    return Response(200, {k: rec["private"][k] for k in ("primaryKey", "secondaryKey")})


def _regenerate_db(req, rec):
    kind = str(req.json().get("keyType") or "").lower()
    if kind not in ("primary", "secondary"):
        raise ArmError(400, "BadRequest", "The parameter keyType must be Primary or Secondary.")   # assumed
    rec["private"][f"{kind}Key"] = _key()
    req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
    return _list_db_keys(req, rec)


CLUSTER = ResourceType(RE_TYPE, build=_build_cluster)
DATABASE = ResourceType(f"{RE_TYPE}/databases", build=_build_database, private=_new_keys,
                        actions={"listKeys": _list_db_keys, "regenerateKey": _regenerate_db})


def _enterprise_put(rt):
    """PUT for clusters and databases: 201 Creating + operationsStatus monitor + Location (recorded), 200 after."""
    def put(req):
        require_group(req)
        body = req.json()
        store = req.sandbox.store
        if len(rt.segments) > 1 and store.get(req.groups["rid"].rsplit("/", 2)[0]) is None:
            raise _not_found(RE_TYPE, [req.groups["n0"]], req.groups["rg"])
        if len(rt.segments) == 1 and not body.get("location"):
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
        existing = store.get(req.groups["rid"])
        rid = resource_id(req, rt)
        out = rt.build(req, rid, body, existing and existing["body"])
        store.put(rid, out, existing["private"] if existing else (rt.private(req, body) if rt.private else {}))
        shown = copy.deepcopy(out)
        shown["properties"]["provisioningState"] = shown["properties"]["resourceState"] = \
            "Updating" if existing else "Creating"
        location = out.get("location") or store.get(rid.split("/databases/")[0])["body"]["location"]
        return _async(req, 200 if existing else 201, shown, location, kind="operationsStatus", location_header="self")
    return put


def _enterprise_delete(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)
    cluster = store.get(rec["id"].split("/databases/")[0])
    store.delete_tree(rec["id"])
    # Spec 2025-07-01: 202 with Azure-AsyncOperation and Location (both assumed to name the operationsStatus monitor).
    return _async(req, 202, None, cluster["body"]["location"], kind="operationsStatus", location_header="monitor")


def _put_enterprise_assignment(req):
    require_group(req)
    store = req.sandbox.store
    db = store.get(req.groups["rid"])
    if db is None:
        raise _not_found(f"{RE_TYPE}/databases", [req.groups["cluster"], req.groups["db"]], req.groups["rg"])
    props = req.json().get("properties") or {}
    if (props.get("accessPolicyName") or "").lower() != "default" or not (props.get("user") or {}).get("objectId"):
        # spec 2025-07-01: "Only 'default' policy is supported for now"; user.objectId required. Code assumed.
        raise ArmError(400, "BadRequest", "accessPolicyName must be 'default' and user.objectId is required.")
    rid = f"{db['id']}/accessPolicyAssignments/{req.groups['name']}"
    existing = store.get(rid)
    out = {"id": rid, "name": req.groups["name"], "type": f"{RE_TYPE}/accessPolicyAssignments",
           "properties": {"provisioningState": "Succeeded", "accessPolicyName": "default",
                          "user": {"objectId": props["user"]["objectId"]}}}
    store.put(rid, out)
    cluster = store.get(db["id"].split("/databases/")[0])
    shown = copy.deepcopy(out)
    shown["properties"]["provisioningState"] = "Updating"
    return _async(req, 200 if existing else 201, shown, cluster["body"]["location"], kind="operationsStatus",
                  location_header="self")


def _register_enterprise(router):
    for rt in (CLUSTER, DATABASE):
        router.add(["PUT"], pattern(rt))(_enterprise_put(rt))
        router.add(["DELETE"], pattern(rt))(_enterprise_delete)
    assignments = r"(?P<rid>" + DB_RX + r")/accesspolicyassignments"

    @router.add(["GET"], assignments)
    def list_assignments(req):
        require_group(req)
        db = req.sandbox.store.get(req.groups["rid"])
        if db is None:
            raise _not_found(f"{RE_TYPE}/databases", [req.groups["cluster"], req.groups["db"]], req.groups["rg"])
        recs = req.sandbox.store.children(db["id"], "/accesspolicyassignments")
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    @router.add(["GET"], assignments + r"/(?P<name>[^/]+)")
    def get_assignment(req):
        require_group(req)
        rec = req.sandbox.store.get(f"{req.groups['rid']}/accessPolicyAssignments/{req.groups['name']}")
        if rec is None:
            raise _not_found(f"{RE_TYPE}/databases/accessPolicyAssignments",
                             [req.groups["cluster"], req.groups["db"], req.groups["name"]], req.groups["rg"])
        return Response(200, rec["body"])

    router.add(["PUT"], assignments + r"/(?P<name>[^/]+)")(_put_enterprise_assignment)

    @router.add(["DELETE"], assignments + r"/(?P<name>[^/]+)")
    def delete_assignment(req):
        require_group(req)
        store = req.sandbox.store
        rid = f"{req.groups['rid']}/accessPolicyAssignments/{req.groups['name']}"
        db = store.get(req.groups["rid"])
        if db is None or store.delete_tree(rid) == 0:
            return Response(204, None)
        cluster = store.get(db["id"].split("/databases/")[0])
        return _async(req, 202, None, cluster["body"]["location"], kind="operationsStatus", location_header="monitor")

    tracked(router, CLUSTER)
    tracked(router, DATABASE)


# ------------------------------------------------------------------------------------------ registration
def register(router):
    router.add(["GET"], SUB + r"/providers/microsoft\.cache/locations/(?P<loc>[^/]+)/"
               r"(?P<kind>asyncoperations|operationresults|operationsstatus)/(?P<op>[^/]+)")(_poll)
    _register_redis_children(router)
    redis_route = pattern(REDIS)
    router.add(["PUT"], redis_route)(_put_redis)
    router.add(["PATCH"], redis_route)(_patch_redis)
    router.add(["DELETE"], redis_route)(_delete_redis)
    router.add(["PUT"], pattern(FIREWALL))(_put_rule)
    tracked(router, REDIS)
    tracked(router, FIREWALL)
    _register_enterprise(router)
