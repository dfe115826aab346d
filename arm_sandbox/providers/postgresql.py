"""Microsoft.DBforPostgreSQL: flexible servers with their databases, firewallRules and Entra administrators,
and the retired single servers (servers, databases, firewallRules, administrators/activeDirectory). The RDBMS
write shape defined here is shared with mysql.py (the two RPs answer alike).

Facts (tests/sandbox/recorded_postgres_mysql.py names the recordings):
- Every write of a server or of a child (PUT, PATCH, DELETE) answers 202 with {"operation": <name>,
  "startTime"} plus Azure-AsyncOperation .../providers/<NS>/locations/<loc>/azureAsyncOperation/<id> and
  Location .../locations/<loc>/operationResults/<id> (one id, the request's api-version) and Retry-After.
  The monitor answers 200 {"name": <id>, "status": "InProgress"|"Succeeded", "startTime"}; the SDK then
  GETs the resource. A server DELETE names the display location in its monitors ('East%20US').
- GET shows a flexible server's location as the display name ("Canada Central"), a single server's as
  the normalized one; the administrator password is never shown (it lives in the record's private part).
- A new flexible server has the databases azure_maintenance, postgres and azure_sys.
- 404: a missing server is ARM's ResourceNotFound ("The Resource '<type>/<name>' under resource group...");
  the RP's own shape is "The requested resource of type '<type>' with name '<name>' was not found."
"""
import copy
import ipaddress
import re
from urllib.parse import quote

from ..arm import (ArmError, Response, display_location, is_guid, is_valid_resource_id, linked_invalid_property_id,
                   normalize_location, now_iso, resource_not_found)
from ..router import SUB
from ..tracked import ResourceType, merge_patch, pattern, resource_id, tracked
from . import identity as ident
from .common import require_group, require_subscription

NS = "Microsoft.DBforPostgreSQL"
FLEX = NS + "/flexibleServers"
SINGLE = NS + "/servers"
SERVER_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
REQUEST_ONLY = ("administratorLoginPassword", "createMode", "sourceServerResourceId", "pointInTimeUTC")
PG_SYSTEM_DATABASES = ("azure_maintenance", "postgres", "azure_sys")        # recorded list
PG_MINOR = {"11": "22", "12": "22", "13": "20", "14": "17", "15": "12", "16": "8", "17": "9", "18": "1"}
# storageSizeGB -> (tier, iops) of a ManagedDisk as the capabilities recording lists them
DISK_TIERS = {32: ("P4", 120), 64: ("P6", 240), 128: ("P10", 500), 256: ("P15", 1100), 512: ("P20", 2300),
              1024: ("P30", 5000), 2048: ("P40", 7500), 4096: ("P50", 7500)}


# ============================================================================ shared RDBMS machinery
def accepted(req, namespace, location, operation):
    """202 + Azure-AsyncOperation (azureAsyncOperation) + Location (operationResults), one operation id."""
    started = req.sandbox.operations.azure_async(req, 202, None, {}, namespace=namespace,
                                                 location=normalize_location(location) or "eastus")
    op_id = started.headers["Azure-AsyncOperation"].split("?", 1)[0].rsplit("/", 1)[1]
    sub = req.groups.get("sub") or req.sandbox.subscription_id
    base = f"{req.base_url}/subscriptions/{sub}/providers/{namespace}/locations/{quote(location)}"
    query = f"?api-version={req.api_version}"
    headers = {"Azure-AsyncOperation": f"{base}/azureAsyncOperation/{op_id}{query}",
               "Location": f"{base}/operationResults/{op_id}{query}"}
    if "Retry-After" in started.headers:
        headers["Retry-After"] = started.headers["Retry-After"]
    return Response(202, {"operation": operation, "startTime": now_iso()}, headers)


