"""What a (source, target) pair offers: one rule, read by commands, arguments, help,
`list-support-types` and validation alike."""
from typing import NamedTuple, Tuple

from .kinds import AuthType, ClientType


class Support(NamedTuple):
    auth_types: Tuple[AuthType, ...]     # in the order help lists them
    default_auth: AuthType
    client_types: Tuple[ClientType, ...]

    def clients_for(self, target, auth):
        return tuple(c for c in target.clients_for(auth) if c in self.client_types)


def supported(source, target):
    """The auth and client types `source` can use to reach `target`: the target's, less what the
    source cannot do (a container group cannot keep a service principal's secret it cannot read back,
    nor hold Spring Boot property names as environment variable names)."""
    auths = tuple(a for a in target.auth_types if a not in source.excluded_auth
                  and not (a is AuthType.SECRET and target.user_secret and not source.keeps_user_secrets)
                  and any(c not in source.excluded_clients for c in target.clients_for(a)))
    default = target.default_auth if target.default_auth in auths else auths[0]
    clients = []
    for auth in auths:
        clients.extend(c for c in target.clients_for(auth) if c not in clients and c not in source.excluded_clients)
    return Support(auths, default, tuple(clients))
