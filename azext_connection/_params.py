"""The arguments of every command, generated from the matrix: the source's locator, the target's
locator, the auth flags, and what each verb adds. Option names follow the core module's."""
from knack.arguments import CLICommandArgument

from azext_connection.matrix import ClientType, OptOut, targets_of
from azext_connection.matrix.auths import AUTHS
from azext_connection.matrix.support import supported

_SOURCE_GROUP = 'Source'
_TARGET_GROUP = 'Target'
_AUTH_GROUP = 'AuthType'


def _arg(dest, options, help_text, group=None, **settings):
    return dest, CLICommandArgument(dest, options_list=list(options), help=help_text, required=False,
                                    default=settings.pop('default', None), arg_group=group, **settings)


def _spec_arg(spec, group):
    extra = {'configured_default': spec.configured_default} if spec.configured_default else {}
    if spec.multiple:
        extra['nargs'] = '+'
    return _arg(spec.dest, spec.options, spec.help, group, **extra)


def _source_args(source):
    args = [_spec_arg(spec, _SOURCE_GROUP) for spec in source.locators]
    args.append(_arg('source_id', ('--source-id',),
                     f'The resource id of the source {source.display}. Required if '
                     + ', '.join(a.options[0] for a in source.args) + ' are not given.', _SOURCE_GROUP))
    return args


def _parts(target):
    """The target and the companions its create connects too (Confluent's schema registry)."""
    from azext_connection.matrix.targets import TARGETS
    return (target,) + tuple(TARGETS[name] for name in target.companions)


def _target_args(target):
    from azext_connection._validators import has_target_id_flag
    args = [_spec_arg(spec, _TARGET_GROUP) for part in _parts(target) for spec in part.args + part.extra_args]
    if has_target_id_flag(target):
        flags = ', '.join(a.options[-1] for a in target.args)
        kind = 'resource id' if target.arm else 'resource id (its REST URL)'
        args.append(_arg('target_id', ('--target-id',),
                         f'The {kind} of the target {target.display}. Required if {flags} are not given.',
                         _TARGET_GROUP))
    return args


def _update_target_args(target):
    """What an update can give again (TargetSpec.update_args) for the target and its companions."""
    return [_spec_arg(spec, _TARGET_GROUP) for part in _parts(target) for spec in part.update_args]


def _auth_args(supports):
    """All auth flags on every command that takes auth, so an unsupported one gets a clear error
    listing the supported ones instead of argparse's 'unrecognized arguments'."""
    offered = {a for s in supports for a in s.auth_types}
    args = []
    for auth, spec in AUTHS.items():
        if not spec.flag:
            continue                  # no auth: nothing to give
        text = spec.help if auth in offered else f'Not supported here. {spec.help}'
        args.append(_arg(spec.dest, (spec.flag,), text, _AUTH_GROUP, **dict(spec.argparse)))
    return args


def _connection_arg(required_hint):
    return _arg('connection', ('--connection',), f'Name of the connection. {required_hint}')


def _id_arg():
    return _arg('id', ('--id',), 'The resource id of the connection: the source\'s resource id followed by '
                '`/providers/Microsoft.ServiceLinker/linkers/NAME`. Replaces the source arguments and --connection.')


def _client_type_arg(supports):
    clients = [c.value for c in ClientType if any(c in s.client_types for s in supports)]
    return _arg('client_type', ('--client-type',),
                'The client type used on the source. Default: detected from the source\'s runtime, else none.',
                choices=clients)


def _dry_run_arg():
    return _arg('dry_run', ('--dry-run',), 'Print the plan of changes and change nothing.', action='store_true',
                default=False)


_OPT_OUT_HELP = ('Whether to disable some configuration steps. Use configinfo to disable configuration information '
                 'changes on source. Use publicnetwork to disable public network access configuration (a target that '
                 'denies all public traffic is then accepted: reach it through a private endpoint). Use auth to skip '
                 'auth configuration such as enabling managed identity and granting RBAC roles (a system identity '
                 'must then be enabled already).')
_OPT_OUT_UPDATE = (' The connection keeps the opt-outs it was created with unless --opt-out is given; given, it '
                   'replaces them (a step no longer opted out is done now). An update cannot remove them all: '
                   'delete the connection and create it again.')


def _opt_out_arg(verb):
    """--opt-out as the core CLI's (same dest, choices and nargs)."""
    return _arg('opt_out_list', ('--opt-out',), _OPT_OUT_HELP + (_OPT_OUT_UPDATE if verb == 'update' else ''),
                nargs='+', choices=[o.value for o in OptOut])


