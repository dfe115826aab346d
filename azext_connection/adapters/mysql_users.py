"""Database users for Microsoft Entra principals inside a MySQL flexible server: the one place that speaks
MySQL's own protocol (PyMySQL, pure Python, imported only by the steps that sign in).

The server's Entra admin signs in with its login as the user and an access token for the OSS RDBMS audience
as the password (sent in clear text, so only over TLS), and makes a user for an app's identity with
`CREATE AADUSER '<user>' IDENTIFIED BY '<client id>'`; the app then signs in as that user with a token for
its own identity. The user gets every privilege on the connection's database.

Reaching the server follows the MySQL client programs' environment: MYSQL_HOST (an address to connect to
instead of resolving the server's name: a tunnel) and MYSQL_TCP_PORT. The certificate is always checked
against the server's name, with the system's CAs and the bundle az itself is told to trust
(REQUESTS_CA_BUNDLE), if any."""
import os
import re
from contextlib import contextmanager

from ..sensitive import reveal
from .postgres_users import SignInFailed

PORT = 3306
TIMEOUT_S = 30
FIREWALL_REFUSAL = re.compile(r"Client with IP address '([^']+)' is not allowed")


def _ssl_context():
    import ssl
    context = ssl.create_default_context()
    bundle = os.environ.get('REQUESTS_CA_BUNDLE')
    if bundle and os.path.exists(bundle):
        context.load_verify_locations(cafile=bundle)
    return context


@contextmanager
def session(host, database, user, token):
    """A connection to `database` (None: none chosen) on `host` as `user`, signed in with `token` (a Secret)."""
    import socket
    import pymysql
    address, port = os.environ.get('MYSQL_HOST') or host, int(os.environ.get('MYSQL_TCP_PORT') or PORT)
    try:
        sock = socket.create_connection((address, port), TIMEOUT_S)
    except OSError as error:
        raise SignInFailed(f'cannot reach {host} on port {port}: {error}') from None
    connection = pymysql.connect(host=host, port=port, user=user, password=reveal(token), database=database,
                                 ssl=_ssl_context(), connect_timeout=TIMEOUT_S, autocommit=True, defer_connect=True)
    try:
        connection.connect(sock)
    except pymysql.err.MySQLError as error:
        sock.close()
        text = error.args[1] if len(error.args) > 1 else str(error)
        found = FIREWALL_REFUSAL.search(text)
        raise SignInFailed(f'{host} refused the sign-in of {user}: {text}', found.group(1) if found else None) from None
    try:
        yield connection
    finally:
        connection.close()


def _run(connection, sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or None)
        return cursor.fetchall()


def user_exists(connection, name):
    return bool(_run(connection, 'SELECT User FROM mysql.user WHERE User = %s', name))


def create_user(connection, name, client_id, database):
    """The user for the identity with `client_id`, with every privilege on `database`. (Object ids are not
    checked against the tenant: a managed identity's service principal is not a directory user.)"""
    _run(connection, 'SET aad_auth_validate_oids_in_tenant = OFF')
    _run(connection, 'CREATE AADUSER %s IDENTIFIED BY %s', name, client_id)
    _run(connection, f'GRANT ALL PRIVILEGES ON {_quoted(database)}.* TO %s@%s', name, '%')
    _run(connection, 'FLUSH PRIVILEGES')


def drop_user(connection, name):
    """Drop the user (its grants go with it; MySQL's tables have no owner to hand over)."""
    _run(connection, 'DROP USER IF EXISTS %s@%s', name, '%')


def _quoted(identifier):
    return '`' + identifier.replace('`', '``') + '`'
