"""The azure-mgmt clients the extension sends its ARM requests through, one per resource provider.

A client gives a request az's credential, retries, user agent and logging; which operation it is
does not matter (arm.py sends plain ARM requests through `send_request`), so a provider without an
SDK in azure-cli (Microsoft.AppPlatform) borrows the resource management client's pipeline.
api-versions are those the pinned SDKs default to (a unit test keeps them equal), so recordings match.
SDKs are imported only when a client is built: the command loader must stay cheap.
"""
from typing import NamedTuple, Optional


class Provider(NamedTuple):
    namespace: str
    client: str                 # 'module:Class' of the azure-mgmt client whose pipeline carries the requests
    api_version: str
    sdk_default: bool = True    # the api-version is the SDK's default (checked by a test)
    resource_type: str = ''     # only this type of the namespace (it speaks another api-version than the rest)

    @property
    def key(self):
        return (self.namespace + ('/' + self.resource_type if self.resource_type else '')).lower()


PROVIDERS = {p.key: p for p in (
    Provider('Microsoft.Web', 'azure.mgmt.web:WebSiteManagementClient', '2025-05-01'),
    Provider('Microsoft.Storage', 'azure.mgmt.storage:StorageManagementClient', '2025-08-01'),
    Provider('Microsoft.KeyVault', 'azure.mgmt.keyvault:KeyVaultManagementClient', '2026-02-01'),
    Provider('Microsoft.Authorization', 'azure.mgmt.authorization:AuthorizationManagementClient', '2022-04-01'),
    Provider('Microsoft.Resources', 'azure.mgmt.resource:ResourceManagementClient', '2024-11-01'),
    Provider('Microsoft.App', 'azure.mgmt.appcontainers:ContainerAppsAPIClient', '2022-10-01'),
    Provider('Microsoft.ContainerInstance', 'azure.mgmt.containerinstance:ContainerInstanceManagementClient',
             '2024-05-01-preview'),
    Provider('Microsoft.ServiceBus', 'azure.mgmt.servicebus:ServiceBusManagementClient', '2026-01-01'),
    Provider('Microsoft.EventHub', 'azure.mgmt.eventhub:EventHubManagementClient', '2026-01-01'),
    Provider('Microsoft.AppConfiguration', 'azure.mgmt.appconfiguration:AppConfigurationManagementClient',
             '2025-08-01-preview'),
    Provider('Microsoft.DBforPostgreSQL', 'azure.mgmt.postgresqlflexibleservers:PostgreSQLManagementClient',
             '2026-04-01-preview'),
    Provider('Microsoft.DBforMySQL', 'azure.mgmt.mysqlflexibleservers:MySQLManagementClient', '2025-12-01-preview'),
    Provider('Microsoft.Sql', 'azure.mgmt.sql:SqlManagementClient', '2024-11-01-preview'),
    Provider('Microsoft.DocumentDB', 'azure.mgmt.cosmosdb:CosmosDBManagementClient', '2026-03-15'),
    # Retired single servers: azure.mgmt.rdbms, whose operations (not its configuration) pin 2017-12-01.
    Provider('Microsoft.DBforPostgreSQL', 'azure.mgmt.rdbms.postgresql:PostgreSQLManagementClient', '2017-12-01',
             sdk_default=False, resource_type='servers'),
    Provider('Microsoft.DBforMySQL', 'azure.mgmt.rdbms.mysql:MySQLManagementClient', '2017-12-01',
             sdk_default=False, resource_type='servers'),
    # SignalR's SDK default; Web PubSub (same namespace, no SDK in azure-cli) accepts it too.
    Provider('Microsoft.SignalRService', 'azure.mgmt.signalr:SignalRManagementClient', '2023-08-01-preview'),
    Provider('Microsoft.CognitiveServices', 'azure.mgmt.cognitiveservices:CognitiveServicesManagementClient',
             '2026-05-15-preview'),
    # A multi-api SDK: the version its default profile pins for `components` (what az functionapp create uses).
    Provider('Microsoft.Insights', 'azure.mgmt.applicationinsights:ApplicationInsightsManagementClient',
             '2015-05-01'),
    Provider('Microsoft.Cache', 'azure.mgmt.redis:RedisManagementClient', '2024-11-01'),
    # No redisEnterprise SDK in azure-cli (az redisenterprise is an extension): the newest stable api-version of
    # its spec (what the sandbox models), through azure-mgmt-redis's pipeline.
    Provider('Microsoft.Cache', 'azure.mgmt.redis:RedisManagementClient', '2025-07-01', sdk_default=False,
             resource_type='redisEnterprise'),
    # No SDK in azure-cli (Spring is an extension there): the api-version the spring extension uses.
    Provider('Microsoft.AppPlatform', 'azure.mgmt.resource:ResourceManagementClient', '2024-05-01-preview',
             sdk_default=False),
)}


def provider_of(path):
    """The provider that serves an ARM path: the namespace after its last `/providers/` (or that namespace's
    entry for the resource type that follows it, where one exists)."""
    lowered = path.lower()
    index = lowered.rfind('/providers/')
    parts = lowered[index + len('/providers/'):].split('/') if index >= 0 else ['microsoft.resources']
    namespace = parts[0]
    typed = f'{namespace}/{parts[1]}' if len(parts) > 1 else None
    if typed in PROVIDERS:
        return PROVIDERS[typed]
    try:
        return PROVIDERS[namespace]
    except KeyError:
        raise ValueError(f'no provider registered for {namespace} ({path})') from None


def make_client(cli_ctx, provider, subscription):
    """The pipeline of `provider`'s SDK client for one subscription, as azure-cli configures it. Every
    generated azure-mgmt client keeps it in `_client` (an azure.mgmt.core ARMPipelineClient, whose
    `send_request` is public); not every one re-exports `send_request` itself."""
    from importlib import import_module
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    module, name = provider.client.split(':')
    client = get_mgmt_service_client(cli_ctx, getattr(import_module(module), name), subscription_id=subscription)
    return client._client  # pylint: disable=protected-access


def msi_client(cli_ctx, subscription):
    """The managed identity SDK (its typed list of user-assigned identities)."""
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.cli.core.profiles import ResourceType
    client = get_mgmt_service_client(cli_ctx, ResourceType.MGMT_MSI, subscription_id=subscription)
    client.user_assigned_identities  # pylint: disable=pointless-statement  # imports its api-version now
    return client


def client_key(provider: Optional[Provider]):
    return provider.client if provider else 'msi'
