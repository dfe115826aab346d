"""Every Azure Resource Manager call the extension makes, in and out as plain ARM JSON dicts.

This is the one module that knows SDK client classes and operation names. SDKs are imported inside
the functions that build clients: the command loader must stay cheap for every `az webapp` command.
Calls whose payload can hold a secret (app settings, storage keys) switch the SDK's network trace
off, so `--debug` never prints them.
"""
import threading
from dataclasses import dataclass
from typing import Optional

NO_TRACE = {'logging_enable': False}


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

    _client = client_of

    # -- Microsoft.Web/sites (and slots) --------------------------------------------------------
    def _web(self, site):
        return self._client('web', site.subscription).web_apps

    def get_site(self, site):
        ops = self._web(site)
        result = (ops.get_slot(site.resource_group, site.name, site.child) if site.child
                  else ops.get(site.resource_group, site.name))
        return result.as_dict()

    def patch_site(self, site, body):
        ops = self._web(site)
        result = (ops.update_slot(site.resource_group, site.name, site.child, body) if site.child
                  else ops.update(site.resource_group, site.name, body))
        return result.as_dict()

    def _site_dict(self, site, verb, what, properties=None):
        ops = self._web(site)
        method = f'{verb}_{what}' + ('_slot' if site.child else '')
        args = [site.resource_group, site.name] + ([site.child] if site.child else [])
        if properties is not None:
            args.append({'properties': properties})
        result = getattr(ops, method)(*args, **NO_TRACE)
        return dict(result.as_dict().get('properties') or {})

    def list_app_settings(self, site):
        return self._site_dict(site, 'list', 'application_settings')

    def put_app_settings(self, site, settings):
        return self._site_dict(site, 'update', 'application_settings', settings)

    def list_metadata(self, site):
        return self._site_dict(site, 'list', 'metadata')

    def put_metadata(self, site, metadata):
        return self._site_dict(site, 'update', 'metadata', metadata)

    # -- Microsoft.Storage/storageAccounts -----------------------------------------------------
    def get_storage_account(self, account):
        ops = self._client('storage', account.subscription).storage_accounts
        return ops.get_properties(account.resource_group, account.name).as_dict()

    def patch_storage_account(self, account, body):
        ops = self._client('storage', account.subscription).storage_accounts
        return ops.update(account.resource_group, account.name, body).as_dict()

    def list_storage_keys(self, account):
        ops = self._client('storage', account.subscription).storage_accounts
        return ops.list_keys(account.resource_group, account.name, **NO_TRACE).as_dict().get('keys') or []

    # -- Microsoft.KeyVault/vaults ---------------------------------------------------------------
    def get_vault(self, vault):
        ops = self._client('keyvault', vault.subscription).vaults
        return ops.get(vault.resource_group, vault.name).as_dict()

    def patch_vault(self, vault, body):
        ops = self._client('keyvault', vault.subscription).vaults
        return ops.update(vault.resource_group, vault.name, body).as_dict()

    # -- Microsoft.ManagedIdentity ---------------------------------------------------------------
    def find_user_identity(self, subscription, client_id):
        """The user-assigned identity with this client id in a subscription, or None."""
        ops = self._client('msi', subscription).user_assigned_identities
        for identity in ops.list_by_subscription():   # msrest-style SDK: attributes, not wire dicts
            if (identity.client_id or '').lower() == client_id.lower():
                return {'id': identity.id, 'name': identity.name,
                        'properties': {'clientId': identity.client_id, 'principalId': identity.principal_id,
                                       'tenantId': identity.tenant_id}}
        return None

    # -- Microsoft.Authorization -----------------------------------------------------------------
    def _rbac(self, scope):
        return self._client('authorization', ResourceRef.parse(scope).subscription).role_assignments

    def put_role_assignment(self, scope, name, role_definition_id, principal_id, principal_type):
        body = {'properties': {'roleDefinitionId': role_definition_id, 'principalId': principal_id,
                               'principalType': principal_type}}
        return self._rbac(scope).create(scope, name, body).as_dict()

    def delete_role_assignment(self, scope, name):
        """The deleted assignment (ARM answers 200 with it), or None when there was none (204)."""
        deleted = self._rbac(scope).delete(scope, name)
        return deleted.as_dict() if deleted is not None else None

    def list_role_assignments(self, scope, principal_id):
        """Assignments of one principal that apply at `scope` (at it, above it or below it)."""
        pages = self._rbac(scope).list_for_scope(scope, filter=f"principalId eq '{principal_id}'")
        return [a.as_dict() for a in pages]


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
        client_type = ResourceType.MGMT_MSI
    else:
        raise ValueError(kind)
    return get_mgmt_service_client(cli_ctx, client_type, subscription_id=subscription)
