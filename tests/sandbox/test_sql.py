"""Microsoft.Sql: the pinned azure-mgmt-sql SDK, the real `az sql`, and each fact of recorded_sql.RECORDED replayed
against the sandbox."""
import copy
import json
import re

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.sql import SqlManagementClient
from azure.mgmt.sql.models import (
    Database, FirewallRule, ResourceIdentity, Server, ServerAzureADAdministrator, ServerAzureADOnlyAuthentication,
    ServerExternalAdministrator, ServerUpdate, Sku)

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_sql import RECORDED

FAST = {"polling_interval": 0.01}
API = "2024-11-01-preview"
PASSWORD = "Sandbox-Pa55word!"
SID = "5e90ef3b-9b42-4777-819b-25c36961ea4d"


@pytest.fixture
def sql(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return SqlManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                               connection_verify=sb.ca_bundle, retry_total=0)


def _server_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.Sql/servers/{name}"


def _raw(sb, method, path, body=None, api_version=API):
    return raw(sb, method, path, body, api_version)


def _new_server(sql, name="srv1", **props):
    server = Server(location="eastus", administrator_login="sqladmin", administrator_login_password=PASSWORD, **props)
    return sql.servers.begin_create_or_update("rg", name, server, **FAST).result()


# ---------------------------------------------------------------------------------- servers
def test_server_create_get_list_update_delete(sql, quick_lro):
    sb = quick_lro
    made = _new_server(sql, identity=ResourceIdentity(type="SystemAssigned"), minimal_tls_version="1.2")
    assert made.fully_qualified_domain_name == "srv1.database.windows.net"
    assert (made.version, made.state, made.kind, made.public_network_access) == ("12.0", "Ready", "v12.0", "Enabled")
    assert made.administrator_login == "sqladmin" and made.administrator_login_password is None
    assert made.identity.type == "SystemAssigned" and made.identity.principal_id
    assert made.administrators is None and made.minimal_tls_version == "1.2"
    raw = _raw(sb, "GET", _server_id(sb, "srv1")).json()
    assert PASSWORD not in json.dumps(raw) and "administratorLoginPassword" not in raw["properties"]
    assert "administrators" not in raw["properties"] and "tags" not in raw
    assert sb.store.get(_server_id(sb, "srv1"))["private"]["administratorLoginPassword"] == PASSWORD
    assert sql.servers.get("rg", "SRV1").id == _server_id(sb, "srv1")          # ids are case-insensitive

    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg2", {"location": "westus"})
    sql.servers.begin_create_or_update("rg2", "srv2", Server(location="westus", administrator_login="a2",
                                                             administrator_login_password=PASSWORD), **FAST).result()
    assert [s.name for s in sql.servers.list_by_resource_group("rg")] == ["srv1"]
    assert sorted(s.name for s in sql.servers.list()) == ["srv1", "srv2"]

    # PATCH: public access off, a new password (private only), tags replaced; identity kept
    updated = sql.servers.begin_update("rg", "srv1", ServerUpdate(public_network_access="Disabled",
                                                                  administrator_login_password="N3w-Pa55word!",
                                                                  tags={"env": "test"}), **FAST).result()
    assert updated.public_network_access == "Disabled" and updated.tags == {"env": "test"}
    assert updated.identity.principal_id == made.identity.principal_id
    assert sb.store.get(_server_id(sb, "srv1"))["private"]["administratorLoginPassword"] == "N3w-Pa55word!"
    patches = [r for r in sb.requests if r["method"] == "PATCH"]
    assert [r["status"] for r in patches] == [202]

    sql.servers.begin_delete("rg", "srv1", **FAST).result()
    with pytest.raises(ResourceNotFoundError) as err:
        sql.servers.get("rg", "srv1")
    assert err.value.error.code == "ResourceNotFound"
    assert "The Resource 'Microsoft.Sql/servers/srv1' under resource group 'rg' was not found" in err.value.message
    assert sb.store.get(_server_id(sb, "srv1") + "/databases/master") is None      # children go with it
    assert _raw(sb, "DELETE", _server_id(sb, "srv1")).status_code == 204


