"""Steps of a passwordless database connection (PostgreSQL flexible server): Microsoft Entra auth on the
server, the signed-in account as its Entra admin, and a database user for the app's principal. Each sits
next to its inverse, as in steps.py; the engine's own words are in adapters/postgres_users.py."""
import re
from dataclasses import dataclass

from azure.cli.core.azclierror import AzureConnectionError, ValidationError
from knack.log import get_logger

from ..adapters import postgres_users as users
from .plan import Receipt
from .steps import PrincipalOf

logger = get_logger(__name__)


def _server_name(server_id):
    return server_id.rstrip('/').rsplit('/', 1)[-1]


def _group(server_id):
    return server_id.split('/')[4]


@dataclass(frozen=True)
class EnableEntraAuth:
    """Turn on Microsoft Entra authentication (`authConfig.activeDirectoryAuth`); password sign-in stays."""
    server_id: str

    def describe(self):
        return f'enable Microsoft Entra authentication on PostgreSQL server {_server_name(self.server_id)}'

    def apply(self, ctx):
        config = (ctx.arm.get(self.server_id).get('properties') or {}).get('authConfig') or {}
        if config.get('activeDirectoryAuth') == 'Enabled':
            return Receipt(False, 'Microsoft Entra authentication was already enabled')
        ctx.arm.patch(self.server_id, {'properties': {'authConfig': {
            'activeDirectoryAuth': 'Enabled', 'passwordAuth': config.get('passwordAuth') or 'Enabled'}}}, wait=True)
        return Receipt(True, self.describe(), details={'prior': config.get('activeDirectoryAuth') or 'Disabled'})

    def undo(self, ctx, receipt):
        ctx.arm.patch(self.server_id, {'properties': {'authConfig': {
            'activeDirectoryAuth': receipt.details['prior']}}}, wait=True)

    def leftover(self, _receipt):
        return (f'disable Microsoft Entra authentication again (az postgres flexible-server update -g '
                f'{_group(self.server_id)} -n {_server_name(self.server_id)} --microsoft-entra-auth Disabled)')


@dataclass(frozen=True)
class AddEntraAdmin:
    """Make the signed-in account a Microsoft Entra admin of the server (a server has several), so it can
    make the database user. It stays one once the connection is made: it is how the user manages the
    database's Entra users (as the core CLI leaves it); a failed command takes it back."""
    server_id: str
    tenant_id: str

    def describe(self):
        return (f'make the signed-in account a Microsoft Entra admin of PostgreSQL server '
                f'{_server_name(self.server_id)} (unless it is one)')

    def apply(self, ctx):
        from azure.core.exceptions import ResourceNotFoundError
        _, (object_id, name, kind) = ctx.arm.database_token()
        admin_id = f'{self.server_id}/administrators/{object_id}'
        try:
            ctx.arm.get(admin_id)
            return Receipt(False, f'{name} was already a Microsoft Entra admin', outputs={'admin': name})
        except ResourceNotFoundError:
            pass
        ctx.arm.put(admin_id, {'properties': {'principalType': kind, 'principalName': name,
                                              'tenantId': self.tenant_id}}, wait=True)
        return Receipt(True, f'made {name} a Microsoft Entra admin', outputs={'admin': name},
                       details={'id': admin_id})

    def undo(self, ctx, receipt):
        ctx.arm.delete(receipt.details['id'], wait=True)

    def leftover(self, receipt):
        return f"remove Microsoft Entra admin {receipt.details.get('id')} (az resource delete --ids ...)"


def sign_in_error(engine, server_id, error, doing):
    """The error of a sign-in the server refused (engine: 'PostgreSQL' or 'MySQL'), with the fix."""
    server = _server_name(server_id)
    fix = (f'The server refused your address {error.address} even once a temporary firewall rule admitted it: '
           'check that its public network access is enabled, or run from a machine it admits.' if error.address
           else 'Make sure this machine can reach it (its name resolves, port open), or run from one that can.')
    return AzureConnectionError(f'Could not {doing} on {engine} server {server}: {error}. {fix} Only a Microsoft '
                                'Entra admin of the server can manage its Entra users.')


def temporary_rule(server_id, user):
    """The firewall rule that admits the caller while a step signs in to make or drop `user`: named after the
    user, so that a command interrupted meanwhile leaves a rule its connection's delete knows to remove."""
    return f"{server_id}/firewallRules/azext-connection-signin-{re.sub('[^0-9A-Za-z_-]', '-', user)}"


