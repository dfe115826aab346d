"""How commands.py registers a command: `g.connection_command(name, verb, source, target)` in a
`with self.command_group(...) as g:` block, the form azure-cli modules use and azdev's linter reads.

Each command's operation is bound to its verb, source and target by name when it is registered, so no
code ever derives the target from the command's name, and registering a command loads no target record:
the source, target and their arguments are looked up when the command runs, or its help or arguments
are asked for.
"""
from azure.cli.core.commands import AzCommandGroup
from azure.cli.core.commands.command_operation import BaseCommandOperation


def confirm_delete(command_args):
    """--dry-run changes nothing, so it needs no confirmation; otherwise ask (never without a TTY)."""
    args = command_args if isinstance(command_args, dict) else vars(command_args)
    if args.get('dry_run'):
        return True
    from knack.log import get_logger
    from knack.prompting import NoTTYException, prompt_y_n
    try:
        return prompt_y_n('Are you sure you want to delete this connection and what it created?')
    except NoTTYException:
        get_logger(__name__).warning('Unable to prompt for confirmation as no tty available. Use --yes.')
        return False


# verb -> (table transformer name in output.py, extra command settings). --no-wait is accepted where the
# core module has it, for scripts written for it; every change completes before the command returns.
VERBS = {
    'create': ('plan_or_result_table', {'supports_no_wait': True}),
    'update': ('plan_or_result_table', {'supports_no_wait': True}),
    'list': ('connection_table', {}),
    'show': ('connection_table', {}),
    'delete': ('plan_or_result_table', {'confirmation': confirm_delete, 'supports_no_wait': True}),
    'list-configuration': ('configuration_table', {}),
    'validate': ('validation_table', {}),
    'list-support-types': ('support_table', {}),
    'wait': (None, {}),
}

_HANDLERS = {'list': 'list_connections'}    # custom.py's function, where it is not the verb's name


class ConnectionOperation(BaseCommandOperation):
    """A command bound to (verb, source name, target name); imports its implementation when it runs."""

    def __init__(self, loader, verb, source, target=None):
        super().__init__(loader)
        self.verb, self.source_name, self.target_name = verb, source, target

    @property
    def source(self):
        from azext_connection.matrix import SOURCES
        return SOURCES[self.source_name]

    @property
    def target(self):
        if self.target_name is None:
            return None
        from azext_connection.matrix.targets import TARGETS
        return TARGETS[self.target_name]

    def handler(self, command_args):
        from azext_connection import custom
        from azure.cli.core.azclierror import ManualInterrupt
        cmd = command_args.pop('cmd')
        command_args.pop('no_wait', None)   # every change completes client-side before we return
        handler = getattr(custom, _HANDLERS.get(self.verb, self.verb.replace('-', '_')))
        try:
            return handler(cmd, self.source, self.target, **command_args)
        except KeyboardInterrupt:
            _exit_interrupted(ManualInterrupt('Interrupted (Ctrl-C) before anything was changed.'))
        except ManualInterrupt as error:
            _exit_interrupted(error)
        return None

    def arguments_loader(self):
        from azext_connection._params import command_arguments
        return command_arguments(self.verb, self.source, self.target)

    def description_loader(self):
        from azext_connection._help import short_summary
        return short_summary(self.verb, self.source, self.target)


def operation_of(command):
    """The ConnectionOperation of a command table entry, or None when the command is not ours."""
    operation = getattr(command, 'command_kwargs', {}).get('command_operation')
    return operation if isinstance(operation, ConnectionOperation) else None


def _exit_interrupted(error):
    """Ctrl-C reports like any failure, but exits 130 as shells and CI expect of an interrupted command
    (azure-cli itself turns KeyboardInterrupt into exit 1)."""
    error.print_error()
    raise SystemExit(130)


def _transformer(name):
    if name is None:
        return None

    def transform(result):
        from azext_connection import output
        return getattr(output, name)(result)
    return transform


class ConnectionCommandGroup(AzCommandGroup):  # pylint: disable=too-few-public-methods  # AzCommandGroup's too
    """The command group commands.py's `self.command_group(...)` returns (the loader's command_group_cls)."""

    def connection_command(self, name, verb, source, target=None, replaced_by=None):
        """Register `<group> <name>`, running `verb` for `source` (and `target`); `replaced_by` names the
        target a retired one's commands point to, as the core module deprecates them."""
        self._check_stale()
        command = f'{self.group_name} {name}'
        table, settings = VERBS[verb]
        if replaced_by:
            settings = dict(settings, deprecate_info=self.command_loader.deprecate(
                target=command, redirect=f'{self.group_name} {replaced_by}', hide=False))
        operation = ConnectionOperation(self.command_loader, verb, source, target)
        self.command_loader.add_cli_command(command, operation, table_transformer=_transformer(table), **settings)
        return command


def help_needed(args):
    """Whether a command line can show this extension's help: no command (docs, linters), help of a
    source's group (`az webapp -h` lists `connection`), or a `connection` command (its -h, or the
    examples a usage error prints). `az webapp list -h` cannot, and skips importing _help."""
    words = [a for a in args or () if isinstance(a, str)]
    names = [w for w in words if not w.startswith('-')]
    asks_help = '-h' in words or '--help' in words
    return not names or (len(names) == 1 and asks_help) or (len(names) > 1 and names[1] == 'connection')


def named_group(args):
    """The (source, second word) the command line starts with (`webapp`, `connection`); (None, None) when
    it names no command (docs, linters, `az -h`)."""
    names = [a.lower() for a in args or () if isinstance(a, str) and not a.startswith('-')]
    return (names + [None, None])[:2] if names else (None, None)
