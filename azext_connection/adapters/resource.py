"""The common shape of a target that is one ARM resource read whole with one GET: its keys, if it has
any, come from one POST action read with the trace off, and its public network is either all or
nothing (`publicNetworkAccess`, only ever checked) or `networkAcls.ipRules` (opened by PATCH).
Target adapters of that shape subclass these and say only what differs."""
from ..arm import ResourceRef
from .base import TargetState
from .network import IpRules, NetworkView, network_view


def public_access_view(properties):
    """A target whose public access is all or nothing: never restricted, at most disabled."""
    public = properties.get('publicNetworkAccess') or 'Enabled'
    return NetworkView(public_disabled=public.lower() == 'disabled', restricted=False, ips=())


class ResourceTarget:
    read_trace = True       # False where the resource's own GET carries its secret (App Insights)
    keys_action = ''        # the POST action that returns the resource's keys ('listKeys'); '' for none

    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def resource_id(target_id):
        return target_id

    def read(self, arm, target_id):
        ref = ResourceRef.parse(self.resource_id(target_id))
        return TargetState(ref, arm.get(ref.id, trace=self.read_trace))

    def plain_values(self, state):  # pylint: disable=unused-argument  # none by default
        return {}

    def read_secrets(self, arm, target_id):
        """The keys action's answer (needs only the id, so it runs alongside the resource's GET)."""
        if not self.keys_action:
            return None
        return arm.post(f'{self.resource_id(target_id)}/{self.keys_action}', trace=False) or {}

    def secret_values(self, state, raw):  # pylint: disable=unused-argument  # none by default
        return {}

    @staticmethod
    def network(state):
        return public_access_view(state.properties)

    def network_document(self, ref):  # pylint: disable=unused-argument
        return None             # nothing to open: public access is all or nothing


class NetworkAclsTarget(ResourceTarget):
    """A resource whose public path is `networkAcls` (storage accounts, vaults, Cognitive Services)."""
    rule_fields = {}        # what each IP rule carries besides its value (storage: an action)
    wait_on_write = False   # whether a PATCH of its properties is long-running (202 and a monitor)

    @staticmethod
    def network(state):
        return network_view(state.properties)

    def network_document(self, ref):
        return IpRules(self, ref)

    def ip_rules_patch(self, state, ips):
        """A PATCH body setting the IP rules to exactly `ips`: networkAcls goes whole (the RP replaces
        it), its other parts as they are."""
        acls = dict(state.properties.get('networkAcls') or {})
        acls['ipRules'] = [{'value': ip, **self.rule_fields} for ip in ips]
        acls.setdefault('defaultAction', 'Deny')
        return {'properties': {'networkAcls': acls}}

    def write(self, arm, state, body):
        return TargetState(state.ref, arm.patch(state.ref.id, body, wait=self.wait_on_write) or arm.get(state.ref.id))
