"""The source × target matrix: pure data and pure queries over it (no azure imports).

Only the sources and the vocabulary load with this package; the rest loads on first use (module
__getattr__): registering the `list` command of every source, all an unrelated `az webapp ...` command
needs, reads the sources alone."""
from importlib import import_module

from .kinds import AuthType, ClientType, NetworkKind, OptOut, Value
from .sources import SOURCES
from .specs import ArgSpec, ScopeSpec, SourceSpec

_LAZY = {'TARGETS': '.targets', 'AUTHS': '.auths', 'AuthSpec': '.auths', 'Support': '.support',
         'supported': '.support', 'Naming': '.target_specs', 'Network': '.target_specs',
         'RoleGrant': '.target_specs', 'Setting': '.target_specs', 'TargetSpec': '.target_specs'}

# The names defined here; those in _LAZY load on first use (`from azext_connection.matrix import TARGETS`
# works, and code pylint checks imports them from their modules: matrix.targets, matrix.auths, ...).
__all__ = ['AuthType', 'ClientType', 'NetworkKind', 'OptOut', 'Value', 'SOURCES', 'ArgSpec', 'ScopeSpec', 'SourceSpec',
           'targets_of', 'support_rows', 'role_name']


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
    return getattr(import_module(_LAZY[name], __name__), name)


def targets_of(source):
    """The TargetSpecs a source can connect to."""
    from .targets import TARGETS
    return tuple(TARGETS[name] for name in source.targets)


def support_rows(source, target_name=None):
    """`list-support-types` rows for a source, optionally for one target."""
    from .support import supported
    rows = []
    for target in targets_of(source):
        if target_name in (None, target.name):
            support = supported(source, target)
            rows.append({'source': source.name, 'target': target.name,
                         'auth_types': [a.flag.lstrip('-') or a.value for a in support.auth_types],
                         'client_types': [c.value for c in support.client_types]})
    return rows


def role_name(definition_id):
    """The built-in role's name for a role definition id (or GUID), or the GUID when no target grants it."""
    from .targets import TARGETS
    guid = definition_id.rsplit('/', 1)[-1].lower()
    for target in TARGETS.values():
        for grant in target.roles + tuple(g for v in target.variants for g in v.roles):
            if grant.definition_id.lower() == guid:
                return grant.name
    return guid
