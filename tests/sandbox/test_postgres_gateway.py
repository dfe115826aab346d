"""Azure Database for PostgreSQL single servers, passwordless: the administrators/activeDirectory resource, and the
gateway (arm_sandbox/engines/pg_gateway.py) that signs `<name>@<server>` in to the shared engine with Entra tokens.
Observable behaviour only: ARM answers, what a pg8000 client at `sb.postgres_env()` gets, the engine's catalogs."""
import re
import socket
import struct

import pg8000.native
import pytest
from azure.mgmt.rdbms.postgresql import PostgreSQLManagementClient as PgSingleClient

from arm_sandbox.core import Sandbox
from tests.sandbox.raw import raw

API = "2017-12-01"
FAST = {"polling_interval": 0.01}
ADMIN_OID = "44444444-4444-4444-8444-444444444444"
APP_OID = "55555555-5555-4555-8555-555555555555"
APP_CLIENT_ID = "66666666-6666-4666-8666-666666666666"
LOGIN = "dba@contoso.com"
UNKNOWN = ("The server name you tried cannot be found. Please check the Username and retry connection. "
           "The Username should be in <username@hostname> format.")
LOOPBACK_RULE = {"properties": {"startIpAddress": "127.0.0.1", "endIpAddress": "127.0.0.1"}}


