"""commands.py and linter_exclusions.yml are written from the matrix by scripts/generate_commands.py;
they must say what the generator says now, and register exactly the commands the matrix describes."""
import importlib.util
import os

import yaml

from azext_connection.matrix import SOURCES, targets_of

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _generator():
    spec = importlib.util.spec_from_file_location('generate_commands', os.path.join(ROOT, 'scripts',
                                                                                    'generate_commands.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_commands_py_and_linter_exclusions_are_what_the_generator_writes():
    generator = _generator()
    for path, render in generator.FILES.items():
        with open(path, encoding='utf-8') as f:
            assert f.read() == render(), f'{os.path.relpath(path, ROOT)} is stale: run scripts/generate_commands.py'


def _expected_commands():
    verbs = ('list', 'show', 'delete', 'list-configuration', 'validate', 'list-support-types', 'wait')
    for source in SOURCES.values():
        yield from (f'{source.name} connection {verb}' for verb in verbs)
        for target in targets_of(source):
            yield from (f'{source.name} connection {action} {target.name}' for action in ('create', 'update'))


def test_the_generated_table_registers_every_command_of_the_matrix_and_nothing_else():
    from azure.cli.core.mock import DummyCli
    from azext_connection import ConnectionCommandsLoader
    loader = ConnectionCommandsLoader(cli_ctx=DummyCli())
    assert sorted(loader.load_command_table(None)) == sorted(_expected_commands())


def test_every_exclusion_names_a_command_and_gives_a_reason():
    with open(os.path.join(ROOT, 'linter_exclusions.yml'), encoding='utf-8') as f:
        text = f.read()
    commands = set(_expected_commands()) | {f'{s} connection {a}' for s in SOURCES for a in ('create', 'update')}
    assert set(yaml.safe_load(text)) <= commands
    anchors = [line for line in text.splitlines() if ': &' in line]
    lines = text.splitlines()
    assert anchors and all(lines[lines.index(a) - 1].startswith('# ') for a in anchors)
