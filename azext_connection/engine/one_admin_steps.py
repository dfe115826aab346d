"""Steps of a passwordless connection to a server with one Microsoft Entra admin (a MySQL flexible server, an
Azure SQL server, a retired PostgreSQL single server): the signed-in account as that admin (a MySQL server needs
a user-assigned identity for it), and a database user for the app's identity. Each sits next to its inverse, as
in steps.py; each engine's own words are in adapters/<engine>_users.py, which ENGINES names with what else
differs."""
from dataclasses import dataclass
from importlib import import_module
from typing import NamedTuple, Optional

from azure.cli.core.azclierror import ValidationError

from .database_steps import admitted, sign_in_error
from .plan import Receipt
from .steps import PrincipalOf

ADMIN = '/administrators/ActiveDirectory'      # the server's only Entra admin


class Engine(NamedTuple):
    label: str                  # how messages name the server: 'MySQL server x'
    users: str                  # the adapters module that speaks its protocol
    admin_command: str          # how a person makes themselves its admin
    needs_identity: bool        # its Entra admin needs a user-assigned identity on the server
    audience: str               # the token's audience: 'ossrdbms' or 'sql' (arm.database_token)

    def module(self):
        return import_module(f'..adapters.{self.users}', __package__)


ENGINES = {
    'mysql': Engine('MySQL', 'mysql_users', 'az mysql flexible-server microsoft-entra-admin create -g {group} -s '
                    '{server} -u {name} -i {object_id} --identity <user-assigned identity of the server>', True,
                    'ossrdbms'),
    'sqlserver': Engine('SQL', 'sqlserver_users', 'az sql server ad-admin create -g {group} -s {server} -u {name} '
                        '-i {object_id}', False, 'sql'),
    'postgres-single': Engine('PostgreSQL single', 'postgres_single_users', 'az postgres server ad-admin create -g '
                              '{group} -s {server} -u {name} -i {object_id}', False, 'ossrdbms'),
}


def _name(server_id):
    return server_id.rstrip('/').rsplit('/', 1)[-1]


def _group(server_id):
    return server_id.split('/')[4]


def _other_admin(engine, server_id, admin, signed_in, doing):
    """The error for a server whose one admin is not the signed-in account (`signed_in`: its name, object id)."""
    name, object_id = signed_in
    props = admin.get('properties') or {}
    fix = engine.admin_command.format(group=_group(server_id), server=_name(server_id), name=name, object_id=object_id)
    return ValidationError(
        f"{engine.label} server {_name(server_id)}'s Microsoft Entra admin is {props.get('login')} "
        f"({props.get('sid')}), not the signed-in account ({name}); a server has one admin, and only it can {doing}. "
        'Sign in as '
        f"{props.get('login')}, or make yourself the admin: {fix}.")


def _user_identities(server):
    return {k.lower(): k for k in ((server.get('identity') or {}).get('userAssignedIdentities') or {})}


def _server_identity(server_id, server, given):
    """The user-assigned identity the admin needs: the one given, or the server's only one."""
    if given:
        return given
    attached = list(_user_identities(server).values())
    if len(attached) == 1:
        return attached[0]
    raise ValidationError(
        f'MySQL server {_name(server_id)} has no Microsoft Entra admin yet, and making one needs a user-assigned '
        f"identity for the server ({'it has several' if attached else 'it has none'}). Give its resource id with "
        'the auth flag: mysql-identity-id=/subscriptions/.../userAssignedIdentities/NAME (it is attached to the '
        'server if it is not).')


@dataclass(frozen=True)
class SetEntraAdmin:
    """Make the signed-in account the server's Microsoft Entra admin (attaching the identity a MySQL server
    needs for it); an admin that is someone else is never replaced. It stays once the connection is made, as
    the PostgreSQL admin does; a failed command takes it (and the identity it attached) back."""
    engine: str                    # a key of ENGINES
    server_id: str
    tenant_id: str
    identity_id: str = ''          # mysql-identity-id=, or '' for the server's own

    def describe(self):
        return (f'make the signed-in account the Microsoft Entra admin of {ENGINES[self.engine].label} server '
                f'{_name(self.server_id)} (unless it is)')

    def apply(self, ctx):
        from azure.core.exceptions import ResourceNotFoundError
        engine = ENGINES[self.engine]
        _, (object_id, name, _) = ctx.arm.database_token(engine.audience)
        try:
            admin = ctx.arm.get(self.server_id + ADMIN)
        except ResourceNotFoundError:
            admin = None
        if admin is not None:
            if ((admin.get('properties') or {}).get('sid') or '').lower() == (object_id or '').lower():
                return Receipt(False, f'{name} was already the Microsoft Entra admin', outputs={'admin': name})
            raise _other_admin(engine, self.server_id, admin, (name, object_id), 'make database users')
        server = ctx.arm.get(self.server_id)
        body = {'administratorType': 'ActiveDirectory', 'login': name, 'sid': object_id, 'tenantId': self.tenant_id}
        identity, attached = None, False
        if engine.needs_identity:
            identity = _server_identity(self.server_id, server, self.identity_id)
            attached = identity.lower() not in _user_identities(server)
            body['identityResourceId'] = identity
        if attached:
            ctx.arm.patch(self.server_id, {'identity': {'type': 'UserAssigned',
                                                        'userAssignedIdentities': {identity: {}}}}, wait=True)
        ctx.arm.put(self.server_id + ADMIN, {'properties': body}, wait=True)
        return Receipt(True, f'made {name} the Microsoft Entra admin', outputs={'admin': name},
                       details={'attached': identity if attached else None,
                                'prior_identity': server.get('identity')})

    def undo(self, ctx, receipt):
        ctx.arm.delete(self.server_id + ADMIN, wait=True)
        identity = receipt.details.get('attached')
        if identity:
            prior = receipt.details.get('prior_identity') or {'type': 'None'}
            body = {'type': prior.get('type') or 'None'} if (prior.get('type') or 'None') == 'None' else \
                {'type': prior['type'], 'userAssignedIdentities': {identity: None}}
            ctx.arm.patch(self.server_id, {'identity': body}, wait=True)

    def leftover(self, receipt):
        attached = receipt.details.get('attached')
        return (f'remove the Microsoft Entra admin {self.server_id}{ADMIN} (az resource delete --ids ...)'
                + (f' and detach identity {attached} from the server' if attached else ''))


