"""An imitation of the MySQL server behind the sandbox's MySQL flexible servers, for Microsoft Entra sign-in.

Not MySQL: no wheel ships a MySQL server, so this is a small server of the sandbox's own that speaks enough of
the MySQL client/server protocol for PyMySQL (Handshake V10, SSLRequest and a TLS upgrade, HandshakeResponse41,
an AuthSwitchRequest to `mysql_clear_password`, COM_QUERY/INIT_DB/PING/QUIT, OK/ERR packets and text result
sets). It keeps no tables: only what passwordless sign-in needs, as Azure Database for MySQL does it:

- the Entra admin (from ARM's administrators/ActiveDirectory) signs in over TLS with its `login` as user and an
  Entra token for the OSS RDBMS audience as password; the token is checked as a sandbox token (signature,
  expiry, audience) and its `oid` must be the admin's `sid`;
- the admin runs `CREATE AADUSER 'u' IDENTIFIED BY '<client id>'`, `GRANT ALL PRIVILEGES ON `db`.* TO 'u'@'%'`,
  `REVOKE ...`, `DROP USER ...`, `FLUSH PRIVILEGES`, `SET ...`; an AAD user signs in with a token whose `appid`
  (or `oid`) is the id it was made with, and may USE only the databases granted to it;
- `SELECT 1`, `SELECT CURRENT_USER()`, `SELECT USER()`, `SELECT User FROM mysql.user WHERE User = 'u'`,
  `SHOW GRANTS [FOR 'u'@'%']`, `COMMIT`/`ROLLBACK` (PyMySQL's commit()) answer; anything else is ERR 1064.

The firewall, as Azure's: a client reaches a server only where that server's firewall rules cover its address
and public access is Enabled. After the TLS handshake the engine knows the server from the client's SNI
(`<server>.mysql.database.azure.com`, the name a client dials) and, before any authentication, asks the ARM side
(`admits(server, address)`); a refused client gets ERR 9000 (HY000) `Client with IP address '<ip>' is not
allowed to connect to this MySQL server.` (Azure's text as reported by its users; the number is assumed). A client
that names no server (it dialled an address, or spoke no TLS) is asked about with server None: the ARM side admits
it only where every flexible server would, since it could have meant any of them.

One engine per Sandbox, shared by every flexible server of it (user and database names are global in it, as in
the PostgreSQL engine). Its port is chosen when the Sandbox starts; it listens on first need. Error numbers and
SQLSTATEs are MySQL's own; which one Azure answers where MySQL has several is assumed where marked.
"""
import re
import secrets
import socketserver
import ssl
import string
import traceback

from .. import tokens
from . import tcp

VERSION = "8.0.21-sandbox"
SYSTEM_DATABASES = ("information_schema", "mysql", "performance_schema", "sys")
# Capability flags (MySQL's CLIENT_*).
LONG_PASSWORD, FOUND_ROWS, LONG_FLAG, CONNECT_WITH_DB = 0x1, 0x2, 0x4, 0x8
PROTOCOL_41, SSL_FLAG, TRANSACTIONS, SECURE_CONNECTION = 0x200, 0x800, 0x2000, 0x8000
MULTI_STATEMENTS, MULTI_RESULTS, PLUGIN_AUTH, PLUGIN_AUTH_LENENC = 0x10000, 0x20000, 0x80000, 0x200000
CAPABILITIES = (LONG_PASSWORD | FOUND_ROWS | LONG_FLAG | CONNECT_WITH_DB | PROTOCOL_41 | SSL_FLAG | TRANSACTIONS
                | SECURE_CONNECTION | MULTI_STATEMENTS | MULTI_RESULTS | PLUGIN_AUTH | PLUGIN_AUTH_LENENC)
STATUS_AUTOCOMMIT, STATUS_MORE_RESULTS = 0x2, 0x8
UTF8MB4 = 255                      # utf8mb4_0900_ai_ci, MySQL 8's default collation
COM_QUIT, COM_INIT_DB, COM_QUERY, COM_PING = 0x01, 0x02, 0x03, 0x0e
HOST_SUFFIX = ".mysql.database.azure.com"
TYPE_LONGLONG, TYPE_VAR_STRING = 0x08, 0xfd


