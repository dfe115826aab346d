"""The concrete steps. Each forward action sits next to its inverse and returns a Receipt of exactly
what it changed. Shared documents (settings, records, IP rules, the source's identity) are changed
as deltas on a read made just before the write (documents.py), never on what the command read at its
start. `undo` reads again, because time and other steps have passed, and takes back only its delta."""
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

from ..sensitive import MASK, Secret
from .documents import DictDelta, IpDelta, change, ensure
from ..adapters.identity import identity_state, identity_type, identity_types
from .plan import Receipt

PRINCIPAL_RETRIES = (2, 5, 10)   # seconds; a new identity takes a while to reach Microsoft Entra ID


@dataclass(frozen=True)
class PrincipalOf:
    """The principal id a previous step produces (the system identity it enables)."""
    step: str
    label: str

    def resolve(self, ctx):
        return ctx.output(self.step, 'principalId')

    def __str__(self):
        return self.label


def _principal(principal, ctx):
    return principal.resolve(ctx) if isinstance(principal, PrincipalOf) else principal


# -- identity on the source -----------------------------------------------------------------------
def _user_identities(resource):
    return {k.lower() for k in identity_state(resource).users}


@dataclass(frozen=True)
class AddIdentity:
    """Enable the system-assigned identity (identity_id None) or attach a user-assigned one."""
    source_name: str
    identity_id: Optional[str] = None
    manual: str = ''              # the command that takes it back by hand

    def describe(self):
        if self.identity_id:
            return f"attach user-assigned identity {self.identity_id} to {self.source_name}"
        return f"enable the system-assigned identity of {self.source_name}"

    def apply(self, ctx):
        # The PATCH names every identity kind the source keeps, so it starts from a fresh read.
        current = ctx.source.read_resource(ctx.arm, ctx.source_state.ref)
        prior = identity_types(current)
        kind = 'userassigned' if self.identity_id else 'systemassigned'
        users = {self.identity_id: {}} if self.identity_id else None
        after = ctx.source.set_identity(ctx.arm, ctx.source_state.ref, identity_type(prior | {kind}), users)
        principal = None if self.identity_id else (after.get('identity') or {}).get('principalId')
        return Receipt(True, self.describe(), outputs={'principalId': principal},
                       details={'prior_types': sorted(prior), 'prior_users': sorted(_user_identities(current))})

    def undo(self, ctx, receipt):
        restore_identity(ctx.source, ctx.arm, ctx.source_state.ref, self.identity_id, receipt.details['prior_types'],
                         prior_users=receipt.details.get('prior_users', ()))

    def leftover(self, _receipt):
        what = f'detach {self.identity_id} from' if self.identity_id else 'disable the system-assigned identity of'
        return f'{what} {self.source_name} ({self.manual})'


def restore_identity(source, arm, ref, identity_id, prior_types, *, prior_users=()):
    """Take back what an AddIdentity did, from a fresh read: the kind it added (if it was not there
    before) and the user identity it attached; identities others added since are kept. True when
    something was taken back."""
    current = source.read_resource(arm, ref)
    types = identity_types(current)
    prior_types = set(prior_types)
    if identity_id:
        users = _user_identities(current)
        if identity_id.lower() in {u.lower() for u in prior_users} or identity_id.lower() not in users:
            return False
        if users == {identity_id.lower()} and 'userassigned' not in prior_types:
            types.discard('userassigned')
        # Detaching needs the identity named with null; with no user identity left, the type says it all.
        source.set_identity(arm, ref, identity_type(types), {identity_id: None} if 'userassigned' in types else None)
        return True
    if 'systemassigned' in prior_types or 'systemassigned' not in types:
        return False
    source.set_identity(arm, ref, identity_type(types - {'systemassigned'}), None)
    return True


@dataclass(frozen=True)
class RemoveIdentity:
    """Recovery: take back the identity a command that was interrupted had added to the source."""
    source_name: str
    identity_id: Optional[str]
    prior_types: Tuple[str, ...]

    def describe(self):
        what = (f'detach user-assigned identity {self.identity_id} from' if self.identity_id
                else 'disable the system-assigned identity of')
        return f'{what} {self.source_name} (added by the interrupted command)'

    def apply(self, ctx):
        if not restore_identity(ctx.source, ctx.arm, ctx.source_state.ref, self.identity_id, self.prior_types):
            return Receipt(False, 'the identity was not there to take back')
        return Receipt(True, self.describe())

    def undo(self, ctx, _receipt):
        AddIdentity(self.source_name, self.identity_id).apply(ctx)

    def leftover(self, _receipt):
        return f're-add the identity to {self.source_name}'


