"""An imitation of the SQL Server behind the sandbox's Microsoft.Sql servers (Azure SQL Database), for Microsoft
Entra sign-in.

Not SQL Server: no wheel ships one, so this is a small server of the sandbox's own that speaks enough of the
Tabular Data Stream protocol (MS-TDS 7.4) for the pure-Python client python-tds (`pytds`):

- PRELOGIN: the answer requires encryption (ENCRYPT_ON to a client that offers it, else ENCRYPT_REQ, which a
  client without TLS gives up on, as against Azure SQL) and echoes FEDAUTHREQUIRED; the TLS handshake then
  travels inside PRELOGIN packets (TLS 1.2, as TDS 7.x), and everything after it - LOGIN7 included - is TLS
  records carrying TDS packets (the client asked for ENCRYPT_ON, or was told ENCRYPT_REQ: both mean the whole
  connection). The certificate names *.database.windows.net (its subject CN too), signed by the sandbox CA.
- LOGIN7 with the FEDAUTH feature extension (library SECURITYTOKEN: the Entra access token, UTF-16LE): answered
  with ENVCHANGE (database, collation, packet size), LOGINACK, FEATUREEXTACK (FEDAUTH) and DONE, or an ERROR
  token and DONE(error), after which the connection is closed, as a server does after a failed login.
- SQL batches (ALL_HEADERS prefix, UTF-16LE text, statements split at `;` outside quotes and brackets) answered
  with DONE, or COLMETADATA + ROW + DONE for the few SELECTs below; the first failing statement ends the batch
  with an ERROR token and DONE(error) (a simplification: SQL Server goes on after most statement errors), and
  the connection stays usable. ATTENTION is answered DONE(attention); TRANSACTION MANAGER requests DONE; RPC
  (parameterized queries, sp_executesql) gets error 50000: send the statement as a batch.

What a login meets, as Azure SQL Database's gateway and database do it:
- the server is the LOGIN7 ServerName `<server>.database.windows.net` (pytds sends its `dsn` host there); the ARM
  side looks it up (any group); another name gets 40532;
- the firewall: the client address must be in one of the server's firewall rules (0.0.0.0-0.0.0.0 admits Azure's
  services only) and public network access not Disabled, else 40615;
- the token: a valid sandbox token for https://database.windows.net/ (trailing slash or not). Its `oid` equal to
  the server's Entra admin `sid` signs in the admin (user dbo, any database of the server); else its `appid` as a
  GUID in SQL Server's byte order (uuid.UUID(appid).bytes_le) must be the SID of a user of the database named at
  login (contained database users made with CREATE USER). Otherwise 18456 `Login failed for user
  '<token-identified principal>'.` (Azure's words for a token it does not accept); a database the server does not
  have: 4060 followed by 18456, as SQL Server answers.

pytds retries a login refused with a number other than 18456's family (40615, 40532) until login_timeout, then
raises its TimeoutError from the refusal; with a pre-connected `sock` the retry fails on the closed socket, so a
client of this engine passes `disable_connect_retry=True` (as the tests do) to see the refusal as the cause.

Statements (case-insensitive; names as [x], "x" or x):
  CREATE USER [u] WITH SID = 0x<hex>, TYPE = E|X     admin only; 15247 for others, 15023 name taken, 15063 SID taken
  CREATE USER [u] FROM EXTERNAL PROVIDER             admin only; the ARM side resolves the display name to an
                                                     application id (33130 when it cannot)
  ALTER ROLE <fixed db role> ADD|DROP MEMBER [u]     admin only (15151)
  DROP USER [IF EXISTS] [u]                          admin only (15151)
  SELECT name FROM sys.database_principals WHERE name = N'u' | 'u'   (a user sees itself only)
  SELECT SUSER_SNAME() | USER_NAME() | 1, SET ..., BEGIN TRAN/COMMIT/ROLLBACK (nothing is transactional),
  USE [db] (the current database only: Azure SQL Database answers 40508 to a switch).
  Another statement starting with a T-SQL keyword gets 40517 (not supported here), anything else 102.

One engine per Sandbox, shared by every SQL server of it: users and role memberships are kept per (server,
database); deleting a database or a server through ARM forgets them. Its port is chosen when the Sandbox starts; it
listens on first need. Error numbers, classes and texts are SQL Server's / Azure SQL's own; states, and which
number answers where several could, are assumed.
"""
import re
import socketserver
import ssl
import struct
import traceback
import uuid

