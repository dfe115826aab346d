"""validate: check a connection against what Azure holds now. Each check reports a result, a message
and a suggested fix, like the ServiceLinker ValidationResultItem (plus `suggestion`). Every read a
check needs starts as soon as what it depends on is known.

A target outside Azure Resource Manager (Confluent Cloud, Neon, MongoDB Atlas, Fabric) has nothing to read:
its checks are the form of its address, the settings against the record (values recomputed from what the
record keeps; a value holding the user's secret only for being there), the identity for identity auth, and a
warning for what must be done by hand (Fabric's grant), which nothing can check."""
from dataclasses import dataclass, replace
from typing import Any, Optional

from azure.cli.core.azclierror import AzCLIError

from ..adapters.base import Unreadable
from ..matrix import AuthType, ClientType, OptOut, Value
from ..sensitive import reveal

SUCCESS, FAILURE, WARNING = 'success', 'failure', 'warning'


@dataclass
class Evidence:  # pylint: disable=too-many-instance-attributes  # one per read a check uses
    """What the service read for one validation; reads still in flight are futures."""
    record: Any
    spec: Any                 # TargetSpec
    state: Any                # SourceState
    target: Any               # target adapter
    target_state: Any         # future of the target's state
    roles: Optional[Any]      # future of the principal's role assignments, when identity-based
    secrets: Optional[Any]    # future of the target's secrets, when secret-based
    provisioning_state: str   # Succeeded, Failed, or an in-progress state (record.provisioning_state)
    source_spec: Any          # SourceSpec: the commands a fix names are its own
    settings: Any             # future of the source's settings with every value readable


def _item(name, description, ok, message=None, suggestion=None):
    return {'name': name, 'description': description, 'result': SUCCESS if ok else FAILURE,
            'errorMessage': None if ok else message, 'errorCode': None if ok else name,
            'suggestion': None if ok else suggestion}


def validate_connection(evidence):
    record = evidence.record
    checks = [_item('source-exists', f'Source {record.source_id} exists', True)]
    if record.in_progress:
        checks.append(_check_operation(evidence))
    try:
        target_state = evidence.target_state.result()
    except Exception as error:  # pylint: disable=broad-except
        checks.append(_item(*_target_check(evidence.target, record.target_id), False, str(error),
                            'Re-create the target, or delete this connection (it removes what is left).'))
        return checks
    checks.append(_item(*_target_check(evidence.target, record.target_id), True))
    from ..adapters import spec_of
    evidence = replace(evidence, spec=spec_of(evidence.spec, evidence.target, target_state))
    # What the user opted out of (--opt-out) is theirs to do: not checked, so never reported as a failure.
    if not record.opted_out(OptOut.CONFIG_INFO):
        checks.append(_check_settings(evidence, target_state))
    if not record.opted_out(OptOut.AUTH):
        checks.extend(_check_identity_and_roles(evidence))
        checks.extend(_check_entra_sign_in(evidence, target_state))
    if not record.opted_out(OptOut.PUBLIC_NETWORK):
        checks.extend(_check_network(evidence, target_state))
    checks.extend(_manual_steps(evidence))
    return checks


def _target_check(target, target_id):
    """(name, description) of the check on the target: it exists, or for a target outside ARM (nothing to
    read) its address has the right form."""
    check = getattr(target, 'target_check', None)
    return check(target_id) if check else ('target-exists', f'Target {target_id} exists')


def _manual_steps(evidence):
    """What a person must do outside Azure and nothing can check (a Fabric grant): a warning, never a pass."""
    from ..engine.planner import manual_steps
    record = evidence.record
    return [{'name': 'access', 'description': 'Access granted outside Azure (not checked)', 'result': WARNING,
             'errorMessage': f'{evidence.spec.display} access is granted outside Azure: it cannot be checked here',
             'errorCode': None, 'suggestion': note}
            for note in manual_steps(evidence.spec, record.auth, record.identity_id, record.source_id)]