# -- role assignments on the target ----------------------------------------------------------------
def assignment_name(scope, principal_id, definition_id):
    """Deterministic, so a re-run finds its own assignment instead of adding a twin."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f'{scope.lower()}|{principal_id.lower()}|{definition_id.lower()}'))


RBAC_ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments/'


def assignment_id(scope, principal_id, definition_id, collection=None):
    """The id of the assignment GrantRole makes: Azure RBAC's, or under a target's data-plane `collection`."""
    name = assignment_name(scope, principal_id, definition_id)
    return f'{collection}/{name}' if collection else f'{scope}{RBAC_ASSIGNMENTS}{name}'


def role_definition_id(subscription, definition_guid):
    return f'/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{definition_guid}'


@dataclass(frozen=True)
class GrantRole:
    scope: str
    role_name: str
    role_definition_id: str
    principal: object            # a principal id, or PrincipalOf a previous step
    data_plane: bool = False     # an assignment in the target's own data plane (adapters.base.DataPlaneRoles)

    def describe(self):
        where = ' in its data plane' if self.data_plane else ''
        return f"grant '{self.role_name}' on {self.scope}{where} to principal {self.principal}"

    def apply(self, ctx):
        from azure.core.exceptions import HttpResponseError
        principal = _principal(self.principal, ctx)
        name = assignment_name(self.scope, principal, self.role_definition_id)
        if self.data_plane:
            from ..arm import OperationFailed
            roles = ctx.target
            rid = assignment_id(self.scope, principal, self.role_definition_id, roles.assignment_collection(self.scope))
            body = roles.assignment_body(self.scope, self.role_definition_id, principal)
            for delay in PRINCIPAL_RETRIES + (None,):
                try:
                    ctx.arm.put(rid, body, wait=True)
                    break
                except (HttpResponseError, OperationFailed) as error:
                    # A new identity reaches the target's tenant late, as with Azure RBAC: Cosmos DB answers
                    # "The provided principal ID [..] was not found in the AAD tenant(s) [..]" (400, or its LRO fails).
                    if delay is None or 'was not found in the aad tenant' not in str(error).lower():
                        raise
                    time.sleep(delay)
            return Receipt(True, f"granted '{self.role_name}'", outputs={'id': rid, 'owned': True,
                                                                         'principalId': principal})
        for delay in PRINCIPAL_RETRIES + (None,):
            try:
                created = ctx.arm.put_role_assignment(self.scope, name, self.role_definition_id, principal,
                                                      'ServicePrincipal')
                return Receipt(True, f"granted '{self.role_name}'",
                               outputs={'id': created['id'], 'owned': True, 'principalId': principal})
            except HttpResponseError as error:
                code = getattr(getattr(error, 'error', None), 'code', '') or ''
                if code == 'RoleAssignmentExists':
                    # An equal assignment exists under another name: rely on it, never delete it.
                    return Receipt(False, f"'{self.role_name}' was already granted",
                                   outputs={'id': self._find_existing(ctx, principal), 'owned': False,
                                            'principalId': principal})
                if 'does not exist in the directory' not in str(error) and code != 'PrincipalNotFound' \
                        or delay is None:
                    raise
                time.sleep(delay)
        raise AssertionError('unreachable')

    def _find_existing(self, ctx, principal):
        """ARM's 409 does not say which assignment exists: find it, so the record can name it."""
        wanted = self.role_definition_id.rsplit('/', 1)[-1].lower()
        for assignment in ctx.arm.list_role_assignments(self.scope, principal):
            if assignment['properties']['roleDefinitionId'].lower().endswith(wanted):
                return assignment['id']
        return ''

    def undo(self, ctx, receipt):
        revoke(ctx, receipt.outputs['id'])

    def leftover(self, receipt):
        if self.data_plane:
            return f"delete the target's role assignment {receipt.outputs.get('id')} (az resource delete --ids ...)"
        return f"delete role assignment {receipt.outputs.get('id')} (az role assignment delete --ids ...)"


