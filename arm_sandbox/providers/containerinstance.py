"""Microsoft.ContainerInstance/containerGroups: PUT (create / full replace), GET, PATCH (tags), DELETE,
lists, restart / stop / start, and the RP's own operation monitor.

Fidelity notes (facts in tests/sandbox/recorded_containerinstance.py):
- PUT create answers 201 with the group in provisioningState "Pending" (no ip yet, instanceView
  {"events": [], "state": "Pending"}) plus Azure-AsyncOperation
  .../providers/Microsoft.ContainerInstance/locations/{loc}/operations/{id}?api-version=2018-06-01,
  a monitor that answers 200 {"id": <group id>, "status": "Pending"|"Succeeded", "startTime",
  "properties": {"events": [...]}}. The SDK poller then GETs the group.
- An environment variable given with `secureValue` comes back as {"name": ...} only (no `value`,
  no `secureValue`) on every answer (PUT, GET, list, DELETE); the values live in the record's private
  part (`secureEnvironmentVariables`: {container: {name: value}}). Secret volumes answer {}, registry
  passwords, storage account keys and the Log Analytics key are dropped the same way.
- A PUT replaces the whole group; the running containers restart in place (Killing + Started events,
  restartCount unchanged, as a recorded restart shows). PATCH only replaces the tags (200, synchronous).
- DELETE answers 200 with the group as it was (204 when absent). restart = 204 + Azure-AsyncOperation,
  stop = 204 (synchronous), start = 202 + Azure-AsyncOperation on a stopped group, 204 on a running one.
- Lists carry neither the group's nor the containers' instanceView.
"""
import copy
import datetime
import re
import threading

from ..arm import ArmError, Response, normalize_location, page, resource_not_found
from ..router import RG, SUB
from ..tracked import ResourceType, tracked
from . import identity as ident
from .common import require_group, require_subscription
from .web import fake_ips

NAMESPACE = "Microsoft.ContainerInstance"
TYPE = "Microsoft.ContainerInstance/containerGroups"
GROUP = r"(?P<rid>" + RG + r"/providers/microsoft\.containerinstance/containergroups/(?P<n0>[^/]+))"
MONITOR_API_VERSION = "2018-06-01"   # the monitor's api-version, whatever the PUT used (recorded)

CONTAINER_NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
ENV_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# op id -> (group id, kind) for the RP's operation monitor (ids are fresh GUIDs; the dict stays small).
_OPS = {}
_OPS_LOCK = threading.Lock()


# ------------------------------------------------------------------------------------------ time
def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _event_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")           # events: whole seconds (recorded)


def _state_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"   # currentState: milliseconds


# ------------------------------------------------------------------------------------------ errors
def _invalid_container_name(name, group):
    return ArmError(400, "InvalidContainerName",
                    f"The container name '{name}' in container group '{group}' is invalid. The container name must "
                    "contain no more than 63 characters and must match the regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' "
                    "(e.g. 'my-name').")


def _invalid_env(var, container, group):
    return ArmError(400, "InvalidEnvironmentVariable",
                    f"The environment variable '{var}' in container '{container}' of container group '{group}' is "
                    "invalid. One and only one property of 'value' and 'secureValue' can be specified in an "
                    "environment variable.")


def _invalid_env_name(container, group):
    # Message recorded (Azure/aci-deploy#89, #29); the code is not (assumed).
    return ArmError(400, "InvalidEnvironmentVariableName",
                    f"The environment variable name in container '{container}' of container group '{group}' is "
                    "invalid. A valid environment variable name must start with alphabetic character or '_', followed "
                    "by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName').")


def _duplicate_env(names, group):
    # The tail "'A,B' found in in container group" is recorded (artilleryio/artillery#3521); code assumed.
    return ArmError(400, "DuplicateEnvironmentVariables",
                    f"Duplicate environment variables '{','.join(names)}' found in in container group '{group}'.")


def _invalid_update(group):
    # Message recorded (MicrosoftDocs/azure-docs#37604); code and status assumed.
    return ArmError(400, "InvalidContainerGroupUpdate",
                    f"The updates on container group '{group}' are invalid. If you are going to update the os type, "
                    "restart policy, network profile, CPU, memory or GPU resources for a container group, you must "
                    "delete it first and then create a new one.")


def _invalid_location(name, old_loc, new_loc, rg):
    return ArmError(409, "InvalidResourceLocation",
                    f"The resource '{name}' already exists in location '{old_loc}' in resource group '{rg}'. "
                    f"A resource with the same name cannot be created in location '{new_loc}'. "
                    "Please select a new resource name.")