def _check_operation(evidence):
    """A record still in progress: its command is running (elsewhere), or it stopped half-way."""
    record, state = evidence.record, evidence.provisioning_state
    op = record.operation
    started = f'started {op.started_at}' if op else 'start unknown'
    planned = '; '.join(record.planned) or 'unknown steps'
    if state != 'Failed':
        return _item('operation', 'No command is half-way through this connection', False,
                     f'a {op.verb if op else "command"} is running on another machine ({started}); it may change: '
                     f'{planned}', 'Run validate again when it has finished.')
    verb = evidence.source_spec.name
    return _item('operation', 'No command is half-way through this connection', False,
                 f'the command that was changing this connection stopped before it finished ({record.state}, '
                 f'{started}); any of these may be half-done: {planned}',
                 f'Run `az {verb} connection delete --id {record.connection_id} --yes` to remove what it did'
                 + ('' if record.state == 'Deleting' else ', or create the connection again (it cleans up first)')
                 + '.')


def _update_hint(evidence):
    """An update that changes nothing in the request applies the whole connection again, healing drift."""
    record = evidence.record
    return (f"Run `az {evidence.source_spec.name} connection update {record.target} --id {record.connection_id} "
            f"--client-type {record.client_type}` to write it again.")


def _check_settings(evidence, target_state):
    """Every key the record owns is on the source, with the value the target implies now."""
    record, spec, settings = evidence.record, evidence.spec, evidence.settings.result()
    naming = spec.naming_for(AuthType(record.auth['authType']), ClientType(record.client_type))
    try:
        known = dict(evidence.target.plain_values(target_state))
    except AzCLIError as error:       # the target cannot give a value now (a container app lost its ingress)
        return _item('configuration', f'{len(record.settings)} configuration entries on the source match the '
                     'record', False, str(error), _update_hint(evidence))
    if evidence.secrets is not None:
        known.update(evidence.target.secret_values(target_state, evidence.secrets.result()))
    missing, stale = [], []
    for key in record.settings:
        have, kind = settings.get(key), _value_kind(naming, spec, key)
        now = _expected(kind, known)    # None when it uses a value never kept (a password, an SP's secret)
        if have is None:
            missing.append(key)
        elif isinstance(have, Unreadable):
            continue                   # the source never returns this value (a container group's secure value)
        elif key in record.values:
            if have != record.values[key] or (now is not None and now != have):
                stale.append(key)
        elif now is not None and have != reveal(now):
            stale.append(key)          # e.g. the account key was rotated
    message = '; '.join(filter(None, [missing and f"missing: {', '.join(missing)}",
                                      stale and f"out of date: {', '.join(stale)}"]))
    return _item('configuration', f'{len(record.settings)} configuration entries on the source match the record',
                 not (missing or stale), message, _update_hint(evidence))


def _expected(kind, known):
    """What a setting of `kind` (a Value or a Template) should hold now, or None when it cannot be known."""
    if kind is None:
        return None
    if isinstance(kind, Value):
        return known.get(kind)
    try:
        return kind.render(known.__getitem__)
    except KeyError:
        return None


def _value_kind(naming, spec, key):
    for setting in naming.settings if naming else ():
        if key == setting.name or (key.startswith(spec.prefix) and key.endswith('_' + setting.name)):
            return setting.value
    return None


def _check_identity_and_roles(evidence):
    record, state = evidence.record, evidence.state
    auth = AuthType(record.auth['authType'])
    checks = []
    principal = record.auth.get('principalId')
    if auth is AuthType.SYSTEM_IDENTITY:
        now = state.system_principal
        checks.append(_item('identity', 'The system-assigned identity is enabled and is the one granted',
                            now is not None and now == principal,
                            'the system identity is disabled' if now is None else
                            f'the system identity changed ({principal} -> {now})', _update_hint(evidence)))
    if auth is AuthType.USER_IDENTITY:
        attached = bool(record.identity_id) and state.user_identity(record.identity_id) is not None
        checks.append(_item('identity', f'User identity {record.identity_id} is attached to the source', attached,
                            'the identity is not attached to the source', _update_hint(evidence)))
    if evidence.roles is None:
        return checks
    held = evidence.roles.result()
    scope = evidence.target.resource_id(record.target_id)
    for grant in evidence.spec.roles:
        has = any(a['properties']['roleDefinitionId'].lower().endswith(grant.definition_id.lower())
                  and scope.lower().startswith(a['properties'].get('scope', '').lower()) for a in held)
        checks.append(_item(f'role:{grant.name}', f"Principal {principal} holds '{grant.name}' on the target", has,
                            f"'{grant.name}' is not assigned",
                            _update_hint(evidence) if grant.data_plane else
                            f"az role assignment create --assignee-object-id {principal} "
                            f"--assignee-principal-type ServicePrincipal --role \"{grant.name}\" --scope {scope}"))
    return checks


