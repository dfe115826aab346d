"""Per database engine (a target record's `database_user`), the steps that give an identity a database user
of its own: what the server needs first (Microsoft Entra auth, the signed-in account as its Entra admin), the
user, and its inverse for delete. The planner asks only this table."""
from ..matrix import AuthType
from .database_steps import AddEntraAdmin, CreateDatabaseUser, DropDatabaseUser, EnableEntraAuth
from .one_admin_steps import CreateUser, DropUser, SetEntraAdmin
from .plan import Step


class PostgresUsers:
    """PostgreSQL flexible server: Entra auth turned on, the signed-in account one of its Entra admins."""

    @staticmethod
    def admin_steps(server_id, server, tenant_id, auth):  # pylint: disable=unused-argument
        if ((server.get('properties') or {}).get('authConfig') or {}).get('activeDirectoryAuth') == 'Enabled':
            return [Step('entra-admin', AddEntraAdmin(server_id, tenant_id))]
        return [Step('entra-auth', EnableEntraAuth(server_id)),
                Step('entra-admin', AddEntraAdmin(server_id, tenant_id), needs=('entra-auth',))]

    @staticmethod
    def create(server_id, where, principal, auth, kept):  # pylint: disable=unused-argument
        host, database, name = where
        return CreateDatabaseUser(server_id, host, database, name, principal)

    @staticmethod
    def drop(server_id, where, principal):
        host, database, name = where
        return DropDatabaseUser(server_id, host, database, name, principal)


class OneAdminUsers:
    """A server with one Entra admin, the signed-in account (MySQL flexible server: with the server's user
    identity; Azure SQL; a PostgreSQL single server)."""

    def __init__(self, engine):
        self.engine = engine

    def admin_steps(self, server_id, server, tenant_id, auth):  # pylint: disable=unused-argument
        return [Step('entra-admin', SetEntraAdmin(self.engine, server_id, tenant_id, auth.server_identity or ''))]

    def create(self, server_id, where, principal, auth, kept):
        host, database, name = where
        client_id = auth.client_id if auth.type is not AuthType.SYSTEM_IDENTITY else None
        return CreateUser(self.engine, server_id, host, database, name, principal, client_id, kept)

    def drop(self, server_id, where, principal):
        host, database, name = where
        return DropUser(self.engine, server_id, host, database, name, principal)


ENGINES = {'postgres': PostgresUsers, 'mysql': OneAdminUsers('mysql'), 'sqlserver': OneAdminUsers('sqlserver'),
           'postgres-single': OneAdminUsers('postgres-single')}
