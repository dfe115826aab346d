"""Help for every command, generated from the matrix (which auth flags, which client types, which
examples), so help can never drift from what the commands accept.

knack parses each entry as YAML when `-h` (or a usage error) renders it, so every text goes in as a
JSON string, which YAML reads verbatim: a `: ` or a `#` in a summary cannot break help."""
import json

from knack.help_files import helps

from azext_connection.matrix import SOURCES, AuthType, targets_of
from azext_connection.matrix.support import supported

_SUMMARIES = {
    'create': 'Create a connection between a {source} and a {target}.',
    'update': 'Update a {source} to {target} connection: client type or auth.',
    'list': 'List the connections of a {source}.',
    'show': 'Show a connection of a {source}.',
    'delete': 'Delete a connection of a {source}, and exactly what it created.',
    'list-configuration': 'List the configuration a connection wrote into a {source} (secrets masked).',
    'validate': 'Check a connection: resources, configuration, roles and network.',
    'list-support-types': 'List the target types, auth types and client types a {source} supports.',
    'wait': 'Wait until a connection reaches a condition.',
}


def short_summary(verb, source, target=None):
    return _SUMMARIES[verb].format(source=source.display, target=target.display if target else '')


def _locator(specs):
    return ' '.join(f'{a.options[0]} {a.placeholder}' for a in specs if a.required)


def _example(name, text):
    return name, text


def _entry(kind, short, long=None, examples=()):
    """One help entry as YAML whose every scalar is a quoted (JSON) string."""
    text = f'type: {kind}\nshort-summary: {json.dumps(short)}\n'
    if long:
        text += f'long-summary: {json.dumps(long)}\n'
    if examples:
        text += 'examples:\n'
        text += ''.join(f'    - name: {json.dumps(name)}\n      text: {json.dumps(body)}\n' for name, body in examples)
    return text


def _parts(target):
    from azext_connection.matrix.targets import TARGETS
    return (target,) + tuple(TARGETS[name] for name in target.companions)


def _auth_example(target, auth, parts=True):
    """What an example gives for `auth`: the flag, or the user's own secret (for a create, every part's)."""
    if auth is AuthType.SECRET and target.user_secret:
        return ' '.join(part.secret_usage for part in (_parts(target) if parts else (target,)))
    return auth.spec.example


def _create_help(source, target):
    from azext_connection._validators import has_target_id_flag
    prefix = f'az {source.name} connection create {target.name}'
    support = supported(source, target)
    located = ' '.join(_locator(p.args) for p in _parts(target))
    extra = ' '.join(f'{a.options[0]} {a.placeholder}' for a in target.extra_args
                     if a.dest not in target.secret_flags)
    examples = [_example(f'Connect with {a.label}' + (' (default)' if a is support.default_auth else ''),
                         ' '.join(filter(None, (prefix, _locator(source.args), located, extra, _auth_example(target, a),
                                                f'--client-type {support.clients_for(target, a)[0].value}'))))
                for a in support.auth_types]
    if has_target_id_flag(target):
        examples.append(_example('Use resource ids, name the connection, and print the plan without changing anything',
                                 ' '.join(filter(None, (prefix, '--source-id SourceId --target-id TargetId '
                                                        '--connection myconn', extra,
                                                        _auth_example(target, support.default_auth), '--dry-run')))))
    auths = ', '.join(a.label for a in support.auth_types)
    clients = ', '.join(c.value for c in support.client_types)
    noun = source.noun
    doing = []
    if any(a.uses_identity for a in support.auth_types):
        doing.append('enables the identity')
    if target.roles:
        doing.append(f'grants {", ".join(r.name for r in target.roles)}')
    if target.network.opens_firewall:
        doing.append(f"opens the target firewall to the {noun}'s outbound addresses when it restricts public access")
    doing.append(f'writes the settings and records the connection on the {noun}')
    what = '; '.join(doing)
    what = what[0].upper() + what[1:] + '.'
    if target.external is not None:
        made = ''.join(f' It also makes connection `<name>{p.name_suffix}` to the {p.display} ({p.secret_usage}).'
                       for p in _parts(target)[1:])
        what = (f'{target.display} is outside Azure Resource Manager: nothing of it is read through Azure, no role '
                f'is granted and no network opened. {what}{made}'
                + (' ' + target.external.manual.format(identity='the identity') if target.external.manual else ''))
    what += ' '
    return _entry('command', short_summary('create', source, target),
                  f'Supported auth: {auths} (default {support.default_auth.label}). Client types: {clients}. {what}'
                  'If any step fails, every step done is undone; if the command is interrupted, the connection shows '
                  'as Failed and delete removes what it did.', examples)


