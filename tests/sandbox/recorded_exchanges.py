"""Facts about real ARM exchanges, for the sandbox's fidelity tests.
Each record names where the fact was observed. Facts only: no recorded file is copied; no secrets.

Source kinds (the ``source`` string says which one a record rests on):
  * "Azure/azure-cli .../recordings/<x>.yaml"  - a real recorded exchange (vcr cassette) in azure-cli.
  * "Azure/azure-rest-api-specs .../examples/<x>.json" - the service team's own example for that api-version.
  * "SDK <package> <version> <file> (<Class.method>)" - the SDK installed in the project venv; the
    status codes listed there are exactly the ones the client accepts
    (``if response.status_code not in [...]``) and its default api-version.
  * "azure-cli 2.91.0 <file>" - behaviour of the installed CLI that pins a server fact
    (e.g. which error code / status it tests for).
  * "<owner>/<repo> issue #N" - a real error body quoted in a public issue thread.
Where a record's fact was not seen in a recording, its ``precondition`` says so ("not recorded here").
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordedExchange:
    operation: str                 # e.g. "web.sites.get", "storage.accounts.list_keys", "authorization.role_assignments.create"
    source: str                    # repo + recording/spec file the fact came from
    method: str                    # GET/PUT/PATCH/POST/DELETE
    path: str                      # path template with placeholders: {subscription} {resourceGroup} {name} {slot} {identity} {scope} {roleAssignmentName} {roleDefinitionId} {vault} {account}
    api_version: str               # as recorded
    status: int
    response_fields: tuple = ()    # dotted JSON paths that must be present in the response body ([] = every element of a list)
    response_headers: tuple = ()   # lower-case header names present in the recorded response that matter
    error_code: str | None = None  # for error exchanges: error.code (or App Service's "Code")
    request_body: dict | None = None   # minimal request body as recorded, secrets removed; None for GET/DELETE
    precondition: str = ""         # what must exist first, in words


_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/"
_REC_APPSVC_MSI = _CLI + "appservice/tests/latest/recordings/test_webapp_assign_system_identity.yaml"
_REC_APPSVC_ERR = _CLI + "appservice/tests/latest/recordings/test_appservice_error_polish.yaml"
_REC_IDENTITY = _CLI + "identity/tests/latest/recordings/test_identity_management.yaml"
_REC_KV = _CLI + "keyvault/tests/latest/recordings/test_keyvault_creation.yaml"
_REC_ROLE = _CLI + "role/tests/latest/recordings/test_role_assignment_handle_conflicted_assignments.yaml"
_SPEC_WEB = "Azure/azure-rest-api-specs specification/web/resource-manager/Microsoft.Web/AppService/stable/2025-05-01/examples/"
_SPEC_STORAGE = "Azure/azure-rest-api-specs specification/storage/resource-manager/Microsoft.Storage/stable/2025-08-01/examples/"
_SDK_WEB = "SDK azure-mgmt-web 11.0.0 azure/mgmt/web/operations/_operations.py"
_SDK_STORAGE = "SDK azure-mgmt-storage 25.0.0 azure/mgmt/storage/operations/_operations.py"
_SDK_KV = "SDK azure-mgmt-keyvault 14.0.1 azure/mgmt/keyvault/operations/_operations.py"
_SDK_MSI = "SDK azure-mgmt-msi 7.1.0 azure/mgmt/msi/v2024_11_30/operations/_user_assigned_identities_operations.py"
_SDK_AUTH = "SDK azure-mgmt-authorization 5.0.0b2 azure/mgmt/authorization/operations/_operations.py"
_SDK_RG = "SDK azure-mgmt-resource 24.0.0 azure/mgmt/resource/resources/v2024_11_01/operations/_operations.py"
_SDK_SUBS = "SDK azure-mgmt-resource 24.0.0 azure/mgmt/resource/subscriptions/v2022_12_01/operations/_operations.py"

_SITE = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Web/sites/{name}"
_SLOT = _SITE + "/slots/{slot}"
_SA = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Storage/storageAccounts/{account}"
_KV = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.KeyVault/vaults/{vault}"
_UAI = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{identity}"
_RG = "/subscriptions/{subscription}/resourcegroups/{resourceGroup}"
_RA = "/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}"
_RD = "/{scope}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}"

# Headers App Service (Microsoft.Web) responses carry on top of ARM's: IIS front end + etag.
_WEB_HDRS = ("content-type", "etag", "x-ms-ratelimit-remaining-subscription-resource-requests", "server", "x-powered-by")
_ARM_HDRS = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security")

_SITE_FIELDS = (
    "id", "name", "type", "kind", "location",
    "properties.state", "properties.hostNames", "properties.enabledHostNames", "properties.defaultHostName",
    "properties.serverFarmId", "properties.resourceGroup",
    "properties.outboundIpAddresses", "properties.possibleOutboundIpAddresses",
    "properties.siteConfig.linuxFxVersion", "properties.virtualNetworkSubnetId",
    "properties.httpsOnly", "properties.hostNameSslStates[].name", "properties.keyVaultReferenceIdentity",
)
_STRING_DICT = ("id", "name", "type", "properties")

_RA_FIELDS = (
    "id", "name", "type",
    "properties.roleDefinitionId", "properties.principalId", "properties.principalType", "properties.scope",
    "properties.condition", "properties.conditionVersion", "properties.createdOn", "properties.updatedOn",
    "properties.createdBy", "properties.updatedBy", "properties.delegatedManagedIdentityResourceId",
    "properties.description",
)
_RA_LIST_FIELDS = tuple("value[]." + f for f in _RA_FIELDS)

_SA_FIELDS = (
    "id", "name", "type", "location", "kind", "sku.name", "sku.tier",
    "properties.provisioningState", "properties.creationTime",
    "properties.primaryEndpoints.blob", "properties.primaryEndpoints.queue",
    "properties.primaryEndpoints.table", "properties.primaryEndpoints.file",
    "properties.primaryEndpoints.dfs", "properties.primaryEndpoints.web",
    "properties.primaryLocation", "properties.statusOfPrimary",
    "properties.allowSharedKeyAccess", "properties.allowBlobPublicAccess", "properties.minimumTlsVersion",
    "properties.supportsHttpsTrafficOnly", "properties.encryption.keySource",
    "properties.keyCreationTime.key1", "properties.keyCreationTime.key2",
)


RECORDED = (
    # ------------------------------------------------------------------ resources: resource groups
    RecordedExchange(
        operation="resources.resource_groups.create_or_update",
        source=_REC_APPSVC_ERR,
        method="PUT", path=_RG, api_version="2020-06-01", status=200,
        response_fields=("id", "name", "type", "location", "properties.provisioningState"),
        response_headers=_ARM_HDRS + ("x-ms-ratelimit-remaining-subscription-writes",),
        request_body={"location": "japanwest"},
        precondition="resource group already exists (re-PUT of an existing group answers 200, body is the group; "
                     "request path spells 'resourcegroups' lower-case, the returned id spells 'resourceGroups')",
    ),
    RecordedExchange(
        operation="resources.resource_groups.create_or_update",
        source=_SDK_RG + " (ResourceGroupsOperations.create_or_update accepts [200, 201]; not an LRO)",
        method="PUT", path=_RG, api_version="2024-11-01", status=201,
        response_fields=("id", "name", "type", "location", "properties.provisioningState"),
        response_headers=("content-type",),
        request_body={"location": "westus"},
        precondition="resource group does not exist yet (201 Created; provisioningState 'Succeeded' immediately). "
                     "201 not recorded here: contract from the SDK",
    ),
    RecordedExchange(
        operation="resources.resource_groups.get",
        source=_REC_IDENTITY,
        method="GET", path=_RG, api_version="2022-09-01", status=200,
        response_fields=("id", "name", "type", "location", "tags", "properties.provisioningState"),
        response_headers=_ARM_HDRS,
        precondition="resource group exists; type is 'Microsoft.Resources/resourceGroups'",
    ),
    RecordedExchange(
        operation="resources.resource_groups.get",
        source=_SDK_RG + " (ResourceGroupsOperations.get accepts [200])",
        method="GET", path=_RG, api_version="2024-11-01", status=404,
        response_fields=("error.code", "error.message"),
        response_headers=("content-type", "x-ms-failure-cause"),
        error_code="ResourceGroupNotFound",
        precondition="resource group absent. Code/message shape ('Resource group '{resourceGroup}' could not be found.') "
                     "is ARM's standard one; not recorded here",
    ),
    RecordedExchange(
        operation="resources.resource_groups.check_existence",
        source=_SDK_RG + " (ResourceGroupsOperations.check_existence: HEAD, accepts [204, 404], returns status==204)",
        method="HEAD", path=_RG, api_version="2024-11-01", status=204,
        precondition="resource group exists (absent: 404, no body); `az group exists` uses this",
    ),
    RecordedExchange(
        operation="resources.resource_groups.delete",
        source=_SDK_RG + " (ResourceGroupsOperations._delete_initial accepts [200, 202]; begin_delete is an LRO)",
        method="DELETE", path=_RG, api_version="2024-11-01", status=202,
        response_headers=("location", "retry-after"),
        precondition="resource group exists; 202 with empty body and a Location "
                     "(.../operationresults/{token}?api-version=...) polled until 200. Header names from ARM "
                     "async-delete convention, not recorded here",
    ),
    RecordedExchange(
        operation="resources.resource_groups.list",
        source=_SDK_RG + " (ResourceGroupsOperations.list accepts [200]; pages on nextLink)",
        method="GET", path="/subscriptions/{subscription}/resourcegroups", api_version="2024-11-01", status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].location",
                         "value[].properties.provisioningState"),
        precondition="subscription exists",
    ),
    # ------------------------------------------------------------------ resources: subscriptions / tenants / metadata
    RecordedExchange(
        operation="resources.subscriptions.list",
        source=_SDK_SUBS + " (SubscriptionsOperations.list accepts [200]); azure-cli 2.91.0 azure/cli/core/_profile.py "
                           "_normalize_properties reads id (last segment), displayName, state, tenantId",
        method="GET", path="/subscriptions", api_version="2022-12-01", status=200,
        response_fields=("value[].id", "value[].subscriptionId", "value[].displayName", "value[].state",
                         "value[].tenantId"),
        precondition="token valid; `az login` lists subscriptions per tenant and stores tenantId as homeTenantId",
    ),
    RecordedExchange(
        operation="resources.subscriptions.get",
        source=_SDK_SUBS + " (SubscriptionsOperations.get accepts [200])",
        method="GET", path="/subscriptions/{subscription}", api_version="2022-12-01", status=200,
        response_fields=("id", "subscriptionId", "displayName", "state", "tenantId"),
        precondition="subscription exists",
    ),
    RecordedExchange(
        operation="resources.tenants.list",
        source=_SDK_SUBS + " (TenantsOperations.list accepts [200]); azure-cli 2.91.0 azure/cli/core/_profile.py "
                           "reads tenantId, displayName, defaultDomain",
        method="GET", path="/tenants", api_version="2022-12-01", status=200,
        response_fields=("value[].id", "value[].tenantId", "value[].displayName", "value[].defaultDomain"),
        precondition="token valid",
    ),
    RecordedExchange(
        operation="resources.metadata.endpoints",
        source="azure-cli 2.91.0 azure/cli/command_modules/cloud/custom.py (_populate_from_metadata_endpoint) + "
               "azure/cli/core/cloud.py (_arm_to_cli_mapper)",
        method="GET", path="/metadata/endpoints", api_version="2022-09-01", status=200,
        response_fields=("name", "authentication.loginEndpoint", "authentication.audiences", "suffixes",
                         "resourceManager", "portal", "graphAudience", "microsoftGraphResourceId",
                         "suffixes.storage", "suffixes.keyVaultDns", "suffixes.acrLoginServer",
                         "suffixes.sqlServerHostname"),
        response_headers=("content-type",),
        precondition="`az cloud register --endpoint-resource-manager X` GETs X + '/metadata/endpoints?api-version=2022-09-01'; "
                     "body is ONE cloud object (not a list). name, authentication.loginEndpoint, "
                     "authentication.audiences[0] and the 'suffixes' object are indexed without a default (KeyError if "
                     "missing); other keys are optional. Any non-200 -> 'Unable to get endpoints from the cloud.'",
    ),
    # ------------------------------------------------------------------ web: sites
    RecordedExchange(
        operation="web.sites.get",
        source=_REC_APPSVC_MSI,
        method="GET", path=_SITE, api_version="2020-09-01", status=200,
        response_fields=_SITE_FIELDS,
        response_headers=_WEB_HDRS[:2] + ("x-aspnet-version",),
        precondition="resource group, plan and site exist; content-type is 'application/json' (no charset) "
                     "and an etag is returned",
    ),
    RecordedExchange(
        operation="web.sites.get",
        source=_SDK_WEB + " (WebAppsOperations.get accepts [200])",
        method="GET", path=_SITE, api_version="2025-05-01", status=200,
        response_fields=_SITE_FIELDS,
        precondition="site exists; the api-version azure-mgmt-web 11.0.0 sends by default",
    ),
    RecordedExchange(
        operation="web.sites.get",
        source="Azure/azure-cli issue #30992 (az webapp deploy 404, debug log)",
        method="GET", path=_SITE, api_version="2024-11-01", status=404,
        response_fields=("error.code", "error.message"),
        error_code="ResourceNotFound",
        precondition="site absent: ARM-level body {error:{code,message}}, message "
                     "\"The Resource 'Microsoft.Web/sites/{name}' under resource group '{resourceGroup}' was not found. "
                     "For more details please go to https://aka.ms/ARMResourceNotFoundFix\"; CLI exit code 3. "
                     "NOT App Service's PascalCase Code/Message shape",
    ),
    RecordedExchange(
        operation="web.sites.create_or_update",
        source=_REC_APPSVC_MSI,
        method="PUT", path=_SITE, api_version="2020-09-01", status=200,
        response_fields=_SITE_FIELDS,
        response_headers=_WEB_HDRS,
        request_body={"location": "Japan West", "properties": {
            "serverFarmId": "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Web/serverfarms/{plan}",
            "reserved": False, "siteConfig": {"netFrameworkVersion": "v4.6", "http20Enabled": True,
                                              "appSettings": [{"name": "WEBSITE_NODE_DEFAULT_VERSION", "value": "10.14.1"}]},
            "httpsOnly": False}},
        precondition="resource group and plan exist, site does not: creation answered 200 synchronously with the "
                     "full site (no 201, no async header) even though the SDK treats it as an LRO",
    ),
    RecordedExchange(
        operation="web.sites.create_or_update",
        source=_SPEC_WEB + "CreateOrUpdateWebApp.json",
        method="PUT", path=_SITE, api_version="2025-05-01", status=202,
        response_fields=("id", "name", "type", "kind", "location", "properties.defaultHostName",
                         "properties.outboundIpAddresses", "properties.possibleOutboundIpAddresses",
                         "properties.siteConfig.linuxFxVersion"),
        response_headers=("azure-asyncoperation",),
        request_body={"kind": "app", "location": "East US", "properties": {
            "serverFarmId": "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Web/serverfarms/{plan}"}},
        precondition="spec example: 200 (sync) or 202 WITH the site body plus Azure-AsyncOperation "
                     "(/subscriptions/{subscription}/providers/Microsoft.Web/sites/{name}/operationResults/{guid}?api-version=2025-05-01)",
    ),
    RecordedExchange(
        operation="web.sites.create_or_update",
        source=_SDK_WEB + " (WebAppsOperations._create_or_update_initial accepts [200, 202]; begin_create_or_update = ARMPolling LRO)",
        method="PUT", path=_SITE, api_version="2025-05-01", status=200,
        response_fields=_SITE_FIELDS,
        request_body={"location": "westus", "properties": {"serverFarmId": "{planId}"}},
        precondition="201 is NOT accepted by the SDK for sites PUT: answering 201 raises HttpResponseError",
    ),
    RecordedExchange(
        operation="web.sites.update",
        source=_SDK_WEB + " (WebAppsOperations.update accepts [200, 202]; plain method, NOT an LRO, no polling)",
        method="PATCH", path=_SITE, api_version="2025-05-01", status=200,
        response_fields=_SITE_FIELDS,
        request_body={"properties": {"httpsOnly": True}},
        precondition="site exists",
    ),
    RecordedExchange(
        operation="web.sites.delete",
        source=_SDK_WEB + " (WebAppsOperations.delete accepts [200, 204]; not an LRO)",
        method="DELETE", path=_SITE, api_version="2025-05-01", status=200,
        precondition="site exists (absent: 204 accepted too)",
    ),
    RecordedExchange(
        operation="web.sites.identity_assign",
        source=_REC_APPSVC_MSI + " (`webapp identity assign`: GET site, PUT whole site envelope + identity, "
                                 "then GET shows identity)",
        method="PUT", path=_SITE, api_version="2020-09-01", status=200,
        response_fields=_SITE_FIELDS + ("identity.type", "identity.tenantId", "identity.principalId"),
        response_headers=_WEB_HDRS,
        request_body={"kind": "app", "location": "Japan West", "identity": {"type": "SystemAssigned"},
                      "properties": {"serverFarmId": "{planId}", "enabled": True}},
        precondition="site exists; CLI re-PUTs the full site (not PATCH). identity.type 'SystemAssigned', "
                     "principalId/tenantId are server-generated GUIDs",
    ),
    RecordedExchange(
        operation="web.sites.identity_remove",
        source=_REC_APPSVC_MSI + " (`webapp identity remove`)",
        method="PUT", path=_SITE, api_version="2020-09-01", status=200,
        response_fields=_SITE_FIELDS,
        response_headers=_WEB_HDRS,
        request_body={"kind": "app", "location": "Japan West", "identity": {"type": "None"},
                      "properties": {"serverFarmId": "{planId}", "enabled": True}},
        precondition="site has a system identity; after identity type None the returned site has NO 'identity' key at all",
    ),
    RecordedExchange(
        operation="web.sites.identity_assign",
        source="SDK azure-mgmt-web 11.0.0 azure/mgmt/web/models/_models.py (ManagedServiceIdentity.user_assigned_identities "
               "-> UserAssignedIdentity principalId/clientId, read-only)",
        method="PATCH", path=_SITE, api_version="2025-05-01", status=200,
        response_fields=("identity.type", "identity.userAssignedIdentities"),
        request_body={"identity": {"type": "UserAssigned", "userAssignedIdentities": {"{identityId}": {}}}},
        precondition="site and user-assigned identity exist; response identity.userAssignedIdentities.{identityId} "
                     "has principalId and clientId (dict keyed by the identity's full resource id); "
                     "'SystemAssigned, UserAssigned' combines both. Not recorded here",
    ),
    RecordedExchange(
        operation="web.sites.check_name_availability",
        source=_REC_APPSVC_MSI,
        method="POST", path="/subscriptions/{subscription}/providers/Microsoft.Web/checknameavailability",
        api_version="2021-01-15", status=200,
        response_fields=("nameAvailable", "reason", "message"),
        request_body={"name": "{name}", "type": "Site"},
        precondition="`webapp create` checks the name first",
    ),
    RecordedExchange(
        operation="web.validate",
        source=_REC_APPSVC_ERR,
        method="POST", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Web/validate",
        api_version="2019-08-01", status=200,
        response_fields=("status", "error"),
        request_body={"name": "{name}", "type": "Microsoft.Web/sites", "location": "Japan West",
                      "properties": {"serverFarmId": "{planId}"}},
        precondition="`webapp create` / `appservice plan create` validate first; body {'status': 'Success', 'error': null}",
    ),
    RecordedExchange(
        operation="web.sites.error_shape",
        source="azure-cli 2.91.0 azure/cli/command_modules/appservice/commands.py (_polish_bad_errors reads "
               "json['Message']) + _client_factory.py ex_handler_factory; " + _REC_APPSVC_ERR,
        method="PUT", path=_SITE, api_version="2025-05-01", status=400,
        response_fields=("Code", "Message", "Target", "Details", "Innererror"),
        error_code="BadRequest",
        precondition="errors produced by the App Service RP itself (validation, conflicts) use PascalCase top-level "
                     "Code/Message/Target/Details[]/Innererror (Details carry ErrorEntity with ExtendedCode, "
                     "MessageTemplate, Parameters) - the CLI reads response['Message']. ARM-gateway errors "
                     "(404 missing site/RG, 401) keep the {error:{code,message}} shape",
    ),
    # ------------------------------------------------------------------ web: site config
    RecordedExchange(
        operation="web.sites.list_application_settings",
        source=_SDK_WEB + " (WebAppsOperations.list_application_settings accepts [200])",
        method="POST", path=_SITE + "/config/appsettings/list", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT + ("location",),
        precondition="site exists; StringDictionary: name 'appsettings', type 'Microsoft.Web/sites/config', "
                     "properties = {setting: value}. POST with empty body",
    ),
    RecordedExchange(
        operation="web.sites.update_application_settings",
        source=_SDK_WEB + " (WebAppsOperations.update_application_settings accepts [200])",
        method="PUT", path=_SITE + "/config/appsettings", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT,
        request_body={"properties": {"KEY": "value"}},
        precondition="site exists; PUT REPLACES the whole dictionary (CLI lists first, merges, re-PUTs)",
    ),
    RecordedExchange(
        operation="web.sites.list_connection_strings",
        source=_SDK_WEB + " (WebAppsOperations.list_connection_strings accepts [200])",
        method="POST", path=_SITE + "/config/connectionstrings/list", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT,
        precondition="site exists; ConnectionStringDictionary: properties = {name: {value, type}} "
                     "(type e.g. 'SQLAzure', 'Custom')",
    ),
    RecordedExchange(
        operation="web.sites.update_connection_strings",
        source=_SDK_WEB + " (WebAppsOperations.update_connection_strings accepts [200])",
        method="PUT", path=_SITE + "/config/connectionstrings", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT,
        request_body={"properties": {"db": {"value": "<redacted>", "type": "SQLAzure"}}},
        precondition="site exists; replaces the whole dictionary",
    ),
    RecordedExchange(
        operation="web.sites.list_metadata",
        source=_SDK_WEB + " (WebAppsOperations.list_metadata accepts [200])",
        method="POST", path=_SITE + "/config/metadata/list", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT,
        precondition="site exists; StringDictionary (e.g. CURRENT_STACK)",
    ),
    RecordedExchange(
        operation="web.sites.update_metadata",
        source=_SDK_WEB + " (WebAppsOperations.update_metadata accepts [200])",
        method="PUT", path=_SITE + "/config/metadata", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT,
        request_body={"properties": {"CURRENT_STACK": "python"}},
        precondition="site exists; replaces the whole dictionary",
    ),
    RecordedExchange(
        operation="web.sites.list_slot_configuration_names",
        source=_SDK_WEB + " (WebAppsOperations.list_slot_configuration_names accepts [200]; GET, no slot variant)",
        method="GET", path=_SITE + "/config/slotConfigNames", api_version="2025-05-01", status=200,
        response_fields=("id", "name", "type", "properties.appSettingNames", "properties.connectionStringNames",
                         "properties.azureStorageConfigNames"),
        precondition="site exists; sticky-setting names live on the production site only",
    ),
    RecordedExchange(
        operation="web.sites.update_slot_configuration_names",
        source=_SDK_WEB + " (WebAppsOperations.update_slot_configuration_names accepts [200]; PUT)",
        method="PUT", path=_SITE + "/config/slotConfigNames", api_version="2025-05-01", status=200,
        response_fields=("properties.appSettingNames", "properties.connectionStringNames"),
        request_body={"properties": {"appSettingNames": ["KEY"], "connectionStringNames": []}},
        precondition="site exists",
    ),
    RecordedExchange(
        operation="web.sites.get_configuration",
        source=_SDK_WEB + " (WebAppsOperations.get_configuration accepts [200])",
        method="GET", path=_SITE + "/config/web", api_version="2025-05-01", status=200,
        response_fields=("id", "name", "type", "properties.linuxFxVersion", "properties.alwaysOn",
                         "properties.ftpsState", "properties.minTlsVersion", "properties.http20Enabled",
                         "properties.vnetRouteAllEnabled", "properties.ipSecurityRestrictions"),
        precondition="site exists; name 'web', type 'Microsoft.Web/sites/config'",
    ),
    RecordedExchange(
        operation="web.sites.update_configuration",
        source=_SDK_WEB + " (create_or_update_configuration PUT accepts [200]; update_configuration PATCH accepts [200])",
        method="PATCH", path=_SITE + "/config/web", api_version="2025-05-01", status=200,
        response_fields=("properties.linuxFxVersion",),
        request_body={"properties": {"linuxFxVersion": "PYTHON|3.12"}},
        precondition="site exists",
    ),
    # ------------------------------------------------------------------ web: slots
    RecordedExchange(
        operation="web.sites.get_slot",
        source=_SDK_WEB + " (WebAppsOperations.get_slot accepts [200])",
        method="GET", path=_SLOT, api_version="2025-05-01", status=200,
        response_fields=("id", "name", "type", "properties.defaultHostName", "properties.outboundIpAddresses",
                         "properties.possibleOutboundIpAddresses", "properties.siteConfig.linuxFxVersion",
                         "properties.virtualNetworkSubnetId"),
        precondition="site and slot exist; slot name is '{name}/{slot}', type 'Microsoft.Web/sites/slots'",
    ),
    RecordedExchange(
        operation="web.sites.create_or_update_slot",
        source=_SDK_WEB + " (_create_or_update_slot_initial accepts [200, 202]; begin_create_or_update_slot = LRO)",
        method="PUT", path=_SLOT, api_version="2025-05-01", status=200,
        request_body={"location": "westus", "properties": {"serverFarmId": "{planId}"}},
        precondition="site exists (Standard tier or above)",
    ),
    RecordedExchange(
        operation="web.sites.update_slot",
        source=_SDK_WEB + " (WebAppsOperations.update_slot accepts [200, 202]; not an LRO)",
        method="PATCH", path=_SLOT, api_version="2025-05-01", status=200,
        request_body={"identity": {"type": "SystemAssigned"}},
        precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.list_application_settings_slot",
        source=_SDK_WEB + " (list_application_settings_slot accepts [200])",
        method="POST", path=_SLOT + "/config/appsettings/list", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.update_application_settings_slot",
        source=_SDK_WEB + " (update_application_settings_slot accepts [200])",
        method="PUT", path=_SLOT + "/config/appsettings", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT, request_body={"properties": {"KEY": "value"}}, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.list_connection_strings_slot",
        source=_SDK_WEB + " (list_connection_strings_slot accepts [200])",
        method="POST", path=_SLOT + "/config/connectionstrings/list", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.update_connection_strings_slot",
        source=_SDK_WEB + " (update_connection_strings_slot accepts [200])",
        method="PUT", path=_SLOT + "/config/connectionstrings", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT,
        request_body={"properties": {"db": {"value": "<redacted>", "type": "Custom"}}}, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.list_metadata_slot",
        source=_SDK_WEB + " (list_metadata_slot accepts [200])",
        method="POST", path=_SLOT + "/config/metadata/list", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.update_metadata_slot",
        source=_SDK_WEB + " (update_metadata_slot accepts [200])",
        method="PUT", path=_SLOT + "/config/metadata", api_version="2025-05-01", status=200,
        response_fields=_STRING_DICT, request_body={"properties": {"CURRENT_STACK": "node"}}, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.get_configuration_slot",
        source=_SDK_WEB + " (get_configuration_slot accepts [200])",
        method="GET", path=_SLOT + "/config/web", api_version="2025-05-01", status=200,
        response_fields=("id", "name", "type", "properties.linuxFxVersion"), precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.update_configuration_slot",
        source=_SDK_WEB + " (update_configuration_slot PATCH accepts [200]; create_or_update_configuration_slot PUT accepts [200])",
        method="PATCH", path=_SLOT + "/config/web", api_version="2025-05-01", status=200,
        response_fields=("properties.linuxFxVersion",),
        request_body={"properties": {"linuxFxVersion": "NODE|20-lts"}}, precondition="slot exists",
    ),
    RecordedExchange(
        operation="web.sites.list",
        source=_REC_APPSVC_ERR + " (`webapp list`, subscription-wide)",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.Web/sites", api_version="2019-08-01",
        status=200,
        response_fields=("value[].id", "value[].name", "value[].kind", "value[].properties.outboundIpAddresses",
                         "value[].properties.possibleOutboundIpAddresses"),
        response_headers=("content-type", "x-ms-original-request-ids"),
        precondition="subscription list fans out per region: content-type gains '; charset=utf-8' and the response carries "
                     "x-ms-original-request-ids (one per regional call)",
    ),
    # ------------------------------------------------------------------ storage
    RecordedExchange(
        operation="storage.accounts.create",
        source=_SPEC_STORAGE + "StorageAccountCreate.json",
        method="PUT", path=_SA, api_version="2025-08-01", status=200,
        response_fields=_SA_FIELDS,
        request_body={"sku": {"name": "Standard_GRS"}, "kind": "Storage", "location": "eastus",
                      "properties": {"allowSharedKeyAccess": True, "minimumTlsVersion": "TLS1_2",
                                     "allowBlobPublicAccess": False}},
        precondition="resource group exists; spec lists 200 (account body) or 202 with EMPTY body",
    ),
    RecordedExchange(
        operation="storage.accounts.create",
        source=_SDK_STORAGE + " (StorageAccountsOperations._create_initial accepts [200, 202]; begin_create = LRO); "
                              + _SPEC_STORAGE + "StorageAccountCreate.json ('202': {})",
        method="PUT", path=_SA, api_version="2025-08-01", status=202,
        response_headers=("location", "retry-after"),
        request_body={"sku": {"name": "Standard_LRS"}, "kind": "StorageV2", "location": "westus"},
        precondition="account does not exist: the usual real answer is 202, empty body, Location "
                     "(/subscriptions/{subscription}/providers/Microsoft.Storage/locations/{location}/asyncoperations/{guid}"
                     "?monitor=true&api-version=...) + Retry-After (17 typical); GET on Location -> 202 while "
                     "running, then 200 WITH the account body. Header values from memory of azure-cli storage "
                     "recordings, not re-read here",
    ),
    RecordedExchange(
        operation="storage.accounts.get_properties",
        source=_SDK_STORAGE + " (StorageAccountsOperations.get_properties accepts [200]); fields per "
                              + _SPEC_STORAGE + "StorageAccountCreate.json",
        method="GET", path=_SA, api_version="2025-08-01", status=200,
        response_fields=_SA_FIELDS + ("properties.networkAcls.defaultAction", "properties.networkAcls.bypass",
                                      "properties.networkAcls.ipRules", "properties.networkAcls.virtualNetworkRules",
                                      "properties.publicNetworkAccess"),
        precondition="account exists (provisioningState 'Succeeded'); networkAcls defaults: defaultAction 'Allow', "
                     "bypass 'AzureServices', ipRules [], virtualNetworkRules []; publicNetworkAccess may be absent "
                     "on accounts that never set it",
    ),
    RecordedExchange(
        operation="storage.accounts.get_properties",
        source="same ARM-gateway pattern as " + _REC_KV + " (vault) and Azure/azure-cli issue #30992 (site)",
        method="GET", path=_SA, api_version="2025-08-01", status=404,
        response_fields=("error.code", "error.message"),
        error_code="ResourceNotFound",
        precondition="account absent: \"The Resource 'Microsoft.Storage/storageAccounts/{account}' under resource group "
                     "'{resourceGroup}' was not found. ...\" (pattern; storage 404 itself not recorded here)",
    ),
    RecordedExchange(
        operation="storage.accounts.update",
        source=_SDK_STORAGE + " (StorageAccountsOperations.update accepts ONLY [200]; synchronous PATCH, no LRO)",
        method="PATCH", path=_SA, api_version="2025-08-01", status=200,
        response_fields=_SA_FIELDS + ("properties.networkAcls.defaultAction", "properties.networkAcls.bypass",
                                      "properties.networkAcls.ipRules", "properties.networkAcls.virtualNetworkRules"),
        request_body={"properties": {"networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices",
                                                     "ipRules": [{"value": "203.0.113.7", "action": "Allow"}],
                                                     "virtualNetworkRules": []}}},
        precondition="account exists; a 202 here would be an SDK error",
    ),
    RecordedExchange(
        operation="storage.accounts.list_keys",
        source=_SDK_STORAGE + " (StorageAccountsOperations.list_keys accepts [200]; optional $expand=kerb)",
        method="POST", path=_SA + "/listKeys", api_version="2025-08-01", status=200,
        response_fields=("keys[].keyName", "keys[].value", "keys[].permissions", "keys[].creationTime"),
        precondition="account exists and allowSharedKeyAccess not false; keys key1/key2 with permissions 'FULL' "
                     "(values never stored here)",
    ),
    RecordedExchange(
        operation="storage.accounts.delete",
        source=_SDK_STORAGE + " (StorageAccountsOperations.delete accepts [200, 204]; not an LRO)",
        method="DELETE", path=_SA, api_version="2025-08-01", status=200,
        precondition="account exists (absent: 204)",
    ),
    RecordedExchange(
        operation="storage.accounts.check_name_availability",
        source=_SDK_STORAGE + " (check_name_availability accepts [200])",
        method="POST", path="/subscriptions/{subscription}/providers/Microsoft.Storage/checkNameAvailability",
        api_version="2025-08-01", status=200,
        response_fields=("nameAvailable",),
        request_body={"name": "{account}", "type": "Microsoft.Storage/storageAccounts"},
        precondition="none; when taken: reason 'AlreadyExists' and message",
    ),
    # ------------------------------------------------------------------ keyvault
    RecordedExchange(
        operation="keyvault.vaults.get",
        source=_REC_KV,
        method="GET", path=_KV, api_version="2023-02-01", status=404,
        response_fields=("error.code", "error.message"),
        response_headers=("content-type", "x-ms-failure-cause"),
        error_code="ResourceNotFound",
        precondition="vault absent: \"The Resource 'Microsoft.KeyVault/vaults/{vault}' under resource group "
                     "'{resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\"; "
                     "header x-ms-failure-cause: gateway",
    ),
    RecordedExchange(
        operation="keyvault.vaults.get",
        source=_REC_KV,
        method="GET", path=_KV, api_version="2023-02-01", status=200,
        response_fields=("id", "name", "type", "location", "tags", "properties.sku.family", "properties.sku.name",
                         "properties.tenantId", "properties.accessPolicies", "properties.enabledForDeployment",
                         "properties.enabledForDiskEncryption", "properties.enabledForTemplateDeployment",
                         "properties.enableSoftDelete", "properties.softDeleteRetentionInDays",
                         "properties.enableRbacAuthorization", "properties.vaultUri",
                         "properties.provisioningState", "properties.publicNetworkAccess"),
        response_headers=("content-type", "x-ms-keyvault-service-version", "x-aspnet-version"),
        precondition="vault exists; vaultUri 'https://{vault}.vault.azure.net/' (trailing slash). networkAcls "
                     "(bypass/defaultAction/ipRules[].value/virtualNetworkRules[].id) appears when set",
    ),
    RecordedExchange(
        operation="keyvault.vaults.create_or_update",
        source=_SDK_KV + " (VaultsOperations._create_or_update_initial accepts [200, 201]; begin_create_or_update = LRO; "
                         "default api-version 2026-02-01)",
        method="PUT", path=_KV, api_version="2026-02-01", status=200,
        response_fields=("id", "name", "properties.vaultUri", "properties.tenantId", "properties.accessPolicies",
                         "properties.enableRbacAuthorization", "properties.provisioningState"),
        request_body={"location": "eastus", "properties": {"tenantId": "{tenant}", "sku": {"family": "A", "name": "standard"},
                                                           "accessPolicies": [], "enableRbacAuthorization": True}},
        precondition="resource group exists; create commonly 200 (not 201) with provisioningState "
                     "'RegisteringDns' then 'Succeeded'; 201 also accepted",
    ),
    RecordedExchange(
        operation="keyvault.vaults.update",
        source=_SDK_KV + " (VaultsOperations.update accepts [200, 201]; synchronous PATCH)",
        method="PATCH", path=_KV, api_version="2026-02-01", status=200,
        response_fields=("properties.networkAcls.defaultAction", "properties.networkAcls.bypass",
                         "properties.networkAcls.ipRules", "properties.networkAcls.virtualNetworkRules"),
        request_body={"properties": {"networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices",
                                                     "ipRules": [{"value": "203.0.113.7"}], "virtualNetworkRules": []}}},
        precondition="vault exists",
    ),
    RecordedExchange(
        operation="keyvault.vaults.update_access_policy",
        source=_SDK_KV + " (VaultsOperations.update_access_policy: PUT .../accessPolicies/{add|replace|remove}, accepts [200, 201])",
        method="PUT", path=_KV + "/accessPolicies/add", api_version="2026-02-01", status=200,
        response_fields=("properties.accessPolicies",),
        request_body={"properties": {"accessPolicies": [{"tenantId": "{tenant}", "objectId": "{principal}",
                                                         "permissions": {"secrets": ["get", "list"]}}]}},
        precondition="vault exists",
    ),
    RecordedExchange(
        operation="keyvault.vaults.delete",
        source=_REC_KV,
        method="DELETE", path=_KV, api_version="2023-02-01", status=200,
        response_headers=("x-ms-keyvault-service-version", "x-ms-ratelimit-remaining-subscription-deletes"),
        precondition="vault exists; 200 with EMPTY body (content-length 0); vault then listed under "
                     "/subscriptions/{subscription}/providers/Microsoft.KeyVault/deletedVaults (soft delete). SDK accepts [200, 204]",
    ),
    # ------------------------------------------------------------------ msi
    RecordedExchange(
        operation="msi.user_assigned_identities.create_or_update",
        source=_REC_IDENTITY,
        method="PUT", path=_UAI, api_version="2022-01-31-preview", status=201,
        response_fields=("id", "name", "type", "location", "tags", "properties.tenantId", "properties.principalId",
                         "properties.clientId"),
        response_headers=_ARM_HDRS + ("location", "x-ms-ratelimit-remaining-subscription-writes"),
        request_body={"location": "westus"},
        precondition="resource group exists, identity does not: 201 + Location header = the identity's own path; "
                     "returned id spells 'resourcegroups' lower-case. `az identity` pins api-version 2022-01-31-preview "
                     "(azure-cli 2.91.0 identity/_client_factory.py)",
    ),
    RecordedExchange(
        operation="msi.user_assigned_identities.create_or_update",
        source=_SDK_MSI + " (UserAssignedIdentitiesOperations.create_or_update accepts [200, 201]; not an LRO)",
        method="PUT", path=_UAI, api_version="2024-11-30", status=200,
        response_fields=("properties.tenantId", "properties.principalId", "properties.clientId"),
        request_body={"location": "westus", "tags": {"k": "v"}},
        precondition="identity already exists (re-PUT keeps principalId/clientId)",
    ),
    RecordedExchange(
        operation="msi.user_assigned_identities.get",
        source=_SDK_MSI + " (UserAssignedIdentitiesOperations.get accepts [200])",
        method="GET", path=_UAI, api_version="2024-11-30", status=200,
        response_fields=("id", "name", "type", "location", "properties.tenantId", "properties.principalId",
                         "properties.clientId"),
        precondition="identity exists; type 'Microsoft.ManagedIdentity/userAssignedIdentities'",
    ),
    RecordedExchange(
        operation="msi.user_assigned_identities.list_by_resource_group",
        source=_REC_IDENTITY,
        method="GET", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities",
        api_version="2022-01-31-preview", status=200,
        response_fields=("value[].id", "value[].name", "value[].properties.principalId",
                         "value[].properties.clientId", "value[].properties.tenantId"),
        precondition="resource group exists",
    ),
    RecordedExchange(
        operation="msi.user_assigned_identities.delete",
        source=_REC_IDENTITY,
        method="DELETE", path=_UAI, api_version="2022-01-31-preview", status=200,
        response_headers=("x-ms-ratelimit-remaining-subscription-deletes",),
        precondition="identity exists; 200 with empty body (SDK accepts [200, 204])",
    ),
    # ------------------------------------------------------------------ authorization: role definitions
    RecordedExchange(
        operation="authorization.role_definitions.list",
        source=_REC_ROLE,
        method="GET", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Authorization/roleDefinitions?$filter=roleName eq 'reader'",
        api_version="2022-05-01-preview", status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].properties.roleName",
                         "value[].properties.type", "value[].properties.description",
                         "value[].properties.assignableScopes", "value[].properties.permissions[].actions",
                         "value[].properties.permissions[].notActions", "value[].properties.permissions[].dataActions"),
        response_headers=_ARM_HDRS,
        precondition="none (built-in role). roleName filter is case-INSENSITIVE ('reader' matched 'Reader'); queried at a "
                     "resource-group scope, the returned id is still subscription-scoped: "
                     "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{guid}; "
                     "properties.type 'BuiltInRole'",
    ),
    RecordedExchange(
        operation="authorization.role_definitions.get",
        source=_SDK_AUTH + " (RoleDefinitionsOperations.get accepts [200]; default api-version 2022-05-01-preview)",
        method="GET", path=_RD, api_version="2022-05-01-preview", status=200,
        response_fields=("id", "name", "type", "properties.roleName", "properties.type", "properties.permissions",
                         "properties.assignableScopes"),
        precondition="role definition GUID exists (built-ins resolve at any scope)",
    ),
    RecordedExchange(
        operation="authorization.role_definitions.get_by_id",
        source=_SDK_AUTH + " (RoleDefinitionsOperations.get_by_id: GET /{roleId}, accepts [200])",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
        api_version="2022-05-01-preview", status=200,
        response_fields=("id", "name", "properties.roleName"),
        precondition="role definition exists",
    ),
    # ------------------------------------------------------------------ authorization: role assignments
    RecordedExchange(
        operation="authorization.role_assignments.create",
        source=_REC_ROLE,
        method="PUT", path=_RA, api_version="2022-04-01", status=201,
        response_fields=_RA_FIELDS,
        response_headers=_ARM_HDRS + ("x-ms-ratelimit-remaining-subscription-writes",),
        request_body={"properties": {
            "roleDefinitionId": "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
            "principalId": "{principalId}", "principalType": "User"}},
        precondition="scope (here a resource group) exists, principal exists, no equivalent assignment; no Location "
                     "header, not an LRO; properties.scope echoes the scope without trailing slash; "
                     "createdBy null on create, updatedBy = caller object id",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.create",
        source=_SDK_AUTH + " (RoleAssignmentsOperations.create accepts [200, 201]); azure-cli 2.91.0 "
                           "role/custom.py _error_caused_by_role_assignment_exists tests status 409 and error.code",
        method="PUT", path=_RA, api_version="2022-04-01", status=409,
        response_fields=("error.code", "error.message"),
        error_code="RoleAssignmentExists",
        request_body={"properties": {"roleDefinitionId": "{roleDefinitionFullId}", "principalId": "{principalId}"}},
        precondition="same principal+role+scope assignment exists under another name. message "
                     "'The role assignment already exists.' (public fakes/ docs); through a deployment the detail "
                     "adds ' The ID of the existing role assignment is {32-hex, no dashes}.'",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.create",
        source=_SDK_AUTH + " (create accepts [200, 201])",
        method="PUT", path=_RA, api_version="2022-04-01", status=200,
        response_fields=_RA_FIELDS,
        request_body={"properties": {"roleDefinitionId": "{roleDefinitionFullId}", "principalId": "{principalId}"}},
        precondition="assignment with the SAME name and same properties exists (idempotent re-PUT); changing "
                     "principal/role of an existing name is refused (RoleAssignmentUpdateNotPermitted, 409). Not recorded here",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.create",
        source="azure-cli 2.91.0 azure/cli/core/commands/arm.py (assign_identity retries 36x5s while the message "
               "contains ' does not exist in the directory ') and role/custom.py line ~1579 (same test)",
        method="PUT", path=_RA, api_version="2022-04-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="PrincipalNotFound",
        request_body={"properties": {"roleDefinitionId": "{roleDefinitionFullId}", "principalId": "{unknownGuid}"}},
        precondition="principal id unknown to the tenant (or just created - replication delay). message "
                     "'Principal {id} does not exist in the directory {tenant}. ...'; status 400 from memory, not recorded here",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.create",
        source=_SDK_AUTH + " (no dedicated handling; error surfaces as HttpResponseError)",
        method="PUT", path=_RA, api_version="2022-04-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="RoleDefinitionDoesNotExist",
        request_body={"properties": {"roleDefinitionId": "/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/{unknownGuid}",
                                     "principalId": "{principalId}"}},
        precondition="roleDefinitionId GUID unknown: 'The specified role definition with ID '{guid}' does not exist.' "
                     "UNVERIFIED (from memory, no recording found this session)",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.get",
        source=_SDK_AUTH + " (RoleAssignmentsOperations.get accepts [200]; get_by_id GET /{roleAssignmentId} accepts [200])",
        method="GET", path=_RA, api_version="2022-04-01", status=200,
        response_fields=_RA_FIELDS,
        precondition="assignment exists (absent: 404 RoleAssignmentNotFound)",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.delete",
        source=_SDK_AUTH + " (RoleAssignmentsOperations.delete accepts [200, 204]; returns RoleAssignment or None)",
        method="DELETE", path=_RA, api_version="2022-04-01", status=200,
        response_fields=_RA_FIELDS,
        precondition="assignment exists: 200 WITH the deleted assignment as body",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.delete",
        source=_SDK_AUTH + " (delete accepts [200, 204])",
        method="DELETE", path=_RA, api_version="2022-04-01", status=204,
        precondition="assignment absent: 204 No Content, no body (not 404)",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.list_for_scope",
        source=_REC_ROLE,
        method="GET", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()",
        api_version="2022-04-01", status=200,
        response_fields=_RA_LIST_FIELDS,
        precondition="scope exists. atScope() returns assignments AT and ABOVE the scope (inherited ones from "
                     "subscription and root '/' appear, with ids like /providers/Microsoft.Authorization/roleAssignments/{guid} "
                     "and properties.scope '/'), never below it; the CLI then filters scope==requested",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.list_for_scope",
        source="azure-cli 2.91.0 azure/cli/command_modules/role/custom.py (_search_role_assignments: \"atScope() and "
               "principalId eq cannot be used together (API limitation)\"; uses \"atScope() and assignedTo('{id}')\")",
        method="GET", path="/{scope}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope() and assignedTo('{principalId}')",
        api_version="2022-04-01", status=200,
        response_fields=("value[].properties.principalId", "value[].properties.scope"),
        precondition="assignedTo() also returns assignments to groups the principal belongs to",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.list_for_subscription",
        source=_SDK_AUTH + " (list_for_subscription accepts [200]); azure-cli role/custom.py uses "
                           "$filter=principalId eq '{id}' here",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '{principalId}'",
        api_version="2022-04-01", status=200,
        response_fields=_RA_LIST_FIELDS,
        precondition="subscription exists; also includes assignments below the subscription (RG/resource scopes)",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.list_for_subscription",
        source=_SDK_AUTH + " (list_for_subscription accepts [200]; pages on nextLink)",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.Authorization/roleAssignments",
        api_version="2022-04-01", status=200,
        response_fields=_RA_LIST_FIELDS,
        precondition="subscription exists",
    ),
    RecordedExchange(
        operation="authorization.role_assignments.list_for_scope",
        source=_SDK_AUTH + " (list_for_scope: GET /{scope}/providers/Microsoft.Authorization/roleAssignments accepts [200])",
        method="GET", path="/{scope}/providers/Microsoft.Authorization/roleAssignments?$filter=principalId eq '{principalId}'",
        api_version="2022-04-01", status=200,
        response_fields=_RA_LIST_FIELDS,
        precondition="without atScope(): assignments at, above AND below the scope for that principal",
    ),
    # ------------------------------------------------------------------ generic ARM behaviour
    RecordedExchange(
        operation="generic.unauthenticated",
        source="grafana-cold-storage/azure-monitor-datasource issue #21; MicrosoftDocs/azure-docs issue #103987",
        method="GET", path="/subscriptions/{subscription}/resourcegroups", api_version="2024-11-01", status=401,
        response_fields=("error.code", "error.message"),
        response_headers=("www-authenticate", "content-type"),
        error_code="AuthenticationFailed",
        precondition="no Authorization header: message \"Authentication failed. The 'Authorization' header is missing.\" "
                     "(some surfaces report code AuthenticationFailedMissingToken with '... is missing the access token.'); "
                     "WWW-Authenticate: Bearer authorization_uri=..., error=\"invalid_token\"",
    ),
    RecordedExchange(
        operation="generic.unauthenticated",
        source="Azure/azure-sdk-for-python issue #4124 (resource_groups.create_or_update)",
        method="PUT", path=_RG, api_version="2017-05-10", status=401,
        response_fields=("error.code", "error.message"),
        error_code="AuthenticationFailedInvalidHeader",
        request_body={"location": "eastus2"},
        precondition="Authorization header present but not 'Bearer <jwt>': \"Authentication failed. The 'Authorization' "
                     "header is provided in an invalid format.\"",
    ),
    RecordedExchange(
        operation="generic.unauthenticated",
        source="Azure/azure-sdk-for-java issue #1714",
        method="GET", path="/subscriptions/{subscription}/resourcegroups", api_version="2017-05-10", status=401,
        response_fields=("error.code", "error.message"),
        error_code="InvalidAuthenticationToken",
        precondition="a Bearer token ARM cannot accept (bad claims/audience/signature): 'The received access token is not "
                     "valid: ...'; expired tokens use ExpiredAuthenticationToken",
    ),
    RecordedExchange(
        operation="generic.invalid_linked_id",
        source=_SDK_WEB + " (no client-side id validation; server error surfaces) - code from ARM request validation",
        method="PUT", path=_SITE, api_version="2025-05-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="LinkedInvalidPropertyId",
        request_body={"location": "westus", "properties": {"serverFarmId": "not-a-resource-id"}},
        precondition="a resource-id-typed body property malformed: \"Property id 'not-a-resource-id' at path "
                     "'properties.serverFarmId' is invalid. Expect fully qualified resource Id that start with "
                     "'/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.\" A malformed id in "
                     "the URL path itself gives InvalidResourceId / 404 NoRegisteredProviderFound instead. From memory",
    ),
    RecordedExchange(
        operation="generic.throttled",
        source="SDK azure-core (installed) azure/core/pipeline/policies/_retry.py (429 in retry codes, "
               "honours retry-after-ms, x-ms-retry-after-ms, Retry-After)",
        method="GET", path=_RG, api_version="2024-11-01", status=429,
        response_fields=("error.code", "error.message"),
        response_headers=("retry-after", "x-ms-ratelimit-remaining-subscription-reads"),
        precondition="subscription read/write budget exhausted; the client sleeps Retry-After seconds and retries "
                     "(default 10 total attempts, backoff 0.8s). Error code varies by layer; not recorded here",
    ),
    RecordedExchange(
        operation="generic.lro_status",
        source=_REC_KV + " (deployment operationStatuses polled by `keyvault create`)",
        method="GET", path="/subscriptions/{subscription}/resourcegroups/{resourceGroup}/providers/Microsoft.Resources/deployments/{name}/operationStatuses/{operationId}",
        api_version="2022-09-01", status=200,
        response_fields=("status",),
        response_headers=("content-type",),
        precondition="an Azure-AsyncOperation URL was returned by a 201 PUT; body {'status':'Accepted'} (or "
                     "'Running'/'InProgress') with HTTP 200 while running, then {'status':'Succeeded'} (terminal: "
                     "Succeeded/Failed/Canceled; Failed adds error.code/message); the client then GETs the resource",
    ),
    RecordedExchange(
        operation="generic.lro_async_header",
        source=_REC_KV + " (PUT deployments answered 201 + azure-asyncoperation)",
        method="PUT", path="/subscriptions/{subscription}/resourcegroups/{resourceGroup}/providers/Microsoft.Resources/deployments/{name}",
        api_version="2022-09-01", status=201,
        response_fields=("id", "name", "type", "properties.provisioningState"),
        response_headers=("azure-asyncoperation", "x-ms-ratelimit-remaining-subscription-writes"),
        request_body={"properties": {"mode": "incremental", "template": {}, "parameters": {}}},
        precondition="async PUT: 201 with body provisioningState 'Accepted' + Azure-AsyncOperation "
                     ".../operationStatuses/{id}?api-version=...",
    ),
    RecordedExchange(
        operation="generic.lro_location_poll",
        source="SDK azure-mgmt-core (installed) ARMPolling; status codes per " + _SDK_RG + " (_delete_initial [200, 202])",
        method="GET", path="/subscriptions/{subscription}/operationresults/{token}", api_version="2024-11-01", status=202,
        response_headers=("location", "retry-after"),
        precondition="polling a Location URL: 202 (empty body, Location/Retry-After repeated) while running; "
                     "final 200 (with the resource for PUT/POST) or 204/200 empty for DELETE. Not recorded here",
    ),
)
