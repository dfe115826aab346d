"""The sandbox's SQL Server imitation engine (TDS) behind its Microsoft.Sql servers: the Entra admin PUT through ARM
signs in with its token, makes a database user for an app's client id and puts it in roles; the app signs in with
its own token. python-tds (pytds) is the client, as it will be the extension's."""
import socket
import uuid

import pytds
import pytest
from azure.mgmt.sql import SqlManagementClient
from azure.mgmt.sql.models import Database, FirewallRule, Server, ServerAzureADAdministrator

from arm_sandbox.engines.sqlserver import app_sid, split_statements

FAST = {"polling_interval": 0.01}
AUDIENCE = "https://database.windows.net/"
ADMIN_OID = "44444444-4444-4444-8444-444444444444"
APP_OID = "55555555-5555-4555-8555-555555555555"
APP_CLIENT_ID = "66666666-6666-4666-8666-666666666666"
APP_SID = uuid.UUID(APP_CLIENT_ID).bytes_le.hex()
ROLES = ("db_datareader", "db_datawriter", "db_ddladmin")
FIREWALL_TEXT = "Client with IP address '127.0.0.1' is not allowed to access the server"


@pytest.fixture
def sb(quick_lro):
    quick_lro.put_resource(f"/subscriptions/{quick_lro.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return quick_lro


def _client(sb):
    return SqlManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle,
                               retry_total=0)


def _server(sb, name="sql1", databases=("appdb", "otherdb"), firewall=True, admin=True):
    """A server, its databases, a firewall rule for 127.0.0.1 (without which the engine refuses these tests'
    clients, as Azure's firewall would) and the Entra admin, all through the SDK, as az does."""
    sql = _client(sb)
    server = Server(location="eastus", administrator_login="sqladmin", administrator_login_password="Sandbox-Pa55word!")
    sql.servers.begin_create_or_update("rg", name, server, **FAST).result()
    for db in databases:
        sql.databases.begin_create_or_update("rg", name, db, Database(location="eastus"), **FAST).result()
    if firewall:
        sql.firewall_rules.create_or_update("rg", name, "sandbox-client", FirewallRule(
            start_ip_address="127.0.0.1", end_ip_address="127.0.0.1"))
    if admin:
        sql.server_azure_ad_administrators.begin_create_or_update(
            "rg", name, "ActiveDirectory", ServerAzureADAdministrator(
                administrator_type="ActiveDirectory", login="dba@contoso.com", sid=ADMIN_OID,
                tenant_id=sb.tenant_id), **FAST).result()
    return sql


def _token(sb, oid=ADMIN_OID, app_id=None, audience=AUDIENCE):
    return sb.issue_token(audience=audience, principal_id=oid, app_id=app_id)[0]


def _connect(sb, token, database="master", server="sql1", login_timeout=10):
    """As the extension does: the socket to the address SQLCMDSERVER names, the server's name as pytds's `dsn` (it goes into
    LOGIN7's ServerName and TLS SNI). validate_host=False: pytds 1.17.1 checks a SAN through X509.get_extension,
    which pyOpenSSL 26 no longer has; the chain is still verified against the sandbox CA (cafile).
    disable_connect_retry: pytds would retry a refusal other than 18456's on the socket it has just closed."""
    host, port = sb.sqlserver_address()
    sock = socket.create_connection((host, port), 10)
    try:
        return pytds.connect(dsn=f"{server}.database.windows.net", port=port,
                             database=database, cafile=sb.ca_bundle, validate_host=False,
                             access_token_callable=lambda: token, sock=sock, autocommit=True, timeout=10,
                             login_timeout=login_timeout, disable_connect_retry=True)
    except BaseException:
        sock.close()
        raise


def _run(conn, statement):
    with conn.cursor() as cur:
        cur.execute(statement)
        return cur.fetchall() if cur.description else None


def _error(call, *args, **kwargs):
    with pytest.raises(pytds.Error) as err:
        call(*args, **kwargs)
    return err.value.msg_no, err.value.text


def _login_error(sb, token, **kwargs):
    """(number, text) of a refused login. pytds raises 18456 at once; any other refusal it answers, after
    login_timeout, with TimeoutError raised from the server's error."""
    try:
        _connect(sb, token, login_timeout=0.5, **kwargs).close()
    except TimeoutError as timeout:
        error = timeout.__cause__
    except pytds.Error as refused:
        error = refused
    else:
        pytest.fail("the login succeeded")
    assert isinstance(error, pytds.Error), repr(error)
    return error.msg_no, error.text