def test_server_lro_shape(sql, quick_lro):
    sb = quick_lro
    resp = _raw(sb, "PUT", _server_id(sb, "srv1"), {"location": "eastus", "properties": {
        "administratorLogin": "sqladmin", "administratorLoginPassword": PASSWORD, "administrators": {}}})
    assert resp.status_code == 202
    body = resp.json()
    assert body["operation"] == "UpsertLogicalServer"
    assert re.match(r"^\d{4}-\d\d-\d\dT[\d:]+\.\d{3}Z$", body["startTime"])
    base = re.escape(f"{sb.url}/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.Sql/"
                     "locations/eastus/")
    status_url, result_url = resp.headers["Azure-AsyncOperation"], resp.headers["Location"]
    assert re.match(base + r"serverAzureAsyncOperation/([0-9a-f-]{36})\?api-version=" + API + "$", status_url)
    assert re.match(base + r"serverOperationResults/([0-9a-f-]{36})\?api-version=" + API + "$", result_url)
    assert status_url.split("/")[-1] == result_url.split("/")[-1]                  # one operation, two monitors
    op_id = status_url.split("/")[-1].split("?")[0]
    first = _raw(sb, "GET", status_url).json()
    assert first == {"name": op_id, "status": "InProgress", "startTime": body["startTime"]}
    assert _raw(sb, "GET", status_url).json()["status"] == "Succeeded"
    final = _raw(sb, "GET", result_url)
    assert final.status_code == 200 and final.json()["name"] == "srv1"

    # the Location monitor of a fresh operation: 202 while running, then the server
    again = _raw(sb, "PUT", _server_id(sb, "srv1"), {"location": "eastus", "properties": {}})
    assert again.status_code == 202 and again.json()["operation"] == "UpsertLogicalServer"
    assert _raw(sb, "GET", again.headers["Location"]).status_code == 202
    assert _raw(sb, "GET", again.headers["Location"]).json()["properties"]["administratorLogin"] == "sqladmin"

    gone = _raw(sb, "DELETE", _server_id(sb, "srv1"))
    assert gone.status_code == 202 and gone.json()["operation"] == "DropLogicalServer"
    assert "/serverAzureAsyncOperation/" in gone.headers["Azure-AsyncOperation"]
    assert _raw(sb, "GET", gone.headers["Location"]).status_code == 202
    done = _raw(sb, "GET", gone.headers["Location"])
    assert done.status_code == 200 and done.content == b""


def test_server_validation(sql, quick_lro):
    for bad in ("Upper", "under_score", "-edge", "edge-", "x" * 64):
        with pytest.raises(HttpResponseError) as err:
            _new_server(sql, bad)
        assert err.value.status_code == 400 and err.value.error.code == "InvalidServerName", bad
    with pytest.raises(HttpResponseError) as err:
        _new_server(sql, "aadonly", administrators=ServerExternalAdministrator(azure_ad_only_authentication=True))
    assert err.value.error.code == "MissingExternalAdministratorWithAadOnlyAuth"
    with pytest.raises(HttpResponseError) as err:
        _new_server(sql, "samename", administrators=ServerExternalAdministrator(login="sqladmin", sid=SID))
    assert err.value.error.code == "ExternalAdministratorLoginSameAsSqlAdmin"
    assert list(sql.servers.list()) == []


