"""Database users for Microsoft Entra principals inside an Azure SQL database: the one place that speaks TDS
(python-tds, pure Python, with pyOpenSSL, which azure-cli ships; imported only by the steps that sign in).

The server's Entra admin signs in with an access token for Azure SQL (the token says who it is) and makes a
contained user for an app's identity, `CREATE USER [<user>] WITH SID = <client id>, TYPE = E` (no directory
lookup by display name, which a name shared by two identities would make ambiguous), then adds it to
db_datareader, db_datawriter and db_ddladmin. The app signs in as its identity with its own token.

Reaching the server follows sqlcmd's environment: SQLCMDSERVER (`[tcp:]address[,port]`: connect there instead
of resolving the server's name, a tunnel). TLS is required and its certificate chain checked with the bundle az
itself is told to trust (REQUESTS_CA_BUNDLE), or else certifi's. The certificate's name is not checked:
python-tds reads it through a pyOpenSSL call that the pyOpenSSL azure-cli ships no longer has (it fails before
signing in, against Azure too)."""
import os
import re
import uuid
from contextlib import contextmanager

from ..sensitive import reveal
from .postgres_users import SignInFailed

PORT = 1433
TIMEOUT_S = 30
FIREWALL_REFUSAL = re.compile(r"Client with IP address '([^']+)' is not allowed to access the server")
ROLES = ('db_datareader', 'db_datawriter', 'db_ddladmin')


def _address(host):
    given = os.environ.get('SQLCMDSERVER', '')
    if not given:
        return host, PORT
    given = given[4:] if given.lower().startswith('tcp:') else given
    address, _, port = given.partition(',')
    return address or host, int(port or PORT)


def _ca_file():
    bundle = os.environ.get('REQUESTS_CA_BUNDLE')
    if bundle and os.path.exists(bundle):
        return bundle
    import certifi
    return certifi.where()


@contextmanager
def session(host, database, user, token):  # pylint: disable=unused-argument  # the token says who signs in
    """A connection to `database` on `host`, signed in with `token` (a Secret); closed after."""
    import socket
    import pytds
    address, port = _address(host)
    try:
        sock = socket.create_connection((address, port), TIMEOUT_S)
    except OSError as error:
        raise SignInFailed(f'cannot reach {host} on port {port}: {error}') from None
    _one_attempt_only(pytds)
    try:
        connection = pytds.connect(dsn=host, port=port, database=database or 'master', sock=sock,
                                   cafile=_ca_file(), validate_host=False, autocommit=True, login_timeout=TIMEOUT_S,
                                   access_token_callable=lambda: reveal(token))
    except pytds.Error as error:
        sock.close()
        text = str(error)
        found = FIREWALL_REFUSAL.search(text)
        raise SignInFailed(f'{host} refused the sign-in: {text}', found.group(1) if found else None) from None
    try:
        yield connection
    finally:
        connection.close()


def _one_attempt_only(pytds):
    """python-tds retries a refused sign-in (a firewall's too) until its login timeout, on the socket it has just
    closed, and loses the server's error. A refusal here is the step's to handle (it admits the caller and signs
    in again), so the one attempt's error is what it needs: python-tds's backoff makes one attempt in this
    process (only this extension loads python-tds in az)."""
    def one_attempt(work, ex_handler, max_time_sec, **_):  # pylint: disable=unused-argument
        return work(max_time_sec)
    pytds.utils.exponential_backoff = one_attempt


def _run(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _name(identifier):
    return '[' + identifier.replace(']', ']]') + ']'


def _literal(text):
    return "N'" + text.replace("'", "''") + "'"


def user_exists(connection, name):
    return bool(_run(connection, f'SELECT name FROM sys.database_principals WHERE name = {_literal(name)}'))


def create_user(connection, name, client_id, database):  # pylint: disable=unused-argument  # signed in to it
    sid = '0x' + uuid.UUID(client_id).bytes_le.hex().upper()
    _run(connection, f'CREATE USER {_name(name)} WITH SID = {sid}, TYPE = E')
    for role in ROLES:
        _run(connection, f'ALTER ROLE {role} ADD MEMBER {_name(name)}')


def drop_user(connection, name):
    """Drop the user (its role memberships go with it)."""
    _run(connection, f'DROP USER IF EXISTS {_name(name)}')