def _admin_sets_up_the_app(sb):
    _server(sb)
    with _connect(sb, _token(sb), database="appdb") as admin:
        _run(admin, f"CREATE USER [aad_conn] WITH SID = 0x{APP_SID}, TYPE = E")
        for role in ROLES:
            _run(admin, f"ALTER ROLE {role} ADD MEMBER [aad_conn]")


def _app_token(sb, **kwargs):
    return _token(sb, oid=APP_OID, app_id=APP_CLIENT_ID, **kwargs)


# ---------------------------------------------------------------------------------- the passwordless flow
def test_admin_put_through_arm_then_the_admin_makes_the_app_user_and_the_app_signs_in(sb):
    _server(sb)
    engine = sb.sqlserver_engine
    assert engine.started                                     # the Entra admin PUT started it
    assert sb.az_env("/tmp/cfg")["SQLCMDSERVER"] == f"tcp:127.0.0.1,{engine.port}"
    with _connect(sb, _token(sb), database="appdb") as admin:
        assert _run(admin, "SELECT USER_NAME()") == [("dbo",)]
        assert _run(admin, "SELECT SUSER_SNAME()") == [("dba@contoso.com",)]
        assert _run(admin, "SELECT name FROM sys.database_principals WHERE name = N'aad_conn'") == []
        _run(admin, f"CREATE USER [aad_conn] WITH SID = 0x{APP_SID}, TYPE = E")
        for role in ROLES:
            _run(admin, f"ALTER ROLE {role} ADD MEMBER [aad_conn]")
        assert _run(admin, "SELECT name FROM sys.database_principals WHERE name = 'aad_conn'") == [("aad_conn",)]
    assert engine.users("sql1", "appdb") == {"aad_conn": APP_SID} and engine.users("sql1", "otherdb") == {}
    assert engine.roles("sql1", "appdb", "aad_conn") == set(ROLES)
    assert APP_SID == app_sid(APP_CLIENT_ID)
    with _connect(sb, _app_token(sb), database="appdb") as app:
        assert _run(app, "SELECT USER_NAME()") == [("aad_conn",)]
        assert _run(app, "SELECT 1") == [(1,)]
        assert _run(app, "SELECT name FROM sys.database_principals WHERE name = N'aad_conn'") == [("aad_conn",)]


def test_a_script_of_statements_in_one_batch_and_role_removal(sb):
    _server(sb)
    with _connect(sb, _token(sb), database="appdb") as admin:
        _run(admin, "SET NOCOUNT ON; "
                    f"CREATE USER [aad_conn] WITH SID = 0x{APP_SID.upper()}, TYPE = E; "
                    + "; ".join(f"ALTER ROLE {role} ADD MEMBER [aad_conn]" for role in ROLES) + ";")
        _run(admin, "ALTER ROLE db_ddladmin DROP MEMBER [aad_conn]")
    assert sb.sqlserver_engine.roles("sql1", "appdb", "aad_conn") == {"db_datareader", "db_datawriter"}
    assert sb.sqlserver_engine.users("sql1", "appdb") == {"aad_conn": APP_SID}


def test_create_user_from_external_provider_resolves_the_directory_name(sb):
    _server(sb)
    uai = sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/"
                          "Microsoft.ManagedIdentity/userAssignedIdentities/my-uai", {"location": "eastus"})
    with _connect(sb, _token(sb), database="appdb") as admin:
        _run(admin, "CREATE USER [my-uai] FROM EXTERNAL PROVIDER")
        assert _error(_run, admin, "CREATE USER [nobody] FROM EXTERNAL PROVIDER") == (
            33130, "Principal 'nobody' could not be found or this principal type is not supported.")
    assert sb.sqlserver_engine.users("sql1", "appdb") == {"my-uai": app_sid(uai["properties"]["clientId"])}


# ---------------------------------------------------------------------------------- refusals
@pytest.mark.parametrize("case", ["bad signature", "ARM audience", "OSS RDBMS audience", "unknown app",
                                  "app in master"])
def test_a_token_the_server_does_not_accept_is_login_failed(sb, case):
    _admin_sets_up_the_app(sb)
    token, database = {
        "bad signature": (_app_token(sb)[:-4] + "AAAA", "appdb"),
        "ARM audience": (_app_token(sb, audience=sb.url + "/"), "appdb"),
        "OSS RDBMS audience": (_app_token(sb, audience=sb.url + "/ossrdbms"), "appdb"),
        "unknown app": (_token(sb, oid=APP_OID, app_id=str(uuid.uuid4())), "appdb"),
        "app in master": (_app_token(sb), "master"),
    }[case]
    assert _login_error(sb, token, database=database) == (
        18456, "Login failed for user '<token-identified principal>'.")


