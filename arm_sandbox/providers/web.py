"""Microsoft.Web: sites and slots, their config sub-resources, name checks.

Fidelity notes (see tests/sandbox/recorded_exchanges.py): site PUT answers 200 with the full
site synchronously (the SDK treats it as an LRO but a 200 with provisioning done completes
it); PATCH is a plain 200; 404 of a missing site is ARM's ResourceNotFound, while errors the
App Service RP makes itself use PascalCase {"Code","Message",...}; App Service echoes the
display location ("East US") and answers application/json without charset, with an ETag.
"""
import copy

from ..arm import (ArmError, Response, display_location, is_valid_resource_id, linked_invalid_property_id, now_iso,
                   page, resource_not_found, stable_int, app_service_not_found, new_guid)
from ..router import RG, SUB
from . import identity as ident
from .common import deep_merge, get_ci, require_group, require_subscription

SITE = RG + r"/providers/microsoft\.web/sites/(?P<site>[^/]+)(?:/slots/(?P<slot>[^/]+))?"
DICT_CONFIGS = {"appsettings": "appsettings", "connectionstrings": "connectionstrings", "metadata": "metadata"}

# siteConfig as App Service returns it inside the site (most values null there; full values on config/web).
SITE_CONFIG_IN_SITE = ("numberOfWorkers", "linuxFxVersion", "windowsFxVersion", "acrUseManagedIdentityCreds",
                       "alwaysOn", "http20Enabled", "functionAppScaleLimit", "minimumElasticInstanceCount")
DEFAULT_WEB_CONFIG = {
    "numberOfWorkers": 1, "defaultDocuments": ["Default.htm", "index.html", "hostingstart.html"],
    "netFrameworkVersion": "v4.0", "phpVersion": "", "pythonVersion": "", "nodeVersion": "",
    "powerShellVersion": "", "linuxFxVersion": "", "windowsFxVersion": None, "requestTracingEnabled": False,
    "remoteDebuggingEnabled": False, "httpLoggingEnabled": False, "acrUseManagedIdentityCreds": False,
    "logsDirectorySizeLimit": 35, "detailedErrorLoggingEnabled": False, "publishingUsername": None,
    "scmType": "None", "use32BitWorkerProcess": True, "webSocketsEnabled": False, "alwaysOn": False,
    "appCommandLine": "", "managedPipelineMode": "Integrated", "loadBalancing": "LeastRequests",
    "autoHealEnabled": False, "vnetName": "", "vnetRouteAllEnabled": False, "vnetPrivatePortsCount": 0,
    "http20Enabled": True, "minTlsVersion": "1.2", "scmMinTlsVersion": "1.2", "ftpsState": "FtpsOnly",
    "preWarmedInstanceCount": 0, "functionsRuntimeScaleMonitoringEnabled": False,
    "minimumElasticInstanceCount": 1, "azureStorageAccounts": {}, "publicNetworkAccess": None,
    "ipSecurityRestrictions": [{"ipAddress": "Any", "action": "Allow", "priority": 2147483647, "name": "Allow all",
                                "description": "Allow all access"}],
    "scmIpSecurityRestrictionsUseMain": False, "keyVaultReferenceIdentity": None,
}


def web_response(status, body):
    """App Service's response headers (IIS front end, ETag, plain application/json)."""
    headers = {"ETag": f'"{stable_int(now_iso()) % 10**16:016X}"', "Server": "Microsoft-IIS/10.0",
               "X-Powered-By": "ASP.NET", "X-AspNet-Version": "4.0.30319",
               "x-ms-ratelimit-remaining-subscription-resource-requests": "499"}
    return Response(status, copy.deepcopy(body), headers, content_type="application/json")


def fake_ips(seed, n, offset=0):
    """Deterministic public-looking IPs per site (20.x.y.z is Azure-ish)."""
    out = []
    for i in range(offset, offset + n):
        v = stable_int(seed, str(i))
        out.append(f"20.{v % 200 + 20}.{(v >> 8) % 254 + 1}.{(v >> 16) % 254 + 1}")
    return out


