"""Microsoft.AppConfiguration/configurationStores as the pinned azure-mgmt-appconfiguration 6.0.0b2 sees it
(api-version 2025-08-01-preview): PUT, GET, PATCH, DELETE, lists, listKeys, regenerateKey.

Fidelity notes (facts and sources in tests/sandbox/recorded_appconfig_signalr.py):
- PUT create answers 201 with a skeleton body (provisioningState "Creating", endpoint, systemData and most
  properties null, sku echoed as sent) plus Azure-AsyncOperation on the RP's own monitor
  .../providers/Microsoft.AppConfiguration/locations/{loc}/operationsStatus/Y29uZmlndXJhdGlvblN0b3Jlcw.{op}
  (api-version 2025-06-01-preview whatever the PUT used), which answers {"id","name","status":
  "Creating"|"Succeeded","error":null}; the poller then GETs the store. No Location header.
- GET: the id and endpoint carry the name lower-cased, `name` keeps the caller's casing, sku.name is
  lower-cased; publicNetworkAccess is absent until set; etag header.
- PATCH answers 200 at once with the store; DELETE answers 200 with no body (204 when absent).
- listKeys is a POST answering a page {"value": [4 keys]}; keys never show on GET.
Soft delete (deletedConfigurationStores, purge, recover) is not modelled: a deleted store is gone.
"""
import base64
import copy
import datetime
import hashlib
import os
import threading

from ..arm import ArmError, Response, normalize_location
from ..router import SUB
from ..tracked import ResourceType, tracked
from . import identity as ident
from .common import require_group, require_subscription, system_data

NS = "Microsoft.AppConfiguration"
TYPE = NS + "/configurationStores"
STORE = r"(?P<rid>" + SUB + r"/resourcegroups/(?P<rg>[^/]+)/providers/microsoft\.appconfiguration/configurationstores/(?P<n0>[^/]+))"
MONITOR_API_VERSION = "2025-06-01-preview"   # recorded on the monitor of a 2025-08-01-preview PUT
OP_PREFIX = "Y29uZmlndXJhdGlvblN0b3Jlcw"      # base64url("configurationStores"), the monitor token's prefix
KEY_NAMES = (("Primary", False), ("Secondary", False), ("Primary Read Only", True), ("Secondary Read Only", True))

# monitor name -> sandbox operation id (names are fresh per operation; cleared when large)
_OPS = {}
_OPS_LOCK = threading.Lock()


def _now(fraction=False):
    t = datetime.datetime.now(datetime.timezone.utc)
    # the PUT answer shows 7 fraction digits, GET whole seconds (recorded)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{t.microsecond:06d}0" if fraction else "") + "+00:00"


def _etag(body):
    digest = hashlib.sha256(repr(sorted(body["properties"].items())).encode()).hexdigest()
    return f'W/"{digest[:8]}-{digest[8:12]}-0100-0000-{digest[12:24]}"'


# ------------------------------------------------------------------------------------------ bodies
def _build(req, rid, body, old):
    """The stored (GET) body. PUT replaces, PATCH arrives here already merged with the old body."""
    old = old or {}
    name = rid.rsplit("/", 1)[1]
    given = body.get("properties") or {}
    sku = ((body.get("sku") or old.get("sku") or {}).get("name") or "standard").lower()
    free = sku == "free"   # recorded defaults: free 0 days / 7 days revisions, standard+premium 7 / 30 days

    def pick(key, default):
        return given[key] if given.get(key) is not None else default

    props = {"provisioningState": "Succeeded",
             "creationDate": (old.get("properties") or {}).get("creationDate") or _now(),
             "endpoint": f"https://{name.lower()}.azconfig.io",
             "encryption": {"keyVaultProperties": (given.get("encryption") or {}).get("keyVaultProperties")},
             "privateEndpointConnections": None}
    if given.get("publicNetworkAccess") is not None:   # absent on GET until someone sets it (recorded)
        props["publicNetworkAccess"] = given["publicNetworkAccess"]
    props.update({
        "disableLocalAuth": bool(pick("disableLocalAuth", False)),
        "softDeleteRetentionInDays": pick("softDeleteRetentionInDays", 0 if free else 7),
        "defaultKeyValueRevisionRetentionPeriodInSeconds": pick(
            "defaultKeyValueRevisionRetentionPeriodInSeconds", 604800 if free else 2592000),
        "enablePurgeProtection": bool(pick("enablePurgeProtection", False)),
        "dataPlaneProxy": {"authenticationMode": "Local", "privateLinkDelegation": "Disabled",
                           **{k: v for k, v in (given.get("dataPlaneProxy") or {}).items() if v is not None}},
        "telemetry": {"resourceId": (given.get("telemetry") or {}).get("resourceId")},
        "azureFrontDoor": {"resourceId": (given.get("azureFrontDoor") or {}).get("resourceId")},
    })
    out = {"type": TYPE, "location": normalize_location(body.get("location") or old.get("location"))}
    identity = ident.resolve(req, body.get("identity"), old.get("identity"), merge_users=req.method == "PATCH")
    if identity:
        identity.setdefault("userAssignedIdentities", {})   # the RP always shows the map (recorded)
        out["identity"] = identity
    out.update({"properties": props, "sku": {"name": sku}, "systemData": system_data(req, old),
                "id": rid[: -len(name)] + name.lower(), "name": name,
                "tags": copy.deepcopy(body["tags"]) if body.get("tags") is not None else old.get("tags") or {}})
    return out


