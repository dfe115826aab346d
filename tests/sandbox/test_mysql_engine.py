"""The sandbox's MySQL imitation engine behind its MySQL flexible servers: the Entra admin PUT through ARM signs in
with its token over TLS (mysql_clear_password), makes an AAD user for an app's client id and grants it a
database; the app signs in with its own token. PyMySQL is the client, as it will be the extension's."""
import socket
import ssl
import time

import pymysql
import pytest
from azure.mgmt.mysqlflexibleservers import MySQLManagementClient as MySQLFlexClient
from pymysql.constants import CLIENT

from arm_sandbox import tokens
from arm_sandbox.core import Sandbox
from arm_sandbox.engines.mysql import split_statements
from tests.sandbox.raw import raw

FAST = {"polling_interval": 0.01}
MY_API = "2023-12-30"
ADMIN_OID = "44444444-4444-4444-8444-444444444444"
APP_OID = "55555555-5555-4555-8555-555555555555"
APP_CLIENT_ID = "66666666-6666-4666-8666-666666666666"
SETUP = ["SET aad_auth_validate_oids_in_tenant = OFF",
         "DROP USER IF EXISTS 'aad_conn'@'%'",
         f"CREATE AADUSER 'aad_conn' IDENTIFIED BY '{APP_CLIENT_ID}'",
         "GRANT ALL PRIVILEGES ON `appdb`.* TO 'aad_conn'@'%'",
         "FLUSH PRIVILEGES"]


@pytest.fixture
def sb(quick_lro):
    quick_lro.put_resource(f"/subscriptions/{quick_lro.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return quick_lro


def _server_id(sb, name="my1"):
    return (f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.DBforMySQL/"
            f"flexibleServers/{name}")


def _uai(sb):
    return sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/"
                           "Microsoft.ManagedIdentity/userAssignedIdentities/my-uai", {"location": "eastus"})["id"]


def _server(sb, name="my1", databases=("appdb", "otherdb"), firewall=True):
    """A server with a user-assigned identity (the admin needs it) and databases, through the ARM routes; with
    `firewall`, a rule admitting 127.0.0.1, without which the engine refuses these tests' clients, as Azure's
    firewall would."""
    uai = _uai(sb)
    sb.put_resource(_server_id(sb, name), {
        "location": "eastus", "sku": {"name": "Standard_B1ms", "tier": "Burstable"},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {uai: {}}},
        "properties": {"administratorLogin": "myadmin", "administratorLoginPassword": "Sandbox-P4ssw0rd!",
                       "version": "8.0.21"}})
    if firewall:
        sb.put_resource(_server_id(sb, name) + "/firewallRules/sandbox-client", {"properties": {
            "startIpAddress": "127.0.0.1", "endIpAddress": "127.0.0.1"}})
    for db in databases:
        sb.put_resource(f"{_server_id(sb, name)}/databases/{db}", {"properties": {"charset": "utf8mb4"}})
    return uai


def _add_admin(sb, name="my1", login="dba@contoso.com", sid=ADMIN_OID):
    """As az does: the SDK's PUT of administrators/ActiveDirectory."""
    client = MySQLFlexClient(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle,
                             retry_total=0)
    return client.azure_ad_administrators.begin_create_or_update("rg", name, "ActiveDirectory", {"properties": {
        "administratorType": "ActiveDirectory", "identityResourceId": _uai(sb), "login": login, "sid": sid,
        "tenantId": sb.tenant_id}}, **FAST).result()


def _token(sb, oid=ADMIN_OID, app_id=None, audience=None):
    return sb.issue_token(audience=audience or sb.url + "/ossrdbms", principal_id=oid, app_id=app_id)[0]


def _connect(sb, user, password, database=None, **kwargs):
    """PyMySQL at MYSQL_HOST/MYSQL_TCP_PORT, TLS checked against the sandbox CA. Dialling an address, it names no
    server (no SNI): the engine admits it only where every flexible server's firewall would."""
    env = sb.mysql_env()
    return pymysql.connect(host=env["MYSQL_HOST"], port=int(env["MYSQL_TCP_PORT"]), user=user, password=password,
                           database=database, ssl={"ca": sb.ca_bundle}, connect_timeout=10, read_timeout=10,
                           **kwargs)


