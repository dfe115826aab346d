"""Target adapter for Key Vault."""
from ..arm import ResourceRef
from ..matrix import Value
from .network import IpRules, network_view
from .base import TargetState

# The token scope the Service Connector docs list for AZURE_KEYVAULT_SCOPE.
KEYVAULT_SCOPE = 'https://management.azure.com/.default'


class KeyVaultTarget:
    service = 'vault'

    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def resource_id(target_id):
        return target_id

    def read(self, arm, target_id):
        ref = ResourceRef.parse(target_id)
        return TargetState(ref, arm.get(ref.id))

    def endpoint(self, state):
        return state.properties.get('vaultUri', '')

    def plain_values(self, state):
        return {Value.ENDPOINT: self.endpoint(state), Value.SCOPE: KEYVAULT_SCOPE}

    @staticmethod
    def read_secrets(arm, target_id):  # pylint: disable=unused-argument
        return None              # identities only: a vault has no secret of its own to hand out

    @staticmethod
    def secret_values(state, raw):  # pylint: disable=unused-argument
        return {}

    @staticmethod
    def network(state):
        return network_view(state.properties)

    def network_document(self, ref):
        return IpRules(self, ref)

    @staticmethod
    def ip_rules_patch(state, ips):
        acls = dict(state.properties.get('networkAcls') or {})
        acls['ipRules'] = [{'value': ip} for ip in ips]
        acls.setdefault('defaultAction', 'Deny')
        return {'properties': {'networkAcls': acls}}

    @staticmethod
    def write(arm, state, body):
        return TargetState(state.ref, arm.patch(state.ref.id, body))