@pytest.fixture
def sb(quick_lro):
    quick_lro.put_resource(f"/subscriptions/{quick_lro.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return quick_lro


def _server_id(sb, name="pgsingle", kind="servers"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/{kind}/{name}"


def _single(sb, name="pgsingle", firewall=True, database="appdb"):
    """A single server (with a database, and a rule admitting 127.0.0.1 unless told not to)."""
    server = _server_id(sb, name)
    sb.put_resource(server, {"location": "westus", "sku": {"name": "GP_Gen5_2"}, "properties": {
        "administratorLogin": "pgadmin", "administratorLoginPassword": "Sandbox-P4ssw0rd!", "createMode": "Default"}})
    if firewall:
        sb.put_resource(server + "/firewallRules/me", LOOPBACK_RULE)
    if database:
        sb.put_resource(server + "/databases/" + database, {"properties": {}})
    return server


def _admin_body(login=LOGIN, sid=ADMIN_OID, tenant=None, **overrides):
    props = {"administratorType": "ActiveDirectory", "login": login, "sid": sid,
             "tenantId": tenant or "72f988bf-0000-4000-8000-000000000001"}
    return {"properties": {**props, **overrides}}


def _add_admin(sb, server="pgsingle", login=LOGIN, sid=ADMIN_OID):
    sb.put_resource(_server_id(sb, server) + "/administrators/activeDirectory", _admin_body(login, sid))


def _token(sb, oid, app_id=None, audience=None):
    return sb.issue_token(audience=audience or sb.url + "/ossrdbms", principal_id=oid, app_id=app_id)[0]


def _connect(sb, user, password, database="appdb"):
    env = sb.postgres_env()
    return pg8000.native.Connection(user, host=env["PGHOSTADDR"], port=int(env["PGPORT"]), database=database,
                                    password=password, timeout=30)


def _error(sb, user, password, database="appdb"):
    with pytest.raises(pg8000.native.DatabaseError) as err:
        _connect(sb, user, password, database)
    return err.value.args[0]


def _su(sb, sql, database="postgres", **params):
    with sb.postgres_engine.superuser_connection(database) as conn:
        return conn.run(sql, **params)


def _as_admin(sb, database="appdb", server="pgsingle"):
    return _connect(sb, f"{LOGIN}@{server}", _token(sb, ADMIN_OID), database)


def _make_app_role(admin, role="aad_conn", client_id=APP_CLIENT_ID):
    """What passwordless set-up runs on a single server, as its Entra admin."""
    admin.run("SET aad_validate_oids_in_tenant = off")
    admin.run(f"CREATE ROLE \"{role}\" WITH LOGIN PASSWORD '{client_id}' IN ROLE azure_ad_user")
    for grant in ("ALL PRIVILEGES ON DATABASE appdb", "ALL ON SCHEMA public", "ALL ON ALL TABLES IN SCHEMA public",
                  "ALL ON ALL SEQUENCES IN SCHEMA public"):
        admin.run(f'GRANT {grant} TO "{role}"')


# ---------------------------------------------------------------------------------- ARM: administrators
def test_admin_put_get_list_delete_in_the_rdbms_shape(sb):
    server = _single(sb)
    resp = raw(sb, "PUT", server + "/Administrators/ActiveDirectory", _admin_body(), API)   # ARM is case-insensitive
    assert resp.status_code == 202, resp.text
    assert set(resp.json()) == {"operation", "startTime"}
    monitor = resp.headers["Azure-AsyncOperation"]
    assert "/providers/Microsoft.DBforPostgreSQL/locations/westus/azureAsyncOperation/" in monitor
    assert "/operationResults/" in resp.headers["Location"]
    assert [raw(sb, "GET", monitor).json()["status"] for _ in range(2)] == ["InProgress", "Succeeded"]
    expected = {"id": server + "/administrators/activeDirectory", "name": "activeDirectory",
                "type": "Microsoft.DBforPostgreSQL/servers/administrators",
                "properties": _admin_body()["properties"]}
    assert raw(sb, "GET", server + "/administrators/activeDirectory", None, API).json() == expected
    assert raw(sb, "GET", server + "/administrators", None, API).json()["value"] == [expected]
    assert LOGIN in sb.postgres_engine.roles()                        # the PUT started the engine and made the role
    assert raw(sb, "DELETE", server + "/administrators/activeDirectory", None, API).status_code == 202
    assert raw(sb, "GET", server + "/administrators/activeDirectory", None, API).status_code == 404
    assert raw(sb, "GET", server + "/administrators", None, API).json()["value"] == []
    assert raw(sb, "DELETE", server + "/administrators/activeDirectory", None, API).status_code == 204
    assert LOGIN not in sb.postgres_engine.roles()


def test_the_sdk_drives_the_admin_lro(sb):
    _single(sb)
    client = PgSingleClient(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle,
                            retry_total=0)
    made = client.server_administrators.begin_create_or_update("rg", "pgsingle", _admin_body(), **FAST).result()
    assert (made.name, made.login, str(made.sid), made.administrator_type) == (
        "activeDirectory", LOGIN, ADMIN_OID, "ActiveDirectory")
    assert [a.login for a in client.server_administrators.list("rg", "pgsingle")] == [LOGIN]
    client.server_administrators.begin_delete("rg", "pgsingle", **FAST).result()
    assert not list(client.server_administrators.list("rg", "pgsingle"))


@pytest.mark.parametrize("name, body", [
    ("someoneElse", _admin_body()),
    ("activeDirectory", _admin_body(administratorType="User")),
    ("activeDirectory", _admin_body(sid="not-a-guid")),
    ("activeDirectory", _admin_body(tenant="contoso")),
    ("activeDirectory", {"properties": {"administratorType": "ActiveDirectory", "login": LOGIN, "sid": ADMIN_OID}}),
    ("activeDirectory", {"properties": {"administratorType": "ActiveDirectory", "sid": ADMIN_OID,
                                        "tenantId": ADMIN_OID}}),
])
def test_admin_put_refuses_what_the_spec_does_not_allow(sb, name, body):
    server = _single(sb)
    resp = raw(sb, "PUT", f"{server}/administrators/{name}", body, API)
    assert resp.status_code == 400, resp.text
    assert resp.json()["error"]["code"] == "InvalidParameterValue"
    assert sb.call("GET", server + "/administrators").body["value"] == []


def test_admin_of_a_missing_server_is_a_404(sb):
    resp = raw(sb, "PUT", _server_id(sb, "ghost") + "/administrators/activeDirectory", _admin_body(), API)
    assert resp.status_code == 404 and resp.json()["error"]["code"] == "ResourceNotFound"


# ---------------------------------------------------------------------------------- sign-in through the gateway
def test_the_admin_makes_an_app_role_the_app_signs_in_to_with_its_token(sb):
    _single(sb)
    _add_admin(sb)
    admin = _as_admin(sb)
    assert admin.run("SELECT current_user, session_user") == [[LOGIN, LOGIN]]
    _make_app_role(admin)
    admin.close()

    app = _connect(sb, "aad_conn@pgsingle", _token(sb, APP_OID, app_id=APP_CLIENT_ID))
    assert app.run("SELECT current_user") == [["aad_conn"]]
    app.run("CREATE TABLE orders (id serial)")
    app.close()
    assert _su(sb, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'", "appdb") == [["aad_conn"]]
    assert _su(sb, "SELECT pg_has_role('aad_conn', 'azure_ad_user', 'MEMBER'), "
                   "pg_has_role('aad_conn', 'azure_ad_admin', 'MEMBER'), "
                   f"pg_has_role('{LOGIN}', 'azure_ad_admin', 'MEMBER')") == [[True, False, True]]


@pytest.mark.parametrize("user, password, who", [
    ("aad_conn@pgsingle", lambda sb: _token(sb, APP_OID, app_id="77777777-7777-4777-8777-777777777777"), "aad_conn"),
    ("aad_conn@pgsingle", lambda sb: APP_CLIENT_ID, "aad_conn"),                 # the client id is no password
    ("aad_conn@pgsingle", lambda sb: _token(sb, APP_OID, APP_CLIENT_ID, audience=sb.url + "/"), "aad_conn"),
    (f"{LOGIN}@pgsingle", lambda sb: _token(sb, APP_OID), LOGIN),                 # another identity's token
    (f"{LOGIN}@pgsingle", lambda sb: ADMIN_OID, LOGIN),                           # nor is the object id
    (f"{LOGIN}@pgsingle", lambda sb: _token(sb, ADMIN_OID)[:-4] + "AAAA", LOGIN),  # a forged signature
])
def test_a_token_not_of_that_identity_is_refused(sb, user, password, who):
    _single(sb)
    _add_admin(sb)
    with _as_admin(sb) as admin:
        _make_app_role(admin)
    error = _error(sb, user, password(sb))
    assert (error["S"], error["C"]) == ("FATAL", "28P01")
    assert error["M"] == f'password authentication failed for user "{who}"'


def test_a_password_role_signs_in_with_its_password(sb):
    _single(sb)
    _add_admin(sb)
    with _as_admin(sb) as admin:
        admin.run("CREATE ROLE reporting LOGIN PASSWORD 'S3cret-pw'")
    with _connect(sb, "reporting@pgsingle", "S3cret-pw") as conn:
        assert conn.run("SELECT current_user") == [["reporting"]]
    assert _error(sb, "reporting@pgsingle", "wrong")["C"] == "28P01"


def test_the_server_name_is_case_insensitive_and_an_unknown_one_is_refused(sb):
    _single(sb)
    _add_admin(sb)
    with _connect(sb, f"{LOGIN}@PGSingle", _token(sb, ADMIN_OID)) as conn:
        assert conn.run("SELECT current_user") == [[LOGIN]]
    for user in (f"{LOGIN}@nosuchserver", "aad_conn@nosuchserver"):
        error = _error(sb, user, _token(sb, ADMIN_OID))
        assert (error["S"], error["C"], error["M"]) == ("FATAL", "28000", UNKNOWN)


def test_the_single_servers_firewall_refuses_then_a_rule_admits(sb):
    server = _single(sb, firewall=False)
    _add_admin(sb)
    error = _error(sb, f"{LOGIN}@pgsingle", _token(sb, ADMIN_OID))
    assert (error["S"], error["C"]) == ("FATAL", "28000")
    assert error["M"] == f'no pg_hba.conf entry for host "127.0.0.1", user "{LOGIN}", database "appdb", SSL off'
    assert re.search(r'no pg_hba\.conf entry for host "([^"]+)"', error["M"]).group(1) == "127.0.0.1"
    sb.put_resource(server + "/firewallRules/azure", {"properties": {"startIpAddress": "0.0.0.0",
                                                                     "endIpAddress": "0.0.0.0"}})
    assert _error(sb, f"{LOGIN}@pgsingle", _token(sb, ADMIN_OID))["C"] == "28000"   # Azure's services only
    sb.put_resource(server + "/firewallRules/me", LOOPBACK_RULE)
    _as_admin(sb).close()
    resp = raw(sb, "PATCH", server, {"properties": {"publicNetworkAccess": "Disabled"}}, API)
    assert resp.status_code == 202, resp.text
    assert _error(sb, f"{LOGIN}@pgsingle", _token(sb, ADMIN_OID))["C"] == "28000"


def test_a_single_servers_rule_does_not_open_the_flexible_servers(sb):
    """Flexible traffic keeps the engine's own firewall (pg_hba.conf), which only flexible servers' rules open."""
    _single(sb)
    _add_admin(sb)
    flex = _server_id(sb, "pgflex", "flexibleServers")
    sb.put_resource(flex, {"location": "canadacentral", "properties": {
        "administratorLogin": "pgadmin", "administratorLoginPassword": "Sandbox-P4ssw0rd!", "version": "18",
        "authConfig": {"activeDirectoryAuth": "Enabled", "passwordAuth": "Enabled"}}})
    sb.put_resource(flex + "/administrators/" + APP_OID, {"properties": {"principalType": "User",
                                                                         "principalName": "flex@contoso.com"}})
    error = _error(sb, "flex@contoso.com", _token(sb, APP_OID), "postgres")
    assert error["M"].endswith('user "flex@contoso.com", database "postgres", no encryption')
    sb.put_resource(flex + "/firewallRules/me", LOOPBACK_RULE)
    with _connect(sb, "flex@contoso.com", _token(sb, APP_OID), "postgres") as conn:
        assert conn.run("SELECT current_user") == [["flex@contoso.com"]]
        with pytest.raises(pg8000.native.DatabaseError) as err:      # no rewrite outside single servers' sessions
            conn.run("SET aad_validate_oids_in_tenant = off")
        assert err.value.args[0]["C"] == "42704"


@pytest.mark.parametrize("simple", [False, True])
def test_aad_validate_oids_in_tenant_is_a_placeholder_setting(sb, simple):
    _single(sb)
    _add_admin(sb)
    with _as_admin(sb) as admin:
        run = admin.execute_simple if simple else admin.run      # Query or Parse message
        run("SET aad_validate_oids_in_tenant = off")
        assert admin.run("SHOW azure.aad_validate_oids_in_tenant") == [["off"]]
        assert admin.run("SHOW aad_validate_oids_in_tenant") == [["off"]]
        run("set session AAD_VALIDATE_OIDS_IN_TENANT to on")
        assert admin.run("SHOW azure.aad_validate_oids_in_tenant") == [["on"]]
        assert admin.run("SELECT 'aad_validate_oids_in_tenant'") == [["aad_validate_oids_in_tenant"]]


def test_delete_hands_the_app_roles_objects_to_the_admin(sb):
    _single(sb)
    _add_admin(sb)
    with _as_admin(sb) as admin:
        _make_app_role(admin)
    with _connect(sb, "aad_conn@pgsingle", _token(sb, APP_OID, app_id=APP_CLIENT_ID)) as app:
        app.run("CREATE TABLE orders (id int)")
    with _as_admin(sb) as admin:
        admin.run(f'GRANT "aad_conn" TO "{LOGIN}"')
        admin.run(f'REASSIGN OWNED BY "aad_conn" TO "{LOGIN}"')
        with pytest.raises(pg8000.native.DatabaseError) as err:      # PostgreSQL's: its privileges still depend on it
            admin.run('DROP ROLE "aad_conn"')
        assert err.value.args[0]["C"] == "2BP01"
        admin.run('DROP OWNED BY "aad_conn"')
        admin.run('DROP ROLE "aad_conn"')
    assert "aad_conn" not in sb.postgres_engine.roles()
    assert _su(sb, "SELECT tableowner FROM pg_tables WHERE tablename = 'orders'", "appdb") == [[LOGIN]]


# ---------------------------------------------------------------------------------- ARM writes reach the engine
def test_single_server_databases_and_admins_follow_arm(sb):
    server = _single(sb)
    _add_admin(sb)
    engine = sb.postgres_engine
    sb.put_resource(server + "/databases/second", {"properties": {}})
    assert engine.databases() == ["appdb", "second"]
    assert raw(sb, "DELETE", server + "/databases/second", None, API).status_code == 202
    assert engine.databases() == ["appdb"]
    sb.put_resource(server + "/administrators/activeDirectory", _admin_body(login="ops@contoso.com"))   # renamed
    assert "ops@contoso.com" in engine.roles() and LOGIN not in engine.roles()
    snap = sb.snapshot()
    sb.reset()
    sb.restore(snap)                                                  # replayed into the emptied engine
    assert engine.databases() == ["appdb"] and "ops@contoso.com" in engine.roles()
    assert raw(sb, "DELETE", server, None, API).status_code == 202
    assert engine.databases() == [] and "ops@contoso.com" not in engine.roles()


def test_a_name_a_flexible_and_a_single_server_share_stays_until_the_last_goes(sb):
    single = _single(sb)
    _add_admin(sb)
    flex = _server_id(sb, "pgflex", "flexibleServers")
    sb.put_resource(flex, {"location": "canadacentral", "properties": {
        "administratorLogin": "pgadmin", "administratorLoginPassword": "Sandbox-P4ssw0rd!", "version": "18"}})
    sb.put_resource(flex + "/databases/appdb", {"properties": {}})
    assert raw(sb, "DELETE", single + "/databases/appdb", None, API).status_code == 202
    assert sb.postgres_engine.databases() == ["appdb"]                # the flexible server's still
    assert raw(sb, "DELETE", flex + "/databases/appdb", None, "2026-04-01-preview").status_code == 202
    assert sb.postgres_engine.databases() == []


# ---------------------------------------------------------------------------------- the gateway itself
def _raw_socket(sb):
    env = sb.postgres_env()
    return socket.create_connection((env["PGHOSTADDR"], int(env["PGPORT"])), timeout=10)


def test_ssl_and_gss_requests_are_declined_and_early_closes_are_harmless(sb):
    _single(sb)
    _add_admin(sb)
    for code in (80877103, 80877104):                                  # SSLRequest, GSSENCRequest
        with _raw_socket(sb) as sock:
            sock.sendall(struct.pack("!ii", 8, code))
            assert sock.recv(1) == b"N"
    _raw_socket(sb).close()                                            # gone before a startup message
    with _raw_socket(sb) as sock:                                      # gone while asked for its password
        body = struct.pack("!i", 196608) + f"user\0{LOGIN}@pgsingle\0database\0appdb\0\0".encode()
        sock.sendall(struct.pack("!i", len(body) + 4) + body)
        assert sock.recv(9)[:1] == b"R"
    _as_admin(sb).close()                                              # the gateway still serves


def test_stop_ends_the_gateway_and_its_sessions(tmp_path):
    with Sandbox(ttl=None, workdir=str(tmp_path)) as box:
        box.put_resource(f"/subscriptions/{box.subscription_id}/resourceGroups/rg", {"location": "eastus"})
        _single(box)
        _add_admin(box)
        gateway = box.postgres_gateway
        admin = _as_admin(box)
        idle = _raw_socket(box)
    assert not gateway.started and not gateway._threads and not gateway._sockets  # pylint: disable=protected-access
    assert idle.recv(1) == b""                                         # the gateway closed its side
    idle.close()
    with pytest.raises(Exception):
        admin.run("SELECT 1")
    with pytest.raises(OSError):
        _raw_socket(box)