def _update_help(source, target):
    prefix = f'az {source.name} connection update {target.name}'
    auths = supported(source, target).auth_types
    examples = [_example('Change the client type', f'{prefix} {_locator(source.args)} --connection myconn '
                                                   '--client-type java')]
    if len(auths) > 1:
        examples.append(_example('Switch auth, keeping nothing the old auth owned',
                                 f'{prefix} --id ConnectionId {_auth_example(target, auths[-1], False)}'))
    elif target.user_secret:
        examples.append(_example('Write the connection again (your own secret is never kept: give it again)',
                                 f'{prefix} --id ConnectionId {_auth_example(target, auths[-1], False)}'))
    return _entry('command', short_summary('update', source, target), examples=examples)


def _verb_help(source, verb):
    prefix = f'az {source.name} connection {verb}'
    examples = {
        'list': _example('List as a table', f'{prefix} {_locator(source.args)} -o table'),
        'show': _example('Show one connection', f'{prefix} {_locator(source.args)} --connection myconn'),
        'delete': _example('Delete without a prompt', f'{prefix} --id ConnectionId --yes'),
        'list-configuration': _example('List the settings, secrets masked',
                                       f'{prefix} {_locator(source.args)} --connection myconn'),
        'validate': _example('Validate and show failed checks',
                             f'{prefix} --id ConnectionId --query "[?result==\'failure\']"'),
        'list-support-types': _example('Supported types for storage-blob',
                                       f'{prefix} --target-type storage-blob -o table'),
        'wait': _example('Wait for a connection to exist', f'{prefix} --id ConnectionId --created'),
    }
    return _entry('command', short_summary(verb, source), examples=(examples[verb],))


def load_for(args):
    """Register the help entries of the source a command line names (every source's without one: docs,
    linters). Called only when the command line can show them (_registration.help_needed): the loader runs
    for every `az webapp ...` command, and entries for every source x target cost milliseconds nobody reads.

    The core serviceconnector module registers entries under the same names when it is imported (before
    any extension loads, or later in a process that runs many commands); ours replace them, as our commands
    replace its commands, whenever the group's entry is not ours."""
    names = [a for a in args or () if isinstance(a, str) and not a.startswith('-')]
    chosen = [s for s in SOURCES.values() if not names or s.name == names[0]]
    for source in chosen:
        if helps.get(f'{source.name} connection') != _group_entry(source):
            _load_source(source)


# Groups this extension adds commands under that a stock azure-cli gives no help (the spring extension does).
_OWNERLESS_GROUPS = {'spring': 'Azure Spring Apps: connections to Azure services (the spring extension adds the '
                               'rest).',
                     'spring-cloud': 'Azure Spring Apps, under its older name: connections to Azure services (the '
                                     'spring extension adds the rest).'}


def _group_entry(source):
    return _entry('group', f'Connect a {source.display} to Azure services, client-side: identity, roles, network '
                           'and settings, with rollback.')


def _load_source(source):
    if source.name in _OWNERLESS_GROUPS and source.name not in helps:
        helps[source.name] = _entry('group', _OWNERLESS_GROUPS[source.name])
    group = f'{source.name} connection'
    helps[group] = _group_entry(source)
    helps[f'{group} create'] = _entry('group', f'Create a connection from a {source.display}.')
    helps[f'{group} update'] = _entry('group', f'Update a connection of a {source.display}.')
    for verb in ('list', 'show', 'delete', 'list-configuration', 'validate', 'list-support-types', 'wait'):
        helps[f'{group} {verb}'] = _verb_help(source, verb)
    for target in targets_of(source):
        helps[f'{group} create {target.name}'] = _create_help(source, target)
        helps[f'{group} update {target.name}'] = _update_help(source, target)
