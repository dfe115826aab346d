"""The source × target matrix: pure data and pure queries over it (no azure imports)."""
from .auths import AUTHS
from .kinds import AuthType, ClientType, NetworkKind, Value
from .sources import SOURCES
from .specs import ArgSpec, AuthSpec, Naming, Network, RoleGrant, ScopeSpec, Setting, SourceSpec, TargetSpec
from .support import Support, supported
from .targets import TARGETS

__all__ = ['AUTHS', 'AuthType', 'ClientType', 'NetworkKind', 'Value', 'SOURCES', 'TARGETS', 'ArgSpec', 'AuthSpec',
           'Naming', 'Network', 'RoleGrant', 'ScopeSpec', 'Setting', 'SourceSpec', 'Support', 'TargetSpec',
           'supported', 'targets_of', 'support_rows', 'role_name']


def targets_of(source):
    """The TargetSpecs a source can connect to."""
    return tuple(TARGETS[name] for name in source.targets)


def support_rows(source, target_name=None):
    """`list-support-types` rows for a source, optionally for one target."""
    rows = []
    for target in targets_of(source):
        if target_name in (None, target.name):
            support = supported(source, target)
            rows.append({'source': source.name, 'target': target.name,
                         'auth_types': [a.flag.lstrip('-') for a in support.auth_types],
                         'client_types': [c.value for c in support.client_types]})
    return rows


def role_name(definition_id):
    """The built-in role's name for a role definition id (or GUID), or the GUID when no target grants it."""
    guid = definition_id.rsplit('/', 1)[-1].lower()
    for target in TARGETS.values():
        for grant in target.roles:
            if grant.definition_id == guid:
                return grant.name
    return guid
