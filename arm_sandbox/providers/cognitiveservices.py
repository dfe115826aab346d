"""Microsoft.CognitiveServices/accounts (OpenAI, AIServices, CognitiveServices, FormRecognizer, ...) and the
soft-deleted accounts a DELETE leaves behind.

Fidelity notes (facts and sources in tests/sandbox/recorded_ai_insights.py):
- PUT create answers 201 with the account in provisioningState "Creating" and an Azure-AsyncOperation monitor
  .../providers/Microsoft.CognitiveServices/locations/{LOCATION as sent}/operationResults/{id}?api-version=2017-04-18
  ({"id", "name", "status", "startTime"[, "endTime"]}); the poller then GETs the account ("Succeeded").
  `location` is echoed as sent (the recordings send "SOUTHCENTRALUS" and get it back).
- PATCH of tags/sku only answers 200 at once; a PATCH that changes properties (network rules) answers 202 with
  provisioningState "Accepted", Azure-AsyncOperation + Location; the monitor says "Updating", then "Succeeded".
  `properties.networkAcls` is replaced whole by a PATCH that carries it (the CLI always sends the whole set).
- GET never shows keys: POST listKeys answers {"key1", "key2"} (32 hex digits each), regenerateKey the new pair;
  listKeys is refused (400 BadRequest) on an account with disableLocalAuth.
- DELETE answers 200 with no body and soft-deletes: the account moves to
  /subscriptions/{s}/providers/Microsoft.CognitiveServices/locations/{loc}/resourceGroups/{rg}/deletedAccounts/{n}
  (deletionDate, scheduledPurgeDate = +48 h), keys kept. Re-creating the name answers 409
  FlagMustBeSetForRestore unless properties.restore is true (then 201 "Succeeded", same internalId and keys);
  a DELETE of the deleted account purges it.
"""
import copy
import datetime
import threading
import uuid

from ..arm import ArmError, Response, normalize_location, now_iso, page, resource_not_found
from ..router import SUB
from ..tracked import ResourceType, merge_patch, pattern, tracked
from . import identity as ident
from .common import require_group, require_subscription, system_data

NS = "Microsoft.CognitiveServices"
TYPE = NS + "/accounts"
DELETED_TYPE = NS + "/deletedAccounts"
MONITOR_API_VERSION = "2017-04-18"     # the monitor's api-version whatever the request used (recorded)
PURGE_AFTER = datetime.timedelta(hours=48)

# Properties only the RP sets; a client sending them back (a GET body re-PUT) must not override them.
READ_ONLY = {"endpoint", "endpoints", "internalId", "dateCreated", "provisioningState", "capabilities",
             "isMigrated", "privateEndpointConnections", "callRateLimit", "quotaLimit", "skuChangeInfo",
             "deletionDate", "scheduledPurgeDate", "abusePenalty", "restore"}
OPENAI_APIS = ("OpenAI Dall-E API", "OpenAI Language Model Instance API", "OpenAI Model Scaleset API",
               "OpenAI Moderations API", "OpenAI Realtime API", "OpenAI Sora API", "OpenAI Whisper API",
               "Token Service API")
AI_SERVICES_APIS = ("Azure AI Model Inference API", "Content Safety", "Computer Vision", "FormRecognizer",
                    "Speech Services Speech to Text", "Text Analytics", "Language", "TextTranslation", "Container")
KIND_API = {"ComputerVision": "Computer Vision", "TextAnalytics": "Text Analytics", "ContentSafety": "Content Safety"}

# operation id -> what the monitor says while running (recorded "Updating" for a PATCH); the dict stays small.
_RUNNING = {}
_RUNNING_LOCK = threading.Lock()


# ------------------------------------------------------------------------------------------ body
def _hosts(name, kind, location, subdomain):
    """(endpoint, endpoints) as the RP derives them from kind, region and custom subdomain."""
    region = f"https://{normalize_location(location)}.api.cognitive.microsoft.com/"
    services = f"https://{subdomain}.cognitiveservices.azure.com/" if subdomain else region
    openai = f"https://{subdomain}.openai.azure.com/" if subdomain else region
    if kind == "OpenAI":
        return openai, {api: openai for api in OPENAI_APIS}
    if kind == "AIServices":
        endpoints = {"AI Foundry API": f"https://{subdomain or name}.services.ai.azure.com/"}
        endpoints.update({api: openai for api in OPENAI_APIS})
        endpoints.update({api: services for api in AI_SERVICES_APIS})
        return services, endpoints
    return services, {KIND_API.get(kind, kind): services, "Container": services}


