"""The pure planner: (request, what was read) -> Plan. No I/O; every decision is made here, so
--dry-run shows exactly what will happen and unit tests can drive every branch from data."""
import re
from dataclasses import dataclass, field, replace
from typing import Any, Optional, Tuple

from azure.cli.core.azclierror import InvalidArgumentValueError, ValidationError

from ..matrix import AuthType, OptOut, Value, role_name
from ..adapters.postgres_users import user_name
from ..record import (IN_PROGRESS, DatabaseUserRef, FirewallRef, IdentityChange, Operation, Record, RecordSet, RoleRef,
                      StillInProgress, StillThere, Unchanged, connection_id, now_iso)
from ..sensitive import Secret
from .database_engines import ENGINES
from .database_steps import RemoveSignInRule, temporary_rule
from .plan import Plan, Step
from .steps import (AddIdentity, GrantRole, PrincipalOf, RemoveIdentity, RevokeRole, SetFirewallIps, WriteRecords,
                    WriteSettings, assignment_id, assignment_name, role_definition_id)


@dataclass
class Facts:  # pylint: disable=too-many-instance-attributes  # one per thing read from Azure
    """Everything the planner needs that had to be read from Azure."""
    source: object                       # the source adapter's state (adapters.base.SourceState)
    records: RecordSet                   # this source's connections (and entries this version cannot read)
    target: Optional[object] = None      # adapters.storage.TargetState (None: target gone)
    target_adapter: Optional[object] = None
    source_adapter: Optional[object] = None   # its words (settings, records) and manual commands
    principal_id: Optional[str] = None   # principal of the requested auth, when it exists already
    user_identity_id: Optional[str] = None
    tenant_id: str = ''
    operation: Optional[Operation] = None   # the command this plan runs in (written into the intent)
    now: str = field(default_factory=now_iso)
    # (target adapter, target state) of each of the request's companions, in its order
    companions: Tuple[Tuple[Any, Any], ...] = ()


def plan_apply(request, facts, before=None):
    """The plan that makes connection `request.name` what the request says (create or update).
    `before` is the connection's record now (update), possibly one an interrupted command left.

    A create with companions (Confluent Cloud's schema registry next to its bootstrap server) connects them
    in the same plan: one settings write holds every part's settings, the intent of `request.name` owns
    them all (so an interrupted create is removed, or cleaned up by creating again, as one connection), and
    the final step writes one record per part, each owning its own settings from then on."""
    others = facts.records.others(request.name)
    identity = _identity_as_is if OptOut.AUTH in request.opt_out else _identity_steps
    steps, principal, identity_change = identity(request, facts)
    access_steps, kept_roles, revoked, database_user = _access_steps(request, facts, before, others, principal)
    steps += access_steps
    firewall_step, firewall = _firewall_step(request, facts, before)
    steps += firewall_step
    configures = OptOut.CONFIG_INFO not in request.opt_out
    settings = _choose_settings(request, facts, before, others) if configures else _kept_settings(before)
    parts = _companion_parts(request, facts, others) if configures else []
    written = settings + [item for _, _, chosen in parts for item in chosen] if configures else []
    removed = tuple(k for k in (before.settings if before else ()) if k not in dict(settings))
    if written or removed:
        steps.append(Step('settings', _write_settings(facts, request.source_id, request.scope, tuple(written),
                                                      removed)))
    verb = 'update' if before else 'create'
    owned = {'kept_roles': kept_roles, 'firewall': firewall, 'principal': principal, 'database_user': database_user}
    final = _record_builder(request, facts, before, settings, **owned)
    finals = {part.name: _record_builder(part, part_facts, None, chosen, kept_roles=(), firewall=(), principal=None,
                                         database_user=None, grants=False)
              for part, part_facts, chosen in parts}
    intent = _intent_builder(request, facts, before, steps, written, **owned, identity_change=identity_change,
                             verb=verb)
    transfers = _transfers(revoked, (), others)
    return _with_records(steps, request.source_id, request.name, verb, facts, before=before, intent=intent,
                         final=lambda ctx: {request.name: final(ctx), **{n: b(ctx) for n, b in finals.items()},
                                            **transfers},
                         transfers=transfers, created=tuple(finals), **_remarks(request, facts, principal))


