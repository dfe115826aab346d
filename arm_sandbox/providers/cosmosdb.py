"""Microsoft.DocumentDB (Cosmos DB): databaseAccounts, their API child resources (sqlDatabases[/containers],
mongodbDatabases[/collections], cassandraKeyspaces[/tables], gremlinDatabases[/graphs], tables) and the SQL
data-plane RBAC resources (sqlRoleDefinitions, sqlRoleAssignments). The pinned azure-mgmt-cosmosdb 10.0.0
(what `az cosmosdb` uses) sends api-version 2026-03-15.

Fidelity notes (facts and their sources in tests/sandbox/recorded_cosmosdb.py):
- Every write is an LRO on the RP's own monitor
  /subscriptions/{sub}/providers/Microsoft.DocumentDB/locations/{accountLocation}/operationsStatus/{id},
  which answers 200 {"status": "Dequeued"} while running, then {"status": "Succeeded"}; each write also
  names a Location .../operationResults/{the same id} (resource path for PUT/PATCH and child DELETE, the
  location path for an account DELETE, the status monitor itself for regenerateKey).
- Account PUT (create or replace) and PATCH answer 200 with the account in "Creating"/"Updating" (a create
  shows no endpoints yet). Account DELETE and every child PUT/DELETE answer 202 {"status": "Enqueued"}.
- GET shows "location" as a display name ("West US"), identity {"type": "None"} when there is none, and
  keysMetadata, never keys: keys live in the private part and come only from listKeys, readonlykeys and
  listConnectionStrings.
- The RP's own errors are top-level {"code", "message"} (no "error" wrapper) ending in an ActivityId line.
"""
import base64
import copy
import datetime
import hashlib
import json
import os
import time

from ..arm import ArmError, Response, display_location, new_guid, normalize_location, page, resource_not_found
from ..router import SUB
from ..tracked import ResourceType, merge_patch, pattern, resource_id, tracked
from . import identity as ident
from .common import get_ci, require_group, require_subscription

NS = "Microsoft.DocumentDB"
ACCOUNT_TYPE = NS + "/databaseAccounts"
HEADERS = {"x-ms-gatewayversion": "version=2.14.0"}          # on every recorded RP answer
SDK_TAIL = "Microsoft.Azure.Documents.Common/2.14.0"
KEY_NAMES = ("primaryMasterKey", "secondaryMasterKey", "primaryReadonlyMasterKey", "secondaryReadonlyMasterKey")
KEY_KINDS = {"primary": "primaryMasterKey", "secondary": "secondaryMasterKey",
             "primaryreadonly": "primaryReadonlyMasterKey", "secondaryreadonly": "secondaryReadonlyMasterKey"}
# What a client may not set: the RP computes these (a PATCH body built from a GET carries them back).
COMPUTED = {"provisioningState", "documentEndpoint", "sqlEndpoint", "mongoEndpoint", "cassandraEndpoint",
            "gremlinEndpoint", "tableEndpoint", "writeLocations", "readLocations", "failoverPolicies",
            "instanceId", "keysMetadata", "EnabledApiTypes", "privateEndpointConnections"}
CAPABILITY_API = (("EnableCassandra", "Cassandra"), ("EnableGremlin", "Gremlin"), ("EnableTable", "Table"))
ENABLED_API_TYPES = {"Sql": "Sql", "MongoDB": "MongoDB", "Gremlin": "Gremlin, Sql", "Table": "Table, Sql",
                     "Cassandra": "Cassandra"}
