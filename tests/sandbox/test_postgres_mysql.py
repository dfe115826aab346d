"""Microsoft.DBforPostgreSQL and Microsoft.DBforMySQL: the pinned flexible-server SDKs and azure-mgmt-rdbms
(retired single servers), the real `az postgres|mysql flexible-server`, and each fact of
recorded_postgres_mysql.RECORDED replayed against the sandbox.

`az ... flexible-server create` is not used: it first asks for the location's capabilities, name availability
and (for public access) the caller's IP, none of which the sandbox models; servers are created through the
SDK or seeded with put_resource, as a real PUT would."""
import copy
import json
import re

import pytest
import requests
from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.mysqlflexibleservers import MySQLManagementClient as MySQLFlexClient
from azure.mgmt.postgresqlflexibleservers import PostgreSQLManagementClient as PgFlexClient
from azure.mgmt.rdbms.mysql import MySQLManagementClient as MySQLSingleClient
from azure.mgmt.rdbms.postgresql import PostgreSQLManagementClient as PgSingleClient

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_postgres_mysql import RECORDED

FAST = {"polling_interval": 0.01}
PG_API = "2026-04-01-preview"
PW = "Sandbox-P4ssw0rd!"
ENTRA = {"activeDirectoryAuth": "Enabled", "passwordAuth": "Enabled"}   # an Entra admin PUT needs it


