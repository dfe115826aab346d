"""arm.py speaks ARM JSON through the SDK clients' pipelines with its own api-versions; they must stay
the ones the pinned SDKs default to, or recordings and real-Azure behaviour drift apart."""
import inspect

from azext_connection.arm import API_VERSIONS


class _NoCredential:
    def get_token(self, *scopes, **kwargs):
        raise AssertionError('no request is sent here')


def test_api_versions_are_the_pinned_sdks_defaults():
    from azure.mgmt.keyvault import KeyVaultManagementClient
    from azure.mgmt.storage import StorageManagementClient
    from azure.mgmt.web import WebSiteManagementClient
    from azure.mgmt.authorization.operations import _operations as authorization
    for kind, client_type in (('web', WebSiteManagementClient), ('storage', StorageManagementClient),
                              ('keyvault', KeyVaultManagementClient)):
        assert client_type(_NoCredential(), 'sub')._config.api_version == API_VERSIONS[kind], kind
    for builder in ('build_role_assignments_create_request', 'build_role_assignments_delete_request',
                    'build_role_assignments_list_for_scope_request'):
        assert f'"{API_VERSIONS["authorization"]}"' in inspect.getsource(getattr(authorization, builder))
