"""Target adapter for Key Vault: identities only (a vault has no secret of its own to hand out)."""
from ..matrix import Value
from .resource import NetworkAclsTarget

# The token scope the Service Connector docs list for AZURE_KEYVAULT_SCOPE.
KEYVAULT_SCOPE = 'https://management.azure.com/.default'


class KeyVaultTarget(NetworkAclsTarget):
    service = 'vault'

    @staticmethod
    def endpoint(state):
        return state.properties.get('vaultUri', '')

    def plain_values(self, state):
        return {Value.ENDPOINT: self.endpoint(state), Value.SCOPE: KEYVAULT_SCOPE}