def _connect_to(sb, server, user, password):
    """As the extension does: the server's name for TLS (SNI, certificate), the socket to MYSQL_HOST/TCP_PORT."""
    env = sb.mysql_env()
    sock = socket.create_connection((env["MYSQL_HOST"], int(env["MYSQL_TCP_PORT"])), 10)
    conn = pymysql.connect(host=f"{server}.mysql.database.azure.com", port=int(env["MYSQL_TCP_PORT"]), user=user,
                           password=password, ssl=ssl.create_default_context(cafile=sb.ca_bundle),
                           connect_timeout=10, read_timeout=10, defer_connect=True)
    try:
        conn.connect(sock)
    except BaseException:
        sock.close()
        raise
    return conn


def _error(call, *args, **kwargs):
    with pytest.raises(pymysql.MySQLError) as err:
        call(*args, **kwargs)
    return err.value.args


def _run(conn, *statements):
    with conn.cursor() as cur:
        for statement in statements:
            cur.execute(statement)
        return cur.fetchall()


def _admin_sets_up_the_app(sb):
    _server(sb)
    _add_admin(sb)
    with _connect(sb, "dba@contoso.com", _token(sb), client_flag=CLIENT.MULTI_STATEMENTS) as admin:
        with admin.cursor() as cur:
            cur.execute(";\n".join(SETUP) + ";")       # one COM_QUERY, as a script would send it
            while cur.nextset():
                pass


def _app_token(sb):
    return _token(sb, oid=APP_OID, app_id=APP_CLIENT_ID)


# ---------------------------------------------------------------------------------- the passwordless flow
def test_admin_put_through_arm_then_the_admin_makes_the_app_user(sb):
    _server(sb)
    assert not sb.mysql_engine.started or sb.mysql_engine.admins() == {}
    made = _add_admin(sb)
    assert (made.login, made.sid) == ("dba@contoso.com", ADMIN_OID)             # the ARM answer is unchanged
    engine = sb.mysql_engine
    assert engine.started and engine.admins() == {"dba@contoso.com": ADMIN_OID}
    assert engine.databases() == ["appdb", "otherdb"]                           # system databases are not mirrored
    with _connect(sb, "dba@contoso.com", _token(sb)) as admin:
        for statement in SETUP:                                                # one statement per COM_QUERY
            _run(admin, statement)
        assert _run(admin, "SELECT CURRENT_USER()") == (("dba@contoso.com@%",),)
        assert _run(admin, "SELECT User FROM mysql.user WHERE User = 'aad_conn'") == (("aad_conn",),)
        assert _run(admin, "SELECT User FROM mysql.user WHERE User = 'nobody'") == ()
        assert _run(admin, "SHOW GRANTS FOR 'aad_conn'@'%'") == (
            ("GRANT USAGE ON *.* TO `aad_conn`@`%`",), ("GRANT ALL PRIVILEGES ON `appdb`.* TO `aad_conn`@`%`",))
        assert _error(_run, admin, f"CREATE AADUSER 'aad_conn' IDENTIFIED BY '{APP_CLIENT_ID}'") == (
            1396, "Operation CREATE USER failed for 'aad_conn'@'%'")
    assert engine.users() == {"aad_conn": APP_CLIENT_ID} and engine.grants("aad_conn") == {"appdb"}


def test_the_setup_script_in_one_packet(sb):
    _admin_sets_up_the_app(sb)
    assert sb.mysql_engine.users() == {"aad_conn": APP_CLIENT_ID}
    assert sb.mysql_engine.grants("aad_conn") == {"appdb"}
    _admin_sets_up_the_app(sb)                     # run again: DROP USER IF EXISTS makes it repeatable
    assert sb.mysql_engine.users() == {"aad_conn": APP_CLIENT_ID}


