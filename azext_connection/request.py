"""Typed requests: what the user asked for, after validation, before anything is read or changed."""
from dataclasses import dataclass, field
from typing import FrozenSet, Mapping, Optional, Tuple

from .matrix import AuthType, ClientType, OptOut, SourceSpec
from .matrix.target_specs import TargetSpec
from .sensitive import Secret


@dataclass(frozen=True)
class AuthInput:
    type: AuthType
    client_id: Optional[str] = None         # user identity or service principal
    subscription_id: Optional[str] = None   # user identity
    object_id: Optional[str] = None         # service principal (its enterprise application)
    secret: Optional[Secret] = None         # service principal, or the database password of --secret
    user_name: Optional[str] = None         # the database user of --secret name=
    server_identity: Optional[str] = None   # mysql-identity-id=: the user-assigned identity of a MySQL server

    def wire(self, principal_id=None):
        """authInfo as the LinkerResource shows it: never a secret."""
        info = {'authType': self.type.value}
        if self.type is AuthType.USER_IDENTITY:
            info.update(clientId=self.client_id, subscriptionId=self.subscription_id)
        if self.type is AuthType.SERVICE_PRINCIPAL:
            info.update(clientId=self.client_id, principalId=self.object_id)
        if self.type is AuthType.SECRET and self.user_name:
            info['name'] = self.user_name
        if principal_id and self.type in (AuthType.SYSTEM_IDENTITY, AuthType.USER_IDENTITY):
            info['principalId'] = principal_id
        return info


@dataclass(frozen=True)
class ConnectionRequest:  # pylint: disable=too-many-instance-attributes  # one per part of a request
    source: SourceSpec
    source_id: str
    target: TargetSpec
    target_id: str
    name: str
    auth: AuthInput
    client_type: ClientType
    scope: Mapping[str, str] = field(default_factory=dict)   # a part inside the source: {'container': 'web'}
    # What the user gives about a target Azure cannot tell (a Fabric SQL database's Server and Database):
    # kept in the record, as the LinkerResource's additionalConnectionStringProperties. Never a secret.
    target_props: Mapping[str, str] = field(default_factory=dict)
    # The connections of the target's companions (TargetSpec.companions) that the same plan creates.
    companions: Tuple['ConnectionRequest', ...] = ()
    # The configuration steps the user does themselves (--opt-out): the plan skips them.
    opt_out: FrozenSet[OptOut] = frozenset()