# ------------------------------------------------------------------------------------------ validation
def _validate(req, group_name, body, existing):
    props = body.get("properties") or {}
    for key in ("containers", "initContainers"):
        for container in props.get(key) or []:
            cname = container.get("name") or ""
            if len(cname) > 63 or not CONTAINER_NAME_RE.match(cname):
                raise _invalid_container_name(cname, group_name)
            seen, dups = set(), []
            for var in (container.get("properties") or {}).get("environmentVariables") or []:
                vname = var.get("name") or ""
                if not ENV_NAME_RE.match(vname):
                    raise _invalid_env_name(cname, group_name)
                if (var.get("value") is None) == (var.get("secureValue") is None):
                    raise _invalid_env(vname, cname, group_name)
                if vname in seen and vname not in dups:
                    dups.append(vname)
                seen.add(vname)
            if dups:
                raise _duplicate_env(dups, group_name)
    if existing is None:
        return
    old = existing["body"]
    if body.get("location") and normalize_location(body["location"]) != normalize_location(old.get("location")):
        raise _invalid_location(group_name, normalize_location(old.get("location")),
                                normalize_location(body.get("location")), req.groups["rg"])
    if old["properties"]["instanceView"]["state"] == "Stopped":
        return  # a stopped group is deployed as new (docs: container-instances-update)
    old_props = old["properties"]
    if (props.get("osType") or "").lower() != (old_props.get("osType") or "").lower() or \
            (props.get("restartPolicy") or "Always").lower() != (old_props.get("restartPolicy") or "Always").lower():
        raise _invalid_update(group_name)
    old_requests = {c["name"]: (c["properties"].get("resources") or {}).get("requests") or {}
                    for c in old_props["containers"]}
    for container in props.get("containers") or []:
        if container.get("name") not in old_requests:
            continue
        new_req = ((container.get("properties") or {}).get("resources") or {}).get("requests") or {}
        old_req = old_requests[container["name"]]
        if (_num(new_req.get("cpu")), _num(new_req.get("memoryInGB")), new_req.get("gpu")) != \
                (_num(old_req.get("cpu")), _num(old_req.get("memoryInGB")), old_req.get("gpu")):
            raise _invalid_update(group_name)


def _num(value):
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


# ------------------------------------------------------------------------------------------ building
def _event(name, message, t):
    return {"count": 1, "firstTimestamp": _event_time(t), "lastTimestamp": _event_time(t), "name": name,
            "message": message, "type": "Normal"}


def _bump(events, name, message, t):
    """One more occurrence of an event (ACI folds repeats into count/lastTimestamp)."""
    for ev in events:
        if ev["name"] == name and ev["message"] == message:
            ev["count"] += 1
            ev["lastTimestamp"] = _event_time(t)
            return
    events.append(_event(name, message, t))


def _fresh_instance_view(image, t):
    return {"restartCount": 0,
            "currentState": {"state": "Running", "startTime": _state_time(t), "detailStatus": ""},
            "events": [_event("Pulling", f'pulling image "{image}"', t),
                       _event("Pulled", f'Successfully pulled image "{image}"', t),
                       _event("Started", "Started container", t)]}


def _restarted_instance_view(old_view, name, image, old_image, t):
    """In-place restart: Killing + Started events, a new startTime, restartCount unchanged (recorded)."""
    view = copy.deepcopy(old_view)
    view.pop("previousState", None)
    if image != old_image:
        _bump(view["events"], "Pulling", f'pulling image "{image}"', t)
        _bump(view["events"], "Pulled", f'Successfully pulled image "{image}"', t)
    _bump(view["events"], "Killing", f"Killing container {name} (platform initiated).", t)
    _bump(view["events"], "Started", "Started container", t)
    view["currentState"] = {"state": "Running", "startTime": _state_time(t), "detailStatus": ""}
    return view


