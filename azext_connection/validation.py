"""validate: check a connection against what Azure holds now. Each check reports a result, a message
and a suggested fix, like the ServiceLinker ValidationResultItem (plus `suggestion`)."""
from concurrent.futures import ThreadPoolExecutor

from .matrix import TARGETS, AuthType, ClientType, Value
from .secrets import reveal

SUCCESS, FAILURE, WARNING = 'success', 'failure', 'warning'


def _item(name, description, result, message=None, suggestion=None):
    return {'name': name, 'description': description, 'result': result,
            'errorMessage': message if result != SUCCESS else None, 'errorCode': None if result == SUCCESS else name,
            'suggestion': suggestion if result != SUCCESS else None}


def validate_connection(service, record, state):
    spec = TARGETS[record.target]
    checks = [_item('source-exists', f"Source {record.source_id} exists", SUCCESS)]
    try:
        target, target_state = service.read_target(spec, record.target_id)
    except Exception as error:  # pylint: disable=broad-except
        checks.append(_item('target-exists', f'Target {record.target_id} exists', FAILURE, str(error),
                            'Re-create the target, or delete this connection.'))
        return checks
    checks.append(_item('target-exists', f'Target {record.target_id} exists', SUCCESS))
    with ThreadPoolExecutor(max_workers=3) as pool:
        roles = pool.submit(_check_roles, service, spec, record, state, target)
        settings = pool.submit(_check_settings, service, spec, record, state, target, target_state)
        checks.extend(settings.result())
        checks.extend(roles.result())
    checks.extend(_check_network(spec, state, target, target_state))
    return checks


def _check_settings(service, spec, record, state, target, target_state):
    """Every key the record owns is on the source, with the value the target implies now."""
    naming = spec.naming_for(AuthType(record.auth['authType']), ClientType(record.client_type))
    current = target.plain_values(target_state)
    target_secrets = None
    missing, stale = [], []
    for key in record.settings:
        have, kind = state.settings.get(key), _value_kind(naming, spec, key)
        if have is None:
            missing.append(key)
        elif key in record.values:
            if have != record.values[key] or current.get(kind, have) != have:
                stale.append(key)
        elif kind in (Value.ACCOUNT_KEY, Value.CONNECTION_STRING):
            target_secrets = target_secrets or target.secret_values(service.arm, target_state)
            if have != reveal(target_secrets[kind]):
                stale.append(key)     # e.g. the account key was rotated
        # A service principal's secret cannot be checked: we never store it.
    description = f'{len(record.settings)} configuration entries on the source match the record'
    if missing or stale:
        message = '; '.join(filter(None, [missing and f"missing: {', '.join(missing)}",
                                          stale and f"out of date: {', '.join(stale)}"]))
        return [_item('configuration', description, FAILURE, message,
                      f"Run `az webapp connection update {record.target} --id {record.connection_id}` "
                      "to write them again.")]
    return [_item('configuration', description, SUCCESS)]


def _value_kind(naming, spec, key):
    if naming is None:
        return None
    for setting in naming.settings:
        if key == setting.name or (key.startswith(spec.prefix) and key.endswith('_' + setting.name)):
            return setting.value
    return None


def _check_roles(service, spec, record, state, target):
    auth = AuthType(record.auth['authType'])
    if not auth.uses_identity:
        return []
    checks = []
    principal = record.auth.get('principalId')
    if auth is AuthType.SYSTEM_IDENTITY:
        now = state.system_principal
        ok = now is not None and now == principal
        checks.append(_item('identity', 'The system-assigned identity is enabled and is the one granted',
                            SUCCESS if ok else FAILURE,
                            'the system identity is disabled' if now is None else
                            f'the system identity changed ({principal} -> {now})',
                            'Run `az webapp connection update` to grant the roles to the current identity.'))
        principal = now or principal
    if auth is AuthType.USER_IDENTITY:
        ok = record.identity_id and state.user_identity(record.identity_id) is not None
        checks.append(_item('identity', f'User identity {record.identity_id} is attached to the source',
                            SUCCESS if ok else FAILURE, 'the identity is not attached to the source',
                            'Run `az webapp connection update` to attach it again.'))
    if not principal:
        return checks
    scope = target.resource_id(record.target_id)
    held = service.arm.list_role_assignments(scope, principal)
    for grant in spec.roles:
        has = any(a['properties']['roleDefinitionId'].lower().endswith(grant.definition_id)
                  and scope.lower().startswith(a['properties'].get('scope', '').lower()) for a in held)
        checks.append(_item(f'role:{grant.name}', f"Principal {principal} holds '{grant.name}' on the target",
                            SUCCESS if has else FAILURE, f"'{grant.name}' is not assigned",
                            f"az role assignment create --assignee-object-id {principal} "
                            f"--assignee-principal-type ServicePrincipal --role \"{grant.name}\" --scope {scope}"))
    return checks


def _check_network(spec, state, target, target_state):
    if not spec.network.firewall:
        return []
    view = target.network(target_state)
    description = "The target's network admits the source"
    if view.public_disabled:
        return [_item('network', description, FAILURE, 'the target denies all public network traffic',
                      'Connect through a private endpoint, or enable public network access on the target.')]
    if not view.restricted:
        return [_item('network', description, SUCCESS)]
    missing = view.missing(state.outbound_ips)
    return [_item('network', description, FAILURE if missing else SUCCESS,
                  f"outbound addresses not allowed: {', '.join(missing)}",
                  'Run `az webapp connection update` to add them to the target firewall.')]
