"""Microsoft.DBforMySQL: flexible servers with their databases, firewallRules and the Entra administrator
(flexibleServers/{s}/administrators/ActiveDirectory), and the retired single servers (servers, databases,
firewallRules). Same RDBMS write shape as PostgreSQL (202 + azureAsyncOperation/operationResults monitors,
see postgresql.py); the facts are in tests/sandbox/recorded_postgres_mysql.py.

- GET of a flexible server: location as display name, fullyQualifiedDomainName <name>.mysql.database.azure.com,
  replicationRole "None", replicaCapacity 10, storage autoGrow Enabled / Premium_LRS, no password.
- A new flexible server has the databases information_schema, mysql, performance_schema and sys.
- The Entra administrator names the user-assigned identity the server uses to read Microsoft Graph
  (identityResourceId); the only administrator name is ActiveDirectory.
- Behind the flexible servers: the sandbox's MySQL engine (arm_sandbox/engines/mysql.py, an imitation), where
  an Entra admin PUT lets that admin sign in with its token and databases are mirrored.
"""
import copy

from ..arm import ArmError, display_location, is_valid_resource_id, linked_invalid_property_id, now_iso
from ..tracked import ResourceType
from . import identity as ident
from .postgresql import (OPS, REQUEST_ONLY, SINGLE_OPS, check_server_name, database, firewall_rule, network,
                         not_found, public_endpoint_admits, register_all, register_monitors, single_server,
                         system_databases, tracked_head)

NS = "Microsoft.DBforMySQL"
FLEX = NS + "/flexibleServers"
SINGLE = NS + "/servers"
ADMIN_NAME = "ActiveDirectory"


def _system_databases(version):
    """MySQL's own schemas; 8.x reports utf8mb4 (information_schema utf8mb3), 5.7 utf8 (assumed from the
    engines' defaults; the names are those of a real server's database list)."""
    if str(version).startswith("5."):
        return [(n, {"charset": "utf8", "collation": "utf8_general_ci"})
                for n in ("information_schema", "mysql", "performance_schema", "sys")]
    return [("information_schema", {"charset": "utf8mb3", "collation": "utf8mb3_general_ci"})] + \
        [(n, {"charset": "utf8mb4", "collation": "utf8mb4_0900_ai_ci"}) for n in ("mysql", "performance_schema", "sys")]


def _flex_system_databases(req, server):
    system_databases(FLEX, _system_databases(server["properties"]["version"]))(req, server)


def _flex_server(req, rid, body, old):
    old = old or {}
    old_props = old.get("properties") or {}
    props = {k: v for k, v in (body.get("properties") or {}).items() if k not in REQUEST_ONLY}
    ha_mode = (props.get("highAvailability") or old_props.get("highAvailability") or {}).get("mode", "Disabled")
    created = (old.get("systemData") or {}).get("createdAt") or now_iso()
    out_props = {
        "administratorLogin": props.get("administratorLogin") or old_props.get("administratorLogin"),
        "storage": {"storageSizeGB": 20, "iops": 360, "autoGrow": "Enabled", "storageSku": "Premium_LRS",
                    "storageRedundancy": "LocalRedundancy",
                    **(old_props.get("storage") or {}), **(props.get("storage") or {})},
        "version": str(props.get("version") or old_props.get("version") or "8.0.21"),
        "state": "Ready",
        "fullyQualifiedDomainName": f"{rid.rsplit('/', 1)[1]}.mysql.database.azure.com",
        "availabilityZone": props.get("availabilityZone") or old_props.get("availabilityZone") or "1",
        "maintenanceWindow": {"customWindow": "Disabled", "dayOfWeek": 0, "startHour": 0, "startMinute": 0,
                              **(old_props.get("maintenanceWindow") or {}), **(props.get("maintenanceWindow") or {})},
        "replicationRole": "None", "replicaCapacity": 10,
        "network": network(props.get("network"), old_props.get("network"), "privateDnsZoneResourceId"),
        "backup": {"backupRetentionDays": 7, "geoRedundantBackup": "Disabled", "backupIntervalHours": 24,
                   "earliestRestoreDate": created, **(old_props.get("backup") or {}), **(props.get("backup") or {})},
        "highAvailability": {"mode": ha_mode, "state": "NotEnabled" if ha_mode == "Disabled" else "Healthy"},
        "databasePort": 3306,
    }
    location = display_location(body.get("location") or old.get("location"))
    out = {"sku": copy.deepcopy(body.get("sku") or old.get("sku") or {"name": "Standard_B1ms", "tier": "Burstable"}),
           "systemData": {"createdAt": created}, "properties": out_props,
           **tracked_head(rid, FLEX, body, old, location)}
    # A PATCH merges user identities, a null removing one (`az mysql flexible-server identity assign/remove`
    # send only the identities they add or remove).
    identity = ident.resolve(req, body.get("identity"), old.get("identity"), merge_users=req.method == "PATCH")
    if identity:
        out["identity"] = identity
    return out


