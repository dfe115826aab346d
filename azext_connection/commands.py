"""Registers `az <source> connection ...` for every source and target in the matrix.

Each command's handler is bound to its verb, source and target when it is registered, so no code
ever derives the target from the command's name.
"""
from azext_connection.matrix import SOURCES, targets_of

# verb -> (table transformer name in output.py, extra command settings)
_VERBS = {
    'list': ('connection_table', {}),
    'show': ('connection_table', {}),
    'delete': ('plan_or_result_table', {'confirmation': None, 'supports_no_wait': True}),  # set below
    'list-configuration': ('configuration_table', {}),
    'validate': ('validation_table', {}),
    'list-support-types': ('support_table', {}),
    'wait': (None, {}),
}


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


_VERBS['delete'][1]['confirmation'] = confirm_delete


_HANDLERS = {'list': 'list_connections'}    # custom.py's function, where it is not the verb's name


class Verb:
    """A command handler bound to (verb, source, target); imports the implementation lazily."""

    def __init__(self, verb, source, target=None):
        self.verb, self.source, self.target = verb, source, target

    def __call__(self, command_args):
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

    def arguments(self):
        from azext_connection._params import command_arguments
        return command_arguments(self.verb, self.source, self.target)

    def description(self):
        from azext_connection._help import short_summary
        return short_summary(self.verb, self.source, self.target)


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


def help_needed(args):
    """Whether a command line can show this extension's help: no command (docs, linters), help of a
    source's group (`az webapp -h` lists `connection`), or a `connection` command (its -h, or the
    examples a usage error prints). `az webapp list -h` cannot, and skips importing _help."""
    words = [a for a in args or () if isinstance(a, str)]
    names = [w for w in words if not w.startswith('-')]
    asks_help = '-h' in words or '--help' in words
    return not names or (len(names) == 1 and asks_help) or (len(names) > 1 and names[1] == 'connection')


def _named_group(args):
    """The (source, second word) the command line starts with (`webapp`, `connection`); (None, None) when
    it names no command (docs, linters, `az -h`)."""
    names = [a.lower() for a in args or () if isinstance(a, str) and not a.startswith('-')]
    return (names + [None, None])[:2] if names else (None, None)


def _register(loader, name, verb, table, **settings):
    loader._cli_command(name, handler=verb, argument_loader=verb.arguments,  # pylint: disable=protected-access
                        description_loader=verb.description, table_transformer=_transformer(table),
                        is_preview=True, **settings)


def load_command_table(loader, args):
    """Every command of the source whose connection group the command line names (`az webapp connection
    ...`; of every source when it names no command); of every other source only `list`, which is enough for azure-cli's command index to
    send `az <source> ...` here (it rebuilds the index from the table of whatever command triggered a full
    load). An unrelated `az webapp list` thus registers six commands and loads no target record."""
    top, second = _named_group(args)
    for source in SOURCES.values():
        group = f'{source.name} connection'
        with loader.command_group(group, is_preview=True):
            pass
        if top is not None and (top != source.name or second != 'connection'):
            _register(loader, f'{group} list', Verb('list', source), _VERBS['list'][0])
            continue
        for verb, (table, settings) in _VERBS.items():
            _register(loader, f'{group} {verb}', Verb(verb, source), table, **settings)
        for action in ('create', 'update'):
            with loader.command_group(f'{group} {action}', is_preview=True):
                pass
            for target in targets_of(source):
                name = f'{group} {action} {target.name}'
                retired = ({'deprecate_info': loader.deprecate(target=name, redirect=f'{group} {action} '
                                                               f'{target.replaced_by}', hide=False)}
                           if target.replaced_by else {})
                _register(loader, name, Verb(action, source, target), 'plan_or_result_table', supports_no_wait=True,
                          **retired)
