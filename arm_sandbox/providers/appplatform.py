"""Microsoft.AppPlatform (Azure Spring Apps): services, apps, deployments, setActiveDeployments.

What the recordings of the spring extension (api 2023-03-01-preview .. 2023-11-01-preview) show, and
what is modelled here:

- Every write is the RP's own long-running operation: the first answer carries the resource body in a
  transitional provisioningState (Creating / Updating) or nothing (DELETE), with BOTH headers
    Azure-AsyncOperation: {base}/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.AppPlatform
                          /locations/{loc}/operationStatus/{resourceName}/operationId/{opId}?api-version=...
    Location:             .../locations/{loc}/operationResults/{opId}/Spring/{resourceName}?api-version=...
  PUT create 201, PUT on an existing resource 202, PATCH 202, DELETE 202 (empty body), POST
  setActiveDeployments 202 (app body). The status monitor answers 200 {"id": "subscriptions/..."
  (no leading slash), "name": opId, "status": "Running" | "Succeeded", "startTime"[, "endTime"]}.
  The result monitor (Location) answers the resource itself once done - for an app with the extra
  `activeDeploymentName` and `createdTime` a plain GET does not show.
- The store always holds the final (Succeeded) body: a GET while the operation runs already shows it
  (real ARM shows Creating/Updating until the operation ends).
- A missing app is the RP's own 404 {"error": {"code": "NotFound", "message": "App was not found",
  "target": <id>, "details": null}}; deployments the same ("Deployment was not found").
- Identity on apps: type "SystemAssigned,UserAssigned" spelled without a space, "identity": null when
  none, "userAssignedIdentities": null for system-only. A PATCH's 202 body still shows the identity
  as it was before the request (recorded); the final GET shows the new one.
- Exactly one deployment of an app is active: POST .../apps/{app}/setActiveDeployments
  {"activeDeploymentNames": ["green"]} switches it ([] deactivates all); a deployment PUT/PATCH with
  properties.active = true does the same.
"""
import copy
import hashlib
import re
import threading
import uuid

from ..arm import ArmError, Response, normalize_location, now_iso, page, resource_not_found
from ..router import SUB
from ..tracked import ResourceType, merge_patch, pattern, resource_id, tracked
from . import identity as ident
from .common import require_group, require_subscription, system_data
from .web import fake_ips

NS = "Microsoft.AppPlatform"
SPRING_T = "Microsoft.AppPlatform/Spring"
APP_T = "Microsoft.AppPlatform/Spring/apps"
DEPLOYMENT_T = "Microsoft.AppPlatform/Spring/apps/deployments"
DOMAIN = "azuremicroservices.io"
# Headers the AppPlatform RP puts on its own answers (recorded); core adds the ARM ones.
RP_HEADERS = {"x-rp-server-mvid": "2d8cffe0-ed19-4f32-b630-c96199e681e1"}
READ_HEADERS = {**RP_HEADERS, "x-ms-ratelimit-remaining-subscription-resource-requests": "11999"}
WRITE_HEADERS = {**RP_HEADERS, "x-ms-ratelimit-remaining-subscription-resource-requests": "1199"}
TIERS = {"S0": "Standard", "E0": "Enterprise", "B0": "Basic"}
PROBE_DEFAULTS = {
    "livenessProbe": {"disableProbe": False, "failureThreshold": 3, "initialDelaySeconds": 300, "periodSeconds": 10,
                      "successThreshold": 1, "timeoutSeconds": 3, "probeAction": {"type": "TCPSocketAction"}},
    "readinessProbe": {"disableProbe": False, "failureThreshold": 3, "initialDelaySeconds": 0, "periodSeconds": 5,
                       "successThreshold": 1, "timeoutSeconds": 3, "probeAction": {"type": "TCPSocketAction"}},
}
INGRESS_DEFAULTS = {"readTimeoutInSeconds": 300, "sendTimeoutInSeconds": 60, "sessionCookieMaxAge": 0,
                    "sessionAffinity": "None", "backendProtocol": "Default"}

# Operation id -> what its result monitor answers. Operation ids are fresh GUIDs, so one table serves
# every sandbox in the process; the status itself lives in sandbox.operations (lro.py).
_OPS = {}
_OPS_LOCK = threading.Lock()
_OPS_MAX = 10000


# ---------------------------------------------------------------------------------------------- errors
def _rp_not_found(what, target):
    msg = f"{what} was not found"
    return ArmError(404, "NotFound", msg,
                    body={"error": {"code": "NotFound", "message": msg, "target": target, "details": None}})