def register_monitors(router, namespace):
    """The RP's two monitors; both answer the operation's status (the SDK reads the first, and GETs the
    second only as the final answer of an LRO whose final state is 'location')."""
    ns = re.escape(namespace.lower())

    @router.add(["GET"], SUB + rf"/providers/{ns}/locations/[^/]+/(?:azureasyncoperation|operationresults)/(?P<op>[^/]+)")
    def poll(req):
        require_subscription(req)
        polled = req.sandbox.operations.poll(req, req.groups["op"])
        body = polled.body or {}
        return Response(200, {"name": req.groups["op"], "status": body.get("status", "Succeeded"),
                              "startTime": body.get("startTime")}, polled.headers)


def not_found(type_name):
    """A type's 404: ARM's ResourceNotFound for a missing top-level resource or parent, the RP's own
    message for a missing child of an existing server."""
    def answer(req):
        names = [req.groups[k] for k in sorted(req.groups) if re.fullmatch(r"n\d+", k)]
        if len(names) == 1:
            return resource_not_found(type_name, names[0], req.groups["rg"])
        if req.sandbox.store.get(_parent_id(req)) is None:
            return resource_not_found(type_name.rsplit("/", 1)[0], "/".join(names[:-1]), req.groups["rg"])
        return ArmError(404, "ResourceNotFound",
                        f"The requested resource of type '{type_name}' with name '{names[-1]}' was not found.")
    return answer


