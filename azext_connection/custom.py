"""The command functions: each turns arguments into a typed request and hands it to its verb."""
# pylint: disable=unused-argument
from dataclasses import replace

from azext_connection import _validators as v


def create(cmd, source, target, *, connection=None, client_type=None, dry_run=False, force=False, **args):
    name = v.connection_name(target, connection)
    request = _create_request(cmd, source, target, name, client_type=client_type, args=args)
    if target.companions:
        from azext_connection.matrix.targets import TARGETS
        parts = tuple(_create_request(cmd, source, TARGETS[c], name + TARGETS[c].name_suffix, client_type=client_type,
                                      args=args) for c in target.companions)
        request = replace(request, companions=parts)
    from azext_connection.verbs.create import create as run
    return run(cmd.cli_ctx, request, dry_run=dry_run, force=force)


def _create_request(cmd, source, target, name, *, client_type, args):
    from azext_connection.request import ConnectionRequest
    auth = v.auth_input(source, target, args)
    return ConnectionRequest(
        source=source, source_id=v.source_id(cmd, source, args), target=target,
        target_id=v.target_id(cmd, target, args), name=name, auth=auth,
        client_type=v.client_type(source, target, auth, client_type), scope=v.inner_scope(source, args),
        target_props=v.target_props(target, args), opt_out=v.opt_outs(args.get('opt_out_list')))


def update(cmd, source, target, *, client_type=None, dry_run=False, **args):
    source_id, name = v.connection_locator(cmd, source, args)

    def build(before, settings):
        from azext_connection.matrix.targets import TARGETS
        # A companion's connection (Confluent's `<name>_schema`) is updated through its main target's command.
        spec = TARGETS.get(before.target, target)
        _refuse_other_parts(target, spec, args)
        target_id = v.target_id(cmd, spec, args) if _readdressed(spec, args) else before.target_id
        return _update_request(source, spec, before, settings, target_id, args=args, client_type=client_type)
    from azext_connection.verbs.update import update as run
    return run(cmd.cli_ctx, source, source_id, name, target_name=target.name, build=build, dry_run=dry_run)


def _readdressed(spec, args):
    """Whether the update gives the connection a new address (Confluent's --bootstrap-server)."""
    return any(args.get(a.dest) for a in spec.args if a in spec.update_args)


def _refuse_other_parts(target, spec, args):
    """Flags of the command's other parts (the Kafka key given to update the schema registry's connection)
    are refused rather than silently ignored."""
    from azext_connection.matrix.targets import TARGETS
    parts = (target,) + tuple(TARGETS[c] for c in target.companions)
    stray = [a.options[0] for p in parts if p.name != spec.name for a in p.update_args if args.get(a.dest)]
    if stray:
        from azure.cli.core.azclierror import ArgumentUsageError
        raise ArgumentUsageError(f"{', '.join(stray)} do not apply to a {spec.display} connection; it takes "
                                 + (', '.join(a.options[0] for a in spec.update_args) or 'none of them') + '.')


