"""Help and usage errors through the real az parser: `-h` of every group, verb and target renders,
and a usage error on every command is argparse's clean message (exit 2), never a traceback."""
import pytest

from azext_connection.matrix import SOURCES, TARGETS, targets_of

VERBS = ('list', 'show', 'delete', 'list-configuration', 'validate', 'list-support-types', 'wait')


def _commands():
    for source in SOURCES.values():
        group = [source.name, 'connection']
        yield group
        yield [*group, 'create']
        yield [*group, 'update']
        yield from ([*group, verb] for verb in VERBS)
        for target in targets_of(source):
            yield [*group, 'create', target.name]
            yield [*group, 'update', target.name]


COMMANDS = list(_commands())
LEAVES = [c for c in COMMANDS if c[-1] not in ('connection', 'create', 'update')]


def _summary_start(command):
    """The first words of this extension's summary of a command, or None for a group. (The core module
    has help under the same names: `-h` must show ours.)"""
    from azext_connection._help import short_summary
    source = SOURCES[command[0]]
    if command[-1] in ('connection', 'create', 'update'):
        return None
    verb, target = (command[2], TARGETS[command[3]]) if len(command) == 4 else (command[2], None)
    return ' '.join(short_summary(verb, source, target).split()[:4])


@pytest.mark.parametrize('command', COMMANDS, ids=[' '.join(c[1:]) for c in COMMANDS])
def test_help_renders(az, capsys, command):
    result = az(*command, '-h')
    shown = capsys.readouterr()
    assert result.exit_code == 0
    assert 'Traceback' not in shown.err and 'Command' in shown.out or 'Group' in shown.out, shown.out[:500]
    start = _summary_start(command)
    assert start is None or start in ' '.join(shown.out.split()), shown.out[:500]


@pytest.mark.parametrize('command', LEAVES, ids=[' '.join(c[1:]) for c in LEAVES])
def test_a_usage_error_is_a_clean_message(az, capsys, command):
    failed = az(*command, '--no-such-flag', 'x', expect_error=True)
    err = capsys.readouterr().err + failed.stderr
    assert failed.exit_code == 2
    assert 'unrecognized arguments' in err and 'Traceback' not in err, err[-800:]


def test_a_bad_client_type_on_update_is_a_clean_message(az, capsys):
    failed = az('webapp', 'connection', 'update', 'storage-blob', '-g', 'rg', '-n', 'app', '--connection', 'c',
                '--client-type', 'cobol', expect_error=True)
    err = capsys.readouterr().err + failed.stderr
    assert failed.exit_code == 2
    assert "'cobol' is not a valid value for '--client-type'" in err and 'Traceback' not in err, err[-800:]


def test_the_command_index_built_by_an_unrelated_command_still_sends_every_source_here(az_cli):
    """The loader registers every command of the source a command line names and only `list` of the
    others; azure-cli rebuilds its index from the table of whatever command triggered a full load, so
    that `list` is what keeps `az spring connection ...` (which the core module also has) coming here."""
    import json
    import os
    for name in ('commandIndex.json', 'extensionIndex.json', 'helpIndex.json', 'extensionHelpIndex.json'):
        path = os.path.join(az_cli.config_dir, name)
        if os.path.exists(path):
            os.remove(path)
    az_cli.run('webapp', 'list', '-h', check=True)           # the full load that rebuilds the index
    with open(os.path.join(az_cli.config_dir, 'extensionIndex.json'), encoding='utf-8-sig') as f:
        index = json.load(f)
    indexed = {top for top, modules in _index_entries(index) if 'azext_connection' in modules}
    assert indexed >= {s.name for s in SOURCES.values()}
    rows = az_cli.json('spring', 'connection', 'list-support-types')    # ours, not the core module's
    assert {r['target'] for r in rows} == {t.name for t in targets_of(SOURCES['spring'])} and 'client_types' in rows[0]


def _index_entries(index):
    """(top-level command, modules) pairs of azure-cli's extension index, whatever its nesting."""
    for value in index.values():
        if isinstance(value, dict):
            yield from ((k, v) for k, v in value.items() if isinstance(v, list))