from .. import tokens
from . import tcp

HOST_SUFFIX = ".database.windows.net"
AUDIENCE = "https://database.windows.net"
# Packet types
SQL_BATCH, RPC, REPLY, ATTENTION, TRANSACTION, LOGIN7, PRELOGIN = 0x01, 0x03, 0x04, 0x06, 0x0E, 0x10, 0x12
# PRELOGIN options and ENCRYPTION values
PL_VERSION, PL_ENCRYPTION, PL_INSTOPT, PL_THREADID, PL_MARS, PL_FEDAUTHREQUIRED = 0, 1, 2, 3, 4, 6
ENCRYPT_OFF, ENCRYPT_ON, ENCRYPT_NOT_SUP, ENCRYPT_REQ = 0, 1, 2, 3
# Tokens
COLMETADATA, ERROR, LOGINACK, FEATUREEXTACK, ROW, ENVCHANGE, DONE = 0x81, 0xAA, 0xAD, 0xAE, 0xD1, 0xE3, 0xFD
DONE_FINAL, DONE_MORE, DONE_ERROR, DONE_COUNT, DONE_ATTN = 0x0, 0x1, 0x2, 0x10, 0x20
ENV_DATABASE, ENV_PACKETSIZE, ENV_COLLATION = 1, 4, 7
FEATURE_FEDAUTH, FEDAUTH_LIBRARY_SECURITYTOKEN = 0x02, 0x01
TDS74 = 0x74000004
PACKET_SIZE = 4096
COLLATION = bytes.fromhex("0904d00034")          # SQL_Latin1_General_CP1_CI_AS, Azure SQL's default
PRODUCT, PRODUCT_VERSION = "Microsoft SQL Server", (12, 0, 2000, 8)   # what Azure SQL Database reports
TYPE_INT4, TYPE_NVARCHAR = 0x38, 0xE7
FIXED_ROLES = ("db_owner", "db_securityadmin", "db_accessadmin", "db_backupoperator", "db_ddladmin",
               "db_datawriter", "db_datareader", "db_denydatawriter", "db_denydatareader")
BUILTIN_PRINCIPALS = ("dbo", "guest", "public", "sys", "INFORMATION_SCHEMA") + FIXED_ROLES
TSQL_KEYWORDS = {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "ALTER", "DROP", "GRANT", "REVOKE",
                 "DENY", "EXEC", "EXECUTE", "DECLARE", "IF", "WHILE", "PRINT", "WITH", "TRUNCATE", "RAISERROR",
                 "THROW", "BACKUP", "RESTORE", "DBCC", "KILL", "SAVE", "WAITFOR", "OPEN", "CLOSE", "FETCH"}


class SqlError(Exception):
    """An ERROR token: SQL Server's error number, class (severity), state and message."""

    def __init__(self, number, severity, message, state=1, then=()):
        super().__init__(message)
        self.number, self.severity, self.message, self.state = number, severity, message, state
        self.then = list(then)                   # further ERROR tokens of the same answer


def firewall_refusal(server, address):
    return SqlError(40615, 14, f"Cannot open server '{server}' requested by the login. Client with IP address "
                               f"'{address}' is not allowed to access the server.  To enable access, use the Azure "
                               "Management Portal or run sp_set_firewall_rule on the master database to create a "
                               "firewall rule for this IP address or address range.  It may take up to five minutes "
                               "for this change to take effect.")