def _network_acls(acls):
    """The stored shape: defaultAction, virtualNetworkRules [{id, ignoreMissingVnetServiceEndpoint}], ipRules."""
    if acls is None:
        return None
    rules = [{"id": r.get("id"), "ignoreMissingVnetServiceEndpoint": bool(r.get("ignoreMissingVnetServiceEndpoint"))}
             for r in acls.get("virtualNetworkRules") or []]
    return {"defaultAction": acls.get("defaultAction") or "Allow", "virtualNetworkRules": rules,
            "ipRules": [{"value": r.get("value")} for r in acls.get("ipRules") or []]}


def _etag():
    return f'"{uuid.uuid4().hex[:8]}-0000-0500-0000-{int(datetime.datetime.now().timestamp()):x}0000"'


def _build(req, rid, body, old):
    """The account as GET returns it. `body` is the PUT body, or the merged body of a PATCH."""
    old = old or {}
    name = rid.rsplit("/", 1)[1]
    location = (body.get("location") or old.get("location") or "").replace(" ", "")
    kind = body.get("kind") or old.get("kind")
    given = {k: v for k, v in (body.get("properties") or {}).items() if k not in READ_ONLY}
    old_props = old.get("properties") or {}
    endpoint, endpoints = _hosts(name, kind, location, given.get("customSubDomainName"))
    props = {"endpoint": endpoint, "internalId": old_props.get("internalId") or uuid.uuid4().hex,
             "dateCreated": old_props.get("dateCreated") or now_iso(), "isMigrated": False,
             "allowProjectManagement": bool(given.pop("allowProjectManagement", False))}
    acls = _network_acls(given.pop("networkAcls", None))
    props.update(given)
    if acls is not None:
        props["networkAcls"] = acls
    props.update({"privateEndpointConnections": [], "publicNetworkAccess": given.get("publicNetworkAccess", "Enabled"),
                  "endpoints": endpoints, "provisioningState": "Succeeded"})
    out = {"id": rid, "name": name, "type": TYPE, "etag": _etag(), "location": location,
           "sku": copy.deepcopy(body.get("sku") or old.get("sku") or {"name": "S0"}), "kind": kind}
    if "tags" in body or "tags" in old:                     # no "tags" key until some were given (recorded)
        out["tags"] = copy.deepcopy(body["tags"] if "tags" in body else old["tags"]) or {}
    out["properties"] = props
    identity = ident.resolve(req, body.get("identity"), old.get("identity"), merge_users=req.method == "PATCH")
    if identity:
        out["identity"] = identity
    out["systemData"] = system_data(req, old)
    return out


def _new_keys():
    return {"key1": uuid.uuid4().hex, "key2": uuid.uuid4().hex}


# ------------------------------------------------------------------------------------------ LRO
def _async(req, status, body, state, running, with_location=False):
    """`status` with the body in provisioningState `state` + the RP's own operationResults monitor."""
    shown = copy.deepcopy(body)
    shown["properties"]["provisioningState"] = state
    resp = req.sandbox.operations.azure_async(req, status, shown, {}, namespace=NS, location=body["location"])
    op_id = resp.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
    with _RUNNING_LOCK:
        if len(_RUNNING) > 10000:
            _RUNNING.clear()
        _RUNNING[op_id.lower()] = running
    monitor = (f"{req.base_url}/subscriptions/{req.sandbox.subscription_id}/providers/{NS}/locations/"
               f"{body['location']}/operationResults/{op_id}?api-version={MONITOR_API_VERSION}")
    resp.headers["Azure-AsyncOperation"] = monitor
    if with_location:
        resp.headers["Location"] = monitor + "&operationResultResponseType=Location"
    return resp


def _poll(req):
    require_subscription(req)
    resp = req.sandbox.operations.poll(req, req.groups["op"])
    if isinstance(resp.body, dict) and resp.body.get("status") == "InProgress":
        with _RUNNING_LOCK:
            resp.body["status"] = _RUNNING.get(req.groups["op"].lower(), "InProgress")
    return resp


# ------------------------------------------------------------------------------------------ soft delete
def _deleted_id(req, location, rg, name):
    return (f"/subscriptions/{req.sandbox.subscription_id}/providers/{NS}/locations/{location}/resourceGroups/"
            f"{rg}/deletedAccounts/{name}")


def _find_deleted(req, rg, name):
    tail = f"/resourcegroups/{rg}/deletedaccounts/{name}".lower()
    recs = req.sandbox.store.select(lambda r: r["body"].get("type") == DELETED_TYPE and r["id"].lower().endswith(tail))
    return recs[0] if recs else None


def _soft_delete(req, rec):
    body = copy.deepcopy(rec["body"])
    body["id"] = _deleted_id(req, body["location"], req.groups["rg"], body["name"])
    body["type"] = DELETED_TYPE
    deleted_at = datetime.datetime.now(datetime.timezone.utc)
    body["properties"]["deletionDate"] = deleted_at.strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    body["properties"]["scheduledPurgeDate"] = (deleted_at + PURGE_AFTER).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
    req.sandbox.store.put(body["id"], body, rec["private"])


