"""The real PostgreSQL engine behind the sandbox's flexible servers: Entra admins PUT through ARM become login
roles, tokens for the OSS RDBMS audience are their passwords, the pgaadauth shim makes app roles, and the
assertions read the engine's own catalogs (roles, memberships, grants)."""
import os

import pg8000.native
import psutil
import pytest
import requests
from azure.mgmt.postgresqlflexibleservers import PostgreSQLManagementClient as PgFlexClient

from arm_sandbox.core import Sandbox
from tests.sandbox.raw import raw

FAST = {"polling_interval": 0.01}
PG_API = "2026-04-01-preview"
ENTRA = {"activeDirectoryAuth": "Enabled", "passwordAuth": "Enabled"}
ADMIN_OID = "44444444-4444-4444-8444-444444444444"
APP_OID = "55555555-5555-4555-8555-555555555555"
LOOPBACK_RULE = {"properties": {"startIpAddress": "127.0.0.1", "endIpAddress": "127.0.0.1"}}
GROUPS = ["azure_ad_admin", "azure_ad_user", "azure_pg_admin"]     # the shim's NOLOGIN roles, always there


@pytest.fixture
def sb(quick_lro):
    quick_lro.put_resource(f"/subscriptions/{quick_lro.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return quick_lro


def _server_id(sb, name):
    return (f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/"
            f"flexibleServers/{name}")


def _server(sb, name="pg1", auth=None, firewall=True):
    """A server; with `firewall`, a rule admitting 127.0.0.1, without which the engine refuses every client but
    its own superuser (as Azure's firewall does: these tests sign in from 127.0.0.1)."""
    sb.put_resource(_server_id(sb, name), {
        "location": "canadacentral", "sku": {"name": "Standard_D2ds_v5", "tier": "GeneralPurpose"},
        "properties": {"administratorLogin": "pgadmin", "administratorLoginPassword": "Sandbox-P4ssw0rd!",
                       "version": "18", "authConfig": auth or ENTRA}})
    if firewall:
        sb.put_resource(_server_id(sb, name) + "/firewallRules/sandbox-client", LOOPBACK_RULE)
    return _server_id(sb, name)


def _pg(sb):
    return PgFlexClient(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle,
                        retry_total=0)


def _add_admin(sb, server="pg1", oid=ADMIN_OID, name="dba@contoso.com", principal_type="User"):
    return _pg(sb).administrators_microsoft_entra.begin_create_or_update("rg", server, oid, {"properties": {
        "principalType": principal_type, "principalName": name}}, **FAST).result()


def _token(sb, oid):
    return sb.issue_token(audience=sb.url + "/ossrdbms", principal_id=oid)[0]


def _connect(sb, user, password, database="postgres"):
    """As the extension will: pg8000 at the address and port libpq's variables name."""
    env = sb.postgres_env()
    return pg8000.native.Connection(user, host=env["PGHOSTADDR"], port=int(env["PGPORT"]), database=database,
                                    password=password, timeout=30)


def _one(sb, sql, database="postgres", **params):
    conn = sb.postgres_engine.superuser_connection(database)
    try:
        return conn.run(sql, **params)
    finally:
        conn.close()


def _login_error(sb, user, password, database="postgres"):
    with pytest.raises(pg8000.native.DatabaseError) as err:
        _connect(sb, user, password, database)
    return err.value.args[0]


# ---------------------------------------------------------------------------------- Entra admins
@pytest.mark.parametrize("principal_type, object_type, token_first", [
    ("User", "user", False),
    ("ServicePrincipal", "service", True),      # a token minted before the PUT is remembered
    ("Group", "group", False),
])
def test_admin_put_makes_a_login_role(sb, principal_type, object_type, token_first):
    _server(sb)
    early = _token(sb, ADMIN_OID) if token_first else None
    _add_admin(sb, name="dba@contoso.com", principal_type=principal_type)
    flags = _one(sb, "SELECT rolcanlogin, rolcreaterole, rolcreatedb, rolsuper, "
                     "pg_has_role(oid, 'azure_pg_admin', 'MEMBER') FROM pg_roles WHERE rolname = :r",
                 r="dba@contoso.com")
    assert flags == [[True, True, True, False, True]]
    token = early or _token(sb, ADMIN_OID)
    conn = _connect(sb, "dba@contoso.com", token)
    assert conn.run("SELECT current_user, session_user") == [["dba@contoso.com", "dba@contoso.com"]]
    assert conn.run("SELECT rolname, principaltype, objectid, isadmin FROM pgaadauth_list_principals(true)") == [
        ["dba@contoso.com", object_type, ADMIN_OID, True]]
    conn.close()
    assert _login_error(sb, "dba@contoso.com", "not-the-token")["C"] == "28P01"
    assert _login_error(sb, "dba@contoso.com", _token(sb, APP_OID))["C"] == "28P01"     # another identity's
    newer = sb.issue_token(audience=sb.url + "/ossrdbms/.default", principal_id=ADMIN_OID, app_id="other-app")[0]
    assert _login_error(sb, "dba@contoso.com", token)["C"] == "28P01"                  # only the latest works
    _connect(sb, "dba@contoso.com", newer).close()


def _by_credential(sb):
    return sb.credential().get_token(sb.url + "/ossrdbms/.default").token


def _by_token_endpoint(sb):
    """What MSAL (az account get-access-token --resource-type oss-rdbms) asks the cloud's authority."""
    resp = requests.post(f"{sb.url}/{sb.tenant_id}/oauth2/v2.0/token", verify=sb.ca_bundle, timeout=30, data={
        "grant_type": "client_credentials", "client_id": sb.client_id, "client_secret": sb.client_secret,
        "scope": sb.url + "/ossrdbms/.default"})
    return resp.json()["access_token"]


@pytest.mark.parametrize("get_token", [_by_credential, _by_token_endpoint])
def test_the_signed_in_principal_as_admin_gets_its_password_from_any_token_source(sb, get_token):
    _server(sb)
    _add_admin(sb, oid=sb.principal_id, name="arm-sandbox-sp", principal_type="ServicePrincipal")
    conn = _connect(sb, "arm-sandbox-sp", get_token(sb))
    assert conn.run("SELECT current_user") == [["arm-sandbox-sp"]]
    conn.close()


def test_admin_put_refused_while_entra_auth_is_disabled(sb):
    server = _server(sb, auth={"activeDirectoryAuth": "Disabled", "passwordAuth": "Enabled"})
    resp = raw(sb, "PUT", f"{server}/administrators/{ADMIN_OID}", {"properties": {
        "principalType": "User", "principalName": "dba@contoso.com"}}, PG_API)
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["code"] == "AadAuthOperationCannotBePerformedWhenAadIsNotEnabled"
    assert sb.get_resource(f"{server}/administrators/{ADMIN_OID}") is None
    assert not sb.postgres_engine.started or "dba@contoso.com" not in sb.postgres_engine.roles()


def test_admin_makes_an_app_role_that_logs_in_with_its_own_token(sb):
    _server(sb)
    _pg(sb).databases.begin_create("rg", "pg1", "appdb", {"properties": {"charset": "UTF8"}}, **FAST).result()
    _add_admin(sb)
    early_app_token = _token(sb, APP_OID)                 # minted before its role exists: the shim applies it
    admin = _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID))
    made = admin.run("select * from pgaadauth_create_principal_with_oid('orders-app', :o, 'service', false, false)",
                     o=APP_OID)
    assert made == [['Created role for "orders-app"']]
    with pytest.raises(pg8000.native.DatabaseError) as err:
        admin.run("select * from pgaadauth_create_principal_with_oid('orders-app', :o, 'service', false, false)",
                  o=APP_OID)
    assert (err.value.args[0]["C"], err.value.args[0]["M"]) == ("42710", 'role "orders-app" already exists')
    admin.run('GRANT CONNECT, CREATE ON DATABASE appdb TO "orders-app"')
    admin.close()
    in_db = _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID), "appdb")
    in_db.run('GRANT USAGE, CREATE ON SCHEMA public TO "orders-app"')
    in_db.close()

    app = _connect(sb, "orders-app", early_app_token, "appdb")
    app.run("CREATE TABLE orders (id int)")
    assert app.run("SELECT current_user") == [["orders-app"]]
    app.close()
    app = _connect(sb, "orders-app", _token(sb, APP_OID))                           # the shim is in `postgres`
    with pytest.raises(pg8000.native.DatabaseError) as err:                       # not an admin
        app.run("select * from pgaadauth_create_principal_with_oid('x', :o, 'user', false, false)", o=ADMIN_OID)
    assert err.value.args[0]["C"] == "42501"
    app.close()
    assert _one(sb, "SELECT has_database_privilege('orders-app', 'appdb', 'CONNECT'), "
                    "has_database_privilege('orders-app', 'appdb', 'CREATE'), "
                    "has_database_privilege('orders-app', 'postgres', 'CREATE'), "
                    "pg_has_role('orders-app', 'azure_pg_admin', 'MEMBER')") == [[True, True, False, False]]
    assert _one(sb, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'", "appdb") == [["orders-app"]]
    assert _one(sb, "SELECT rolname, principaltype, objectid, isadmin FROM pgaadauth_list_principals(false)") == [
        ["dba@contoso.com", "user", ADMIN_OID, True], ["orders-app", "service", APP_OID, False]]
    assert _one(sb, "SELECT admin_option FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = 'orders-app' "
                    "AND u.rolname = 'dba@contoso.com'") == [[True]]


# ---------------------------------------------------------------------------------- deletes
def _admin_owns_a_table(sb):
    _server(sb)
    sb.put_resource(_server_id(sb, "pg1") + "/databases/appdb", {"properties": {}})
    _add_admin(sb)
    conn = _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID), "appdb")
    conn.run("CREATE TABLE audit (id int)")
    conn.close()