def test_entra_only_server_from_create(sql, quick_lro):
    sb = quick_lro
    admins = ServerExternalAdministrator(principal_type="Group", login="dba-group", sid=SID, tenant_id=sb.tenant_id,
                                         azure_ad_only_authentication=True)
    made = sql.servers.begin_create_or_update("rg", "entra", Server(location="eastus", administrators=admins,
                                                                    public_network_access="Disabled"), **FAST).result()
    assert made.administrator_login.startswith("CloudSA")            # the RP makes one up
    assert made.public_network_access == "Disabled"
    raw = _raw(sb, "GET", _server_id(sb, "entra")).json()["properties"]
    assert raw["administrators"] == {"administratorType": "ActiveDirectory", "principalType": "Group",
                                     "login": "dba-group", "sid": SID, "tenantId": sb.tenant_id,
                                     "azureADOnlyAuthentication": True}
    assert list(raw).index("administrators") == list(raw).index("restrictOutboundNetworkAccess") - 1
    admin = sql.server_azure_ad_administrators.get("rg", "entra", "ActiveDirectory")
    assert (admin.login, admin.sid, admin.azure_ad_only_authentication) == ("dba-group", SID, True)
    assert sql.server_azure_ad_only_authentications.get("rg", "entra", "Default").azure_ad_only_authentication
    # public access is off: no firewall rule can be written
    with pytest.raises(HttpResponseError) as err:
        sql.firewall_rules.create_or_update("rg", "entra", "AllowAllWindowsAzureIps",
                                            FirewallRule(start_ip_address="0.0.0.0", end_ip_address="0.0.0.0"))
    assert err.value.status_code == 400 and err.value.error.code == "DenyPublicEndpointEnabled"


# ---------------------------------------------------------------------------------- databases
def test_databases(sql, quick_lro):
    sb = quick_lro
    _new_server(sql)
    default = sql.databases.begin_create_or_update("rg", "srv1", "db1", Database(location="eastus"), **FAST).result()
    assert (default.sku.name, default.sku.tier, default.sku.family, default.sku.capacity) == \
        ("GP_Gen5", "GeneralPurpose", "Gen5", 2)
    assert default.kind == "v12.0,user,vcore" and default.status == "Online"
    assert default.current_service_objective_name == "GP_Gen5_2" and default.max_size_bytes == 34359738368
    s0 = sql.databases.begin_create_or_update("rg", "srv1", "db2", Database(location="eastus", sku=Sku(name="S0"),
                                                                            tags={"a": "b"}), **FAST).result()
    assert (s0.sku.name, s0.sku.tier, s0.sku.capacity, s0.current_service_objective_name) == \
        ("Standard", "Standard", 10, "S0")
    listed = {d.name: d for d in sql.databases.list_by_server("rg", "srv1")}
    assert sorted(listed) == ["db1", "db2", "master"]
    master = listed["master"]
    assert (master.sku.name, master.kind, master.managed_by) == ("System", "v12.0,system", _server_id(sb, "srv1"))

    resized = sql.databases.begin_update("rg", "srv1", "db2", {"sku": {"name": "S1"}}, **FAST).result()
    assert resized.sku.capacity == 20 and resized.tags == {"a": "b"}
    puts = [r for r in sb.requests if r["method"] in ("PUT", "PATCH") and "/databases/" in r["path"]]
    assert {r["status"] for r in puts} == {202}

    sql.databases.begin_delete("rg", "srv1", "db1", **FAST).result()
    with pytest.raises(ResourceNotFoundError) as err:
        sql.databases.get("rg", "srv1", "db1")
    assert err.value.error.code == "ResourceNotFound"
    assert "The Resource 'Microsoft.Sql/servers/srv1/databases/db1' under resource group 'rg'" in err.value.message
    again = _raw(sb, "DELETE", _server_id(sb, "srv1") + "/databases/db1")       # absent: still dropped "async"
    assert again.status_code == 202 and again.json()["operation"] == "DropLogicalDatabase"
    assert "/databaseOperationResults/" in again.headers["Location"]
    with pytest.raises(ResourceNotFoundError) as err:
        list(sql.databases.list_by_server("rg", "ghost"))
    assert err.value.error.code == "ParentResourceNotFound" and "'ghost'" in err.value.message
    with pytest.raises(HttpResponseError) as err:
        sql.databases.begin_create_or_update("rg", "ghost", "db", Database(location="eastus"), **FAST)
    assert err.value.status_code == 404 and err.value.error.code == "ParentResourceNotFound"