def _force_arg(what):
    return _arg('force', ('--force',), f'{what} a record this version of the extension cannot read (invalid, from '
                'another tool or from a newer version). What that record owns is not removed.', action='store_true',
                default=False)


def command_arguments(verb, source, target):
    """[(dest, CLICommandArgument)] for one command."""
    return _VERB_ARGUMENTS[verb](source, target)


def _create_args(source, target):
    support = [supported(source, target)]
    return (_source_args(source) + _target_args(target) + [_connection_arg('Default: a generated name.')]
            + [_client_type_arg(support)] + _auth_args(support)
            + [_opt_out_arg('create'), _dry_run_arg(), _force_arg('Replace')])


def _update_args(source, target):
    support = [supported(source, target)]
    return (_by_id_args(source) + [_client_type_arg(support)] + _update_target_args(target) + _auth_args(support)
            + [_opt_out_arg('update'), _dry_run_arg()])


def _target_type_arg(source, help_text):
    return _arg('target_type', ('--target-type',), help_text, choices=[t.name for t in targets_of(source)])


def _by_id_args(source):
    """The connection, by the source's arguments and --connection, or by --id."""
    return _source_args(source) + [_connection_arg('Required unless --id is given.'), _id_arg()]


def _show_secrets_arg():
    return _arg('show_secrets', ('--show-secrets',), 'Show secret values (connection strings, keys, client secrets) '
                'instead of masking them.', action='store_true', default=False)


_VERB_ARGUMENTS = {
    'create': _create_args,
    'update': _update_args,
    'list': lambda source, _: _source_args(source) + [
        _target_type_arg(source, 'Only list connections to this target type.')],
    'list-support-types': lambda source, _: [_target_type_arg(source, 'Only show this target type.')],
    'show': lambda source, _: _by_id_args(source),
    'validate': lambda source, _: _by_id_args(source),
    'delete': lambda source, _: _by_id_args(source) + [_dry_run_arg(), _force_arg('Remove')],
    'list-configuration': lambda source, _: _by_id_args(source) + [_show_secrets_arg()],
    'wait': lambda source, _: _by_id_args(source) + _wait_args(),
}


def _wait_args():
    group = 'Wait Condition'
    return [
        _arg('created', ('--created',), 'Wait until the connection exists with provisioningState Succeeded.',
             group, action='store_true', default=False),
        _arg('updated', ('--updated',), 'Wait until provisioningState is Succeeded.', group,
             action='store_true', default=False),
        _arg('deleted', ('--deleted',), 'Wait until the connection is deleted.', group,
             action='store_true', default=False),
        _arg('exists', ('--exists',), 'Wait until the connection exists.', group, action='store_true', default=False),
        _arg('interval', ('--interval',), 'Polling interval in seconds.', group, type=int, default=5),
        _arg('timeout', ('--timeout',), 'Maximum wait in seconds.', group, type=int, default=3600),
    ]


def load_arguments(loader, command):
    """Claim our arguments for our command (for every command of ours when `command` is '': docs, linters).

    The core `serviceconnector` module registers settings (help, choices, actions) for the same
    command names and dests; azure-cli merges registries scope by scope, a later loader's scope
    replacing an earlier one's. Registering ours at each ancestor scope keeps the core module's
    settings from leaking into our command.

    When every command loads at once, every module's scopes are merged first (appservice's `functionapp`
    scope makes `name` an `--ids` part): replacing the sources' scopes then would take settings from other
    modules' commands, so each command claims its own scope only, with nothing left for a broader scope
    to add (an id_part there would give `list` an `--ids`).
    """
    if command:
        _claim(loader, command, _scopes(command))
        return
    for name in list(loader.command_table):
        _claim(loader, name, [name], defaults=_UNSET_ELSEWHERE)


_NO_WAIT_HELP = ('Accepted for scripts written for the core module, and waits for nothing: every change is done '
                 'before the command returns.')
# Settings a broader scope could give our arguments when every module's registry is merged.
_UNSET_ELSEWHERE = {'id_part': None, 'validator': None, 'completer': None, 'local_context_attribute': None}


def _scopes(command):
    words = command.split()
    return [' '.join(words[:depth]) for depth in range(1, len(words) + 1)]


def _claim(loader, command, scopes, defaults=None):
    from azext_connection._registration import operation_of
    operation = operation_of(loader.command_table.get(command))
    if operation is None:
        return
    args = operation.arguments_loader()
    for scope in scopes:
        with loader.argument_context(scope) as context:
            for dest, argument in args:
                settings = {k: v for k, v in argument.type.settings.items() if k != 'dest'}
                context.argument(dest, **{**(defaults or {}), **settings})
            context.argument('no_wait', help=_NO_WAIT_HELP)
