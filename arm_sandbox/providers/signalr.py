"""Microsoft.SignalRService: SignalR (azure-mgmt-signalr 2.0.0b2, api-version 2023-08-01-preview) and WebPubSub
(no SDK in azure-cli; REST api-version 2024-03-01): PUT, GET, PATCH, DELETE, lists, listKeys, regenerateKey and
the RP's own operation monitors.

Fidelity notes (facts and sources in tests/sandbox/recorded_appconfig_signalr.py):
- Every long-running answer carries both Azure-AsyncOperation {id}/operationStatuses/{op} and Location
  {id}/operationResults/{op} under the resource's canonical id (".../Microsoft.SignalRService/SignalR/{name}"),
  with the request's api-version. operationStatuses answers {"id","name","status":"Running"|"Succeeded",
  "startTime"[,"endTime"]}; operationResults answers 202 while running, then the final body (204 for a delete).
- PUT create = 201 with the resource in "Creating" (externalIP null, version "1.0-preview"); PATCH = 202 with
  no body when it changes something, 200 with the resource when it changes nothing; DELETE = 202 (204 when
  absent); regenerateKey = 202 with the new keys in the body; listKeys = 200.
- The RP fills what the caller left out: cors ["*"], networkACLs defaultAction Deny with every request type
  allowed on the public network, the default ipRules, all four SignalR feature flags, tls, serverless, upstream.
- Keys and connection strings live in the record's private part and come only from listKeys/regenerateKey.
"""
import copy
import os
import threading

from ..arm import ArmError, Response, normalize_location, resource_not_found, stable_int
from ..router import RG
from ..tracked import ResourceType, merge_patch, tracked
from . import identity as ident
from .common import require_group, system_data

NS = "Microsoft.SignalRService"
REQUEST_TYPES = ["ServerConnection", "ClientConnection", "RESTAPI", "Trace"]
DEFAULT_IP_RULES = [{"value": "0.0.0.0/0", "action": "Allow"}, {"value": "::/0", "action": "Allow"}]
FEATURES = (("ServiceMode", "Default"), ("EnableConnectivityLogs", "False"), ("EnableMessagingLogs", "False"),
            ("EnableLiveTrace", "False"))
KINDS = {   # route segment -> (canonical type segment, kind, host suffix)
    "signalr": ("SignalR", "SignalR", "service.signalr.net"),
    "webpubsub": ("WebPubSub", "WebPubSub", "webpubsub.azure.com"),
}
PATCH_REPLACES = ("properties.cors.allowedOrigins", "properties.networkACLs.publicNetwork.allow",
                  "properties.networkACLs.publicNetwork.deny", "properties.networkACLs.privateEndpoints",
                  "properties.networkACLs.ipRules", "properties.upstream.templates")
KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

# op id -> {"rid", "kind": put|patch|delete|keys} for operationResults (fresh GUIDs; cleared when large)
_OPS = {}
_OPS_LOCK = threading.Lock()


def _route(seg):
    return r"(?P<rid>" + RG + r"/providers/microsoft\.signalrservice/" + seg + r"/(?P<n0>[^/]+))"


def _canonical_id(req, seg):
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec:
        return rec["id"]
    return (f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{req.groups['rg']}/providers/{NS}/"
            f"{KINDS[seg][0]}/{req.groups['n0']}")


def _not_found(seg):
    return lambda req: resource_not_found(f"{NS}/{KINDS[seg][0]}", req.groups["n0"], req.groups["rg"])


# ------------------------------------------------------------------------------------------ bodies
def _sku(given, old):
    sku = copy.deepcopy(given or old or {"name": "Free_F1"})   # default when omitted: assumed
    name = sku.get("name") or "Free_F1"
    tier, _, size = name.partition("_")
    return {"name": name, "tier": tier, "size": size, "capacity": sku.get("capacity") or 1}


def _acls(given):
    """networkACLs as the RP completes them (recorded: publicNetwork allows every type when none is named)."""
    given = copy.deepcopy(given or {})
    public = given.get("publicNetwork") or {}
    named = public.get("allow") is not None or public.get("deny") is not None
    return {"defaultAction": given.get("defaultAction") or "Deny",
            "publicNetwork": {"allow": public.get("allow") if named else list(REQUEST_TYPES),
                              "deny": public.get("deny")},
            "privateEndpoints": given.get("privateEndpoints") or [],
            "ipRules": given["ipRules"] if given.get("ipRules") is not None else copy.deepcopy(DEFAULT_IP_RULES)}


