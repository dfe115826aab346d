"""The TCP side the protocol imitations (MySQL, SQL Server) share: a threaded server whose sessions reach their
engine and its TLS context through `self.server`, served on a thread of its own, and stopped with every open
session ended, as a stopped server's would be; and the engine lifecycle around it (ServedEngine)."""
import socket
import socketserver
import ssl
import threading


def close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, engine, tls, session):
        self.engine, self.tls = engine, tls      # what each session reaches through self.server
        super().__init__(address, session)


def serve(address, engine, tls, session, name):
    server = Server(address, engine, tls, session)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=name, daemon=True).start()
    return server


def stop(server, sessions):
    server.shutdown()
    server.server_close()
    for sock in list(sessions):
        close(sock)
    sessions.clear()


class ServedEngine:
    """What the imitations share: a TLS listener on 127.0.0.1, its port chosen at once (az environments name it),
    started on first need on a thread of its own (then each `on_start` hook runs: the ARM side replays its store),
    stopped with every open session. A subclass names its thread (`thread_name`), its sessions (`_session_class`)
    and may adjust the TLS context (`_tls`)."""
    thread_name = "engine"

    def __init__(self, cert_file, key_file, port=None):
        from .postgres import free_port
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self._cert, self._key = cert_file, key_file
        self._lock = threading.RLock()
        self._server = None
        self._sessions = set()
        self._on_start = []

    @property
    def started(self):
        return self._server is not None

    def on_start(self, hook):
        """`hook(engine)` runs once the engine listens."""
        self._on_start.append(hook)

    def ensure_started(self):
        with self._lock:
            if self.started:
                return self
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self._cert, self._key)
            self._tls(context)
            self._server = serve((self.host, self.port), self, context, self._session_class(), self.thread_name)
            for hook in self._on_start:
                hook(self)
            return self

    def stop(self):
        with self._lock:
            if self._server is None:
                return
            stop(self._server, self._sessions)   # open sessions end too, as a stopped server's would
            self._server = None

    def _tls(self, context):
        """Adjust the server's TLS context (a protocol's version limits, SNI)."""

    @staticmethod
    def _session_class():
        raise NotImplementedError