def test_the_audience_without_its_trailing_slash_is_accepted(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, _app_token(sb, audience=AUDIENCE.rstrip("/")), database="appdb") as app:
        assert _run(app, "SELECT USER_NAME()") == [("aad_conn",)]


@pytest.mark.parametrize("change", ["no rule", "only the Azure services rule", "public access disabled"])
def test_the_firewall_refuses_a_client_no_rule_admits(sb, change):
    sql = _server(sb, firewall=change == "public access disabled")
    if change == "only the Azure services rule":
        sql.firewall_rules.create_or_update("rg", "sql1", "AllowAllWindowsAzureIps", FirewallRule(
            start_ip_address="0.0.0.0", end_ip_address="0.0.0.0"))
    if change == "public access disabled":
        server = sb.get_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/"
                                 "Microsoft.Sql/servers/sql1")
        server["properties"]["publicNetworkAccess"] = "Disabled"
        sb.store.put(server["id"], server)
    number, text = _login_error(sb, _token(sb), database="appdb")
    assert number == 40615 and FIREWALL_TEXT in text
    assert text == ("Cannot open server 'sql1' requested by the login. Client with IP address '127.0.0.1' is not "
                    "allowed to access the server.  To enable access, use the Azure Management Portal or run "
                    "sp_set_firewall_rule on the master database to create a firewall rule for this IP address or "
                    "address range.  It may take up to five minutes for this change to take effect.")


def test_unknown_database_and_unknown_server(sb):
    _server(sb)
    with pytest.raises(pytds.Error) as refused:                      # 4060 then 18456: pytds raises the last
        _connect(sb, _token(sb), database="nodb")
    assert refused.value.msg_no == 18456 and refused.value.args[0].startswith(
        'Cannot open database "nodb" requested by the login. The login failed. Login failed for user')
    assert _login_error(sb, _token(sb), server="nosuch")[0] == 40532


def test_only_the_admin_manages_users(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, _app_token(sb), database="appdb") as app:
        assert _error(_run, app, f"CREATE USER [other] WITH SID = 0x{'00' * 16}, TYPE = E") == (
            15247, "User does not have permission to perform this action.")
        assert _error(_run, app, "ALTER ROLE db_owner ADD MEMBER [aad_conn]")[0] == 15151
        assert _error(_run, app, "DROP USER [aad_conn]")[0] == 15151
        assert _run(app, "SELECT USER_NAME()") == [("aad_conn",)]          # the connection lives on
    assert sb.sqlserver_engine.roles("sql1", "appdb", "aad_conn") == set(ROLES)


def test_duplicate_users_and_sids(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, _token(sb), database="appdb") as admin:
        assert _error(_run, admin, f"CREATE USER [aad_conn] WITH SID = 0x{'00' * 16}, TYPE = E") == (
            15023, "User, group, or role 'aad_conn' already exists in the current database.")
        assert _error(_run, admin, f"CREATE USER [another] WITH SID = 0x{APP_SID}, TYPE = E")[0] == 15063
        assert _error(_run, admin, "ALTER ROLE db_nosuch ADD MEMBER [aad_conn]")[0] == 15151
        assert _error(_run, admin, "DROP USER [nobody]")[0] == 15151
        _run(admin, "DROP USER IF EXISTS [nobody]")


def test_drop_user_then_the_app_cannot_sign_in(sb):
    _admin_sets_up_the_app(sb)
    with _connect(sb, _token(sb), database="appdb") as admin:
        _run(admin, "DROP USER [aad_conn]")
    assert sb.sqlserver_engine.users("sql1", "appdb") == {}
    assert _login_error(sb, _app_token(sb), database="appdb")[0] == 18456


def test_the_user_belongs_to_one_database_and_one_server(sb):
    _admin_sets_up_the_app(sb)
    assert _login_error(sb, _app_token(sb), database="otherdb")[0] == 18456
    with _connect(sb, _token(sb), database="appdb") as admin:
        _run(admin, "USE [appdb]")
        assert _error(_run, admin, "USE [otherdb]")[0] == 40508


