"""Database users for Microsoft Entra principals inside a retired PostgreSQL single server (as the core CLI's
serviceconnector-passwordless makes them), over the same driver and environment as postgres_users.

A single server sits behind a gateway that routes by the server's name after `@` in the user name, so every
login is `<user>@<server>`. Its one Entra admin signs in with an access token for the OSS RDBMS audience as
the password and makes the app's user with `CREATE ROLE ... WITH LOGIN PASSWORD '<client id>' IN ROLE
azure_ad_user`: the server then takes a token of the identity with that client id as the user's password.
Object ids are not checked against the tenant (`aad_validate_oids_in_tenant = off`): a managed identity's
service principal is not a directory user."""
from . import postgres_users as pg

SignInFailed = pg.SignInFailed          # what the steps catch, by this module's name as for every engine


def session(host, database, user, token):
    """A connection to `database` (None: `postgres`) as `user` of the server `host` names."""
    server = host.split('.', 1)[0]
    return pg.session(host, database or pg.ADMIN_DATABASE, f'{user}@{server}', token)


def user_exists(connection, name):
    return bool(connection.run('SELECT 1 FROM pg_roles WHERE rolname = :name', name=name))


def create_user(connection, name, client_id, database):
    """The identity's login role, with everything in the connected database: the database itself, its public
    schema and what is in it now."""
    from pg8000.native import identifier, literal
    connection.run('SET aad_validate_oids_in_tenant = off')
    connection.run(f'CREATE ROLE {identifier(name)} WITH LOGIN PASSWORD {literal(client_id)} IN ROLE azure_ad_user')
    pg.grant(connection, name, database, on_database=True)
    pg.grant(connection, name, database, on_database=False)


def drop_user(connection, name):
    """Drop the role; what it owns in the connected database passes to the admin first, so no data is lost.
    DROP OWNED then takes its privileges here and on the database itself."""
    from pg8000.native import identifier
    admin = connection.run('SELECT current_user')[0][0]
    pg.hand_over(connection, name, admin)
    connection.run(f'DROP OWNED BY {identifier(name)}')
    connection.run(f'DROP ROLE {identifier(name)}')