def admitted(ctx, server_id, user, work, undo=None):
    """work(); and when the server's firewall refuses the caller's address (its refusal names it), once more
    with that address admitted by a temporary firewall rule, removed again afterwards: the caller's machine is
    rarely in a server's firewall (the core CLI does the same). A failed removal is tried once more, then
    fails the step (the caller's address must not stay admitted unnoticed), `undo(result)` first taking back
    what the work did, as the step leaves no receipt."""
    try:
        return work()
    except users.SignInFailed as error:
        if not error.address:
            raise
        address = error.address
    rule = temporary_rule(server_id, user)
    logger.warning('Admitting your address %s to server %s for a moment (firewall rule %s); it is removed '
                   'afterwards.', address, _server_name(server_id), rule.rsplit('/', 1)[-1])
    ctx.arm.put(rule, {'properties': {'startIpAddress': address, 'endIpAddress': address}}, wait=True)
    try:
        result = work()
    except Exception:
        _remove_or_warn(ctx, rule)      # the work's own error is the one to report
        raise
    try:
        remove_rule(ctx, rule)
    except Exception as error:
        if undo is not None:
            undo(result)
        raise AzureConnectionError(
            f'Could not remove the temporary firewall rule {rule}, which admits your address {address} to server '
            f'{_server_name(server_id)}: {error}. Remove it with `az resource delete --ids {rule}`.') from None
    return result


def _remove_or_warn(ctx, rule):
    try:
        remove_rule(ctx, rule)
    except Exception as error:  # pylint: disable=broad-except
        logger.warning('Could not remove the temporary firewall rule %s (%s): remove it with '
                       '`az resource delete --ids %s`.', rule, error, rule)


def remove_rule(ctx, rule):
    """Delete a firewall rule, once more if the first attempt fails; True when there was one."""
    from azure.core.exceptions import ResourceNotFoundError
    for attempt in (1, 2):
        try:
            ctx.arm.delete(rule, wait=True)
            return True
        except ResourceNotFoundError:
            return False
        except Exception:  # pylint: disable=broad-except  # tried again once, then the error stands
            if attempt == 2:
                raise
    return False


@dataclass(frozen=True)
class RemoveSignInRule:
    """Recovery: the temporary rule a command interrupted while signing in left on the server."""
    rule_id: str

    def describe(self):
        return f"remove the temporary firewall rule {self.rule_id.rsplit('/', 1)[-1]} if an interrupted command left it"

    def apply(self, ctx):
        from azure.core.exceptions import ResourceNotFoundError
        try:
            props = (ctx.arm.get(self.rule_id).get('properties') or {})
        except ResourceNotFoundError:
            return Receipt(False, 'no temporary firewall rule was left')
        remove_rule(ctx, self.rule_id)
        return Receipt(True, 'removed the temporary firewall rule', details={'properties': props})

    def undo(self, ctx, receipt):
        ctx.arm.put(self.rule_id, {'properties': receipt.details['properties']}, wait=True)

    def leftover(self, _receipt):
        return f'delete firewall rule {self.rule_id} (az resource delete --ids ...)'


