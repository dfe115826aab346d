"""The TCP side the protocol imitations (MySQL, SQL Server) share: a threaded server whose sessions reach their
engine and its TLS context through `self.server`, served on a thread of its own, and stopped with every open
session ended, as a stopped server's would be."""
import socket
import socketserver
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