def _container(raw, old_containers, t, restart, secure_store):
    """A container as ARM shows it (secure values moved to `secure_store`)."""
    name = raw.get("name")
    props_in = copy.deepcopy(raw.get("properties") or {})
    envs = []
    for var in props_in.pop("environmentVariables", None) or []:
        if var.get("secureValue") is not None:
            secure_store.setdefault(name, {})[var["name"]] = var["secureValue"]
            envs.append({"name": var["name"]})          # name only: no value, no secureValue (recorded)
        else:
            envs.append({"name": var["name"], "value": var.get("value")})
    image = props_in.pop("image", None)
    props = {"image": image}
    if "command" in props_in:
        props["command"] = props_in.pop("command")
    props["ports"] = props_in.pop("ports", None) or []
    props["environmentVariables"] = envs
    props["configMap"] = props_in.pop("configMap", None) or {"keyValuePairs": {}}
    old = old_containers.get(name)
    if restart is None:
        pass                                             # init containers: no running instance view here
    elif old is not None and old["properties"].get("instanceView") and restart:
        props["instanceView"] = _restarted_instance_view(old["properties"]["instanceView"], name, image,
                                                         old["properties"].get("image"), t)
    else:
        props["instanceView"] = _fresh_instance_view(image, t)
    resources = copy.deepcopy(props_in.pop("resources", None) or {"requests": {"memoryInGB": 1.5, "cpu": 1.0}})
    for part in ("requests", "limits"):
        for key in ("cpu", "memoryInGB"):
            if key in (resources.get(part) or {}):
                resources[part][key] = _num(resources[part][key])
    props["resources"] = resources
    props.update(props_in)                               # volumeMounts, probes, securityContext, ... as sent
    return {"name": name, "properties": props}


def _build(req, rid, body, existing, t=None):
    """(GET view of the group, private part) for a PUT (create or full replace)."""
    t = t or _now()
    old = existing["body"] if existing else None
    name = rid.rsplit("/", 1)[1]
    loc = body.get("location") or (old or {}).get("location")
    if not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    props_in = copy.deepcopy(body.get("properties") or {})
    identity = ident.resolve(req, body.get("identity"), (old or {}).get("identity"))
    if identity and identity["type"] == "UserAssigned":
        identity["tenantId"] = req.sandbox.tenant_id      # ACI names the tenant for user-only identities too
    secure = {}
    private = {"secureEnvironmentVariables": secure, "volumeSecrets": {}, "imageRegistryPasswords": {},
               "storageAccountKeys": {}}
    running = old is not None and old["properties"]["instanceView"]["state"] != "Stopped"
    old_containers = {c["name"]: c for c in (old or {}).get("properties", {}).get("containers", [])} if running else {}
    containers = [_container(c, old_containers, t, True, secure) for c in props_in.pop("containers", None) or []]
    init = [_container(c, {}, t, None, secure) for c in props_in.pop("initContainers", None) or []]
    props = {"sku": props_in.pop("sku", None) or "Standard", "isCreatedFromStandbyPool": False,
             "provisioningState": "Succeeded", "provisioningTimeoutInSeconds": 1800,
             "isCustomProvisioningTimeout": False, "containers": containers, "initContainers": init}
    creds = []
    for cred in props_in.pop("imageRegistryCredentials", None) or []:
        cred = copy.deepcopy(cred)
        if cred.get("password") is not None:
            private["imageRegistryPasswords"][cred.get("server")] = cred.pop("password")
        cred.pop("password", None)
        creds.append(cred)
    if creds:
        props["imageRegistryCredentials"] = creds
    if props_in.get("restartPolicy"):
        props["restartPolicy"] = props_in.pop("restartPolicy")
    props_in.pop("restartPolicy", None)
    ip_in = props_in.pop("ipAddress", None)
    if ip_in:
        props["ipAddress"] = _ip_address(req, name, loc, ip_in)
    props["osType"] = props_in.pop("osType", None)
    volumes = []
    for vol in props_in.pop("volumes", None) or []:
        vol = copy.deepcopy(vol)
        if isinstance(vol.get("secret"), dict):
            private["volumeSecrets"][vol.get("name")] = vol["secret"]
            vol["secret"] = {}                                       # secret volume contents never shown
        if isinstance(vol.get("azureFile"), dict) and "storageAccountKey" in vol["azureFile"]:
            private["storageAccountKeys"][vol.get("name")] = vol["azureFile"].pop("storageAccountKey")
        volumes.append(vol)
    if volumes:
        props["volumes"] = volumes
    props["instanceView"] = {"events": [], "state": "Running"}
    diagnostics = props_in.pop("diagnostics", None)
    if diagnostics:
        diagnostics = copy.deepcopy(diagnostics)
        la = diagnostics.get("logAnalytics") or {}
        if "workspaceKey" in la:
            private["logAnalyticsWorkspaceKey"] = la.pop("workspaceKey")
        props["diagnostics"] = diagnostics
    props.update(props_in)                                           # dnsConfig, subnetIds, priority, ... as sent
    out = {"properties": props}
    if identity:
        out["identity"] = identity
    out.update({"id": rid, "name": name, "type": TYPE, "location": loc})
    if body.get("zones"):
        out["zones"] = copy.deepcopy(body["zones"])
    if "tags" in body:
        out["tags"] = copy.deepcopy(body["tags"])
    return out, private