def _update_request(source, target, before, settings, target_id, *, args, client_type):
    """The new request: what was given, else what the connection has now."""
    from azext_connection.matrix import AuthType, ClientType
    from azext_connection.matrix.support import supported
    from azext_connection.request import AuthInput, ConnectionRequest
    from azext_connection.sensitive import Secret
    current = AuthInput(AuthType(before.auth['authType']), client_id=before.auth.get('clientId'),
                        subscription_id=before.auth.get('subscriptionId'), object_id=before.auth.get('principalId'),
                        user_name=before.auth.get('name'))
    auth = v.auth_input(source, target, args, default=current)
    if auth is current and auth.type is AuthType.SERVICE_PRINCIPAL:
        # Keep the secret the app already has; we never stored it.
        values = settings()
        old = next((values[k] for k in before.settings if k in values and (k.upper().endswith('CLIENTSECRET')
                    or k.endswith('client-secret') or k.endswith('client-key'))), None)
        auth = replace(auth, secret=Secret(old) if old is not None else None)
    if auth is current and auth.type is AuthType.SECRET and target.user_secret:
        from azure.cli.core.azclierror import RequiredArgumentMissingError
        raise RequiredArgumentMissingError(
            f'Give {target.secret_usage} again to update a {target.display} connection: your secret is never kept, '
            'so the configuration cannot be written again without it.')
    props = v.target_props(target, args, default=before.target_props)
    opt_out = v.opt_outs(args.get('opt_out_list'), default=before.opt_out)
    if (client_type is None and auth is current and props == dict(before.target_props or {})
            and target_id == before.target_id and not args.get('opt_out_list')):
        from azure.cli.core.azclierror import RequiredArgumentMissingError
        raise RequiredArgumentMissingError('Nothing to update: give --client-type, --opt-out or an auth flag '
                                           '(--secret, --system-identity, --user-identity, --service-principal).')
    client = v.client_type(source, target, auth, client_type) or ClientType(before.client_type)
    if client not in supported(source, target).clients_for(target, auth.type):
        client = v.client_type(source, target, auth, client.value)
    return ConnectionRequest(source=source, source_id=before.source_id, target=target, target_id=target_id,
                             name=before.name, auth=auth, client_type=client, scope=before.scope,
                             target_props=props, opt_out=opt_out)


def delete(cmd, source, target, *, dry_run=False, force=False, **args):
    source_id, name = v.connection_locator(cmd, source, args)
    from azext_connection.verbs.delete import delete as run
    return run(cmd.cli_ctx, source, source_id, name, dry_run=dry_run, force=force)


def list_connections(cmd, source, target, target_type=None, **args):
    from azext_connection.verbs.read import list_connections as run
    found = run(cmd.cli_ctx, source, v.source_id(cmd, source, args))
    return [c for c in found if target_type in (None, c['targetType'])]


def show(cmd, source, target, **args):
    from azext_connection.verbs.read import show as run
    return run(cmd.cli_ctx, source, *v.connection_locator(cmd, source, args))


def list_configuration(cmd, source, target, show_secrets=False, **args):
    from azext_connection.verbs.read import list_configuration as run
    return run(cmd.cli_ctx, source, *v.connection_locator(cmd, source, args), show_secrets=show_secrets)


def validate(cmd, source, target, **args):
    from azext_connection.verbs.validate import validate as run
    return run(cmd.cli_ctx, source, *v.connection_locator(cmd, source, args))


def list_support_types(cmd, source, target, target_type=None):
    from azext_connection.matrix import support_rows
    return support_rows(source, target_type)


def wait(cmd, source, target, *, created=False, updated=False, deleted=False, exists=False, interval=5, timeout=3600,
         **args):
    """Poll the connection's record. --created and --updated wait for provisioningState Succeeded,
    --exists for the record to be there at all, --deleted for it to be gone. A connection whose
    command stopped half-way (Failed) will never get there: that is an error at once, not a timeout."""
    import time
    from azure.cli.core.azclierror import ResourceNotFoundError, UnclassifiedUserFault, ValidationError
    from azext_connection.verbs.read import show as show_connection
    source_id, name = v.connection_locator(cmd, source, args)
    deadline = time.monotonic() + timeout
    while True:
        try:
            state = show_connection(cmd.cli_ctx, source, source_id, name)['provisioningState']
        except ResourceNotFoundError:
            state = None
        if deleted:
            done = state is None
        elif exists:
            done = state is not None
        else:
            done = state == 'Succeeded'
            if state == 'Failed':
                raise ValidationError(
                    f"Connection '{name}' is Failed: the command that was changing it stopped before it finished. "
                    f"`az {source.name} connection validate` shows what may be half-done; "
                    f"`az {source.name} connection delete` removes it.")
        if done:
            return None
        if time.monotonic() >= deadline:
            raise UnclassifiedUserFault(f"Timed out after {timeout}s waiting for connection '{name}'.")
        time.sleep(interval)
