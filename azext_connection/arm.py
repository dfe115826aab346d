"""Every Azure Resource Manager call the extension makes, in and out as plain ARM JSON dicts.

This is the one module that knows URLs, api-versions and SDK clients. Requests go through the
azure-mgmt clients' own pipelines (az's credential, retries, user agent, logging policies) with
`send_request`, and their JSON is read as it is: the SDKs' typed models cost ~20 ms of CPU per model
class the first time a process deserializes one, and we only want the JSON. The api-versions are
those the pinned SDKs default to (a unit test keeps them equal), so recordings match.
SDKs are imported inside the functions that build clients: the command loader must stay cheap.
Calls whose payload can hold a secret (app settings, storage keys) switch the network trace off,
so `--debug` never prints them.
"""
import random
import threading
import time
from dataclasses import dataclass
from typing import Optional

from knack.log import get_logger

logger = get_logger(__name__)

NO_TRACE = {'logging_enable': False}
# ARM answers 429 when a subscription's request budget is spent. azure-core retries it for every
# method only when Retry-After is given (and without it only for GET/PUT/DELETE): these pauses,
# jittered, cover the rest, so a throttled PATCH or POST waits instead of failing and rolling back.
THROTTLE_PAUSES_S = (1, 2, 4, 8)
LOW_BUDGET = 20          # x-ms-ratelimit-remaining-* below this is reported under --verbose

API_VERSIONS = {               # = the defaults of azure-mgmt-web 11.0.0, -storage 25.0.0, -keyvault 14.0.1,
    'web': '2025-05-01',       #   -authorization 5.0.0b2 (role assignments), as azure-cli 2.91 ships them
    'storage': '2025-08-01',
    'keyvault': '2026-02-01',
    'authorization': '2022-04-01',
}


@dataclass(frozen=True)
class ResourceRef:
    """A parsed resource id; `child` is the slot name for sites/slots."""
    id: str
    subscription: str
    resource_group: str
    name: str
    child: Optional[str] = None

    @classmethod
    def parse(cls, resource_id):
        from azure.mgmt.core.tools import parse_resource_id
        parts = parse_resource_id(resource_id)
        child = parts.get('child_name_1') if parts.get('child_type_1', '').lower() == 'slots' else None
        return cls(resource_id, parts['subscription'], parts['resource_group'], parts['name'], child)