def _ip_address(req, name, loc, ip_in):
    ip = copy.deepcopy(ip_in)
    ip_type = ip.get("type") or "Public"
    seed = f"{req.groups['sub']}/{req.groups['rg']}/{name}"
    if ip_type.lower() == "private":
        v = fake_ips(seed, 1)[0].split(".")
        address = f"10.0.{int(v[2]) % 255}.{int(v[3])}"
    else:
        address = fake_ips(seed, 1)[0]
    out = {"ports": ip.pop("ports", None) or [], "ip": address, "type": ip_type}
    ip.pop("ip", None)
    ip.pop("type", None)
    label = ip.pop("dnsNameLabel", None)
    if label:
        out["dnsNameLabel"] = label
    out.update(ip)
    if label:
        out["fqdn"] = f"{label}.{normalize_location(loc)}.azurecontainer.io"
    return out


def _pending_view(body, state):
    """What the PUT itself answers: the group being provisioned (no instance views, no ip yet)."""
    out = copy.deepcopy(body)
    props = out["properties"]
    props["provisioningState"] = state
    for c in props["containers"] + props["initContainers"]:
        c["properties"].pop("instanceView", None)
    if "ipAddress" in props:
        props["ipAddress"].pop("ip", None)
    props["instanceView"] = {"events": [], "state": "Pending"}
    return out


def _list_view(body):
    """Lists carry neither the group's nor the containers' instanceView (recorded)."""
    out = copy.deepcopy(body)
    props = out["properties"]
    props.pop("instanceView", None)
    for c in props["containers"] + props["initContainers"]:
        c["properties"].pop("instanceView", None)
    return out


# ------------------------------------------------------------------------------------------ LRO
def _async(req, status, body, group_id, location, kind):
    """`status` + body + Azure-AsyncOperation in the RP's own monitor form."""
    resp = req.sandbox.operations.azure_async(req, status, body, {}, namespace=NAMESPACE,
                                              location=normalize_location(location))
    op_id = resp.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    with _OPS_LOCK:
        if len(_OPS) > 10000:
            _OPS.clear()
        _OPS[op_id.lower()] = (group_id, kind)
    sub = req.groups.get("sub") or req.sandbox.subscription_id
    resp.headers["Azure-AsyncOperation"] = (
        f"{req.base_url}/subscriptions/{sub}/providers/{NAMESPACE}/locations/{normalize_location(location)}"
        f"/operations/{op_id}?api-version={MONITOR_API_VERSION}")
    return resp


def _poll(req):
    require_subscription(req)
    op_id = req.groups["op"]
    resp = req.sandbox.operations.poll(req, op_id)
    with _OPS_LOCK:
        group_id, _kind = _OPS.get(op_id.lower(), (None, None))
    if group_id is None or resp.status != 200 or not isinstance(resp.body, dict):
        return resp
    rec = req.sandbox.store.get(group_id)
    events = []
    if rec:
        for c in rec["body"]["properties"]["containers"]:
            events.extend(copy.deepcopy((c["properties"].get("instanceView") or {}).get("events") or []))
    running = resp.body["status"] != "Succeeded"
    body = {"id": rec["id"] if rec else group_id, "status": "Pending" if running else "Succeeded",
            "startTime": resp.body.get("startTime"), "properties": {"events": [] if running else events}}
    return Response(200, body, resp.headers)


# ------------------------------------------------------------------------------------------ handlers
def _group_id(req):
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec:
        return rec["id"]
    g = req.groups
    return f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{g['rg']}/providers/{TYPE}/{g['n0']}"


def _missing(req):
    return resource_not_found(TYPE, req.groups["n0"], req.groups["rg"])


def _existing(req):
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        raise _missing(req)
    return rec


def _put(req):
    require_group(req)
    body = req.json()
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    rid = _group_id(req)
    name = rid.rsplit("/", 1)[1]
    _validate(req, name, body, existing)
    out, private = _build(req, rid, body, existing)
    store.put(rid, out, private)
    if existing:
        return _async(req, 200, _pending_view(out, "Updating"), rid, out["location"], "update")
    return _async(req, 201, _pending_view(out, "Pending"), rid, out["location"], "create")


