"""Target adapter for Azure Storage (blob, queue, table, file share an account)."""
from ..matrix import Value
from ..sensitive import Secret
from .resource import NetworkAclsTarget


class StorageTarget(NetworkAclsTarget):
    rule_fields = {'action': 'Allow'}

    def __init__(self, spec):
        super().__init__(spec)
        self.service = spec.service

    @staticmethod
    def resource_id(target_id):
        """The storage account id behind `.../storageAccounts/x/blobServices/default`."""
        marker = target_id.lower().find('/providers/microsoft.storage/storageaccounts/')
        if marker < 0:
            return target_id
        parts = target_id[marker:].split('/')
        return target_id[:marker] + '/'.join(parts[:5])

    def endpoint(self, state):
        return (state.properties.get('primaryEndpoints') or {}).get(self.service, '')

    def plain_values(self, state):
        """Values every auth can know without reading a secret."""
        return {Value.ENDPOINT: self.endpoint(state), Value.ACCOUNT_NAME: state.ref.name}

    def read_secrets(self, arm, target_id):
        """The account's keys (needs only the id, so it can run alongside the account's GET)."""
        keys = arm.post(self.resource_id(target_id) + '/listKeys', query={'$expand': 'kerb'}, trace=False)
        return keys.get('keys') or []

    def secret_values(self, state, raw):
        """Account key and connection string from `read_secrets` (the account's keys); never planned, never
        printed."""
        keys = raw
        key = next((k['value'] for k in keys if k.get('keyName', '').lower() == 'key1'), None)
        if key is None and keys:
            key = keys[0]['value']
        if key is None:
            raise ValueError(f'storage account {state.ref.name} returned no access keys')
        suffix = self._endpoint_suffix(state)
        conn = (f'DefaultEndpointsProtocol=https;AccountName={state.ref.name};AccountKey={key};'
                f'EndpointSuffix={suffix}')
        return {Value.ACCOUNT_KEY: Secret(key), Value.CONNECTION_STRING: Secret(conn)}

    def _endpoint_suffix(self, state):
        host = self.endpoint(state).split('://', 1)[-1].strip('/')
        prefix = f'{state.ref.name}.{self.service}.'
        return host[len(prefix):] if host.lower().startswith(prefix.lower()) else 'core.windows.net'
