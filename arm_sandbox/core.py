"""The Sandbox: state, hooks, HTTP pipeline and the in-process API tests use."""
import copy
import json
import os
import tempfile
import threading
import time
import traceback
from urllib.parse import parse_qsl, unquote, urlsplit

from . import constants as C
from . import tokens
from .arm import ArmError, Request, Response, new_guid
from .diagnostics import Faults, Holds, Latency, RequestLog
from .lro import Operations
from .router import Router
from .store import Store
from .tls import make_certificates

MUTATING = {"PUT", "PATCH", "POST", "DELETE"}


def _body_keys(req):
    """The top-level keys of a JSON request body (never values: the log holds no secret)."""
    try:
        body = json.loads(req.body_bytes) if req.body_bytes else None
    except ValueError:
        return []
    return sorted(body) if isinstance(body, dict) else []


class Sandbox:
    def __init__(self, port=0, ttl=C.DEFAULT_TTL_S, seed=None, latency_ms=0, page_size=C.DEFAULT_PAGE_SIZE,
                 workdir=None, state_file=None, log_file=None, lro_polls=1, lro_retry_after=1):
        self.requested_port = port
        self.ttl = ttl
        self.page_size = page_size
        self.workdir = workdir or tempfile.mkdtemp(prefix="arm-sandbox-")
        self.state_file = state_file
        self.subscription_id = C.SUBSCRIPTION_ID
        self.tenant_id = C.TENANT_ID
        self.client_id = C.CLIENT_ID
        self.client_secret = C.CLIENT_SECRET
        self.principal_id = C.PRINCIPAL_ID
        self.store = Store()
        self.log = RequestLog(log_file)
        self.latency = Latency(latency_ms)
        self.faults = Faults()
        self.holds = Holds()
        self.operations = Operations(polls=lro_polls, retry_after=lro_retry_after)
        self.router = Router()
        self._server = None
        self._thread = None
        self._timer = None
        self._stopped = threading.Event()
        self._save_lock = threading.Lock()
        # A resource provider applies one write at a time: handlers read, change and store whole bodies,
        # so two writes touching one resource (a PATCH and a Tags API call) must not interleave.
        self._write_lock = threading.RLock()
        self.url = None
        self.port = None
        self.ca_bundle = None
        self.postgres_engine = None  # the flexible servers' PostgreSQL engine, made by start(), started on need
        self.postgres_gateway = None  # the single servers' gateway in front of it, listening while it runs
        self.mysql_engine = None     # the MySQL flexible servers' imitation engine, likewise
        self.sqlserver_engine = None  # the Microsoft.Sql servers' imitation engine (TDS), likewise
        self._register_providers()
        self._initial_seed = seed

    # ---- lifecycle -------------------------------------------------------------------------
    def _register_providers(self):
        from .providers import (aad, appconfig, appplatform, authorization, cache, cognitiveservices, containerapps,
                                containerinstance, cosmosdb, eventhub, insights, keyvault, msi, mysql, postgresql,
                                resources, servicebus, signalr, sql, storage, tags, web)
        # Order matters: specific routes before the generic resource fallback in `resources`; the tags
        # extension resource before authorization's catch-all scopes.
        for mod in (aad, tags, authorization, web, storage, keyvault, msi, containerapps, appplatform,
                    containerinstance, servicebus, eventhub, appconfig, signalr, cache, cosmosdb, postgresql, mysql,
                    sql, cognitiveservices, insights, resources):
            mod.register(self.router)

    def start(self):
        from .server import make_server
        paths = make_certificates(self.workdir)
        self.ca_bundle = paths["ca-bundle.pem"]
        self.ca_cert = paths["ca.pem"]
        self._server = make_server(self, self.requested_port, paths["server.pem"], paths["server-key.pem"])
        self.port = self._server.server_address[1]
        self.url = f"https://127.0.0.1:{self.port}"
        self._make_postgres_engine()
        self._make_mysql_engine(paths["mysql-server.pem"], paths["mysql-server-key.pem"])
        self._make_sqlserver_engine(paths["sqlserver-server.pem"], paths["sqlserver-server-key.pem"])
        if self.state_file and os.path.exists(self.state_file):
            with open(self.state_file, encoding="utf-8") as f:
                self.store.load(json.load(f))
        if self._initial_seed:
            self.seed(self._initial_seed)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="arm-sandbox", daemon=True)
        self._thread.start()
        if self.ttl:
            self._timer = threading.Timer(self.ttl, self.stop)
            self._timer.daemon = True  # a non-daemon timer would keep pytest alive for the whole ttl
            self._timer.start()
        return self

    def stop(self):
        if self._stopped.is_set():
            return
        self._stopped.set()
        if self._timer:
            self._timer.cancel()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self.postgres_engine:
            self.postgres_engine.stop()
        if self.mysql_engine:
            self.mysql_engine.stop()
        if self.sqlserver_engine:
            self.sqlserver_engine.stop()
        self._save_state()

    def wait(self, timeout=None):
        """Block until stopped (ttl, shutdown endpoint or stop()); True if stopped."""
        return self._stopped.wait(timeout)

    @property
    def running(self):
        return self._server is not None and not self._stopped.is_set()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- HTTP pipeline -------------------------------------------------------------------------
    def handle_http(self, method, raw_path, headers, body):
        started = time.perf_counter()
        parts = urlsplit(raw_path)
        path = "/" + unquote(parts.path).lstrip("/")  # az cloud register sends '//metadata/...'
        path = path.rstrip("/") or "/"
        query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        hdrs = {k.lower(): v for k, v in headers.items()}
        base = f"https://{hdrs.get('host', f'127.0.0.1:{self.port}')}"
        req = Request(self, method, path, query, hdrs, body, base)
        if path.lower().startswith("/_sandbox"):
            from .admin import handle_admin
            return self._finish(req, handle_admin(self, req), started, log=False)
        delay = self.latency.delay_ms(method, path)
        if delay:
            time.sleep(delay / 1000.0)
        fault = self.faults.check(method, path)
        if fault:
            headers = {"Retry-After": str(fault["retry_after"])} if fault["retry_after"] is not None else {}
            resp = Response(fault["status"], {"error": {"code": fault["code"], "message": fault["message"]}}, headers)
            return self._finish(req, resp, started)
        hold = self.holds.check(method, path)
        if hold:
            hold.wait_here()
        if method in MUTATING:
            with self._write_lock:
                resp = self.dispatch(req, check_auth=True)
            if resp.status < 400:
                self._save_state()
        else:
            resp = self.dispatch(req, check_auth=True)
        return self._finish(req, resp, started)

    def dispatch(self, req, check_auth=False):
        route, groups = self.router.match(req.method, req.path)
        try:
            if route is None:
                if groups:  # the path exists, the verb does not
                    raise ArmError(405, "MethodNotAllowed" if req.method != "HEAD" else "NotFound",
                                   f"The requested resource does not support http method '{req.method}'.")
                raise ArmError(404, "NotFound", f"No route for '{req.method} {req.path}' in the ARM sandbox.")
            req.groups = groups
            if check_auth and route.auth:
                self._authenticate(req)
            if route.arm and not req.api_version:
                raise ArmError(400, "MissingApiVersionParameter",
                               "The api-version query parameter (?api-version=) is required for all requests.")
            return route.handler(req)
        except ArmError as err:
            return Response(err.status, err.body, err.headers)
        except Exception as exc:  # a sandbox bug must surface as a 500, not a hung client
            traceback.print_exc()
            return Response(500, {"error": {"code": "InternalServerError", "message": f"ARM sandbox error: {exc!r}"}})

    def _authenticate(self, req):
        auth = req.headers.get("authorization", "")
        challenge = {"WWW-Authenticate": f'Bearer authorization_uri="{self.url}/{self.tenant_id}", '
                                         'error="invalid_token", error_description="The authentication failed."'}
        if not auth:
            raise ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.",
                           headers=challenge)
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise ArmError(401, "AuthenticationFailedInvalidHeader",
                           "Authentication failed. The 'Authorization' header is provided in an invalid format.",
                           headers=challenge)
        claims = tokens.verify(token.strip())
        if claims is None:
            raise ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", headers=challenge)
        req.claims = claims

    def _finish(self, req, resp, started, log=True):
        request_id = new_guid()
        resp.headers.setdefault("x-ms-request-id", request_id)
        resp.headers.setdefault("x-ms-correlation-request-id",
                                req.headers.get("x-ms-correlation-request-id") or request_id)
        resp.headers.setdefault("x-ms-routing-request-id", f"SANDBOX:{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}:{request_id}")
        if "x-ms-client-request-id" in req.headers:
            resp.headers.setdefault("x-ms-client-request-id", req.headers["x-ms-client-request-id"])
        resp.headers.setdefault("Cache-Control", "no-cache")
        resp.headers.setdefault("x-content-type-options", "nosniff")
        resp.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        budget = {"GET": "reads", "HEAD": "reads", "DELETE": "deletes"}.get(req.method, "writes")
        resp.headers.setdefault(f"x-ms-ratelimit-remaining-subscription-{budget}", "11999")
        if log:
            self.log.add({"method": req.method, "path": req.path, "api_version": req.api_version,
                          "status": resp.status, "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                          "query": dict(req.query), "time": time.time(), "body_keys": _body_keys(req)})
        return resp

    # ---- in-process calls (seeding, put_resource) ---------------------------------------------
    def call(self, method, path, body=None, api_version=None, query=None):
        """Run a request through the routes without HTTP, auth, faults, latency or log."""
        q = {k.lower(): v for k, v in (query or {}).items()}
        if api_version or "api-version" not in q:
            q["api-version"] = api_version or "sandbox-internal"
        raw = json.dumps(body).encode() if body is not None else b""
        req = Request(self, method.upper(), "/" + path.strip("/"), q, {}, raw, self.url or "https://127.0.0.1")
        if req.method in MUTATING:
            with self._write_lock:
                return self.dispatch(req)
        return self.dispatch(req)

    def put_resource(self, resource_id, body, api_version=None):
        """Create/replace a resource as a real PUT would (generated fields filled); return its body."""
        resp = self.call("PUT", resource_id, body, api_version)
        if resp.status >= 400:
            raise ArmError(resp.status, (resp.body or {}).get("error", {}).get("code", "Error"), json.dumps(resp.body))
        return self.get_resource(resource_id)

    def get_resource(self, resource_id):
        rec = self.store.get(resource_id)
        return rec["body"] if rec else None

    def delete_resource(self, resource_id):
        return self.store.delete_tree(resource_id)

    # ---- state ---------------------------------------------------------------------------------
    def dump(self):
        return self.store.dump()

    def snapshot(self):
        return copy.deepcopy(self.store.dump())

    def restore(self, snap):
        """Back to a snapshot; a running PostgreSQL or MySQL engine is emptied and given the snapshot's databases
        and admins again (roles and users made inside an engine, which ARM does not know, are not in a snapshot).
        The PostgreSQL engine admits clients as the snapshot's firewall rules say (the MySQL engine reads the store
        at each sign-in). The SQL Server engine reads the store at each sign-in too; the users made inside it are
        forgotten, as a snapshot does not hold them."""
        self.store.load(snap)
        if self.postgres_engine and self.postgres_engine.started:
            from .providers.postgresql import replay_into_engine
            self.postgres_engine.reset()
            replay_into_engine(self, self.postgres_engine)
        elif self.postgres_engine:
            from .providers.postgresql import admits_loopback
            self.postgres_engine.admit_clients(admits_loopback(self))
        if self.mysql_engine and self.mysql_engine.started:
            from .providers.mysql import replay_into_engine as replay_into_mysql
            self.mysql_engine.reset()
            replay_into_mysql(self, self.mysql_engine)
        if self.sqlserver_engine:
            self.sqlserver_engine.reset()
        self._save_state()

    def reset(self):
        """Empty state (the service principal stays able to log in: it is not state)."""
        self.store.clear()
        self.operations.clear()
        if self.postgres_engine:
            self.postgres_engine.reset()
        if self.mysql_engine:
            self.mysql_engine.reset()
        if self.sqlserver_engine:
            self.sqlserver_engine.reset()
        self._save_state()

    def seed(self, data):
        """Add groups/resources from a dict or a JSON file path (see README for the format)."""
        from .seeding import apply_seed
        if isinstance(data, (str, os.PathLike)):
            with open(data, encoding="utf-8") as f:
                data = json.load(f)
        apply_seed(self, data)
        self._save_state()

    def _save_state(self):
        if not self.state_file:
            return
        with self._save_lock:
            tmp = self.state_file + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.store.dump(), f)
            os.replace(tmp, self.state_file)

    # ---- test hooks ----------------------------------------------------------------------------
    @property
    def requests(self):
        return self.log.entries()

    def clear_log(self):
        self.log.clear()

    def inject_fault(self, method=None, path=None, nth=1, status=500, code="InternalServerError", message=None,
                     retry_after=None, persistent=False):
        return self.faults.add(method=method, path=path, nth=nth, status=status, code=code, message=message,
                               retry_after=retry_after, persistent=persistent)

    def fail_request(self, k, status=500, code="InternalServerError", message=None, retry_after=None):
        """Fail the k-th request from now (1 = the next one), whatever it is."""
        return self.faults.add(status=status, code=code, message=message, retry_after=retry_after, request_index=k)

    def clear_faults(self):
        self.faults.clear()

    def hold(self, method=None, path=".*", nth=1, timeout=60):
        """Hold the nth request matching (method, path regex) before processing it until `.release()`
        (or `timeout` seconds); `.arrived` is an Event set when it is held. Returns the Hold."""
        return self.holds.add(method, path, nth, timeout)

    def clear_holds(self):
        self.holds.clear()

    def set_latency(self, ms, method=None, path=None):
        self.latency.set(ms, method, path)

    def clear_latency(self):
        self.latency.clear()

    # ---- clients -------------------------------------------------------------------------------
    def issue_token(self, audience=C.ARM_AUDIENCE, principal_id=None, app_id=None):
        token, claims = tokens.issue({
            "aud": audience, "iss": f"{self.url}/{self.tenant_id}/v2.0", "tid": self.tenant_id,
            "oid": principal_id or self.principal_id, "sub": principal_id or self.principal_id,
            "appid": app_id or self.client_id, "azp": app_id or self.client_id, "idtyp": "app"})
        if self.postgres_engine and self._is_ossrdbms(audience):
            # The engine cannot validate a JWT: the token becomes the password of the identity's roles.
            self.postgres_engine.remember_token(claims["oid"], token)
        return token, claims["exp"]

    def _is_ossrdbms(self, audience):
        """The cloud's OSS RDBMS resource (aad.py's ossrdbmsResourceId), as a resource or a scope."""
        aud = (audience or "").rsplit("/.default", 1)[0].rstrip("/").lower()
        return bool(self.url) and aud == (self.url + "/ossrdbms").lower()

    # ---- PostgreSQL engine -------------------------------------------------------------------
    def _make_postgres_engine(self):
        """Ports chosen now (az environments name the gateway's), engine started only when something needs it; the
        single-server gateway listens while the engine runs."""
        from .engines.pg_gateway import PgGateway
        from .engines.postgres import PostgresEngine
        from .providers.postgresql import replay_into_engine, single_server_admits
        if self.postgres_engine is None:
            self.postgres_engine = PostgresEngine(self.workdir)
            self.postgres_gateway = PgGateway(self.postgres_engine,
                                              lambda name, address: single_server_admits(self, name, address),
                                              self._is_ossrdbms)
            self.postgres_engine.on_start(lambda engine: replay_into_engine(self, engine))
            self.postgres_engine.on_start(lambda engine: self.postgres_gateway.start(),
                                          stop=lambda engine: self.postgres_gateway.stop())

    def postgres_env(self):
        """libpq's variables that point a PostgreSQL client (pg8000, psql) at the engine, through the gateway (a user
        `<name>@<server>` reaches a single server, any other a flexible server)."""
        return self.postgres_gateway.env()

    # ---- MySQL engine ----------------------------------------------------------------------------
    def _make_mysql_engine(self, cert_file, key_file):
        """Port chosen now (az environments name it), listening only when something needs it."""
        from .engines.mysql import MySQLEngine
        from .providers.mysql import firewall_admits, replay_into_engine
        if self.mysql_engine is None:
            self.mysql_engine = MySQLEngine(cert_file, key_file, self._is_ossrdbms,
                                            admits=lambda server, address: firewall_admits(self, server, address))
            self.mysql_engine.on_start(lambda engine: replay_into_engine(self, engine))

    def mysql_env(self):
        """The MySQL client programs' variables (MYSQL_HOST, MYSQL_TCP_PORT) naming the engine."""
        return self.mysql_engine.env()

    # ---- SQL Server engine ---------------------------------------------------------------------
    def _make_sqlserver_engine(self, cert_file, key_file):
        """Port chosen now (az environments name it), listening only when something needs it (an Entra admin PUT
        or ensure_started())."""
        from .engines.sqlserver import SqlServerEngine
        from .providers.sql import engine_facts, principal_app_id
        if self.sqlserver_engine is None:
            self.sqlserver_engine = SqlServerEngine(cert_file, key_file,
                                                    servers=lambda name: engine_facts(self, name),
                                                    principals=lambda name: principal_app_id(self, name))

    def sqlserver_env(self):
        """sqlcmd's SQLCMDSERVER (`tcp:address,port`): where the SQL Server engine listens (a client dials it
        there and names the server it means as `<server>.database.windows.net`)."""
        host, port = self.sqlserver_address()
        return {"SQLCMDSERVER": f"tcp:{host},{port}"}

    def sqlserver_address(self):
        env = self.sqlserver_engine.env()
        return env["SQLSERVER_HOST"], int(env["SQLSERVER_PORT"])

    def credential(self):
        from .credential import SandboxCredential
        return SandboxCredential(self)

    def az_env(self, config_dir):
        return {
            "AZURE_CONFIG_DIR": str(config_dir),
            "REQUESTS_CA_BUNDLE": self.ca_bundle,
            "AZURE_CORE_INSTANCE_DISCOVERY": "false",  # else MSAL asks login.microsoftonline.com
            "AZURE_CORE_COLLECT_TELEMETRY": "false",
            "AZURE_CORE_SURVEY_MESSAGE": "false",
            "AZURE_CORE_NO_COLOR": "true",
            "AZURE_CORE_OUTPUT": "json",
            "AZURE_CORE_DISABLE_CONFIRM_PROMPT": "true",
            **(self.postgres_env() if self.postgres_engine else {}),
            **(self.mysql_env() if self.mysql_engine else {}),
            **(self.sqlserver_env() if self.sqlserver_engine else {}),
        }

    def az_login_commands(self):
        """The az argument lists that point a fresh AZURE_CONFIG_DIR at this sandbox."""
        return [
            ["cloud", "register", "-n", C.CLOUD_NAME, "--endpoint-resource-manager", self.url + "/"],
            ["cloud", "set", "-n", C.CLOUD_NAME],
            ["login", "--service-principal", "-u", self.client_id, "-p", self.client_secret,
             "--tenant", self.tenant_id],
        ]

    def login_az(self, az_cmd, env):
        """Run the login commands with `az_cmd` (list, e.g. [path_to_az]); raise on failure."""
        import subprocess
        full_env = {**os.environ, **env}
        for args in self.az_login_commands():
            proc = subprocess.run(list(az_cmd) + args + ["--only-show-errors", "-o", "none"], env=full_env,
                                  capture_output=True, text=True, timeout=120)
            if proc.returncode != 0:
                raise RuntimeError(f"az {' '.join(args[:2])} failed ({proc.returncode}): {proc.stderr}")
