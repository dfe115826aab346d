"""Microsoft.App: managed environments, container apps, their revisions and secrets.

Fidelity notes (facts in tests/sandbox/recorded_containerapps.py):
- containerApps PUT answers **201** (create AND replace) with the app in provisioningState
  "InProgress" (no runningStatus/latestRevision* yet) and an Azure-AsyncOperation monitor
  `.../providers/Microsoft.App/locations/{loc}/containerappOperationStatuses/{id}?...&azureAsyncOperation=true`
  answering 200 {"id","name","status":"InProgress"|"Succeeded","startTime"}; clients then GET the app.
- PATCH answers **202** with an empty body and BOTH an Azure-AsyncOperation (containerappOperationStatuses)
  and a Location (`.../containerappOperationResults/{id}`: 202 while running, then 200 with the app).
- DELETE answers **202** with only a Location (containerappOperationResults): 202 while running, then
  **204**. managedEnvironments DELETE: the same with managedEnvironmentOperationResults.
- GET shows secret *names* only (`configuration.secrets: [{"name"}]`, null when none); values come from
  `POST .../listSecrets` -> 200 {"value": [{"name","value"}]} ({"value": []} when none).
- The returned id spells the type `containerapps` (lower case); location is the display name ("East US").
- A change under properties.template (revisionSuffix included) creates revision `<app>--<suffix>`
  (7 random lower-case characters when no suffix is given); configuration-only changes do not.
"""
import copy
import hashlib
import json
import random
import re
import string

from ..arm import (ArmError, Response, display_location, is_valid_resource_id, normalize_location, now_iso, page,
                   resource_not_found, stable_int)
from ..router import SUB
from ..tracked import ResourceType, pattern, tracked
from . import identity as ident
from .common import deep_merge, require_group, require_subscription, system_data
from .web import fake_ips

NS = "Microsoft.App"
APP_TYPE = "Microsoft.App/containerApps"
ENV_TYPE = "Microsoft.App/managedEnvironments"
REV_TYPE = "Microsoft.App/containerApps/revisions"

APP_NAME_RE = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,30}[a-z0-9]$")
ENV_NAME_RE = re.compile(r"^[a-z](?!.*--)[a-z0-9-]{0,58}[a-z0-9]$")
SECRET_NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
SUFFIX_RE = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
REVISION_NAME_MAX = 54
TRANSPORTS = {"auto": "Auto", "http": "Http", "http2": "Http2", "tcp": "Tcp"}
REVISION_MODES = {"single": "Single", "multiple": "Multiple"}
# Words for the environment's generated default domain ("whitebeach-63bf60a5.eastus.azurecontainerapps.io").
_ADJ = ("white", "purple", "green", "blue", "happy", "calm", "proud", "gentle", "lively", "orange")
_NOUN = ("beach", "grass", "sky", "river", "hill", "stone", "field", "wave", "forest", "meadow")
API_VERSIONS = ["2025-07-01", "2025-01-01", "2024-03-01", "2023-05-01", "2022-10-01", "2022-03-01"]
# Every Microsoft.App answer in the recordings carries these (the RP runs on ASP.NET).
HEADERS = {"api-supported-versions": ", ".join(reversed(API_VERSIONS)), "x-powered-by": "ASP.NET"}


# ------------------------------------------------------------------------------------------- helpers
def _err(status, code, message):
    return ArmError(status, code, message)


def _with_headers(handler):
    """Add the headers every Microsoft.App answer carries."""
    def run(req):
        resp = handler(req)
        for k, v in HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp
    return run


def _verification_id(sub):
    return hashlib.sha256(f"customdomain/{sub}".lower().encode()).hexdigest().upper()


def _default_domain(env_id, location):
    v = stable_int(env_id)
    return f"{_ADJ[v % len(_ADJ)]}{_NOUN[(v >> 8) % len(_NOUN)]}-{(v >> 16) & 0xFFFFFFFF:08x}.{location}.azurecontainerapps.io"


