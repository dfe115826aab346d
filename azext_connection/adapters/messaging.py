"""Target adapter for Service Bus and Event Hubs namespaces.

Wire details: the namespace's `serviceBusEndpoint` (https://<ns>.servicebus.windows.net:443/) gives
the host; the secret is the connection string of the namespace's RootManageSharedAccessKey rule
(POST .../authorizationRules/RootManageSharedAccessKey/listKeys); the firewall is the child
`networkRuleSets/default` (`defaultAction`, `ipRules: [{ipMask, action}]`), written whole with PUT."""
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..arm import ResourceRef
from ..engine.documents import Snapshot, ip_rule_value
from ..matrix import Value
from ..sensitive import Secret
from .base import TargetState
from .network import NetworkView
from .resource import ResourceTarget

ROOT_RULE = 'RootManageSharedAccessKey'
KAFKA_PORT = 9093          # Event Hubs' Kafka endpoint


@dataclass
class NamespaceState(TargetState):
    rule_set: dict = None      # networkRuleSets/default as read with the namespace


class NamespaceTarget(ResourceTarget):
    def read(self, arm, target_id):
        ref = ResourceRef.parse(target_id)
        return NamespaceState(ref, arm.get(ref.id), arm.get(ref.id + '/networkRuleSets/default'))

    @staticmethod
    def host(state):
        endpoint = state.properties.get('serviceBusEndpoint') or f'https://{state.ref.name}.servicebus.windows.net:443/'
        return urlsplit(endpoint).hostname

    def plain_values(self, state):
        host = self.host(state)
        return {Value.HOST: host, Value.RESOURCE_NAME: state.ref.name, Value.KAFKA_BOOTSTRAP: f'{host}:{KAFKA_PORT}'}

    def read_secrets(self, arm, target_id):
        return arm.post(f'{target_id}/authorizationRules/{ROOT_RULE}/listKeys', trace=False) or {}

    def secret_values(self, state, raw):
        conn = raw.get('primaryConnectionString')
        if not conn:
            raise ValueError(f'namespace {state.ref.name} returned no connection string for {ROOT_RULE}')
        return {Value.CONNECTION_STRING: Secret(conn)}

    @staticmethod
    def network(state):
        rules = (state.rule_set or {}).get('properties') or {}
        public = rules.get('publicNetworkAccess') or state.properties.get('publicNetworkAccess') or 'Enabled'
        return NetworkView(public_disabled=public.lower() == 'disabled',
                           restricted=(rules.get('defaultAction') or 'Allow').lower() == 'deny',
                           ips=tuple(ip_rule_value(r.get('ipMask')) for r in rules.get('ipRules') or ()))

    def network_document(self, ref):
        return RuleSetIps(ref)


class RuleSetIps:
    """The namespace's IP rules as a shared document: the rule set has no ETag, so it is read fresh
    and written whole (PUT) right after, with the extension's target lock held."""

    def __init__(self, ref):
        self.path = ref.id + '/networkRuleSets/default'
        self.label = f'IP rules of {ref.name}'

    def read(self, arm):
        rule_set = arm.get(self.path) or {}
        rules = (rule_set.get('properties') or {}).get('ipRules') or ()
        return Snapshot(tuple(r.get('ipMask') for r in rules), raw=rule_set)

    def write(self, arm, snapshot, value):
        props = dict(snapshot.raw.get('properties') or {})
        known = {ip_rule_value(r.get('ipMask')): r for r in props.get('ipRules') or ()}
        props['ipRules'] = [known.get(ip_rule_value(ip)) or {'ipMask': ip, 'action': 'Allow'} for ip in value]
        arm.put(self.path, {'properties': props})