# ---------------------------------------------------------------------------------- firewall rules
def test_firewall_rules(sql, quick_lro):
    sb = quick_lro
    _new_server(sql)
    rules = sql.firewall_rules
    assert list(rules.list_by_server("rg", "srv1")) == []                      # a new server has none
    made = rules.create_or_update("rg", "srv1", "AllowAllWindowsAzureIps",
                                  FirewallRule(start_ip_address="0.0.0.0", end_ip_address="0.0.0.0"))
    assert (made.name, made.start_ip_address, made.end_ip_address) == ("AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0")
    assert made.type == "Microsoft.Sql/servers/firewallRules"
    rules.create_or_update("rg", "srv1", "office", FirewallRule(start_ip_address="10.0.0.1", end_ip_address="10.0.0.9"))
    changed = rules.create_or_update("rg", "srv1", "office", FirewallRule(start_ip_address="10.0.0.1",
                                                                          end_ip_address="10.0.0.20"))
    assert changed.end_ip_address == "10.0.0.20"
    statuses = [r["status"] for r in sb.requests if r["method"] == "PUT" and "/firewallRules/" in r["path"]]
    assert statuses == [200, 200, 200]
    assert sorted(r.name for r in rules.list_by_server("rg", "srv1")) == ["AllowAllWindowsAzureIps", "office"]
    assert rules.get("rg", "srv1", "OFFICE").end_ip_address == "10.0.0.20"

    for start, end, code in (("10.0.0.9", "10.0.0.1", "FirewallRuleInvalidRange"),
                             ("300.0.0.1", "300.0.0.2", "FirewallRuleNotIPv4Address"),
                             ("::1", "::2", "FirewallRuleNotIPv4Address")):
        with pytest.raises(HttpResponseError) as err:
            rules.create_or_update("rg", "srv1", "bad", FirewallRule(start_ip_address=start, end_ip_address=end))
        assert err.value.status_code == 400 and err.value.error.code == code
    with pytest.raises(HttpResponseError) as err:
        rules.create_or_update("rg", "srv1", "n" * 129, FirewallRule(start_ip_address="1.1.1.1",
                                                                     end_ip_address="1.1.1.1"))
    assert err.value.error.code == "FirewallRuleNameTooLong"

    assert _raw(sb, "DELETE", _server_id(sb, "srv1") + "/firewallRules/office").status_code == 200
    assert _raw(sb, "DELETE", _server_id(sb, "srv1") + "/firewallRules/office").status_code == 204
    with pytest.raises(ResourceNotFoundError):
        rules.get("rg", "srv1", "office")
    rules.delete("rg", "srv1", "AllowAllWindowsAzureIps")
    assert list(rules.list_by_server("rg", "srv1")) == []