def _companion_parts(request, facts, others):
    """(request, facts, settings) of each companion the create also connects."""
    parts = []
    for part, (adapter, state) in zip(request.companions, facts.companions):
        part_facts = replace(facts, target=state, target_adapter=adapter, companions=())
        parts.append((part, part_facts, _choose_settings(part, part_facts, None, others)))
    return parts


def _remarks(request, facts, principal):
    """What the plan tells beside its steps: what a person does by hand, what --opt-out leaves undone."""
    return {'notes': manual_steps(request.target, request.auth.wire(_principal_id(principal)),
                                  facts.user_identity_id, request.source_id),
            'skipped': tuple(f'not done (--opt-out {o.value}): {o.skipped}' for o in OptOut if o in request.opt_out)}


def _kept_settings(before):
    """--opt-out configinfo: nothing is written; the settings an earlier apply wrote stay the connection's
    own (delete removes them), with the non-secret values it knew."""
    return [(k, before.values.get(k)) for k in before.settings] if before else []


def manual_steps(target, auth, identity_id, source_id):
    """What a person must do outside Azure for a connection (a Fabric SQL database's grant), naming the
    identity that needs it; () for a target that needs nothing. `auth` is the record's authInfo."""
    manual = target.external.manual if target.external else ''
    return (manual.format(identity=identity_label(auth, identity_id, source_id)),) if manual else ()


def identity_label(auth, identity_id, source_id):
    """How a person finds the identity a connection uses."""
    kind, name = auth.get('authType'), _source_name(source_id)
    if kind == AuthType.SYSTEM_IDENTITY.value:
        principal = auth.get('principalId')
        return (f'the system-assigned identity of {name} '
                + (f'(principal id {principal})' if principal else '(enabled by this connection)'))
    if kind == AuthType.USER_IDENTITY.value:
        return f"user-assigned identity {identity_id or ''} (client id {auth.get('clientId')})".replace('  ', ' ')
    return f"service principal {auth.get('clientId')}"


def plan_delete(record, facts):
    """The plan that removes exactly what `record` owns (for a record an interrupted command left,
    everything its plan may have done); shared pieces pass to the connection still using them."""
    others = facts.records.others(record.name)
    steps, revoked = [], []
    for role in _resolved_roles(record, facts):
        if not role.owned or not role.id:
            continue
        if _role_users(role, others):
            revoked.append(role)      # another connection relies on it: hand it over, keep it
            continue
        steps.append(Step(f'revoke-{len(steps) + 1}', RevokeRole(role.id, _role_label(role))))
    ips_kept = {}
    for fw in record.firewall:
        users = [o for o in others.values() if any(f.resource_id.lower() == fw.resource_id.lower() for f in o.firewall)
                 or o.target_id.lower().startswith(fw.resource_id.lower())]
        if users:
            ips_kept[fw.resource_id] = (users[0], fw.ips)
        elif facts.target is not None and fw.ips:
            steps.append(Step('firewall', SetFirewallIps(_target_name(fw.resource_id), remove=fw.ips)))
    user = record.database_user
    if user and user.owned and facts.target is not None:
        steps.insert(0, Step('drop-user', _drop_user(_spec_of(record), user, facts)))
        if record.in_progress:    # its command may have stopped while a temporary rule admitted the caller
            steps.append(Step('signin-rule', RemoveSignInRule(temporary_rule(user.server_id, user.name)),
                              needs=('drop-user',)))
    present = tuple(k for k in record.settings if k in facts.source.settings)
    if present:
        steps.append(Step('settings', _write_settings(facts, record.source_id, record.scope, (), present)))
    steps += _identity_restore(record, others)
    transfers = _transfers(revoked, ips_kept, others)
    intent = _stamp(record, 'delete', facts, steps, record.identity_change)
    return _with_records(steps, record.source_id, record.name, 'delete', facts, before=record, intent=intent,
                         final=lambda ctx: {record.name: None, **transfers}, transfers=transfers)


