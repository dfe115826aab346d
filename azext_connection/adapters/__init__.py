"""One adapter per source kind and per target family: the behaviour behind the matrix's data.
Specs name their adapter; this registry maps the name to the class (imported only when used)."""
from importlib import import_module

SOURCE_ADAPTERS = {
    'webapp': 'azext_connection.adapters.webapp:WebSiteSource',
    'functionapp': 'azext_connection.adapters.webapp:WebSiteSource',
    'containerapp': 'azext_connection.adapters.containerapp:ContainerAppSource',
    'spring': 'azext_connection.adapters.spring:SpringAppSource',
    'container': 'azext_connection.adapters.containergroup:ContainerGroupSource',
}
TARGET_ADAPTERS = {
    'storage': 'azext_connection.adapters.storage:StorageTarget',
    'keyvault': 'azext_connection.adapters.keyvault:KeyVaultTarget',
    'messaging': 'azext_connection.adapters.messaging:NamespaceTarget',
    'appconfig': 'azext_connection.adapters.appconfig:AppConfigTarget',
    'app-insights': 'azext_connection.adapters.ai:AppInsightsTarget',
    'cognitiveservices': 'azext_connection.adapters.ai:CognitiveServicesTarget',
    'signalr': 'azext_connection.adapters.signalr:SignalRTarget',
    'database': 'azext_connection.adapters.database:DatabaseTarget',
    'cosmos': 'azext_connection.adapters.cosmos:CosmosTarget',
    'redis': 'azext_connection.adapters.redis:RedisTarget',
    'external': 'azext_connection.adapters.external:ExternalTarget',
    'containerapp-target': 'azext_connection.adapters.containerapp_target:ContainerAppTarget',
}


def _load(path):
    module, name = path.split(':')
    return getattr(import_module(module), name)


def source_adapter(spec):
    """The adapter of a SourceSpec."""
    return _load(SOURCE_ADAPTERS[spec.adapter])(spec)


def target_adapter(spec):
    """The adapter of a TargetSpec."""
    return _load(TARGET_ADAPTERS[spec.adapter])(spec)


def spec_of(spec, adapter, state):
    """The TargetSpec that holds for the target as read: a record with variants per resource kind (a
    Cognitive Services account) gives that kind's names and roles; every other record is itself."""
    spec_for = getattr(adapter, 'spec_for', None)
    return spec_for(state) if spec_for is not None and state is not None else spec