# ---------------------------------------------------------------------------------- Entra admin
def test_entra_admin_and_aad_only(sql, quick_lro):
    sb = quick_lro
    _new_server(sql)
    aad_only = sql.server_azure_ad_only_authentications
    assert aad_only.get("rg", "srv1", "Default").azure_ad_only_authentication is False
    with pytest.raises(HttpResponseError) as err:
        aad_only.begin_create_or_update("rg", "srv1", "Default",
                                        ServerAzureADOnlyAuthentication(azure_ad_only_authentication=True), **FAST)
    assert err.value.error.code == "InvalidServerAADOnlyAuthNoAADAdminPropertyName"

    admins = sql.server_azure_ad_administrators
    made = admins.begin_create_or_update("rg", "srv1", "ActiveDirectory", ServerAzureADAdministrator(
        administrator_type="ActiveDirectory", login="DSEngAll", sid=SID, tenant_id=sb.tenant_id), **FAST).result()
    assert (made.name, made.type, made.login, made.sid, made.tenant_id) == \
        ("ActiveDirectory", "Microsoft.Sql/servers", "DSEngAll", SID, sb.tenant_id)
    assert made.azure_ad_only_authentication is False
    assert [a.login for a in admins.list_by_server("rg", "srv1")] == ["DSEngAll"]
    shown = sql.servers.get("rg", "srv1").administrators
    assert (shown.administrator_type, shown.login, shown.sid, shown.azure_ad_only_authentication) == \
        ("ActiveDirectory", "DSEngAll", SID, False)

    on = aad_only.begin_create_or_update("rg", "srv1", "Default",
                                         ServerAzureADOnlyAuthentication(azure_ad_only_authentication=True),
                                         **FAST).result()
    assert on.azure_ad_only_authentication is True and on.name == "Default"
    assert sql.servers.get("rg", "srv1").administrators.azure_ad_only_authentication is True
    assert admins.get("rg", "srv1", "ActiveDirectory").azure_ad_only_authentication is True

    ops = [r for r in sb.requests if r["method"] == "PUT" and re.search(r"/(administrators|azureADOnly)", r["path"])]
    assert all(r["status"] == 202 for r in ops if r["status"] < 400)
    assert any("/serverAdministratorAzureAsyncOperation/" in r["path"] for r in sb.requests)

    admins.begin_delete("rg", "srv1", "ActiveDirectory", **FAST).result()
    assert list(admins.list_by_server("rg", "srv1")) == []
    assert sql.servers.get("rg", "srv1").administrators is None
    assert "administrators" not in sb.get_resource(_server_id(sb, "srv1"))["properties"]


# ---------------------------------------------------------------------------------- real az
def test_az_sql(sandbox, az_cli):
    az = az_cli.json
    polls_before = sandbox.operations.polls
    sandbox.operations.polls = 0          # one Retry-After (1 s) per LRO keeps the az run short
    try:
        az("group", "create", "-n", "rg-sql", "-l", "westeurope")
        made = az("sql", "server", "create", "-g", "rg-sql", "-n", "azsrv", "-l", "westeurope",
                  "-u", "sqladmin", "-p", PASSWORD)
        assert made["fullyQualifiedDomainName"] == "azsrv.database.windows.net" and made["state"] == "Ready"
        assert made["administratorLoginPassword"] is None and made["minimalTlsVersion"] == "1.2"
        shown = az("sql", "server", "show", "-g", "rg-sql", "-n", "azsrv")
        assert shown["id"] == made["id"] and PASSWORD not in json.dumps(shown)

        db = az("sql", "db", "create", "-g", "rg-sql", "-s", "azsrv", "-n", "appdb", "--service-objective", "S0",
                "--backup-storage-redundancy", "Local")
        assert db["currentServiceObjectiveName"] == "S0" and db["status"] == "Online"
        assert az("sql", "db", "show", "-g", "rg-sql", "-s", "azsrv", "-n", "appdb")["sku"]["tier"] == "Standard"

        rule = az("sql", "server", "firewall-rule", "create", "-g", "rg-sql", "-s", "azsrv",
                  "-n", "AllowAllWindowsAzureIps", "--start-ip-address", "0.0.0.0", "--end-ip-address", "0.0.0.0")
        assert (rule["startIpAddress"], rule["endIpAddress"]) == ("0.0.0.0", "0.0.0.0")
        assert [r["name"] for r in az("sql", "server", "firewall-rule", "list", "-g", "rg-sql", "-s", "azsrv")] == \
            ["AllowAllWindowsAzureIps"]
        az("sql", "server", "firewall-rule", "delete", "-g", "rg-sql", "-s", "azsrv", "-n", "AllowAllWindowsAzureIps")
        assert az("sql", "server", "firewall-rule", "list", "-g", "rg-sql", "-s", "azsrv") == []

        admin = az("sql", "server", "ad-admin", "create", "-g", "rg-sql", "-s", "azsrv", "-u", "dba-group", "-i", SID)
        assert (admin["login"], admin["sid"], admin["tenantId"]) == ("dba-group", SID, sandbox.tenant_id)
        assert [a["login"] for a in az("sql", "server", "ad-admin", "list", "-g", "rg-sql", "-s", "azsrv")] == \
            ["dba-group"]
    finally:
        sandbox.operations.polls = polls_before
    monitors = [r for r in sandbox.requests if "AzureAsyncOperation/" in r["path"]]
    assert {m["path"].split("/")[-2] for m in monitors} == {"serverAzureAsyncOperation", "databaseAzureAsyncOperation",
                                                            "serverAdministratorAzureAsyncOperation"}


