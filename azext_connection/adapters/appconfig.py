"""Target adapter for App Configuration stores: endpoint from the store, secret from listKeys (the
first read-write key's connection string), no IP rules (public access is only checked)."""
from ..matrix import Value
from ..sensitive import Secret
from .resource import ResourceTarget


class AppConfigTarget(ResourceTarget):
    keys_action = 'listKeys'

    def plain_values(self, state):
        return {Value.ENDPOINT: state.properties.get('endpoint') or f'https://{state.ref.name}.azconfig.io'}

    def secret_values(self, state, raw):
        writable = [k for k in raw.get('value') or () if not k.get('readOnly') and k.get('connectionString')]
        if not writable:
            raise ValueError(f'App Configuration store {state.ref.name} returned no read-write access key '
                             '(local authentication may be disabled: use an identity instead)')
        return {Value.CONNECTION_STRING: Secret(writable[0]['connectionString'])}
