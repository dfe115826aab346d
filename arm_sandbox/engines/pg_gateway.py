"""The gateway in front of the sandbox's PostgreSQL engine, as Azure Database for PostgreSQL single servers had.

Azure's single servers (Microsoft.DBforPostgreSQL/servers, retired) shared a regional gateway that routed a client
by the suffix of its user name, `<name>@<server>`, and signed it in for the server. This imitates that gateway as a
small TCP proxy on 127.0.0.1, on a port chosen when the Sandbox starts; `Sandbox.postgres_env()` names it, so every
PostgreSQL client of the sandbox (pg8000 in the az processes, tests) goes through it. It listens while the engine
runs. One thread per client connection; no TLS (an SSLRequest or GSSENCRequest is answered `N`).

- A user name without `@` is a flexible server's client: its startup message goes to the engine byte for byte, then
  both directions are piped unchanged (the engine's pg_hba.conf, SCRAM and tokens-as-passwords apply as before).
  So is a name whose part after the last `@` cannot be a server name (a flexible server's Entra user is named by
  its UPN, `dba@contoso.com`: a server name has no dot) and names no single server: without TLS the sandbox cannot
  tell which host a client dialled, so the name alone decides.
- `<name>@<server>`: the single server `server` (case-insensitive) is looked up in the sandbox's store. None:
  FATAL 28000 with the gateway's text (assumed: Azure's users report "Invalid Username specified. Please check the
  Username and retry connection. The Username should be in <username@hostname> format." for a name without `@`; the
  text for an unknown server is the one given below, not found recorded). Its firewall (public access and a rule
  covering the client's address, not the 0.0.0.0 one) refuses: FATAL 28000 `no pg_hba.conf entry for host "<ip>",
  user "<name>", database "<db>", SSL off` (PostgreSQL's own wording, as single servers answered). Else the gateway
  asks for a cleartext password and signs in to the engine, over its Unix socket, as `name`:
  * a member of azure_ad_admin (the server's Entra admin): the password must be a valid sandbox token for the OSS
    RDBMS audience, and the gateway gives the token's `oid`, which is that role's password (its sid);
  * a member of azure_ad_user (a role made `IN ROLE azure_ad_user WITH PASSWORD '<client id>'`): a valid token too,
    and the gateway gives its `appid`, so the sign-in succeeds exactly when the role was made with that client id;
  * any other role (a password login): the password as given.
  A token that is not valid (signature, expiry, audience) is refused with FATAL 28P01 `password authentication
  failed for user "<name>"` (PostgreSQL's wording; Azure's exact text for a bad token is assumed). The engine's
  answer (AuthenticationOk and what follows, or its ErrorResponse) goes back to the client.
- In a single server's session, a SET, RESET or SHOW of `aad_validate_oids_in_tenant` in a Query or Parse message
  names the placeholder setting `azure.aad_validate_oids_in_tenant` instead: single servers knew that setting,
  vanilla PostgreSQL rejects an unknown setting without a dot. Everything else passes unchanged.
- A CancelRequest is forwarded to the engine (its keys are the engine's own).
"""
import re
import selectors
import socket
import socketserver
import struct
import threading

import scramp

from .. import tokens
from . import tcp
from .postgres import free_port

SSL_REQUEST, GSSENC_REQUEST, CANCEL_REQUEST = 80877103, 80877104, 80877102
AUTH_OK, AUTH_CLEARTEXT, AUTH_SASL, AUTH_SASL_CONTINUE, AUTH_SASL_FINAL = 0, 3, 10, 11, 12
UNKNOWN_SERVER = ("The server name you tried cannot be found. Please check the Username and retry connection. "
                  "The Username should be in <username@hostname> format.")          # assumed (see above)
# SET [SESSION|LOCAL], RESET or SHOW of the setting (a word elsewhere, say in a string, is left alone).
SETTING = re.compile(rb"\b((?:SET\s+(?:SESSION\s+|LOCAL\s+)?|RESET\s+|SHOW\s+))aad_validate_oids_in_tenant\b",
                     re.IGNORECASE)
PLACEHOLDER = rb"\1azure.aad_validate_oids_in_tenant"
HANDSHAKE_TIMEOUT = 30
SERVER_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", re.IGNORECASE)   # what a single server may be named


