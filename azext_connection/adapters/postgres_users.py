"""Database users for Microsoft Entra principals inside a PostgreSQL flexible server: the one place that
speaks PostgreSQL's own protocol (pg8000, pure Python, imported only by the steps that sign in).

Azure's flexible server keeps Entra principals with its `pgaadauth` functions in the `postgres` database:
an Entra admin signs in with its name as the user and an access token for the OSS RDBMS audience as the
password, and `pgaadauth_create_principal_with_oid(role, objectId, 'service', false, false)` makes a login
role that the principal with that object id signs in as. The grants go in the target database itself, so a
new app can use its tables and create its own (the core CLI grants in `postgres`, where the app has none).

Reaching the server follows libpq's environment, as psql does: PGHOSTADDR (an address to connect to
instead of resolving the host: a tunnel), PGPORT, PGSSLMODE (default verify-full: encrypted, the
certificate checked against the host name; `require` encrypts without checking, as libpq's does) and
PGSSLROOTCERT (the CA file; default: the system's)."""
import os
import re
from contextlib import contextmanager

from ..sensitive import reveal

PORT = 5432
ADMIN_DATABASE = 'postgres'        # where the pgaadauth functions are
TIMEOUT_S = 30
FIREWALL_REFUSAL = re.compile(r'no pg_hba\.conf entry for host "([^"]+)"')


class SignInFailed(Exception):
    """The server could not be reached or refused the sign-in; `address` is the caller's address when
    the server's firewall named it (Azure answers with PostgreSQL's pg_hba message)."""

    def __init__(self, message, address=None):
        super().__init__(message)
        self.address = address


def user_name(connection_name):
    """The database user a connection makes for its identity: the core CLI's `aad_<connection>`."""
    return 'aad_' + connection_name


def _ssl_context():
    import ssl
    mode = os.environ.get('PGSSLMODE', 'verify-full').lower()
    if mode == 'disable':
        return False
    context = ssl.create_default_context(cafile=os.environ.get('PGSSLROOTCERT') or None)
    if mode in ('allow', 'prefer', 'require'):
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    elif mode == 'verify-ca':
        context.check_hostname = False
    return context


@contextmanager
def session(host, database, user, token):
    """A connection to `database` on `host` as `user`, signed in with `token` (a Secret); closed after."""
    import socket
    import pg8000.native
    from pg8000.exceptions import DatabaseError, InterfaceError
    address, port = os.environ.get('PGHOSTADDR') or host, int(os.environ.get('PGPORT') or PORT)
    try:
        sock = socket.create_connection((address, port), TIMEOUT_S)
    except OSError as error:
        raise SignInFailed(f'cannot reach {host} on port {port}: {error}') from None
    try:
        connection = pg8000.native.Connection(user, host=host, database=database, password=reveal(token),
                                              sock=sock, ssl_context=_ssl_context(), timeout=TIMEOUT_S,
                                              application_name='azext-connection')
    except (DatabaseError, InterfaceError) as error:
        sock.close()
        text = _message(error)
        found = FIREWALL_REFUSAL.search(text)
        raise SignInFailed(f'{host} refused the sign-in of {user}: {text}',
                           found.group(1) if found else None) from None
    try:
        yield connection
    finally:
        connection.close()


def _message(error):
    """PostgreSQL's message of a pg8000 error (its first argument is the server's fields)."""
    fields = error.args[0] if error.args else ''
    return fields.get('M', str(fields)) if isinstance(fields, dict) else str(fields)


def find_principal(connection, name):
    """The object id role `name` signs in with, '' for a role that is not an Entra principal, None when
    there is no such role."""
    if not connection.run('SELECT 1 FROM pg_roles WHERE rolname = :name', name=name):
        return None
    for row in connection.run('SELECT * FROM pgaadauth_list_principals(false)'):
        if row[0] == name:
            return row[2]
    return ''


def create_principal(connection, name, object_id):
    connection.run("SELECT pgaadauth_create_principal_with_oid(:name, :oid, 'service', false, false)",
                   name=name, oid=object_id)


SCHEMA_OBJECTS = ('SCHEMA public', 'ALL TABLES IN SCHEMA public', 'ALL SEQUENCES IN SCHEMA public')


def grant(connection, name, database, *, on_database):
    """Everything in the database: (on_database) the database itself; otherwise, connected to it, its
    public schema and what is in it now."""
    _privileges(connection, ('GRANT', 'TO'), name, database, SCHEMA_OBJECTS if not on_database else ())


def revoke(connection, name, database, *, on_database):
    """The inverse of grant, in reverse (objects the role owns are its owner's: see hand_over)."""
    _privileges(connection, ('REVOKE', 'FROM'), name, database, SCHEMA_OBJECTS[::-1] if not on_database else ())


def _privileges(connection, words, name, database, schema_objects):
    """`words` (GRANT, TO) or (REVOKE, FROM) on the schema's objects, or with none given on the database."""
    from pg8000.native import identifier
    verb, preposition = words
    for what in schema_objects or (f'DATABASE {identifier(database)}',):
        connection.run(f'{verb} ALL PRIVILEGES ON {what} {preposition} {identifier(name)}')


def hand_over(connection, name, to):
    """What role `name` owns in the connected database passes to role `to`. PostgreSQL 16 asks for the
    privileges of both roles: the admin that made the user holds ADMIN OPTION on it, so it first grants
    itself membership (which goes with the role)."""
    from pg8000.native import identifier
    connection.run(f'GRANT {identifier(name)} TO {identifier(to)}')
    connection.run(f'REASSIGN OWNED BY {identifier(name)} TO {identifier(to)}')


def drop_role(connection, name):
    """Drop the role; False when PostgreSQL refuses because objects still depend on it (tables it owns)."""
    from pg8000.exceptions import DatabaseError
    from pg8000.native import identifier
    try:
        connection.run(f'DROP ROLE IF EXISTS {identifier(name)}')
    except DatabaseError as error:
        if (error.args[0] or {}).get('C') == '2BP01':       # dependent_objects_still_exist
            return False
        raise
    return True
