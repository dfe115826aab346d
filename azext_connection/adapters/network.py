"""A target's public network as the planner sees it, whatever the target family."""
from dataclasses import dataclass
from typing import Tuple

from ..engine.documents import Snapshot, ip_rule_value


@dataclass(frozen=True)
class NetworkView:
    public_disabled: bool       # denies all public traffic: never touched, suggest a private endpoint
    restricted: bool            # public traffic allowed only from listed addresses
    ips: Tuple[str, ...]        # the listed addresses, normalised

    def missing(self, ips):
        have = set(self.ips)
        return tuple(ip for ip in ips if ip not in have)


def network_view(properties):
    """The NetworkView of an ARM resource with `publicNetworkAccess` and `networkAcls` (storage, vaults)."""
    acls = properties.get('networkAcls') or {}
    return NetworkView(
        public_disabled=(properties.get('publicNetworkAccess') or 'Enabled').lower() == 'disabled',
        restricted=(acls.get('defaultAction') or 'Allow').lower() == 'deny',
        ips=tuple(ip_rule_value(r.get('value')) for r in acls.get('ipRules') or ()))


class IpRules:
    """A target's IP rules as a shared document: read with the resource, written with a PATCH that
    replaces the list (storage accounts and vaults offer no ETag for it)."""

    def __init__(self, target, ref):
        self.target, self.ref = target, ref
        self.label = f'IP rules of {ref.name}'

    def read(self, arm):
        state = self.target.read(arm, self.ref.id)
        acls = state.properties.get('networkAcls') or {}
        return Snapshot(tuple(r.get('value') for r in acls.get('ipRules') or ()), raw=state)

    def write(self, arm, snapshot, value):
        self.target.write(arm, snapshot.raw, self.target.ip_rules_patch(snapshot.raw, value))