# ---------------------------------------------------------------------------------- recorded facts
def _world(sb):
    sub = sb.subscription_id
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg", {"location": "eastus"})
    server = {"location": "eastus", "properties": {"administratorLogin": "admin123",
                                                   "administratorLoginPassword": PASSWORD}}
    sb.put_resource(_server_id(sb, "srv"), server)
    sb.put_resource(_server_id(sb, "srv") + "/databases/db1", {"location": "eastus"})
    sb.call("PUT", _server_id(sb, "srv") + "/firewallRules/rule1",
            {"properties": {"startIpAddress": "1.2.3.4", "endIpAddress": "1.2.3.4"}})
    sb.put_resource(_server_id(sb, "srvadmin"), {"location": "eastus", "properties": {
        "administratorLogin": "admin123", "administratorLoginPassword": PASSWORD,
        "administrators": {"principalType": "User", "login": "bob@contoso.com", "sid": SID}}})
    sb.put_resource(_server_id(sb, "srvprivate"), {**server, "properties": {**server["properties"],
                                                                            "publicNetworkAccess": "Disabled"}})
    return {"subscription": sub, "resourceGroup": "rg", "location": "eastus", "tenant": sb.tenant_id,
            "server": "srv", "database": "db1", "rule": "rule1"}


def _no_password(resp, body):
    assert "administratorLoginPassword" not in json.dumps(body) and PASSWORD not in resp.text


def _sql_login_server(resp, body):
    _no_password(resp, body)
    assert "administrators" not in body["properties"] and "tags" not in body
    assert body["properties"]["fullyQualifiedDomainName"] == "srv.database.windows.net"


def _operation(name):
    def check(resp, body):
        assert body["operation"] == name
        assert resp.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1] == \
            resp.headers["Location"].split("?")[0].rsplit("/", 1)[1]
    return check


def _admins_in_list(resp, body):
    with_admin = [s for s in body["value"] if s["name"] == "srvadmin"][0]["properties"]
    assert with_admin["administrators"] == {"administratorType": "ActiveDirectory", "principalType": "User",
                                            "login": "bob@contoso.com", "sid": SID,
                                            "tenantId": with_admin["administrators"]["tenantId"],
                                            "azureADOnlyAuthentication": False}
    assert all("administrators" not in s["properties"] for s in body["value"] if s["name"] != "srvadmin")


def _has_master(resp, body):
    master = [d for d in body["value"] if d["name"] == "master"][0]
    assert master["kind"] == "v12.0,system" and master["sku"] == {"name": "System", "tier": "System", "capacity": 0}


def _default_db(resp, body):
    assert body["sku"] == {"name": "GP_Gen5", "tier": "GeneralPurpose", "family": "Gen5", "capacity": 2}
    assert body["properties"]["currentServiceObjectiveName"] == "GP_Gen5_2"


def _nested_message(resp, body):
    assert "The Resource 'Microsoft.Sql/servers/srv/databases/ghostdb' under resource group 'rg' was not found" \
        in body["error"]["message"]


def _parent_message(resp, body):
    assert body["error"]["message"] == ("Can not perform requested operation on nested resource. Parent resource "
                                        "'ghost' not found.")


def _empty(resp, body):
    assert resp.content == b""


def _admin_type(resp, body):
    items = body.get("value") or [body]
    assert all(a["type"] == "Microsoft.Sql/servers" and a["name"] == "ActiveDirectory" for a in items)