def register_type(router, rt, upsert, drop, location_of, on_create=None, secrets=("administratorLoginPassword",),
                  on_put=None, on_delete=None, on_write=None):
    """PUT/PATCH/DELETE in the RDBMS shape (202 + monitors) before `tracked` adds GET and the lists.
    `location_of(req, body)` is where the monitors live; `on_create(req, body)` runs after a creation;
    `secrets` are request properties kept in the private part, never shown. `on_put(req, body, old)` runs
    after a PUT is stored, `on_delete(req, records)` after a DELETE with every record it removed, and
    `on_write(req)` after every PUT, PATCH or DELETE that changed the store."""
    route = pattern(rt)

    def split_secrets(body, private):
        props = body.get("properties") or {}
        for key in secrets:
            if key in props:
                private[key] = props.pop(key)

    @router.add(["PUT"], route)
    def put(req):
        require_group(req)
        body = req.json()
        existing = req.sandbox.store.get(req.groups["rid"])
        if existing is None and len(rt.segments) > 1 and req.sandbox.store.get(_parent_id(req)) is None:
            raise rt.not_found(req)                   # a child of a missing server: ARM's 404 for the server
        if rt.validate:
            rt.validate(req, body, existing)
        rid = resource_id(req, rt)
        private = copy.deepcopy(existing["private"]) if existing else {}
        split_secrets(body, private)
        out = rt.build(req, rid, body, existing and existing["body"])
        req.sandbox.store.put(rid, out, private)
        if existing is None and on_create:
            on_create(req, out)
        if on_put:
            on_put(req, out, existing and existing["body"])
        if on_write:
            on_write(req)
        return accepted(req, rt.namespace, location_of(req, out), upsert)

    @router.add(["PATCH"], route)
    def patch(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise rt.not_found(req)
        body = req.json()
        if rt.validate:
            rt.validate(req, body, rec)
        private = rec["private"]
        split_secrets(body, private)
        merged = merge_patch(rec["body"], {k: v for k, v in body.items() if k != "identity"}, rt.patch_replaces)
        if "identity" in body:
            merged["identity"] = body["identity"]
        out = rt.build(req, rec["id"], merged, rec["body"])
        req.sandbox.store.put(rec["id"], out, private)
        if on_write:
            on_write(req)
        return accepted(req, rt.namespace, location_of(req, out), upsert)

    @router.add(["DELETE"], route)
    def delete(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None)
        where = location_of(req, rec["body"])
        prefix = rec["id"].lower() + "/"
        doomed = req.sandbox.store.select(lambda r: r["id"].lower() == rec["id"].lower()
                                          or r["id"].lower().startswith(prefix)) if on_delete else []
        req.sandbox.store.delete_tree(rec["id"])
        if on_delete:
            on_delete(req, doomed)
        if on_write:
            on_write(req)
        if len(rt.segments) == 1:
            where = display_location(where)            # a server DELETE names the display location (recorded)
        return accepted(req, rt.namespace, where, drop)

    tracked(router, rt)


def _parent_id(req):
    return req.groups["rid"].rsplit("/", 2)[0]


def server_location(req, body):
    """Monitors of a child live in its server's location."""
    server = req.sandbox.store.get(_parent_id(req))
    return normalize_location((server or {}).get("body", {}).get("location")) or "eastus"


def check_server_name(req, body, existing):
    """Flexible server names: 3-63 lowercase letters, digits, hyphens, no hyphen at either end. The message
    is recorded (Azure/bicep#16382, an uppercase name); the code is assumed."""
    if existing is None and not SERVER_NAME_RE.match(req.groups["n0"]):
        raise ArmError(400, "InvalidParameterValue",
                       "Invalid value given for parameter serverName. Specify a valid parameter value.")
    if existing is None and not body.get("location"):
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")


def network(given, old, zone_key):
    """A VNet-integrated server (delegated subnet) has no public endpoint: publicNetworkAccess is Disabled
    whatever the request says; otherwise the request's value, Enabled by default."""
    net = copy.deepcopy(old or {})
    net.update(copy.deepcopy(given or {}))
    for key in ("delegatedSubnetResourceId", zone_key):
        if net.get(key) and not is_valid_resource_id(net[key]):
            raise linked_invalid_property_id(net[key], f"properties.network.{key}")
    if net.get("delegatedSubnetResourceId"):
        net["publicNetworkAccess"] = "Disabled"
    net["publicNetworkAccess"] = net.get("publicNetworkAccess") or "Enabled"
    if net["publicNetworkAccess"] not in ("Enabled", "Disabled"):
        raise ArmError(400, "InvalidParameterValue",
                       "Invalid value given for parameter publicNetworkAccess. Specify a valid parameter value.")
    return net


def tracked_head(rid, type_name, body, old, location):
    """id/name/type/location, tags only when given or kept, the optional identity."""
    out = {"id": rid, "name": rid.rsplit("/", 1)[1], "type": type_name, "location": location}
    tags = body["tags"] if "tags" in body else (old or {}).get("tags")
    if tags is not None:
        out["tags"] = copy.deepcopy(tags)
    return out


def add_children(req, server_id, segment, type_name, items):
    """Child records a server is created with (system databases)."""
    for name, props in items:
        rid = f"{server_id}/{segment}/{name}"
        req.sandbox.store.put(rid, {"properties": dict(props), "id": rid, "name": name, "type": type_name})


def firewall_rule(type_name):
    def build(req, rid, body, old):
        props = body.get("properties") or {}
        ips = {}
        for key in ("startIpAddress", "endIpAddress"):
            try:
                ips[key] = str(ipaddress.IPv4Address(props.get(key) or ""))
            except ValueError:
                raise ArmError(400, "InvalidParameterValue",        # code and message assumed
                               f"Invalid value given for parameter {key}. Specify a valid parameter value.")
        if ipaddress.IPv4Address(ips["startIpAddress"]) > ipaddress.IPv4Address(ips["endIpAddress"]):
            raise ArmError(400, "InvalidParameterValue",
                           "Invalid value given for parameter endIpAddress. Specify a valid parameter value.")
        return {"properties": ips, "id": rid, "name": rid.rsplit("/", 1)[1], "type": type_name}
    return build


AZURE_SERVICES_RULE = ("0.0.0.0", "0.0.0.0")


def public_endpoint_admits(sandbox, server, address):
    """Does the flexible or single server `server` (a store record) let a client at `address` reach it over its public
    endpoint, as Azure's firewall does: public network access Enabled and a firewall rule whose range covers the
    address. The 0.0.0.0-0.0.0.0 rule (AllowAllWindowsAzureIps) admits Azure's own services only, never a client
    of the sandbox."""
    props = server["body"].get("properties") or {}
    # A flexible server keeps it under network, a single server at the top of its properties.
    access = (props.get("network") or {}).get("publicNetworkAccess") or props.get("publicNetworkAccess")
    if (access or "Enabled") != "Enabled":
        return False
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False                                   # rules are IPv4 ranges: an IPv6 peer is covered by none
    wanted = server["body"].get("type", "").lower() + "/firewallrules"
    parent = server["id"].lower()
    for rule in sandbox.store.select(lambda r: r["body"].get("type", "").lower() == wanted
                                     and r["id"].lower().rsplit("/", 2)[0] == parent):
        rule_props = rule["body"].get("properties") or {}
        start, end = rule_props.get("startIpAddress"), rule_props.get("endIpAddress")
        if (start, end) == AZURE_SERVICES_RULE or not start or not end:
            continue
        if ipaddress.IPv4Address(start) <= ip <= ipaddress.IPv4Address(end):
            return True
    return False


def database(type_name, charset, collation):
    def build(req, rid, body, old):
        props = body.get("properties") or {}
        old_props = (old or {}).get("properties") or {}
        return {"properties": {"charset": props.get("charset") or old_props.get("charset") or charset,
                               "collation": props.get("collation") or old_props.get("collation") or collation},
                "id": rid, "name": rid.rsplit("/", 1)[1], "type": type_name}
    return build


def single_server(type_name, host_suffix, default_version):
    """A retired single server (api-version 2017-12-01) as its GET answers."""
    def build(req, rid, body, old):
        old = old or {}
        props = copy.deepcopy(old.get("properties") or {})
        given = {k: v for k, v in (body.get("properties") or {}).items() if k not in REQUEST_ONLY}
        props.update(given)
        sku = copy.deepcopy(body.get("sku") or old.get("sku") or {"name": "GP_Gen5_2"})
        parts = sku["name"].split("_")
        sku.update(tier={"B": "Basic", "GP": "GeneralPurpose", "MO": "MemoryOptimized"}.get(parts[0], "GeneralPurpose"),
                   family=parts[1] if len(parts) > 2 else "Gen5", capacity=int(parts[-1]) if parts[-1].isdigit() else 2)
        name = rid.rsplit("/", 1)[1]
        out_props = {
            "administratorLogin": props.get("administratorLogin"),
            "storageProfile": {"storageMB": 5120, "backupRetentionDays": 7, "geoRedundantBackup": "Disabled",
                               "storageAutogrow": "Disabled", **(props.get("storageProfile") or {})},
            "version": props.get("version") or default_version, "sslEnforcement": props.get("sslEnforcement") or "Enabled",
            "minimalTlsVersion": props.get("minimalTlsVersion") or "TLSEnforcementDisabled", "userVisibleState": "Ready",
            "fullyQualifiedDomainName": f"{name}.{host_suffix}",
            "earliestRestoreDate": props.get("earliestRestoreDate") or now_iso(),
            "replicationRole": "None", "masterServerId": "", "replicaCapacity": 5, "byokEnforcement": "Disabled",
            "privateEndpointConnections": [], "infrastructureEncryption": "Disabled",
            "publicNetworkAccess": props.get("publicNetworkAccess") or "Enabled"}
        location = normalize_location(body.get("location") or old.get("location"))
        out = {"sku": sku, "properties": out_props, **tracked_head(rid, type_name, body, old, location)}
        identity = ident.resolve(req, body.get("identity"), old.get("identity"))
        if identity:
            out["identity"] = identity
        return out
    return build


# ============================================================================ PostgreSQL flexible servers
def _storage(given, old):
    storage = {"type": "", "iops": 500, "tier": "P10", "storageSizeGB": 128, "autoGrow": "Disabled"}
    storage.update(old or {})
    size_changed = (given or {}).get("storageSizeGB") not in (None, storage["storageSizeGB"])
    storage.update(given or {})
    if size_changed and "tier" not in (given or {}):
        storage["tier"], storage["iops"] = DISK_TIERS.get(storage["storageSizeGB"], (storage["tier"], storage["iops"]))
    return storage


def _auth_config(given, old, tenant_id):
    auth = {"activeDirectoryAuth": "Disabled", "passwordAuth": "Enabled"}
    auth.update(old or {})
    auth.update(given or {})
    if auth["activeDirectoryAuth"] == "Enabled":
        auth.setdefault("tenantId", tenant_id)
    else:   # the recorded password-only servers show no tenant (assumed: it goes when Entra auth is turned off)
        auth.pop("tenantId", None)
    return auth


def _flex_server(req, rid, body, old):
    old = old or {}
    old_props = old.get("properties") or {}
    props = {k: v for k, v in (body.get("properties") or {}).items() if k not in REQUEST_ONLY}
    version = str(props.get("version") or old_props.get("version") or "17")
    ha_mode = (props.get("highAvailability") or old_props.get("highAvailability") or {}).get("mode", "Disabled")
    out_props = {
        "dataEncryption": props.get("dataEncryption") or old_props.get("dataEncryption") or {"type": "SystemManaged"},
        "replica": {"role": "Primary", "capacity": 5},
        "storage": _storage(props.get("storage"), old_props.get("storage")),
        "network": network(props.get("network"), old_props.get("network"), "privateDnsZoneArmResourceId"),
        "privateEndpointConnections": old_props.get("privateEndpointConnections", []),
        "authConfig": _auth_config(props.get("authConfig"), old_props.get("authConfig"), req.sandbox.tenant_id),
        "fullyQualifiedDomainName": f"{rid.rsplit('/', 1)[1]}.postgres.database.azure.com",
        "version": version, "minorVersion": PG_MINOR.get(version, "0"),
        "administratorLogin": props.get("administratorLogin") or old_props.get("administratorLogin"),
        "state": "Ready",
        "availabilityZone": props.get("availabilityZone") or old_props.get("availabilityZone") or "1",
        "backup": {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled",
                   **(old_props.get("backup") or {}), **(props.get("backup") or {})},
        "highAvailability": {"mode": ha_mode, "state": "NotEnabled" if ha_mode == "Disabled" else "Healthy"},
        "maintenanceWindow": {"customWindow": "Disabled", "dayOfWeek": 0, "startHour": 0, "startMinute": 0,
                              **(old_props.get("maintenanceWindow") or {}), **(props.get("maintenanceWindow") or {})},
        "replicationRole": "Primary", "replicaCapacity": 5,
    }
    location = display_location(body.get("location") or old.get("location"))
    out = {"sku": copy.deepcopy(body.get("sku") or old.get("sku") or {"name": "Standard_D2ds_v5", "tier": "GeneralPurpose"}),
           "systemData": {"createdAt": (old.get("systemData") or {}).get("createdAt") or now_iso()},
           "properties": out_props, **tracked_head(rid, FLEX, body, old, location)}
    identity = ident.resolve(req, body.get("identity"), old.get("identity"))
    if identity:
        out["identity"] = identity
    return out


def system_databases(type_name, items):
    """on_create hook: the databases a new server has."""
    def add(req, server):
        add_children(req, server["id"], "databases", type_name + "/databases", items)
    return add


def _pg_admin(req, rid, body, old):
    """Entra administrator: its name is the principal's object id."""
    props = body.get("properties") or {}
    old_props = (old or {}).get("properties") or {}
    name = rid.rsplit("/", 1)[1]
    if not is_guid(name):
        raise ArmError(400, "InvalidParameterValue",                      # code and message assumed
                       "Invalid value given for parameter objectId. Specify a valid parameter value.")
    return {"properties": {"principalType": props.get("principalType") or old_props.get("principalType") or "User",
                           "principalName": props.get("principalName") or old_props.get("principalName"),
                           "objectId": name,
                           "tenantId": props.get("tenantId") or old_props.get("tenantId") or req.sandbox.tenant_id},
            "id": rid, "name": name, "type": FLEX + "/administrators"}


def _check_entra_enabled(req, body, existing):
    """Real Azure refuses an Entra admin while the server's Entra authentication is Disabled. The code and
    message are assumed (no recording of the refusal found), modelled on the RP's recorded
    AadAuthOperationCannotBePerformedWhenServerIsNotAccessible."""
    server = req.sandbox.store.get(_parent_id(req))
    if server is None:
        return                                         # the PUT answers the missing server's 404
    auth = (server["body"].get("properties") or {}).get("authConfig") or {}
    if auth.get("activeDirectoryAuth") != "Enabled":
        raise ArmError(400, "AadAuthOperationCannotBePerformedWhenAadIsNotEnabled",          # assumed
                       f"Microsoft Entra authentication is not enabled on the server '{server['body']['name']}'. "
                       "Enable it (authConfig.activeDirectoryAuth) before adding Microsoft Entra "
                       "administrators.")                                                    # assumed


# ---------------------------------------------------------------------------- single servers' Entra admin
# From the REST spec (Azure/azure-rest-api-specs specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/
# stable/2017-12-01/postgresql.json: ServerAdministrators_CreateOrUpdate/Get/Delete/List, ServerAdministratorResource,
# and its examples ServerAdminCreateUpdate/Get/Delete/List.json): one admin per server, at the fixed path
# .../servers/{s}/Administrators/activeDirectory (no name parameter), body {id, name "activeDirectory", type
# "Microsoft.DBforPostgreSQL/servers/administrators", properties {administratorType "ActiveDirectory" (the enum's only
# value), login, sid (uuid), tenantId (uuid)}}, all four required; a PUT overwrites the admin; PUT answers 200 or 202
# (LRO), DELETE 200, 202 or 204 ("does not exist"); the list is {"value": [...]} (its example names the admin
# "ActiveDirectory", the others "activeDirectory": the sandbox says "activeDirectory" everywhere). The write shape
# (202 + monitors, as every single-server write recorded) and the operation names are assumed; so are the 400s'
# codes and messages (the RP's recorded InvalidParameterValue text for serverName, applied to each property), and
# the 400 for another administrator name (the spec has no route for one; a GET or DELETE of one finds nothing).
SINGLE_ADMIN_NAME = "activeDirectory"


def _invalid(parameter):
    return ArmError(400, "InvalidParameterValue",                                   # assumed (see above)
                    f"Invalid value given for parameter {parameter}. Specify a valid parameter value.")


def _check_single_admin(req, body, existing):  # pylint: disable=unused-argument  # (validate hook)
    if req.groups["n1"].lower() != SINGLE_ADMIN_NAME.lower():
        raise _invalid("administratorName")
    props = body.get("properties") or {}
    if str(props.get("administratorType") or "").lower() != "activedirectory":
        raise _invalid("administratorType")
    if not props.get("login"):
        raise _invalid("login")
    for key in ("sid", "tenantId"):
        if not is_guid(props.get(key)):
            raise _invalid(key)


def _single_admin(req, rid, body, old):  # pylint: disable=unused-argument  # (build hook)
    """A PUT overwrites the admin (spec): the stored body is the request's, in the canonical shape."""
    props = body["properties"]
    return {"id": rid.rsplit("/", 1)[0] + "/" + SINGLE_ADMIN_NAME, "name": SINGLE_ADMIN_NAME,
            "type": SINGLE + "/administrators",
            "properties": {"administratorType": "ActiveDirectory", "login": props["login"], "sid": props["sid"],
                           "tenantId": props["tenantId"]}}


def _own_location(req, body):
    return normalize_location(body.get("location"))


FLEX_SERVERS = ResourceType(FLEX, build=_flex_server, validate=check_server_name, not_found=not_found(FLEX))
FLEX_DATABASES = ResourceType(FLEX + "/databases", build=database(FLEX + "/databases", "UTF8", "en_US.utf8"),
                              not_found=not_found(FLEX + "/databases"))
FLEX_FIREWALL = ResourceType(FLEX + "/firewallRules", build=firewall_rule(FLEX + "/firewallRules"),
                             not_found=not_found(FLEX + "/firewallRules"))
FLEX_ADMINS = ResourceType(FLEX + "/administrators", build=_pg_admin, validate=_check_entra_enabled,
                           not_found=not_found(FLEX + "/administrators"))
SINGLE_SERVERS = ResourceType(SINGLE, build=single_server(SINGLE, "postgres.database.azure.com", "9.6"),
                              not_found=not_found(SINGLE))
SINGLE_DATABASES = ResourceType(SINGLE + "/databases",
                                build=database(SINGLE + "/databases", "UTF8", "English_United States.1252"),
                                not_found=not_found(SINGLE + "/databases"))
SINGLE_FIREWALL = ResourceType(SINGLE + "/firewallRules", build=firewall_rule(SINGLE + "/firewallRules"),
                               not_found=not_found(SINGLE + "/firewallRules"))
SINGLE_ADMINS = ResourceType(SINGLE + "/administrators", build=_single_admin, validate=_check_single_admin,
                             not_found=not_found(SINGLE + "/administrators"))


# ---------------------------------------------------------------------------- the real engine behind them
# Flexible and single servers' Entra admins and databases live in the sandbox's one PostgreSQL engine
# (arm_sandbox/engines/postgres.py), shared by every server of both kinds: names are global in it. An admin PUT
# starts it; database writes reach it only once it runs, and a start replays what the store holds. Single servers
# are reached through the gateway of arm_sandbox/engines/pg_gateway.py (user `<name>@<server>`).
def _login_of(body):
    """An admin's role name: a flexible admin's principalName, a single server admin's login."""
    props = body.get("properties") or {}
    flexible = body.get("type", "").lower() == (FLEX + "/administrators").lower()
    return props.get("principalName") if flexible else props.get("login")


def _drop_renamed(req, body, old):
    """A PUT that renames an admin drops the old role, unless another server's admin still has that name."""
    old_name = _login_of(old) if old else None
    if old_name and old_name != _login_of(body) and not _still_named(req.sandbox, "administrators", old_name):
        req.sandbox.postgres_engine.drop_role(old_name)


def _engine_put_admin(req, body, old):
    engine = req.sandbox.postgres_engine.ensure_started()
    props = body["properties"]
    if not props.get("principalName"):
        return                                         # no login name, no role
    _drop_renamed(req, body, old)
    engine.create_admin(props["principalName"], props["objectId"], props["principalType"])


def _engine_put_single_admin(req, body, old):
    engine = req.sandbox.postgres_engine.ensure_started()
    _drop_renamed(req, body, old)
    engine.create_single_admin(body["properties"]["login"], body["properties"]["sid"])


def _engine_put_database(req, body, old):
    engine = req.sandbox.postgres_engine
    if engine.started and body["name"] not in PG_SYSTEM_DATABASES:
        engine.create_database(body["name"])


def _engine_drop(req, records):
    """A deleted admin's role, a deleted database, or a deleted server's: unless another server still has one
    of that name (the engine is shared)."""
    engine = req.sandbox.postgres_engine
    if not engine.started:
        return
    for rec in records:
        kind = rec["body"].get("type", "").rsplit("/", 1)[-1]
        if kind == "administrators":
            name = _login_of(rec["body"])
            if name and not _still_named(req.sandbox, kind, name):
                engine.drop_role(name)
        elif kind == "databases" and rec["body"]["name"] not in PG_SYSTEM_DATABASES:
            if not _still_named(req.sandbox, kind, rec["body"]["name"]):
                engine.drop_database(rec["body"]["name"])


def _children(sandbox, kind, server_types=(FLEX, SINGLE)):
    wanted = {f"{t}/{kind}".lower() for t in server_types}
    return sandbox.store.select(lambda r: r["body"].get("type", "").lower() in wanted)


def _still_named(sandbox, kind, name):
    """Does a stored admin (by its login) or database (by name) of some flexible or single server still use
    `name`? (The engine is shared by both kinds.)"""
    if kind == "administrators":
        return any(_login_of(r["body"]) == name for r in _children(sandbox, kind))
    return any(r["body"]["name"] == name for r in _children(sandbox, kind))


def admits_loopback(sandbox):
    """The engine listens on 127.0.0.1 and cannot tell which server a client meant (no TLS, so no server name):
    it admits that address while at least one flexible server would (public access and a rule covering it)."""
    servers = sandbox.store.select(lambda r: r["body"].get("type", "").lower() == FLEX.lower())
    return any(public_endpoint_admits(sandbox, server, "127.0.0.1") for server in servers)


def _engine_firewall(req):
    """A server's network settings or a firewall rule changed: the engine's pg_hba.conf follows (even before the
    engine runs: it starts with the current answer)."""
    req.sandbox.postgres_engine.admit_clients(admits_loopback(req.sandbox))


def replay_into_engine(sandbox, engine):
    """On start (and restore), the engine gets the flexible and single servers' databases and Entra admins the store
    already holds, and admits clients as the flexible servers' firewalls say."""
    engine.admit_clients(admits_loopback(sandbox))
    for rec in _children(sandbox, "databases"):
        if rec["body"]["name"] not in PG_SYSTEM_DATABASES:
            engine.create_database(rec["body"]["name"])
    for rec in _children(sandbox, "administrators", (FLEX,)):
        props = rec["body"]["properties"]
        if props.get("principalName"):
            engine.create_admin(props["principalName"], props["objectId"], props.get("principalType"))
    for rec in _children(sandbox, "administrators", (SINGLE,)):
        engine.create_single_admin(rec["body"]["properties"]["login"], rec["body"]["properties"]["sid"])


def single_server_admits(sandbox, name, address):
    """For the single-server gateway: None when no single server is named `name` (any subscription or group, case
    insensitive, as its host name is global), else whether its firewall admits a client at `address`."""
    servers = sandbox.store.select(lambda r: r["body"].get("type", "").lower() == SINGLE.lower()
                                   and r["body"].get("name", "").lower() == name.lower())
    if not servers:
        return None
    return public_endpoint_admits(sandbox, servers[0], address)


# Operation names in the 202 bodies: servers and databases recorded; firewall rules and administrators assumed.
OPS = {"servers": ("UpsertServerManagementOperationV2", "DropServerManagementOperation"),
       "databases": ("UpsertServerDatabaseManagementOperation", "DropServerDatabaseManagementOperation"),
       "firewallRules": ("UpsertServerFirewallRuleManagementOperation", "DropServerFirewallRuleManagementOperation"),
       "administrators": ("UpsertServerAdministratorManagementOperation", "DropServerAdministratorManagementOperation")}
SINGLE_OPS = {"servers": ("UpsertElasticServer", "DropElasticServer"), **{k: v for k, v in OPS.items() if k != "servers"}}


def register_all(router, types, ops, on_create, engine_hooks=None, write_hooks=None):
    """Each type in the RDBMS shape; servers before their children (routes are tried in order).
    `engine_hooks` maps a type name to its (on_put, on_delete), `write_hooks` to its on_write."""
    for rt in types:
        kind = rt.segments[-1] if len(rt.segments) > 1 else "servers"
        on_put, on_delete = (engine_hooks or {}).get(rt.type_name, (None, None))
        register_type(router, rt, *ops[kind], location_of=_own_location if kind == "servers" else server_location,
                      on_create=on_create if kind == "servers" else None, on_put=on_put, on_delete=on_delete,
                      on_write=(write_hooks or {}).get(rt.type_name))


def register(router):
    register_monitors(router, NS)
    register_all(router, (FLEX_SERVERS, FLEX_DATABASES, FLEX_FIREWALL, FLEX_ADMINS), OPS,
                 system_databases(FLEX, [(n, {"charset": "UTF8", "collation": "en_US.utf8"}) for n in PG_SYSTEM_DATABASES]),
                 engine_hooks={FLEX: (None, _engine_drop), FLEX + "/databases": (_engine_put_database, _engine_drop),
                               FLEX + "/administrators": (_engine_put_admin, _engine_drop)},
                 write_hooks={FLEX: _engine_firewall, FLEX + "/firewallRules": _engine_firewall})
    # Single-server system databases: the flexible server's names, the single server's collation (assumed).
    register_all(router, (SINGLE_SERVERS, SINGLE_DATABASES, SINGLE_FIREWALL, SINGLE_ADMINS), SINGLE_OPS,
                 system_databases(SINGLE, [(n, {"charset": "UTF8", "collation": "English_United States.1252"})
                                           for n in PG_SYSTEM_DATABASES]),
                 engine_hooks={SINGLE: (None, _engine_drop),
                               SINGLE + "/databases": (_engine_put_database, _engine_drop),
                               SINGLE + "/administrators": (_engine_put_single_admin, _engine_drop)})