def _ids(req):
    """(service id, app id, deployment id) of the request, in the request's casing (None where absent)."""
    g = req.groups
    sub = req.sandbox.subscription_id
    spring = f"/subscriptions/{sub}/resourceGroups/{g['rg']}/providers/{SPRING_T}/{g['n0']}"
    app = f"{spring}/apps/{g['n1']}" if g.get("n1") else None
    dep = f"{app}/deployments/{g['n2']}" if g.get("n2") else None
    return spring, app, dep


def _service_missing(req):
    return resource_not_found(SPRING_T, req.groups["n0"], req.groups["rg"])


def _app_missing(req):
    spring, app, _ = _ids(req)
    if req.sandbox.store.get(spring) is None:
        return _service_missing(req)
    return _rp_not_found("App", _canonical(req, app))


def _deployment_missing(req):
    spring, app, dep = _ids(req)
    if req.sandbox.store.get(app) is None:
        return _app_missing(req)
    return _rp_not_found("Deployment", _canonical(req, dep))


def _canonical(req, rid):
    rec = req.sandbox.store.get(rid)
    return rec["id"] if rec else rid


def _bad_request(message):
    return ArmError(400, "BadRequest", message,
                    body={"error": {"code": "BadRequest", "message": message, "target": None, "details": None}})


# ------------------------------------------------------------------------------------ long-running ops
def _parts(rid):
    m = re.match(r"^/subscriptions/([^/]+)/resourcegroups/([^/]+)/", rid, re.IGNORECASE)
    return m.group(1), m.group(2)


def _lro(req, status, body, rid, kind, location, delete=False, extra_headers=None):
    """Answer `status` with `body` plus the RP's Azure-AsyncOperation + Location monitors."""
    started = req.sandbox.operations.azure_async(req, status, None, {}, namespace=NS, location=location)
    op_id = started.headers["Azure-AsyncOperation"].split("/operationStatuses/", 1)[1].split("?", 1)[0]
    with _OPS_LOCK:
        _OPS[op_id.lower()] = {"rid": rid, "kind": kind, "delete": delete}
        while len(_OPS) > _OPS_MAX:  # a long `serve` session: forget the oldest
            _OPS.pop(next(iter(_OPS)))
    sub, rg = _parts(rid)
    name = rid.rsplit("/", 1)[1]
    base = f"{req.base_url}/subscriptions/{sub}/resourceGroups/{rg}/providers/{NS}/locations/{location}"
    query = f"?api-version={req.api_version}"
    headers = {**RP_HEADERS, **(extra_headers or {}),
               "Azure-AsyncOperation": f"{base}/operationStatus/{name}/operationId/{op_id}{query}",
               "Location": f"{base}/operationResults/{op_id}/Spring/{name}{query}"}
    if "Retry-After" in started.headers:
        headers["Retry-After"] = started.headers["Retry-After"]
    return Response(status, copy.deepcopy(body), headers)


MONITOR = (SUB + r"/resourcegroups/(?P<rg>[^/]+)/providers/microsoft\.appplatform/locations/(?P<loc>[^/]+)")


def _register_monitors(router):
    @router.add(["GET"], MONITOR + r"/operationstatus/(?P<name>[^/]+)/operationid/(?P<op>[^/]+)")
    def operation_status(req):
        require_subscription(req)
        polled = req.sandbox.operations.poll(req, req.groups["op"])
        g = req.groups
        state = (polled.body or {}).get("status")
        body = {"id": f"subscriptions/{g['sub']}/resourceGroups/{g['rg']}/providers/{NS}/locations/{g['loc']}"
                      f"/operationStatus/{g['name']}/operationId/{g['op']}",
                "name": g["op"], "status": "Running" if state == "InProgress" else state,
                "startTime": polled.body.get("startTime")}
        if "endTime" in polled.body:
            body["endTime"] = polled.body["endTime"]
        return Response(200, body, {**RP_HEADERS, **polled.headers})

    @router.add(["GET"], MONITOR + r"/operationresults/(?P<op>[^/]+)/spring/(?P<name>[^/]+)")
    def operation_result(req):
        require_subscription(req)
        polled = req.sandbox.operations.poll(req, req.groups["op"])
        if (polled.body or {}).get("status") != "Succeeded":
            qs = "&".join(f"{k}={v}" for k, v in req.query.items())
            return Response(202, None, {**RP_HEADERS, **polled.headers, "Location": f"{req.base_url}{req.path}?{qs}"})
        with _OPS_LOCK:
            info = _OPS.get(req.groups["op"].lower())
        if info is None or info["delete"]:
            return Response(204, None, dict(RP_HEADERS))
        rec = req.sandbox.store.get(info["rid"])
        if rec is None:
            what = {"spring": "Service", "app": "App", "deployment": "Deployment"}[info["kind"]]
            raise _rp_not_found(what, info["rid"])
        body = rec["body"]
        if info["kind"] == "app":
            body = _app_result(req, rec)
        return Response(200, body, dict(RP_HEADERS))