def login_failed(who="<token-identified principal>"):
    return SqlError(18456, 14, f"Login failed for user '{who}'.")


def unknown_server(name):
    return SqlError(40532, 20, f'Cannot open server "{name}" requested by the login. The login failed.')


def cannot_open_database(database):
    """SQL Server follows 4060 with 18456 (clients see the login failure's number, both texts)."""
    return SqlError(4060, 11, f'Cannot open database "{database}" requested by the login. The login failed.',
                    then=[login_failed()])


def syntax_error(near):
    return SqlError(102, 15, f"Incorrect syntax near '{near[:80]}'.")


def not_supported(keyword):
    return SqlError(40517, 16, f"Keyword or statement option '{keyword}' is not supported in this version of SQL "
                               "Server. (The ARM sandbox's SQL Server imitation runs only the statements its "
                               "docstring lists.)")


def sandbox_error(message):
    return SqlError(50000, 16, f"ARM sandbox SQL Server imitation: {message}")


def server_of(server_name):
    """The SQL server a LOGIN7 ServerName names (`<server>.database.windows.net`), or None."""
    name = (server_name or "").lower().rstrip(".").split(",")[0]
    if not name.endswith(HOST_SUFFIX) or "." in name[:-len(HOST_SUFFIX)]:
        return None
    return name[:-len(HOST_SUFFIX)] or None


def app_sid(client_id):
    """The SID SQL Server gives an Entra application: its client id as a GUID in SQL Server's byte order, hex."""
    return uuid.UUID(str(client_id)).bytes_le.hex()


def is_sql_audience(audience):
    return isinstance(audience, str) and audience.rstrip("/").lower() == AUDIENCE


class SqlServerEngine(tcp.ServedEngine):
    thread_name = "sqlserver-engine"

    def __init__(self, cert_file, key_file, servers, principals=None, port=None):
        """`servers(name)`: what the ARM side knows of SQL server `name`, or None: {"name", "admin_sid",
        "admin_login", "databases": [names], "admits": address -> bool}, read at each login and USE.
        `principals(display_name)`: the application (client) id of a directory object of that display name, or
        None (CREATE USER ... FROM EXTERNAL PROVIDER)."""
        super().__init__(cert_file, key_file, port)
        self._servers = servers
        self._principals = principals or (lambda name: None)
        self._dbs = {}             # (server, database), lowercase -> {user lowercase: {"name", "sid", "roles"}}

    # ---- lifecycle (tcp.ServedEngine) ---------------------------------------------------------
    def env(self):
        return {"SQLSERVER_HOST": self.host, "SQLSERVER_PORT": str(self.port)}

    def _tls(self, context):
        context.maximum_version = ssl.TLSVersion.TLSv1_2    # TDS 7.x: TLS inside PRELOGIN packets is 1.2

    @staticmethod
    def _session_class():
        return _Session

    def reset(self):
        """Empty without a restart (sessions already open stay open)."""
        with self._lock:
            self._dbs.clear()

    def forget(self, server, database=None):
        """A database (or every database of a server) deleted through ARM: its users go with it."""
        with self._lock:
            for key in list(self._dbs):
                if key[0] == server.lower() and (database is None or key[1] == database.lower()):
                    del self._dbs[key]

    def track(self, sock, add):
        with self._lock:
            (self._sessions.add if add else self._sessions.discard)(sock)

    # ---- state ----------------------------------------------------------------------------
    def users(self, server, database):
        """Users made in a database: name -> SID (lowercase hex, no 0x)."""
        with self._lock:
            return {u["name"]: u["sid"] for u in self._dbs.get((server.lower(), database.lower()), {}).values()}

    def roles(self, server, database, user):
        with self._lock:
            found = self._dbs.get((server.lower(), database.lower()), {}).get(user.lower())
            return set(found["roles"]) if found else set()

    # ---- used by sessions -------------------------------------------------------------------
    def facts(self, server):
        return self._servers(server)

    def resolve_principal(self, display_name):
        return self._principals(display_name)

    def _db(self, server, database):
        return self._dbs.setdefault((server.lower(), database.lower()), {})

    def find_user(self, server, database, name=None, sid=None):
        with self._lock:
            users = self._dbs.get((server.lower(), database.lower()), {})
            if name is not None:
                return users.get(name.lower())
            return next((u for u in users.values() if u["sid"] == sid), None)

    def create_user(self, server, database, name, sid):
        with self._lock:
            if name.lower() in self._db(server, database) or name.lower() in (b.lower() for b in BUILTIN_PRINCIPALS):
                raise SqlError(15023, 16, f"User, group, or role '{name}' already exists in the current database.")
            if self.find_user(server, database, sid=sid):
                raise SqlError(15063, 16, "The login already has an account under a different user name.")
            self._db(server, database)[name.lower()] = {"name": name, "sid": sid, "roles": set()}

    def drop_user(self, server, database, name, if_exists):
        with self._lock:
            if self._db(server, database).pop(name.lower(), None) is None and not if_exists:
                raise SqlError(15151, 16, f"Cannot drop the user '{name}', because it does not exist or you do "
                                          "not have permission.")

    def alter_role(self, server, database, role, add, name):
        with self._lock:
            if role.lower() not in FIXED_ROLES:
                raise SqlError(15151, 16, f"Cannot alter the role '{role}', because it does not exist or you do "
                                          "not have permission.")
            user = self._db(server, database).get(name.lower())
            if user is None:
                raise SqlError(15151, 16, f"Cannot {'add' if add else 'drop'} the principal '{name}', because it "
                                          "does not exist or you do not have permission.")
            (user["roles"].add if add else user["roles"].discard)(role.lower())