@pytest.mark.parametrize("statement, number", [
    ("SELECT * FROM sys.tables", 40517),
    ("GRANT SELECT ON SCHEMA::dbo TO [aad_conn]", 40517),
    ("FROBNICATE THE DATABASE", 102),
])
def test_unsupported_sql_is_an_error_not_a_dead_connection(sb, statement, number):
    _server(sb)
    with _connect(sb, _token(sb), database="appdb") as admin:
        assert _error(_run, admin, statement)[0] == number
        assert _run(admin, "SELECT 1") == [(1,)]
        with admin.cursor() as cur:                       # RPC (a parameterized query): an error too
            with pytest.raises(pytds.Error):
                cur.execute("SELECT %s", (1,))
        assert _run(admin, "SELECT 1") == [(1,)]


# ---------------------------------------------------------------------------------- ARM and the sandbox's state
def test_deleting_the_database_or_the_server_forgets_its_users(sb):
    _admin_sets_up_the_app(sb)
    sql = _client(sb)
    sql.databases.begin_delete("rg", "sql1", "appdb", **FAST).result()
    assert sb.sqlserver_engine.users("sql1", "appdb") == {}
    sql.databases.begin_create_or_update("rg", "sql1", "appdb", Database(location="eastus"), **FAST).result()
    assert _login_error(sb, _app_token(sb), database="appdb")[0] == 18456
    with _connect(sb, _token(sb), database="otherdb") as admin:
        _run(admin, f"CREATE USER [aad_conn] WITH SID = 0x{APP_SID}, TYPE = E")
    sql.servers.begin_delete("rg", "sql1", **FAST).result()
    assert sb.sqlserver_engine.users("sql1", "otherdb") == {}


def test_reset_and_restore_empty_the_engine(sb):
    _admin_sets_up_the_app(sb)
    snap = sb.snapshot()
    sb.restore(snap)
    assert sb.sqlserver_engine.users("sql1", "appdb") == {}
    _admin_sets_up_the_app(sb)
    sb.reset()
    assert sb.sqlserver_engine.users("sql1", "appdb") == {}
    assert sb.sqlserver_engine.roles("sql1", "appdb", "aad_conn") == set()


def test_a_client_without_tls_is_refused(sb):
    """Azure SQL requires encryption: told ENCRYPT_REQ, a client that cannot encrypt gives up."""
    _server(sb)
    host, port = sb.sqlserver_address()
    with pytest.raises(pytds.Error, match="encryption"):
        pytds.connect(dsn="sql1.database.windows.net", port=port, database="appdb",
                      access_token_callable=lambda: _token(sb), autocommit=True, login_timeout=10,
                      sock=socket.create_connection((host, port), 10))


def test_a_client_asking_to_encrypt_the_login_only_is_encrypted_throughout(sb):
    """ENCRYPT_OFF from the client is answered ENCRYPT_REQ (Azure SQL encrypts everything): pytds keeps TLS."""
    _server(sb)
    host, port = sb.sqlserver_address()
    sock = socket.create_connection((host, port), 10)
    with pytds.connect(dsn="sql1.database.windows.net", port=port, database="appdb",
                       cafile=sb.ca_bundle, validate_host=False, enc_login_only=True, sock=sock, autocommit=True,
                       access_token_callable=lambda: _token(sb), login_timeout=10, disable_connect_retry=True) as conn:
        assert _run(conn, "SELECT USER_NAME()") == [("dbo",)]


def test_validate_host_needs_a_pyopenssl_pytds_can_read_sans_from(sb):
    """Pinned finding: pytds 1.17.1's validate_host=True reads the certificate's SANs with X509.get_extension,
    which pyOpenSSL 26 removed; against a *.database.windows.net certificate (Azure's, and the sandbox's) it
    fails before signing in. The extension must pass validate_host=False (the chain is still checked)."""
    _server(sb)
    host, port = sb.sqlserver_address()
    sock = socket.create_connection((host, port), 10)
    with pytest.raises(AttributeError, match="get_extension"):
        pytds.connect(dsn="sql1.database.windows.net", port=port, database="appdb",
                      cafile=sb.ca_bundle, validate_host=True, access_token_callable=lambda: _token(sb),
                      sock=sock, autocommit=True, login_timeout=10)
    sock.close()


def test_split_statements():
    assert split_statements("SELECT 1; SELECT ';' ; CREATE USER [a;b] FROM EXTERNAL PROVIDER;;") == [
        "SELECT 1", "SELECT ';'", "CREATE USER [a;b] FROM EXTERNAL PROVIDER"]
