"""HTTPS server plumbing: one handler class dispatching every verb to the Sandbox."""
import socket
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    daemon_threads = True          # pytest must never wait for a client's keep-alive thread
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # Clients dropping connections mid-TLS are normal (az exits fast); stay quiet.
        pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: MSAL/requests reuse connections
    # Headers and body leave in two writes; with Nagle on, the body waits for the client's delayed
    # ACK (~40 ms) on a kept-alive connection, which real ARM never adds.
    disable_nagle_algorithm = True
    server_version = "ARMSandbox/1.0"
    sys_version = ""

    def log_message(self, fmt, *args):  # the sandbox keeps its own structured log
        pass

    def _dispatch(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        resp = self.server.sandbox.handle_http(self.command, self.path, dict(self.headers.items()), body)
        payload = b"" if self.command == "HEAD" else resp.payload()
        self.send_response(resp.status)
        if payload or resp.body is not None or resp.raw is not None:
            self.send_header("Content-Type", resp.content_type)
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(resp.payload()) if self.command == "HEAD" else len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _dispatch


def make_server(sandbox, port, certfile, keyfile):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(certfile, keyfile)
    server = _Server(("127.0.0.1", port), _Handler)  # loopback only, never 0.0.0.0
    # Handshake lazily in the per-connection thread so a slow client cannot block accept().
    server.socket = ctx.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.sandbox = sandbox
    return server


__all__ = ["make_server", "socket"]
