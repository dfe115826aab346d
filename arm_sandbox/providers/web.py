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
    kind = body.get("kind") or (old or {}).get("kind") or ("app,linux" if props.get("reserved") else "app")
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
        out, site_config = _build_site(req, rid, body, existing, patch=req.method == "PATCH")
        with store.lock:
            store.put(rid, out)
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