def _admin_session(ctx, engine, server_id, host, doing):
    """A session opener when the signed-in account is the server's admin; None when the server has none."""
    from azure.core.exceptions import ResourceNotFoundError
    token, (object_id, name, _) = ctx.arm.database_token(engine.audience)
    try:
        admin = ctx.arm.get(server_id + ADMIN)
    except ResourceNotFoundError:
        return None
    if ((admin.get('properties') or {}).get('sid') or '').lower() != (object_id or '').lower():
        raise _other_admin(engine, server_id, admin, (name, object_id), doing)
    return lambda database=None: engine.module().session(host, database, name, token)


@dataclass(frozen=True)
class CreateUser:  # pylint: disable=too-many-instance-attributes  # the engine, where, who, and whether it is kept
    """The database user the identity signs in as (`aad_<connection>`), with every privilege on the database.
    MySQL and SQL know an Entra user by its client id: a system identity's is looked up from its principal."""
    engine: str                    # a key of ENGINES
    server_id: str
    host: str
    database: str
    name: str
    principal: object              # object id, or PrincipalOf the step enabling the identity
    client_id: Optional[str]       # known for a user identity or a service principal
    kept: bool = False             # the connection owns the user already (an update): keep it

    def describe(self):
        return (f'create database user {self.name} on {ENGINES[self.engine].label} server {_name(self.server_id)} '
                f'for principal {self.principal}, with all privileges on database {self.database}')

    def apply(self, ctx):
        engine, users = ENGINES[self.engine], ENGINES[self.engine].module()
        principal = self.principal.resolve(ctx) if isinstance(self.principal, PrincipalOf) else self.principal
        client_id = self.client_id or ctx.arm.service_principal_app_id(principal)
        if not client_id:
            raise ValidationError(f'Principal {principal} was not found in Microsoft Entra ID (its client id names its '
                                  'database user). Try again in a minute: a new identity takes a while to appear.')
        doing = f'create database user {self.name}'
        opened = _admin_session(ctx, engine, self.server_id, self.host, doing)
        if opened is None:
            raise ValidationError(f'{engine.label} server {_name(self.server_id)} has no Microsoft Entra admin to '
                                  f'{doing}.')

        def work():
            with opened(self.database) as connection:
                if users.user_exists(connection, self.name):
                    if not self.kept:
                        raise ValidationError(f'Database user {self.name} already exists on {engine.label} server '
                                              f'{_name(self.server_id)}. Choose another --connection name, or drop '
                                              'that user first.')
                    return False
                users.create_user(connection, self.name, client_id, self.database)
                return True
        try:
            created = admitted(ctx, self.server_id, self.name, work, undo=lambda made: made and self._drop(ctx))
        except users.SignInFailed as error:
            raise sign_in_error(engine.label, self.server_id, error, doing) from None
        return Receipt(created, f"{'created' if created else 'kept'} database user {self.name}",
                       outputs={'principalId': principal, 'created': created})

    def _drop(self, ctx):
        DropUser(self.engine, self.server_id, self.host, self.database, self.name, '').apply(ctx)

    def undo(self, ctx, receipt):
        if receipt.outputs.get('created'):
            self._drop(ctx)

    def leftover(self, _receipt):
        return (f'drop database user {self.name} on {ENGINES[self.engine].label} server {_name(self.server_id)} '
                f'(DROP USER {self.name})')


@dataclass(frozen=True)
class DropUser:
    """Delete (or an update away from an identity): the database user the connection made."""
    engine: str                    # a key of ENGINES
    server_id: str
    host: str
    database: str
    name: str
    principal: str

    def describe(self):
        return f'drop database user {self.name} on {ENGINES[self.engine].label} server {_name(self.server_id)}'

    def apply(self, ctx):
        engine, users = ENGINES[self.engine], ENGINES[self.engine].module()
        doing = f'drop database user {self.name}'
        opened = _admin_session(ctx, engine, self.server_id, self.host, doing)
        if opened is None:
            return Receipt(False, 'the server has no Microsoft Entra admin, so no Entra user can have been made')

        def work():
            with opened(self.database) as connection:
                if not users.user_exists(connection, self.name):
                    return False
                users.drop_user(connection, self.name)
                return True
        try:
            dropped = admitted(ctx, self.server_id, self.name, work)
        except users.SignInFailed as error:
            raise sign_in_error(engine.label, self.server_id, error, doing) from None
        return Receipt(dropped, f"{'dropped' if dropped else 'there was no'} database user {self.name}")

    def undo(self, ctx, _receipt):
        CreateUser(self.engine, self.server_id, self.host, self.database, self.name, self.principal, None).apply(ctx)

    def leftover(self, _receipt):
        return (f'create database user {self.name} again for principal {self.principal} (as the server\'s '
                'Microsoft Entra admin)')