def revoke(ctx, assignment):
    """Delete a role assignment by id; what ARM returned, or None when it was already gone.

    Gone includes ARM's 404, and its 403 for an assignment whose scope (the target) was deleted:
    ARM deletes a resource's role assignments with it, then answers 'the scope is invalid'."""
    from azure.core.exceptions import HttpResponseError
    if RBAC_ASSIGNMENTS.lower() not in assignment.lower():
        return _revoke_data_plane(ctx, assignment)
    scope, name = assignment.split('/providers/Microsoft.Authorization/roleAssignments/')
    try:
        return ctx.arm.delete_role_assignment(scope, name)
    except HttpResponseError as error:
        if error.status_code == 404 or (error.status_code == 403 and _is_gone(ctx, scope)):
            return None
        raise


def _revoke_data_plane(ctx, assignment):
    """A data-plane assignment is a child resource of the target: read it (for an undo), then delete it."""
    from azure.core.exceptions import ResourceNotFoundError
    try:
        current = ctx.arm.get(assignment)
        ctx.arm.delete(assignment, wait=True)
    except ResourceNotFoundError:
        return None          # gone already, or with its target
    return current


def _is_gone(ctx, resource_id):
    from azure.core.exceptions import ResourceNotFoundError
    try:
        ctx.target.read(ctx.arm, resource_id)
    except ResourceNotFoundError:
        return True
    return False


@dataclass(frozen=True)
class RevokeRole:
    assignment_id: str
    role_name: str

    def describe(self):
        return f"delete role assignment {self.role_name} ({self.assignment_id})"

    def apply(self, ctx):
        deleted = revoke(ctx, self.assignment_id)   # ARM returns what it deleted
        if deleted is None:
            return Receipt(False, 'role assignment already gone (with its target, if that was deleted)')
        return Receipt(True, f'deleted {self.role_name}', details={'properties': deleted['properties']})

    def undo(self, ctx, receipt):
        props = receipt.details['properties']
        if RBAC_ASSIGNMENTS.lower() not in self.assignment_id.lower():
            ctx.arm.put(self.assignment_id, {'properties': props}, wait=True)
            return
        scope, name = self.assignment_id.split('/providers/Microsoft.Authorization/roleAssignments/')
        ctx.arm.put_role_assignment(scope, name, props['roleDefinitionId'], props['principalId'],
                                    props.get('principalType') or 'ServicePrincipal')

    def leftover(self, receipt):
        props = receipt.details.get('properties') or {}
        return (f"re-create role assignment {self.assignment_id} "
                f"(principal {props.get('principalId')}, role {props.get('roleDefinitionId')})")


# -- the target's firewall ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SetFirewallIps:
    """Add and remove addresses in the target's IP rules; other rules are kept as they are. The
    read-modify-write holds the target's lock, so commands for other apps never lose ours."""
    target_name: str
    add: Tuple[str, ...] = ()
    remove: Tuple[str, ...] = ()

    def describe(self):
        parts = []
        if self.add:
            parts.append(f"allow {', '.join(self.add)}")
        if self.remove:
            parts.append(f"remove {', '.join(self.remove)}")
        return f"{' and '.join(parts)} in the IP rules of {self.target_name}"

    def _document(self, ctx):
        return ctx.target.network_document(ctx.target_state.ref)

    def _change(self, ctx, delta):
        with ctx.locks.hold('target', ctx.target_state.ref.id, self.target_name):
            return change(ctx.arm, self._document(ctx), delta)

    def apply(self, ctx):
        delta = IpDelta(self.add, self.remove)
        done = self._change(ctx, delta)
        if not done.changed:
            return Receipt(False, 'IP rules already as wanted')
        return Receipt(True, f'IP rules: allowed {list(self.add)}, removed {list(self.remove)}',
                       details={'delta': delta, 'prior': done.prior})

    def verify(self, ctx, receipt):
        with ctx.locks.hold('target', ctx.target_state.ref.id, self.target_name):
            return ensure(ctx.arm, self._document(ctx), receipt.details['delta'])

    def undo(self, ctx, receipt):
        self._change(ctx, receipt.details['delta'].undo(receipt.details['prior']))

    def leftover(self, _receipt):
        return f"in the IP rules of {self.target_name}, remove {list(self.add)} and restore {list(self.remove)}"


