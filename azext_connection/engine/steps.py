"""The concrete steps. Each forward action sits next to its inverse and returns a Receipt of exactly
what it changed. `apply` starts from the state this command read (ctx.source_state, ctx.target_state,
read concurrently before any change); `undo` re-reads, because time and other steps have passed."""
import time
import uuid
from dataclasses import dataclass
from typing import Optional, Tuple

from ..sensitive import MASK, Secret, reveal
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
def _identity_type(types):
    names = [n for key, n in (('systemassigned', 'SystemAssigned'), ('userassigned', 'UserAssigned')) if key in types]
    return ', '.join(names) or 'None'


@dataclass(frozen=True)
class AddIdentity:
    """Enable the system-assigned identity (identity_id None) or attach a user-assigned one."""
    source_name: str
    identity_id: Optional[str] = None

    def describe(self):
        if self.identity_id:
            return f"attach user-assigned identity {self.identity_id} to {self.source_name}"
        return f"enable the system-assigned identity of {self.source_name}"

    def apply(self, ctx):
        state = ctx.source_state
        kind = 'userassigned' if self.identity_id else 'systemassigned'
        site = ctx.source.set_identity(ctx.arm, state.ref, _identity_type(state.identity_types | {kind}),
                                       {self.identity_id: {}} if self.identity_id else None)
        principal = None if self.identity_id else (site.get('identity') or {}).get('principalId')
        return Receipt('identity', True, self.describe(), outputs={'principalId': principal},
                       details={'prior_types': sorted(state.identity_types)})

    def undo(self, ctx, receipt):
        prior = set(receipt.details['prior_types'])
        # Detaching needs the identity named with null; when no user identity was there, the type says it all.
        detach = {self.identity_id: None} if self.identity_id and 'userassigned' in prior else None
        ctx.source.set_identity(ctx.arm, ctx.source_state.ref, _identity_type(prior), detach)

    def leftover(self, receipt):
        if self.identity_id:
            return f'detach {self.identity_id} from {self.source_name} (az webapp identity remove --identities ...)'
        return f'disable the system-assigned identity of {self.source_name} (az webapp identity remove)'


# -- role assignments on the target ----------------------------------------------------------------
def assignment_name(scope, principal_id, role_definition_id):
    """Deterministic, so a re-run finds its own assignment instead of adding a twin."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f'{scope.lower()}|{principal_id.lower()}|{role_definition_id.lower()}'))


def role_definition_id(subscription, definition_guid):
    return f'/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{definition_guid}'


@dataclass(frozen=True)
class GrantRole:
    key: str
    scope: str
    role_name: str
    role_definition_id: str
    principal: object            # a principal id, or PrincipalOf a previous step

    def describe(self):
        return f"grant '{self.role_name}' on {self.scope} to principal {self.principal}"

    def apply(self, ctx):
        from azure.core.exceptions import HttpResponseError
        principal = _principal(self.principal, ctx)
        name = assignment_name(self.scope, principal, self.role_definition_id)
        for delay in PRINCIPAL_RETRIES + (None,):
            try:
                created = ctx.arm.put_role_assignment(self.scope, name, self.role_definition_id, principal,
                                                      'ServicePrincipal')
                return Receipt(self.key, True, f"granted '{self.role_name}'",
                               outputs={'id': created['id'], 'owned': True, 'principalId': principal})
            except HttpResponseError as error:
                code = getattr(getattr(error, 'error', None), 'code', '') or ''
                if code == 'RoleAssignmentExists':
                    # An equal assignment exists under another name: rely on it, never delete it.
                    return Receipt(self.key, False, f"'{self.role_name}' was already granted",
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
        ctx.arm.delete_role_assignment(self.scope, receipt.outputs['id'].rsplit('/', 1)[-1])

    def leftover(self, receipt):
        return f"delete role assignment {receipt.outputs.get('id')} (az role assignment delete --ids ...)"


@dataclass(frozen=True)
class RevokeRole:
    key: str
    assignment_id: str
    role_name: str

    def describe(self):
        return f"delete role assignment {self.role_name} ({self.assignment_id})"

    def _split(self):
        scope, name = self.assignment_id.split('/providers/Microsoft.Authorization/roleAssignments/')
        return scope, name

    def apply(self, ctx):
        deleted = ctx.arm.delete_role_assignment(*self._split())   # ARM returns what it deleted
        if deleted is None:
            return Receipt(self.key, False, 'role assignment already gone')
        return Receipt(self.key, True, f'deleted {self.role_name}', details={'properties': deleted['properties']})

    def undo(self, ctx, receipt):
        scope, name = self._split()
        props = receipt.details['properties']
        ctx.arm.put_role_assignment(scope, name, props['roleDefinitionId'], props['principalId'],
                                    props.get('principalType') or 'ServicePrincipal')

    def leftover(self, receipt):
        props = receipt.details.get('properties') or {}
        return (f"re-create role assignment {self.assignment_id} "
                f"(principal {props.get('principalId')}, role {props.get('roleDefinitionId')})")


# -- the target's firewall ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SetFirewallIps:
    """Add and remove addresses in the target's IP rules; other rules are kept as they are."""
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

    def apply(self, ctx):
        state = ctx.target_state
        have = list(ctx.target.network(state).ips)
        added = [ip for ip in self.add if ip not in have]
        removed = [ip for ip in self.remove if ip in have]
        if not added and not removed:
            return Receipt('firewall', False, 'IP rules already as wanted')
        ips = [ip for ip in have if ip not in removed] + added
        ctx.target.write(ctx.arm, state, ctx.target.ip_rules_patch(state, ips))
        return Receipt('firewall', True, f'IP rules: added {added}, removed {removed}',
                       outputs={'added': tuple(added)}, details={'added': added, 'removed': removed})

    def undo(self, ctx, receipt):
        state = ctx.target.read(ctx.arm, ctx.target_id)
        have = list(ctx.target.network(state).ips)
        ips = [ip for ip in have if ip not in receipt.details['added']]
        ips += [ip for ip in receipt.details['removed'] if ip not in ips]
        ctx.target.write(ctx.arm, state, ctx.target.ip_rules_patch(state, ips))

    def leftover(self, receipt):
        return (f"in the IP rules of {self.target_name}, remove {receipt.details['added']} "
                f"and restore {receipt.details['removed']}")