def _restore(req, rid, deleted):
    body = copy.deepcopy(deleted["body"])
    body.update(id=rid, type=TYPE, etag=_etag(), systemData=system_data(req))
    for key in ("deletionDate", "scheduledPurgeDate"):
        body["properties"].pop(key, None)
    req.sandbox.store.put(rid, body, deleted["private"])
    req.sandbox.store.delete(deleted["id"])
    return Response(201, body)                               # recorded: 201, "Succeeded", no monitor


# ------------------------------------------------------------------------------------------ handlers
def _rid(req):
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec:
        return rec["id"]
    g = req.groups
    return f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{g['rg']}/providers/{TYPE}/{g['n0']}"


def _not_found(req):
    return resource_not_found(TYPE, req.groups["n0"], req.groups["rg"])


def _put(req):
    require_group(req)
    body = req.json()
    if not body.get("location"):
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    store, rid = req.sandbox.store, _rid(req)
    existing = store.get(rid)
    if existing is None:
        deleted = _find_deleted(req, req.groups["rg"], req.groups["n0"])
        if deleted and (body.get("properties") or {}).get("restore"):
            return _restore(req, rid, deleted)
        if deleted:
            raise ArmError(409, "FlagMustBeSetForRestore",
                           f"An existing resource with ID '{rid}' has been soft-deleted. To restore the resource, you "
                           "must specify 'restore' to be 'true' in the property. If you don't want to restore "
                           "existing resource, please purge it first.")
    out = _build(req, rid, body, existing and existing["body"])
    store.put(rid, out, existing["private"] if existing else {"keys": _new_keys()})
    if existing:
        return _async(req, 200, out, "Accepted", "Updating")    # assumed like a PATCH (not recorded)
    return _async(req, 201, out, "Creating", "Creating")


def _patch(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        raise _not_found(req)
    body = req.json()
    merged = merge_patch(rec["body"], {k: v for k, v in body.items() if k != "identity"}, ("properties.networkAcls",))
    merged["identity"] = body.get("identity")                    # None keeps the identity as it is
    out = _build(req, rec["id"], merged, rec["body"])
    store.put(rec["id"], out)
    if not body.get("properties") and "identity" not in body:    # tags/sku: synchronous (recorded)
        return Response(200, out)
    return _async(req, 202, out, "Accepted", "Updating", with_location=True)


def _delete(req):
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)
    req.sandbox.store.delete_tree(rec["id"])
    _soft_delete(req, rec)
    return Response(200, None)


def _list_keys(req, rec):
    if rec["body"]["properties"].get("disableLocalAuth"):
        raise ArmError(400, "BadRequest", "Failed to list key. disableLocalAuth is set to be true")
    return Response(200, dict(rec["private"]["keys"]))


def _regenerate_key(req, rec):
    key = (req.json().get("keyName") or "").lower()
    if key not in ("key1", "key2"):
        # The RP's code and message for a bad key name are not recorded (assumed).
        raise ArmError(400, "BadRequest", "Values for request parameters are invalid: keyName (Key1|Key2).")
    rec["private"]["keys"][key] = uuid.uuid4().hex
    req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
    return _list_keys(req, rec)


ACCOUNTS = ResourceType(TYPE, build=_build, create="async", not_found=_not_found,
                        actions={"listKeys": _list_keys, "regenerateKey": _regenerate_key})

DELETED = SUB + r"/providers/microsoft\.cognitiveservices/locations/(?P<loc>[^/]+)/resourcegroups/(?P<rg>[^/]+)" \
                r"/deletedaccounts/(?P<name>[^/]+)"


def register(router):
    monitor = SUB + r"/providers/microsoft\.cognitiveservices/locations/[^/]+/operationresults/(?P<op>[^/]+)"
    router.add(["GET"], monitor)(_poll)

    @router.add(["GET", "DELETE"], DELETED)
    def deleted_account(req):
        require_subscription(req)
        g = req.groups
        rec = req.sandbox.store.get(_deleted_id(req, g["loc"], g["rg"], g["name"]))
        if rec is None:
            # Not recorded: ARM's ResourceNotFound shape assumed.
            raise resource_not_found(DELETED_TYPE, g["name"], g["rg"])
        if req.method == "DELETE":                               # purge (status not recorded: 200 assumed)
            req.sandbox.store.delete(rec["id"])
            return Response(200, None)
        return Response(200, rec["body"])

    @router.add(["GET"], SUB + r"/providers/microsoft\.cognitiveservices/deletedaccounts")
    def list_deleted(req):
        require_subscription(req)
        recs = req.sandbox.store.select(lambda r: r["body"].get("type") == DELETED_TYPE)
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    route = pattern(ACCOUNTS)
    router.add(["PUT"], route)(_put)
    router.add(["PATCH"], route)(_patch)
    router.add(["DELETE"], route)(_delete)
    tracked(router, ACCOUNTS)
