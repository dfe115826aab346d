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


def test_every_exclusion_is_needed():
    """Each excluded (command, parameter, rule) is one the rule flags, by the rule's own test in azdev 0.2.13:
    an option ending in -id whose help speaks of a resource id; an option other than --resource-group
    ending in resource-group; a command group with a --no-wait command and no wait command."""
    from azure.cli.core.mock import DummyCli
    from azext_connection import ConnectionCommandsLoader
    from azext_connection._registration import operation_of
    loader = ConnectionCommandsLoader(cli_ctx=DummyCli())
    table = loader.load_command_table(None)
    with open(os.path.join(ROOT, 'linter_exclusions.yml'), encoding='utf-8') as f:
        exclusions = yaml.safe_load(f)
    for name, excluded in exclusions.items():
        for rule in excluded.get('rule_exclusions', ()):
            assert rule == 'require_wait_command_if_no_wait', (name, rule)
            members = [c for c in table if c.rsplit(' ', 1)[0] == name]
            assert any(table[c].supports_no_wait for c in members) and f'{name} wait' not in table, name
        arguments = dict(operation_of(table[name]).arguments_loader()) if excluded.get('parameters') else {}
        for dest, rules in excluded.get('parameters', {}).items():
            settings = arguments[dest].type.settings
            for rule in rules['rule_exclusions']:
                options = settings['options_list']
                if rule == 'id_params_only_for_guid':
                    assert any(o.endswith('-id') for o in options) and 'resource id' in settings['help'].lower()
                else:
                    assert rule == 'parameter_should_not_end_in_resource_group', (name, dest, rule)
                    assert any(o.endswith('resource-group') and o != '--resource-group' for o in options)