def plan_forget(source_id, broken, text, source_adapter):
    """delete --force of a record this version cannot read: only its entry goes (what it owns is unknown)."""
    step = Step('record', WriteRecords(
        _source_name(source_id), lambda ctx: {broken.name: None}, {broken.name: Unchanged(text)},
        f"remove entry '{broken.key}' (a record this version cannot read)", noun=source_adapter.records_noun))
    return Plan((step,), connection_id(source_id, broken.name), 'delete')


def _write_settings(facts, source_id, scope, values, remove):
    adapter = facts.source_adapter
    return WriteSettings(_source_name(source_id), values, remove, noun=adapter.settings_noun(scope),
                         note=getattr(adapter, 'settings_note', ''))


def _with_records(steps, source_id, name, verb, facts, *, before, intent, final, transfers, notes=(), created=(),
                  skipped=()):
    """Frame the change steps: the intent record first (every step needs it), the final records last
    (`created`: the companions' connections, whose names must still be free when they are written)."""
    source = _source_name(source_id)
    noun = facts.source_adapter.records_noun
    whole = getattr(facts.source_adapter, 'written_whole', False)
    if whole or getattr(facts.source_adapter, 'serial_writes', False):
        steps = _one_at_a_time(steps)
    prior = facts.records.texts.get(name.lower())
    build_intent = intent if callable(intent) else (lambda ctx: intent)
    intent_step = Step('intent', WriteRecords(
        source, lambda ctx: {name: build_intent(ctx)}, {name: Unchanged(prior)},
        f"record the intent to {verb} connection '{name}'", from_command_read=True, noun=noun))
    changes = [Step(s.key, s.action, tuple(dict.fromkeys(('intent',) + s.needs))) for s in steps]
    final_step = Step('record', WriteRecords(
        source, final, {name: StillInProgress(IN_PROGRESS[verb]), **{t: StillThere() for t in transfers},
                        **{n: Unchanged(facts.records.texts.get(n.lower())) for n in created}},
        f"remove the record of connection '{name}'" if verb == 'delete'
        else f"{'complete' if before is None else 'update'} the record of connection '{name}'", noun=noun),
        needs=('intent',) + tuple(s.key for s in changes))
    return Plan((intent_step, *changes, final_step), connection_id(source_id, name), verb,
                intent='intent', final='record', verify_first=whole, notes=tuple(notes), skipped=skipped)


def _one_at_a_time(steps):
    """For a source written whole (a container group: identity, settings and records are one PUT),
    the steps that write it run one after another, or the second PUT would undo the first; for a
    source that refuses a second change while one is applied (a container app), likewise."""
    ordered, last = [], None
    for step in steps:
        if isinstance(step.action, (AddIdentity, RemoveIdentity, WriteSettings)):
            if last:
                step = Step(step.key, step.action, tuple(dict.fromkeys(step.needs + (last,))))
            last = step.key
        ordered.append(step)
    return ordered


def _stamp(record, verb, facts, steps, identity_change):
    """`record` as the intent of an in-progress `verb`: its state, the operation and the plan."""
    return record.with_changes(state=IN_PROGRESS[verb], operation=facts.operation, identity_change=identity_change,
                               planned=tuple(s.describe() for s in steps), updated_at=facts.now)