def _app_result(req, rec):
    """The app as its operation result shows it: with activeDeploymentName and createdTime (recorded)."""
    body = copy.deepcopy(rec["body"])
    props = {}
    for key, value in body["properties"].items():
        props[key] = value
        if key == "provisioningState":
            active = _active_names(req, rec["id"])
            if active:
                props["activeDeploymentName"] = active[0]
    props["createdTime"] = rec["private"].get("createdTime")
    body["properties"] = props
    return body


# ---------------------------------------------------------------------------------------------- service
def _sku(body, old):
    sku = copy.deepcopy(body.get("sku") or (old or {}).get("sku") or {"name": "S0"})
    if not sku.get("name"):
        raise _bad_request("The sku name is required.")
    sku.setdefault("tier", TIERS.get(sku["name"].upper(), "Standard"))
    return sku


def _build_spring(req, rid, body, old):
    name = rid.rsplit("/", 1)[1]
    loc = normalize_location(body.get("location") or (old or {}).get("location"))
    if not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    props = copy.deepcopy((old or {}).get("properties") or {})
    props.update(copy.deepcopy(body.get("properties") or {}))
    props.update({
        "provisioningState": "Succeeded",
        "zoneRedundant": bool(props.get("zoneRedundant", False)),
        "version": 3,
        "serviceId": ((old or {}).get("properties") or {}).get("serviceId") or uuid.uuid4().hex,
        "networkProfile": {**(props.get("networkProfile") or {}),
                           "outboundIPs": {"publicIPs": fake_ips(rid, 2)}, "outboundType": "loadBalancer"},
        "powerState": "Running",
        "fqdn": f"{name}.{DOMAIN}",
    })
    tags = copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags")
    return {"properties": props, "type": SPRING_T, "sku": _sku(body, old), "location": loc, "tags": tags,
            "id": rid, "name": name, "systemData": system_data(req, old)}


def _spring_creating(body):
    first = copy.deepcopy(body)
    first["properties"]["provisioningState"] = "Creating"
    first["properties"].pop("networkProfile", None)  # not in the recorded 201 body
    return first


# ----------------------------------------------------------------------------------------------- apps
def _service_of(req, rid):
    return req.sandbox.store.get(rid.rsplit("/apps/", 1)[0])


def _normalize_identity(identity):
    if identity is None:
        return None
    out = copy.deepcopy(identity)
    out["type"] = out["type"].replace(", ", ",")
    if "UserAssigned" not in out["type"]:
        out["userAssignedIdentities"] = None
    return out


def _identity_in(req, body, old, merge_users):
    """The identity to store: the request's (None = keep), resolved as on every identity-bearing type."""
    return _normalize_identity(ident.resolve(req, body.get("identity"), (old or {}).get("identity"),
                                             merge_users=merge_users))


def _build_app(req, rid, body, old, patch=False):
    service = _service_of(req, rid)
    spring_name = service["body"]["name"]
    name = rid.rsplit("/", 1)[1]
    given = copy.deepcopy(body.get("properties") or {})
    # PATCH merges into the stored properties; PUT replaces them (generated fields are recomputed below).
    props = merge_patch(copy.deepcopy((old or {}).get("properties") or {}), given) if patch else given
    props.pop("url", None)
    props.pop("activeDeploymentName", None)
    out_props = {
        "addonConfigs": props.get("addonConfigs") or {"applicationConfigurationService": {}, "serviceRegistry": {}},
        "public": bool(props.get("public", False)),
    }
    if out_props["public"]:
        out_props["url"] = f"https://{spring_name}-{name}.{DOMAIN}"
    out_props.update({
        "provisioningState": "Succeeded",
        "fqdn": f"{spring_name}.{DOMAIN}",
        "httpsOnly": bool(props.get("httpsOnly", False)),
        "temporaryDisk": props.get("temporaryDisk") or {"sizeInGB": 5, "mountPath": "/tmp"},
        "persistentDisk": props.get("persistentDisk") or {"sizeInGB": 0, "mountPath": "/persistent"},
        "enableEndToEndTLS": bool(props.get("enableEndToEndTLS", False)),
        "ingressSettings": {**INGRESS_DEFAULTS, **(props.get("ingressSettings") or {})},
    })
    for key, value in props.items():  # anything else the caller set (loadedCertificates, customPersistentDisks...)
        out_props.setdefault(key, value)
    return {"properties": out_props, "type": APP_T,
            "identity": _identity_in(req, body, old, merge_users=patch),
            "location": service["body"]["location"], "id": rid, "name": name,
            "systemData": system_data(req, old)}


