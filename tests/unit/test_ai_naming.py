"""The cognitiveservices target's names, values and role per account kind, against the Service Connector
docs (the facts list no keys for it: which names apply depends on the account's `kind`), and the
app-insights target's secret handling.

Sources of DOCS (MicrosoftDocs/azure-docs articles/service-connector/):
- how-to-integrate-openai.md: AZURE_OPENAI_BASE (+ _CLIENTID; _KEY; _CLIENTID, _CLIENTSECRET, _TENANTID)
- how-to-integrate-ai-services.md: AZURE_AISERVICES_OPENAI_BASE, _COGNITIVESERVICES_ENDPOINT, _SPEECH_ENDPOINT
  (+ _CLIENTID; _KEY; _CLIENTID, _CLIENTSECRET, _TENANTID)
- how-to-integrate-cognitive-services.md (multi-service resource): AZURE_COGNITIVESERVICES_ENDPOINT (+ the same)
Every page lists .NET, Java, Node.js, Python and None alike for every auth type."""
import json
import os

import pytest

from arm_sandbox.providers import roles
from arm_sandbox.providers.cognitiveservices import _hosts
from azext_connection.adapters import target_adapter
from azext_connection.adapters.ai import AppInsightsTarget, CognitiveServicesTarget
from azext_connection.adapters.base import TargetState
from azext_connection.adapters.webapp import SiteState, WebSiteSource
from azext_connection.arm import ResourceRef
from azext_connection.engine.planner import Facts, plan_apply
from azext_connection.engine.steps import GrantRole, WriteSettings
from azext_connection.matrix import SOURCES, TARGETS, AuthType as A, ClientType as C, Value
from azext_connection.record import RecordSet
from azext_connection.request import AuthInput, ConnectionRequest
from azext_connection.sensitive import Secret, reveal

SPEC = TARGETS['cognitiveservices']
SUB = '00000000-0000-0000-0000-000000000000'
SITE = f'/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/app'
ACCOUNT = f'/subscriptions/{SUB}/resourceGroups/data/providers/Microsoft.CognitiveServices/accounts/myai'
OPENAI_USER, COGNITIVE_USER = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'a97b65f3-24c7-4388-baec-2e87135dc908'
DOC_CLIENTS = (C.DOTNET, C.JAVA, C.NODEJS, C.PYTHON, C.NONE)


def _tables(prefix, *endpoints):
    """A docs page's four tables: its endpoint names, plus the key, client id, or service principal."""
    names = [f'{prefix}_{e}' for e in endpoints]
    return {A.SYSTEM_IDENTITY: names, A.SECRET: names + [f'{prefix}_KEY'],
            A.USER_IDENTITY: names + [f'{prefix}_CLIENTID'],
            A.SERVICE_PRINCIPAL: names + [f'{prefix}_CLIENTID', f'{prefix}_CLIENTSECRET', f'{prefix}_TENANTID']}


OPENAI = _tables('AZURE_OPENAI', 'BASE')
AISERVICES = _tables('AZURE_AISERVICES', 'OPENAI_BASE', 'COGNITIVESERVICES_ENDPOINT', 'SPEECH_ENDPOINT')
MULTI = _tables('AZURE_COGNITIVESERVICES', 'ENDPOINT')
# account kind -> (the docs' names per auth, the role granted to identities)
DOCS = {
    'OpenAI': (OPENAI, OPENAI_USER),
    'AIServices': (AISERVICES, COGNITIVE_USER),
    'CognitiveServices': (MULTI, COGNITIVE_USER),
    # single-service kinds have no page of their own: they take the multi-service resource's names
    'TextAnalytics': (MULTI, COGNITIVE_USER),
    'SpeechServices': (MULTI, COGNITIVE_USER),
    'FormRecognizer': (MULTI, COGNITIVE_USER),
    None: (MULTI, COGNITIVE_USER),
}
CASES = [(kind, auth, client) for kind in DOCS for auth in SPEC.auth_types for client in DOC_CLIENTS]


@pytest.mark.parametrize('kind,auth,client', CASES, ids=[f'{k}-{a.flag[2:]}-{c.value}' for k, a, c in CASES])
def test_each_kind_writes_its_docs_page_names(kind, auth, client):
    spec = SPEC.for_kind(kind)
    naming = spec.naming_for(auth, client)
    assert naming is not None and not naming.literal
    assert sorted(f'{spec.prefix}_{s.name}' for s in naming.settings) == sorted(DOCS[kind][0][auth])