def test_the_app_signs_in_with_its_own_token_and_uses_only_its_database(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, "aad_conn", _app_token(sb), "appdb") as app:
        assert _run(app, "SELECT CURRENT_USER()") == (("aad_conn@%",),)
        assert _run(app, "SELECT USER()") == (("aad_conn@127.0.0.1",),)
        assert _run(app, "SELECT 1") == ((1,),)
        _run(app, "USE appdb")
        app.select_db("appdb")                                                   # COM_INIT_DB
        app.ping(reconnect=False)
        app.commit()
        assert _error(_run, app, "USE otherdb") == (1044, "Access denied for user 'aad_conn'@'%' to database 'otherdb'")
        assert _error(app.select_db, "mysql")[0] == 1044
        for own in ("SHOW GRANTS", "SHOW GRANTS FOR CURRENT_USER", "SHOW GRANTS FOR CURRENT_USER()"):
            assert _run(app, own) == (("GRANT USAGE ON *.* TO `aad_conn`@`%`",),
                                      ("GRANT ALL PRIVILEGES ON `appdb`.* TO `aad_conn`@`%`",))
    assert _error(_connect, sb, "aad_conn", _app_token(sb), "otherdb")[0] == 1044   # at sign-in too
    # The user was made with the client id: a token whose oid is it (no appid match) is the same identity.
    _connect(sb, "aad_conn", _token(sb, oid=APP_CLIENT_ID, app_id="another-app")).close()


def _expired(sb):
    return tokens.issue({"aud": sb.url + "/ossrdbms", "oid": ADMIN_OID, "appid": sb.client_id}, lifetime=-60)[0]


@pytest.mark.parametrize("user, password", [
    ("dba@contoso.com", lambda sb: "not-a-token"),
    ("dba@contoso.com", lambda sb: _token(sb)[:-4] + "AAAA"),                            # signature broken
    ("dba@contoso.com", lambda sb: _token(sb, audience="https://management.core.windows.net/")),  # ARM's audience
    ("dba@contoso.com", _expired),
    ("dba@contoso.com", lambda sb: _token(sb, oid=APP_OID)),                            # another identity's
    ("aad_conn", lambda sb: _token(sb, oid=APP_OID, app_id="not-the-client-id")),
    ("aad_conn", lambda sb: _token(sb)),                                                # the admin's token
    ("nobody", lambda sb: _app_token(sb)),
])
def test_a_wrong_token_is_refused(sb, user, password):
    _admin_sets_up_the_app(sb)
    assert _error(_connect, sb, user, password(sb)) == (
        1045, f"Access denied for user '{user}'@'127.0.0.1' (using password: YES)")


def test_a_sign_in_without_tls_is_refused(sb):
    _admin_sets_up_the_app(sb)
    env = sb.mysql_env()
    code, message = _error(pymysql.connect, host=env["MYSQL_HOST"], port=int(env["MYSQL_TCP_PORT"]), user="aad_conn",
                           password=_app_token(sb), ssl_disabled=True, connect_timeout=10)
    assert code == 3159 and "insecure transport" in message


def test_the_engine_certificate_is_checked_against_the_host(sb):
    """Valid for 127.0.0.1 (the host dialled); a client trusting another CA refuses it."""
    _admin_sets_up_the_app(sb)
    env = sb.mysql_env()
    conn = pymysql.connect(host=env["MYSQL_HOST"], port=int(env["MYSQL_TCP_PORT"]), user="aad_conn",
                           password=_app_token(sb), ssl_ca=sb.ca_bundle, ssl_verify_identity=True)
    assert _run(conn, "SELECT 1") == ((1,),)
    conn.close()
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host=env["MYSQL_HOST"], port=int(env["MYSQL_TCP_PORT"]), user="aad_conn",
                        password=_app_token(sb), ssl={"ca": sb.ca_cert.replace("ca.pem", "server.pem")})


@pytest.mark.parametrize("statement, code", [
    ("CREATE AADUSER 'intruder' IDENTIFIED BY 'x'", 1227),
    ("DROP USER 'aad_conn'@'%'", 1227),
    ("GRANT ALL PRIVILEGES ON `otherdb`.* TO 'aad_conn'@'%'", 1044),
    ("REVOKE ALL PRIVILEGES ON `appdb`.* FROM 'aad_conn'@'%'", 1044),
    ("FLUSH PRIVILEGES", 1227),
    ("SELECT User FROM mysql.user WHERE User = 'aad_conn'", 1142),
    ("SHOW GRANTS FOR 'dba@contoso.com'@'%'", 1044),
])
def test_an_aad_user_is_not_an_admin(sb, statement, code):
    _admin_sets_up_the_app(sb)
    with _connect(sb, "aad_conn", _app_token(sb)) as app:
        assert _error(_run, app, statement)[0] == code
    assert sb.mysql_engine.users() == {"aad_conn": APP_CLIENT_ID} and sb.mysql_engine.grants("aad_conn") == {"appdb"}