def _intent_builder(request, facts, before, steps, settings, *, kept_roles, firewall, principal, database_user,
                    identity_change, verb):
    """Everything the plan may leave behind, before anything changes: its own keys, grants and
    addresses plus, for an update, all the connection owns now (so recovery removes both). Built from
    the run's context: a principal the plan creates is unknown when the intent is first written, and
    known when the intent is written again to keep what a failed rollback left."""
    def build(ctx):
        roles = {r.id.lower() or r.role_definition_id: r for r in (before.roles if before else ()) + tuple(kept_roles)}
        for action in (s.action for s in steps if isinstance(s.action, GrantRole)):
            known = _principal_id(action.principal, ctx)
            ref = RoleRef(assignment_id(action.scope, known, action.role_definition_id,
                                        _collection(facts, action.role_definition_id, action.scope)) if known else '',
                          action.role_definition_id, action.scope, known, owned=True)
            roles.setdefault(ref.id.lower() or ref.role_definition_id, ref)
        record = Record(
            name=request.name, source_id=request.source_id, target=request.target.name, target_id=request.target_id,
            auth=request.auth.wire(_principal_id(principal, ctx)), client_type=request.client_type.value,
            settings=tuple(dict.fromkeys((before.settings if before else ()) + tuple(k for k, _ in settings))),
            values={k: v for k, v in settings if isinstance(v, str)}, roles=tuple(roles.values()),
            firewall=_merge_firewall(before.firewall if before else (), firewall),
            identity_id=facts.user_identity_id or (before.identity_id if before else None),
            created_at=before.created_at if before else facts.now, scope=dict(request.scope),
            target_props=dict(request.target_props), opt_out=_opt_out(request),
            database_user=_intended_user(database_user, before, ctx))
        return _stamp(record, verb, facts, steps, identity_change or (before.identity_change if before else None))
    return build


def _principal_id(principal, ctx=None):
    """A principal id, or the one a step of this plan produced (None while that step has not run)."""
    if not isinstance(principal, PrincipalOf):
        return principal
    outputs = (ctx.outputs if ctx is not None else {}).get(principal.step) or {}
    return outputs.get('principalId')


def _merge_firewall(*groups):
    merged = {}
    for group in groups:
        for ref in group:
            old = merged.get(ref.resource_id.lower())
            merged[ref.resource_id.lower()] = FirewallRef(
                ref.resource_id, tuple(sorted(set(ref.ips) | set(old.ips if old else ()))))
    return tuple(merged.values())


def _collection(facts, definition, scope):
    """Where the target keeps a data-plane role's assignments; None for an Azure RBAC role."""
    if '/providers/microsoft.authorization/roledefinitions/' in definition.lower():
        return None
    return facts.target_adapter.assignment_collection(scope)


def _resolved_roles(record, facts):
    """The record's roles; a grant an interrupted plan made to the system identity it enabled has no
    principal in the record: it is the identity's principal now."""
    principal = facts.source.system_principal
    for role in record.roles:
        if role.principal_id is None:
            if principal is None:
                continue            # the identity is gone, and so is what could have been granted to it
            collection = _collection(facts, role.role_definition_id, role.scope)
            role = RoleRef(assignment_id(role.scope, principal, role.role_definition_id, collection),
                           role.role_definition_id, role.scope, principal, role.owned)
        yield role


def _identity_restore(record, others):
    """For a record an interrupted create or update left: take back the identity its plan added,
    unless another connection of the source now uses it."""
    change = record.identity_change
    if change is None:
        return []
    if change.identity_id is None:
        users = [o for o in others.values() if o.auth.get('authType') == AuthType.SYSTEM_IDENTITY.value]
    else:
        users = [o for o in others.values() if (o.identity_id or '').lower() == change.identity_id.lower()]
    if users:
        return []
    return [Step('identity', RemoveIdentity(_source_name(record.source_id), change.identity_id, change.prior_types))]


