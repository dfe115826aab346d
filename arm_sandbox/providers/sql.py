"""Microsoft.Sql: logical servers, databases, firewall rules, the Entra (AAD) administrator and
azureADOnlyAuthentications, with the RP's own long-running-operation shapes.

Fidelity notes (facts and sources in tests/sandbox/recorded_sql.py):
- Every server/database/administrator write (PUT, PATCH, DELETE) answers 202 with a small body
  {"operation": "UpsertLogicalServer"|..., "startTime"} and BOTH monitors of one operation id under the
  resource group: Azure-AsyncOperation .../locations/{loc}/{family}AzureAsyncOperation/{id} (200
  {"name", "status": "InProgress"|"Succeeded", "startTime"}) and Location .../{family}OperationResults/{id}
  (202 while running, then the final answer). family = server | database | serverAdministrator.
- Firewall rules are synchronous: PUT 200 (create too, as recorded), DELETE 200 / 204 when absent.
- GET never shows administratorLoginPassword (kept in the server record's private part).
- A server has a 'master' database from creation (sku System, kind 'v12.0,system', managedBy the server).
- The administrators and azureADOnlyAuthentications children answer type 'Microsoft.Sql/servers' (recorded).
- 404s: a missing server is ARM's ResourceNotFound; a missing child names the full nested path
  ('Microsoft.Sql/servers/{s}/databases/{d}'); a child request under a missing server is
  ParentResourceNotFound.
- Behind the servers: the sandbox's SQL Server engine (arm_sandbox/engines/sqlserver.py, an imitation speaking
  TDS). It reads this store at each sign-in (`engine_facts`: the server's Entra admin, databases, firewall rules and
  publicNetworkAccess); an Entra admin PUT starts it; deleting a database or a server forgets its users there.
"""
import copy
import datetime
import hashlib
import ipaddress
import re
import threading

from ..arm import ArmError, Response, new_guid, normalize_location, page, resource_not_found
from ..router import RG, SUB
from . import identity as ident
from .common import require_group, require_subscription

NS = "Microsoft.Sql"
SERVER_TYPE = "Microsoft.Sql/servers"
DB_TYPE = "Microsoft.Sql/servers/databases"
RULE_TYPE = "Microsoft.Sql/servers/firewallRules"
SERVER = r"(?P<rid>" + RG + r"/providers/microsoft\.sql/servers/(?P<server>[^/]+))"
SERVER_NAME_RE = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
DNS_SUFFIX = "database.windows.net"
ADMIN_NAME = "ActiveDirectory"
AAD_ONLY_NAME = "Default"

# op id -> {"left": polls still "running", "start": iso, "final": () -> Response}; ids are fresh GUIDs.
_OPS = {}
_OPS_LOCK = threading.Lock()

# Region pairs the RP reports as defaultSecondaryLocation (recorded: eastus2 -> centralus).
_PAIRS = {"eastus": "westus", "eastus2": "centralus", "westus": "eastus", "westus2": "westcentralus",
          "centralus": "eastus2", "westeurope": "northeurope", "northeurope": "westeurope",
          "uksouth": "ukwest", "japaneast": "japanwest", "australiaeast": "australiasoutheast"}