@pytest.mark.parametrize('kind', DOCS)
def test_each_kind_grants_its_role_and_the_sandbox_knows_it(kind):
    granted = SPEC.for_kind(kind).roles
    assert [g.definition_id for g in granted] == [DOCS[kind][1]]
    assert all(roles.BY_GUID.get(g.definition_id) == g.name for g in granted)


def test_every_kind_offers_the_docs_clients_and_the_kind_matches_in_any_case():
    assert set(SPEC.client_types) == set(DOC_CLIENTS)
    assert SPEC.for_kind('openai').prefix == SPEC.for_kind('OPENAI').prefix == 'AZURE_OPENAI'
    assert SPEC.for_kind('aiservices').prefix == 'AZURE_AISERVICES'
    assert SPEC.for_kind('CognitiveServices') is SPEC


def test_the_facts_value_patterns_are_names_we_write():
    path = os.path.join(os.path.dirname(__file__), '..', 'data', 'matrix_reference.json')
    with open(path, encoding='utf-8') as f:
        patterns = json.load(f)['targets']['cognitiveservices']['value_patterns']
    ours = {f'{spec.prefix}_{s.name}' for kind in DOCS for spec in (SPEC.for_kind(kind),)
            for n in spec.naming for s in n.settings}
    assert set(patterns) <= ours


def test_a_variant_naming_other_clients_than_the_default_is_refused():
    variant = SPEC.variants[0]
    narrower = variant._replace(naming=tuple(n._replace(clients=(C.PYTHON,)) for n in variant.naming))
    with pytest.raises(ValueError, match='other auth and client types'):
        SPEC._replace(variants=(narrower,)).check()


def _account(kind, location='eastus', subdomain='myai', **props):
    """An account as the sandbox (after the recorded RP) shapes its endpoints for `kind`."""
    endpoint, endpoints = _hosts('myai', kind, location, subdomain)
    return TargetState(ResourceRef.parse(ACCOUNT), {
        'id': ACCOUNT, 'name': 'myai', 'kind': kind, 'location': location,
        'properties': {'endpoint': endpoint, 'endpoints': endpoints, 'customSubDomainName': subdomain,
                       'publicNetworkAccess': 'Enabled', **props}})


# kind -> the docs' sample values, for account `myai` in eastus
VALUES = {
    'OpenAI': {'AZURE_OPENAI_BASE': 'https://myai.openai.azure.com/'},
    'AIServices': {'AZURE_AISERVICES_OPENAI_BASE': 'https://myai.openai.azure.com/',
                   'AZURE_AISERVICES_COGNITIVESERVICES_ENDPOINT': 'https://myai.cognitiveservices.azure.com/',
                   'AZURE_AISERVICES_SPEECH_ENDPOINT': 'https://eastus.stt.speech.microsoft.com'},
    'CognitiveServices': {'AZURE_COGNITIVESERVICES_ENDPOINT': 'https://myai.cognitiveservices.azure.com/'},
}


@pytest.mark.parametrize('kind', VALUES)
def test_the_adapter_picks_the_kind_and_its_values_look_like_the_docs(kind):
    adapter = target_adapter(SPEC)
    state = _account(kind)
    spec = adapter.spec_for(state)
    values = adapter.plain_values(state)
    naming = spec.naming_for(A.SYSTEM_IDENTITY, C.PYTHON)
    assert {f'{spec.prefix}_{s.name}': values[s.value] for s in naming.settings} == VALUES[kind]


_COGNITIVE = CognitiveServicesTarget(TARGETS['cognitiveservices'])


def test_the_speech_endpoint_is_the_accounts_own_when_it_lists_one():
    state = _account('AIServices', location='West Europe')
    assert _COGNITIVE.plain_values(state)[Value.SPEECH_ENDPOINT] == \
        'https://westeurope.stt.speech.microsoft.com'
    state.resource['properties']['endpoints']['Speech Services Speech to Text (Standard)'] = 'https://x.stt/'
    assert _COGNITIVE.plain_values(state)[Value.SPEECH_ENDPOINT] == 'https://x.stt/'


def test_the_key_is_a_secret_and_an_account_without_keys_is_an_error():
    values = _COGNITIVE.secret_values(_account('OpenAI'), {'key1': 'k1', 'key2': 'k2'})
    assert values == {Value.ACCOUNT_KEY: Secret('k1')} and repr(values[Value.ACCOUNT_KEY]) != 'k1'
    with pytest.raises(ValueError, match='local authentication'):
        _COGNITIVE.secret_values(_account('OpenAI'), {})