# -- identity ---------------------------------------------------------------------------------------
def _identity_steps(request, facts):
    """(steps, the principal to grant roles to, the IdentityChange the steps make or None)."""
    auth, name = request.auth, _source_name(request.source_id)
    prior = tuple(sorted(facts.source.identity_types))
    manual = facts.source_adapter.manual_identity_removal
    if auth.type is AuthType.SYSTEM_IDENTITY:
        if facts.source.system_principal:
            return [], facts.source.system_principal, None
        return ([Step('identity', AddIdentity(name, manual=manual(facts.source.ref)))],
                PrincipalOf('identity', f'<system identity of {name}>'), IdentityChange(None, prior))
    if auth.type is AuthType.USER_IDENTITY:
        if facts.source.user_identity(facts.user_identity_id) is None:
            return ([Step('identity', AddIdentity(name, facts.user_identity_id,
                                                  manual(facts.source.ref, facts.user_identity_id)))],
                    facts.principal_id, IdentityChange(facts.user_identity_id, prior))
        return [], facts.principal_id, None
    if auth.type is AuthType.SERVICE_PRINCIPAL:
        return [], auth.object_id, None
    return [], None, None


def _identity_as_is(request, facts):
    """--opt-out auth: the source's identities stay as they are. The settings still name the identity the
    auth uses, so a system identity must be there already (a user identity is named by its client id)."""
    auth = request.auth
    if auth.type is AuthType.SYSTEM_IDENTITY:
        if not facts.source.system_principal:
            raise ValidationError(
                f"The {request.source.noun} {_source_name(request.source_id)} has no system-assigned identity, and "
                "--opt-out auth leaves its identities as they are. Enable its system-assigned identity first, or "
                "drop --opt-out auth (the connection then enables it and grants its roles).")
        return [], facts.source.system_principal, None
    if auth.type is AuthType.SERVICE_PRINCIPAL:
        return [], auth.object_id, None
    return [], facts.principal_id if auth.type is AuthType.USER_IDENTITY else None, None


# -- roles --------------------------------------------------------------------------------------------
def _role_steps(request, facts, before, others, principal):
    """Grant what the auth needs (again, for an update: it heals); revoke what `before` owned and the
    new auth no longer needs. A revoke never targets an assignment this plan grants."""
    if OptOut.AUTH in request.opt_out:
        # Nothing granted or revoked; what the connection owns already stays its own (delete removes it).
        return [], list(before.roles if before else ()), []
    steps, kept, wanted = [], [], set()
    scope = facts.target_adapter.resource_id(request.target_id) if request.auth.type.uses_identity else None
    subscription = scope.split('/')[2] if scope else ''
    for index, grant in enumerate(request.target.roles if scope else ()):
        definition = (facts.target_adapter.role_definition(scope, grant.definition_id) if grant.data_plane
                      else role_definition_id(subscription, grant.definition_id))
        if not isinstance(principal, PrincipalOf):
            wanted.add((definition.lower(), scope.lower(), principal))
        existing = _existing_role(others, principal, definition, scope)
        if existing is not None:
            kept.append(existing)
            continue
        steps.append(Step(f'grant-{index + 1}', GrantRole(scope, grant.name, definition, principal, grant.data_plane),
                          needs=('identity',) if isinstance(principal, PrincipalOf) else ()))
    revoked = []
    for index, role in enumerate(_resolved_roles(before, facts) if before else ()):
        if not role.owned or (role.role_definition_id.lower(), role.scope.lower(), role.principal_id) in wanted:
            continue
        if _role_users(role, others):
            revoked.append(role)      # another connection relies on it: hand it over
            continue
        steps.insert(0, Step(f'revoke-{index + 1}', RevokeRole(role.id, _role_label(role))))
    return steps, kept, revoked


def _existing_role(others, principal, definition, scope):
    """The assignment another connection on this source made for `principal`, as a RoleRef.
    (The connection's own assignments are granted again, so an update heals one removed by hand;
    an equal assignment made outside our records surfaces as a 409 RoleAssignmentExists.)"""
    if isinstance(principal, PrincipalOf) or principal is None:
        return None      # a principal created by this plan cannot hold any role yet
    name = assignment_name(scope, principal, definition)
    for record in others.values():
        for role in record.roles:
            if role.id.lower().endswith(name) and role.principal_id == principal:
                return RoleRef(role.id, definition, scope, principal, owned=False)
    return None