def _site_ids(req):
    g = req.groups
    sub = require_subscription(req)
    site_id = f"/subscriptions/{sub}/resourceGroups/{g['rg']}/providers/Microsoft.Web/sites/{g['site']}"
    full = site_id + (f"/slots/{g['slot']}" if g.get("slot") else "")
    return site_id, full


def _existing_site(req, missing="arm"):
    """(record of the site or slot, its id). 404 in ARM's or App Service's shape when absent."""
    require_group(req)
    site_id, full = _site_ids(req)
    rec = req.sandbox.store.get(full)
    if rec is None:
        g = req.groups
        if missing == "appservice":
            raise app_service_not_found("Web Site" if not g.get("slot") else "Web Site Slot",
                                        g["slot"] if g.get("slot") else g["site"])
        if g.get("slot") and req.sandbox.store.get(site_id) is not None:
            raise resource_not_found("Microsoft.Web/sites/slots", f"{g['site']}/{g['slot']}", g["rg"])
        raise resource_not_found("Microsoft.Web/sites", g["site"], g["rg"])
    return rec, rec["id"]


def _check_ids(props):
    for key in ("serverFarmId", "virtualNetworkSubnetId"):
        val = props.get(key)
        if val and not is_valid_resource_id(val):
            raise linked_invalid_property_id(val, f"properties.{key}")


def _host(req, site_name, slot):
    return f"{site_name}-{slot}.azurewebsites.net" if slot else f"{site_name}.azurewebsites.net"


