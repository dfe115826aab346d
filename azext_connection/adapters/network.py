"""A target's public network as the planner sees it, whatever the target family."""
from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class NetworkView:
    public_disabled: bool       # denies all public traffic: never touched, suggest a private endpoint
    restricted: bool            # public traffic allowed only from listed addresses
    ips: Tuple[str, ...]        # the listed addresses, normalised

    def missing(self, ips):
        have = set(self.ips)
        return tuple(ip for ip in ips if ip not in have)


def ip_rule_value(value):
    """Normalise an IP rule: a single address may be written `1.2.3.4` or `1.2.3.4/32`."""
    value = (value or '').strip()
    return value[:-3] if value.endswith('/32') else value


def network_view(properties):
    """The NetworkView of an ARM resource with `publicNetworkAccess` and `networkAcls` (storage, vaults)."""
    acls = properties.get('networkAcls') or {}
    return NetworkView(
        public_disabled=(properties.get('publicNetworkAccess') or 'Enabled').lower() == 'disabled',
        restricted=(acls.get('defaultAction') or 'Allow').lower() == 'deny',
        ips=tuple(ip_rule_value(r.get('value')) for r in acls.get('ipRules') or ()))