# ================================================================================ wire format
def _us_varchar(text):
    data = text.encode("utf-16-le")
    return struct.pack("<H", len(text)) + data


def _b_varchar(text):
    return bytes([len(text)]) + text.encode("utf-16-le")


def error_token(error, server_name):
    body = (struct.pack("<iBB", error.number, error.state, error.severity) + _us_varchar(error.message)
            + _b_varchar(server_name[:128]) + _b_varchar("") + struct.pack("<i", 1))
    return bytes([ERROR]) + struct.pack("<H", len(body)) + body


def done_token(status, count=0):
    return bytes([DONE]) + struct.pack("<HHQ", status, 0xC1 if status & DONE_COUNT else 0, count)


def envchange(kind, new, old):
    if kind == ENV_COLLATION:
        body = bytes([kind, len(new)]) + new + bytes([len(old)]) + old
    else:
        body = bytes([kind]) + _b_varchar(new) + _b_varchar(old)
    return bytes([ENVCHANGE]) + struct.pack("<H", len(body)) + body


def result_set(columns, rows):
    """`columns`: (name, TYPE_INT4 | TYPE_NVARCHAR); COLMETADATA and a ROW per row."""
    out = bytearray([COLMETADATA]) + struct.pack("<H", len(columns))
    for name, kind in columns:
        out += struct.pack("<IH", 0, 0x0001) + bytes([kind])            # user type, flags (nullable)
        if kind == TYPE_NVARCHAR:
            out += struct.pack("<H", 256) + COLLATION                   # nvarchar(128): sysname
        out += _b_varchar(name)
    for row in rows:
        out.append(ROW)
        for (_, kind), value in zip(columns, row):
            if kind == TYPE_INT4:
                out += struct.pack("<i", value)
            elif value is None:
                out += b"\xff\xff"
            else:
                data = str(value).encode("utf-16-le")
                out += struct.pack("<H", len(data)) + data
    return bytes(out)