def _features(given):
    values = {f.get("flag"): f for f in given or []}
    out = [{"flag": flag, "value": str((values.pop(flag, None) or {}).get("value", default)),
            "properties": {}} for flag, default in FEATURES]
    return out + [{"flag": f, "value": str(v.get("value")), "properties": v.get("properties") or {}}
                  for f, v in values.items()]


def _build(seg, req, rid, body, old):
    old = old or {}
    name = rid.rsplit("/", 1)[1]
    p = body.get("properties") or {}
    type_seg, kind, host = KINDS[seg]
    ip = stable_int(rid, "externalIP")
    props = {"provisioningState": "Succeeded", "externalIP": f"20.88.{ip % 254 + 1}.{(ip >> 8) % 254 + 1}",
             "hostName": f"{name.lower()}.{host}", "publicPort": 443, "serverPort": 443, "version": "1.0",
             "privateEndpointConnections": [], "sharedPrivateLinkResources": [],
             "tls": {"clientCertEnabled": bool((p.get("tls") or {}).get("clientCertEnabled", False))}}
    if seg == "signalr":
        props.update({"hostNamePrefix": name, "features": _features(p.get("features"))})
    props.update({"liveTraceConfiguration": p.get("liveTraceConfiguration"),
                  "resourceLogConfiguration": p.get("resourceLogConfiguration")})
    if seg == "signalr":
        props.update({"cors": {"allowedOrigins": (p.get("cors") or {}).get("allowedOrigins") or ["*"]},
                      "serverless": {"connectionTimeoutInSeconds":
                                     (p.get("serverless") or {}).get("connectionTimeoutInSeconds") or 30},
                      "upstream": {"templates": (p.get("upstream") or {}).get("templates")}})
    props.update({"networkACLs": _acls(p.get("networkACLs")),
                  "publicNetworkAccess": p.get("publicNetworkAccess") or "Enabled",
                  "disableLocalAuth": bool(p.get("disableLocalAuth", False)),
                  "disableAadAuth": bool(p.get("disableAadAuth", False)),
                  "regionEndpointEnabled": p.get("regionEndpointEnabled") or "Enabled",
                  "resourceStopped": str(p.get("resourceStopped", "false")).lower()})
    out = {"sku": _sku(body.get("sku"), old.get("sku")), "properties": props,
           "kind": body.get("kind") or old.get("kind") or kind,
           "location": normalize_location(body.get("location") or old.get("location")),
           "tags": copy.deepcopy(body["tags"]) if "tags" in body else old.get("tags")}   # null when never set
    identity = ident.resolve(req, body.get("identity"), old.get("identity"), merge_users=req.method == "PATCH")
    if identity:
        out["identity"] = identity
    out.update({"id": rid, "name": name, "type": f"{NS}/{type_seg}",
                "systemData": system_data(req, old)})
    return out


def _same(a, b):
    strip = lambda d: {k: v for k, v in d.items() if k != "systemData"}  # noqa: E731
    return strip(a) == strip(b)


# ------------------------------------------------------------------------------------------ keys
def _new_key():
    return "".join(KEY_CHARS[b % len(KEY_CHARS)] for b in os.urandom(84))   # 84 characters (recorded)


def _keys_body(rec):
    keys = rec["private"]["keys"]
    host = rec["body"]["properties"]["hostName"]
    conn = lambda k: f"Endpoint=https://{host};AccessKey={k};Version=1.0;"  # noqa: E731
    return {"primaryKey": keys["primary"], "secondaryKey": keys["secondary"],
            "primaryConnectionString": conn(keys["primary"]), "secondaryConnectionString": conn(keys["secondary"])}


# ------------------------------------------------------------------------------------------ LRO
def _lro(req, rid, kind, status, body):
    """`status` + body + the RP's two monitors under the resource id."""
    started = req.sandbox.operations.azure_async(req, status, body, {}, namespace=NS, location="global")
    op_id = started.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    with _OPS_LOCK:
        if len(_OPS) > 10000:
            _OPS.clear()
        _OPS[op_id.lower()] = {"rid": rid, "kind": kind}
    base, query = f"{req.base_url}{rid}", f"?api-version={req.api_version}"
    headers = {"Azure-AsyncOperation": f"{base}/operationStatuses/{op_id}{query}",
               "Location": f"{base}/operationResults/{op_id}{query}"}
    if "Retry-After" in started.headers:
        headers["Retry-After"] = started.headers["Retry-After"]
    return Response(status, copy.deepcopy(body), headers)