def _app_creating(body):
    first = copy.deepcopy(body)
    for key in ("url", "fqdn", "persistentDisk"):  # not in the recorded 201 body
        first["properties"].pop(key, None)
    first["properties"]["provisioningState"] = "Creating"
    return first


def _updating(body):
    first = copy.deepcopy(body)
    first["properties"]["provisioningState"] = "Updating"
    return first


def _active_names(req, app_id):
    return [r["body"]["name"] for r in req.sandbox.store.children(app_id, "/deployments")
            if r["body"]["properties"].get("active")]


def _set_active(req, app_id, names):
    """Make exactly `names` (case-insensitive) the active deployments of the app."""
    wanted = {n.lower() for n in names}
    for rec in req.sandbox.store.children(app_id, "/deployments"):
        active = rec["body"]["name"].lower() in wanted
        if rec["body"]["properties"].get("active") != active:
            rec["body"]["properties"]["active"] = active
            req.sandbox.store.put(rec["id"], rec["body"])


def _set_active_deployments(req, rec):
    body = req.json()
    names = body.get("activeDeploymentNames")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _bad_request("activeDeploymentNames must be a list of deployment names.")
    if len(names) > 1:
        raise _bad_request("Only one active deployment is supported for an app.")
    existing = {r["body"]["name"].lower() for r in req.sandbox.store.children(rec["id"], "/deployments")}
    for name in names:
        if name.lower() not in existing:
            raise _rp_not_found("Deployment", f"{rec['id']}/deployments/{name}")
    _set_active(req, rec["id"], names)
    rec["body"]["systemData"] = system_data(req, rec["body"])
    req.sandbox.store.put(rec["id"], rec["body"])
    location = rec["body"]["location"]
    return _lro(req, 202, _updating(rec["body"]), rec["id"], "app", location)


# ---------------------------------------------------------------------------------------- deployments
def _check_env(props):
    settings = props.get("deploymentSettings")
    if settings is None:
        return
    if not isinstance(settings, dict):
        raise _bad_request("properties.deploymentSettings must be an object.")
    env = settings.get("environmentVariables")
    if env is not None and (not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values())):
        raise _bad_request("properties.deploymentSettings.environmentVariables must map names to string values.")


def _instances(rid, app_name, name, count, stamp):
    digest = hashlib.sha256(f"{rid.lower()}|{stamp}".encode()).hexdigest()
    out = []
    for i in range(count):
        pod = hashlib.sha256(f"{digest}|{i}".encode()).hexdigest()
        out.append({"name": f"{app_name}-{name}-1-{digest[:10]}-{pod[:5]}", "status": "Running",
                    "discoveryStatus": "UNREGISTERED", "startTime": stamp[:19] + "Z"})
    return out


