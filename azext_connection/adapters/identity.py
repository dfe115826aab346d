"""The `identity` block every ARM resource with managed identities shares: which kinds are on, the
system principal, the user-assigned identities attached."""
from typing import NamedTuple, Optional


class IdentityState(NamedTuple):
    types: set                       # lower-cased kinds: 'systemassigned', 'userassigned'
    system_principal: Optional[str]
    users: dict                      # user identity resource id -> {clientId, principalId}

    def user(self, identity_id):
        """(clientId, principalId) of an attached user identity, or None."""
        return next((value or {} for key, value in self.users.items() if key.lower() == identity_id.lower()), None)


def identity_types(resource):
    """The lower-cased identity kinds ('systemassigned', 'userassigned') of an ARM resource."""
    kind = ((resource.get('identity') or {}).get('type') or 'None').replace(' ', '')
    return {t.lower() for t in kind.split(',') if t and t.lower() != 'none'}


def identity_type(types):
    """The `type` ARM takes for a set of kinds."""
    names = [n for key, n in (('systemassigned', 'SystemAssigned'), ('userassigned', 'UserAssigned')) if key in types]
    return ', '.join(names) or 'None'


def identity_state(resource):
    block = resource.get('identity') or {}
    types = identity_types(resource)
    return IdentityState(types, block.get('principalId') if 'systemassigned' in types else None,
                         dict(block.get('userAssignedIdentities') or {}))


class IdentityOfResource:  # pylint: disable=too-few-public-methods  # a mixin: the state class has the rest
    """For a source state whose `resource` is the ARM resource that carries the identity block."""
    resource: dict              # defined by the state class this is mixed into
    identity_types = property(lambda self: identity_state(self.resource).types)
    system_principal = property(lambda self: identity_state(self.resource).system_principal)

    def user_identity(self, identity_id):
        return identity_state(self.resource).user(identity_id)


def attached_identity(resource, client_id):
    """(resource id, principalId) of the user identity with `client_id` attached, or None."""
    for key, value in identity_state(resource).users.items():
        if (value or {}).get('clientId', '').lower() == client_id.lower():
            return key, value.get('principalId')
    return None