def _strip_none(d):
    return {k: v for k, v in d.items() if v is not None}


def _location_of(body, old):
    loc = (body or {}).get("location") or (old or {}).get("location")
    if not loc:
        raise _err(400, "LocationRequired", "The location property is required for this definition.")
    return normalize_location(loc)


def _lro_async(req, status, body, kind, location):
    """`status` + Azure-AsyncOperation at Microsoft.App's own monitor ({kind}OperationStatuses)."""
    resp = req.sandbox.operations.azure_async(req, status, body, {}, namespace=NS, location=location)
    op_id = resp.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    sub = req.sandbox.subscription_id
    resp.headers["Azure-AsyncOperation"] = (
        f"{req.base_url}/subscriptions/{sub}/providers/{NS}/locations/{location}/{kind}OperationStatuses/{op_id}"
        f"?api-version={req.api_version}&azureAsyncOperation=true")
    return resp


def _lro_location(req, final, kind, location):
    """202 + Location at {kind}OperationResults; `final()` answers once the operation is done."""
    sub = req.sandbox.subscription_id
    return req.sandbox.operations.location(
        req, final, path=f"/subscriptions/{sub}/providers/{NS}/locations/{location}/{kind}OperationResults")


def _canonical_app_id(req):
    sub = req.sandbox.subscription_id
    return f"/subscriptions/{sub}/resourceGroups/{req.groups['rg']}/providers/{NS}/containerApps/{req.groups['n0']}"


def _canonical_env_id(req):
    sub = req.sandbox.subscription_id
    return f"/subscriptions/{sub}/resourceGroups/{req.groups['rg']}/providers/{NS}/managedEnvironments/{req.groups['n0']}"


# ------------------------------------------------------------------------------- managed environments
def _build_env(req, rid, body, old):
    name = rid.rsplit("/", 1)[1]
    loc = _location_of(body, old)
    props_in = copy.deepcopy(body.get("properties") or {})
    old_props = (old or {}).get("properties") or {}
    logs = props_in.get("appLogsConfiguration") or old_props.get("appLogsConfiguration") or {}
    logs = {"destination": logs.get("destination"),
            "logAnalyticsConfiguration": ({k: v for k, v in logs["logAnalyticsConfiguration"].items() if k != "sharedKey"}
                                          if logs.get("logAnalyticsConfiguration") else None)}
    sub = req.sandbox.subscription_id
    rg = rid.split("/")[4]
    props = {
        "provisioningState": "Succeeded",
        "daprAIInstrumentationKey": None, "daprAIConnectionString": None,
        "vnetConfiguration": props_in.get("vnetConfiguration", old_props.get("vnetConfiguration")),
        "defaultDomain": old_props.get("defaultDomain") or _default_domain(rid, loc),
        "staticIp": old_props.get("staticIp") or fake_ips(rid, 1)[0],
        "appLogsConfiguration": logs,
        "zoneRedundant": bool(props_in.get("zoneRedundant", old_props.get("zoneRedundant", False))),
        "kedaConfiguration": {"version": "2.15.1"}, "daprConfiguration": {"version": "1.12.5"},
        "eventStreamEndpoint": f"https://{loc}.azurecontainerapps.dev/subscriptions/{sub}/resourceGroups/{rg}"
                               f"/managedEnvironments/{name}/eventstream",
        "customDomainConfiguration": {"customDomainVerificationId": _verification_id(sub), "dnsSuffix": None,
                                      "certificateValue": None, "certificatePassword": None, "thumbprint": None,
                                      "subjectName": None, "expirationDate": None},
        "infrastructureResourceGroup": None,
        "peerAuthentication": {"mtls": {"enabled": False}},
        "peerTrafficConfiguration": {"encryption": {"enabled": False}},
    }
    profiles = props_in.get("workloadProfiles", old_props.get("workloadProfiles"))
    if profiles:
        props["workloadProfiles"] = copy.deepcopy(profiles)
    out = {"id": rid, "name": name, "type": ENV_TYPE, "location": display_location(loc),
           "systemData": system_data(req, old)}
    tags = body["tags"] if "tags" in body else (old or {}).get("tags")
    if tags:
        out["tags"] = copy.deepcopy(tags)
    out["properties"] = props
    return out