def test_drop_user_and_revoke(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, "dba@contoso.com", _token(sb)) as admin:
        _run(admin, "REVOKE ALL PRIVILEGES ON `appdb`.* FROM 'aad_conn'@'%'")
        assert sb.mysql_engine.grants("aad_conn") == set()
        assert _error(_connect, sb, "aad_conn", _app_token(sb), "appdb")[0] == 1044
        assert _error(_run, admin, "REVOKE ALL PRIVILEGES ON `appdb`.* FROM 'aad_conn'@'%'")[0] == 1141
        _run(admin, "DROP USER 'aad_conn'@'%'")
        assert _error(_run, admin, "DROP USER 'aad_conn'@'%'") == (
            1396, "Operation DROP USER failed for 'aad_conn'@'%'")
        assert _error(_run, admin, "GRANT ALL ON appdb.* TO aad_conn")[0] == 1410      # no user, no grant
        assert _error(_run, admin, "DROP USER 'dba@contoso.com'@'%'")[0] == 1227      # ARM owns the admin
    assert sb.mysql_engine.users() == {}
    assert _error(_connect, sb, "aad_conn", _app_token(sb))[0] == 1045


def test_a_malformed_handshake_is_answered_not_hung(sb):
    env = sb.mysql_env()
    sb.mysql_engine.ensure_started()
    with socket.create_connection((env["MYSQL_HOST"], int(env["MYSQL_TCP_PORT"])), timeout=10) as sock:
        sock.recv(4096)                                                        # the greeting
        sock.sendall(b"\x05\x00\x00\x01short")                                # a 5-byte HandshakeResponse
        answer = sock.recv(4096)
    assert answer[4] == 0xff and int.from_bytes(answer[5:7], "little") == 1835


@pytest.mark.parametrize("statement", [
    "CREATE TABLE orders (id int)",
    "SELECT * FROM orders",
    "CREATE USER 'plain'@'%' IDENTIFIED BY 'secret'",
    "GRANT SELECT ON `appdb`.* TO 'aad_conn'@'%'",
    "GRANT ALL PRIVILEGES ON *.* TO 'aad_conn'@'%'",
])
def test_unsupported_sql_is_a_syntax_error_naming_it(sb, statement):
    _admin_sets_up_the_app(sb)
    with _connect(sb, "dba@contoso.com", _token(sb)) as admin:
        code, message = _error(_run, admin, statement)
    assert code == 1064 and statement[:40] in message


def test_an_error_stops_a_multi_statement_packet(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, "dba@contoso.com", _token(sb), client_flag=CLIENT.MULTI_STATEMENTS) as admin:
        with admin.cursor() as cur:
            cur.execute("DROP USER 'aad_conn'@'%'; CREATE TABLE t (id int); CREATE AADUSER 'late' IDENTIFIED BY 'x'")
            with pytest.raises(pymysql.err.ProgrammingError):
                while cur.nextset():
                    pass
    assert sb.mysql_engine.users() == {}                # the first ran, the third never did
    with _connect(sb, "dba@contoso.com", _token(sb)) as admin:   # without CLIENT_MULTI_STATEMENTS: MySQL's 1064
        assert _error(_run, admin, "SELECT 1; SELECT 1")[0] == 1064


@pytest.mark.parametrize("text, statements", [
    ("SELECT 1", ["SELECT 1"]),
    ("SELECT 1;", ["SELECT 1"]),
    ("CREATE AADUSER 'a;b' IDENTIFIED BY 'x'; FLUSH PRIVILEGES", ["CREATE AADUSER 'a;b' IDENTIFIED BY 'x'",
                                                                  "FLUSH PRIVILEGES"]),
    ("SET @x = 'it\\'s;'; SELECT 1", ["SET @x = 'it\\'s;'", "SELECT 1"]),
    (" ; ;", []),
])
def test_split_statements(text, statements):
    assert split_statements(text) == statements