def _role_users(role, others):
    return [o for o in others.values() if any(r.id.lower() == role.id.lower() for r in o.roles)]


def _role_label(role):
    return f"'{role_name(role.role_definition_id)}' for principal {role.principal_id}"


# -- a passwordless database's user -----------------------------------------------------------------
def _access_steps(request, facts, before, others, principal):
    """What gives the principal access: Azure RBAC or data-plane roles, or (a passwordless database) a
    user in the engine. (steps, kept roles, roles handed over, the DatabaseUserRef or None)."""
    role_steps, kept_roles, revoked = _role_steps(request, facts, before, others, principal)
    user_steps, database_user = _database_user_steps(request, facts, before, principal)
    return role_steps + user_steps, kept_roles, revoked, database_user


def _database_user_steps(request, facts, before, principal):
    """(steps, the DatabaseUserRef the connection will own) for a target that grants identities inside
    its engine: what the server needs first (Entra auth, the signed-in account its Entra admin), then a
    database user for the principal. An update away from such auth (or to another principal) drops the
    user the connection made."""
    old = before.database_user if before else None
    if OptOut.AUTH in request.opt_out:
        return [], old           # nothing granted or dropped; what it owns stays its own
    wanted = bool(request.target.database_user) and request.auth.type.uses_identity and facts.target is not None
    steps = []
    if old and old.owned and (not wanted or _other_principal(old, principal)):
        steps.append(Step('drop-user', _drop_user(request.target, old, facts)))
        old = None
    if not wanted:
        return steps, None
    engine = ENGINES[request.target.database_user]
    server_id = facts.target_adapter.resource_id(request.target_id)
    plain = facts.target_adapter.plain_values(facts.target)
    steps += engine.admin_steps(server_id, facts.target.resource, facts.tenant_id, request.auth)
    user_needs = ('entra-admin',) + tuple(k for k in ('identity', 'drop-user') if any(s.key == k for s in steps)
                                          or (k == 'identity' and isinstance(principal, PrincipalOf)))
    name = user_name(request.name)
    kept = bool(old and old.owned and old.name == name)
    where = (plain[Value.HOST], plain[Value.DATABASE], name)
    steps.append(Step('database-user', engine.create(server_id, where, principal, request.auth, kept),
                      needs=user_needs))
    if before is not None and before.in_progress and before.database_user:   # see plan_delete
        steps.append(Step('signin-rule', RemoveSignInRule(temporary_rule(server_id, name)), needs=('database-user',)))
    owned = old.owned if old and old.name == name else True
    return steps, DatabaseUserRef(server_id, plain[Value.DATABASE], name, _principal_id(principal), owned)


def _other_principal(old, principal):
    known = _principal_id(principal)
    return isinstance(principal, PrincipalOf) or (old.principal_id or '').lower() != (known or '').lower()


def _drop_user(target, ref, facts):
    plain = facts.target_adapter.plain_values(facts.target)
    return ENGINES[target.database_user].drop(ref.server_id, (plain[Value.HOST], ref.database, ref.name),
                                              ref.principal_id or '')


def _spec_of(record):
    from ..matrix.targets import TARGETS
    return TARGETS[record.target]


def _intended_user(ref, before, ctx):
    """The user an intent owns: the one this plan makes (its principal known once made), and for an update
    the one the connection owns now."""
    if ref is None:
        return before.database_user if before else None
    made = (ctx.outputs.get('database-user') or {}).get('principalId') if ctx is not None else None
    return replace(ref, principal_id=made or ref.principal_id)