class MySQLError(Exception):
    """An ERR packet: MySQL's error number, SQLSTATE and message."""

    def __init__(self, code, state, message):
        super().__init__(message)
        self.code, self.state, self.message = code, state, message


def access_denied(user, host, with_password):
    return MySQLError(1045, "28000", f"Access denied for user '{user}'@'{host}' "
                                     f"(using password: {'YES' if with_password else 'NO'})")


def db_access_denied(user, database):
    return MySQLError(1044, "42000", f"Access denied for user '{user}'@'%' to database '{database}'")


def firewall_refusal(address):
    """Azure's answer to a client no firewall rule of the server admits (the text as Azure's users report it)."""
    return MySQLError(9000, "HY000", f"Client with IP address '{address}' is not allowed to connect to this MySQL "
                                     "server.")


def server_of(sni):
    """The flexible server a TLS server name names (`<server>.mysql.database.azure.com`), or None."""
    name = (sni or "").lower().rstrip(".")
    if not name.endswith(HOST_SUFFIX) or "." in name[:-len(HOST_SUFFIX)]:
        return None
    return name[:-len(HOST_SUFFIX)] or None


def privilege_needed(privilege):
    return MySQLError(1227, "42000",
                      f"Access denied; you need (at least one of) the {privilege} privilege(s) for this operation")


def syntax_error(statement):
    return MySQLError(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to "
                                     f"your MySQL server version for the right syntax to use near '{statement[:80]}' "
                                     "at line 1 (the ARM sandbox's MySQL imitation does not support this statement)")


class MySQLEngine(tcp.ServedEngine):
    thread_name = "mysql-engine"

    def __init__(self, cert_file, key_file, is_ossrdbms, port=None, admits=None):
        """`is_ossrdbms(aud)`: is a token's audience the cloud's OSS RDBMS resource. `admits(server, address)`:
        does the firewall of flexible server `server` (None: the client named none) admit a client at `address`
        (None: every client is admitted)."""
        super().__init__(cert_file, key_file, port)
        self._is_ossrdbms = is_ossrdbms
        self._admits = admits
        self._admins = {}                 # login -> sid (object id) of an Entra admin
        self._users = {}                  # AAD user -> the client id (or object id) it was made with
        self._grants = {}                 # user -> databases it has ALL PRIVILEGES on
        self._databases = set()

    # ---- lifecycle (tcp.ServedEngine) ---------------------------------------------------------
    def env(self):
        """The MySQL client programs' own variables naming the server."""
        return {"MYSQL_HOST": self.host, "MYSQL_TCP_PORT": str(self.port)}

    def _tls(self, context):
        context.sni_callback = _remember_sni

    @staticmethod
    def _session_class():
        return _Session

    # ---- what the ARM side asks for ------------------------------------------------------------
    def set_admin(self, login, sid):
        with self._lock:
            self._admins[login] = sid

    def drop_admin(self, login):
        with self._lock:
            self._admins.pop(login, None)

    def create_database(self, name):
        if name not in SYSTEM_DATABASES:
            with self._lock:
                self._databases.add(name)

    def drop_database(self, name):
        """Grants on it stay, as MySQL keeps privileges of a dropped database."""
        with self._lock:
            self._databases.discard(name)

    # ---- state ------------------------------------------------------------------------------------
    def admins(self):
        with self._lock:
            return dict(self._admins)

    def users(self):
        """AAD users made inside the engine: name -> the id they were made with."""
        with self._lock:
            return dict(self._users)

    def grants(self, user):
        with self._lock:
            return set(self._grants.get(user, ()))

    def databases(self):
        with self._lock:
            return sorted(self._databases)

    def reset(self):
        """Empty without a restart (sessions already open stay open)."""
        with self._lock:
            self._admins.clear()
            self._users.clear()
            self._grants.clear()
            self._databases.clear()

    # ---- sign-in and privileges (used by sessions) -----------------------------------------------
    def check_firewall(self, server, address):
        """Raise Azure's refusal unless the firewall of `server` (None: named none) admits `address`."""
        if self._admits is not None and not self._admits(server, address):
            raise firewall_refusal(address)

    def authenticate(self, user, password):
        """A token as password: valid sandbox token, OSS RDBMS audience, of the identity `user` stands for."""
        claims = tokens.verify(password)
        if not claims or not self._is_ossrdbms(claims.get("aud")):
            return False
        ids = {str(claims.get("oid", "")).lower(), str(claims.get("appid", "")).lower()}
        with self._lock:
            if user in self._admins:
                return str(claims.get("oid", "")).lower() == str(self._admins[user]).lower()
            return user in self._users and self._users[user].lower() in ids

    def is_admin(self, user):
        with self._lock:
            return user in self._admins

    def check_use(self, user, database):
        """May `user` make `database` its current one: MySQL checks the privilege before the existence."""
        with self._lock:
            if database != "information_schema" and not self.is_admin(user) \
                    and database not in self._grants.get(user, ()):
                raise db_access_denied(user, database)
            if database not in self._databases and database not in SYSTEM_DATABASES:
                raise MySQLError(1049, "42000", f"Unknown database '{database}'")

    def create_aad_user(self, name, object_id):
        with self._lock:
            if name in self._users or name in self._admins:
                raise MySQLError(1396, "HY000", f"Operation CREATE USER failed for '{name}'@'%'")
            self._users[name] = object_id

    def drop_user(self, name, if_exists):
        with self._lock:
            if name in self._admins:          # managed through ARM (assumed refusal)
                raise privilege_needed("SYSTEM_USER")
            if name not in self._users:
                if if_exists:
                    return
                raise MySQLError(1396, "HY000", f"Operation DROP USER failed for '{name}'@'%'")
            del self._users[name]
            self._grants.pop(name, None)

    def grant(self, name, database):
        with self._lock:
            if name not in self._users and name not in self._admins:
                raise MySQLError(1410, "42000", "You are not allowed to create a user with GRANT")
            self._grants.setdefault(name, set()).add(database)

    def revoke(self, name, database):
        with self._lock:
            if database not in self._grants.get(name, ()):
                raise MySQLError(1141, "42000", f"There is no such grant defined for user '{name}' on host '%'")
            self._grants[name].discard(database)

    def user_exists(self, name):
        with self._lock:
            return name in self._users or name in self._admins

    def show_grants(self, name):
        with self._lock:
            if not self.user_exists(name):
                raise MySQLError(1141, "42000", f"There is no such grant defined for user '{name}' on host '%'")
            on_all = "ALL PRIVILEGES" if name in self._admins else "USAGE"   # an admin's: simplified
            rows = [f"GRANT {on_all} ON *.* TO `{name}`@`%`"]
            return rows + [f"GRANT ALL PRIVILEGES ON `{db}`.* TO `{name}`@`%`"
                           for db in sorted(self._grants.get(name, ()))]

    def track(self, sock, add):
        """Open sessions' sockets, closed by stop()."""
        with self._lock:
            (self._sessions.add if add else self._sessions.discard)(sock)


