"""arm.py speaks ARM JSON through the SDK clients' pipelines with the api-versions of _client_factory's
provider table; they must stay the ones the pinned SDKs default to, or recordings and real-Azure
behaviour drift apart. A provider with no SDK in azure-cli says so (sdk_default=False)."""
import inspect
from importlib import import_module

import pytest

from azext_connection._client_factory import PROVIDERS, provider_of


class _NoCredential:
    def get_token(self, *scopes, **kwargs):
        raise AssertionError('no request is sent here')


def _sdk_default(provider):
    module, name = provider.client.split(':')
    if provider.namespace == 'Microsoft.Authorization':     # a multi-api SDK: the operations pin it
        from azure.mgmt.authorization.operations import _operations as authorization
        return next(v for v in (provider.api_version,)
                    if f'"{v}"' in inspect.getsource(authorization.build_role_assignments_create_request))
    if provider.namespace == 'Microsoft.Resources':           # a profile SDK: azure-cli's default profile pins it
        from azure.cli.core.profiles import AZURE_API_PROFILES, ResourceType
        return AZURE_API_PROFILES['latest'][ResourceType.MGMT_RESOURCE_RESOURCES]
    client = getattr(import_module(module), name)(_NoCredential(), 'sub')
    if provider.namespace == 'Microsoft.Insights':            # a multi-api SDK: its profile pins components
        return client._get_api_version('components')
    return client._config.api_version


@pytest.mark.parametrize('provider', [p for p in PROVIDERS.values() if p.sdk_default], ids=lambda p: p.namespace)
def test_api_versions_are_the_pinned_sdks_defaults(provider):
    assert _sdk_default(provider) == provider.api_version


@pytest.mark.parametrize('path,namespace', [
    ('/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a/config/appsettings/list', 'Microsoft.Web'),
    ('/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a/providers/'
     'Microsoft.Authorization/roleAssignments/x', 'Microsoft.Authorization'),
    ('/subscriptions/s/resourceGroups/g/providers/Microsoft.App/containerApps/a/providers/Microsoft.Resources/'
     'tags/default', 'Microsoft.Resources'),
])
def test_a_request_goes_to_the_provider_of_its_last_providers_segment(path, namespace):
    assert provider_of(path).namespace == namespace


@pytest.mark.parametrize('path,version', [
    ('/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforPostgreSQL/flexibleServers/a/databases/d',
     '2026-04-01-preview'),
    ('/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforPostgreSQL/servers/a/firewallRules/r', '2017-12-01'),
    ('/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforMySQL/Servers/a', '2017-12-01'),
])
def test_a_resource_type_with_its_own_api_version_gets_it(path, version):
    assert provider_of(path).api_version == version


def test_the_retired_single_servers_speak_what_their_sdk_operations_send():
    from azure.mgmt.rdbms.mysql.operations import _firewall_rules_operations as mysql
    from azure.mgmt.rdbms.postgresql.operations import _firewall_rules_operations as postgres
    for module in (mysql, postgres):
        assert '"2017-12-01"' in inspect.getsource(module.build_create_or_update_request)
