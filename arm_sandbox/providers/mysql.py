"""Microsoft.DBforMySQL: flexible servers with their databases, firewallRules and the Entra administrator
(flexibleServers/{s}/administrators/ActiveDirectory), and the retired single servers (servers, databases,
firewallRules). Same RDBMS write shape as PostgreSQL (202 + azureAsyncOperation/operationResults monitors,
see postgresql.py); the facts are in tests/sandbox/recorded_postgres_mysql.py.

- GET of a flexible server: location as display name, fullyQualifiedDomainName <name>.mysql.database.azure.com,
  replicationRole "None", replicaCapacity 10, storage autoGrow Enabled / Premium_LRS, no password.
- A new flexible server has the databases information_schema, mysql, performance_schema and sys.
- The Entra administrator names the user-assigned identity the server uses to read Microsoft Graph
  (identityResourceId); the only administrator name is ActiveDirectory.
"""
import copy

from ..arm import ArmError, display_location, is_valid_resource_id, linked_invalid_property_id, now_iso
from ..tracked import ResourceType
from . import identity as ident
from .postgresql import (OPS, REQUEST_ONLY, SINGLE_OPS, check_server_name, database, firewall_rule, network,
                         not_found, register_all, register_monitors, single_server, system_databases, tracked_head)

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
    identity = ident.resolve(req, body.get("identity"), old.get("identity"))
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


def register(router):
    register_monitors(router, NS)
    register_all(router, (FLEX_SERVERS, FLEX_DATABASES, FLEX_FIREWALL, FLEX_ADMINS), OPS, _flex_system_databases)
    register_all(router, (SINGLE_SERVERS, SINGLE_DATABASES, SINGLE_FIREWALL), SINGLE_OPS,
                 system_databases(SINGLE, _system_databases("5.7")))