@pytest.mark.parametrize("deleted, roles, databases, audit_owner", [
    ("/administrators/" + ADMIN_OID, GROUPS, ["appdb"], [["azuresu"]]),              # its table is reassigned
    ("/databases/appdb", GROUPS[:2] + ["azure_pg_admin", "dba@contoso.com"], [], None),
    ("", GROUPS, [], None),                                                           # the whole server
])
def test_arm_delete_drops_what_the_engine_holds(sb, deleted, roles, databases, audit_owner):
    _admin_owns_a_table(sb)
    resp = raw(sb, "DELETE", _server_id(sb, "pg1") + deleted, None, PG_API)
    assert resp.status_code == 202, resp.text
    engine = sb.postgres_engine
    assert (engine.roles(), engine.databases()) == (roles, databases)
    if audit_owner:
        assert _one(sb, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit'", "appdb") == audit_owner


def test_a_name_two_servers_share_stays_until_the_last_goes(sb):
    for name in ("pg1", "pg2"):
        _server(sb, name)
        _add_admin(sb, name)
    _pg(sb).administrators_microsoft_entra.begin_delete("rg", "pg1", ADMIN_OID, **FAST).result()
    assert "dba@contoso.com" in sb.postgres_engine.roles()
    _pg(sb).administrators_microsoft_entra.begin_delete("rg", "pg2", ADMIN_OID, **FAST).result()
    assert "dba@contoso.com" not in sb.postgres_engine.roles()


# ---------------------------------------------------------------------------------- the firewall
def _rule(sb, server, name, start, end):
    resp = raw(sb, "PUT", f"{_server_id(sb, server)}/firewallRules/{name}", {"properties": {
        "startIpAddress": start, "endIpAddress": end}}, PG_API)
    assert resp.status_code == 202, resp.text                      # the ARM answer is unchanged


def _write(sb, method, path, body=None):
    resp = raw(sb, method, path, body, PG_API)
    assert resp.status_code == 202, resp.text


def _restored(sb):
    snap = sb.snapshot()
    sb.reset()
    sb.restore(snap)


FIREWALL_STEPS = {
    "no rule": [],
    "a rule for 127.0.0.1": [lambda sb: _rule(sb, "pg1", "me", "127.0.0.1", "127.0.0.1")],
    "a range covering 127.0.0.1": [lambda sb: _rule(sb, "pg1", "lan", "127.0.0.0", "127.255.255.255")],
    "a range not covering it": [lambda sb: _rule(sb, "pg1", "office", "10.0.0.1", "10.0.0.9")],
    "only AllowAllWindowsAzureIps": [lambda sb: _rule(sb, "pg1", "AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0")],
    "the rule deleted": [lambda sb: _rule(sb, "pg1", "me", "127.0.0.1", "127.0.0.1"),
                         lambda sb: _write(sb, "DELETE", _server_id(sb, "pg1") + "/firewallRules/me")],
    "public access disabled": [lambda sb: _rule(sb, "pg1", "me", "127.0.0.1", "127.0.0.1"),
                               lambda sb: _write(sb, "PATCH", _server_id(sb, "pg1"), {"properties": {
                                   "network": {"publicNetworkAccess": "Disabled"}}})],
    "public access enabled again": [lambda sb: _rule(sb, "pg1", "me", "127.0.0.1", "127.0.0.1"),
                                    lambda sb: _write(sb, "PATCH", _server_id(sb, "pg1"), {"properties": {
                                        "network": {"publicNetworkAccess": "Disabled"}}}),
                                    lambda sb: _write(sb, "PATCH", _server_id(sb, "pg1"), {"properties": {
                                        "network": {"publicNetworkAccess": "Enabled"}}})],
    "another server's rule (one engine)": [lambda sb: _server(sb, "pg2", firewall=False),
                                           lambda sb: _rule(sb, "pg2", "me", "127.0.0.1", "127.0.0.1")],
    "the ruled server deleted": [lambda sb: _server(sb, "pg2", firewall=False),
                                 lambda sb: _rule(sb, "pg2", "me", "127.0.0.1", "127.0.0.1"),
                                 lambda sb: _write(sb, "DELETE", _server_id(sb, "pg2"))],
    "a snapshot with the rule restored": [lambda sb: _rule(sb, "pg1", "me", "127.0.0.1", "127.0.0.1"), _restored],
}


@pytest.mark.parametrize("steps, admitted", [
    ("no rule", False),
    ("a rule for 127.0.0.1", True),
    ("a range covering 127.0.0.1", True),
    ("a range not covering it", False),
    ("only AllowAllWindowsAzureIps", False),           # Azure's services only, not a client
    ("the rule deleted", False),
    ("public access disabled", False),
    ("public access enabled again", True),
    ("another server's rule (one engine)", True),      # the engine cannot tell which server a client meant
    ("the ruled server deleted", False),
    ("a snapshot with the rule restored", True),
])
def test_the_engine_admits_only_what_a_firewall_rule_covers(sb, steps, admitted):
    _server(sb, firewall=False)
    _add_admin(sb)
    for step in FIREWALL_STEPS[steps]:
        step(sb)
    if admitted:
        conn = _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID))
        assert conn.run("SELECT current_user") == [["dba@contoso.com"]]
        conn.close()
    else:
        error = _login_error(sb, "dba@contoso.com", _token(sb, ADMIN_OID), "postgres")
        assert (error["S"], error["C"], error["M"]) == (
            "FATAL", "28000",
            'no pg_hba.conf entry for host "127.0.0.1", user "dba@contoso.com", database "postgres", no encryption')
    assert _one(sb, "SELECT 1") == [[1]]                # the sandbox's own superuser always gets in