BUILT_IN_DATA_ROLES = {   # present on every account (recorded list of sqlRoleDefinitions)
    "00000000-0000-0000-0000-000000000001": ("Cosmos DB Built-in Data Reader", [
        "Microsoft.DocumentDB/databaseAccounts/readMetadata",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read"]),
    "00000000-0000-0000-0000-000000000002": ("Cosmos DB Built-in Data Contributor", [
        "Microsoft.DocumentDB/databaseAccounts/readMetadata",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/*",
        "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*"]),
}


# ------------------------------------------------------------------------------------------ errors
def rp_error(status, code, message):
    """An error the Cosmos RP makes itself: no "error" wrapper, an ActivityId tail."""
    text = f"{message}\r\nActivityId: {new_guid()}, {SDK_TAIL}"
    return ArmError(status, code, text, body={"code": code, "message": text}, headers=dict(HEADERS))


def _child_not_found(uri):
    """The backend's 404 wrapped twice, as recorded for a missing sqlDatabase (shortened request stats)."""
    inner = ('Message: {"Errors":["Resource Not Found. Learn more: https:\\/\\/aka.ms\\/cosmosdb-tsg-not-found"]}'
             f"\r\nActivityId: {new_guid()}, SDK: {SDK_TAIL}")
    text = (f"Message: {json.dumps({'code': 'NotFound', 'message': inner}, separators=(',', ':'))}, "
            f"Request URI: /{uri}, RequestStats: , SDK: {SDK_TAIL}")
    return ArmError(404, "NotFound", text, body={"code": "NotFound", "message": text}, headers=dict(HEADERS))


def _check_account_name(name):
    for index, ch in enumerate(name):
        allowed = (ch.isascii() and (ch.islower() or ch.isdigit())) or (ch == "-" and 0 < index < len(name) - 1)
        if not allowed:
            raise rp_error(400, "BadRequest", f"The character '{ch}' at index {index} is not allowed in the "
                                              "DatabaseAccount name")


# ------------------------------------------------------------------------------------------ LRO
def _lro(req, status, body, location, result_path=None, location_is_monitor=False):
    """`status` + body with the RP's Azure-AsyncOperation (operationsStatus) and Location monitors."""
    resp = req.sandbox.operations.azure_async(req, status, body, {}, namespace=NS, location=location)
    op_id = resp.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    query = f"?api-version={req.api_version}"
    base = f"{req.base_url}/subscriptions/{req.sandbox.subscription_id}/providers/{NS}/locations/{location}"
    monitor = f"{base}/operationsStatus/{op_id}{query}"
    if location_is_monitor:
        result = monitor
    elif result_path:
        result = f"{req.base_url}{result_path}/operationResults/{op_id}{query}"
    else:
        result = f"{base}/operationResults/{op_id}{query}"
    resp.headers.update({"Azure-AsyncOperation": monitor, "Location": result, **HEADERS})
    return resp


def _poll(req):
    require_subscription(req)
    polled = req.sandbox.operations.poll(req, req.groups["op"])
    done = (polled.body or {}).get("status") == "Succeeded"
    return Response(200, {"status": "Succeeded" if done else "Dequeued"}, {**polled.headers, **HEADERS})


# ------------------------------------------------------------------------------------------ accounts
def _now_seconds():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _key():
    return base64.b64encode(os.urandom(64)).decode()     # 88 characters ending "==", as real keys


def _new_private():
    return {"keys": {name: _key() for name in KEY_NAMES}}


def _api(kind, capabilities):
    if (kind or "").lower() == "mongodb":
        return "MongoDB"
    names = {c.get("name", "").lower() for c in capabilities}
    return next((api for cap, api in CAPABILITY_API if cap.lower() in names), "Sql")


def _capabilities(kind, props):
    caps = [{"name": c.get("name")} for c in props.get("capabilities") or [] if isinstance(c, dict)]
    if (kind or "").lower() == "mongodb" and not any(c["name"].lower() == "enablemongo" for c in caps):
        caps.append({"name": "EnableMongo"})              # the RP adds it (recorded)
    return caps


def _locations(name, props, default_location):
    wanted = props.get("locations") or [{"locationName": default_location, "failoverPriority": 0}]
    entries = []
    for loc in sorted(wanted, key=lambda l: l.get("failoverPriority") or 0):
        norm = normalize_location(loc.get("locationName"))
        entries.append({"id": f"{name}-{norm}", "locationName": display_location(norm),
                        "documentEndpoint": f"https://{name}-{norm}.documents.azure.com:443/",
                        "provisioningState": "Succeeded", "failoverPriority": loc.get("failoverPriority") or 0,
                        "isZoneRedundant": bool(loc.get("isZoneRedundant"))})
    return entries


def _defaults(api):
    return {
        "publicNetworkAccess": "Enabled", "enableAutomaticFailover": False, "enableMultipleWriteLocations": False,
        "enablePartitionKeyMonitor": False, "isVirtualNetworkFilterEnabled": False, "virtualNetworkRules": [],
        "disableKeyBasedMetadataWriteAccess": False, "enableFreeTier": False, "enableAnalyticalStorage": False,
        "analyticalStorageConfiguration": {"schemaType": "FullFidelity" if api == "MongoDB" else "WellDefined"},
        "databaseAccountOfferType": "Standard", "defaultIdentity": "FirstPartyIdentity", "networkAclBypass": "None",
        "disableLocalAuth": False, "minimalTlsVersion": "Tls12", "createMode": "Default",
        "consistencyPolicy": {"defaultConsistencyLevel": "Session", "maxIntervalInSeconds": 5, "maxStalenessPrefix": 100},
        "configurationOverrides": {}, "cors": [], "capabilities": [], "ipRules": [],
        "backupPolicy": {"type": "Periodic", "periodicModeProperties": {
            "backupIntervalInMinutes": 240, "backupRetentionIntervalInHours": 8, "backupStorageRedundancy": "Geo"}},
        "networkAclBypassResourceIds": [],
    }


API_ENDPOINTS = {"MongoDB": ("mongoEndpoint", "mongo"), "Gremlin": ("gremlinEndpoint", "gremlin"),
                 "Table": ("tableEndpoint", "table"), "Cassandra": ("cassandraEndpoint", "cassandra")}


def _endpoints(name, api):
    out = {"documentEndpoint": f"https://{name}.documents.azure.com:443/"}
    if api in API_ENDPOINTS:
        key, host = API_ENDPOINTS[api]
        out[key] = f"https://{name}.{host}.cosmos.azure.com:443/"
    return out


def _network(props):
    props["ipRules"] = [{"ipAddressOrRange": r.get("ipAddressOrRange")} for r in props.get("ipRules") or []]
    props["virtualNetworkRules"] = [{"id": r.get("id"),
                                     "ignoreMissingVNetServiceEndpoint": bool(r.get("ignoreMissingVNetServiceEndpoint"))}
                                    for r in props.get("virtualNetworkRules") or []]


def _identity(req, body, old):
    existing = (old or {}).get("identity")
    if existing and existing.get("type") == "None":
        existing = None
    resolved = ident.resolve(req, body.get("identity"), existing, merge_users=req.method == "PATCH")
    if not resolved:
        return {"type": "None"}
    resolved["type"] = resolved["type"].replace(", ", ",")   # the RP writes "SystemAssigned,UserAssigned"
    return resolved


def _build_account(req, rid, body, old):
    """The GET view of an account from a PUT body, or from the merged body of a PATCH."""
    old = old or {}
    name = rid.rsplit("/", 1)[1]
    location = normalize_location(body.get("location") or old.get("location"))
    kind = old.get("kind") or body.get("kind") or "GlobalDocumentDB"    # set at creation only
    given = {k: v for k, v in (body.get("properties") or {}).items() if k not in COMPUTED}
    api = _api(kind, given.get("capabilities") or [])
    props = _defaults(api)
    props.update(copy.deepcopy(given))
    props["capabilities"] = _capabilities(kind, props)
    if api == "MongoDB":
        props["apiProperties"] = {"serverVersion": (props.get("apiProperties") or {}).get("serverVersion") or "3.6"}
    _network(props)
    entries = _locations(name, props, location)
    props.pop("locations", None)
    now = _now_seconds()
    old_props = old.get("properties") or {}
    computed = {"provisioningState": "Succeeded", **_endpoints(name, api), "EnabledApiTypes": ENABLED_API_TYPES[api],
                "instanceId": old_props.get("instanceId") or new_guid(),
                "writeLocations": copy.deepcopy(entries if props["enableMultipleWriteLocations"] else entries[:1]),
                "readLocations": copy.deepcopy(entries), "locations": copy.deepcopy(entries),
                "failoverPolicies": [{k: e[k] for k in ("id", "locationName", "failoverPriority")} for e in entries],
                "keysMetadata": old_props.get("keysMetadata") or {k: {"generationTime": now} for k in KEY_NAMES}}
    created = (old.get("systemData") or {}).get("createdAt") or now
    return {"id": rid, "name": name, "location": display_location(location), "type": ACCOUNT_TYPE, "kind": kind,
            "tags": copy.deepcopy(body.get("tags") or {}), "systemData": {"createdAt": created},
            "properties": {**computed, **props},
            "identity": _identity(req, body, old)}


def _in_progress(out, state, creating):
    """The body a write answers with: the account (and its regions) in `state`; a create has no endpoints."""
    view = copy.deepcopy(out)
    props = view["properties"]
    props["provisioningState"] = state
    for key in ("writeLocations", "readLocations", "locations"):
        for entry in props[key]:
            entry["provisioningState"] = state
            if creating:
                entry.pop("documentEndpoint", None)
    if creating:
        for key in [k for k in props if k.endswith("Endpoint")]:
            del props[key]
        props["defaultIdentity"] = ""          # recorded: empty until the account exists
    return view


def _account_missing(req):
    return resource_not_found(ACCOUNT_TYPE, req.groups["n0"], req.groups["rg"])


def _account_location(body):
    return normalize_location(body.get("location"))


def _put_account(req):
    require_group(req)
    body = req.json()
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    rid = resource_id(req, ACCOUNTS)
    if existing is None:
        _check_account_name(req.groups["n0"])
        if not body.get("location"):
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    out = _build_account(req, rid, body, existing and existing["body"])
    store.put(rid, out, existing["private"] if existing else _new_private())
    view = _in_progress(out, "Updating" if existing else "Creating", creating=existing is None)
    return _lro(req, 200, view, _account_location(out), result_path=rid)


def _patch_account(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        raise _account_missing(req)
    patch = req.json()
    merged = merge_patch(rec["body"], {k: v for k, v in patch.items() if k != "identity"}, ACCOUNTS.patch_replaces)
    merged.pop("identity", None)
    if "identity" in patch:
        merged["identity"] = patch["identity"]
    out = _build_account(req, rec["id"], merged, rec["body"])
    store.put(rec["id"], out)
    return _lro(req, 200, _in_progress(out, "Updating", creating=False), _account_location(out), result_path=rec["id"])


def _delete_account(req):
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None, dict(HEADERS))
    req.sandbox.store.delete_tree(rec["id"])      # databases, role definitions and assignments go with it
    return _lro(req, 202, {"status": "Enqueued"}, _account_location(rec["body"]))


# ------------------------------------------------------------------------------------------ keys
def _list_keys(req, rec):
    return Response(200, {k: rec["private"]["keys"][k] for k in KEY_NAMES})


def _read_only_keys(req, rec):
    return Response(200, {k: rec["private"]["keys"][k] for k in KEY_NAMES[2:]})


def _strings_for(api, name, key):
    doc = f"https://{name}.documents.azure.com:443/"
    return {
        "Sql": f"AccountEndpoint={doc};AccountKey={key};",
        "MongoDB": (f"mongodb://{name}:{key}@{name}.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb"
                    f"&retrywrites=false&maxIdleTimeMS=120000&appName=@{name}@"),
        "Cassandra": f"HostName={name}.cassandra.cosmos.azure.com;Username={name};Password={key};Port=10350",
        "Gremlin": f"AccountEndpoint={doc};AccountKey={key};ApiKind=Gremlin;",
        "Table": (f"DefaultEndpointsProtocol=https;AccountName={name};AccountKey={key};"
                  f"TableEndpoint=https://{name}.table.cosmos.azure.com:443/;"),
    }[api]


def _connection_strings(req, rec):
    """Four strings (primary, secondary, two read-only) per API: SQL ones for every kind but MongoDB,
    then the account's own API's."""
    body = rec["body"]
    api = _api(body["kind"], body["properties"]["capabilities"])
    apis = ["MongoDB"] if api == "MongoDB" else ["Sql"] + ([api] if api != "Sql" else [])
    labels = (("Primary", "Primary", "primaryMasterKey"), ("Secondary", "Secondary", "secondaryMasterKey"),
              ("Primary Read-Only", "PrimaryReadonly", "primaryReadonlyMasterKey"),
              ("Secondary Read-Only", "SecondaryReadonly", "secondaryReadonlyMasterKey"))
    out = [{"connectionString": _strings_for(a, body["name"], rec["private"]["keys"][key]),
            "description": f"{label} {'SQL' if a == 'Sql' else a} Connection String", "keyKind": kind, "type": a}
           for a in apis for label, kind, key in labels]
    return Response(200, {"connectionStrings": out})


def _regenerate_key(req, rec):
    key = KEY_KINDS.get(str(get_ci(req.json(), "keyKind") or "").lower())
    if key is None:   # az and the SDK check the enum first; the RP's own text for this is not recorded
        raise rp_error(400, "BadRequest",
                       "keyKind must be one of primary, secondary, primaryReadonly, secondaryReadonly.")
    rec["private"]["keys"][key] = _key()
    rec["body"]["properties"]["keysMetadata"][key] = {"generationTime": _now_seconds()}
    req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
    return _lro(req, 202, None, _account_location(rec["body"]), location_is_monitor=True)


ACCOUNTS = ResourceType(
    ACCOUNT_TYPE, build=_build_account, headers=HEADERS,
    patch_replaces=("properties.ipRules", "properties.virtualNetworkRules", "properties.capabilities",
                    "properties.locations", "properties.networkAclBypassResourceIds", "properties.cors"),
    actions={"listKeys": _list_keys, "readonlykeys": _read_only_keys, "listConnectionStrings": _connection_strings,
             "regenerateKey": _regenerate_key})


# ------------------------------------------------------------------------------------------ API child resources
# path under the account -> (data-plane URI parts for the 404 message, extra system properties of `resource`)
CHILDREN = {
    "sqlDatabases": ("dbs", lambda rid: {"_self": f"dbs/{rid}/", "_colls": "colls/", "_users": "users/"}),
    "sqlDatabases/containers": ("dbs/colls", lambda rid: {
        "_self": f"colls/{rid}/", "_docs": "docs/", "_sprocs": "sprocs/", "_triggers": "triggers/", "_udfs": "udfs/",
        "_conflicts": "conflicts/"}),
    "mongodbDatabases": ("dbs", None), "mongodbDatabases/collections": ("dbs/colls", None),
    "cassandraKeyspaces": ("dbs", None), "cassandraKeyspaces/tables": ("dbs/colls", None),
    "gremlinDatabases": ("dbs", None), "gremlinDatabases/graphs": ("dbs/colls", None),
    "tables": ("colls", None),
}


def _account_id(req):
    g = req.groups
    return f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{g['rg']}/providers/{ACCOUNT_TYPE}/{g['n0']}"


def _account(req):
    require_group(req)
    rec = req.sandbox.store.get(_account_id(req))
    if rec is None:
        raise _account_missing(req)
    return rec


def _child_type(path):
    return ResourceType(f"{ACCOUNT_TYPE}/{path}", build=None)


def _names(req, rt):
    return [req.groups[f"n{i}"] for i in range(1, len(rt.segments))]


def _uri(req, rt, uri_parts):
    return "/".join(f"{part}/{name}" for part, name in zip(uri_parts.split("/"), _names(req, rt)))


def _system_props(rid, depth, extras):
    digest = hashlib.sha256(rid.lower().encode()).digest()
    rid_value = base64.b64encode(digest[:4 * depth]).decode()
    now = int(time.time())
    props = {"_rid": rid_value, "_ts": now, "_etag": f'"{digest.hex()[:8]}-0000-0000-0000-{now:x}0000"'}
    props.update(extras(rid_value) if extras else {})
    return props


def _build_child(rt, extras):
    def build(req, rid, body, old):
        name = rid.rsplit("/", 1)[1]
        resource = copy.deepcopy(get_ci(body.get("properties"), "resource") or {})
        resource["id"] = resource.get("id") or name
        resource.update(_system_props(rid, len(rt.segments) - 1, extras))
        return {"id": rid, "type": rt.type_name, "name": name, "properties": {"resource": resource}}
    return build


def _register_child(router, path):
    uri_parts, extras = CHILDREN[path]
    rt = _child_type(path)
    rt.build = _build_child(rt, extras)
    rt.headers = HEADERS
    rt.not_found = lambda req: _child_not_found(_uri(req, rt, uri_parts))
    route = pattern(rt)

    @router.add(["PUT"], route)
    def put_child(req):
        account = _account(req)
        _parent_child_must_exist(req, rt, uri_parts)
        rid = resource_id(req, rt)
        existing = req.sandbox.store.get(rid)
        req.sandbox.store.put(rid, rt.build(req, rid, req.json(), existing and existing["body"]))
        return _lro(req, 202, {"status": "Enqueued"}, _account_location(account["body"]), result_path=rid)

    router.add(["DELETE"], route)(_delete_enqueued)

    router.add(["PATCH"], route)(_no_patch)
    tracked(router, rt)


def _delete_enqueued(req):
    """DELETE of an account's child or role assignment: 202 Enqueued and the account's monitor; 204 if absent."""
    account = _account(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None, dict(HEADERS))
    req.sandbox.store.delete_tree(rec["id"])
    return _lro(req, 202, {"status": "Enqueued"}, _account_location(account["body"]), result_path=rec["id"])


def _no_patch(req):
    """Child resources have PUT only; keep tracked's generic PATCH from rewriting one (text assumed)."""
    raise ArmError(405, "MethodNotAllowed", "The requested resource does not support http method 'PATCH'.")


def _parent_child_must_exist(req, rt, uri_parts):
    if len(rt.segments) > 2 and req.sandbox.store.get(req.groups["rid"].rsplit("/", 2)[0]) is None:
        raise _child_not_found(_uri(req, rt, uri_parts).rsplit("/", 2)[0])


# ------------------------------------------------------------------------------------------ SQL role definitions
ROLE_DEFS = _child_type("sqlRoleDefinitions")
ROLE_ASSIGNMENTS = _child_type("sqlRoleAssignments")


def _role_definition(account_id, guid, role_name, role_type, scopes, permissions):
    return {"id": f"{account_id}/sqlRoleDefinitions/{guid}", "name": guid,
            "properties": {"roleName": role_name, "type": role_type, "assignableScopes": scopes,
                           "permissions": permissions},
            "type": ROLE_DEFS.type_name}


def _built_in(account_id, guid):
    role_name, actions = BUILT_IN_DATA_ROLES[guid]
    return _role_definition(account_id, guid, role_name, "BuiltInRole", [account_id],
                            [{"dataActions": list(actions), "notDataActions": []}])


def _find_role_definition(req, account, guid):
    rec = req.sandbox.store.get(f"{account['id']}/sqlRoleDefinitions/{guid}")
    if rec:
        return rec["body"]
    key = guid.lower()
    return _built_in(account["id"], key) if key in BUILT_IN_DATA_ROLES else None


def _role_definition_missing(guid):
    # By analogy with the recorded role-assignment text (the definition's own 404 is not recorded).
    return rp_error(404, "NotFound", f"Unable to find a SQL Role Definition with ID [{guid}].")


def _register_role_definitions(router):
    route = pattern(ROLE_DEFS)

    @router.add(["GET"], pattern(ROLE_DEFS, with_name=False))
    def list_definitions(req):
        account = _account(req)
        custom = req.sandbox.store.children(account["id"], "/sqlroledefinitions")
        built_in = [_built_in(account["id"], guid) for guid in BUILT_IN_DATA_ROLES]
        return page(req, [r["body"] for r in custom] + built_in, req.sandbox.page_size)   # built-ins last (recorded)

    @router.add(["GET"], route)
    def get_definition(req):
        found = _find_role_definition(req, _account(req), req.groups["n1"])
        if found is None:
            raise _role_definition_missing(req.groups["n1"])
        return Response(200, found, dict(HEADERS))

    @router.add(["PUT"], route)
    def put_definition(req):
        account = _account(req)
        props = (req.json().get("properties") or {})
        rid = resource_id(req, ROLE_DEFS)
        # the trailing "/" az sends is dropped (recorded)
        scopes = [s.rstrip("/") for s in props.get("assignableScopes") or [account["id"]]]
        permissions = [{"dataActions": list(p.get("dataActions") or []),
                        "notDataActions": list(p.get("notDataActions") or [])} for p in props.get("permissions") or []]
        body = _role_definition(account["id"], req.groups["n1"], props.get("roleName"), props.get("type") or "CustomRole",
                                scopes, permissions)
        body["id"] = rid
        req.sandbox.store.put(rid, body)
        return _lro(req, 202, {"status": "Enqueued"}, _account_location(account["body"]), result_path=rid)

    @router.add(["DELETE"], route)
    def delete_definition(req):
        account = _account(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None, dict(HEADERS))
        req.sandbox.store.delete(rec["id"])
        return _lro(req, 202, {"status": "Enqueued"}, _account_location(account["body"]), result_path=rec["id"])


# ------------------------------------------------------------------------------------------ SQL role assignments
def _scope_error(scope, detail):
    return rp_error(400, "BadRequest", (
        "Failed to parse the incoming request payload. Exception: System.FormatException: Could not parse property "
        "[properties] as [Microsoft.Azure.Documents.Management.Services.ResourceProvider.DataModel."
        "RoleBasedAccessControl.SqlRoleAssignmentProperties] due to exception: System.FormatException: Could not "
        f"parse property [scope] with value [{scope}] as [Microsoft.Azure.Documents.Management.Services."
        "ResourceProvider.DataModel.RoleBasedAccessControl.FullyQualifiedResourcePath] due to exception: "
        f"System.FormatException: {detail}"))


def _check_scope(account_id, scope):
    """The account, or dbs/{db}, or dbs/{db}/colls/{container} under it; the canonical form (no trailing '/')."""
    trimmed = (scope or "").rstrip("/")
    if not trimmed.lower().startswith(account_id.lower()):
        raise _scope_error(scope, "The scope must be the database account or a resource under it.")  # text assumed
    rest = [s for s in trimmed[len(account_id):].split("/") if s]
    for position, expected in ((0, "dbs"), (2, "colls")):
        if len(rest) > position and rest[position] != expected:
            raise _scope_error(scope, f"Expected path segment [{expected}] at position [{position}] but found "
                                      f"[{rest[position]}].")
    if len(rest) > 4 or len(rest) % 2:
        raise _scope_error(scope, "The scope must be the database account or a resource under it.")   # text assumed
    return account_id + trimmed[len(account_id):]


def _check_role_definition(req, account, definition_id):
    guid = (definition_id or "").rstrip("/").rsplit("/", 1)[-1]
    prefix = f"{account['id']}/sqlRoleDefinitions/".lower()
    if not (definition_id or "").lower().startswith(prefix) or _find_role_definition(req, account, guid) is None:
        # The RP prints the GUID without dashes (MicrosoftDocs/azure-docs#100180).
        raise rp_error(400, "BadRequest", f"The specified role definition with ID '{guid.replace('-', '')}' does not exist.")


def _assignment_missing(req):
    return rp_error(404, "NotFound", f"Unable to find a SQL Role Assignment with ID [{req.groups['n1']}].")


def _register_role_assignments(router):
    route = pattern(ROLE_ASSIGNMENTS)
    ROLE_ASSIGNMENTS.headers = HEADERS
    ROLE_ASSIGNMENTS.not_found = _assignment_missing
    ROLE_ASSIGNMENTS.build = lambda req, rid, body, old: old or body

    @router.add(["PUT"], route)
    def put_assignment(req):
        account = _account(req)
        props = req.json().get("properties") or {}
        _check_role_definition(req, account, props.get("roleDefinitionId"))
        scope = _check_scope(account["id"], props.get("scope"))
        rid = resource_id(req, ROLE_ASSIGNMENTS)
        body = {"id": rid, "name": req.groups["n1"],
                "properties": {"roleDefinitionId": props.get("roleDefinitionId"), "principalId": props.get("principalId"),
                               "scope": scope},
                "type": ROLE_ASSIGNMENTS.type_name}
        req.sandbox.store.put(rid, body)
        return _lro(req, 202, {"status": "Enqueued"}, _account_location(account["body"]), result_path=rid)

    router.add(["DELETE"], route)(_delete_enqueued)

    router.add(["PATCH"], route)(_no_patch)
    tracked(router, ROLE_ASSIGNMENTS)


# ------------------------------------------------------------------------------------------ registration
def register(router):
    monitor = SUB + r"/providers/microsoft\.documentdb/locations/(?P<loc>[^/]+)/operationsstatus/(?P<op>[^/]+)"
    router.add(["GET"], monitor)(_poll)

    @router.add(["HEAD"], r"/providers/microsoft\.documentdb/databaseaccountnames/(?P<name>[^/]+)")
    def check_name_exists(req):
        name = req.groups["name"].lower()
        taken = req.sandbox.store.select(
            lambda r: r["body"].get("type") == ACCOUNT_TYPE and r["body"]["name"].lower() == name)
        return Response(200 if taken else 404, None, dict(HEADERS))

    account_route = pattern(ACCOUNTS)
    router.add(["PUT"], account_route)(_put_account)
    router.add(["PATCH"], account_route)(_patch_account)
    router.add(["DELETE"], account_route)(_delete_account)

    @router.add(["GET"], account_route + r"/readonlykeys")
    def read_only_keys_get(req):    # the API also has a GET form of readonlykeys
        return Response(200, _read_only_keys(req, _account(req)).body, dict(HEADERS))

    _register_role_definitions(router)
    _register_role_assignments(router)
    for path in CHILDREN:
        _register_child(router, path)
    tracked(router, ACCOUNTS)
