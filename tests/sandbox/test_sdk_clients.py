"""Every modelled operation driven by the real azure-mgmt SDK clients pinned in .venv."""
import uuid

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.keyvault import KeyVaultManagementClient
from azure.mgmt.msi import ManagedServiceIdentityClient
from azure.mgmt.resource import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.mgmt.web import WebSiteManagementClient

FAST = {"polling_interval": 0.01}
SDK_KW = {"retry_total": 0}


def client(cls, sb):
    return cls(sb.credential(), sb.subscription_id, base_url=sb.url, connection_verify=sb.ca_bundle, **SDK_KW)


@pytest.fixture
def clients(sandbox):
    class C:
        res = client(ResourceManagementClient, sandbox)
        web = client(WebSiteManagementClient, sandbox)
        storage = client(StorageManagementClient, sandbox)
        kv = client(KeyVaultManagementClient, sandbox)
        msi = client(ManagedServiceIdentityClient, sandbox)
        auth = client(AuthorizationManagementClient, sandbox)
    C.res.resource_groups.create_or_update("rg", {"location": "eastus"})
    return C


def _site(clients, sb, name="app1", **props):
    plan = clients.res.resources.begin_create_or_update_by_id(
        f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan",
        "2024-11-01", {"location": "eastus", "sku": {"name": "S1", "tier": "Standard"}, "kind": "linux"}).result()
    # The TypeSpec-generated SDKs send plain dicts verbatim, so dicts use the REST (camelCase) shape.
    body = {"location": "eastus", "kind": "app,linux",
            "properties": {"serverFarmId": plan.id, "siteConfig": {"linuxFxVersion": "PYTHON|3.12"}, **props}}
    return clients.web.web_apps.begin_create_or_update("rg", name, body, **FAST).result()


def _identity(clients, name="uai"):
    return clients.msi.user_assigned_identities.create_or_update("rg", name, {"location": "eastus"})


# ---------------------------------------------------------------------------------- resource groups
def test_resource_groups(sandbox, clients):
    groups = clients.res.resource_groups
    assert groups.check_existence("rg") is True and groups.check_existence("nope") is False
    sandbox.page_size = 2
    for i in range(4):
        groups.create_or_update(f"Extra{i}", {"location": "westus", "tags": {"i": str(i)}})
    names = [g.name for g in groups.list()]
    assert sorted(names) == ["Extra0", "Extra1", "Extra2", "Extra3", "rg"]
    assert sum(1 for r in sandbox.requests if r["path"].endswith("/resourcegroups") and r["method"] == "GET") == 3
    assert groups.get("EXTRA1").name == "Extra1"  # case-insensitive, creating casing kept
    with pytest.raises(ResourceNotFoundError) as err:
        groups.get("missing")
    assert err.value.error.code == "ResourceGroupNotFound"
    groups.begin_delete("extra0", **FAST).result()
    assert groups.check_existence("Extra0") is False
    polls = [r for r in sandbox.requests if "/operationresults/" in r["path"]]
    assert [p["status"] for p in polls] == [202, 200]


def test_delete_group_deletes_contents(sandbox, clients):
    _identity(clients)
    sandbox.put_resource(f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg/providers/Microsoft.Authorization/"
                         f"roleAssignments/{uuid.uuid4()}", {"properties": {
                             "roleDefinitionId": "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
                             "principalId": sandbox.principal_id}})
    clients.res.resource_groups.begin_delete("rg", **FAST).result()
    assert sandbox.dump() == {"resources": []}