# ---------------------------------------------------------------------------------- the firewall
REFUSED = (9000, "Client with IP address '127.0.0.1' is not allowed to connect to this MySQL server.")


def _write(sb, method, path, body=None):
    resp = raw(sb, method, path, body, MY_API)
    assert resp.status_code == 202, resp.text                      # the ARM answer is unchanged


def _rule(name, start, end, server="my1"):
    return lambda sb: _write(sb, "PUT", f"{_server_id(sb, server)}/firewallRules/{name}", {"properties": {
        "startIpAddress": start, "endIpAddress": end}})


def _public(access):
    return lambda sb: _write(sb, "PATCH", _server_id(sb), {"properties": {"network": {"publicNetworkAccess": access}}})


def _restored(sb):
    snap = sb.snapshot()
    sb.reset()
    sb.restore(snap)


def _other_server(ruled):
    def make(sb):
        _server(sb, "my2", databases=(), firewall=False)
        if ruled:
            _rule("me", "127.0.0.1", "127.0.0.1", "my2")(sb)
    return make


@pytest.mark.parametrize("steps, server, admitted", [
    ([], "my1", False),
    ([_rule("me", "127.0.0.1", "127.0.0.1")], "my1", True),
    ([_rule("lan", "127.0.0.0", "127.255.255.255")], "MY1", True),                  # DNS names are case-blind
    ([_rule("office", "10.0.0.1", "10.0.0.9")], "my1", False),
    ([_rule("AllowAllWindowsAzureIps", "0.0.0.0", "0.0.0.0")], "my1", False),       # Azure's services only
    ([_rule("me", "127.0.0.1", "127.0.0.1"),
      lambda sb: _write(sb, "DELETE", _server_id(sb) + "/firewallRules/me")], "my1", False),
    ([_rule("me", "127.0.0.1", "127.0.0.1"), _public("Disabled")], "my1", False),
    ([_rule("me", "127.0.0.1", "127.0.0.1"), _public("Disabled"), _public("Enabled")], "my1", True),
    ([_rule("me", "127.0.0.1", "127.0.0.1"), _restored], "my1", True),
    ([_other_server(ruled=True)], "my1", False),            # another server's rule: not this one's (SNI names it)
    ([_rule("me", "127.0.0.1", "127.0.0.1"), _other_server(ruled=False)], "my1", True),
    ([_rule("me", "127.0.0.1", "127.0.0.1")], "nosuchserver", False),
    # Dialled by address (no SNI): admitted only where every server would.
    ([_rule("me", "127.0.0.1", "127.0.0.1")], None, True),
    ([_rule("me", "127.0.0.1", "127.0.0.1"), _other_server(ruled=False)], None, False),
    ([_rule("me", "127.0.0.1", "127.0.0.1"), _other_server(ruled=True)], None, True),
])
def test_the_firewall_of_the_server_named_admits_or_refuses(sb, steps, server, admitted):
    _server(sb, firewall=False)
    _add_admin(sb)
    for step in steps:
        step(sb)
    sign_in = (lambda: _connect(sb, "dba@contoso.com", _token(sb))) if server is None else \
        (lambda: _connect_to(sb, server, "dba@contoso.com", _token(sb)))
    if admitted:
        with sign_in() as admin:
            assert _run(admin, "SELECT CURRENT_USER()") == (("dba@contoso.com@%",),)
    else:
        assert _error(sign_in) == REFUSED


def test_the_firewall_comes_before_the_sign_in_and_reset_refuses_again(sb):
    _server(sb)
    _add_admin(sb)
    with pytest.raises(pymysql.err.OperationalError) as err:       # a wrong token: past the firewall, then refused
        _connect_to(sb, "my1", "dba@contoso.com", "not-a-token")
    assert err.value.args[0] == 1045
    _connect_to(sb, "my1", "dba@contoso.com", _token(sb)).close()
    sb.reset()
    assert _error(_connect_to, sb, "my1", "dba@contoso.com", "not-a-token") == REFUSED
    env = sb.mysql_env()
    assert _error(pymysql.connect, host=env["MYSQL_HOST"], port=int(env["MYSQL_TCP_PORT"]), user="dba@contoso.com",
                  password="x", ssl_disabled=True, connect_timeout=10) == REFUSED    # without TLS too