def _made_user(ref, before, ctx):
    """The user the final record owns: one this plan made, or one the connection owned already. A user
    that was there before (made by hand, or by another tool) is relied on, never dropped."""
    if ref is None:
        return None
    outputs = ctx.outputs.get('database-user') or {}
    had = before is not None and before.database_user is not None and before.database_user.owned \
        and before.database_user.name == ref.name
    owned = bool(outputs.get('created')) or had if outputs else ref.owned
    return replace(ref, principal_id=outputs.get('principalId') or ref.principal_id, owned=owned)


# -- network --------------------------------------------------------------------------------------------
def _firewall_step(request, facts, before):
    """Open the target to the source's outbound addresses when it restricts public access by IP."""
    if OptOut.PUBLIC_NETWORK in request.opt_out:
        # The user handles the network (a private endpoint): nothing opened, a closed target is fine, and
        # addresses an earlier apply added stay the connection's own (delete removes them).
        return [], tuple(before.firewall if before else ())
    if not request.target.network.checks_public_access or facts.target is None:
        return [], ()
    view = facts.target_adapter.network(facts.target)
    resource_id = facts.target_adapter.resource_id(request.target_id)
    if view.public_disabled:
        raise ValidationError(
            f"Target {resource_id} denies all public network traffic, so the connection cannot be opened "
            "through its firewall. Connect through a private endpoint instead (see "
            "https://aka.ms/serviceconnector-private-endpoint) and give --opt-out publicnetwork, or enable public "
            "network access on the target.")
    if not request.target.network.opens_firewall:
        return [], ()
    owned = set(ip for fw in (before.firewall if before else ()) for ip in fw.ips)
    if not view.restricted:
        return [], tuple(FirewallRef(resource_id, tuple(sorted(owned))) for _ in [0] if owned)
    wanted = facts.source.outbound_ips + (('0.0.0.0',) if request.target.network.azure_services else ())
    add = view.missing(wanted)
    remove = tuple(sorted(ip for ip in owned if ip not in wanted))
    keep = tuple(sorted((owned & set(wanted)) | set(add)))
    refs = (FirewallRef(resource_id, keep),) if keep else ()
    if not add and not remove:
        return [], refs
    return [Step('firewall', SetFirewallIps(_target_name(resource_id), add, remove))], refs


# -- settings -------------------------------------------------------------------------------------------
def _choose_settings(request, facts, before, others):
    """[(key, value)] for the connection. The first connection to a target type gets the base names;
    a second one (or one whose base names are taken by a setting we do not own) gets names
    carrying its connection name, as the Service Connector naming convention says."""
    naming = request.target.naming_for(request.auth.type, request.client_type)
    values = _values(request, facts)
    mine = set(before.settings if before else ())
    taken = {k for o in others.values() for k in o.settings} | (set(facts.source.settings) - mine)
    second = any(o.target == request.target.name for o in others.values()) and not naming.literal
    if before is not None:   # an update keeps the style of names the connection already has
        second = any(f'_{_token(request.name)}_' in k for k in before.settings) and not naming.literal
    for suffixed in ((True,) if second else (False, True)):
        if suffixed and naming.literal:
            break
        keys = [_key(request.target.prefix, s.name, request.name if suffixed else None, naming.literal)
                for s in naming.settings]
        clash = [k for k in keys if k in taken]
        if not clash:
            return [(k, _planned(s.value, values)) for k, s in zip(keys, naming.settings)]
    owners = {k: o.name for o in others.values() for k in o.settings}
    detail = ', '.join(f"{k} ({'connection ' + owners[k] if k in owners else 'a setting no connection owns'})"
                       for k in clash)
    raise InvalidArgumentValueError(
        f"The setting names for connection '{request.name}' are already in use on the source: {detail}. "
        "Delete the other connection or the setting, or choose another --connection name"
        + (" (Spring Boot property names cannot be made unique; use another --client-type)." if naming.literal
           else "."))


def _token(connection):
    return re.sub(r'[^A-Za-z0-9]', '_', connection).upper()