# ---------------------------------------------------------------------------------- web
def test_web_site_lifecycle(sandbox, clients):
    site = _site(clients, sandbox)
    assert site.default_host_name == "app1.azurewebsites.net"
    assert site.site_config.linux_fx_version == "PYTHON|3.12"
    assert len(site.outbound_ip_addresses.split(",")) == 4
    assert site.possible_outbound_ip_addresses.startswith(site.outbound_ip_addresses)
    again = clients.web.web_apps.get("RG", "APP1")
    assert again.id.endswith("/sites/app1") and again.outbound_ip_addresses == site.outbound_ip_addresses
    updated = clients.web.web_apps.update("rg", "app1", {"properties": {"httpsOnly": True, "virtualNetworkSubnetId":
                                                         f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"}})
    assert updated.https_only is True and updated.virtual_network_subnet_id.endswith("/subnets/s")
    with pytest.raises(HttpResponseError) as err:
        clients.web.web_apps.update("rg", "app1", {"properties": {"virtualNetworkSubnetId": "not-an-id"}})
    assert err.value.error.code == "LinkedInvalidPropertyId"
    with pytest.raises(ResourceNotFoundError) as err:
        clients.web.web_apps.get("rg", "nope")
    assert "The Resource 'Microsoft.Web/sites/nope' under resource group 'rg' was not found" in err.value.message
    assert [s.name for s in clients.web.web_apps.list_by_resource_group("rg")] == ["app1"]


def test_web_config(sandbox, clients):
    _site(clients, sandbox)
    apps = clients.web.web_apps
    assert apps.list_application_settings("rg", "app1").properties == {}
    apps.update_application_settings("rg", "app1", {"properties": {"A": "1", "B": "2"}})
    apps.update_application_settings("rg", "app1", {"properties": {"B": "3"}})  # PUT replaces
    assert apps.list_application_settings("rg", "app1").properties == {"B": "3"}
    apps.update_connection_strings("rg", "app1", {"properties": {"db": {"value": "Server=x", "type": "SQLAzure"}}})
    cs = apps.list_connection_strings("rg", "app1").properties["db"]
    assert (cs.value, cs.type) == ("Server=x", "SQLAzure")
    apps.update_metadata("rg", "app1", {"properties": {"CURRENT_STACK": "python"}})
    assert apps.list_metadata("rg", "app1").properties == {"CURRENT_STACK": "python"}
    assert apps.list_slot_configuration_names("rg", "app1").app_setting_names is None
    apps.update_slot_configuration_names("rg", "app1", {"properties": {"appSettingNames": ["B"]}})
    assert apps.list_slot_configuration_names("rg", "app1").app_setting_names == ["B"]
    assert apps.get_configuration("rg", "app1").linux_fx_version == "PYTHON|3.12"
    apps.update_configuration("rg", "app1", {"properties": {"linuxFxVersion": "NODE|20-lts"}})
    apps.create_or_update_configuration("rg", "app1", {"properties": {"alwaysOn": True}})
    cfg = apps.get_configuration("rg", "app1")
    assert (cfg.linux_fx_version, cfg.always_on) == ("NODE|20-lts", True)
    assert apps.get("rg", "app1").site_config.linux_fx_version == "NODE|20-lts"
    with pytest.raises(ResourceNotFoundError):
        apps.list_application_settings("rg", "ghost")


def test_web_slots(sandbox, clients):
    _site(clients, sandbox)
    apps = clients.web.web_apps
    slot = apps.begin_create_or_update_slot("rg", "app1", "staging", {"location": "eastus"}, **FAST).result()
    assert slot.name == "app1/staging" and slot.default_host_name == "app1-staging.azurewebsites.net"
    apps.update_application_settings_slot("rg", "app1", "staging", {"properties": {"S": "1"}})
    assert apps.list_application_settings_slot("rg", "app1", "staging").properties == {"S": "1"}
    assert apps.list_application_settings("rg", "app1").properties == {}
    assert apps.update_slot("rg", "app1", "staging", {"properties": {"httpsOnly": True}}).https_only is True
    apps.update_configuration_slot("rg", "app1", "staging", {"properties": {"linuxFxVersion": "DOTNETCORE|8.0"}})
    assert apps.get_configuration_slot("rg", "app1", "staging").linux_fx_version == "DOTNETCORE|8.0"
    assert [s.name for s in apps.list_slots("rg", "app1")] == ["app1/staging"]


@pytest.mark.parametrize("kind", ["SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned"])
def test_web_identities(sandbox, clients, kind):
    uai = _identity(clients)
    _site(clients, sandbox)
    ident = {"type": kind}
    if "User" in kind:
        ident["userAssignedIdentities"] = {uai.id: {}}
    site = clients.web.web_apps.update("rg", "app1", {"identity": ident})
    assert site.identity.type == kind
    if "System" in kind:
        assert uuid.UUID(site.identity.principal_id) and site.identity.tenant_id == sandbox.tenant_id
    else:
        assert site.identity.principal_id is None
    if "User" in kind:
        (entry,) = site.identity.user_assigned_identities.values()
        assert (entry.principal_id, entry.client_id) == (uai.principal_id, uai.client_id)
    site = clients.web.web_apps.update("rg", "app1", {"identity": {"type": "None"}})
    assert site.identity is None


def test_web_identity_missing_user_identity(sandbox, clients):
    _site(clients, sandbox)
    missing = f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/ghost"
    with pytest.raises(HttpResponseError) as err:
        clients.web.web_apps.update("rg", "app1", {"identity": {"type": "UserAssigned",
                                                                "userAssignedIdentities": {missing: {}}}})
    assert err.value.status_code == 400


def test_system_identity_kept_while_enabled(sandbox, clients):
    _site(clients, sandbox)
    first = clients.web.web_apps.update("rg", "app1", {"identity": {"type": "SystemAssigned"}}).identity.principal_id
    again = clients.web.web_apps.update("rg", "app1", {"properties": {"httpsOnly": True}, "identity": {"type": "SystemAssigned"}})
    assert again.identity.principal_id == first


# ---------------------------------------------------------------------------------- storage
def test_storage_accounts(sandbox, clients):
    accounts = clients.storage.storage_accounts
    acct = accounts.begin_create("rg", "stg1", {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"},
                                                "properties": {"allowSharedKeyAccess": False}}, **FAST).result()
    assert acct.provisioning_state == "Succeeded" and acct.allow_shared_key_access is False
    assert acct.primary_endpoints.blob == "https://stg1.blob.core.windows.net/"
    assert acct.primary_endpoints.dfs == "https://stg1.dfs.core.windows.net/"
    polls = [r for r in sandbox.requests if "/asyncoperations/" in r["path"]]
    assert [p["status"] for p in polls] == [202, 200]
    got = accounts.get_properties("rg", "STG1")
    assert got.network_rule_set.default_action == "Allow" and got.network_rule_set.bypass == "AzureServices"
    upd = accounts.update("rg", "stg1", {"properties": {"publicNetworkAccess": "Disabled", "networkAcls": {
        "defaultAction": "Deny", "bypass": "AzureServices", "ipRules": [{"value": "203.0.113.7"}]}}})
    assert upd.public_network_access == "Disabled" and upd.network_rule_set.default_action == "Deny"
    assert [r.ip_address_or_range for r in upd.network_rule_set.ip_rules] == ["203.0.113.7"]
    keys = accounts.list_keys("rg", "stg1")["keys"]  # `.keys` is the Mapping method on these models
    assert [k["keyName"] for k in keys] == ["key1", "key2"] and keys[0]["value"] != keys[1]["value"]
    assert accounts.list_keys("rg", "stg1")["keys"][0]["value"] == keys[0]["value"]  # stable until regenerated
    with pytest.raises(ResourceNotFoundError) as err:
        accounts.get_properties("rg", "nope")
    assert err.value.error.code == "ResourceNotFound"
    with pytest.raises(ResourceNotFoundError) as err:
        accounts.get_properties("no-such-rg", "stg1")
    assert err.value.error.code == "ResourceGroupNotFound"


def test_storage_list_paging(sandbox, clients):
    sandbox.page_size = 2
    for i in range(5):
        sandbox.put_resource(f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg/providers/Microsoft.Storage/"
                             f"storageAccounts/stg{i}", {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}})
    assert sorted(a.name for a in clients.storage.storage_accounts.list_by_resource_group("rg")) == [f"stg{i}" for i in range(5)]
    assert len(list(clients.storage.storage_accounts.list())) == 5


# ---------------------------------------------------------------------------------- keyvault / msi
def test_key_vault(sandbox, clients):
    vaults = clients.kv.vaults
    vault = vaults.begin_create_or_update("rg", "kv1", {"location": "eastus", "properties": {
        "tenantId": sandbox.tenant_id, "sku": {"family": "A", "name": "standard"}, "enableRbacAuthorization": True}},
        **FAST).result()
    assert vault.properties.vault_uri == "https://kv1.vault.azure.net/"
    assert vault.properties.provisioning_state == "Succeeded" and vault.properties.enable_rbac_authorization
    assert vaults.get("rg", "KV1").name == "kv1"
    upd = vaults.update("rg", "kv1", {"properties": {"networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"}}})
    assert upd.properties.network_acls.default_action == "Deny"
    with pytest.raises(ResourceNotFoundError):
        vaults.get("rg", "ghost")


def test_user_assigned_identity(sandbox, clients):
    uai = _identity(clients)
    assert uuid.UUID(uai.principal_id) and uuid.UUID(uai.client_id) and uai.tenant_id == sandbox.tenant_id
    again = clients.msi.user_assigned_identities.create_or_update("rg", "uai", {"location": "eastus", "tags": {"a": "b"}})
    assert (again.principal_id, again.client_id, again.tags) == (uai.principal_id, uai.client_id, {"a": "b"})
    assert clients.msi.user_assigned_identities.get("rg", "UAI").client_id == uai.client_id


# ---------------------------------------------------------------------------------- authorization
def test_role_definitions(sandbox, clients):
    defs = clients.auth.role_definitions
    scope = f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg"
    (reader,) = list(defs.list(scope, filter="roleName eq 'reader'"))
    assert reader.name == "acdd72a7-3385-48ef-bd42-f606fba81ae7" and reader.role_name == "Reader"
    assert reader.id == f"/subscriptions/{sandbox.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{reader.name}"
    assert defs.get(scope, "ba92f5b4-2d11-453d-a403-e96b0029c9fe").role_name == "Storage Blob Data Contributor"
    assert defs.get_by_id(reader.id).role_name == "Reader"


def test_role_assignments(sandbox, clients):
    ras = clients.auth.role_assignments
    sub = f"/subscriptions/{sandbox.subscription_id}"
    acct = sandbox.put_resource(f"{sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stg1",
                                {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}})
    principal = _identity(clients).principal_id
    rd = f"{sub}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"
    params = {"properties": {"roleDefinitionId": rd, "principalId": principal, "principalType": "ServicePrincipal"}}
    name = str(uuid.uuid4())
    created = ras.create(acct["id"], name, params)
    assert created.scope == acct["id"] and created.principal_type == "ServicePrincipal"
    assert ras.create(acct["id"], name, params).name == name  # same name, same content: idempotent
    with pytest.raises(ResourceExistsError) as err:
        ras.create(acct["id"], str(uuid.uuid4()), params)
    assert err.value.error.code == "RoleAssignmentExists"
    with pytest.raises(HttpResponseError) as err:
        ras.create(acct["id"], str(uuid.uuid4()), {"properties": {**params["properties"], "roleDefinitionId": rd[:-4] + "0000"}})
    assert err.value.error.code == "RoleDefinitionDoesNotExist"
    ras.create(f"{sub}/resourceGroups/rg", str(uuid.uuid4()), {"properties": {**params["properties"], "roleDefinitionId": rd.replace(
        "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "acdd72a7-3385-48ef-bd42-f606fba81ae7")}})
    assert ras.get(acct["id"], name).principal_id == principal
    at_account = list(ras.list_for_scope(acct["id"], filter="atScope()"))
    assert len(at_account) == 2  # its own + the inherited group one
    at_group = list(ras.list_for_scope(f"{sub}/resourceGroups/rg", filter="atScope()"))
    assert len(at_group) == 1  # never below the scope with atScope()
    assert len(list(ras.list_for_scope(f"{sub}/resourceGroups/rg", filter=f"principalId eq '{principal}'"))) == 2
    assert len(list(ras.list_for_scope(acct["id"], filter=f"atScope() and assignedTo('{principal}')"))) == 2
    assert len(list(ras.list_for_subscription(filter=f"principalId eq '{principal}'"))) == 2
    assert list(ras.list_for_subscription(filter="principalId eq '00000000-0000-0000-0000-00000000abcd'")) == []
    deleted = ras.delete(acct["id"], name)
    assert deleted.name == name
    assert ras.delete(acct["id"], name) is None  # 204 when absent
    with pytest.raises(ResourceNotFoundError):
        ras.get(acct["id"], name)


def test_role_assignments_go_with_their_resource(sandbox, clients):
    ras = clients.auth.role_assignments
    sub = f"/subscriptions/{sandbox.subscription_id}"
    acct = sandbox.put_resource(f"{sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stg2",
                                {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}})
    rd = f"{sub}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe"
    name = str(uuid.uuid4())
    ras.create(acct["id"], name, {"properties": {"roleDefinitionId": rd, "principalId": _identity(clients).principal_id,
                                                 "principalType": "ServicePrincipal"}})
    clients.storage.storage_accounts.delete("rg", "stg2")
    assert list(ras.list_for_subscription()) == []
    with pytest.raises(HttpResponseError) as err:          # the scope is gone: ARM says so as a 403
        ras.delete(acct["id"], name)
    assert err.value.status_code == 403 and "scope is invalid" in err.value.message