# -- settings on the source ---------------------------------------------------------------------------
@dataclass(frozen=True)
class WriteSettings:
    """Merge settings into the source: write `values`, delete `remove`; keys we do not own are kept."""
    source_name: str
    values: Tuple[Tuple[str, object], ...] = ()     # (key, str | Secret | Value resolved at apply)
    remove: Tuple[str, ...] = ()

    def describe(self):
        parts = []
        if self.values:
            shown = ', '.join(f'{k}={MASK if _is_secret(v) else v}' for k, v in self.values)
            parts.append(f'write app settings {shown}')
        if self.remove:
            parts.append(f"delete app settings {', '.join(self.remove)}")
        return f"{'; '.join(parts)} on {self.source_name}"

    def apply(self, ctx):
        current = dict(ctx.source_state.settings)
        values = {key: reveal(ctx.resolve(value)) for key, value in self.values}
        prior = {key: current.get(key) for key in list(values) + list(self.remove)}
        merged = {k: v for k, v in current.items() if k not in self.remove}
        merged.update(values)
        if merged == current:
            return Receipt('settings', False, 'settings already as wanted')
        ctx.source.write_settings(ctx.arm, ctx.source_state.ref, merged)
        return Receipt('settings', True, f'wrote {sorted(values)}; deleted {sorted(self.remove)}',
                       details={'prior': {k: Secret(v) if v is not None else None for k, v in prior.items()}})

    def undo(self, ctx, receipt):
        current = ctx.source.read_settings(ctx.arm, ctx.source_state.ref)
        for key, value in receipt.details['prior'].items():
            if value is None:
                current.pop(key, None)
            else:
                current[key] = reveal(value)
        ctx.source.write_settings(ctx.arm, ctx.source_state.ref, current)

    def leftover(self, receipt):
        return f"restore app settings {sorted(receipt.details['prior'])} of {self.source_name}"


def _is_secret(value):
    return isinstance(value, Secret) or getattr(value, 'is_secret', False)


# -- the records on the source ------------------------------------------------------------------------
@dataclass(frozen=True)
class WriteRecords:
    """Write (or remove, for None) connection records in the source's metadata, in one PUT.
    `build` turns the receipts of the steps before into the final records."""
    source_name: str
    names: Tuple[str, ...]
    build: object                 # callable(ctx) -> {name: Record | None}
    summary: str

    def describe(self):
        return f'{self.summary} in the metadata of {self.source_name}'

    def apply(self, ctx):
        from ..record import metadata_entry, metadata_key
        current = dict(ctx.source_state.metadata)
        prior = {}
        records = self.build(ctx)
        for name, record in records.items():
            key = metadata_entry(current, name) or metadata_key(name)
            prior[key] = current.get(key)
            if record is None:
                current.pop(key, None)
            else:
                current[key] = record.to_json()
        ctx.source.write_metadata(ctx.arm, ctx.source_state.ref, current)
        return Receipt('record', True, self.summary, outputs={'records': records}, details={'prior': prior})

    def undo(self, ctx, receipt):
        current = ctx.source.read_metadata(ctx.arm, ctx.source_state.ref)
        for key, value in receipt.details['prior'].items():
            if value is None:
                current.pop(key, None)
            else:
                current[key] = value
        ctx.source.write_metadata(ctx.arm, ctx.source_state.ref, current)

    def leftover(self, receipt):
        return f"restore metadata entries {sorted(receipt.details['prior'])} of {self.source_name}"