@dataclass(frozen=True)
class CreateDatabaseUser:
    """The database user the principal signs in as (`aad_<connection>`), with every privilege on the
    database and on what its public schema holds. A user that exists for the same principal is kept
    (granted again: an update heals); one for another principal is never taken over."""
    server_id: str
    host: str
    database: str
    name: str
    principal: object          # a principal (object) id, or PrincipalOf a previous step

    def describe(self):
        return (f"create database user {self.name} in {self.database} on PostgreSQL server "
                f"{_server_name(self.server_id)} for principal {self.principal}, with all privileges on the database")

    def apply(self, ctx):
        principal = self.principal.resolve(ctx) if isinstance(self.principal, PrincipalOf) else self.principal
        token, (_, admin, _) = ctx.arm.database_token()

        def work():
            with users.session(self.host, users.ADMIN_DATABASE, admin, token) as admin_db:
                found = users.find_principal(admin_db, self.name)
                if found is not None and found.lower() != str(principal).lower():
                    raise ValidationError(
                        f"Database user {self.name} already exists on server {_server_name(self.server_id)} for "
                        f"{'principal ' + found if found else 'no Microsoft Entra principal'}. Choose another "
                        "--connection name, or drop that user first.")
                if found is None:
                    users.create_principal(admin_db, self.name, principal)
                users.grant(admin_db, self.name, self.database, on_database=True)
            with users.session(self.host, self.database, admin, token) as target_db:
                users.grant(target_db, self.name, self.database, on_database=False)
            return found is None
        try:
            created = admitted(ctx, self.server_id, self.name, work, undo=lambda made: made and drop_user(
                ctx, self.server_id, self.host, self.database, self.name))
        except users.SignInFailed as error:
            raise sign_in_error('PostgreSQL', self.server_id, error, f'create database user {self.name}') from None
        return Receipt(created, f"{'created' if created else 'kept'} database user {self.name}",
                       outputs={'principalId': principal, 'created': created})

    def undo(self, ctx, receipt):
        if receipt.outputs.get('created'):
            drop_user(ctx, self.server_id, self.host, self.database, self.name)

    def leftover(self, _receipt):
        return (f'drop database user {self.name} on server {_server_name(self.server_id)} '
                f'(as its Entra admin: DROP ROLE "{self.name}")')


def drop_user(ctx, server_id, host, database, name):
    """Revoke what CreateDatabaseUser granted and drop the user; what it owns (tables the app made) passes
    to the signed-in admin first, so no data goes with it. False when there was no such user."""
    token, (object_id, admin, _) = ctx.arm.database_token()
    admins = {a['name'].lower(): a for a in ctx.arm.pages(server_id + '/administrators')}
    if not admins:
        return False             # no Entra admin, so no Entra user can have been made (an interrupted create)
    if (object_id or '').lower() not in admins:
        names = ', '.join(sorted((a.get('properties') or {}).get('principalName') or n for n, a in admins.items()))
        raise ValidationError(
            f'Only a Microsoft Entra admin of PostgreSQL server {_server_name(server_id)} can drop database user '
            f'{name}, and the signed-in account ({admin}) is not one (its admins: {names}). Sign in as one of them, '
            f'or make yourself one: az postgres flexible-server microsoft-entra-admin create -g {_group(server_id)} '
            f'-s {_server_name(server_id)} -u {admin} -i {object_id}.')

    def work():
        with users.session(host, users.ADMIN_DATABASE, admin, token) as admin_db:
            if users.find_principal(admin_db, name) is None:
                return False
        with users.session(host, database, admin, token) as target_db:
            users.hand_over(target_db, name, admin)
            users.revoke(target_db, name, database, on_database=False)
        with users.session(host, users.ADMIN_DATABASE, admin, token) as admin_db:
            users.revoke(admin_db, name, database, on_database=True)
            if not users.drop_role(admin_db, name):
                raise ValidationError(
                    f'Database user {name} still owns objects outside database {database} on server '
                    f'{_server_name(server_id)}, so it cannot be dropped. Reassign them (REASSIGN OWNED BY '
                    f'"{name}" TO <role>, in each database) and run the command again.')
        return True
    try:
        return admitted(ctx, server_id, name, work)
    except users.SignInFailed as error:
        raise sign_in_error('PostgreSQL', server_id, error, f'drop database user {name}') from None


@dataclass(frozen=True)
class DropDatabaseUser:
    """Delete (or an update away from an identity): the database user the connection made."""
    server_id: str
    host: str
    database: str
    name: str
    principal: str             # the principal it was made for ('' when the record does not know it)

    def describe(self):
        return (f'drop database user {self.name} on PostgreSQL server {_server_name(self.server_id)} (what it owns '
                'passes to the signed-in Microsoft Entra admin)')

    def apply(self, ctx):
        if not drop_user(ctx, self.server_id, self.host, self.database, self.name):
            return Receipt(False, f'database user {self.name} was already gone')
        return Receipt(True, f'dropped database user {self.name}')

    def undo(self, ctx, _receipt):
        CreateDatabaseUser(self.server_id, self.host, self.database, self.name, self.principal).apply(ctx)

    def leftover(self, _receipt):
        return (f'create database user {self.name} again for principal {self.principal} '
                f"(SELECT pgaadauth_create_principal_with_oid('{self.name}', '{self.principal}', 'service', false, "
                'false) as an Entra admin, then grant it the database)')