def _build_deployment(req, rid, body, old, patch=False):
    app = req.sandbox.store.get(rid.rsplit("/deployments/", 1)[0])
    service = _service_of(req, app["id"])
    name = rid.rsplit("/", 1)[1]
    given = copy.deepcopy(body.get("properties") or {})
    _check_env(given)
    old_props = copy.deepcopy((old or {}).get("properties") or {})
    if patch:
        props = merge_patch(old_props, given, ("deploymentSettings.environmentVariables",))
    else:
        props = given
        props.setdefault("active", old_props.get("active", False))  # a PUT without `active` keeps it (recorded)
    given_settings = copy.deepcopy(props.get("deploymentSettings") or {})
    settings = {"resourceRequests": given_settings.pop("resourceRequests", None) or {"cpu": "1", "memory": "1Gi"},
                "environmentVariables": given_settings.pop("environmentVariables", None),
                "terminationGracePeriodSeconds": given_settings.pop("terminationGracePeriodSeconds", 90)}
    for key, value in PROBE_DEFAULTS.items():
        settings[key] = given_settings.pop(key, None) or copy.deepcopy(value)
    settings.update(given_settings)  # anything else the caller set (apms, scale, ...)
    tier = service["body"]["sku"].get("tier", "Standard")
    default_source = ({"type": "BuildResult", "buildResultId": "<default>"} if tier == "Enterprise"
                      else {"type": "Jar", "relativePath": "<default>"})
    sku = copy.deepcopy((old or {}).get("sku") or {"name": service["body"]["sku"]["name"], "tier": tier,
                                                   "capacity": 1})
    sku.update(copy.deepcopy(body.get("sku") or {}))
    sku.setdefault("capacity", 1)
    sd = system_data(req, old)
    out_props = {"deploymentSettings": settings, "provisioningState": "Succeeded", "status": "Running",
                 "active": bool(props.get("active", False)),
                 "instances": _instances(rid, app["body"]["name"], name, int(sku.get("capacity") or 0),
                                         sd["lastModifiedAt"]),
                 "source": props.get("source") or old_props.get("source") or default_source}
    for key, value in props.items():
        out_props.setdefault(key, value)
    return {"properties": out_props, "type": DEPLOYMENT_T, "sku": sku, "id": rid, "name": name, "systemData": sd}


def _deployment_first(body, state, keep_instances=False):
    first = copy.deepcopy(body)
    first["properties"]["provisioningState"] = state
    if not keep_instances:
        first["properties"]["instances"] = None
    for key in PROBE_DEFAULTS:  # the probes appear once the deployment is provisioned (recorded)
        first["properties"]["deploymentSettings"].pop(key, None)
    return first


def _same(a, b):
    strip = lambda body: {k: v for k, v in body.items() if k != "systemData"}  # noqa: E731
    a, b = strip(a), strip(b)
    a["properties"] = {k: v for k, v in a["properties"].items() if k != "instances"}
    b["properties"] = {k: v for k, v in b["properties"].items() if k != "instances"}
    return a == b


# -------------------------------------------------------------------------------------------- routes
SPRING = ResourceType(SPRING_T, build=_build_spring, headers=READ_HEADERS, not_found=_service_missing)
APPS = ResourceType(APP_T, build=_build_app, headers=READ_HEADERS, not_found=_app_missing,
                    actions={"setActiveDeployments": _set_active_deployments})
DEPLOYMENTS = ResourceType(DEPLOYMENT_T, build=_build_deployment, headers=READ_HEADERS,
                           not_found=_deployment_missing)