def test_reset_refuses_again(sb):
    _server(sb)
    _add_admin(sb)
    _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID)).close()
    sb.reset()
    error = _login_error(sb, "dba@contoso.com", _token(sb, ADMIN_OID), "appdb")
    assert (error["C"], error["M"]) == (
        "28000", 'no pg_hba.conf entry for host "127.0.0.1", user "dba@contoso.com", database "appdb", no encryption')


# ---------------------------------------------------------------------------------- reset, lifecycle, env
def test_reset_empties_the_engine_without_restarting_it(sb):
    _admin_owns_a_table(sb)
    admin = _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID))
    admin.run("select * from pgaadauth_create_principal_with_oid('orders-app', :o, 'service', false, false)",
              o=APP_OID)
    admin.run("CREATE DATABASE scratch")
    stale = _token(sb, ADMIN_OID)
    pid = _one(sb, "SELECT pg_postmaster_start_time()")
    sb.reset()
    engine = sb.postgres_engine
    assert engine.started and _one(sb, "SELECT pg_postmaster_start_time()") == pid
    assert (engine.roles(), engine.databases()) == (GROUPS, [])
    assert _one(sb, "SELECT count(*) FROM pgaadauth.principals") == [[0]]
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    _server(sb)
    _add_admin(sb)           # a token issued before the reset still signs in (a client caches it, as in Azure)
    _connect(sb, "dba@contoso.com", stale).close()