class _Wire:
    """TDS packets (8-byte header: type, status, length BE, SPID BE, packet id, window) over the socket, or over
    TLS once `start_tls` has run."""

    def __init__(self, sock, spid):
        self.sock, self.spid = sock, spid
        self.tls = None
        self._buffer = b""

    def _recv(self):
        if self.tls is None:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("client closed the connection")
            return data
        while True:
            try:
                return self.tls.read(65536)
            except ssl.SSLWantReadError:
                data = self.sock.recv(65536)
                if not data:
                    raise ConnectionError("client closed the connection") from None
                self._incoming.write(data)
            except ssl.SSLZeroReturnError:
                raise ConnectionError("client closed the TLS session") from None

    def _exact(self, n):
        while len(self._buffer) < n:
            self._buffer += self._recv()
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def read_message(self):
        """One message: (packet type, payload of its packets up to the one marked end-of-message)."""
        payload = b""
        while True:
            kind, status, length = struct.unpack(">BBH", self._exact(4))
            self._exact(4)
            if length < 8:
                raise ValueError("bad TDS packet length")
            payload += self._exact(length - 8)
            if status & 0x01:
                return kind, payload

    def _send(self, data):
        if self.tls is None:
            self.sock.sendall(data)
        else:
            self.tls.write(data)
            self.sock.sendall(self._outgoing.read())

    def write_message(self, kind, payload):
        chunk = PACKET_SIZE - 8
        parts = [payload[i:i + chunk] for i in range(0, len(payload), chunk)] or [b""]
        out = b""
        for n, part in enumerate(parts):
            last = n == len(parts) - 1
            out += struct.pack(">BBHHBB", kind, 0x01 if last else 0x00, len(part) + 8, self.spid, (n + 1) & 0xff, 0)
            out += part
        self._send(out)

    def start_tls(self, context):
        """The TLS handshake, its records carried in PRELOGIN packets; afterwards all traffic is TLS."""
        self._incoming, self._outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(self._incoming, self._outgoing, server_side=True)
        while True:
            kind, payload = self.read_message()
            if kind != PRELOGIN:
                raise ValueError("expected the TLS handshake in PRELOGIN packets")
            self._incoming.write(payload)
            try:
                tls.do_handshake()
                done = True
            except ssl.SSLWantReadError:
                done = False
            pending = self._outgoing.read()
            if pending:
                self.write_message(PRELOGIN, pending)
            if done:
                self.tls = tls
                return


def parse_prelogin(payload):
    """{option: value bytes} of a PRELOGIN message."""
    options, i = {}, 0
    while i < len(payload) and payload[i] != 0xFF:
        token, offset, length = struct.unpack_from(">BHH", payload, i)
        options[token] = payload[offset:offset + length]
        i += 5
    return options


def prelogin_reply(client_encryption, fedauth_required):
    encryption = ENCRYPT_ON if client_encryption == ENCRYPT_ON else ENCRYPT_REQ
    major, minor, build, _ = PRODUCT_VERSION
    fields = [(PL_VERSION, bytes([major, minor]) + struct.pack(">H", build) + b"\0\0"),
              (PL_ENCRYPTION, bytes([encryption])), (PL_INSTOPT, b"\0"), (PL_THREADID, b""), (PL_MARS, b"\0")]
    if fedauth_required:
        fields.append((PL_FEDAUTHREQUIRED, b"\x01"))
    offset = 5 * len(fields) + 1
    head, data = b"", b""
    for token, value in fields:
        head += struct.pack(">BHH", token, offset + len(data), len(value))
        data += value
    return head + b"\xff" + data


def parse_login7(data):
    """The fields of LOGIN7 the engine uses, and the FEDAUTH security token, if one."""
    def field(offset):
        ib, cch = struct.unpack_from("<HH", data, offset)
        return data[ib:ib + 2 * cch].decode("utf-16-le")

    out = {"tds_version": struct.unpack_from("<I", data, 4)[0], "user": field(40), "server": field(52),
           "database": field(68), "token": None, "fedauth": False}
    if data[27] & 0x10:                                    # fExtension: ibExtension points at the FeatureExt offset
        ib_ext = struct.unpack_from("<H", data, 56)[0]
        i = struct.unpack_from("<I", data, ib_ext)[0]
        while i < len(data) and data[i] != 0xFF:
            feature, length = data[i], struct.unpack_from("<I", data, i + 1)[0]
            body = data[i + 5:i + 5 + length]
            if feature == FEATURE_FEDAUTH:
                out["fedauth"] = True
                if body[0] >> 1 == FEDAUTH_LIBRARY_SECURITYTOKEN:
                    size = struct.unpack_from("<I", body, 1)[0]
                    out["token"] = body[5:5 + size].decode("utf-16-le")
            i += 5 + length
    return out