def _remember_sni(sock, server_name, context):  # pylint: disable=unused-argument
    """The server name a client sent (SNI), kept on its TLS socket: the server it means."""
    sock.sandbox_sni = server_name


# ================================================================================ wire format
def lenenc_int(n):
    if n < 251:
        return bytes([n])
    if n < 1 << 16:
        return b"\xfc" + n.to_bytes(2, "little")
    if n < 1 << 24:
        return b"\xfd" + n.to_bytes(3, "little")
    return b"\xfe" + n.to_bytes(8, "little")


def lenenc_str(value):
    data = value if isinstance(value, bytes) else str(value).encode()
    return lenenc_int(len(data)) + data


def _read_lenenc(data, i):
    first = data[i]
    if first < 251:
        return first, i + 1
    size = {0xfc: 2, 0xfd: 3, 0xfe: 8}[first]
    return int.from_bytes(data[i + 1:i + 1 + size], "little"), i + 1 + size


def _cstring(data, i):
    end = data.index(b"\0", i)
    return data[i:end], end + 1


class _Wire:
    """Packets: 3-byte length, 1-byte sequence id, payload."""

    def __init__(self, sock):
        self.sock = sock
        self.seq = 0

    def _exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("client closed the connection")
            buf += chunk
        return buf

    def read(self):
        header = self._exact(4)
        length = int.from_bytes(header[:3], "little")
        self.seq = (header[3] + 1) & 0xff
        payload = self._exact(length)
        return payload + self.read() if length == 0xffffff else payload   # a payload split over packets

    def write(self, payload):
        self.sock.sendall(len(payload).to_bytes(3, "little") + bytes([self.seq]) + payload)
        self.seq = (self.seq + 1) & 0xff

    def ok(self, status, affected=0):
        self.write(b"\x00" + lenenc_int(affected) + lenenc_int(0) + status.to_bytes(2, "little") + b"\0\0")

    def err(self, error):
        self.write(b"\xff" + error.code.to_bytes(2, "little") + b"#" + error.state.encode()
                   + error.message.encode("utf-8"))

    def eof(self, status):
        self.write(b"\xfe\0\0" + status.to_bytes(2, "little"))

    def result_set(self, columns, rows, status):
        """`columns`: (name, type); a text result set ended by EOF (the client is not sent DEPRECATE_EOF)."""
        self.write(lenenc_int(len(columns)))
        for name, kind in columns:
            charset, length = (63, 21) if kind == TYPE_LONGLONG else (UTF8MB4, 1024)
            self.write(lenenc_str("def") + lenenc_str("") * 3 + lenenc_str(name) + lenenc_str(name) + b"\x0c"
                       + charset.to_bytes(2, "little") + length.to_bytes(4, "little") + bytes([kind])
                       + b"\x01\x00" + b"\x00" + b"\0\0")
        self.eof(status)
        for row in rows:
            self.write(b"".join(b"\xfb" if v is None else lenenc_str(v) for v in row))
        self.eof(status)