def register(router):
    _register_monitors(router)

    # ---- Spring
    @router.add(["PUT"], pattern(SPRING))
    def put_spring(req):
        require_group(req)
        body = req.json()
        store = req.sandbox.store
        existing = store.get(req.groups["rid"])
        rid = resource_id(req, SPRING)
        out = _build_spring(req, rid, body, existing and existing["body"])
        store.put(rid, out)
        if existing:
            return _lro(req, 202, _updating(out), rid, "spring", out["location"], extra_headers=WRITE_HEADERS)
        return _lro(req, 201, _spring_creating(out), rid, "spring", out["location"], extra_headers=WRITE_HEADERS)

    @router.add(["PATCH"], pattern(SPRING))
    def patch_spring(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise _service_missing(req)
        body = req.json()
        merged = merge_patch(rec["body"], {k: v for k, v in body.items() if k != "tags"})
        if "tags" in body:
            merged["tags"] = copy.deepcopy(body["tags"])
        out = _build_spring(req, rec["id"], merged, rec["body"])
        req.sandbox.store.put(rec["id"], out)
        return _lro(req, 202, _updating(out), rec["id"], "spring", out["location"], extra_headers=WRITE_HEADERS)

    @router.add(["DELETE"], pattern(SPRING))
    def delete_spring(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None, dict(RP_HEADERS))
        req.sandbox.store.delete_tree(rec["id"])
        return _lro(req, 202, None, rec["id"], "spring", rec["body"]["location"], delete=True)

    # ---- apps
    @router.add(["PUT"], pattern(APPS))
    def put_app(req):
        require_group(req)
        spring, _, _ = _ids(req)
        if req.sandbox.store.get(spring) is None:
            raise _service_missing(req)
        body = req.json()
        store = req.sandbox.store
        existing = store.get(req.groups["rid"])
        rid = resource_id(req, APPS)
        out = _build_app(req, rid, body, existing and existing["body"])
        private = existing["private"] if existing else {"createdTime": now_iso()}
        store.put(rid, out, private)
        if existing:
            first = _updating(out)
            first["identity"] = copy.deepcopy(existing["body"].get("identity"))
            return _lro(req, 202, first, rid, "app", out["location"], extra_headers=WRITE_HEADERS)
        return _lro(req, 201, _app_creating(out), rid, "app", out["location"], extra_headers=WRITE_HEADERS)

    @router.add(["PATCH"], pattern(APPS))
    def patch_app(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise _app_missing(req)
        body = req.json()
        out = _build_app(req, rec["id"], body, rec["body"], patch=True)
        req.sandbox.store.put(rec["id"], out)
        first = _updating(out)
        first["identity"] = copy.deepcopy(rec["body"].get("identity"))  # recorded: the old identity
        return _lro(req, 202, first, rec["id"], "app", out["location"], extra_headers=WRITE_HEADERS)

    @router.add(["DELETE"], pattern(APPS))
    def delete_app(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None, dict(RP_HEADERS))
        req.sandbox.store.delete_tree(rec["id"])
        return _lro(req, 202, None, rec["id"], "app", rec["body"]["location"], delete=True)

    # ---- deployments
    @router.add(["GET"], pattern(DEPLOYMENTS, with_name=False))
    def list_deployments(req):
        require_group(req)
        _, app, _ = _ids(req)
        rec = req.sandbox.store.get(app)
        if rec is None:
            raise _app_missing(req)
        recs = req.sandbox.store.children(rec["id"], "/deployments")
        resp = page(req, [r["body"] for r in recs], req.sandbox.page_size)
        resp.headers.update(READ_HEADERS)
        return resp

    @router.add(["PUT"], pattern(DEPLOYMENTS))
    def put_deployment(req):
        require_group(req)
        _, app, _ = _ids(req)
        app_rec = req.sandbox.store.get(app)
        if app_rec is None:
            raise _app_missing(req)
        body = req.json()
        store = req.sandbox.store
        existing = store.get(req.groups["rid"])
        rid = resource_id(req, DEPLOYMENTS)
        out = _build_deployment(req, rid, body, existing and existing["body"])
        store.put(rid, out)
        if out["properties"]["active"]:
            _set_active(req, app_rec["id"], [out["name"]])
        location = app_rec["body"]["location"]
        if existing:
            return _lro(req, 202, _deployment_first(out, "Updating"), rid, "deployment", location,
                        extra_headers=WRITE_HEADERS)
        return _lro(req, 201, _deployment_first(out, "Creating"), rid, "deployment", location,
                    extra_headers=WRITE_HEADERS)

    @router.add(["PATCH"], pattern(DEPLOYMENTS))
    def patch_deployment(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise _deployment_missing(req)
        body = req.json()
        out = _build_deployment(req, rec["id"], body, rec["body"], patch=True)
        if _same(out, rec["body"]):  # nothing changes: answered at once, no operation (recorded)
            return Response(200, rec["body"], dict(WRITE_HEADERS))
        req.sandbox.store.put(rec["id"], out)
        app_id = rec["id"].rsplit("/deployments/", 1)[0]
        if out["properties"]["active"] and not rec["body"]["properties"].get("active"):
            _set_active(req, app_id, [out["name"]])
        first = _deployment_first(out, "Updating", keep_instances=True)
        first["properties"]["instances"] = rec["body"]["properties"].get("instances")
        location = req.sandbox.store.get(app_id)["body"]["location"]
        return _lro(req, 202, first, rec["id"], "deployment", location, extra_headers=WRITE_HEADERS)

    @router.add(["DELETE"], pattern(DEPLOYMENTS))
    def delete_deployment(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None, dict(RP_HEADERS))
        app = req.sandbox.store.get(rec["id"].rsplit("/deployments/", 1)[0])
        req.sandbox.store.delete_tree(rec["id"])
        return _lro(req, 202, None, rec["id"], "deployment", app["body"]["location"], delete=True)

    # GET, lists and setActiveDeployments come from the declarative types (writes above win).
    tracked(router, SPRING)
    tracked(router, APPS)
    tracked(router, DEPLOYMENTS)
