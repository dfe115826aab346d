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


PROVIDERS = {p.namespace.lower(): p for p in (
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
    # No SDK in azure-cli (Spring is an extension there): the api-version the spring extension uses.
    Provider('Microsoft.AppPlatform', 'azure.mgmt.resource:ResourceManagementClient', '2024-05-01-preview',
             sdk_default=False),
)}


def provider_of(path):
    """The provider that serves an ARM path: the namespace after its last `/providers/`."""
    lowered = path.lower()
    index = lowered.rfind('/providers/')
    namespace = lowered[index + len('/providers/'):].split('/', 1)[0] if index >= 0 else 'microsoft.resources'
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