# ------------------------------------------------------------------------------------------ helpers
def _start_time():
    t = datetime.datetime.now(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"   # ms, as recorded


def _retry_after(req):
    ra = req.sandbox.operations.retry_after
    return {"Retry-After": str(ra)} if ra not in (None, "") else {}


def _accepted(req, family, operation, location, final):
    """202 + the SQL RP's two monitors of one operation (recorded shape)."""
    op_id = new_guid()
    start = _start_time()
    with _OPS_LOCK:
        if len(_OPS) > 10000:
            _OPS.clear()
        _OPS[op_id] = {"left": req.sandbox.operations.polls, "start": start, "final": final}
    base = (f"{req.base_url}/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{req.groups['rg']}"
            f"/providers/{NS}/locations/{normalize_location(location)}")
    query = f"?api-version={req.api_version}"
    headers = {"Azure-AsyncOperation": f"{base}/{family}AzureAsyncOperation/{op_id}{query}",
               "Location": f"{base}/{family}OperationResults/{op_id}{query}", **_retry_after(req)}
    return Response(202, {"operation": operation, "startTime": start}, headers)


def _poll(req):
    require_subscription(req)
    op_id = req.groups["op"].lower()
    with _OPS_LOCK:
        op = _OPS.get(op_id)
        if op is None:
            raise ArmError(404, "OperationIdNotFound", f"The operation with Id '{req.groups['op']}' does not exist.")
        running = op["left"] > 0
        if running:
            op["left"] -= 1
    if req.groups["kind"].lower().endswith("azureasyncoperation"):
        body = {"name": op_id, "status": "InProgress" if running else "Succeeded", "startTime": op["start"]}
        return Response(200, body, _retry_after(req) if running else {})
    if running:
        return Response(202, None, {"Location": f"{req.base_url}{req.path}?api-version={req.api_version}",
                                    **_retry_after(req)})
    return op["final"]()


def _parent_not_found(server):
    return ArmError(404, "ParentResourceNotFound",
                    f"Can not perform requested operation on nested resource. Parent resource '{server}' not found.")


def _server(req):
    """The server record (404 ResourceNotFound when absent: ARM's own answer)."""
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        raise resource_not_found(SERVER_TYPE, req.groups["server"], req.groups["rg"])
    return rec


def _parent(req):
    """The server of a child request (404 ParentResourceNotFound when absent)."""
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        raise _parent_not_found(req.groups["server"])
    return rec


def _child_missing(req, segment, name):
    # The RP names the nested path the ARM way (recorded for databases; same for the other children).
    return resource_not_found(f"{SERVER_TYPE}/{req.groups['server']}/{segment}", name, req.groups["rg"])


def _done(req, rid):
    return lambda: Response(200, req.sandbox.store.body(rid))


# ------------------------------------------------------------------------------------------ servers
def _validate_server(req, name, props, existing):
    if existing is None and not SERVER_NAME_RE.match(name):
        raise ArmError(400, "InvalidServerName", "Invalid server name specified.")
    admins = props.get("administrators") or {}
    if admins.get("azureADOnlyAuthentication") and not (admins.get("login") and admins.get("sid")):
        raise ArmError(400, "MissingExternalAdministratorWithAadOnlyAuth",
                       "In order to use Azure AD Only Authentication, please provide details of an external "
                       "administrator.")
    login = props.get("administratorLogin") or ((existing or {}).get("properties") or {}).get("administratorLogin")
    if admins.get("login") and login and admins["login"].lower() == login.lower():
        raise ArmError(400, "ExternalAdministratorLoginSameAsSqlAdmin",
                       "The names of the Azure Active Directory administrator and of the server admin account must "
                       "be different. Please provide different values.")


def _cloud_sa(rid):
    # An Entra-only server still gets a SQL admin login the RP makes up ("CloudSA" + hex).
    return "CloudSA" + hashlib.sha256(rid.lower().encode()).hexdigest()[:8]


def _build_server(req, rid, body, old):
    name = rid.rsplit("/", 1)[1]
    old = old or {}
    props_in = copy.deepcopy(body.get("properties") or {})
    old_props = old.get("properties") or {}
    loc = body.get("location") or old.get("location")
    if not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    props = {"administratorLogin": props_in.get("administratorLogin") or old_props.get("administratorLogin")
             or _cloud_sa(rid),
             "version": props_in.get("version") or old_props.get("version") or "12.0",
             "state": "Ready", "fullyQualifiedDomainName": f"{name}.{DNS_SUFFIX}", "privateEndpointConnections": []}
    tls = props_in.get("minimalTlsVersion") or old_props.get("minimalTlsVersion")
    if tls:
        props["minimalTlsVersion"] = tls
    props["publicNetworkAccess"] = props_in.get("publicNetworkAccess") or old_props.get("publicNetworkAccess") \
        or "Enabled"
    props["restrictOutboundNetworkAccess"] = props_in.get("restrictOutboundNetworkAccess") \
        or old_props.get("restrictOutboundNetworkAccess") or "Disabled"
    for key in ("primaryUserAssignedIdentityId", "keyId", "federatedClientId", "isIPv6Enabled"):
        if props_in.get(key) or old_props.get(key):
            props[key] = props_in.get(key) or old_props.get(key)
    out = {"kind": "v12.0", "properties": props, "location": normalize_location(loc)}
    identity = ident.resolve(req, body.get("identity"), old.get("identity"), merge_users=req.method == "PATCH")
    if identity:
        identity["type"] = identity["type"].replace(", ", ",")      # 'SystemAssigned,UserAssigned' (recorded)
        out = {"identity": identity, **out}
    tags = body["tags"] if "tags" in body else old.get("tags")
    if tags is not None:
        out["tags"] = copy.deepcopy(tags)
    out.update({"id": rid, "name": name, "type": SERVER_TYPE})
    return out


def _admin_from_server_body(req, server_id, props_in):
    """`properties.administrators` of a server PUT creates the Entra admin and the AAD-only setting."""
    admins = props_in.get("administrators") or {}
    if not (admins.get("login") and admins.get("sid")):
        return
    store = req.sandbox.store
    store.put(f"{server_id}/administrators/{ADMIN_NAME}",
              _admin_body(req, server_id, admins), {"principalType": admins.get("principalType")})
    store.put(f"{server_id}/azureADOnlyAuthentications/{AAD_ONLY_NAME}",
              _aad_only_body(server_id, bool(admins.get("azureADOnlyAuthentication"))))
    _engine_start(req.sandbox)


def _sync_server_admins(req, server_id):
    """Mirror the Entra admin into the server's `properties.administrators` (absent when none, as recorded)."""
    store = req.sandbox.store
    rec = store.get(server_id)
    if rec is None:
        return
    props = rec["body"]["properties"]
    props.pop("administrators", None)
    admin = store.get(f"{server_id}/administrators/{ADMIN_NAME}")
    if admin:
        a = admin["body"]["properties"]
        block = {"administratorType": "ActiveDirectory"}
        if admin["private"].get("principalType"):
            block["principalType"] = admin["private"]["principalType"]
        block.update({"login": a["login"], "sid": a["sid"], "tenantId": a["tenantId"],
                      "azureADOnlyAuthentication": _aad_only(req, server_id)})
        ordered = {}
        for key, value in props.items():            # keep the recorded order: before restrictOutbound...
            if key == "restrictOutboundNetworkAccess":
                ordered["administrators"] = block
            ordered[key] = value
        ordered.setdefault("administrators", block)
        rec["body"]["properties"] = ordered
    store.put(server_id, rec["body"])


def _master_db(req, server_id, location):
    now = _start_time()
    props = {"collation": "SQL_Latin1_General_CP1_CI_AS", "maxSizeBytes": 53687091200, "status": "Online",
             "databaseId": new_guid(), "creationDate": now, "currentServiceObjectiveName": "System2",
             "requestedServiceObjectiveName": "System2", "defaultSecondaryLocation": _PAIRS.get(location, location),
             "catalogCollation": "SQL_Latin1_General_CP1_CI_AS", "zoneRedundant": False, "readScale": "Disabled",
             "currentSku": {"name": "System", "tier": "System", "capacity": 0},
             "currentBackupStorageRedundancy": "Local", "requestedBackupStorageRedundancy": "Local",
             "maintenanceConfigurationId": _maintenance_id(req), "isLedgerOn": False,
             "isInfraEncryptionEnabled": False}
    rid = f"{server_id}/databases/master"
    return rid, {"sku": {"name": "System", "tier": "System", "capacity": 0}, "kind": "v12.0,system",
                 "managedBy": server_id, "properties": props, "location": location, "id": rid, "name": "master",
                 "type": DB_TYPE}


def _server_id(req):
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec:
        return rec["id"]
    return (f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{req.groups['rg']}/providers/"
            f"{SERVER_TYPE}/{req.groups['server']}")


def _put_server(req):
    require_group(req)
    body = req.json()
    store = req.sandbox.store
    existing = store.get(req.groups["rid"])
    rid = _server_id(req)
    props_in = body.get("properties") or {}
    _validate_server(req, rid.rsplit("/", 1)[1], props_in, existing and existing["body"])
    out = _build_server(req, rid, body, existing and existing["body"])
    private = dict(existing["private"]) if existing else {}
    if props_in.get("administratorLoginPassword"):
        private["administratorLoginPassword"] = props_in["administratorLoginPassword"]
    store.put(rid, out, private)
    if not existing:
        db_id, master = _master_db(req, rid, out["location"])
        store.put(db_id, master)
    _admin_from_server_body(req, rid, props_in)
    _sync_server_admins(req, rid)
    return _accepted(req, "server", "UpsertLogicalServer", out["location"], _done(req, rid))


def _patch_server(req):
    rec = _server(req)
    body = req.json()
    old = rec["body"]
    merged = copy.deepcopy(body)
    merged["properties"] = {**old["properties"], **(body.get("properties") or {})}
    _validate_server(req, rec["id"].rsplit("/", 1)[1], body.get("properties") or {}, old)
    out = _build_server(req, rec["id"], merged, old)
    private = dict(rec["private"])
    if (body.get("properties") or {}).get("administratorLoginPassword"):
        private["administratorLoginPassword"] = body["properties"]["administratorLoginPassword"]
    req.sandbox.store.put(rec["id"], out, private)
    _sync_server_admins(req, rec["id"])
    return _accepted(req, "server", "UpsertLogicalServer", out["location"], _done(req, rec["id"]))


def _delete_server(req):
    require_group(req)
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec is None:
        return Response(204, None)                  # spec: 204 'The specified server does not exist.'
    req.sandbox.store.delete_tree(rec["id"])        # databases, rules, admins go with it
    _engine_forget(req.sandbox, rec["body"]["name"])
    return _accepted(req, "server", "DropLogicalServer", rec["body"]["location"], lambda: Response(200, None))


# ------------------------------------------------------------------------------------------ databases
def _maintenance_id(req):
    return (f"/subscriptions/{req.sandbox.subscription_id}/providers/Microsoft.Maintenance/"
            "publicMaintenanceConfigurations/SQL_Default")


# DTU service objective -> (tier, capacity, default max size in bytes); documented defaults.
_DTU = {"Basic": ("Basic", 5, 2147483648), "S0": ("Standard", 10, 268435456000),
        "S1": ("Standard", 20, 268435456000), "S2": ("Standard", 50, 268435456000),
        "S3": ("Standard", 100, 268435456000), "P1": ("Premium", 125, 536870912000),
        "P2": ("Premium", 250, 536870912000)}
_VCORE_TIERS = {"GP": "GeneralPurpose", "BC": "BusinessCritical", "HS": "Hyperscale"}
_VCORE_RE = re.compile(r"^(GP|BC|HS)(_S)?_(Gen5|FSv2|DC)(?:_(\d+))?$", re.IGNORECASE)
_VCORE_SIZE = 34359738368


def _sku(sku_in):
    """(sku, kind, service objective, default max size) of a requested sku. Without one the RP picks
    GP_Gen5_2 (recorded: a database created without a sku)."""
    sku_in = sku_in or {"name": "GP_Gen5", "capacity": 2}
    name = sku_in.get("name") or "GP_Gen5"
    dtu = {k.lower(): k for k in _DTU}.get(name.lower())
    if dtu:
        tier, capacity, size = _DTU[dtu]
        return {"name": dtu if tier != "Standard" and tier != "Premium" else tier, "tier": tier,
                "capacity": capacity}, "v12.0,user", dtu, size
    m = _VCORE_RE.match(name)
    if not m:                                       # not modelled: echoed as sent
        return copy.deepcopy(sku_in), "v12.0,user", name, _VCORE_SIZE
    edition, serverless, family = m.group(1).upper(), bool(m.group(2)), m.group(3)
    capacity = int(m.group(4) or sku_in.get("capacity") or 2)
    base = f"{edition}{'_S' if serverless else ''}_{family}"
    sku = {"name": base, "tier": _VCORE_TIERS[edition], "family": family, "capacity": capacity}
    return sku, "v12.0,user,vcore" + (",serverless" if serverless else ""), f"{base}_{capacity}", _VCORE_SIZE


def _build_db(req, rid, body, old, server):
    old = old or {}
    name = rid.rsplit("/", 1)[1]
    props_in = copy.deepcopy(body.get("properties") or {})
    old_props = old.get("properties") or {}
    sku, kind, slo, default_size = _sku(body.get("sku") or old.get("sku"))
    loc = normalize_location(server["location"])
    redundancy = props_in.get("requestedBackupStorageRedundancy") or \
        old_props.get("requestedBackupStorageRedundancy") or "Geo"
    props = {"collation": props_in.get("collation") or old_props.get("collation") or "SQL_Latin1_General_CP1_CI_AS",
             "maxSizeBytes": props_in.get("maxSizeBytes") or (None if body.get("sku") else
                                                              old_props.get("maxSizeBytes")) or default_size,
             "status": "Online", "databaseId": old_props.get("databaseId") or new_guid(),
             "creationDate": old_props.get("creationDate") or _start_time(),
             "currentServiceObjectiveName": slo, "requestedServiceObjectiveName": slo,
             "defaultSecondaryLocation": _PAIRS.get(loc, loc), "catalogCollation": "SQL_Latin1_General_CP1_CI_AS",
             "zoneRedundant": bool(props_in.get("zoneRedundant", old_props.get("zoneRedundant", False)))}
    if "vcore" in kind:
        props["licenseType"] = props_in.get("licenseType") or old_props.get("licenseType") or "LicenseIncluded"
        props["maxLogSizeBytes"] = 68719476736
    props.update({"readScale": props_in.get("readScale") or old_props.get("readScale") or "Disabled",
                  "currentSku": copy.deepcopy(sku), "currentBackupStorageRedundancy": redundancy,
                  "requestedBackupStorageRedundancy": redundancy, "maintenanceConfigurationId": _maintenance_id(req),
                  "isLedgerOn": bool(props_in.get("isLedgerOn", old_props.get("isLedgerOn", False))),
                  "isInfraEncryptionEnabled": False})
    out = {"sku": sku, "kind": kind, "properties": props, "location": loc}
    tags = body["tags"] if "tags" in body else old.get("tags")
    if tags is not None:
        out["tags"] = copy.deepcopy(tags)
    out.update({"id": rid, "name": name, "type": DB_TYPE})
    return out


def _db_route_ids(req, server_rec):
    rid = f"{server_rec['id']}/databases/{req.groups['name']}"
    rec = req.sandbox.store.get(rid)
    return (rec["id"] if rec else rid), rec


def _put_db(req):
    server = _parent(req)
    body = req.json()
    if not body.get("location"):
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    rid, existing = _db_route_ids(req, server)
    out = _build_db(req, rid, body, existing and existing["body"], server["body"])
    req.sandbox.store.put(rid, out)
    operation = "UpdateLogicalDatabase" if existing else "CreateLogicalDatabase"
    return _accepted(req, "database", operation, out["location"], _done(req, rid))


def _patch_db(req):
    server = _parent(req)
    rid, existing = _db_route_ids(req, server)
    if existing is None:
        raise _child_missing(req, "databases", req.groups["name"])
    body = req.json()
    out = _build_db(req, rid, body, existing["body"], server["body"])
    req.sandbox.store.put(rid, out)
    return _accepted(req, "database", "UpdateLogicalDatabase", out["location"], _done(req, rid))


def _delete_db(req):
    server = _parent(req)
    rid, existing = _db_route_ids(req, server)
    if existing:
        req.sandbox.store.delete_tree(rid)
        _engine_forget(req.sandbox, server["body"]["name"], existing["body"]["name"])
    # An absent database is "dropped" the same way: 202 + monitors (recorded: a second delete of one name).
    return _accepted(req, "database", "DropLogicalDatabase", server["body"]["location"],
                     lambda: Response(200, None))


# ------------------------------------------------------------------------------------------ firewall rules
def _ipv4(value):
    try:
        return ipaddress.IPv4Address(value or "")
    except ValueError:
        raise ArmError(400, "FirewallRuleNotIPv4Address",
                       f"The provided firewall rule address '{value}' is not IPv4.") from None


def _put_rule(req):
    server = _parent(req)
    if server["body"]["properties"].get("publicNetworkAccess") == "Disabled":
        raise ArmError(400, "DenyPublicEndpointEnabled",
                       "Unable to create or modify firewall rules when public network access for the server is "
                       "disabled. (https://docs.microsoft.com/en-us/azure/azure-sql/database/connectivity-settings"
                       "#deny-public-network-access)")
    name = req.groups["name"]
    if len(name) > 128:
        raise ArmError(400, "FirewallRuleNameTooLong", "The provided firewall rule name is too long")
    props = (req.json().get("properties") or {})
    start, end = _ipv4(props.get("startIpAddress")), _ipv4(props.get("endIpAddress"))
    if start > end:
        raise ArmError(400, "FirewallRuleInvalidRange", "The specified firewall rule range is invalid.")
    rid = f"{server['id']}/firewallRules/{name}"
    existing = req.sandbox.store.get(rid)
    rid = existing["id"] if existing else rid
    out = {"properties": {"startIpAddress": str(start), "endIpAddress": str(end)}, "id": rid,
           "name": rid.rsplit("/", 1)[1], "type": RULE_TYPE}
    req.sandbox.store.put(rid, out)
    return Response(200, out)                       # 200 for a new rule too (recorded, 2020-11-01-preview)


# ------------------------------------------------------------------------------------------ the engine behind them
# One SQL Server imitation shared by every server; it asks the store at each sign-in, so only deletions (users
# made inside it) and its start need hooks.
def _engine_start(sandbox):
    if sandbox.sqlserver_engine is not None:
        sandbox.sqlserver_engine.ensure_started()


def _engine_forget(sandbox, server, database=None):
    if sandbox.sqlserver_engine is not None:
        sandbox.sqlserver_engine.forget(server, database)


def _rule_admits(rule, ip):
    props = rule["body"].get("properties") or {}
    start, end = props.get("startIpAddress"), props.get("endIpAddress")
    if not start or not end or (start, end) == ("0.0.0.0", "0.0.0.0"):   # Azure's services only, never a client
        return False
    try:
        return ipaddress.IPv4Address(start) <= ip <= ipaddress.IPv4Address(end)
    except ValueError:
        return False


def engine_facts(sandbox, name):
    """What the SQL Server engine needs of server `name` (any subscription or group), or None: its Entra admin,
    its databases and whether its public endpoint admits an address (publicNetworkAccess not Disabled and a
    firewall rule covering it)."""
    servers = sandbox.store.select(lambda r: r["body"].get("type", "").lower() == SERVER_TYPE.lower()
                                   and r["id"].lower().endswith(f"/servers/{name.lower()}"))
    if not servers:
        return None
    rec = servers[0]
    parent = rec["id"].lower()
    children = sandbox.store.select(lambda r: r["id"].lower().startswith(parent + "/"))
    admin = next((r["body"]["properties"] for r in children
                  if r["id"].lower() == f"{parent}/administrators/{ADMIN_NAME.lower()}"), {})
    databases = [r["body"]["name"] for r in children if r["body"].get("type", "").lower() == DB_TYPE.lower()]
    rules = [r for r in children if r["body"].get("type", "").lower() == RULE_TYPE.lower()]

    def admits(address):
        if (rec["body"].get("properties") or {}).get("publicNetworkAccess") == "Disabled":
            return False
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            return False
        return any(_rule_admits(rule, ip) for rule in rules)

    return {"name": rec["body"]["name"], "admin_sid": admin.get("sid"), "admin_login": admin.get("login"),
            "databases": databases, "admits": admits}


def principal_app_id(sandbox, display_name):
    """CREATE USER [name] FROM EXTERNAL PROVIDER: the application id of the directory object of that display
    name, as the sandbox's directory knows them (aad.known_principals)."""
    from .aad import known_principals
    for principal in known_principals(sandbox).values():
        if principal.get("displayName", "").lower() == display_name.lower() and principal.get("appId"):
            return principal["appId"]
    return None


# ------------------------------------------------------------------------------------------ Entra admin
def _admin_body(req, server_id, props_in):
    return {"properties": {"administratorType": "ActiveDirectory", "login": props_in.get("login"),
                           "sid": props_in.get("sid"), "tenantId": props_in.get("tenantId") or req.sandbox.tenant_id,
                           "azureADOnlyAuthentication": bool(props_in.get("azureADOnlyAuthentication", False))},
            "id": f"{server_id}/administrators/{ADMIN_NAME}", "name": ADMIN_NAME,
            "type": SERVER_TYPE}                    # the RP answers the parent's type here (recorded)


def _aad_only_body(server_id, value):
    return {"properties": {"azureADOnlyAuthentication": value},
            "id": f"{server_id}/azureADOnlyAuthentications/{AAD_ONLY_NAME}", "name": AAD_ONLY_NAME,
            "type": SERVER_TYPE}


def _aad_only(req, server_id):
    rec = req.sandbox.store.get(f"{server_id}/azureADOnlyAuthentications/{AAD_ONLY_NAME}")
    return bool(rec and rec["body"]["properties"]["azureADOnlyAuthentication"])


def _admin_view(req, server_id, rec):
    body = copy.deepcopy(rec["body"])
    body["properties"]["azureADOnlyAuthentication"] = _aad_only(req, server_id)
    return body


def _check_admin_name(req):
    if req.groups["name"].lower() != ADMIN_NAME.lower():
        raise ArmError(400, "InvalidParameterValue",
                       f"Invalid value given for parameter administratorName: '{req.groups['name']}'. "
                       f"Specify a valid parameter value: '{ADMIN_NAME}'.")


def _put_admin(req):
    server = _parent(req)
    _check_admin_name(req)
    props = req.json().get("properties") or {}
    if not props.get("login") or not props.get("sid"):
        raise ArmError(400, "InvalidExternalAdministratorLogin" if not props.get("login")
                       else "InvalidExternalAdministratorSid",
                       "Invalid or missing external administrator login name." if not props.get("login")
                       else "Invalid or missing external administrator object id.")
    rid = f"{server['id']}/administrators/{ADMIN_NAME}"
    existing = req.sandbox.store.get(rid)
    principal = (existing or {}).get("private", {}).get("principalType")
    req.sandbox.store.put(rid, _admin_body(req, server["id"], props), {"principalType": principal})
    _engine_start(req.sandbox)
    _sync_server_admins(req, server["id"])
    operation = "UpdateActiveDirectoryAdministrator" if existing else "CreateActiveDirectoryAdministrator"
    return _accepted(req, "serverAdministrator", operation, server["body"]["location"],
                     lambda: Response(200, _admin_view(req, server["id"], req.sandbox.store.get(rid))))


def _delete_admin(req):
    server = _parent(req)
    _check_admin_name(req)
    rid = f"{server['id']}/administrators/{ADMIN_NAME}"
    if req.sandbox.store.get(rid) is None:
        return Response(204, None)
    req.sandbox.store.delete(rid)
    # Without an Entra admin, Entra-only authentication cannot stay on (assumed: the RP turns it off).
    req.sandbox.store.delete(f"{server['id']}/azureADOnlyAuthentications/{AAD_ONLY_NAME}")
    _sync_server_admins(req, server["id"])
    return _accepted(req, "serverAdministrator", "DropActiveDirectoryAdministrator", server["body"]["location"],
                     lambda: Response(200, None))


def _put_aad_only(req):
    server = _parent(req)
    if req.groups["name"].lower() != AAD_ONLY_NAME.lower():
        raise ArmError(400, "InvalidServerAADOnlyAuthTypePropertyName",
                       "Server Azure Active Directory only authentication type should be Default")
    if req.sandbox.store.get(f"{server['id']}/administrators/{ADMIN_NAME}") is None:
        raise ArmError(400, "InvalidServerAADOnlyAuthNoAADAdminPropertyName",
                       "AAD Admin is not configured, AAD Admin must be set before enabling/disabling AAD Only "
                       "Authentication.")
    value = bool((req.json().get("properties") or {}).get("azureADOnlyAuthentication"))
    rid = f"{server['id']}/azureADOnlyAuthentications/{AAD_ONLY_NAME}"
    req.sandbox.store.put(rid, _aad_only_body(server["id"], value))
    _sync_server_admins(req, server["id"])
    return _accepted(req, "serverAdministrator", "UpdateActiveDirectoryAdministrator", server["body"]["location"],
                     lambda: Response(200, req.sandbox.store.body(rid)))


# ------------------------------------------------------------------------------------------ routes
def _child_get(segment):
    def get(req):
        server = _parent(req)
        name = req.groups["name"]
        if segment == "administrators":
            _check_admin_name(req)
        if segment == "azureADOnlyAuthentications" and name.lower() == AAD_ONLY_NAME.lower():
            return Response(200, _aad_only_body(server["id"], _aad_only(req, server["id"])))
        rec = req.sandbox.store.get(f"{server['id']}/{segment}/{name}")
        if rec is None:
            raise _child_missing(req, segment, name)
        body = _admin_view(req, server["id"], rec) if segment == "administrators" else rec["body"]
        return Response(200, body)
    return get


def _child_list(segment):
    def list_children(req):
        server = _parent(req)
        if segment == "azureADOnlyAuthentications":
            items = [_aad_only_body(server["id"], _aad_only(req, server["id"]))]
        else:
            recs = req.sandbox.store.children(server["id"], "/" + segment.lower())
            items = [_admin_view(req, server["id"], r) if segment == "administrators" else r["body"] for r in recs]
        return page(req, items, req.sandbox.page_size)
    return list_children


def _delete_rule(req):
    server = _parent(req)
    gone = req.sandbox.store.delete_tree(f"{server['id']}/firewallRules/{req.groups['name']}")
    return Response(200 if gone else 204, None)


def _delete_aad_only(req):
    server = _parent(req)
    gone = req.sandbox.store.delete(f"{server['id']}/azureADOnlyAuthentications/{AAD_ONLY_NAME}")
    _sync_server_admins(req, server["id"])
    if not gone:
        return Response(204, None)
    return _accepted(req, "serverAdministrator", "UpdateActiveDirectoryAdministrator", server["body"]["location"],
                     lambda: Response(200, None))


_CHILDREN = {
    "databases": {"PUT": _put_db, "PATCH": _patch_db, "DELETE": _delete_db},
    "firewallRules": {"PUT": _put_rule, "DELETE": _delete_rule},
    "administrators": {"PUT": _put_admin, "DELETE": _delete_admin},
    "azureADOnlyAuthentications": {"PUT": _put_aad_only, "DELETE": _delete_aad_only},
}


def register(router):
    @router.add(["GET"], RG + r"/providers/microsoft\.sql/locations/(?P<loc>[^/]+)/(?P<kind>"
                              r"(?:server|database|serveradministrator)(?:azureasyncoperation|operationresults))"
                              r"/(?P<op>[^/]+)")
    def poll(req):
        return _poll(req)

    for segment, handlers in _CHILDREN.items():
        route = SERVER + "/" + segment.lower()
        router.add(["GET"], route)(_child_list(segment))
        router.add(["GET"], route + r"/(?P<name>[^/]+)")(_child_get(segment))
        for method, handler in handlers.items():
            router.add([method], route + r"/(?P<name>[^/]+)")(handler)

    @router.add(["GET"], RG + r"/providers/microsoft\.sql/servers")
    def list_in_group(req):
        grp = require_group(req)
        recs = req.sandbox.store.children(grp["id"], "/providers/microsoft.sql/servers")
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    @router.add(["GET"], SUB + r"/providers/microsoft\.sql/servers")
    def list_in_subscription(req):
        require_subscription(req)
        # (the administrator children also answer type Microsoft.Sql/servers: match on the id too)
        recs = req.sandbox.store.select(lambda r: r["body"].get("type") == SERVER_TYPE
                                        and r["id"].split("/")[-2].lower() == "servers")
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    router.add(["GET"], SERVER)(lambda req: Response(200, _server(req)["body"]))
    router.add(["PUT"], SERVER)(_put_server)
    router.add(["PATCH"], SERVER)(_patch_server)
    router.add(["DELETE"], SERVER)(_delete_server)
