#!/usr/bin/env python
"""Write azext_connection/commands.py and linter_exclusions.yml from the matrix (azext_connection/matrix).

    .venv/bin/python scripts/generate_commands.py          # rewrite both
    .venv/bin/python scripts/generate_commands.py --check  # exit 1 if either is stale

commands.py registers every command in the form azure-cli modules use and azdev's linter reads (its
test-coverage rules find commands by reading `with self.command_group(...)` / `g.*command(...)` lines), so
the commands are written out rather than looped over. tests/unit/test_generated.py fails when either file
and the matrix disagree.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMMANDS_PY = os.path.join(ROOT, 'azext_connection', 'commands.py')
EXCLUSIONS_YML = os.path.join(ROOT, 'linter_exclusions.yml')
VERBS = ('list', 'show', 'delete', 'list-configuration', 'validate', 'list-support-types', 'wait')

_COMMANDS_HEAD = '''\
# Generated from azext_connection/matrix by scripts/generate_commands.py: edit the matrix or the generator,
# then run it (tests/unit/test_generated.py fails while this file is stale).
"""Registers `az <source> connection ...` for every source and target in the matrix.

A command line that names a source's `connection` group registers every command of that source; one that
names no command (docs, linters) registers them all. Any other (`az webapp list`) registers each source's
`list` only: enough for azure-cli's command index to send `az <source> ...` here (it rebuilds the index
from the table of whatever command triggered a full load), and registering loads no target record.
"""
from azext_connection._registration import named_group


def load_command_table(self, args):
    top, second = named_group(args)
    for source, load in _SOURCES.items():
        load(self, only_list=top is not None and (top != source or second != 'connection'))
'''


def _call(name, verb, source, target=None, replaced_by=None):
    args = [repr(name), repr(verb), repr(source)] + ([repr(target)] if target else [])
    if replaced_by:
        args.append(f'replaced_by={replaced_by!r}')
    return f'        g.connection_command({", ".join(args)})'


def _source_loader(source, targets):
    """A source's loader: its verbs' group, then its create and update groups, each in its own function
    (one per group keeps each short)."""
    name = source.name
    lines = ['', '', f'def _{_ident(name)}(self, only_list):',
             f"    with self.command_group('{name} connection', is_preview=True) as g:",
             _call('list', 'list', name),
             '        if only_list:',
             '            return']
    lines += [_call(verb, verb, name) for verb in VERBS if verb != 'list']
    lines += [f'    _{_ident(name)}_{action}(self)' for action in ('create', 'update')]
    for action in ('create', 'update'):
        lines += ['', '', f'def _{_ident(name)}_{action}(self):',
                  f"    with self.command_group('{name} connection {action}', is_preview=True) as g:"]
        lines += [_call(t.name, action, name, t.name, t.replaced_by) for t in targets]
    return lines


def _ident(name):
    return name.replace('-', '_')


def commands_py():
    from azext_connection.matrix import SOURCES, targets_of
    lines = [_COMMANDS_HEAD.rstrip('\n')]
    for source in SOURCES.values():
        lines += _source_loader(source, targets_of(source))
    lines += ['', '', '_SOURCES = {']
    lines += [f'    {s!r}: _{_ident(s)},' for s in SOURCES]
    lines.append('}')
    return '\n'.join(lines) + '\n'


_EXCLUSIONS_HEAD = '''\
# azdev linter exclusions, generated with azext_connection/commands.py by scripts/generate_commands.py: edit the
# generator, not this file. Each reason is given once, at the YAML anchor every command it applies to names.
'''
# (anchor, reason, {parameter: rule} or None for a command-group rule)
_ID = 'id_params_only_for_guid'
_LISTED = ('listed', '--source-id takes the source\'s resource id and keeps the core serviceconnector module\'s name, '
           'which scripts use', {'source_id': _ID})
_LOCATED = ('located', '--source-id and --id (the connection\'s resource id) keep the core module\'s names',
            {'source_id': _ID, 'id': _ID})
_CREATE = ('created', '--source-id, --target-id (resource ids) and --target-resource-group (the target\'s group; '
           '--resource-group is the source\'s) keep the core module\'s names',
           {'source_id': _ID, 'target_id': _ID, 'target_resource_group': 'parameter_should_not_end_in_resource_group'})
_NO_WAIT = ('no_wait', '--no-wait is accepted for scripts written for the core module and waits for nothing (every '
            'change completes before the command returns); `az <source> connection wait` is one level up, as in '
            'the core module', None)


def _exclusion(parameters):
    if parameters is None:
        return ['  rule_exclusions:', '  - require_wait_command_if_no_wait']
    lines = ['  parameters:']
    for parameter, rule in parameters.items():
        lines += [f'    {parameter}:', '      rule_exclusions:', f'      - {rule}']
    return lines


def _entries(kind, names):
    """The first command defines the anchor (with the reason above it); the others name it."""
    anchor, reason, parameters = kind
    first, *rest = names
    return [f'# {reason}', f'{first}: &{anchor}'] + _exclusion(parameters) + [f'{n}: *{anchor}' for n in rest]


def _create_kind(target):
    """A create command's exclusions: the core module's names it has (a target outside ARM may have no
    --target-id or no --target-resource-group)."""
    from azext_connection._validators import has_target_id_flag
    full = _CREATE[2]
    has = {'source_id', *(['target_id'] if has_target_id_flag(target) else []),
           *(['target_resource_group'] if any(a.dest == 'target_resource_group' for a in target.args) else [])}
    if len(has) == len(full):
        return _CREATE
    anchor = 'created_with_' + '_'.join(sorted(d.replace('_', '') for d in has))
    return (anchor, 'the same core module names, of those this target has', {d: r for d, r in full.items() if d in has})


def linter_exclusions():
    from azext_connection.matrix import SOURCES, targets_of
    listed, located, created, groups = [], [], {}, []
    for source in SOURCES.values():
        group = f'{source.name} connection'
        listed.append(f'{group} list')
        located += [f'{group} {verb}' for verb in VERBS if verb not in ('list', 'list-support-types')]
        located += [f'{group} update {t.name}' for t in targets_of(source)]
        for target in targets_of(source):
            kind = _create_kind(target)
            created.setdefault(kind[0], (kind, []))[1].append(f'{group} create {target.name}')
        groups += [f'{group} create', f'{group} update']
    lines = [_EXCLUSIONS_HEAD.rstrip('\n')]
    for kind, names in ((_LISTED, listed), (_LOCATED, located), *created.values(), (_NO_WAIT, groups)):
        lines += _entries(kind, names)
    return '\n'.join(lines) + '\n'


FILES = {COMMANDS_PY: commands_py, EXCLUSIONS_YML: linter_exclusions}


def main(argv):
    sys.path.insert(0, ROOT)
    stale = []
    for path, render in FILES.items():
        text = render()
        with open(path, encoding='utf-8') as f:
            current = f.read()
        if current != text:
            stale.append(os.path.relpath(path, ROOT))
            if '--check' not in argv:
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(text)
    if stale and '--check' in argv:
        print('stale: ' + ', '.join(stale) + ' (run scripts/generate_commands.py)', file=sys.stderr)
        return 1
    print('written: ' + ', '.join(stale) if stale else 'up to date')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
