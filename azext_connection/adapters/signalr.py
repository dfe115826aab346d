"""Target adapter for SignalR and Web PubSub services (Microsoft.SignalRService/SignalR, /WebPubSub).

Wire details: the service's `hostName` (<name>.service.signalr.net, <name>.webpubsub.azure.com) gives
the host and the https endpoint; the secret is listKeys' `primaryConnectionString`
(Endpoint=https://<host>;AccessKey=<key>;Version=1.0;). There are no IP rules (`networkACLs` allow or
deny request types): only `publicNetworkAccess` is checked, never changed."""
from ..matrix import Value
from ..sensitive import Secret
from .resource import ResourceTarget

HOST_SUFFIX = {'signalr': 'service.signalr.net', 'webpubsub': 'webpubsub.azure.com'}


class SignalRTarget(ResourceTarget):
    keys_action = 'listKeys'

    def host(self, state):
        return state.properties.get('hostName') or f'{state.ref.name.lower()}.{HOST_SUFFIX[self.spec.name]}'

    def plain_values(self, state):
        host = self.host(state)
        return {Value.HOST: host, Value.ENDPOINT: f'https://{host}'}

    def secret_values(self, state, raw):
        conn = raw.get('primaryConnectionString')
        if not conn:
            raise ValueError(f'{state.ref.name} returned no access key (local authentication may be disabled: '
                             'use an identity instead)')
        values = {Value.CONNECTION_STRING: Secret(conn)}
        if raw.get('primaryKey'):
            values[Value.ACCOUNT_KEY] = Secret(raw['primaryKey'])
        return values