def _status(req):
    require_group(req)
    polled = req.sandbox.operations.poll(req, req.groups["op"])
    rid = _op(req)["rid"]
    body = {"id": f"{rid}/operationStatuses/{req.groups['op']}", "name": req.groups["op"],
            "status": "Running" if polled.body["status"] == "InProgress" else polled.body["status"],
            "startTime": polled.body["startTime"]}
    if "endTime" in polled.body:
        body["endTime"] = polled.body["endTime"]
    return Response(200, body, polled.headers)


def _result(req):
    require_group(req)
    polled = req.sandbox.operations.poll(req, req.groups["op"])
    op = _op(req)
    if polled.body["status"] != "Succeeded":
        return Response(202, None, {**polled.headers, "Location": f"{req.base_url}{req.path}?api-version={req.api_version}"})
    rec = req.sandbox.store.get(op["rid"])
    if op["kind"] == "delete" or rec is None:
        return Response(204, None)
    return Response(200, _keys_body(rec) if op["kind"] == "keys" else rec["body"])


def _op(req):
    with _OPS_LOCK:
        op = _OPS.get(req.groups["op"].lower())
    if op is None:
        raise ArmError(404, "OperationNotFound", f"The operation '{req.groups['op']}' could not be found.")
    return op


# ------------------------------------------------------------------------------------------ handlers
def _handlers(seg):
    def put(req):
        require_group(req)
        body = req.json()
        if not body.get("location"):
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
        store, rid = req.sandbox.store, _canonical_id(req, seg)
        existing = store.get(rid)
        out = _build(seg, req, rid, body, existing and existing["body"])
        private = existing["private"] if existing else {"keys": {"primary": _new_key(), "secondary": _new_key()}}
        store.put(rid, out, private)
        if existing:   # a PUT on an existing resource: answered at once (not recorded)
            return Response(200, out)
        first = copy.deepcopy(out)
        first["properties"].update(provisioningState="Creating", externalIP=None, version="1.0-preview")
        return _lro(req, rid, "put", 201, first)

    def patch(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise _not_found(seg)(req)
        body = req.json()
        merged = merge_patch(rec["body"], {k: v for k, v in body.items() if k != "identity"}, PATCH_REPLACES)
        if "features" in (body.get("properties") or {}):   # flags merge by name (the others keep their value)
            flags = {f["flag"]: f for f in rec["body"]["properties"].get("features", [])}
            flags.update({f.get("flag"): f for f in body["properties"]["features"] or []})
            merged["properties"]["features"] = list(flags.values())
        merged["identity"] = body["identity"] if "identity" in body else None
        out = _build(seg, req, rec["id"], merged, rec["body"])
        if _same(out, rec["body"]):   # nothing changes: 200 with the resource (recorded `signalr start`)
            return Response(200, rec["body"])
        req.sandbox.store.put(rec["id"], out)
        return _lro(req, rec["id"], "patch", 202, None)

    def delete(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None)
        req.sandbox.store.delete_tree(rec["id"])
        return _lro(req, rec["id"], "delete", 202, None)

    def regenerate(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise _not_found(seg)(req)
        key_type = str(req.json().get("keyType") or "").lower()
        if key_type not in ("primary", "secondary", "salt"):
            # the RP's message for a bad keyType is not recorded (assumed)
            raise ArmError(400, "InvalidRequestParameter", f"Invalid keyType '{key_type}'. "
                                                           "Valid values are Primary, Secondary and Salt.")
        if key_type != "salt":   # a new salt invalidates tokens, the keys stay (recorded: keys unchanged)
            rec["private"]["keys"][key_type] = _new_key()
            req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
        return _lro(req, rec["id"], "keys", 202, _keys_body(rec))

    return put, patch, delete, regenerate


def _type(seg):
    return ResourceType(f"{NS}/{KINDS[seg][0]}", build=lambda req, rid, body, old: _build(seg, req, rid, body, old),
                        patch_replaces=PATCH_REPLACES, not_found=_not_found(seg),
                        actions={"listKeys": lambda req, rec: Response(200, _keys_body(rec))})


def register(router):
    for seg in KINDS:
        route = _route(seg)
        put, patch, delete, regenerate = _handlers(seg)
        router.add(["PUT"], route)(put)
        router.add(["PATCH"], route)(patch)
        router.add(["DELETE"], route)(delete)
        router.add(["POST"], route + r"/regeneratekey")(regenerate)
        router.add(["GET"], route + r"/operationstatuses/(?P<op>[^/]+)")(_status)
        router.add(["GET"], route + r"/operationresults/(?P<op>[^/]+)")(_result)
        tracked(router, _type(seg))