class Refusal(Exception):
    """A FATAL ErrorResponse for the client: SQLSTATE and message."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


# ================================================================================ wire format
def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("the peer closed the connection")
        buf += chunk
    return buf


def read_message(sock):
    """A typed message: (type byte, body, the raw bytes)."""
    head = read_exact(sock, 5)
    body = read_exact(sock, struct.unpack("!i", head[1:])[0] - 4)
    return head[:1], body, head + body


def message(kind, body=b""):
    return kind + struct.pack("!i", len(body) + 4) + body


def error_response(code, text):
    fields = [b"SFATAL", b"VFATAL", b"C" + code.encode(), b"M" + text.encode()]
    return message(b"E", b"\0".join(fields) + b"\0\0")


def startup_params(body):
    """key/value pairs of a StartupMessage (after its protocol version)."""
    parts = body[4:].split(b"\0")
    return {parts[i].decode(): parts[i + 1].decode() for i in range(0, len(parts) - 1, 2) if parts[i]}


def startup_message(version, params):
    body = struct.pack("!i", version) + b"".join(k.encode() + b"\0" + v.encode() + b"\0" for k, v in params.items())
    return struct.pack("!i", len(body) + 5) + body + b"\0"


def cstring(data, i):
    end = data.index(b"\0", i)
    return data[i:end], end + 1


def rewrite_setting(msg):
    """A Query ('Q') or Parse ('P') message naming aad_validate_oids_in_tenant, with the placeholder instead."""
    kind, body = msg[:1], msg[5:]
    if kind == b"Q":
        sql, _ = cstring(body, 0)
        return message(b"Q", SETTING.sub(PLACEHOLDER, sql) + b"\0") if SETTING.search(sql) else msg
    if kind == b"P":
        name, i = cstring(body, 0)
        sql, j = cstring(body, i)
        if SETTING.search(sql):
            return message(b"P", name + b"\0" + SETTING.sub(PLACEHOLDER, sql) + b"\0" + body[j:])
    return msg


class ClientFrames:
    """The client's message stream cut into whole messages (type byte + int32 length), each rewritten."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        out = []
        while len(self.buf) >= 5:
            end = 1 + struct.unpack("!i", self.buf[1:5])[0]
            if len(self.buf) < end:
                break
            out.append(rewrite_setting(self.buf[:end]))
            self.buf = self.buf[end:]
        return b"".join(out)


# ================================================================================ the gateway
class PgGateway:
    def __init__(self, engine, server_admits, is_ossrdbms, *, port=None):
        """`server_admits(name, address)`: None if no single server is named `name`, else whether its firewall
        admits a client at `address`. `is_ossrdbms(aud)`: is a token's audience the cloud's OSS RDBMS resource."""
        self.engine = engine
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._server_admits = server_admits
        self._is_ossrdbms = is_ossrdbms
        self._lock = threading.Lock()
        self._server = None
        self._sockets = set()           # every open socket of every session (client and engine side)
        self._threads = set()
        self.stopping = threading.Event()

    def env(self):
        """libpq's variables pointing a client at the gateway (no TLS)."""
        return {"PGHOSTADDR": self.host, "PGPORT": str(self.port), "PGSSLMODE": "disable"}

    @property
    def started(self):
        return self._server is not None

    def start(self):
        with self._lock:
            if self._server is None:
                self.stopping.clear()
                self._server = tcp.serve((self.host, self.port), self, None, _Session, "pg-gateway")

    def stop(self):
        """Stop listening and end every session (its sockets closed, its thread joined)."""
        with self._lock:
            if self._server is None:
                return
            self.stopping.set()
            tcp.stop(self._server, self._sockets)
            self._server = None
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout=10)

    def track(self, sock=None, add=True):
        """Sessions' sockets and threads, for stop(): `sock` None tracks the calling thread."""
        with self._lock:
            items = self._sockets if sock is not None else self._threads
            item = sock if sock is not None else threading.current_thread()
            (items.add if add else items.discard)(item)

    # ---- what sessions ask for -------------------------------------------------------------
    def single_server_of(self, user):
        """The single server a user name routes to (None: flexible traffic), with whether it exists."""
        if "@" not in user:
            return None
        server = user.rsplit("@", 1)[1]
        known = self._server_admits(server, self.host) is not None
        return server if known or SERVER_NAME.match(server) else None

    def check_server(self, server, address, user, database):
        admitted = self._server_admits(server, address)
        if admitted is None:
            raise Refusal("28000", UNKNOWN_SERVER)
        if not admitted:
            raise Refusal("28000", f'no pg_hba.conf entry for host "{address}", user "{user}", '
                                   f'database "{database}", SSL off')

    def engine_password(self, role, password):
        """The password the engine knows `role` by, for what the client gave (see the module docstring)."""
        kind = self.engine.sign_in_kind(role)
        if kind is None:
            return password
        claims = tokens.verify(password)
        if not claims or not self._is_ossrdbms(claims.get("aud")):
            raise Refusal("28P01", f'password authentication failed for user "{role}"')
        return str(claims.get("oid", "")).lower() if kind == "admin" else str(claims.get("appid", ""))