def _key(prefix, name, connection, literal):
    if literal:
        return name
    if connection:
        return f'{prefix}_{_token(connection)}_{name}'
    return f'{prefix}_{name}'


def _planned(value, values):
    """A setting's planned value: a Value looked up, a Template bound (rendered now unless secret)."""
    return values[value] if isinstance(value, Value) else value.bind(values)


def _values(request, facts):
    """Every Value this connection can write. Secrets of the target stay Values, read at apply time."""
    auth = request.auth
    values = {v: v for v in Value if v.is_secret}          # resolved by the step, never planned
    values.update(facts.target_adapter.plain_values(facts.target))
    values[Value.TRUE] = 'true'
    values[Value.TENANT_ID] = facts.tenant_id
    if auth.type is AuthType.USER_IDENTITY:
        values[Value.CLIENT_ID] = auth.client_id
    if auth.type is AuthType.SERVICE_PRINCIPAL:
        values[Value.CLIENT_ID] = auth.client_id
        values[Value.CLIENT_SECRET] = auth.secret if isinstance(auth.secret, Secret) else Secret(auth.secret)
    if request.target.database_user and auth.type.uses_identity:      # the database user made for the identity
        values[Value.USERNAME] = facts.target_adapter.login_name(facts.target, user_name(request.name))
    if auth.type is AuthType.SECRET and auth.user_name:
        values[Value.USERNAME] = facts.target_adapter.login_name(facts.target, auth.user_name)
    if auth.type is AuthType.SECRET and auth.secret is not None:     # the user's own (a login, a connection string)
        values[Value.PASSWORD] = auth.secret
    return values


# -- the record ------------------------------------------------------------------------------------------
def _record_builder(request, facts, before, settings, *, kept_roles, firewall, principal, database_user, grants=True):
    def build(ctx):
        roles = list(kept_roles)
        for step in ctx.plan.of_type(GrantRole) if grants else ():
            outputs = ctx.outputs[step.key]
            roles.append(RoleRef(outputs['id'], step.action.role_definition_id, step.action.scope,
                                 outputs['principalId'], outputs['owned']))
        principal_id = principal.resolve(ctx) if isinstance(principal, PrincipalOf) else principal
        return Record(
            name=request.name, source_id=request.source_id, target=request.target.name,
            target_id=request.target_id, auth=request.auth.wire(principal_id),
            client_type=request.client_type.value, settings=tuple(k for k, _ in settings),
            values={k: v for k, v in settings if isinstance(v, str)},
            roles=tuple(roles), firewall=firewall, identity_id=facts.user_identity_id,
            created_at=before.created_at if before else facts.now, updated_at=facts.now, scope=dict(request.scope),
            target_props=dict(request.target_props), opt_out=_opt_out(request),
            database_user=_made_user(database_user, before, ctx))
    return build


def _opt_out(request):
    return tuple(sorted(o.value for o in request.opt_out))


def _transfers(roles, ips_kept, others):
    """Records that take over ownership of pieces a removed or changed connection leaves behind."""
    changed = {}
    for role in roles:
        user = _role_users(role, others)[0]
        user = changed.get(user.name, user)
        changed[user.name] = user.with_changes(
            roles=tuple(r.__class__(**{**r.__dict__, 'owned': True}) if r.id.lower() == role.id.lower() else r
                        for r in user.roles))
    for resource_id, (user, ips) in (ips_kept or {}).items():
        user = changed.get(user.name, user)
        merged = {f.resource_id.lower(): f for f in user.firewall}
        old = merged.get(resource_id.lower())
        merged[resource_id.lower()] = FirewallRef(resource_id, tuple(sorted(set(ips) | set(old.ips if old else ()))))
        changed[user.name] = user.with_changes(firewall=tuple(merged.values()))
    return changed


def _source_name(source_id):
    parts = source_id.split('/')
    return '/'.join(parts[8:]) if len(parts) > 8 else source_id


def _target_name(resource_id):
    return resource_id.split('/')[-1]