def test_engine_starts_only_on_need_and_replays_the_store(tmp_path):
    with Sandbox(ttl=None, workdir=str(tmp_path)) as box:
        engine, gateway = box.postgres_engine, box.postgres_gateway
        # clients dial the single-server gateway (in front of the engine), on a port of its own chosen at start
        assert box.postgres_env() == {"PGHOSTADDR": "127.0.0.1", "PGPORT": str(gateway.port), "PGSSLMODE": "disable"}
        assert gateway.port != engine.port
        assert box.postgres_env().items() <= box.az_env(str(tmp_path / "az")).items()
        box.put_resource(f"/subscriptions/{box.subscription_id}/resourceGroups/rg", {"location": "eastus"})
        server = _server(box)
        box.put_resource(server + "/databases/appdb", {"properties": {}})
        _token(box, ADMIN_OID)
        box.reset()
        box.put_resource(f"/subscriptions/{box.subscription_id}/resourceGroups/rg", {"location": "eastus"})
        server = _server(box)
        box.put_resource(server + "/databases/appdb", {"properties": {}})
        assert not engine.started and not gateway.started and not os.path.exists(engine.datadir)   # ARM alone
        box.put_resource(f"{server}/administrators/{ADMIN_OID}", {"properties": {
            "principalType": "User", "principalName": "dba@contoso.com"}})
        assert engine.started and gateway.started
        assert (engine.roles(), engine.databases()) == (GROUPS + ["dba@contoso.com"], ["appdb"])
        pid = int(open(os.path.join(engine.datadir, "postmaster.pid"), encoding="utf-8").readline())
    assert not engine.started and not gateway.started
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