def _env_put(req):
    require_group(req)
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    body = req.json()
    if existing is None and not ENV_NAME_RE.match(req.groups["n0"]):
        raise _err(400, "ManagedEnvironmentInvalidName", f"The environment name {req.groups['n0']} is invalid.")
    rid = existing["id"] if existing else _canonical_env_id(req)
    out = _build_env(req, rid, body, existing and existing["body"])
    store.put(rid, out)
    if existing:
        return Response(200, out)
    first = copy.deepcopy(out)
    first["properties"]["provisioningState"] = "InitializationInProgress"
    return _lro_async(req, 201, first, "managedEnvironment", normalize_location(out["location"]))


def _env_patch(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        raise resource_not_found(ENV_TYPE, req.groups["n0"], req.groups["rg"])
    merged = deep_merge(rec["body"], req.json())
    out = _build_env(req, rec["id"], merged, rec["body"])
    store.put(rec["id"], out)
    loc = normalize_location(out["location"])
    resp = _lro_async(req, 202, None, "managedEnvironment", loc)
    resp.headers["Location"] = _lro_location(req, lambda: Response(200, store.body(rec["id"])), "managedEnvironment",
                                             loc).headers["Location"]
    return resp


def _env_delete(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)
    # The apps of the environment go with it.
    for app in store.select(lambda r: r["body"].get("type") == APP_TYPE and
                            (r["body"].get("properties") or {}).get("managedEnvironmentId", "").lower() == rec["id"].lower()):
        store.delete_tree(app["id"])
    store.delete_tree(rec["id"])
    return _lro_location(req, lambda: Response(204, None), "managedEnvironment",
                         normalize_location(rec["body"]["location"]))


def _never(*_args):
    raise AssertionError("writes are handled by containerapps.py's own routes")


ENVIRONMENTS = ResourceType(ENV_TYPE, build=_never, headers=HEADERS)


# ------------------------------------------------------------------------------------ container apps
def _secret_values(secrets_in):
    """Validate the request's secrets; -> (public list, private dict name -> stored fields)."""
    public, private, bad = [], {}, []
    for s in secrets_in or []:
        name = (s or {}).get("name") or ""
        if not SECRET_NAME_RE.match(name) or len(name) > 253:
            raise _err(400, "ContainerAppInvalidSecretName",
                       f"Secret name has an invalid value '{name}'. A value must consist of lower case alphanumeric "
                       "characters, '-', and must start and end with an alphanumeric character. The length must "
                       "not be more than 253 characters.")
        has_value = s.get("value") is not None
        has_kv = bool(s.get("keyVaultUrl")) and bool(s.get("identity"))
        if not has_value and not has_kv:
            bad.append(name)
            continue
        entry = {"name": name}
        stored = {"value": s["value"]} if has_value else {}
        if s.get("keyVaultUrl"):
            entry.update(keyVaultUrl=s["keyVaultUrl"], identity=s.get("identity"))
            stored.update(keyVaultUrl=s["keyVaultUrl"], identity=s.get("identity"))
        public.append(entry)
        private[name] = stored
    if bad:
        raise _err(400, "ContainerAppSecretInvalid",
                   f"Invalid Request: Container app secret(s) with name(s) '{', '.join(bad)}' are invalid: "
                   "value or keyVaultUrl and identity should be provided.")
    return public, private


def _normalize_template(app_name, tmpl_in):
    tmpl = copy.deepcopy(tmpl_in or {})
    containers = tmpl.get("containers") or []
    if not containers:
        raise _err(400, "ContainerAppOperationError",
                   f"Failed to provision revision for container app '{app_name}'. Error details: The following "
                   "field(s) are either invalid or missing. Field 'template.containers' is invalid with details: "
                   "'Required value: at least one container is required'.")
    seen = set()
    out_containers = []
    for c in containers:
        c = _strip_none(copy.deepcopy(c or {}))
        cname = c.get("name") or ""
        if not c.get("image"):
            raise _err(400, "ContainerAppImageRequired",
                       f"Container with name '{cname}' must have an 'Image' property specified.")
        if cname.lower() in seen:
            raise _err(400, "ContainerAppOperationError",
                       f"Failed to provision revision for container app '{app_name}'. Error details: The following "
                       f"field(s) are either invalid or missing. Field 'template.containers.{cname}.name' is invalid "
                       f"with details: 'Duplicate value: \"{cname}\"'.")
        seen.add(cname.lower())
        res = {"cpu": 0.5, "memory": "1Gi", "ephemeralStorage": "2Gi"}
        res.update(_strip_none(c.get("resources") or {}))
        c["resources"] = res
        if c.get("env") is not None:   # an empty value is not returned (azure-cli custom.py works around it)
            c["env"] = [{k: v for k, v in e.items() if v is not None and not (k == "value" and v == "")}
                        for e in c["env"]]
        out_containers.append(c)
    scale = {"minReplicas": None, "maxReplicas": 10, "rules": None}
    scale.update(tmpl.get("scale") or {})
    out = {"revisionSuffix": tmpl.get("revisionSuffix") or "",
           "terminationGracePeriodSeconds": tmpl.get("terminationGracePeriodSeconds"),
           "containers": out_containers, "initContainers": tmpl.get("initContainers"), "scale": scale,
           "volumes": tmpl.get("volumes"), "serviceBinds": tmpl.get("serviceBinds")}
    out.update({k: v for k, v in tmpl.items() if k not in out})
    return out


def _check_secret_refs(template, secret_names):
    for c in (template.get("containers") or []) + (template.get("initContainers") or []):
        for e in c.get("env") or []:
            ref = e.get("secretRef")
            if ref is not None and ref not in secret_names:
                raise _err(400, "ContainerAppSecretRefNotFound",
                           f"SecretRef '{ref}' defined for container '{c.get('name')}' not found.")


def _template_key(template):
    return json.dumps(template or {}, sort_keys=True, default=str)


def _random_suffix():
    rnd = random.SystemRandom()
    return rnd.choice(string.ascii_lowercase) + "".join(
        rnd.choice(string.ascii_lowercase + string.digits) for _ in range(6))


def _fqdn(host, ingress, domain):
    return f"{host}.internal.{domain}" if not ingress.get("external") else f"{host}.{domain}"


def _build_ingress(name, ingress_in, domain):
    if not ingress_in:
        return None
    ing = {"fqdn": None, "external": False, "targetPort": None, "exposedPort": 0, "transport": "Auto",
           "traffic": [{"weight": 100, "latestRevision": True}], "customDomains": None, "allowInsecure": False,
           "ipSecurityRestrictions": None, "corsPolicy": None, "clientCertificateMode": None, "stickySessions": None}
    ing.update({k: copy.deepcopy(v) for k, v in ingress_in.items() if v is not None and k != "fqdn"})
    ing["transport"] = TRANSPORTS.get(str(ing["transport"]).lower(), ing["transport"])
    ing["fqdn"] = _fqdn(name, ing, domain)
    return ing


def _resolve_env(req, env_id):
    if not env_id:
        raise _err(400, "InvalidManagedEnvironmentId", "Invalid ManagedEnvironmentId value ''.")
    if not is_valid_resource_id(env_id) or f"/providers/{NS}/managedenvironments/".lower() not in env_id.lower():
        raise _err(400, "InvalidManagedEnvironmentId", f"Invalid ManagedEnvironmentId value '{env_id}'.")
    rec = req.sandbox.store.get(env_id)
    if rec is None:
        raise _err(404, "ManagedEnvironmentNotFound",
                   f"Managed Environment with name '{env_id.rsplit('/', 1)[1]}' was not found.")
    return rec


def _build_app(req, rid, spec, old, old_private, secrets_given):
    """The stored body, private part and revision to create (or None) from a full desired spec."""
    name = rid.rsplit("/", 1)[1]
    rg = rid.split("/")[4]
    sub = req.sandbox.subscription_id
    loc = _location_of(spec, old)
    props_in = spec.get("properties") or {}
    old_props = (old or {}).get("properties") or {}
    env_id = props_in.get("managedEnvironmentId") or props_in.get("environmentId") or old_props.get("managedEnvironmentId")
    env = _resolve_env(req, env_id)
    domain = env["body"]["properties"]["defaultDomain"]

    cfg_in = copy.deepcopy(props_in.get("configuration") or {})
    if secrets_given:
        public_secrets, private_secrets = _secret_values(cfg_in.get("secrets"))
    else:
        private_secrets = copy.deepcopy((old_private or {}).get("secrets") or {})
        public_secrets = [{"name": n, **{k: v for k, v in s.items() if k != "value"}} for n, s in private_secrets.items()]
    mode = str(cfg_in.get("activeRevisionsMode") or "Single")
    config = {
        "secrets": public_secrets or None,
        "activeRevisionsMode": REVISION_MODES.get(mode.lower(), mode),
        "ingress": _build_ingress(name, cfg_in.get("ingress"), domain),
        "registries": copy.deepcopy(cfg_in.get("registries")),
        "dapr": copy.deepcopy(cfg_in.get("dapr")),
        "maxInactiveRevisions": cfg_in.get("maxInactiveRevisions") if cfg_in.get("maxInactiveRevisions") is not None else 100,
        "service": copy.deepcopy(cfg_in.get("service")),
    }

    template = _normalize_template(name, props_in.get("template"))
    _check_secret_refs(template, set(private_secrets))
    revision = None
    latest = old_props.get("latestRevisionName")
    if old is None or _template_key(template) != _template_key(old_props.get("template")):
        suffix = template["revisionSuffix"]
        if suffix and (not SUFFIX_RE.match(suffix) or len(f"{name}--{suffix}") > REVISION_NAME_MAX):
            raise _err(400, "ContainerAppInvalidRevisionName",
                       f"Revision name has an invalid value '{suffix}'. A revision name must consist of lower case "
                       "alphanumeric characters or '-', start with an alphabetic character, and end with an "
                       "alphanumeric character. The length of the revision name must not be more than a combined "
                       "54 characters with the container app name.")
        latest = f"{name}--{suffix or _random_suffix()}"
        if req.sandbox.store.get(f"{rid}/revisions/{latest}") is not None:
            raise _err(400, "ContainerAppOperationError",
                       f"Failed to provision revision for container app '{name}'. Error details: The following "
                       "field(s) are either invalid or missing. Field 'template.revisionsuffix' is invalid with "
                       f"details: 'Invalid value: \"{suffix}\": revision with suffix {suffix} already exists'.")
        revision = latest

    ingress = config["ingress"]
    profile = props_in.get("workloadProfileName") or old_props.get("workloadProfileName") or \
        ("Consumption" if env["body"]["properties"].get("workloadProfiles") else None)
    props = {
        "provisioningState": "Succeeded",
        "runningStatus": "Running",
        "managedEnvironmentId": env["id"],
        "environmentId": env["id"],
        "workloadProfileName": profile,
        "outboundIpAddresses": fake_ips(f"{sub}/{rg}/{name}", 4),
        "latestRevisionName": latest,
        "latestReadyRevisionName": latest,
        "latestRevisionFqdn": _fqdn(latest, ingress, domain) if ingress else "",
        "customDomainVerificationId": _verification_id(sub),
        "configuration": config,
        "template": template,
        "eventStreamEndpoint": f"https://{loc}.azurecontainerapps.dev/subscriptions/{sub}/resourceGroups/{rg}"
                               f"/containerApps/{name}/eventstream",
        "delegatedIdentities": [],
    }
    out = {"id": f"/subscriptions/{sub}/resourceGroups/{rg}/providers/{NS}/containerapps/{name}",  # sic: lower case
           "name": name, "type": APP_TYPE, "location": display_location(loc), "systemData": system_data(req, old)}
    tags = spec["tags"] if "tags" in spec else (old or {}).get("tags")
    if tags:
        out["tags"] = copy.deepcopy(tags)
    out["properties"] = props
    old_identity = (old or {}).get("identity")
    if (old_identity or {}).get("type") == "None":
        old_identity = None
    identity = ident.resolve(req, spec.get("identity"), old_identity, merge_users=req.method == "PATCH")
    out["identity"] = identity or {"type": "None"}   # Microsoft.App shows {"type": "None"}, not no identity
    return out, {"secrets": private_secrets}, revision


def _store_app(req, rid, out, private, revision):
    store = req.sandbox.store
    store.put(rid, out, private)
    if not revision:
        return
    props = out["properties"]
    if props["configuration"]["activeRevisionsMode"] == "Single":
        for rec in store.children(rid, "/revisions"):
            body = rec["body"]
            if body["properties"].get("active"):
                body["properties"].update(active=False, replicas=0, trafficWeight=0, runningState="Stopped")
                store.put(rec["id"], body)
    now = now_iso()
    store.put(f"{rid}/revisions/{revision}", {
        "id": f"{rid}/revisions/{revision}", "name": revision, "type": REV_TYPE,
        "properties": {"createdTime": now, "lastActiveTime": now, "fqdn": props["latestRevisionFqdn"],
                       "template": copy.deepcopy(props["template"]), "active": True, "replicas": 1,
                       "trafficWeight": 100, "healthState": "Healthy", "provisioningState": "Provisioned",
                       "runningState": "Running"}})


def _first_answer(out):
    """The body a write answers with before the operation has run (recorded shape)."""
    first = copy.deepcopy(out)
    props = first["properties"]
    props["provisioningState"] = "InProgress"
    for key in ("runningStatus", "latestRevisionName", "latestReadyRevisionName", "latestRevisionFqdn",
                "eventStreamEndpoint"):
        props.pop(key, None)
    return first


def _app_put(req):
    require_group(req)
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    spec = req.json()
    if existing is None and not APP_NAME_RE.match(req.groups["n0"]):
        raise _err(400, "ContainerAppInvalidName",
                   f"Invalid ContainerApp name '{req.groups['n0']}'. A name must consist of lower case alphanumeric "
                   "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
                   "and cannot have '--'. The length must be between 2 and 32 characters inclusive.")
    rid = existing["id"] if existing else _canonical_app_id(req)
    out, private, revision = _build_app(req, rid, spec, existing and existing["body"],
                                        existing and existing["private"], secrets_given=True)
    _store_app(req, rid, out, private, revision)
    # Create and replace alike: 201 + Azure-AsyncOperation (recorded for both).
    resp = _lro_async(req, 201, _first_answer(out), "containerapp", normalize_location(out["location"]))
    resp.headers["x-ms-async-operation-timeout"] = "PT15M"
    return resp


def _app_patch(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        raise resource_not_found(APP_TYPE, req.groups["n0"], req.groups["rg"])
    patch = req.json()
    cfg_patch = (patch.get("properties") or {}).get("configuration") or {}
    secrets_given = "secrets" in cfg_patch and cfg_patch["secrets"] is not None
    merged = deep_merge({k: v for k, v in rec["body"].items() if k != "identity"},
                        {k: v for k, v in patch.items() if k != "identity"})
    if "identity" in patch:
        merged["identity"] = patch["identity"]
    if not secrets_given:
        merged["properties"]["configuration"].pop("secrets", None)
    out, private, revision = _build_app(req, rec["id"], merged, rec["body"], rec["private"], secrets_given)
    _store_app(req, rec["id"], out, private, revision)
    loc = normalize_location(out["location"])
    resp = _lro_async(req, 202, None, "containerapp", loc)
    resp.headers["Location"] = _lro_location(req, lambda: Response(200, store.body(rec["id"])), "containerapp",
                                             loc).headers["Location"]
    return resp


def _app_delete(req):
    require_group(req)
    store = req.sandbox.store
    rec = store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)
    store.delete_tree(rec["id"])
    return _lro_location(req, lambda: Response(204, None), "containerapp", normalize_location(rec["body"]["location"]))


def _list_secrets(req, rec):
    values = []
    for name, stored in (rec["private"].get("secrets") or {}).items():
        values.append({"name": name, **stored})
    return Response(200, {"value": values})


CONTAINER_APPS = ResourceType(APP_TYPE, build=_never, actions={"listSecrets": _list_secrets}, headers=HEADERS)


def _app_record(req):
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        raise resource_not_found(APP_TYPE, req.groups["n0"], req.groups["rg"])
    return rec


# ------------------------------------------------------------------------------------------ provider
def _provider_body(req):
    from .resources import LOCATIONS
    locs = [display_location(l) for l in LOCATIONS]
    caps = "CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, " \
           "SupportsTags, SupportsLocation"

    def rt(name, capabilities="None", locations=locs):
        return {"resourceType": name, "locations": locations, "apiVersions": API_VERSIONS,
                "defaultApiVersion": "2023-05-01", "capabilities": capabilities}

    return {"id": f"/subscriptions/{req.sandbox.subscription_id}/providers/{NS}", "namespace": NS,
            "resourceTypes": [rt("managedEnvironments", caps), rt("containerApps", caps), rt("operations"),
                              rt("locations", locations=[]),
                              rt("locations/managedEnvironmentOperationResults"),
                              rt("locations/managedEnvironmentOperationStatuses"),
                              rt("locations/containerappOperationResults"),
                              rt("locations/containerappOperationStatuses")],
            "registrationState": "Registered", "registrationPolicy": "RegistrationRequired"}


def register(router):
    @router.add(["GET"], SUB + r"/providers/microsoft\.app")
    @_with_headers
    def get_provider(req):
        require_subscription(req)
        return Response(200, _provider_body(req))

    # Microsoft.App's own monitors (the generic poll route only knows operationresults|operationstatuses|asyncoperations).
    @router.add(["GET"], SUB + r"/providers/microsoft\.app/locations/[^/]+/(?:containerapp|managedenvironment)"
                               r"operation(?:statuses|results)/(?P<op>[^/]+)")
    @_with_headers
    def poll(req):
        require_subscription(req)
        return req.sandbox.operations.poll(req, req.groups["op"])

    env_route = pattern(ENVIRONMENTS)
    router.add(["PUT"], env_route)(_with_headers(_env_put))
    router.add(["PATCH"], env_route)(_with_headers(_env_patch))
    router.add(["DELETE"], env_route)(_with_headers(_env_delete))
    tracked(router, ENVIRONMENTS)

    app_route = pattern(CONTAINER_APPS)

    @router.add(["GET"], app_route + r"/revisions")
    @_with_headers
    def list_revisions(req):
        rec = _app_record(req)
        recs = req.sandbox.store.children(rec["id"], "/revisions")
        recs.sort(key=lambda r: r["body"]["properties"]["createdTime"])
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    @router.add(["GET"], app_route + r"/revisions/(?P<rev>[^/]+)")
    @_with_headers
    def get_revision(req):
        rec = _app_record(req)
        rev = req.sandbox.store.get(f"{rec['id']}/revisions/{req.groups['rev']}")
        if rev is None:
            raise resource_not_found(REV_TYPE, f"{req.groups['n0']}/{req.groups['rev']}", req.groups["rg"])
        return Response(200, rev["body"])

    router.add(["PUT"], app_route)(_with_headers(_app_put))
    router.add(["PATCH"], app_route)(_with_headers(_app_patch))
    router.add(["DELETE"], app_route)(_with_headers(_app_delete))
    tracked(router, CONTAINER_APPS)