# ---------------------------------------------------------------------------------- ARM keeps it in step
@pytest.mark.parametrize("deleted, admins, databases", [
    ("/administrators/ActiveDirectory", {}, ["appdb", "otherdb"]),
    ("/databases/otherdb", {"dba@contoso.com": ADMIN_OID}, ["appdb"]),
    ("", {}, []),                                                                # the whole server
])
def test_arm_delete_reaches_the_engine(sb, deleted, admins, databases):
    _server(sb)
    _add_admin(sb)
    resp = raw(sb, "DELETE", _server_id(sb) + deleted, None, MY_API)
    assert resp.status_code == 202, resp.text
    assert (sb.mysql_engine.admins(), sb.mysql_engine.databases()) == (admins, databases)


def test_a_name_two_servers_share_stays_until_the_last_goes(sb):
    for name in ("my1", "my2"):
        _server(sb, name, databases=("appdb",))
        _add_admin(sb, name)
    raw(sb, "DELETE", _server_id(sb, "my1"), None, MY_API)
    assert sb.mysql_engine.admins() == {"dba@contoso.com": ADMIN_OID} and sb.mysql_engine.databases() == ["appdb"]
    raw(sb, "DELETE", _server_id(sb, "my2"), None, MY_API)
    assert sb.mysql_engine.admins() == {} and sb.mysql_engine.databases() == []


def test_a_new_admin_login_replaces_the_old(sb):
    _server(sb)
    _add_admin(sb)
    _add_admin(sb, login="ops-group", sid=APP_OID)
    assert sb.mysql_engine.admins() == {"ops-group": APP_OID}
    _connect(sb, "ops-group", _token(sb, oid=APP_OID)).close()
    assert _error(_connect, sb, "dba@contoso.com", _token(sb))[0] == 1045


def test_reset_empties_and_restore_resyncs(sb):
    _admin_sets_up_the_app(sb)
    snap = sb.snapshot()
    engine = sb.mysql_engine
    sb.reset()
    assert engine.started and (engine.admins(), engine.users(), engine.databases()) == ({}, {}, [])
    assert engine.grants("aad_conn") == set()
    assert _error(_connect, sb, "dba@contoso.com", _token(sb)) == REFUSED     # no server, so no rule: the firewall
    sb.restore(snap)
    assert engine.admins() == {"dba@contoso.com": ADMIN_OID} and engine.databases() == ["appdb", "otherdb"]
    assert engine.users() == {}                 # made inside the engine: ARM never knew it (as with PostgreSQL)
    _connect(sb, "dba@contoso.com", _token(sb), "appdb").close()


def test_engine_starts_only_on_need_replays_the_store_and_stops(tmp_path):
    with Sandbox(ttl=None, workdir=str(tmp_path)) as box:
        engine = box.mysql_engine
        assert box.mysql_env() == {"MYSQL_HOST": "127.0.0.1", "MYSQL_TCP_PORT": str(engine.port)}
        assert box.mysql_env().items() <= box.az_env(str(tmp_path / "az")).items()
        box.put_resource(f"/subscriptions/{box.subscription_id}/resourceGroups/rg", {"location": "eastus"})
        _server(box)
        assert not engine.started                                              # ARM alone never needs it
        box.put_resource(_server_id(box) + "/administrators/ActiveDirectory", {"properties": {
            "administratorType": "ActiveDirectory", "login": "dba@contoso.com", "sid": ADMIN_OID}})
        assert engine.started                                                  # the admin PUT started it
        box.mysql_engine.stop()
        assert not engine.started
        engine.ensure_started()                                                # a start takes the store
        assert engine.admins() == {"dba@contoso.com": ADMIN_OID} and engine.databases() == ["appdb", "otherdb"]
        conn = _connect(box, "dba@contoso.com", _token(box))
    assert not engine.started
    deadline = time.time() + 5
    with pytest.raises(pymysql.err.OperationalError):                          # its session ended with it
        while time.time() < deadline:
            _run(conn, "SELECT 1")
            time.sleep(0.05)