def _check_entra_sign_in(evidence, target_state):
    """A passwordless database: the server must still accept Microsoft Entra sign-ins (the database user
    itself is inside the engine, where only an Entra admin can look: not checked)."""
    record = evidence.record
    # (A MySQL server has no switch for it: its Entra admin, read with the connection's user, is not checked.)
    if evidence.spec.database_user != 'postgres' or not AuthType(record.auth['authType']).uses_identity:
        return []
    config = target_state.properties.get('authConfig') or {}
    server = evidence.target.resource_id(record.target_id)
    return [_item('entra-auth', f"Server {server.rsplit('/', 1)[-1]} accepts Microsoft Entra sign-ins "
                  f"(database user {record.database_user.name if record.database_user else '?'})",
                  config.get('activeDirectoryAuth') == 'Enabled', 'Microsoft Entra authentication is disabled',
                  f"Run `az postgres flexible-server update --ids {server} --microsoft-entra-auth Enabled`.")]


def _check_network(evidence, target_state):
    if not evidence.spec.network.checks_public_access:
        return []
    view = evidence.target.network(target_state)
    description = "The target's network admits the source"
    if view.public_disabled:
        return [_item('network', description, False, 'the target denies all public network traffic',
                      'Connect through a private endpoint, or enable public network access on the target.')]
    if not evidence.spec.network.opens_firewall:
        return [_item('network', description, True, '', '')]
    missing = view.missing(evidence.state.outbound_ips) if view.restricted else ()
    return [_item('network', description, not missing, f"outbound addresses not allowed: {', '.join(missing)}",
                  _update_hint(evidence).replace('write it again', 'add them to the target firewall'))]


def _held_roles(arm, spec, target, scope, principal):
    """The principal's role assignments that can apply at `scope`: Azure RBAC's, and the target's own
    data-plane ones when the spec grants any."""
    held = list(arm.list_role_assignments(scope, principal)) if any(not g.data_plane for g in spec.roles) else []
    if any(g.data_plane for g in spec.roles):
        held += target.held_roles(arm, scope, principal)
    return held


def _auth_reads(session, pool, reads, target, *, spec, record):
    """What checking the auth needs, started: the roles its principal holds (identities), or the target's
    keys (secret). Futures, or None."""
    auth, principal = AuthType(record.auth['authType']), record.auth.get('principalId')
    roles = (pool.submit(_held_roles, session.arm, spec, target, target.resource_id(record.target_id), principal)
             if auth.uses_identity and principal and not record.opted_out(OptOut.AUTH) else None)
    secrets = reads.secrets(target, record.target_id) if auth is AuthType.SECRET else None
    return roles, secrets


def validate(cli_ctx, source_spec, source_id, name):
    from ..matrix.targets import TARGETS
    from ..record import read_records
    from .resolve import Reads, new_pool
    from .session import Session, record_of
    session = Session(cli_ctx)
    with new_pool() as pool:
        reads = Reads(session, pool)
        source = reads.source(source_spec, source_id, {})
        record = record_of(read_records(source.part('records'), source_id), source_spec, source_id, name)
        source.scope = dict(record.scope)
        spec = TARGETS[record.target]
        target, target_future = reads.target(spec, record.target_id, record.target_props)
        roles, secrets = _auth_reads(session, pool, reads, target, spec=spec, record=record)
        provisioning = record.provisioning_state(session.lock_probe(source_id, holding=False))
        state = source.state()
        settings = pool.submit(source.adapter.settings_values, session.arm, state)
        evidence = Evidence(record, spec, state, target, target_future, roles, secrets, provisioning, source_spec,
                            settings)
        return validate_connection(evidence)