# ================================================================================ one connection
class _Session(socketserver.BaseRequestHandler):
    def setup(self):
        self.engine = self.server.engine
        self.engine.track(self.request, True)
        self.wire = _Wire(self.request, spid=51 + (id(self) % 1000))
        self.peer = self.client_address[0]
        self.server_name, self.database, self.admin, self.user, self.login_name = "", None, False, None, None

    def finish(self):
        self.engine.track(self.request, False)
        tcp.close(self.request)

    def handle(self):
        try:
            if self._sign_in():
                self._serve()
        except (ConnectionError, ssl.SSLError, OSError):
            pass                                  # the client went away, or gave up on encryption
        except (ValueError, IndexError, KeyError, struct.error, UnicodeDecodeError):
            pass                                  # not TDS as expected: a server drops such a connection

    def _reply(self, payload):
        self.wire.write_message(REPLY, payload)

    def _error(self, error):
        return b"".join(error_token(e, self.server_name) for e in [error] + error.then)

    # ---- login -----------------------------------------------------------------------------
    def _sign_in(self):
        kind, payload = self.wire.read_message()
        if kind != PRELOGIN:
            return False
        options = parse_prelogin(payload)
        client_encryption = (options.get(PL_ENCRYPTION) or bytes([ENCRYPT_NOT_SUP]))[0]
        self._reply(prelogin_reply(client_encryption, bool(options.get(PL_FEDAUTHREQUIRED, b"\0")[:1] == b"\x01")))
        if client_encryption == ENCRYPT_NOT_SUP:
            return False                          # told ENCRYPT_REQ, such a client closes the connection
        self.wire.start_tls(self.server.tls)
        kind, payload = self.wire.read_message()
        if kind != LOGIN7:
            return False
        login = parse_login7(payload)
        try:
            tokens_out = self._login(login)
        except SqlError as error:
            self._reply(self._error(error) + done_token(DONE_ERROR))
            return False
        self._reply(tokens_out)
        return True

    def _login(self, login):
        name = server_of(login["server"])
        facts = self.engine.facts(name) if name else None
        if facts is None:
            raise unknown_server(login["server"])
        self.server_name = facts["name"]
        if not facts["admits"](self.peer):
            raise firewall_refusal(facts["name"], self.peer)
        claims = tokens.verify(login["token"]) if login["token"] else None
        if not claims or not is_sql_audience(claims.get("aud")):
            raise login_failed() if login["fedauth"] else login_failed(login["user"])
        database = login["database"] or "master"
        known = {d.lower(): d for d in facts["databases"]}
        if database.lower() not in known:
            raise cannot_open_database(database)
        database = known[database.lower()]
        oid = str(claims.get("oid", "")).lower()
        if facts.get("admin_sid") and oid == str(facts["admin_sid"]).lower():
            self.admin, self.user, self.login_name = True, "dbo", facts.get("admin_login") or oid
        else:
            try:
                sid = app_sid(claims.get("appid", ""))
            except ValueError:
                raise login_failed() from None
            user = self.engine.find_user(facts["name"], database, sid=sid)
            if user is None:
                raise login_failed()
            self.user = self.login_name = user["name"]
        self.database = database
        major, minor, build_hi_lo = PRODUCT_VERSION[0], PRODUCT_VERSION[1], PRODUCT_VERSION[2]
        program = PRODUCT.encode("utf-16-le")
        ack = (bytes([1]) + struct.pack(">I", TDS74) + bytes([len(PRODUCT)]) + program
               + bytes([major, minor]) + struct.pack(">H", build_hi_lo))
        feature_ack = bytes([FEATUREEXTACK, FEATURE_FEDAUTH]) + struct.pack("<I", 0) + b"\xff"
        return (envchange(ENV_DATABASE, database, "master") + envchange(ENV_COLLATION, COLLATION, b"")
                + bytes([LOGINACK]) + struct.pack("<H", len(ack)) + ack
                + envchange(ENV_PACKETSIZE, str(PACKET_SIZE), str(PACKET_SIZE))
                + (feature_ack if login["fedauth"] else b"") + done_token(DONE_FINAL))

    # ---- requests ----------------------------------------------------------------------------
    def _serve(self):
        while True:
            kind, payload = self.wire.read_message()
            if kind == SQL_BATCH:
                self._reply(self._batch(payload))
            elif kind == ATTENTION:
                self._reply(done_token(DONE_ATTN))
            elif kind == TRANSACTION:
                self._reply(done_token(DONE_FINAL))
            elif kind == RPC:
                self._reply(self._error(sandbox_error("RPC requests (parameterized queries) are not supported; "
                                                      "send the statement as a SQL batch.")) + done_token(DONE_ERROR))
            else:
                self._reply(self._error(sandbox_error(f"TDS packet type {kind:#04x} is not supported."))
                            + done_token(DONE_ERROR))

    def _batch(self, payload):
        headers = struct.unpack_from("<I", payload, 0)[0] if len(payload) >= 4 else 0
        text = payload[headers if 4 <= headers <= len(payload) else 0:].decode("utf-16-le", "replace")
        statements = split_statements(text)
        if not statements:
            return done_token(DONE_FINAL)
        out = b""
        for n, statement in enumerate(statements):
            more = DONE_MORE if n < len(statements) - 1 else 0
            try:
                result = self._execute(statement)
            except SqlError as error:
                return out + self._error(error) + done_token(DONE_ERROR)
            except Exception as exc:  # pylint: disable=broad-except  # a sandbox bug must not hang the client
                traceback.print_exc()
                return out + self._error(sandbox_error(repr(exc))) + done_token(DONE_ERROR)
            if result is None:
                out += done_token(more)
            else:
                out += result_set(*result) + done_token(more | DONE_COUNT, len(result[1]))
        return out

    def _execute(self, statement):
        for pattern, handler in STATEMENTS:
            match = pattern.fullmatch(statement)
            if match:
                return handler(self, **match.groupdict())
        first = re.match(r"[A-Za-z_]+", statement)
        if first and first.group(0).upper() in TSQL_KEYWORDS:
            raise not_supported(first.group(0).upper())
        raise syntax_error(first.group(0) if first else statement)

    # ---- statements: None for DONE, (columns, rows) for a result set ---------------------------------
    def _admin_only(self, error):
        if not self.admin:
            raise error

    def st_ok(self, **_):
        return None

    def st_use(self, db):
        name = _unquote(db)
        if name.lower() != self.database.lower():
            raise SqlError(40508, 16, "USE statement is not supported to switch between databases. Use a new "
                                      "connection to connect to a different database.")

    def st_create_user_sid(self, user, sid, kind):
        name = _unquote(user)
        self._admin_only(SqlError(15247, 16, "User does not have permission to perform this action."))
        self.engine.create_user(self.server_name, self.database, name, sid.lower())

    def st_create_user_external(self, user):
        name = _unquote(user)
        self._admin_only(SqlError(15247, 16, "User does not have permission to perform this action."))
        app_id = self.engine.resolve_principal(name)
        if not app_id:
            raise SqlError(33130, 16, f"Principal '{name}' could not be found or this principal type is not "
                                      "supported.")
        self.engine.create_user(self.server_name, self.database, name, app_sid(app_id))

    def st_alter_role(self, role, action, user):
        role_name, name = _unquote(role), _unquote(user)
        self._admin_only(SqlError(15151, 16, f"Cannot alter the role '{role_name}', because it does not exist or "
                                             "you do not have permission."))
        self.engine.alter_role(self.server_name, self.database, role_name, action.upper() == "ADD", name)

    def st_drop_user(self, if_exists, user):
        name = _unquote(user)
        self._admin_only(SqlError(15151, 16, f"Cannot drop the user '{name}', because it does not exist or you do "
                                             "not have permission."))
        self.engine.drop_user(self.server_name, self.database, name, bool(if_exists))

    def st_select_principal(self, name):
        wanted = name.replace("''", "'")
        visible = self.admin or wanted.lower() == (self.user or "").lower()
        user = self.engine.find_user(self.server_name, self.database, name=wanted)
        builtin = next((b for b in BUILTIN_PRINCIPALS if b.lower() == wanted.lower()), None)
        found = user["name"] if user else builtin
        return [("name", TYPE_NVARCHAR)], [(found,)] if found and (visible or builtin) else []

    def st_select_fn(self, fn):
        value = self.user if fn.upper().startswith("USER") else self.login_name
        return [("", TYPE_NVARCHAR)], [(value,)]

    def st_select_one(self):
        return [("", TYPE_INT4)], [(1,)]