def _patch(req):
    rec = _existing(req)
    body = req.json()
    out = copy.deepcopy(rec["body"])
    if "tags" in body:                                   # the only thing a PATCH changes; it replaces them
        out["tags"] = copy.deepcopy(body["tags"] or {})
    req.sandbox.store.put(rec["id"], out)
    return Response(200, out)


def _delete(req):
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)
    req.sandbox.store.delete_tree(rec["id"])
    return Response(200, rec["body"])


def _restart(req, rec):
    t = _now()
    body = copy.deepcopy(rec["body"])
    props = body["properties"]
    for c in props["containers"]:
        view = c["properties"].get("instanceView")
        if view is None or props["instanceView"]["state"] == "Stopped":
            c["properties"]["instanceView"] = _started_view(view, c, t)
        else:
            c["properties"]["instanceView"] = _restarted_instance_view(view, c["name"], c["properties"]["image"],
                                                                       c["properties"]["image"], t)
    props["instanceView"]["state"] = "Running"
    req.sandbox.store.put(rec["id"], body)
    return _async(req, 204, None, rec["id"], body["location"], "restart")


def _started_view(view, container, t):
    if view is None:
        return _fresh_instance_view(container["properties"]["image"], t)
    view = copy.deepcopy(view)
    view.pop("previousState", None)
    _bump(view["events"], "Started", "Started container", t)
    view["currentState"] = {"state": "Running", "startTime": _state_time(t), "detailStatus": ""}
    return view


def _stop(req, rec):
    t = _now()
    body = copy.deepcopy(rec["body"])
    props = body["properties"]
    if props["instanceView"]["state"] != "Stopped":
        for c in props["containers"]:
            view = c["properties"].get("instanceView")
            if view is None:
                continue
            view["previousState"] = view["currentState"]
            view["currentState"] = {"state": "Terminated", "finishTime": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                                    "detailStatus": "Container stopped per client request"}
        props["instanceView"]["state"] = "Stopped"
        req.sandbox.store.put(rec["id"], body)
    return Response(204, None)


def _start(req, rec):
    body = copy.deepcopy(rec["body"])
    props = body["properties"]
    if props["instanceView"]["state"] != "Stopped":
        return Response(204, None)                       # already running: nothing to do (recorded 204)
    t = _now()
    for c in props["containers"]:
        c["properties"]["instanceView"] = _started_view(c["properties"].get("instanceView"), c, t)
    props["instanceView"]["state"] = "Running"
    req.sandbox.store.put(rec["id"], body)
    return _async(req, 202, None, rec["id"], body["location"], "start")


def _build_for_tracked(req, rid, body, old):
    return _build(req, rid, body, {"body": old} if old else None)[0]


CONTAINER_GROUPS = ResourceType(TYPE, build=_build_for_tracked, create="async", update="async", lists=False,
                                not_found=_missing)


def register(router):
    @router.add(["GET"], SUB + r"/providers/microsoft\.containerinstance/locations/(?P<loc>[^/]+)/operations/(?P<op>[^/]+)")
    def poll_operation(req):
        return _poll(req)

    @router.add(["GET"], RG + r"/providers/microsoft\.containerinstance/containergroups")
    def list_in_group(req):
        grp = require_group(req)
        recs = req.sandbox.store.children(grp["id"], "/providers/microsoft.containerinstance/containergroups")
        return page(req, [_list_view(r["body"]) for r in recs], req.sandbox.page_size)

    @router.add(["GET"], SUB + r"/providers/microsoft\.containerinstance/containergroups")
    def list_in_subscription(req):
        require_subscription(req)
        recs = req.sandbox.store.select(lambda r: r["body"].get("type") == TYPE)
        return page(req, [_list_view(r["body"]) for r in recs], req.sandbox.page_size)

    for action, handler in (("restart", _restart), ("stop", _stop), ("start", _start)):
        @router.add(["POST"], GROUP + "/" + action)
        def run_action(req, handler=handler):
            return handler(req, _existing(req))

    @router.add(["PUT"], GROUP)
    def put_group(req):
        return _put(req)

    @router.add(["PATCH"], GROUP)
    def patch_group(req):
        return _patch(req)

    @router.add(["DELETE"], GROUP)
    def delete_group(req):
        return _delete(req)

    # GET (and its ARM-level 404) through the declarative type: the stored body is the GET view.
    tracked(router, CONTAINER_GROUPS)