# -- settings on the source ---------------------------------------------------------------------------
@dataclass(frozen=True)
class WriteSettings:
    """Write `values` into the source's settings and delete `remove`; keys we do not own are kept."""
    source_name: str
    values: Tuple[Tuple[str, object], ...] = ()     # (key, str | Secret | Value resolved at apply)
    remove: Tuple[str, ...] = ()
    noun: str = 'settings'                          # the source's word: "app settings"
    note: str = ''                                  # what the write sets off: "a new revision is created"

    def describe(self):
        parts = []
        if self.values:
            shown = ', '.join(f'{k}={MASK if _is_secret(v) else v}' for k, v in self.values)
            parts.append(f'write {self.noun} {shown}')
        if self.remove:
            parts.append(f"delete {self.noun} {', '.join(self.remove)}")
        return f"{'; '.join(parts)} on {self.source_name}" + (f' ({self.note})' if self.note else '')

    def _document(self, ctx):
        return ctx.source.settings_document(ctx.source_state)

    def apply(self, ctx):
        values = tuple((key, ctx.resolve(value)) for key, value in self.values)
        delta = DictDelta(values, self.remove)
        done = change(ctx.arm, self._document(ctx), delta)
        if not done.changed:
            return Receipt(False, 'settings already as wanted')
        prior = {k: v for k, v in done.prior.items() if k in delta.keys}   # in memory only, never shown
        return Receipt(True, f'wrote {sorted(k for k, _ in values)}; deleted {sorted(self.remove)}',
                       details={'delta': delta, 'prior': prior})

    def verify(self, ctx, receipt):
        return ensure(ctx.arm, self._document(ctx), receipt.details['delta'])

    def undo(self, ctx, receipt):
        change(ctx.arm, self._document(ctx), receipt.details['delta'].undo(receipt.details['prior']))

    def leftover(self, receipt):
        return f"restore {self.noun} {sorted(receipt.details['delta'].keys)} of {self.source_name}"


def _is_secret(value):
    return isinstance(value, Secret) or getattr(value, 'is_secret', False)


# -- the records on the source ------------------------------------------------------------------------
@dataclass(frozen=True)
class WriteRecords:
    """Write (or remove, for None) connection records in the source's record store, as one delta on a
    fresh read. `expect` says what each entry must still hold when the write happens (record.Unchanged,
    StillInProgress, StillThere): anything else means another command changed the connection
    meanwhile, and nothing is written. `build` turns the receipts of the steps before into the records.

    The intent (`from_command_read`) starts from the record store the command read a moment before,
    while it planned: a fresh read would cost every command a round trip before its first change, for a
    window that the source lock already closes to this extension's own commands."""
    source_name: str
    build: Callable[[Any], Dict[str, Any]]   # ctx -> {name: Record | None}
    expect: object                # {name: expectation(current entry text or None) -> bool}
    summary: str
    from_command_read: bool = False
    noun: str = 'record store'    # the source's word for where records live: "metadata", "tags"

    def describe(self):
        return f'{self.summary} in the {self.noun} of {self.source_name}'

    def _document(self, ctx):
        return ctx.source.record_document(ctx.source_state.ref)

    def apply(self, ctx):
        return self._write(ctx, self.build(ctx), self.expect, self.from_command_read)

    def rewrite(self, ctx, receipt):
        """Write the records again, built from what the run knows now (e.g. a principal that did not
        exist when they were first written), over what `receipt` wrote."""
        from ..record import StillInProgress
        return self._write(ctx, self.build(ctx), {n: StillInProgress(r.state)
                                                  for n, r in receipt.outputs['records'].items() if r})

    def _write(self, ctx, records, expected, from_command_read=False):
        from ..record import record_entry, record_key
        from .documents import ConcurrentChange
        snapshot = (ctx.source.record_snapshot(ctx.source_state) if from_command_read
                    else self._document(ctx).read(ctx.arm))
        current = snapshot.value
        keys = {name: record_entry(current, name) or record_key(name) for name in records}
        changed = [name for name in records if not expected[name](current.get(keys[name]))]
        if changed:
            raise ConcurrentChange(f"connection {', '.join(changed)} was changed by another command meanwhile; "
                                   'run the command again')
        delta = DictDelta(tuple((keys[n], r.to_json()) for n, r in records.items() if r is not None),
                          tuple(keys[n] for n, r in records.items() if r is None))
        done = change(ctx.arm, self._document(ctx), delta, first=snapshot)
        prior = {k: v for k, v in done.prior.items() if k in delta.keys}
        return Receipt(True, self.summary, outputs={'records': records}, details={'delta': delta, 'prior': prior})

    def undo(self, ctx, receipt):
        change(ctx.arm, self._document(ctx), receipt.details['delta'].undo(receipt.details['prior']))

    def leftover(self, receipt):
        return f"restore {self.noun} entries {sorted(receipt.details['delta'].keys)} of {self.source_name}"
