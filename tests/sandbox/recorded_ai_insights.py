"""Facts about real ARM exchanges for Microsoft.CognitiveServices/accounts and microsoft.insights/components
(companion to recorded_exchanges.py, same dataclass, same source conventions). Facts only: no recorded file is
copied, no secrets. Records whose fact was not seen in a recording say so in `precondition`.

Placeholders: {subscription} {resourceGroup} {name} (account / component) {location} {operationId} {workspace}.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI_CS = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/cognitiveservices/tests/latest/recordings/"
_REC_CS_CRUD = _CLI_CS + "test_cognitiveservices_crud.yaml"               # 2023-05-01, AZURECLI/2.50.0
_REC_CS_NET = _CLI_CS + "test_cognitiveservices_network_rules.yaml"       # 2023-05-01, AZURECLI/2.59.0
_REC_CS_AIS = _CLI_CS + "test_cognitiveservices_aiservices.yaml"          # 2025-06-01, AZURECLI/2.77.0
_REC_CS_SOFT = _CLI_CS + "test_cognitiveservices_softdelete.yaml"         # 2026-05-15-preview, AZURECLI/2.78.0
_SDK_CS = "SDK azure-mgmt-cognitiveservices 15.0.0b4 azure/mgmt/cognitiveservices/operations/_operations.py"
_EXT_AI = "Azure/azure-cli-extensions src/application-insights/azext_applicationinsights/tests/latest/recordings/"
_REC_AI_WS = _EXT_AI + "test_component_with_linked_workspace.yaml"     # 2018-05-01-preview / 2020-02-02-preview, 2024
_REC_AI_COMP = _EXT_AI + "test_component.yaml"                         # 2018-05-01-preview, 2020
_REC_AI_PS = ("Azure/azure-powershell src/ApplicationInsights/ApplicationInsights.Autorest/test/"
              "ApplicationInsightsComponent.Recording.json")           # 2020-02-02, 2022
_SDK_AI = ("SDK azure-mgmt-applicationinsights 1.0.0 azure/mgmt/applicationinsights/v2015_05_01/operations/"
           "_components_operations.py")

_ACCOUNT = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/{name}"
_DELETED = ("/subscriptions/{subscription}/providers/Microsoft.CognitiveServices/locations/{location}/resourceGroups/"
            "{resourceGroup}/deletedAccounts/{name}")
_MONITOR = "/subscriptions/{subscription}/providers/Microsoft.CognitiveServices/locations/{location}/operationResults/{operationId}"
_COMPONENT = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Insights/components/{name}"
_CS_API = "2026-05-15-preview"      # what the pinned SDK (and so az cognitiveservices) sends by default
_ARM_HDRS = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security")
_AI_HDRS = _ARM_HDRS + ("request-context", "access-control-expose-headers", "x-powered-by")

_ACCOUNT_FIELDS = (
    "id", "name", "type", "etag", "location", "sku.name", "kind",
    "properties.endpoint", "properties.internalId", "properties.dateCreated", "properties.isMigrated",
    "properties.privateEndpointConnections", "properties.publicNetworkAccess", "properties.endpoints",
    "properties.provisioningState", "systemData.createdAt",
)
_COMPONENT_FIELDS = (
    "id", "name", "type", "location", "tags", "kind", "etag",
    "properties.ApplicationId", "properties.AppId", "properties.Application_Type", "properties.Flow_Type",
    "properties.Request_Source", "properties.InstrumentationKey", "properties.ConnectionString", "properties.Name",
    "properties.CreationDate", "properties.TenantId", "properties.provisioningState", "properties.SamplingPercentage",
    "properties.RetentionInDays", "properties.IngestionMode", "properties.publicNetworkAccessForIngestion",
    "properties.publicNetworkAccessForQuery", "properties.Ver",
)
_FORM_RECOGNIZER = {"kind": "FormRecognizer", "sku": {"name": "S0"}, "location": "SOUTHCENTRALUS",
                    "properties": {"customSubDomainName": "{name}sub"}}
_CLI_COMPONENT = {"location": "westus", "kind": "web", "properties": {
    "Application_Type": "web", "Flow_Type": "Bluefield", "Request_Source": "rest", "IngestionMode": "ApplicationInsights"}}


RECORDED = (
    # ============================================================ Cognitive Services accounts
    RecordedExchange(
        operation="cognitiveservices.accounts.create",
        source=_REC_CS_SOFT + "; " + _REC_CS_CRUD + "; " + _SDK_CS + " (AccountsOperations._create_initial accepts "
               "[200, 201, 202]; begin_create = ARMPolling LRO)",
        method="PUT", path=_ACCOUNT, api_version=_CS_API, status=201,
        response_fields=_ACCOUNT_FIELDS + ("properties.customSubDomainName", "properties.allowProjectManagement"),
        response_headers=_ARM_HDRS + ("azure-asyncoperation",),
        request_body=_FORM_RECOGNIZER,
        precondition="account absent: 201 with provisioningState 'Creating', location echoed as sent "
                     "('SOUTHCENTRALUS'), no 'tags' key when none sent, endpoint "
                     "https://{customSubDomainName}.cognitiveservices.azure.com/ and endpoints {FormRecognizer, Container}; "
                     "Azure-AsyncOperation = .../providers/Microsoft.CognitiveServices/locations/SOUTHCENTRALUS/"
                     "operationResults/{guid}?api-version=2017-04-18 (+ t/c/s/h signature). allowProjectManagement "
                     "false shows up from this api-version on",
    ),
    RecordedExchange(
        operation="cognitiveservices.operation_results.get",
        source=_REC_CS_CRUD + "; " + _REC_CS_NET,
        method="GET", path=_MONITOR, api_version="2017-04-18", status=200,
        response_fields=("id", "name", "status", "startTime"),
        precondition="the Azure-AsyncOperation monitor of a create: {id: the monitor path, name: the operation id, "
                     "status, startTime[, endTime]}; the poller then GETs the account. The create's running status "
                     "word is not recorded (the recording's first poll already said 'Succeeded')",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.get",
        source=_REC_CS_SOFT + "; " + _REC_CS_CRUD,
        method="GET", path=_ACCOUNT, api_version=_CS_API, status=200,
        response_fields=_ACCOUNT_FIELDS,
        response_headers=_ARM_HDRS,
        precondition="account created: provisioningState 'Succeeded'; no keys anywhere in the body",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.create",
        source=_REC_CS_AIS,
        method="PUT", path=_ACCOUNT, api_version="2025-06-01", status=201,
        response_fields=_ACCOUNT_FIELDS + ("identity.principalId", "identity.tenantId", "identity.type",
                                           "properties.allowProjectManagement"),
        response_headers=("azure-asyncoperation",),
        request_body={"kind": "AIServices", "sku": {"name": "S0"}, "identity": {"type": "SystemAssigned"},
                      "location": "EASTUS", "properties": {"allowProjectManagement": True}},
        precondition="what `az cognitiveservices account create --kind AIServices` sends (identity + "
                     "allowProjectManagement): without a custom subdomain the endpoint is the regional "
                     "https://eastus.api.cognitive.microsoft.com/, endpoints hold 'AI Foundry API' = "
                     "https://{name}.services.ai.azure.com/ and the OpenAI APIs on the regional host",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.update",
        source=_REC_CS_CRUD,
        method="PATCH", path=_ACCOUNT, api_version="2023-05-01", status=200,
        response_fields=_ACCOUNT_FIELDS + ("tags.tagname",),
        request_body={"sku": {"name": "S0"}, "tags": {"tagname": "tagvalue"}, "properties": {}},
        precondition="`az cognitiveservices account update --tags`: tags/sku only, answered 200 at once with "
                     "provisioningState 'Succeeded' and no monitor header",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.update",
        source=_REC_CS_NET,
        method="PATCH", path=_ACCOUNT, api_version="2023-05-01", status=202,
        response_fields=_ACCOUNT_FIELDS + ("properties.networkAcls.defaultAction",
                                           "properties.networkAcls.virtualNetworkRules",
                                           "properties.networkAcls.ipRules[].value"),
        response_headers=("azure-asyncoperation", "location"),
        request_body={"properties": {"networkAcls": {"defaultAction": "Deny", "ipRules": [{"value": "200.0.0.1"}],
                                                     "virtualNetworkRules": []}}},
        precondition="`az cognitiveservices account network-rule add --ip-address`: 202 with provisioningState "
                     "'Accepted' and networkAcls {defaultAction, virtualNetworkRules, ipRules [{value}]} as sent; "
                     "Azure-AsyncOperation and Location (the same operationResults path + "
                     "operationResultResponseType=Location); the monitor says 'Updating', then 'Succeeded'. A "
                     "virtual network rule reads back as {id, ignoreMissingVnetServiceEndpoint} (softdelete list)",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.list_keys",
        source=_REC_CS_CRUD,
        method="POST", path=_ACCOUNT + "/listKeys", api_version="2023-05-01", status=200,
        response_fields=("key1", "key2"),
        precondition="account exists: {key1, key2}, 32 lower-case hex digits each (values not copied)",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.regenerate_key",
        source=_REC_CS_CRUD,
        method="POST", path=_ACCOUNT + "/regenerateKey", api_version="2023-05-01", status=200,
        response_fields=("key1", "key2"),
        request_body={"keyName": "Key1"},
        precondition="answers both keys; key1 is new, key2 unchanged",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.list_keys",
        source="Azure/terraform-azurerm-avm-res-cognitiveservices-account issue #130 (api-version 2025-06-01); "
               "microsoft/microsoft-foundry-for-vscode issue #192",
        method="POST", path=_ACCOUNT + "/listKeys", api_version="2025-06-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="BadRequest",
        precondition="account with properties.disableLocalAuth true: "
                     "'Failed to list key. disableLocalAuth is set to be true'",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.list_by_resource_group",
        source=_REC_CS_CRUD,
        method="GET", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/"
                           "Microsoft.CognitiveServices/accounts", api_version="2023-05-01", status=200,
        response_fields=tuple("value[]." + f for f in _ACCOUNT_FIELDS),
        precondition="accounts in the group, same bodies as GET",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.delete",
        source=_REC_CS_SOFT + "; " + _REC_CS_CRUD,
        method="DELETE", path=_ACCOUNT, api_version=_CS_API, status=200,
        precondition="account exists: 200 with an empty body (no monitor); the account is soft-deleted",
    ),
    RecordedExchange(
        operation="cognitiveservices.deleted_accounts.get",
        source=_REC_CS_SOFT,
        method="GET", path=_DELETED, api_version=_CS_API, status=200,
        response_fields=("id", "name", "type", "location", "kind", "sku.name", "properties.endpoint",
                         "properties.internalId", "properties.deletionDate", "properties.scheduledPurgeDate"),
        precondition="after the DELETE: type 'Microsoft.CognitiveServices/deletedAccounts', id under "
                     "/providers/Microsoft.CognitiveServices/locations/{location}/resourceGroups/{rg}/deletedAccounts, "
                     "scheduledPurgeDate = deletionDate + 48 h",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.create",
        source=_REC_CS_SOFT,
        method="PUT", path=_ACCOUNT, api_version=_CS_API, status=201,
        response_fields=_ACCOUNT_FIELDS,
        request_body={"location": "SOUTHCENTRALUS", "properties": {"restore": True}},
        precondition="`az cognitiveservices account recover` of a soft-deleted account: 201 already 'Succeeded', no "
                     "Azure-AsyncOperation, same internalId and dateCreated as before the DELETE",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.create",
        source="Azure/azure-cli issue #18146; Azure-Samples/azure-search-openai-demo issue #155",
        method="PUT", path=_ACCOUNT, api_version=_CS_API, status=409,
        response_fields=("error.code", "error.message"),
        error_code="FlagMustBeSetForRestore",
        request_body=_FORM_RECOGNIZER,
        precondition="the name is soft-deleted and restore is not set: \"An existing resource with ID '...' has been "
                     "soft-deleted. To restore the resource, you must specify 'restore' to be 'true' in the property. "
                     "If you don't want to restore existing resource, please purge it first.\" (409 from the issue's "
                     "StatusCode; the api-version there was older)",
    ),
    RecordedExchange(
        operation="cognitiveservices.accounts.get",
        source="az error transcript in a public repository: \"(ResourceNotFound) The Resource "
               "'Microsoft.CognitiveServices/accounts/<n>' under resource group '<rg>' was not found. For more "
               "details please go to https://aka.ms/ARMResourceNotFoundFix\"",
        method="GET", path=_ACCOUNT, api_version=_CS_API, status=404,
        response_fields=("error.code", "error.message"),
        error_code="ResourceNotFound",
        precondition="account absent (group exists): ARM's own ResourceNotFound, not an RP code",
    ),
    # ============================================================ Application Insights components
    RecordedExchange(
        operation="applicationinsights.components.create_or_update",
        source=_REC_AI_WS,
        method="PUT", path=_COMPONENT, api_version="2018-05-01-preview", status=200,
        response_fields=_COMPONENT_FIELDS,
        response_headers=_AI_HDRS,
        request_body=_CLI_COMPONENT,
        precondition="`az monitor app-insights component create` (application-insights extension, 2024): 200 even "
                     "for a create; id '/subscriptions/../resourceGroups/../providers/microsoft.insights/components/"
                     "{name}' and type 'microsoft.insights/components' in lower case whatever the request used; "
                     "ApplicationId = name; ConnectionString 'InstrumentationKey={ikey};IngestionEndpoint=https://"
                     "westus-0.in.applicationinsights.azure.com/;LiveEndpoint=https://westus.livediagnostics.monitor."
                     "azure.com/;ApplicationId={AppId}'; RetentionInDays 90, no 'Retention' key",
    ),
    RecordedExchange(
        operation="applicationinsights.components.get",
        source=_REC_AI_WS + "; " + _REC_AI_PS,
        method="GET", path=_COMPONENT, api_version="2020-02-02-preview", status=200,
        response_fields=_COMPONENT_FIELDS,
        response_headers=_AI_HDRS,
        precondition="component exists: the same body as the PUT, InstrumentationKey and ConnectionString "
                     "included (GET shows them; they are not hidden)",
    ),
    RecordedExchange(
        operation="applicationinsights.components.create_or_update",
        source=_REC_AI_WS,
        method="PUT", path=_COMPONENT, api_version="2020-02-02-preview", status=200,
        response_fields=_COMPONENT_FIELDS + ("properties.WorkspaceResourceId", "properties.LaMigrationDate"),
        request_body={"location": "westus", "tags": {}, "kind": "web", "properties": {
            "Application_Type": "web", "Flow_Type": "Bluefield", "Request_Source": "rest",
            "WorkspaceResourceId": "{workspace}", "publicNetworkAccessForIngestion": "Enabled",
            "publicNetworkAccessForQuery": "Enabled", "IngestionMode": "LogAnalytics"}},
        precondition="component exists (`component update --workspace`): WorkspaceResourceId echoed, IngestionMode "
                     "'LogAnalytics', LaMigrationDate stamped; AppId, InstrumentationKey and CreationDate unchanged",
    ),
    RecordedExchange(
        operation="applicationinsights.components.create_or_update",
        source=_REC_AI_PS,
        method="PUT", path=_COMPONENT, api_version="2020-02-02", status=200,
        response_fields=_COMPONENT_FIELDS,
        request_body={"location": "westus2", "properties": {"Application_Type": "web"}, "kind": "web"},
        precondition="component absent, minimal body: Flow_Type and Request_Source null, TenantId = the "
                     "subscription id, ConnectionString here without ApplicationId (2022; the 2024 recording adds it)",
    ),
    RecordedExchange(
        operation="applicationinsights.components.create_or_update",
        source=_REC_AI_PS + "; " + _REC_AI_COMP,
        method="PUT", path=_COMPONENT, api_version="2020-02-02", status=200,
        response_fields=_COMPONENT_FIELDS + ("properties.Retention", "tags.key"),
        request_body={"location": "westus2", "tags": {"key": "val"}, "kind": "web", "properties": {
            "Application_Type": "web", "RetentionInDays": 90, "publicNetworkAccessForIngestion": "Disabled",
            "publicNetworkAccessForQuery": "Disabled", "IngestionMode": "ApplicationInsights"}},
        precondition="component exists, PUT with RetentionInDays: 'Retention': 'P90D' appears, tags replaced, "
                     "publicNetworkAccess* echoed",
    ),
    RecordedExchange(
        operation="applicationinsights.components.create_or_update",
        source=_SDK_AI + " (ComponentsOperations.create_or_update accepts [200] only; components default to "
               "2015-05-01 in the multi-api client); azure-cli 2.91.0 appservice/custom.py "
               "(try_create_application_insights)",
        method="PUT", path=_COMPONENT, api_version="2015-05-01", status=200,
        response_fields=("properties.InstrumentationKey", "properties.ConnectionString", "properties.AppId"),
        request_body={"name": "{name}", "location": "eastus", "kind": "web", "properties": {"Application_Type": "web"}},
        precondition="what `az functionapp create` (core CLI) sends unless --disable-app-insights; it then reads "
                     "instrumentation_key / connection_string from the answer. Body at 2015-05-01 NOT recorded "
                     "(assumed the same as later api-versions)",
    ),
    RecordedExchange(
        operation="applicationinsights.components.update_tags",
        source=_SDK_AI + " (update_tags = PATCH with TagsResource, accepts [200])",
        method="PATCH", path=_COMPONENT, api_version="2015-05-01", status=200,
        response_fields=_COMPONENT_FIELDS + ("tags.env",),
        request_body={"tags": {"env": "test"}},
        precondition="component exists: tags replaced (NOT recorded: status from the SDK, body assumed = GET)",
    ),
    RecordedExchange(
        operation="applicationinsights.components.delete",
        source=_REC_AI_PS,
        method="DELETE", path=_COMPONENT, api_version="2020-02-02", status=200,
        response_headers=("x-powered-by",),
        precondition="component exists: 200, Content-Length 0",
    ),
    RecordedExchange(
        operation="applicationinsights.components.get",
        source="public deployment logs quoting ARM: \"ResourceNotFound: The Resource "
               "'Microsoft.Insights/components/<n>' under resource group '<rg>' was not found.\"",
        method="GET", path=_COMPONENT, api_version="2020-02-02", status=404,
        response_fields=("error.code", "error.message"),
        error_code="ResourceNotFound",
        precondition="component absent: ARM's ResourceNotFound naming the type as the request spelt it. The RP's "
                     "own 404 body for a direct GET is NOT recorded here (assumed to be ARM's)",
    ),
)