def _creating_view(request_body, stored):
    """What the PUT that creates answers: the RP's skeleton before provisioning (recorded)."""
    keys = ("endpoint", "encryption", "privateEndpointConnections", "disableLocalAuth", "softDeleteRetentionInDays",
            "defaultKeyValueRevisionRetentionPeriodInSeconds", "enablePurgeProtection", "dataPlaneProxy",
            "telemetry", "azureFrontDoor")
    props = {"provisioningState": "Creating", "creationDate": _now(fraction=True), **{k: None for k in keys}}
    out = {"type": TYPE, "location": stored["location"]}
    if "identity" in stored:
        out["identity"] = stored["identity"]
    out.update({"properties": props, "sku": {"name": (request_body.get("sku") or {}).get("name")},
                "systemData": None, "id": stored["id"], "name": stored["name"], "tags": stored["tags"]})
    return out


# ------------------------------------------------------------------------------------------ keys
def _b64(n):
    return base64.b64encode(os.urandom(n)).decode()


def _new_keys():
    now = _now()
    return [{"id": f"{_b64(3)}-l{i + 1}-s0:{_b64(15)}", "name": name, "value": _b64(32), "readOnly": ro,
             "lastModified": now} for i, (name, ro) in enumerate(KEY_NAMES)]


def _api_key(rec, key):
    endpoint = rec["body"]["properties"]["endpoint"]
    return {"id": key["id"], "name": key["name"], "value": key["value"],
            "connectionString": f"Endpoint={endpoint};Id={key['id']};Secret={key['value']}",
            "lastModified": key["lastModified"], "readOnly": key["readOnly"]}


def _list_keys(req, rec):
    return Response(200, {"value": [_api_key(rec, k) for k in rec["private"]["keys"]]})


def _regenerate_key(req, rec):
    wanted = req.json().get("id")
    for key in rec["private"]["keys"]:
        if key["id"] == wanted:
            key.update(value=_b64(32), lastModified=_now())
            req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
            return Response(200, _api_key(rec, key))
    # the RP's answer for an unknown key id is not recorded (assumed)
    raise ArmError(400, "BadRequest", f"The specified key id '{wanted}' is invalid.")


# ------------------------------------------------------------------------------------------ create + monitor
def _put(req):
    require_group(req)
    body = req.json()
    if not body.get("location"):
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    rid = existing["id"] if existing else (f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/"
                                           f"{req.groups['rg']}/providers/{TYPE}/{req.groups['n0']}")
    out = _build(req, rid, body, existing and existing["body"])
    store.put(rid, out, existing["private"] if existing else {"keys": _new_keys()})
    if existing:   # a PUT on an existing store: answered at once (spec's 200; not recorded)
        return Response(200, out, {"ETag": _etag(out)})
    loc = out["location"]
    started = req.sandbox.operations.azure_async(req, 201, None, {}, namespace=NS, location=loc)
    op_id = started.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    name = base64.urlsafe_b64encode(hashlib.sha256(op_id.encode()).digest()).decode().rstrip("=")
    with _OPS_LOCK:
        if len(_OPS) > 10000:
            _OPS.clear()
        _OPS[name] = op_id
    monitor = (f"{req.base_url}/subscriptions/{req.sandbox.subscription_id}/providers/{NS}/locations/{loc}"
               f"/operationsStatus/{OP_PREFIX}.{name}?api-version={MONITOR_API_VERSION}")
    headers = {"Azure-AsyncOperation": monitor}
    if "Retry-After" in started.headers:
        headers["Retry-After"] = started.headers["Retry-After"]
    return Response(201, _creating_view(body, out), headers)


def _monitor(req):
    require_subscription(req)
    token = req.groups["op"]
    name = token.split(".", 1)[1] if token.startswith(OP_PREFIX + ".") else token
    with _OPS_LOCK:
        op_id = _OPS.get(name)
    if op_id is None:
        raise ArmError(404, "OperationNotFound", f"The operation '{token}' could not be found.")
    polled = req.sandbox.operations.poll(req, op_id)
    running = polled.body["status"] != "Succeeded"
    g = req.groups
    body = {"id": f"/subscriptions/{g['sub']}/providers/{NS}/locations/{g['loc']}/operationsStatus/{name}",
            "name": name, "status": "Creating" if running else "Succeeded", "error": None}
    return Response(200, body, {"Azure-AsyncOperation": f"{req.base_url}{req.path}?api-version={req.api_version}",
                                **({"Retry-After": polled.headers["Retry-After"]} if "Retry-After" in polled.headers
                                   else {})})


STORES = ResourceType(TYPE, build=_build,
                      actions={"listKeys": _list_keys, "regenerateKey": _regenerate_key})


def register(router):
    router.add(["PUT"], STORE)(_put)
    router.add(["GET"], SUB + r"/providers/microsoft\.appconfiguration/locations/(?P<loc>[^/]+)"
                              r"/operationsstatus/(?P<op>[^/]+)")(_monitor)

    @router.add(["GET", "PATCH"], STORE)
    def with_etag(req):
        """GET and PATCH answer with a weak ETag (recorded); the tracked routes below do the rest."""
        route, groups = router.match(req.method, req.path, after=with_etag)
        req.groups = groups
        resp = route.handler(req)
        if resp.status == 200 and isinstance(resp.body, dict):
            resp.headers["ETag"] = _etag(resp.body)
        return resp

    tracked(router, STORES)