def _build_site(req, rid, body, existing, patch=False):
    g = req.groups
    old = existing["body"] if existing else None
    props_in = copy.deepcopy(body.get("properties") or {})
    _resolve_function_app_plan(req, body, old, props_in)
    _check_ids(props_in)
    loc = body.get("location") or (old or {}).get("location")
    if not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    slot = g.get("slot")
    site_name = rid.split("/sites/", 1)[1].split("/")[0]
    slot_name = rid.rsplit("/", 1)[1] if slot else None
    host = _host(req, site_name, slot_name)
    props = copy.deepcopy((old or {}).get("properties") or {})
    site_config_in = props_in.pop("siteConfig", None) or {}
    props.update(props_in)
    kind = body.get("kind") or (old or {}).get("kind") or _parent_function_kind(req, rid, slot) \
        or ("app,linux" if props.get("reserved") else "app")
    ips_seed = f"{g['sub']}/{g['rg']}/{site_name}"
    outbound = fake_ips(ips_seed, 4)
    props.update({
        "name": f"{site_name}({slot_name})" if slot else site_name,
        "state": props.get("state", "Running"),
        "hostNames": [host], "enabledHostNames": [host, host.replace(".azurewebsites.net", ".scm.azurewebsites.net")],
        "repositorySiteName": site_name, "usageState": "Normal", "enabled": props.get("enabled", True),
        "adminEnabled": True, "availabilityState": "Normal",
        "hostNameSslStates": [{"name": host, "sslState": "Disabled", "ipBasedSslState": "NotConfigured",
                               "hostType": "Standard"},
                              {"name": host.replace(".azurewebsites.net", ".scm.azurewebsites.net"),
                               "sslState": "Disabled", "ipBasedSslState": "NotConfigured", "hostType": "Repository"}],
        "serverFarmId": props.get("serverFarmId"),
        "reserved": props.get("reserved", "linux" in kind),
        "isXenon": False, "hyperV": False, "lastModifiedTimeUtc": now_iso(), "vnetRouteAllEnabled": False,
        "scmSiteAlsoStopped": False, "clientAffinityEnabled": props.get("clientAffinityEnabled", True),
        "clientCertEnabled": props.get("clientCertEnabled", False), "hostNamesDisabled": False,
        "outboundIpAddresses": ",".join(outbound),
        "possibleOutboundIpAddresses": ",".join(outbound + fake_ips(ips_seed, 6, offset=4)),
        "containerSize": 0, "dailyMemoryTimeQuota": 0, "resourceGroup": g["rg"] if not old else props.get("resourceGroup", g["rg"]),
        "defaultHostName": host, "httpsOnly": props.get("httpsOnly", False), "redundancyMode": "None",
        "publicNetworkAccess": props.get("publicNetworkAccess", "Enabled"),
        "virtualNetworkSubnetId": props.get("virtualNetworkSubnetId"),
        "keyVaultReferenceIdentity": props.get("keyVaultReferenceIdentity", "SystemAssigned"),
        "provisioningState": "Succeeded",
        "sku": _plan_tier(req, props.get("serverFarmId")),
    })
    if is_function_app(kind):
        _function_app_properties(props, props_in, old)
    out = {"id": rid, "name": f"{site_name}/{slot_name}" if slot else site_name,
           "type": "Microsoft.Web/sites/slots" if slot else "Microsoft.Web/sites", "kind": kind,
           "location": display_location(loc),
           "tags": copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags", {})}
    identity = ident.resolve(req, body.get("identity"), (old or {}).get("identity"), merge_users=patch)
    if identity:
        out["identity"] = identity
    out["properties"] = props
    return out, site_config_in


def _plan_tier(req, plan_id):
    """properties.sku of a site is its plan's tier (the CLI reads it, e.g. to spot Flex function apps)."""
    plan = req.sandbox.store.body(plan_id) if plan_id else None
    return ((plan or {}).get("sku") or {}).get("tier") or "Free"


def _config_id(site_full_id, name):
    return f"{site_full_id}/config/{name}"


def _web_config(req, site_id, loc):
    rec = req.sandbox.store.get(_config_id(site_id, "web"))
    if rec:
        return rec["body"]
    return {"id": _config_id(site_id, "web"), "name": "web", "type": _cfg_type(site_id), "location": loc,
            "tags": {}, "properties": copy.deepcopy(DEFAULT_WEB_CONFIG)}


def _cfg_type(site_id):
    return "Microsoft.Web/sites/slots/config" if "/slots/" in site_id.lower() else "Microsoft.Web/sites/config"


def _save_web_config(req, site_id, loc, patch_props):
    cfg = _web_config(req, site_id, loc)
    cfg["properties"] = deep_merge(cfg["properties"], patch_props)
    cfg["location"] = loc
    req.sandbox.store.put(cfg["id"], cfg)
    return cfg


def _dict_config(req, site_id, name, loc):
    rec = req.sandbox.store.get(_config_id(site_id, name))
    if rec:
        return rec["body"]
    return {"id": _config_id(site_id, name), "name": name, "type": _cfg_type(site_id), "location": loc,
            "tags": {}, "properties": {}}


def _render_site(req, body):
    """The site as GET returns it: siteConfig mirrors a few config/web values, the rest null."""
    out = copy.deepcopy(body)
    cfg = _web_config(req, body["id"], body["location"])["properties"]
    out["properties"]["siteConfig"] = {k: cfg.get(k) for k in SITE_CONFIG_IN_SITE}
    out["properties"]["siteConfig"].update({"appSettings": None, "connectionStrings": None, "metadata": None})
    return out


def register(router):
    register_function_apps(router)

    @router.add(["POST"], SUB + r"/providers/microsoft\.web/checknameavailability")
    def check_name(req):
        require_subscription(req)
        name = req.json().get("name", "")
        taken = bool(req.sandbox.store.select(
            lambda r: r["body"].get("type", "").lower() == "microsoft.web/sites" and r["body"]["name"].lower() == name.lower()))
        return Response(200, {"nameAvailable": not taken, "reason": "AlreadyExists" if taken else "",
                              "message": f"Hostname '{name}' already exists. Please select a different name." if taken else ""})

    @router.add(["POST"], RG + r"/providers/microsoft\.web/validate")
    def validate(req):
        require_group(req)
        return Response(200, {"status": "Success", "error": None})

    @router.add(["GET"], RG + r"/providers/microsoft\.web/sites")
    def list_sites(req):
        rec = require_group(req)
        recs = req.sandbox.store.children(rec["id"], "/providers/microsoft.web/sites")
        return page(req, [_render_site(req, r["body"]) for r in recs], req.sandbox.page_size)

    @router.add(["GET"], SUB + r"/providers/microsoft\.web/sites")
    def list_sites_sub(req):
        require_subscription(req)
        recs = req.sandbox.store.select(lambda r: r["body"].get("type") == "Microsoft.Web/sites")
        resp = page(req, [_render_site(req, r["body"]) for r in recs], req.sandbox.page_size)
        # ARM fans subscription-wide lists out per region and names each regional call.
        resp.headers["x-ms-original-request-ids"] = new_guid()
        return resp

    @router.add(["GET"], RG + r"/providers/microsoft\.web/sites/(?P<site>[^/]+)/slots")
    def list_slots(req):
        rec, sid = _existing_site(req)
        recs = req.sandbox.store.children(sid, "/slots")
        return page(req, [_render_site(req, r["body"]) for r in recs], req.sandbox.page_size)

    @router.add(["GET"], SITE)
    def get_site(req):
        rec, _ = _existing_site(req)
        return web_response(200, _render_site(req, rec["body"]))

    @router.add(["PUT", "PATCH"], SITE)
    def put_site(req):
        require_group(req)
        site_id, full = _site_ids(req)
        store = req.sandbox.store
        existing = store.get(full)
        if req.method == "PATCH" and existing is None:
            _existing_site(req)
        if req.groups.get("slot") and store.get(site_id) is None:
            raise resource_not_found("Microsoft.Web/sites", req.groups["site"], req.groups["rg"])
        rid = existing["id"] if existing else full
        body = req.json()
        if existing is None:
            _consumption_plan(req, body)
        out, site_config = _build_site(req, rid, body, existing, patch=req.method == "PATCH")
        with store.lock:
            store.put(rid, out)
            if existing is None and is_function_app(out["kind"]):
                site_config = {**FUNCTION_APP_WEB_CONFIG, **site_config}
            _apply_site_config(req, rid, out["location"], site_config, created=existing is None)
        return web_response(200, _render_site(req, out))

    @router.add(["DELETE"], SITE)
    def delete_site(req):
        require_group(req)
        _, full = _site_ids(req)
        n = req.sandbox.store.delete_tree(full)
        return web_response(200, None) if n else Response(204, None)

    # ---- config sub-resources ------------------------------------------------------------------
    @router.add(["POST"], SITE + r"/config/(?P<cfg>appsettings|connectionstrings|metadata)/list")
    def list_dict_config(req):
        rec, sid = _existing_site(req, missing="appservice")
        return web_response(200, _dict_config(req, sid, DICT_CONFIGS[req.groups["cfg"].lower()], rec["body"]["location"]))

    @router.add(["PUT"], SITE + r"/config/(?P<cfg>appsettings|connectionstrings|metadata)")
    def put_dict_config(req):
        rec, sid = _existing_site(req, missing="appservice")
        name = DICT_CONFIGS[req.groups["cfg"].lower()]
        props = req.json().get("properties") or {}
        if name == "connectionstrings":
            for k, v in props.items():
                if not isinstance(v, dict) or "value" not in v:
                    raise _bad_request(f"Connection string '{k}' needs a value and a type.")
                v.setdefault("type", "Custom")
        else:
            props = {k: (None if v is None else str(v)) for k, v in props.items()}
        cfg = _dict_config(req, sid, name, rec["body"]["location"])
        cfg["properties"] = props  # PUT replaces the whole dictionary
        req.sandbox.store.put(cfg["id"], cfg)
        return web_response(200, cfg)

    @router.add(["GET"], SITE + r"/config/(?P<cfg>appsettings|connectionstrings|metadata)")
    def get_dict_config_not_allowed(req):
        # The values are only readable through POST .../list (secrets); GET is not a route there.
        raise ArmError(405, "MethodNotAllowed", "The requested resource does not support http method 'GET'.")

    @router.add(["GET", "PUT"], SITE + r"/config/slotconfignames")
    def slot_config_names(req):
        rec, sid = _existing_site(req, missing="appservice")
        site_id = sid.split("/slots/")[0] if "/slots/" in sid.lower() else sid  # sticky names live on production
        cid = _config_id(site_id, "slotConfigNames")
        cur = req.sandbox.store.body(cid) or {
            "id": cid, "name": "slotConfigNames", "type": "Microsoft.Web/sites/config", "location": rec["body"]["location"],
            "tags": {}, "properties": {"connectionStringNames": None, "appSettingNames": None, "azureStorageConfigNames": None}}
        if req.method == "PUT":
            props = req.json().get("properties") or {}
            for key in ("connectionStringNames", "appSettingNames", "azureStorageConfigNames"):
                val = get_ci(props, key)
                cur["properties"][key] = val if val else None
            req.sandbox.store.put(cid, cur)
        return web_response(200, cur)

    @router.add(["GET", "PUT", "PATCH"], SITE + r"/config/web")
    def web_config(req):
        rec, sid = _existing_site(req, missing="appservice")
        loc = rec["body"]["location"]
        if req.method == "GET":
            return web_response(200, _web_config(req, sid, loc))
        props = req.json().get("properties") or {}
        _check_site_config(props)
        with req.sandbox.store.lock:
            cfg = _apply_site_config(req, sid, loc, props, created=False)
        return web_response(200, cfg)


def _bad_request(msg):
    return ArmError(400, "BadRequest", msg, body={
        "Code": "BadRequest", "Message": msg, "Target": None,
        "Details": [{"Message": msg}, {"Code": "BadRequest"},
                    {"ErrorEntity": {"ExtendedCode": "51021", "MessageTemplate": "{0}", "Parameters": [msg],
                                     "Code": "BadRequest", "Message": msg}}], "Innererror": None})


def _check_site_config(cfg):
    if "appSettings" in cfg and cfg["appSettings"] is not None and not isinstance(cfg["appSettings"], list):
        raise _bad_request("siteConfig.appSettings must be a list of {name, value}.")


def _apply_site_config(req, site_id, loc, site_config, created):
    """siteConfig from a site PUT or a config/web write: appSettings/connectionStrings go to their own records."""
    site_config = copy.deepcopy(site_config or {})
    _check_site_config(site_config)
    app_settings = site_config.pop("appSettings", None)
    conn = site_config.pop("connectionStrings", None)
    site_config.pop("metadata", None)
    if app_settings is not None:
        cfg = _dict_config(req, site_id, "appsettings", loc)
        cfg["properties"] = {s["name"]: s.get("value") for s in app_settings}
        req.sandbox.store.put(cfg["id"], cfg)
    if conn is not None:
        cfg = _dict_config(req, site_id, "connectionstrings", loc)
        cfg["properties"] = {c["name"]: {"value": c.get("connectionString"), "type": c.get("type", "Custom")} for c in conn}
        req.sandbox.store.put(cfg["id"], cfg)
    if site_config or created:
        # null values in a site PUT's siteConfig mean "unchanged" for App Service
        site_config = {k: v for k, v in site_config.items() if v is not None}
        return _save_web_config(req, site_id, loc, site_config)
    return _web_config(req, site_id, loc)


# ---- function apps -------------------------------------------------------------------------------
# A function app is a Microsoft.Web/sites (or slot) whose kind contains "functionapp" ("functionapp",
# "functionapp,linux", "functionapp,linux,container"...). App Service answers it with the site shape plus
# a few values of its own (recorded in test_functionapp_assign_system_identity.yaml): containerSize 1536,
# eligibleLogCategories "FunctionAppLogs", clientAffinityEnabled false, siteConfig.functionAppScaleLimit 0
# and minimumElasticInstanceCount 0. siteConfig.appSettings of the create PUT (FUNCTIONS_WORKER_RUNTIME,
# FUNCTIONS_EXTENSION_VERSION, AzureWebJobsStorage...) are stored as the app settings, as for any site.
FUNCTION_APP_KIND = "functionapp"
FUNCTION_APP_WEB_CONFIG = {"functionAppScaleLimit": 0, "minimumElasticInstanceCount": 0}


def is_function_app(kind):
    """The CLI's test (utils.is_functionapp): 'functionapp' in kind and not a logic app ('workflowapp')."""
    k = (kind or "").lower()
    return FUNCTION_APP_KIND in k and "workflowapp" not in k


def _parent_function_kind(req, rid, slot):
    """A slot created without a kind under a function app is a function app slot (same kind)."""
    if not slot:
        return None
    parent = req.sandbox.store.body(rid.rsplit("/slots/", 1)[0]) if "/slots/" in rid else None
    kind = (parent or {}).get("kind")
    return kind if is_function_app(kind) else None


def _function_app_properties(props, props_in, old):
    old_props = (old or {}).get("properties") or {}
    props["containerSize"] = props_in.get("containerSize") or old_props.get("containerSize") or 1536
    props["dailyMemoryTimeQuota"] = props_in.get("dailyMemoryTimeQuota", old_props.get("dailyMemoryTimeQuota", 0))
    if "clientAffinityEnabled" not in props_in and "clientAffinityEnabled" not in old_props:
        props["clientAffinityEnabled"] = False
    props["eligibleLogCategories"] = old_props.get("eligibleLogCategories", "FunctionAppLogs")


def _resolve_function_app_plan(req, body, old, props_in):
    """`az functionapp create --plan NAME` sends the bare plan name as serverFarmId; App Service answers with
    the plan's full id (recorded). Resolved when such a plan exists in the site's group; anything else still
    meets the id check."""
    plan = props_in.get("serverFarmId")
    if not plan or "/" in plan or not is_function_app(body.get("kind") or (old or {}).get("kind")):
        return
    g = req.groups
    rec = req.sandbox.store.get(f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{g['rg']}"
                                f"/providers/Microsoft.Web/serverfarms/{plan}")
    if rec:
        props_in["serverFarmId"] = rec["id"]


def _consumption_plan(req, body):
    """A function app created without serverFarmId (`--consumption-plan-location`) gets App Service's
    shared Dynamic (Y1) plan of its region in its group, created on first use: '<Region>Plan' for
    Windows, '<Region>LinuxDynamicPlan' for Linux (names as they appear in public deployments)."""
    props = body.get("properties") or {}
    if props.get("serverFarmId") or not is_function_app(body.get("kind")) or not body.get("location"):
        return
    linux = bool(props.get("reserved")) or "linux" in body["kind"].lower()
    region = display_location(body["location"]).replace(" ", "")
    g = req.groups
    plan_id = (f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{g['rg']}/providers/Microsoft.Web/"
               f"serverfarms/{region}{'LinuxDynamicPlan' if linux else 'Plan'}")
    if req.sandbox.store.get(plan_id) is None:
        resp = req.sandbox.call("PUT", plan_id, {
            "location": body["location"], "kind": "functionapp",
            "sku": {"name": "Y1", "tier": "Dynamic", "size": "Y1", "family": "Y", "capacity": 0},
            "properties": {"reserved": linux, "computeMode": "Dynamic"}}, api_version=req.api_version)
        if resp.status >= 400:
            raise ArmError(resp.status, "BadRequest", "Could not create the consumption plan.", body=resp.body)
    body.setdefault("properties", {})["serverFarmId"] = req.sandbox.store.get(plan_id)["id"]


def _geo_regions(req):
    from ..arm import LOCATION_DISPLAY
    sub = req.sandbox.subscription_id
    return [{"id": f"/subscriptions/{sub}/providers/Microsoft.Web/geoRegions/{name}", "name": name,
             "type": "Microsoft.Web/geoRegions",
             "properties": {"name": name, "description": None, "displayName": name, "orgDomain": "PUBLIC;DYNAMIC"}}
            for name in sorted(LOCATION_DISPLAY.values())]


def _stack(value, display, preferred_os, majors):
    return {"id": f"/providers/Microsoft.Web/functionAppStacks/{value}", "name": value,
            "type": "Microsoft.Web/functionAppStacks",
            "properties": {"displayText": display, "value": value, "preferredOs": preferred_os,
                           "majorVersions": majors}}


def _runtime_settings(runtime_version, worker, site_config, extension_versions=("~4",), eol=None, default=False,
                      app_settings=None, github=None):
    return {"runtimeVersion": runtime_version, "isPreview": False, "isDeprecated": False, "isHidden": False,
            "isDefault": default, "endOfLifeDate": eol, "remoteDebuggingSupported": False,
            "appInsightsSettings": {"isSupported": True},
            "gitHubActionSettings": {"isSupported": github is not None, "supportedVersion": github},
            "appSettingsDictionary": {"FUNCTIONS_WORKER_RUNTIME": worker, **(app_settings or {})},
            "siteConfigPropertiesDictionary": site_config,
            "supportedFunctionsExtensionVersions": list(extension_versions)}


def _minor(display, value, windows=None, linux=None):
    settings = {}
    if windows:
        settings["windowsRuntimeSettings"] = windows
    if linux:
        settings["linuxRuntimeSettings"] = linux
    return {"displayText": display, "value": value, "stackSettings": settings}


def _major(display, value, minors):
    return {"displayText": display, "value": value, "minorVersions": minors}


def function_app_stacks():
    """A subset of GET /providers/Microsoft.Web/functionAppStacks (shape of the spec example
    GetFunctionAppStacks.json): the runtimes a sandbox client is likely to ask for."""
    def py(minor, eol, default=False):
        return _minor(f"Python {minor}", minor, linux=_runtime_settings(
            f"Python|{minor}", "python", {"use32BitWorkerProcess": False, "linuxFxVersion": f"Python|{minor}"},
            eol=eol, default=default, github=minor))

    def node(major, eol, default=False):
        return _major(f"Node.js {major}", major, [_minor(f"Node.js {major} LTS", f"{major} LTS", windows=_runtime_settings(
            f"~{major}", "node", {"use32BitWorkerProcess": True}, eol=eol, default=default,
            app_settings={"WEBSITE_NODE_DEFAULT_VERSION": f"~{major}"}, github=f"{major}.x"),
            linux=_runtime_settings(f"Node|{major}", "node", {"use32BitWorkerProcess": False,
                                                              "linuxFxVersion": f"Node|{major}"},
                                    eol=eol, default=default, github=f"{major}.x"))])

    def java(major, default=False):
        return _major(f"Java {major}", major, [_minor(f"Java {major}", f"{major}.0", windows=_runtime_settings(
            major, "java", {"use32BitWorkerProcess": True, "javaVersion": major}, default=default, github=major),
            linux=_runtime_settings(f"Java|{major}", "java", {"use32BitWorkerProcess": False,
                                                              "linuxFxVersion": f"Java|{major}"},
                                    default=default, github=major))])

    def dotnet(major, eol, default=False):
        return _major(f".NET {major} Isolated", major, [_minor(
            f".NET {major} Isolated", f"{major} (LTS), isolated worker model",
            windows=_runtime_settings(f"v{major}.0", "dotnet-isolated", {"use32BitWorkerProcess": True,
                                                                       "netFrameworkVersion": f"v{major}.0"},
                                      eol=eol, default=default, github=f"{major}.0.x"),
            linux=_runtime_settings(f"DOTNET-ISOLATED|{major}.0", "dotnet-isolated",
                                    {"use32BitWorkerProcess": False, "linuxFxVersion": f"DOTNET-ISOLATED|{major}.0"},
                                    eol=eol, default=default, github=f"{major}.0.x"))])

    return [
        _stack("dotnet-isolated", ".NET Isolated Worker Model", "Windows", [dotnet("10", "2028-11-14T00:00:00Z", True),
                                                                           dotnet("8", "2026-11-10T00:00:00Z")]),
        _stack("node", "Node.js", "Windows", [node("22", "2027-04-30T00:00:00Z", default=True),
                                              node("20", "2026-04-30T00:00:00Z")]),
        _stack("python", "Python", "Linux", [_major("Python 3", "3", [
            py("3.13", "2029-10-31T00:00:00Z"), py("3.12", "2028-10-31T00:00:00Z"),
            py("3.11", "2027-10-31T00:00:00Z", default=True),
            py("3.10", "2026-10-31T00:00:00Z")])]),
        _stack("java", "Java", "Windows", [java("21"), java("17", default=True)]),
        _stack("powershell", "PowerShell Core", "Windows", [_major("PowerShell 7", "7", [_minor(
            "PowerShell 7.4", "7.4",
            windows=_runtime_settings("7.4", "powershell", {"use32BitWorkerProcess": True, "powerShellVersion": "7.4"},
                                      eol="2026-11-10T00:00:00Z", default=True),
            linux=_runtime_settings("PowerShell|7.4", "powershell",
                                    {"use32BitWorkerProcess": False, "linuxFxVersion": "PowerShell|7.4"},
                                    eol="2026-11-10T00:00:00Z", default=True))])]),
        _stack("custom", "Custom Handler", "Windows", [_major("Custom Handler", "custom", [_minor(
            "Custom Handler", "custom",
            windows=_runtime_settings("custom", "custom", {"use32BitWorkerProcess": True}, default=True),
            linux=_runtime_settings("", "custom", {"use32BitWorkerProcess": False, "linuxFxVersion": ""},
                                    default=True))])]),
    ]


def _stacks_for_os(os_type):
    """stackOsType=Linux|Windows keeps only that OS's settings (a minor without them is dropped)."""
    key = {"linux": "linuxRuntimeSettings", "windows": "windowsRuntimeSettings"}.get((os_type or "").lower())
    stacks = function_app_stacks()
    if not key:
        return stacks
    out = []
    for stack in stacks:
        majors = []
        for major in stack["properties"]["majorVersions"]:
            minors = []
            for minor in major["minorVersions"]:
                settings = minor["stackSettings"].get(key)
                if settings:
                    minors.append(dict(minor, stackSettings={key: settings}))
            if minors:
                majors.append(dict(major, minorVersions=minors))
        if majors:
            stack["properties"]["majorVersions"] = majors
            out.append(stack)
    return out


def _publishing_password(req, rec):
    """The site's publishing credential: random at first read, kept in the record's private part."""
    private = rec.get("private") or {}
    if not private.get("publishingPassword"):
        import base64
        import os
        private["publishingPassword"] = base64.b64encode(os.urandom(45)).decode().replace("/", "x").replace("+", "y")
        req.sandbox.store.put(rec["id"], rec["body"], private)
    return private["publishingPassword"]


def _publish_xml(req, rec):
    from xml.sax.saxutils import quoteattr
    body = rec["body"]
    host = body["properties"]["defaultHostName"]
    scm = host.replace(".azurewebsites.net", ".scm.azurewebsites.net")
    site = body["name"].replace("/", "__")        # slots: "site__slot", as App Service names the deployment site
    user = "$" + site
    pwd = _publishing_password(req, rec)
    stamp = f"waws-prod-{stable_int(body['id'].split('/providers/')[0]) % 900 + 100:03d}"
    common = {"destinationAppUrl": f"http://{host}", "SQLServerDBConnectionString": "", "mySQLDBConnectionString": "",
              "hostingProviderForumLink": "", "controlPanelLink": "https://portal.azure.com", "webSystem": "WebSites"}
    profiles = [
        {"profileName": f"{site} - Web Deploy", "publishMethod": "MSDeploy", "publishUrl": f"{scm}:443",
         "msdeploySite": site, "userName": user, "userPWD": pwd, **common},
        {"profileName": f"{site} - FTP", "publishMethod": "FTP",
         "publishUrl": f"ftps://{stamp}.ftp.azurewebsites.windows.net/site/wwwroot", "ftpPassiveMode": "True",
         "userName": f"{site}\\{user}", "userPWD": pwd, **common},
        {"profileName": f"{site} - Zip Deploy", "publishMethod": "ZipDeploy", "publishUrl": f"{scm}:443",
         "userName": user, "userPWD": pwd, **common},
    ]
    parts = ["<publishData>"]
    for profile in profiles:
        attrs = " ".join(f"{k}={quoteattr(v)}" for k, v in profile.items())
        parts.append(f"<publishProfile {attrs}><databases /></publishProfile>")
    parts.append("</publishData>")
    return "".join(parts).encode()


def register_function_apps(router):
    @router.add(["GET"], r"/providers/microsoft\.web(?:/locations/(?P<loc>[^/]+))?/functionappstacks")
    def function_app_stacks_list(req):
        return Response(200, {"value": _stacks_for_os(req.query.get("stackostype"))})

    @router.add(["GET"], SUB + r"/providers/microsoft\.web/georegions")
    def geo_regions(req):
        # `az functionapp create --consumption-plan-location` / list-consumption-locations (?sku=Dynamic)
        require_subscription(req)
        return page(req, _geo_regions(req), req.sandbox.page_size)

    @router.add(["POST"], SITE + r"/publishxml")
    def publishing_profile_xml(req):
        # list_publishing_profile_xml_with_secrets: `az functionapp show` / `az webapp show` read the FTP url here.
        rec, _ = _existing_site(req, missing="appservice")
        resp = web_response(200, None)
        resp.raw = _publish_xml(req, rec)
        resp.content_type = "application/xml"
        return resp