class Arm:
    """Lazily built, shared SDK clients (thread-safe) and the calls the steps need."""

    def __init__(self, cli_ctx):
        self._cli_ctx = cli_ctx
        self._clients = {}
        self._locks = {}
        self._lock = threading.Lock()     # guards the two dicts only, never a client's construction

    def client_of(self, kind, subscription):
        """The shared client of one SDK for one subscription; built once, other clients build in parallel."""
        key = (kind, subscription.lower())
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._clients:
                self._clients[key] = _make_client(self._cli_ctx, kind, subscription)
            return self._clients[key]

    def call(self, kind, method, path, body=None, query=None, trace=True):
        """One ARM request through the `kind` client's pipeline; the response JSON, or None for 204.
        Errors are azure-core's: ResourceNotFoundError (404), ResourceExistsError (409), else
        HttpResponseError, each with ARM's error code and message parsed."""
        from azure.core.rest import HttpRequest
        client = self.client_of(kind, path.split('/')[2])
        params = {'api-version': API_VERSIONS[kind], **(query or {})}
        response = _send(client, lambda: HttpRequest(method, path, params=params, json=body), trace)
        _raise_for_status(response)
        return response.json() if response.status_code != 204 and response.content else None

    def _pages(self, kind, path, query=None):
        """Every item of a paged list, following nextLink."""
        page = self.call(kind, 'GET', path, query=query)
        items = list(page.get('value') or [])
        while page.get('nextLink'):
            page = self._follow(kind, path, page['nextLink'])
            items.extend(page.get('value') or [])
        return items

    def _follow(self, kind, path, link):
        from azure.core.rest import HttpRequest
        response = _send(self.client_of(kind, path.split('/')[2]), lambda: HttpRequest('GET', link), True)
        _raise_for_status(response)
        return response.json()

    # -- Microsoft.Web/sites (and slots) --------------------------------------------------------
    def get_site(self, site):
        return self.call('web', 'GET', site.id)

    def patch_site(self, site, body):
        return self.call('web', 'PATCH', site.id, body)

    def list_app_settings(self, site):
        return self.site_dictionary(site, 'appsettings')

    def list_metadata(self, site):
        return self.site_dictionary(site, 'metadata')

    def site_dictionary(self, site, name, properties=None):
        """A site's string dictionary (app settings, metadata): POST .../list to read, PUT to replace."""
        if properties is None:
            result = self.call('web', 'POST', f'{site.id}/config/{name}/list', trace=False)
        else:
            result = self.call('web', 'PUT', f'{site.id}/config/{name}', {'properties': properties}, trace=False)
        return dict(result.get('properties') or {})

    # -- Microsoft.Storage/storageAccounts -----------------------------------------------------
    def get_storage_account(self, account):
        return self.call('storage', 'GET', account.id)

    def patch_storage_account(self, account, body):
        return self.call('storage', 'PATCH', account.id, body)

    def list_storage_keys(self, account):
        return self.call('storage', 'POST', f'{account.id}/listKeys', query={'$expand': 'kerb'},
                         trace=False).get('keys') or []

    # -- Microsoft.KeyVault/vaults ---------------------------------------------------------------
    def get_vault(self, vault):
        return self.call('keyvault', 'GET', vault.id)

    def patch_vault(self, vault, body):
        return self.call('keyvault', 'PATCH', vault.id, body)

    # -- Microsoft.ManagedIdentity ---------------------------------------------------------------
    def find_user_identity(self, subscription, client_id):
        """The user-assigned identity with this client id in a subscription, or None."""
        ops = self.client_of('msi', subscription).user_assigned_identities
        for identity in ops.list_by_subscription():   # msrest-style SDK: attributes, not wire dicts
            if (identity.client_id or '').lower() == client_id.lower():
                return {'id': identity.id, 'name': identity.name,
                        'properties': {'clientId': identity.client_id, 'principalId': identity.principal_id,
                                       'tenantId': identity.tenant_id}}
        return None

    # -- Microsoft Graph (the one call that is not ARM) ------------------------------------------
    def service_principal_object_id(self, client_id):
        """The object id of the service principal of application (client) id `client_id`, or None."""
        from azure.cli.core.util import send_raw_request
        graph = self._cli_ctx.cloud.endpoints.microsoft_graph_resource_id.rstrip('/')
        response = send_raw_request(self._cli_ctx, 'GET', f"{graph}/v1.0/servicePrincipals?$filter=appId eq "
                                    f"'{client_id}'&$select=id", resource=graph)
        found = response.json().get('value') or []
        return found[0]['id'] if found else None

    # -- Microsoft.Authorization -----------------------------------------------------------------
    @staticmethod
    def _assignment(scope, name):
        return f'{scope}/providers/Microsoft.Authorization/roleAssignments/{name}'

    def put_role_assignment(self, scope, name, role_definition_id, principal_id, principal_type):
        body = {'properties': {'roleDefinitionId': role_definition_id, 'principalId': principal_id,
                               'principalType': principal_type}}
        return self.call('authorization', 'PUT', self._assignment(scope, name), body)

    def delete_role_assignment(self, scope, name):
        """The deleted assignment (ARM answers 200 with it), or None when there was none (204)."""
        return self.call('authorization', 'DELETE', self._assignment(scope, name))

    def list_role_assignments(self, scope, principal_id):
        """Assignments of one principal that apply at `scope` (at it, above it or below it)."""
        return self._pages('authorization', f'{scope}/providers/Microsoft.Authorization/roleAssignments',
                           {'$filter': f"principalId eq '{principal_id}'"})


def _send(client, make_request, trace):
    """Send through the client's pipeline; a 429 azure-core gave back is waited out and sent again."""
    for pause in THROTTLE_PAUSES_S + (None,):
        request = make_request()
        response = client.send_request(request, **({} if trace else NO_TRACE))
        _note_budget(response)
        if response.status_code != 429 or pause is None:
            return response
        wait_s = _retry_after(response) or pause * random.uniform(0.75, 1.25)
        logger.info('ARM throttled %s %s (429): waiting %.1f s before sending it again.', request.method,
                    request.url.split('?')[0].rsplit('/providers/', 1)[-1], wait_s)
        time.sleep(wait_s)
    return response


def _retry_after(response):
    try:
        return float(response.headers.get('Retry-After'))
    except (TypeError, ValueError):
        return None


def _note_budget(response):
    for name, value in response.headers.items():
        if name.lower().startswith('x-ms-ratelimit-remaining-') and value.isdigit() and int(value) < LOW_BUDGET:
            logger.info("ARM request budget nearly spent: %s is %s; ARM throttles (429) when it runs out.",
                        name, value)


def _raise_for_status(response):
    if response.status_code < 400:
        return
    from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
    from azure.mgmt.core.exceptions import ARMErrorFormat
    error = {404: ResourceNotFoundError, 409: ResourceExistsError}.get(response.status_code, HttpResponseError)
    raise error(response=response, error_format=ARMErrorFormat)


def _make_client(cli_ctx, kind, subscription):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    if kind == 'web':
        from azure.mgmt.web import WebSiteManagementClient as client_type
    elif kind == 'storage':
        from azure.mgmt.storage import StorageManagementClient as client_type
    elif kind == 'keyvault':
        from azure.mgmt.keyvault import KeyVaultManagementClient as client_type
    elif kind == 'authorization':
        from azure.mgmt.authorization import AuthorizationManagementClient as client_type
    elif kind == 'msi':
        from azure.cli.core.profiles import ResourceType
        client = get_mgmt_service_client(cli_ctx, ResourceType.MGMT_MSI, subscription_id=subscription)
        client.user_assigned_identities   # pylint: disable=pointless-statement  # imports its api-version now
        return client
    else:
        raise ValueError(kind)
    return get_mgmt_service_client(cli_ctx, client_type, subscription_id=subscription)