@pytest.fixture
def quick_lro(quick_lro):  # pylint: disable=redefined-outer-name
    """The shared fixture, with the resource group every test here uses."""
    quick_lro.put_resource(f"/subscriptions/{quick_lro.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return quick_lro



def _client(sb, cls):
    return cls(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle, retry_total=0)


def _id(sb, ns, server, rg="rg", kind="flexibleServers"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/{ns}/{kind}/{server}"


def _pg_id(sb, server, rg="rg"):
    return _id(sb, "Microsoft.DBforPostgreSQL", server, rg)


def _my_id(sb, server, rg="rg"):
    return _id(sb, "Microsoft.DBforMySQL", server, rg)


def _raw(sb, method, path, body=None, api_version=PG_API):
    return raw(sb, method, path, body, api_version)


def _pg_body(location="canadacentral", **props):
    return {"location": location, "sku": {"name": "Standard_D2ds_v5", "tier": "GeneralPurpose"},
            "properties": {"administratorLogin": "pgadmin", "administratorLoginPassword": PW, "version": "17",
                           "storage": {"storageSizeGB": 128}, **props}}


def _my_body(location="eastus", **props):
    return {"location": location, "sku": {"name": "Standard_B1ms", "tier": "Burstable"},
            "properties": {"administratorLogin": "myadmin", "administratorLoginPassword": PW, "version": "8.0.21",
                           **props}}


# ---------------------------------------------------------------------------------- PostgreSQL flexible: SDK
def test_pg_server_create_get_list_hides_password(quick_lro):
    sb = quick_lro
    pg = _client(sb, PgFlexClient)
    made = pg.servers.begin_create_or_update("rg", "pg-one", _pg_body(), **FAST).result()
    assert made.fully_qualified_domain_name == "pg-one.postgres.database.azure.com"
    assert (made.state, made.version, made.administrator_login) == ("Ready", "17", "pgadmin")
    assert made.location == "Canada Central" and made.network.public_network_access == "Enabled"
    assert (made.auth_config.active_directory_auth, made.auth_config.password_auth) == ("Disabled", "Enabled")
    raw = _raw(sb, "GET", _pg_id(sb, "PG-ONE")).json()                       # ids are case-insensitive
    assert PW not in json.dumps(raw) and "administratorLoginPassword" not in raw["properties"]
    assert "tags" not in raw and set(raw["systemData"]) == {"createdAt"}
    assert sb.store.get(_pg_id(sb, "pg-one"))["private"] == {"administratorLoginPassword": PW}
    assert sorted(d.name for d in pg.databases.list_by_server("rg", "pg-one")) == ["azure_maintenance", "azure_sys",
                                                                                  "postgres"]
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg2", {"location": "westus"})
    pg.servers.begin_create_or_update("rg2", "pg-two", _pg_body("westus"), **FAST).result()
    assert [s.name for s in pg.servers.list_by_resource_group("rg")] == ["pg-one"]
    assert sorted(s.name for s in pg.servers.list_by_subscription()) == ["pg-one", "pg-two"]
    with pytest.raises(ResourceNotFoundError) as err:
        pg.servers.get("rg", "ghost")
    assert err.value.error.code == "ResourceNotFound" and "under resource group 'rg'" in err.value.error.message


def test_pg_write_lro_shape(quick_lro):
    sb = quick_lro
    resp = _raw(sb, "PUT", _pg_id(sb, "pg-lro"), _pg_body())
    assert resp.status_code == 202, resp.text
    assert set(resp.json()) == {"operation", "startTime"} and resp.json()["operation"] == "UpsertServerManagementOperationV2"
    base = re.escape(sb.url) + r"/subscriptions/[^/]+/providers/Microsoft\.DBforPostgreSQL/locations/canadacentral/"
    monitor, location = resp.headers["Azure-AsyncOperation"], resp.headers["Location"]
    assert re.match(base + r"azureAsyncOperation/[0-9a-f-]{36}\?api-version=" + PG_API + "$", monitor), monitor
    assert re.match(base + r"operationResults/[0-9a-f-]{36}\?api-version=" + PG_API + "$", location), location
    op_id = monitor.split("?")[0].rsplit("/", 1)[1]
    assert location.split("?")[0].rsplit("/", 1)[1] == op_id
    status = requests.get(monitor, headers={"Authorization": "Bearer " + sb.issue_token()[0]}, verify=sb.ca_bundle).json()
    assert set(status) == {"name", "status", "startTime"} and status["name"] == op_id

    gone = _raw(sb, "DELETE", _pg_id(sb, "pg-lro"))
    assert gone.status_code == 202 and gone.json()["operation"] == "DropServerManagementOperation"
    assert "/locations/Canada%20Central/azureAsyncOperation/" in gone.headers["Azure-AsyncOperation"]
    assert sb.get_resource(_pg_id(sb, "pg-lro") + "/databases/postgres") is None     # children go with it
    assert _raw(sb, "DELETE", _pg_id(sb, "pg-lro")).status_code == 204


def test_pg_update_network_and_validation(quick_lro):
    sb = quick_lro
    pg = _client(sb, PgFlexClient)
    pg.servers.begin_create_or_update("rg", "pg-upd", {**_pg_body(), "tags": {"a": "1"}}, **FAST).result()
    updated = pg.servers.begin_update("rg", "pg-upd", {
        "tags": {"b": "2"}, "properties": {"administratorLoginPassword": "N3w-secret!",
                                           "network": {"publicNetworkAccess": "Disabled"},
                                           "authConfig": {"activeDirectoryAuth": "Enabled"}}}, **FAST).result()
    assert updated.tags == {"b": "2"}                                            # PATCH replaces tags
    assert updated.network.public_network_access == "Disabled"
    assert updated.auth_config.active_directory_auth == "Enabled" and updated.auth_config.password_auth == "Enabled"
    assert updated.administrator_login == "pgadmin"
    assert sb.store.get(_pg_id(sb, "pg-upd"))["private"]["administratorLoginPassword"] == "N3w-secret!"
    patch = [r for r in sb.requests if r["method"] == "PATCH"]
    assert [r["status"] for r in patch] == [202]

    bad = _raw(sb, "PUT", _pg_id(sb, "Bad_Name"), _pg_body())
    assert bad.status_code == 400 and bad.json()["error"]["message"] == (
        "Invalid value given for parameter serverName. Specify a valid parameter value.")
    assert _raw(sb, "PUT", _pg_id(sb, "nolocation"), {"properties": {}}).json()["error"]["code"] == "LocationRequired"


def test_pg_vnet_server_has_no_public_access(quick_lro):
    sb = quick_lro
    subnet = (f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/"
              "subnets/pg")
    zone = (f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/"
            "pg.private.postgres.database.azure.com")
    made = _client(sb, PgFlexClient).servers.begin_create_or_update("rg", "pg-vnet", _pg_body(network={
        "delegatedSubnetResourceId": subnet, "privateDnsZoneArmResourceId": zone,
        "publicNetworkAccess": "Enabled"}), **FAST).result()
    assert made.network.public_network_access == "Disabled"
    assert made.network.delegated_subnet_resource_id == subnet and made.network.private_dns_zone_arm_resource_id == zone
    bad = _raw(sb, "PUT", _pg_id(sb, "pg-bad-net"), _pg_body(network={"delegatedSubnetResourceId": "subnet-1"}))
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "LinkedInvalidPropertyId"


def test_pg_databases_firewall_rules_admins(quick_lro):
    sb = quick_lro
    pg = _client(sb, PgFlexClient)
    pg.servers.begin_create_or_update("rg", "pg-kids", _pg_body(authConfig=ENTRA), **FAST).result()
    db = pg.databases.begin_create("rg", "pg-kids", "appdb", {"properties": {"charset": "UTF8",
                                                                             "collation": "en_US.utf8"}}, **FAST).result()
    assert (db.name, db.charset, db.collation) == ("appdb", "UTF8", "en_US.utf8")
    assert pg.databases.get("rg", "pg-kids", "postgres").collation == "en_US.utf8"
    with pytest.raises(ResourceNotFoundError) as err:
        pg.databases.get("rg", "pg-kids", "nodb")
    assert err.value.error.message == ("The requested resource of type 'Microsoft.DBforPostgreSQL/flexibleServers/"
                                       "databases' with name 'nodb' was not found.")
    with pytest.raises(ResourceNotFoundError) as err:                           # parent missing: ARM's message
        pg.databases.get("rg", "no-server", "postgres")
    assert "'Microsoft.DBforPostgreSQL/flexibleServers/no-server' under resource group 'rg'" in err.value.error.message
    pg.databases.begin_delete("rg", "pg-kids", "appdb", **FAST).result()
    assert "appdb" not in [d.name for d in pg.databases.list_by_server("rg", "pg-kids")]

    azure = "AllowAllAzureServicesAndResourcesWithinAzureIps_2026-1-1_0-0-0"
    rule = pg.firewall_rules.begin_create_or_update("rg", "pg-kids", azure, {"properties": {
        "startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}}, **FAST).result()
    assert (rule.start_ip_address, rule.end_ip_address) == ("0.0.0.0", "0.0.0.0")
    pg.firewall_rules.begin_create_or_update("rg", "pg-kids", "office", {"properties": {
        "startIpAddress": "10.0.0.1", "endIpAddress": "10.0.0.9"}}, **FAST).result()
    assert sorted(r.name for r in pg.firewall_rules.list_by_server("rg", "pg-kids")) == [azure, "office"]
    bad = _raw(sb, "PUT", _pg_id(sb, "pg-kids") + "/firewallRules/bad", {"properties": {
        "startIpAddress": "10.0.0.9", "endIpAddress": "10.0.0.1"}})
    assert bad.status_code == 400
    pg.firewall_rules.begin_delete("rg", "pg-kids", "office", **FAST).result()
    assert [r.name for r in pg.firewall_rules.list_by_server("rg", "pg-kids")] == [azure]

    oid = "33333333-3333-4333-8333-333333333333"
    admin = pg.administrators_microsoft_entra.begin_create_or_update("rg", "pg-kids", oid, {"properties": {
        "principalType": "ServicePrincipal", "principalName": "my-app"}}, **FAST).result()
    assert (admin.name, admin.object_id, admin.principal_name, admin.tenant_id) == (oid, oid, "my-app", sb.tenant_id)
    assert [a.principal_type for a in pg.administrators_microsoft_entra.list_by_server("rg", "pg-kids")] == [
        "ServicePrincipal"]
    pg.administrators_microsoft_entra.begin_delete("rg", "pg-kids", oid, **FAST).result()
    assert list(pg.administrators_microsoft_entra.list_by_server("rg", "pg-kids")) == []
    writes = [(r["method"], r["status"]) for r in sb.requests if "/pg-kids/" in r["path"] and r["method"] != "GET"]
    assert all(status in (202, 400) for _, status in writes), writes


# ---------------------------------------------------------------------------------- MySQL flexible: SDK
def test_mysql_flexible_server(quick_lro):
    sb = quick_lro
    my = _client(sb, MySQLFlexClient)
    uai = sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/"
                          "Microsoft.ManagedIdentity/userAssignedIdentities/my-uai", {"location": "eastus"})
    made = my.servers.begin_create("rg", "my-one", {**_my_body(), "identity": {
        "type": "UserAssigned", "userAssignedIdentities": {uai["id"]: {}}}}, **FAST).result()
    assert made.fully_qualified_domain_name == "my-one.mysql.database.azure.com" and made.state == "Ready"
    assert made.location == "East US" and made.network.public_network_access == "Enabled"
    assert made.replication_role == "None" and made.identity.type == "UserAssigned"
    assert PW not in json.dumps(sb.get_resource(_my_id(sb, "my-one")))
    assert sorted(d.name for d in my.databases.list_by_server("rg", "my-one")) == [
        "information_schema", "mysql", "performance_schema", "sys"]
    assert my.databases.begin_create_or_update("rg", "my-one", "app", {"properties": {"charset": "utf8mb4"}},
                                               **FAST).result().collation == "utf8mb4_0900_ai_ci"
    rule = my.firewall_rules.begin_create_or_update("rg", "my-one", "allowip", {"properties": {
        "startIpAddress": "107.46.14.221", "endIpAddress": "107.46.14.221"}}, **FAST).result()
    assert rule.start_ip_address == "107.46.14.221"
    admin = my.azure_ad_administrators.begin_create_or_update("rg", "my-one", "ActiveDirectory", {"properties": {
        "administratorType": "ActiveDirectory", "identityResourceId": uai["id"], "login": "my-app",
        "sid": "33333333-3333-4333-8333-333333333333", "tenantId": sb.tenant_id}}, **FAST).result()
    assert (admin.name, admin.login, admin.identity_resource_id) == ("ActiveDirectory", "my-app", uai["id"])
    my.azure_ad_administrators.begin_delete("rg", "my-one", "ActiveDirectory", **FAST).result()   # final: Location
    assert sb.get_resource(_my_id(sb, "my-one") + "/administrators/ActiveDirectory") is None
    updated = my.servers.begin_update("rg", "my-one", {"properties": {"network": {"publicNetworkAccess": "Disabled"}}},
                                      **FAST).result()
    assert updated.network.public_network_access == "Disabled"
    my.servers.begin_delete("rg", "my-one", **FAST).result()
    with pytest.raises(ResourceNotFoundError):
        my.servers.get("rg", "my-one")
    assert sb.get_resource(_my_id(sb, "my-one") + "/databases/sys") is None


# ---------------------------------------------------------------------------------- single servers (rdbms)
@pytest.mark.parametrize("cls,ns,host,engine", [
    (PgSingleClient, "Microsoft.DBforPostgreSQL", "postgres.database.azure.com", "postgres"),
    (MySQLSingleClient, "Microsoft.DBforMySQL", "mysql.database.azure.com", "mysql")])
def test_single_servers(quick_lro, cls, ns, host, engine):
    sb = quick_lro
    client = _client(sb, cls)
    made = client.servers.begin_create("rg", "single1", {"location": "westus", "sku": {"name": "B_Gen5_1"},
                                                         "properties": {"administratorLogin": "admin1",
                                                                        "administratorLoginPassword": PW,
                                                                        "createMode": "Default"}}, **FAST).result()
    assert made.fully_qualified_domain_name == f"single1.{host}" and made.user_visible_state == "Ready"
    assert made.location == "westus" and (made.sku.tier, made.sku.capacity) == ("Basic", 1)
    assert PW not in json.dumps(sb.get_resource(_id(sb, ns, "single1", kind="servers")))
    client.databases.begin_create_or_update("rg", "single1", "appdb", {"properties": {"charset": "UTF8"}},
                                            **FAST).result()
    assert "appdb" in [d.name for d in client.databases.list_by_server("rg", "single1")]
    client.firewall_rules.begin_create_or_update("rg", "single1", "azure", {"properties": {
        "startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}}, **FAST).result()
    assert client.firewall_rules.get("rg", "single1", "azure").end_ip_address == "0.0.0.0"
    with pytest.raises(ResourceNotFoundError) as err:
        client.firewall_rules.get("rg", "single1", "nope")
    assert err.value.error.message.endswith(f"type '{ns}/servers/firewallRules' with name 'nope' was not found.")
    with pytest.raises(ResourceNotFoundError):
        client.servers.get("rg", "flexonly")
    client.servers.begin_delete("rg", "single1", **FAST).result()
    assert list(client.servers.list_by_resource_group("rg")) == []


# ---------------------------------------------------------------------------------- the real az
@pytest.fixture
def one_poll(sandbox):
    """Monitors answer Succeeded at the first poll: az waits Retry-After (1 s) once per LRO, not twice."""
    before = sandbox.operations.polls
    sandbox.operations.polls = 0
    try:
        yield sandbox
    finally:
        sandbox.operations.polls = before


def test_az_postgres_and_mysql_flexible_server(one_poll, az_cli):
    sandbox, az = one_poll, az_cli.json
    az("group", "create", "-n", "rg-db", "-l", "westeurope")
    sandbox.put_resource(_pg_id(sandbox, "pg-az", "rg-db"), _pg_body("westeurope"))
    shown = az("postgres", "flexible-server", "show", "-g", "rg-db", "-n", "pg-az")
    assert shown["fullyQualifiedDomainName"] == "pg-az.postgres.database.azure.com" and shown["state"] == "Ready"
    assert shown["network"]["publicNetworkAccess"] == "Enabled" and PW not in json.dumps(shown)
    rule = az("postgres", "flexible-server", "firewall-rule", "create", "-g", "rg-db", "--server-name", "pg-az",
              "--name", "allowazureservices", "--start-ip-address", "0.0.0.0")
    assert (rule["name"], rule["startIpAddress"], rule["endIpAddress"]) == ("allowazureservices", "0.0.0.0", "0.0.0.0")
    assert [r["name"] for r in az("postgres", "flexible-server", "firewall-rule", "list", "-g", "rg-db",
                                   "--server-name", "pg-az")] == ["allowazureservices"]
    az_cli.run("postgres", "flexible-server", "firewall-rule", "delete", "-g", "rg-db", "--server-name", "pg-az",
               "--name", "allowazureservices", "--yes", check=True)
    assert sandbox.get_resource(_pg_id(sandbox, "pg-az", "rg-db") + "/firewallRules/allowazureservices") is None
    db = az("postgres", "flexible-server", "db", "show", "-g", "rg-db", "--server-name", "pg-az", "--name", "postgres")
    assert (db["name"], db["charset"], db["collation"]) == ("postgres", "UTF8", "en_US.utf8")

    sandbox.put_resource(_my_id(sandbox, "my-az", "rg-db"), _my_body("westeurope"))
    assert az("mysql", "flexible-server", "show", "-g", "rg-db", "-n", "my-az")["fullyQualifiedDomainName"] == \
        "my-az.mysql.database.azure.com"
    rule = az("mysql", "flexible-server", "firewall-rule", "create", "-g", "rg-db", "--name", "my-az",
              "--rule-name", "allowip", "--start-ip-address", "107.46.14.221")
    assert (rule["name"], rule["endIpAddress"]) == ("allowip", "107.46.14.221")
    monitors = [r for r in sandbox.requests if "/azureAsyncOperation/" in r["path"]]
    assert monitors and all(r["status"] == 200 for r in monitors)


def test_az_refuses_firewall_rules_on_a_vnet_server(sandbox, az_cli):
    sandbox.put_resource(f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg-vnet", {"location": "eastus"})
    subnet = f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg-vnet/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    sandbox.put_resource(_pg_id(sandbox, "pg-private", "rg-vnet"),
                         _pg_body("eastus", network={"delegatedSubnetResourceId": subnet}))
    proc = az_cli.run("postgres", "flexible-server", "firewall-rule", "create", "-g", "rg-vnet", "--server-name",
                      "pg-private", "--name", "r1", "--start-ip-address", "1.2.3.4")
    assert proc.returncode != 0 and "without public access enabled" in proc.stderr


# ---------------------------------------------------------------------------------- recorded facts
def _world(sb):
    sub = sb.subscription_id
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg", {"location": "eastus"})
    uai = sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                          "userAssignedIdentities/uai", {"location": "eastus"})
    sb.put_resource(_pg_id(sb, "pgsrv"), _pg_body(authConfig=ENTRA))          # Entra admins need it
    sb.put_resource(_pg_id(sb, "pgsrv") + "/databases/appdb", {"properties": {}})
    sb.put_resource(_pg_id(sb, "fakedb"), _pg_body())                  # a flexible server, not a single one
    sb.put_resource(_my_id(sb, "mysrv"), {**_my_body(), "tags": {}})
    sb.put_resource(_my_id(sb, "mysrv") + "/firewallRules/rule1", {"properties": {
        "startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"}})
    sb.put_resource(_my_id(sb, "mysrv") + "/administrators/ActiveDirectory", {"properties": {
        "administratorType": "ActiveDirectory", "identityResourceId": uai["id"], "login": "bob@contoso.com",
        "sid": "c6b82b90-a647-49cb-8a62-0d2d3cb7ac7c"}})
    single = _id(sb, "Microsoft.DBforPostgreSQL", "pgsingle", kind="servers")
    sb.put_resource(single, {"location": "westus", "sku": {"name": "B_Gen5_1"},
                             "properties": {"administratorLogin": "testUser", "administratorLoginPassword": PW}})
    sb.put_resource(single + "/databases/db1", {"properties": {}})
    return {"subscription": sub, "resourceGroup": "rg", "identityId": uai["id"], "location": "canadacentral",
            "admin": "33333333-3333-4333-8333-333333333333", "rule": "rule1"}


def _no_secret(resp, body):
    assert PW not in resp.text


def _display_location(resp, body):
    assert body["location"] in ("Canada Central", "East US")


def _drop_display(resp, body):
    assert re.search(r"/locations/(Canada%20Central|East%20US)/azureAsyncOperation/", resp.headers["Azure-AsyncOperation"])


def _normalized_monitor(resp, body):
    assert re.search(r"/locations/[a-z0-9]+/azureAsyncOperation/", resp.headers["Azure-AsyncOperation"])


def _system_pg_databases(resp, body):
    assert {"azure_maintenance", "postgres", "azure_sys"} <= {d["name"] for d in body["value"]}


def _system_my_databases(resp, body):
    assert {"information_schema", "mysql", "performance_schema", "sys"} <= {d["name"] for d in body["value"]}


def _single_get(resp, body):
    assert body["location"] == "westus" and body["sku"]["tier"] == "Basic" and "tags" not in body


def _monitor(resp, body):
    assert set(body) == {"name", "status", "startTime"}


def _parent_message(resp, body):
    assert "'Microsoft.DBforPostgreSQL/servers/fakeDB' under resource group 'rg'" in body["error"]["message"]


# (operation, method, status) -> (server, database, checks)
_CASES = {
    ("postgresql.servers.create", "PUT", 202): ("pgnew", None, [_normalized_monitor]),
    ("postgresql.operations.azure_async_operation", "GET", 200): ("pgsrv", None, [_monitor]),
    ("postgresql.servers.get", "GET", 200): ("pgsrv", None, [_no_secret, _display_location]),
    ("postgresql.servers.update", "PATCH", 202): ("pgsrv", None, []),
    ("postgresql.servers.delete", "DELETE", 202): ("pgsrv", None, [_drop_display]),
    ("postgresql.servers.get", "GET", 404): ("ghost", None, []),
    ("postgresql.databases.create", "PUT", 202): ("pgsrv", "newdb", [_normalized_monitor]),
    ("postgresql.databases.get", "GET", 200): ("pgsrv", None, []),
    ("postgresql.databases.list_by_server", "GET", 200): ("pgsrv", None, [_system_pg_databases]),
    ("postgresql.databases.delete", "DELETE", 202): ("pgsrv", "appdb", [_normalized_monitor]),
    ("postgresql.firewall_rules.create_or_update", "PUT", 202): ("pgsrv", None, []),
    ("postgresql.administrators_microsoft_entra.create_or_update", "PUT", 202): ("pgsrv", None, []),
    ("mysql.servers.create", "PUT", 202): ("mynew", None, []),
    ("mysql.servers.get", "GET", 200): ("mysrv", None, [_no_secret, _display_location]),
    ("mysql.servers.delete", "DELETE", 202): ("mysrv", None, [_drop_display]),
    ("mysql.databases.list_by_server", "GET", 200): ("mysrv", None, [_system_my_databases]),
    ("mysql.firewall_rules.get", "GET", 200): ("mysrv", None, []),
    ("mysql.azure_ad_administrators.create_or_update", "PUT", 202): ("mysrv", None, []),
    ("mysql.azure_ad_administrators.get", "GET", 200): ("mysrv", None, []),
    ("postgresql_single.servers.create", "PUT", 202): ("pgsingle2", None, []),
    ("postgresql_single.servers.get", "GET", 200): ("pgsingle", None, [_no_secret, _single_get]),
    ("postgresql_single.databases.get", "GET", 200): ("pgsingle", "db1", []),
    ("postgresql_single.databases.create_or_update", "PUT", 404): ("pgsingle", None, [_parent_message]),
}


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.api_version}")
def test_recorded_fact(sandbox, rec):
    values = _world(sandbox)
    values["server"], values["database"], checks = _CASES[(rec.operation, rec.method, rec.status)]
    if rec.operation == "postgresql.operations.azure_async_operation":
        started = _raw(sandbox, "PUT", _pg_id(sandbox, "pgpoll"), _pg_body())
        values["operationId"] = started.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
    body = fill(copy.deepcopy(rec.request_body), values)
    if isinstance(body, dict) and "administratorLoginPassword" in (body.get("properties") or {}):
        body["properties"]["administratorLoginPassword"] = PW
    resp = _raw(sandbox, rec.method, fill(rec.path, values), body, rec.api_version)
    assert resp.status_code == rec.status, f"{rec.source}\n{resp.text[:600]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], sorted(lower)
    if rec.error_code:
        assert payload["error"]["code"] == rec.error_code, payload
    for check in checks:
        check(resp, payload)


def test_every_recorded_fact_has_a_case():
    assert {(r.operation, r.method, r.status) for r in RECORDED} == set(_CASES)
