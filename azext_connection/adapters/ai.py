"""Target adapters for Application Insights components and Cognitive Services accounts.

Wire details. A component's GET carries its `ConnectionString` (InstrumentationKey=..;IngestionEndpoint=..)
in plain sight: it is this target's secret, so the component is only ever read with the trace off, and
there is no listKeys. An account's GET gives `kind`, `endpoint` (https://<subdomain>.cognitiveservices.azure.com/,
or the OpenAI host for kind OpenAI), `endpoints` (API name -> URL: the OpenAI and Speech hosts) and
`networkAcls` (`ipRules: [{value}]`, as storage's); POST listKeys gives {key1, key2}; a PATCH that
changes properties answers 202 and is waited for."""
from ..matrix import Value
from ..sensitive import Secret
from .network import NetworkView
from .resource import NetworkAclsTarget, ResourceTarget

OPENAI_API = 'OpenAI Language Model Instance API'
SPEECH_API = 'Speech Services Speech to Text (Standard)'


class AppInsightsTarget(ResourceTarget):
    read_trace = False      # the body holds the connection string; there is no listKeys

    def secret_values(self, state, raw):  # pylint: disable=unused-argument
        conn = state.properties.get('ConnectionString')
        if not conn:
            raise ValueError(f'Application Insights component {state.ref.name} returned no connection string')
        return {Value.CONNECTION_STRING: Secret(conn)}

    @staticmethod
    def network(state):  # pylint: disable=unused-argument
        return NetworkView(public_disabled=False, restricted=False, ips=())


class CognitiveServicesTarget(NetworkAclsTarget):
    keys_action = 'listKeys'
    wait_on_write = True

    def spec_for(self, state):
        """The record as it applies to this account: its names and role follow the account's kind."""
        return self.spec.for_kind(state.resource.get('kind'))

    def plain_values(self, state):
        props = state.properties
        endpoints = props.get('endpoints') or {}
        host = props.get('customSubDomainName') or state.ref.name
        endpoint = props.get('endpoint') or f'https://{host}.cognitiveservices.azure.com/'
        region = (state.resource.get('location') or '').replace(' ', '').lower()
        return {Value.ENDPOINT: endpoint,
                Value.OPENAI_ENDPOINT: endpoints.get(OPENAI_API) or endpoint,
                Value.SPEECH_ENDPOINT: endpoints.get(SPEECH_API) or f'https://{region}.stt.speech.microsoft.com',
                Value.RESOURCE_NAME: state.ref.name}

    def secret_values(self, state, raw):
        keys = raw or {}            # the account's listKeys answer
        key = keys.get('key1') or keys.get('key2')
        if not key:
            raise ValueError(f'Cognitive Services account {state.ref.name} returned no key (local authentication '
                             'may be disabled: use an identity instead)')
        return {Value.ACCOUNT_KEY: Secret(key)}