class _Session(socketserver.BaseRequestHandler):
    def handle(self):
        gateway = self.server.engine
        gateway.track()
        gateway.track(self.request)
        try:
            self.request.settimeout(HANDSHAKE_TIMEOUT)
            _serve(gateway, self.request)
        except (OSError, ConnectionError, ValueError, struct.error):
            pass                                  # the client (or the engine) went away, or spoke nonsense
        finally:
            gateway.track(self.request, add=False)
            gateway.track(add=False)


def _serve(gateway, client):
    version, body, raw = _read_startup(client)
    if version == CANCEL_REQUEST:
        with socket.create_connection((gateway.engine.host, gateway.engine.port), timeout=5) as engine:
            engine.sendall(raw)
        return
    params = startup_params(body)
    user = params.get("user", "")
    server = gateway.single_server_of(user)
    if server is None:
        _pipe(gateway, client, _engine_socket(gateway, socket.AF_INET), raw, None)
        return
    name = user.rsplit("@", 1)[0]
    try:
        gateway.check_server(server, client.getpeername()[0], name, params.get("database") or name)
        password = gateway.engine_password(name, _ask_password(client))
    except Refusal as refusal:
        client.sendall(error_response(refusal.code, refusal.message))
        return
    engine = _engine_socket(gateway, socket.AF_UNIX)
    if _sign_in(engine, client, version, {**params, "user": name}, password):
        _pipe(gateway, client, engine, b"", ClientFrames())
    else:
        tcp.close(engine)


def _read_startup(client):
    """The client's first real packet (SSL and GSS encryption requests answered `N`): (code, body, raw)."""
    while True:
        head = read_exact(client, 4)
        body = read_exact(client, struct.unpack("!i", head)[0] - 4)
        version = struct.unpack("!i", body[:4])[0]
        if version not in (SSL_REQUEST, GSSENC_REQUEST):
            return version, body, head + body
        client.sendall(b"N")


def _ask_password(client):
    client.sendall(message(b"R", struct.pack("!i", AUTH_CLEARTEXT)))
    kind, body, _ = read_message(client)
    if kind != b"p":
        raise ConnectionError("the client sent no password")
    return cstring(body, 0)[0].decode()


def _engine_socket(gateway, family):
    """Flexible traffic over TCP from 127.0.0.1 (the engine's pg_hba.conf applies), single servers' over the
    engine's Unix socket (the gateway applied the firewall)."""
    gateway.engine.note_client()
    sock = socket.socket(family, socket.SOCK_STREAM)
    gateway.track(sock)
    sock.settimeout(HANDSHAKE_TIMEOUT)
    sock.connect((gateway.engine.host, gateway.engine.port) if family == socket.AF_INET else gateway.engine.socket_path)
    return sock


def _sign_in(engine, client, version, params, password):
    """SCRAM-SHA-256 as `params['user']` with `password`; True once AuthenticationOk went to the client, False after
    relaying the engine's ErrorResponse."""
    engine.sendall(startup_message(version, params))
    scram = None
    while True:
        kind, body, raw = read_message(engine)
        if kind != b"R":
            client.sendall(raw)                       # an ErrorResponse (or a NoticeResponse before it)
            if kind == b"E":
                return False
            continue
        code, data = struct.unpack("!i", body[:4])[0], body[4:]
        if code == AUTH_OK:
            client.sendall(raw)
            return True
        scram = _scram_step(engine, scram, code, data, (params["user"], password))


def _scram_step(engine, scram, code, data, credentials):
    if code == AUTH_SASL:
        mechanisms = [m.decode() for m in data.split(b"\0") if m]
        scram = scramp.ScramClient([m for m in mechanisms if m == "SCRAM-SHA-256"], *credentials)
        first = scram.get_client_first().encode()
        engine.sendall(message(b"p", scram.mechanism_name.encode() + b"\0" + struct.pack("!i", len(first)) + first))
    elif code == AUTH_SASL_CONTINUE:
        scram.set_server_first(data.decode())
        engine.sendall(message(b"p", scram.get_client_final().encode()))
    elif code == AUTH_SASL_FINAL:
        scram.set_server_final(data.decode())
    else:
        raise ConnectionError(f"the engine asked for authentication {code}, not SCRAM")
    return scram


def _pipe(gateway, client, engine, first, frames):
    """Relay both ways until either side closes (or the gateway stops); client messages through `frames`."""
    for sock in (client, engine):
        sock.settimeout(None)
    try:
        engine.sendall(first)
        with selectors.DefaultSelector() as selector:
            selector.register(client, selectors.EVENT_READ, engine)
            selector.register(engine, selectors.EVENT_READ, client)
            while not gateway.stopping.is_set():
                for key, _ in selector.select(timeout=0.5):   # the timeout: a stop is seen even if a close is not
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(frames.feed(data) if frames and key.fileobj is client else data)
    finally:
        gateway.track(engine, add=False)
        tcp.close(engine)