def _admin(req, rid, body, old):
    props = {**((old or {}).get("properties") or {}), **(body.get("properties") or {})}
    if rid.rsplit("/", 1)[1].lower() != ADMIN_NAME.lower():
        raise ArmError(400, "InvalidParameterValue",                      # code and message assumed
                       "Invalid value given for parameter administratorName. Specify a valid parameter value.")
    uai = props.get("identityResourceId")
    if uai and not is_valid_resource_id(uai):
        raise linked_invalid_property_id(uai, "properties.identityResourceId")
    return {"properties": {"administratorType": props.get("administratorType") or ADMIN_NAME,
                           "identityResourceId": uai, "login": props.get("login"), "sid": props.get("sid"),
                           "tenantId": props.get("tenantId") or req.sandbox.tenant_id},
            "id": rid.rsplit("/", 1)[0] + "/" + ADMIN_NAME, "name": ADMIN_NAME, "type": FLEX + "/administrators"}


FLEX_SERVERS = ResourceType(FLEX, build=_flex_server, validate=check_server_name, not_found=not_found(FLEX))
FLEX_DATABASES = ResourceType(FLEX + "/databases", build=database(FLEX + "/databases", "utf8mb4", "utf8mb4_0900_ai_ci"),
                              not_found=not_found(FLEX + "/databases"))
FLEX_FIREWALL = ResourceType(FLEX + "/firewallRules", build=firewall_rule(FLEX + "/firewallRules"),
                             not_found=not_found(FLEX + "/firewallRules"))
FLEX_ADMINS = ResourceType(FLEX + "/administrators", build=_admin, not_found=not_found(FLEX + "/administrators"))
SINGLE_SERVERS = ResourceType(SINGLE, build=single_server(SINGLE, "mysql.database.azure.com", "5.7"),
                              not_found=not_found(SINGLE))
SINGLE_DATABASES = ResourceType(SINGLE + "/databases", build=database(SINGLE + "/databases", "utf8", "utf8_general_ci"),
                                not_found=not_found(SINGLE + "/databases"))
SINGLE_FIREWALL = ResourceType(SINGLE + "/firewallRules", build=firewall_rule(SINGLE + "/firewallRules"),
                               not_found=not_found(SINGLE + "/firewallRules"))


# ---------------------------------------------------------------------------- the engine behind them
# One engine shared by every flexible server (names are global in it). An admin PUT starts it; database writes
# reach it only once it runs, and a start replays what the store holds.
def _engine_put_admin(req, body, old):
    engine = req.sandbox.mysql_engine.ensure_started()
    props = body["properties"]
    old_login = ((old or {}).get("properties") or {}).get("login")
    if old_login and old_login != props.get("login") and not _still_named(req.sandbox, "administrators", old_login):
        engine.drop_admin(old_login)
    if props.get("login") and props.get("sid"):       # no login or no object id: nobody can sign in as it
        engine.set_admin(props["login"], props["sid"])


def _engine_put_database(req, body, old):
    engine = req.sandbox.mysql_engine
    if engine.started:
        engine.create_database(body["name"])


def _engine_drop(req, records):
    """A deleted admin, a deleted database, or a deleted server's: unless another server still has one of that
    name (the engine is shared)."""
    engine = req.sandbox.mysql_engine
    if not engine.started:
        return
    for rec in records:
        kind = rec["body"].get("type", "").rsplit("/", 1)[-1]
        if kind == "administrators":
            login = rec["body"]["properties"].get("login")
            if login and not _still_named(req.sandbox, kind, login):
                engine.drop_admin(login)
        elif kind == "databases" and not _still_named(req.sandbox, kind, rec["body"]["name"]):
            engine.drop_database(rec["body"]["name"])


def _flex_children(sandbox, kind):
    wanted = f"{FLEX}/{kind}".lower()
    return sandbox.store.select(lambda r: r["body"].get("type", "").lower() == wanted)


def _still_named(sandbox, kind, name):
    """Does a stored admin (by login) or database (by name) of some flexible server still use `name`?"""
    if kind == "administrators":
        return any(r["body"]["properties"].get("login") == name for r in _flex_children(sandbox, kind))
    return any(r["body"]["name"] == name for r in _flex_children(sandbox, kind))


def replay_into_engine(sandbox, engine):
    """On start (and restore), the engine gets the flexible servers' databases and Entra admins the store holds."""
    for rec in _flex_children(sandbox, "databases"):
        engine.create_database(rec["body"]["name"])
    for rec in _flex_children(sandbox, "administrators"):
        props = rec["body"]["properties"]
        if props.get("login") and props.get("sid"):
            engine.set_admin(props["login"], props["sid"])


def firewall_admits(sandbox, server, address):
    """Does the firewall of the flexible server named `server` (any subscription or group) admit a client at
    `address`? Read from the store at each sign-in. A client that named no server (None) could mean any of them:
    admitted only where every flexible server (at least one) would. A name no server has: refused."""
    servers = sandbox.store.select(lambda r: r["body"].get("type", "").lower() == FLEX.lower()
                                   and (server is None or r["body"].get("name", "").lower() == server.lower()))
    return bool(servers) and all(public_endpoint_admits(sandbox, rec, address) for rec in servers)


def register(router):
    register_monitors(router, NS)
    register_all(router, (FLEX_SERVERS, FLEX_DATABASES, FLEX_FIREWALL, FLEX_ADMINS), OPS, _flex_system_databases,
                 engine_hooks={FLEX: (None, _engine_drop), FLEX + "/databases": (_engine_put_database, _engine_drop),
                               FLEX + "/administrators": (_engine_put_admin, _engine_drop)})
    register_all(router, (SINGLE_SERVERS, SINGLE_DATABASES, SINGLE_FIREWALL), SINGLE_OPS,
                 system_databases(SINGLE, _system_databases("5.7")))