# (operation, method, status, api_version, error_code) -> (values to override, checks)
_CASES = {
    ("sql.servers.create_or_update", 202, "new"): ({"server": "srvnew"}, [_operation("UpsertLogicalServer")]),
    ("sql.servers.create_or_update", 202, "existing"): ({}, [_operation("UpsertLogicalServer")]),
    ("sql.servers.get", 200): ({}, [_sql_login_server]),
    ("sql.servers.list", 200): ({}, [_admins_in_list, _no_password]),
    ("sql.servers.list_by_resource_group", 200): ({}, [_no_password]),
    ("sql.servers.delete", 202): ({}, [_operation("DropLogicalServer")]),
    ("sql.servers.delete", 204): ({"server": "ghost"}, [_empty]),
    ("sql.servers.get", 404): ({"server": "ghost"}, []),
    ("sql.servers.create_or_update", 400): ({"server": "Bad_Name"}, []),
    ("sql.databases.create_or_update", 202): ({"database": "newdb"}, [_operation("CreateLogicalDatabase")]),
    ("sql.databases.get", 200): ({}, [_default_db]),
    ("sql.databases.list_by_server", 200): ({}, [_has_master]),
    ("sql.databases.delete", 202): ({}, [_operation("DropLogicalDatabase")]),
    ("sql.databases.get", 404): ({"database": "ghostdb"}, [_nested_message]),
    ("sql.databases.list_by_server", 404): ({"server": "ghost"}, [_parent_message]),
    ("sql.firewall_rules.create_or_update", 200): ({"rule": "rule2"}, []),
    ("sql.firewall_rules.list_by_server", 200): ({}, []),
    ("sql.firewall_rules.delete", 200): ({}, [_empty]),
    ("sql.firewall_rules.delete", 204): ({"rule": "ghost"}, [_empty]),
    ("sql.firewall_rules.create_or_update", 400, "DenyPublicEndpointEnabled"): ({"server": "srvprivate"}, []),
    ("sql.firewall_rules.create_or_update", 400, "FirewallRuleInvalidRange"): ({}, []),
    ("sql.server_azure_ad_administrators.create_or_update", 202): ({}, [_operation(
        "CreateActiveDirectoryAdministrator")]),
    ("sql.server_azure_ad_administrators.get", 200): ({"server": "srvadmin"}, [_admin_type]),
    ("sql.server_azure_ad_administrators.list_by_server", 200): ({"server": "srvadmin"}, [_admin_type]),
    ("sql.server_azure_ad_administrators.delete", 202): ({"server": "srvadmin"}, [_operation(
        "DropActiveDirectoryAdministrator")]),
    ("sql.server_azure_ad_only_authentications.create_or_update", 202): ({"server": "srvadmin"}, [_operation(
        "UpdateActiveDirectoryAdministrator")]),
    ("sql.server_azure_ad_only_authentications.create_or_update", 400): ({}, []),
}


def _case(rec):
    if rec.operation == "sql.servers.create_or_update" and rec.status == 202:
        return _CASES[(rec.operation, 202, "existing" if "identity" in (rec.request_body or {}) else "new")]
    if rec.error_code and (rec.operation, rec.status, rec.error_code) in _CASES:
        return _CASES[(rec.operation, rec.status, rec.error_code)]
    return _CASES[(rec.operation, rec.status)]


@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.api_version}-"
                                                         f"{r.error_code or ''}")
def test_recorded_fact(sandbox, rec):
    values = _world(sandbox)
    if rec.operation == "sql.server_operations.azure_async_operation":
        started = _raw(sandbox, "PUT", _server_id(sandbox, "srvpoll"), {"location": "eastus", "properties": {
            "administratorLogin": "a", "administratorLoginPassword": PASSWORD}})
        values["operationId"] = started.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
        checks = [lambda resp, body: body["status"] == "InProgress" or pytest.fail(body)]
    else:
        override, checks = _case(rec)
        values.update(override)
    path = fill(rec.path, values)
    body = fill(copy.deepcopy(rec.request_body), values)
    resp = _raw(sandbox, rec.method, path, body, rec.api_version)
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