# ================================================================================ one connection
class _Session(socketserver.BaseRequestHandler):
    def setup(self):
        self.engine = self.server.engine
        self.engine.track(self.request, True)
        self.wire = _Wire(self.request)
        self.peer = self.client_address[0]
        self.user, self.database, self.autocommit, self.flags = None, None, True, 0

    def finish(self):
        self.engine.track(self.wire.sock, False)
        tcp.close(self.wire.sock)

    def handle(self):
        try:
            if self._sign_in():
                self._serve()
        except (ConnectionError, ssl.SSLError, OSError):
            pass                                 # the client went away or spoke no TLS
        except (ValueError, IndexError, KeyError):   # a packet cut short or not the one expected
            try:
                self.wire.err(MySQLError(1835, "HY000", "Malformed communication packet."))
            except OSError:
                pass

    @property
    def status(self):
        return STATUS_AUTOCOMMIT if self.autocommit else 0

    # ---- connection phase ----------------------------------------------------------------------
    def _greeting(self):
        salt = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(20)).encode()
        thread_id = secrets.randbelow(1 << 31)
        self.wire.write(b"\x0a" + VERSION.encode() + b"\0" + thread_id.to_bytes(4, "little") + salt[:8] + b"\0"
                        + (CAPABILITIES & 0xffff).to_bytes(2, "little") + bytes([UTF8MB4])
                        + STATUS_AUTOCOMMIT.to_bytes(2, "little") + (CAPABILITIES >> 16).to_bytes(2, "little")
                        + bytes([len(salt) + 1]) + b"\0" * 10 + salt[8:] + b"\0" + b"mysql_native_password\0")

    def _sign_in(self):
        self._greeting()
        packet = self.wire.read()
        self.flags = int.from_bytes(packet[:4], "little") & CAPABILITIES
        secure = bool(self.flags & SSL_FLAG) and len(packet) == 32        # an SSLRequest: upgrade first
        if secure:
            self.engine.track(self.wire.sock, False)
            self.wire.sock = self.server.tls.wrap_socket(self.wire.sock, server_side=True)
            self.engine.track(self.wire.sock, True)
            packet = self.wire.read()
        user, database = self._handshake_response(packet)
        try:                                     # the firewall before anything else the server says
            self.engine.check_firewall(server_of(getattr(self.wire.sock, "sandbox_sni", None)), self.peer)
        except MySQLError as error:
            self.wire.err(error)
            return False
        if not secure:   # Azure's require_secure_transport, and a token must never cross in clear text
            self.wire.err(MySQLError(3159, "HY000", "Connections using insecure transport are prohibited while "
                                                    "--require_secure_transport=ON."))
            return False
        if not self.flags & PLUGIN_AUTH:
            self.wire.err(MySQLError(1251, "08004", "Client does not support authentication protocol requested "
                                                    "by server; consider upgrading MySQL client"))
            return False
        self.wire.write(b"\xfe" + b"mysql_clear_password\0")
        password = self.wire.read().rstrip(b"\0").decode("utf-8", "replace")
        if not self.engine.authenticate(user, password):
            self.wire.err(access_denied(user, self.peer, bool(password)))
            return False
        self.user = user
        try:
            if database:
                self._use(database)
        except MySQLError as error:
            self.wire.err(error)
            return False
        self.wire.ok(self.status)
        return True

    def _handshake_response(self, packet):
        """HandshakeResponse41: the user and the database; the scramble is not used (the token comes next)."""
        i = 32
        user, i = _cstring(packet, i)
        if self.flags & PLUGIN_AUTH_LENENC:
            size, i = _read_lenenc(packet, i)
        else:
            size, i = packet[i], i + 1
        i += size
        database = b""
        if self.flags & CONNECT_WITH_DB and i < len(packet):
            database, i = _cstring(packet, i)
        return user.decode("utf-8"), database.decode("utf-8")

    # ---- command phase -----------------------------------------------------------------------
    def _serve(self):
        while True:
            packet = self.wire.read()
            command, body = packet[0], packet[1:]
            if command == COM_QUIT:
                return
            try:
                if command == COM_PING:
                    self.wire.ok(self.status)
                elif command == COM_INIT_DB:
                    self._use(body.decode("utf-8"))
                    self.wire.ok(self.status)
                elif command == COM_QUERY:
                    self._queries(body.decode("utf-8", "replace"))
                else:
                    raise MySQLError(1047, "08S01", "Unknown command")
            except MySQLError as error:
                self.wire.err(error)

    def _queries(self, text):
        statements = split_statements(text)
        if not statements:
            raise MySQLError(1065, "42000", "Query was empty")
        if len(statements) > 1 and not self.flags & MULTI_STATEMENTS:
            raise syntax_error(statements[1])     # what MySQL answers a client that did not ask for them
        for n, statement in enumerate(statements):
            more = STATUS_MORE_RESULTS if n < len(statements) - 1 else 0
            try:
                result = self._execute(statement)
            except MySQLError:
                raise
            except Exception as exc:  # pylint: disable=broad-except  # a sandbox bug must not hang the client
                traceback.print_exc()
                raise MySQLError(1105, "HY000", f"MySQL sandbox error: {exc!r}") from exc
            if result is None:
                self.wire.ok(self.status | more)
            else:
                self.wire.result_set(*result, self.status | more)

    def _use(self, database):
        self.engine.check_use(self.user, database)
        self.database = database

    def _execute(self, statement):
        for pattern, handler in STATEMENTS:
            match = pattern.fullmatch(statement)
            if match:
                return handler(self, **{k: v for k, v in match.groupdict().items()})
        raise syntax_error(statement)

    # ---- statements: None for OK, (columns, rows) for a result set -------------------------------
    def st_set(self, rest):
        autocommit = re.fullmatch(r"(?:@@(?:session\.)?)?autocommit\s*=\s*(\w+)", rest, re.I)
        if autocommit:
            self.autocommit = autocommit.group(1).lower() in ("1", "on", "true")
        return None                              # every other variable: accepted, nothing to keep

    def st_use(self, db):
        self._use(_unquote(db))

    def st_transaction(self):
        return None                              # nothing is transactional here; PyMySQL's commit() sends it

    def _admin_only(self, privilege):
        if not self.engine.is_admin(self.user):
            raise privilege_needed(privilege)

    def st_create_aaduser(self, user, host, ident):
        self._admin_only("CREATE USER")
        self.engine.create_aad_user(_account(user, host), _unquote(ident))

    def st_drop_user(self, if_exists, user, host):
        self._admin_only("CREATE USER")
        self.engine.drop_user(_account(user, host), bool(if_exists))

    def st_grant(self, db, user, host):
        database = _unquote(db)
        if not self.engine.is_admin(self.user):
            raise db_access_denied(self.user, database)
        self.engine.grant(_account(user, host), database)

    def st_revoke(self, db, user, host):
        database = _unquote(db)
        if not self.engine.is_admin(self.user):
            raise db_access_denied(self.user, database)
        self.engine.revoke(_account(user, host), database)

    def st_flush(self):
        self._admin_only("RELOAD")

    def st_select_one(self):
        return [("1", TYPE_LONGLONG)], [(1,)]

    def st_current_user(self, fn):
        name = re.sub(r"\s", "", fn)
        value = f"{self.user}@{self.peer}" if name.upper().startswith("USER") else f"{self.user}@%"
        return [(name, TYPE_VAR_STRING)], [(value,)]

    def st_select_user(self, column, user):
        if not self.engine.is_admin(self.user):
            raise MySQLError(1142, "42000", f"SELECT command denied to user '{self.user}'@'{self.peer}' "
                                            "for table 'user'")
        name = _unquote(user)
        return [(column, TYPE_VAR_STRING)], [(name,)] if self.engine.user_exists(name) else []

    def st_show_grants(self, user, host):
        name = _account(user, host) if user else self.user       # no account, or FOR CURRENT_USER[()]: one's own
        if name != self.user and not self.engine.is_admin(self.user):
            raise db_access_denied(self.user, "mysql")
        return [(f"Grants for {name}@%", TYPE_VAR_STRING)], [(row,) for row in self.engine.show_grants(name)]