def test_the_ip_rules_patch_sends_network_acls_whole():
    state = _account('OpenAI', networkAcls={'defaultAction': 'Deny', 'virtualNetworkRules': [{'id': 'subnet'}],
                                            'ipRules': [{'value': '198.51.100.7'}]})
    body = CognitiveServicesTarget(SPEC).ip_rules_patch(state, ('198.51.100.7', '20.0.0.1'))
    assert body == {'properties': {'networkAcls': {
        'defaultAction': 'Deny', 'virtualNetworkRules': [{'id': 'subnet'}],
        'ipRules': [{'value': '198.51.100.7'}, {'value': '20.0.0.1'}]}}}
    assert CognitiveServicesTarget.network(state).ips == ('198.51.100.7',)


@pytest.mark.parametrize('kind', ['OpenAI', 'AIServices', 'CognitiveServices'])
def test_a_plan_for_the_kinds_record_writes_its_names_and_grants_its_role(kind):
    """What create plans once the verb hands the planner adapter.spec_for(state) (the record for the kind)."""
    adapter, state = CognitiveServicesTarget(SPEC), _account(kind)
    site = {'id': SITE, 'identity': {'type': 'SystemAssigned', 'principalId': 'p1'},
            'properties': {'outboundIpAddresses': '20.0.0.1'}}
    facts = Facts(source=SiteState(ResourceRef.parse(SITE), site, {}, {}), records=RecordSet({}, {}, {}),
                  target=state, target_adapter=adapter, source_adapter=WebSiteSource(SOURCES['webapp']),
                  tenant_id='tenant')
    request = ConnectionRequest(SOURCES['webapp'], SITE, adapter.spec_for(state), ACCOUNT, 'conn1',
                                AuthInput(A.SYSTEM_IDENTITY), C.PYTHON)
    plan = plan_apply(request, facts)
    written = dict(next(s.action for s in plan.steps if isinstance(s.action, WriteSettings)).values)
    assert written == VALUES[kind]
    grants = [s.action for s in plan.steps if isinstance(s.action, GrantRole)]
    assert [g.role_definition_id.rsplit('/', 1)[1] for g in grants] == [DOCS[kind][1]]


# -- app-insights ------------------------------------------------------------------------------------
COMPONENT = f'/subscriptions/{SUB}/resourceGroups/data/providers/microsoft.insights/components/insights'
CONNECTION_STRING = ('InstrumentationKey=00000000-1111-2222-3333-444444444444;IngestionEndpoint=https://eastus-1.'
                     'in.applicationinsights.azure.com/;LiveEndpoint=https://eastus.livediagnostics.monitor.azure.com/')


class _Arm:
    def __init__(self):
        self.calls = []

    def get(self, path, query=None, trace=True):
        self.calls.append(('GET', path, trace))
        return {'id': path, 'properties': {'ConnectionString': CONNECTION_STRING, 'InstrumentationKey': 'ikey'}}

    def post(self, path, body=None, query=None, trace=True):
        self.calls.append(('POST', path, trace))
        return {'key1': 'k1', 'key2': 'k2'}


def test_app_insights_writes_its_connection_string_as_a_secret_read_with_the_trace_off():
    spec = TARGETS['app-insights']
    naming = spec.naming_for(A.SECRET, C.DOTNET)
    assert [f'{spec.prefix}_{s.name}' for s in naming.settings] == ['APPLICATIONINSIGHTS_CONNECTION_STRING']
    assert spec.auth_types == (A.SECRET,) and spec.roles == () and not spec.network.checks_public_access
    arm, adapter = _Arm(), target_adapter(spec)
    assert isinstance(adapter, AppInsightsTarget)
    state = adapter.read(arm, COMPONENT)
    assert adapter.plain_values(state) == {}
    secret = adapter.secret_values(state, adapter.read_secrets(arm, COMPONENT))[Value.CONNECTION_STRING]
    assert isinstance(secret, Secret) and reveal(secret) == CONNECTION_STRING
    assert arm.calls == [('GET', COMPONENT, False)]


def test_cognitive_keys_are_read_with_the_trace_off():
    arm = _Arm()
    CognitiveServicesTarget(SPEC).read_secrets(arm, ACCOUNT)
    assert arm.calls == [('POST', ACCOUNT + '/listKeys', False)]
