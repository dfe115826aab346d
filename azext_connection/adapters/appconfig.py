"""Target adapter for App Configuration stores: endpoint from the store, secret from listKeys (the
first read-write key's connection string), no IP rules (public access is only checked)."""
from ..arm import ResourceRef
from ..matrix import Value
from ..sensitive import Secret
from .base import TargetState
from .network import NetworkView


class AppConfigTarget:
    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def resource_id(target_id):
        return target_id

    @staticmethod
    def read(arm, target_id):
        ref = ResourceRef.parse(target_id)
        return TargetState(ref, arm.get(ref.id))

    @staticmethod
    def plain_values(state):
        return {Value.ENDPOINT: state.properties.get('endpoint') or f'https://{state.ref.name}.azconfig.io'}

    @staticmethod
    def read_secrets(arm, target_id):
        return (arm.post(target_id + '/listKeys', trace=False) or {}).get('value') or []

    @staticmethod
    def secret_values(state, keys):
        writable = [k for k in keys if not k.get('readOnly') and k.get('connectionString')]
        if not writable:
            raise ValueError(f'App Configuration store {state.ref.name} returned no read-write access key '
                             '(local authentication may be disabled: use an identity instead)')
        return {Value.CONNECTION_STRING: Secret(writable[0]['connectionString'])}

    @staticmethod
    def network(state):
        public = state.properties.get('publicNetworkAccess') or 'Enabled'
        return NetworkView(public_disabled=public.lower() == 'disabled', restricted=False, ips=())

    @staticmethod
    def network_document(ref):  # pylint: disable=unused-argument
        return None          # nothing to open: public access is all or nothing
