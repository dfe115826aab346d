"""Typed, immutable records that describe targets: what a connection writes, grants and opens.
Loaded with the target records, never for an unrelated command."""
from typing import NamedTuple, Tuple

from .kinds import AuthType, ClientType, NetworkKind, Value
from .specs import ArgSpec


class RoleGrant(NamedTuple):
    """A built-in role granted to the source's principal on the target, by its real id."""
    name: str
    definition_id: str           # GUID of the built-in role definition


class Setting(NamedTuple):
    """One configuration entry written into the source.

    `name` is a suffix joined to the target's prefix (`RESOURCEENDPOINT` becomes
    `AZURE_STORAGEBLOB_RESOURCEENDPOINT`, or `AZURE_STORAGEBLOB_<CONNECTION>_RESOURCEENDPOINT` for a
    second connection), unless the naming is `literal` (Spring Boot property names).
    """
    name: str
    value: Value
    description: str = ''


class Naming(NamedTuple):
    """The settings one group of client types gets for one auth type."""
    auth: AuthType
    clients: Tuple[ClientType, ...]
    settings: Tuple[Setting, ...]
    literal: bool = False        # names are used as written (Spring Boot): no prefix, no connection part


class Network(NamedTuple):
    """How the target's public network is opened for a source."""
    kind: NetworkKind = NetworkKind.NONE

    @property
    def opens_firewall(self):
        return self.kind is NetworkKind.IP_RULES

    @property
    def checks_public_access(self):
        """A target that denies all public traffic is refused (never changed) before anything."""
        return self.kind is not NetworkKind.NONE


class TargetSpec(NamedTuple):
    """Everything about one target type. One record, one screen."""
    name: str                            # CLI token: `create <name>`
    display: str
    resource_type: str                   # ARM type of the resource the connection reaches
    id_template: str                     # target id, placeholders {subscription} and the args' dests
    args: Tuple[ArgSpec, ...]
    auth_types: Tuple[AuthType, ...]     # supported, in the order help lists them
    default_auth: AuthType
    roles: Tuple[RoleGrant, ...]         # granted to identity-based auth
    network: Network
    prefix: str                          # AZURE_STORAGEBLOB
    naming: Tuple[Naming, ...]
    adapter: str                         # the target adapter that reads endpoints and secrets
    service: str = ''                    # adapter detail, e.g. which storage endpoint

    def check(self):
        """Raise if the record contradicts itself; returns the record so tables can call it inline."""
        if self.default_auth not in self.auth_types:
            raise ValueError(f'{self.name}: default auth {self.default_auth} is not supported')
        for naming in self.naming:
            if naming.auth not in self.auth_types:
                raise ValueError(f'{self.name}: naming for unsupported auth {naming.auth}')
        return self

    def clients_for(self, auth):
        """Client types that have a naming for `auth`, in declaration order."""
        seen = []
        for naming in self.naming:
            if naming.auth is auth:
                seen.extend(c for c in naming.clients if c not in seen)
        return tuple(seen)

    @property
    def client_types(self):
        """Every client type this target has a naming for, whatever the auth."""
        seen = []
        for auth in self.auth_types:
            seen.extend(c for c in self.clients_for(auth) if c not in seen)
        return tuple(seen)

    def naming_for(self, auth, client):
        """The Naming for (auth, client), or None when the docs list no such combination."""
        for naming in self.naming:
            if naming.auth is auth and client in naming.clients:
                return naming
        return None
