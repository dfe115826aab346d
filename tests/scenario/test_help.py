"""Help and usage errors through the real az parser: `-h` of every group, verb and target renders,
and a usage error on every command is argparse's clean message (exit 2), never a traceback."""
import pytest

from azext_connection.matrix import SOURCES, targets_of

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


@pytest.mark.parametrize('command', COMMANDS, ids=[' '.join(c[1:]) for c in COMMANDS])
def test_help_renders(az, capsys, command):
    result = az(*command, '-h')
    shown = capsys.readouterr()
    assert result.exit_code == 0
    assert 'Traceback' not in shown.err and 'Command' in shown.out or 'Group' in shown.out, shown.out[:500]


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
