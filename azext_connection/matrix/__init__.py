"""The source × target matrix: pure data and pure queries over it (no azure imports)."""
from .kinds import AuthType, ClientType, Value
from .sources import SOURCES
from .specs import ArgSpec, Naming, Network, RoleGrant, Setting, SourceSpec, TargetSpec
from .targets import TARGETS

__all__ = ['AuthType', 'ClientType', 'Value', 'SOURCES', 'TARGETS', 'ArgSpec', 'Naming', 'Network',
           'RoleGrant', 'Setting', 'SourceSpec', 'TargetSpec', 'targets_of', 'support_rows', 'role_name']


def targets_of(source):
    """The TargetSpecs a source can connect to."""
    return tuple(TARGETS[name] for name in source.targets)


def support_rows(source, target_name=None):
    """`list-support-types` rows for a source, optionally for one target."""
    return [{'source': source.name, 'target': t.name,
             'auth_types': [a.flag.lstrip('-') for a in t.auth_types],
             'client_types': [c.value for c in t.client_types]}
            for t in targets_of(source) if target_name in (None, t.name)]


def role_name(definition_id):
    """The built-in role's name for a role definition id (or GUID), or the GUID when no target grants it."""
    guid = definition_id.rsplit('/', 1)[-1].lower()
    for target in TARGETS.values():
        for grant in target.roles:
            if grant.definition_id == guid:
                return grant.name
    return guid