# ================================================================================ the small SQL parser
_NAME = r"(?:\[(?:[^\]]|\]\])+\]|\"[^\"]+\"|[\w@#$]+)"


def _statement(pattern, handler):
    return re.compile(pattern, re.I | re.S), handler


STATEMENTS = [
    _statement(r"SET\s+.+", _Session.st_ok),
    _statement(r"(?:BEGIN\s+TRAN(?:SACTION)?|COMMIT(?:\s+TRAN(?:SACTION)?)?|ROLLBACK(?:\s+TRAN(?:SACTION)?)?)",
               _Session.st_ok),
    _statement(rf"USE\s+(?P<db>{_NAME})", _Session.st_use),
    _statement(rf"CREATE\s+USER\s+(?P<user>{_NAME})\s+WITH\s+SID\s*=\s*0x(?P<sid>[0-9a-f]{{2,170}})\s*,\s*"
               r"TYPE\s*=\s*(?P<kind>[EX])", _Session.st_create_user_sid),
    _statement(rf"CREATE\s+USER\s+(?P<user>{_NAME})\s+FROM\s+EXTERNAL\s+PROVIDER", _Session.st_create_user_external),
    _statement(rf"ALTER\s+ROLE\s+(?P<role>{_NAME})\s+(?P<action>ADD|DROP)\s+MEMBER\s+(?P<user>{_NAME})",
               _Session.st_alter_role),
    _statement(rf"DROP\s+USER\s+(?P<if_exists>IF\s+EXISTS\s+)?(?P<user>{_NAME})", _Session.st_drop_user),
    _statement(r"SELECT\s+name\s+FROM\s+sys\s*\.\s*database_principals\s+WHERE\s+name\s*=\s*N?'(?P<name>(?:[^']|'')*)'",
               _Session.st_select_principal),
    _statement(r"SELECT\s+(?P<fn>SUSER_SNAME|USER_NAME)\s*\(\s*\)", _Session.st_select_fn),
    _statement(r"SELECT\s+1", _Session.st_select_one),
]


def _unquote(token):
    if token.startswith("[") and token.endswith("]"):
        return token[1:-1].replace("]]", "]")
    if token.startswith('"') and token.endswith('"'):
        return token[1:-1]
    return token


def split_statements(text):
    """Statements of one batch, split at `;` outside '...', "..." and [...]; empty ones dropped."""
    out, current, close = [], [], None
    for ch in text:
        if close:
            if ch == close:
                close = None
        elif ch in "'\"[":
            close = "]" if ch == "[" else ch
        elif ch == ";":
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]