# ---------------------------------------------------------------------------------- spares
def test_a_database_no_client_touched_is_kept_aside_and_reused_and_a_touched_one_is_dropped(sb):
    """ARM's drop of a database no client session has touched keeps it aside (invisible, refusing connections)
    for the next create; once a client has been in, a drop is a real DROP and the next create starts empty."""
    server = _server(sb)
    sb.put_resource(server + "/databases/appdb", {"properties": {}})
    _add_admin(sb)
    engine = sb.postgres_engine
    sb.call("DELETE", server + "/databases/appdb")
    assert "appdb" not in engine.databases()
    assert _one(sb, "SELECT count(*) FROM pg_database WHERE starts_with(datname, 'arm_sandbox_spare_') "
                    "AND NOT datallowconn") == [[1]]
    sb.put_resource(server + "/databases/other", {"properties": {}})
    assert engine.databases() == ["other"]
    assert _one(sb, "SELECT count(*) FROM pg_database WHERE starts_with(datname, 'arm_sandbox_spare_')") == [[0]]
    assert _one(sb, "SELECT datallowconn, pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'other'") == [
        [True, "azure_pg_admin"]]

    conn = _connect(sb, "dba@contoso.com", _token(sb, ADMIN_OID), "other")
    conn.run("CREATE TABLE kept (id int)")
    conn.close()
    sb.call("DELETE", server + "/databases/other")
    assert _one(sb, "SELECT count(*) FROM pg_database WHERE starts_with(datname, 'arm_sandbox_spare_')") == [[0]]
    sb.put_resource(server + "/databases/other", {"properties": {}})
    assert _one(sb, "SELECT count(*) FROM pg_tables WHERE tablename = 'kept'", "other") == [[0]]