# ================================================================================ the small SQL parser
_QUOTED = r"'[^']*'|\"[^\"]*\"|`[^`]*`"
_NAME = rf"(?:{_QUOTED}|[\w$]+)"
_ACCOUNT = rf"(?P<user>{_NAME})(?:\s*@\s*(?P<host>{_QUOTED}|[\w.%$-]+))?"
_DB = rf"(?P<db>{_NAME})\s*\.\s*\*"


def _statement(pattern, handler):
    return re.compile(pattern, re.I | re.S), handler


STATEMENTS = [
    _statement(r"SET\s+(?P<rest>.+)", _Session.st_set),
    _statement(rf"USE\s+(?P<db>{_NAME})", _Session.st_use),
    _statement(r"COMMIT|ROLLBACK|START\s+TRANSACTION|BEGIN", _Session.st_transaction),
    _statement(rf"CREATE\s+AADUSER\s+{_ACCOUNT}\s+IDENTIFIED\s+BY\s+(?P<ident>{_QUOTED})", _Session.st_create_aaduser),
    _statement(rf"DROP\s+USER\s+(?P<if_exists>IF\s+EXISTS\s+)?{_ACCOUNT}", _Session.st_drop_user),
    _statement(rf"GRANT\s+ALL(?:\s+PRIVILEGES)?\s+ON\s+{_DB}\s+TO\s+{_ACCOUNT}", _Session.st_grant),
    _statement(rf"REVOKE\s+ALL(?:\s+PRIVILEGES)?\s+ON\s+{_DB}\s+FROM\s+{_ACCOUNT}", _Session.st_revoke),
    _statement(r"FLUSH\s+PRIVILEGES", _Session.st_flush),
    _statement(r"SELECT\s+1", _Session.st_select_one),
    _statement(r"SELECT\s+(?P<fn>CURRENT_USER\s*\(\s*\)|CURRENT_USER|USER\s*\(\s*\))", _Session.st_current_user),
    _statement(rf"SELECT\s+(?P<column>User)\s+FROM\s+mysql\s*\.\s*user\s+WHERE\s+User\s*=\s*(?P<user>{_QUOTED})",
               _Session.st_select_user),
    _statement(rf"SHOW\s+GRANTS(?:\s+FOR\s+(?:CURRENT_USER(?:\s*\(\s*\))?|{_ACCOUNT}))?", _Session.st_show_grants),
]


def _unquote(token):
    if token and token[0] in "'\"`" and token[-1] == token[0]:
        return token[1:-1]
    return token


def _account(user, host):
    """'u'@'%' or 'u' (host '%'): users here exist for any host only."""
    if host is not None and _unquote(host) != "%":
        raise MySQLError(1064, "42000", f"The ARM sandbox's MySQL imitation knows accounts of host '%' only, "
                                        f"not '{_unquote(user)}'@'{_unquote(host)}'")
    return _unquote(user)


def split_statements(text):
    """Statements of one COM_QUERY, split at `;` outside quotes; empty ones dropped."""
    out, current, quote, escaped = [], [], None, False
    for ch in text:
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote != "`":
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch == ";":
            out.append("".join(current))
            current = []
            continue
        current.append(ch)
    out.append("".join(current))
    return [s.strip() for s in out if s.strip()]
