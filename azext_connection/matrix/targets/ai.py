"""Application Insights and Cognitive Services accounts (how-to-integrate-openai, -ai-services and
-cognitive-services; App Insights has no how-to page: APPLICATIONINSIGHTS_CONNECTION_STRING is the core
CLI's and the App Insights SDKs' name).

One `cognitiveservices` target serves every account kind, and the names and role depend on the kind,
which is known only once the account is read: the record's own prefix, names and role are those of a
multi-service account (kind CognitiveServices, and any single-service kind), and its `variants` give
OpenAI's and AIServices' (TargetSpec.for_kind picks one from the account's `kind`)."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, RoleGrant, Setting, TargetSpec, Variant
from .common import SDK_CLIENTS, TG, id_template

APP_INSIGHTS = TargetSpec(
    name='app-insights',
    display='Application Insights',
    resource_type='microsoft.insights/components',
    id_template=id_template('microsoft.insights/components/{appinsights}'),
    args=(TG, ArgSpec('appinsights', ('--app-insights',), 'Name of the app insights.', placeholder='MyAppInsights')),
    auth_types=(A.SECRET,),            # the component's own ConnectionString; it has no data-plane role
    default_auth=A.SECRET,
    roles=(),
    network=Network(NetworkKind.NONE),  # ingestion has no IP rules of ours to open
    prefix='APPLICATIONINSIGHTS',
    naming=(Naming(A.SECRET, (C.DOTNET, C.DOTNET_INTERNAL, C.JAVA, C.PYTHON, C.NODEJS, C.GO, C.NONE),
                   (Setting('CONNECTION_STRING', V.CONNECTION_STRING, 'connection string'),)),),
    adapter='app-insights',
)

_OPENAI_USER = RoleGrant('Cognitive Services OpenAI User', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd')
_USER = RoleGrant('Cognitive Services User', 'a97b65f3-24c7-4388-baec-2e87135dc908')


def _namings(*endpoints):
    """The docs' four tables for one kind: its endpoints, plus the key, client id, or service principal."""
    def with_(*more):
        return tuple(Setting(name, value, text) for name, value, text in endpoints + more)
    client_id = ('CLIENTID', V.CLIENT_ID, 'client id')
    client_secret = ('CLIENTSECRET', V.CLIENT_SECRET, 'client secret')
    tenant_id = ('TENANTID', V.TENANT_ID, 'tenant id')
    return (Naming(A.SYSTEM_IDENTITY, SDK_CLIENTS, with_()),
            Naming(A.SECRET, SDK_CLIENTS, with_(('KEY', V.ACCOUNT_KEY, 'API key'))),
            Naming(A.USER_IDENTITY, SDK_CLIENTS, with_(client_id)),
            Naming(A.SERVICE_PRINCIPAL, SDK_CLIENTS, with_(client_id, client_secret, tenant_id)))


_SERVICES = ('ENDPOINT', V.ENDPOINT, 'Azure Cognitive Services token provider service')
COGNITIVE_VARIANTS = (
    Variant(('OpenAI',), 'AZURE_OPENAI', _namings(('BASE', V.OPENAI_ENDPOINT, 'Azure OpenAI endpoint')),
            (_OPENAI_USER,)),
    Variant(('AIServices',), 'AZURE_AISERVICES', _namings(
        ('OPENAI_BASE', V.OPENAI_ENDPOINT, 'Azure OpenAI endpoint'),
        ('COGNITIVESERVICES_ENDPOINT', V.ENDPOINT, _SERVICES[2]),
        ('SPEECH_ENDPOINT', V.SPEECH_ENDPOINT, 'Speech to Text (Standard) API endpoint')), (_USER,)),
)

COGNITIVESERVICES = TargetSpec(
    name='cognitiveservices',
    display='Cognitive Services',
    resource_type='Microsoft.CognitiveServices/accounts',
    id_template=id_template('Microsoft.CognitiveServices/accounts/{account}'),
    args=(TG, ArgSpec('account', ('--account',), 'Name of the cognitive services account.', placeholder='MyAccount')),
    auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
    default_auth=A.SYSTEM_IDENTITY,
    roles=(_USER,),
    network=Network(NetworkKind.IP_RULES),   # networkAcls.ipRules[].value, as storage accounts
    prefix='AZURE_COGNITIVESERVICES',
    naming=_namings(_SERVICES),
    adapter='cognitiveservices',
    variants=COGNITIVE_VARIANTS,
)
