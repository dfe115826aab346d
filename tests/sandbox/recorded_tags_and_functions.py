"""Facts about real ARM exchanges for the Tags API at scope and for function apps (Microsoft.Web/sites with
kind 'functionapp'), for the sandbox's fidelity tests. Same form and source kinds as recorded_exchanges.py:
facts only, nothing copied from the recorded files, no secrets. Records whose fact was not seen in a
recording say so in `precondition`.

Placeholders (paths and bodies): {subscription} {resourceGroup} {account} (storage account) {name} (function
app) {plan} (App Service plan name) {planId} (its full id) {spring} {app} (an Azure Spring Apps app).
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/"
_REC_TAG_RES = _CLI + "resource/tests/latest/recordings/test_tag_update_resource.yaml"
_REC_TAG_RG = _CLI + "resource/tests/latest/recordings/test_tag_update_resourcegroup.yaml"
_REC_GO_TAGS = ("Azure/azure-sdk-assets go/sdk/resourcemanager/resources/armresources/testdata/recordings/"
                "TestTagsClient.json (recorded 2025-06-13 by azure-sdk-for-go armresources TestTagsCRUDAtScope)")
_SPEC_TAGS = "Azure/azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources/stable/2024-11-01/examples/"
_SDK_TAGS = ("SDK azure-mgmt-resource 24.0.0 azure/mgmt/resource/resources/v2024_11_01/operations/_operations.py "
             "(TagsOperations)")
_DOC_TAGS = "MicrosoftDocs/azure-docs articles/azure-resource-manager/management/tag-resources.md (Limitations)"
_DOC_SUPPORT = "MicrosoftDocs/azure-docs articles/azure-resource-manager/management/tag-support.md"
_PS_MIGRATE = ("Azure/azure-powershell src/Migrate/Migrate.Autorest/custom/New-AzMigrateServerReplication.ps1 "
               "(reproduces ARM's tag validation codes and wording client-side)")
_REC_FUNC_MSI = _CLI + "appservice/tests/latest/recordings/test_functionapp_assign_system_identity.yaml"
_SPEC_STACKS = ("Azure/azure-rest-api-specs specification/web/resource-manager/Microsoft.Web/stable/2024-04-01/"
                "examples/GetFunctionAppStacks.json")
_CLI_APPSVC = "azure-cli 2.91.0 azure/cli/command_modules/appservice/"

_RG = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}"
_SA = _RG + "/providers/Microsoft.Storage/storageAccounts/{account}"
_SITE = _RG + "/providers/Microsoft.Web/sites/{name}"
_TAGS = "/providers/Microsoft.Resources/tags/default"
_TAG_FIELDS = ("id", "name", "type", "properties.tags")
_ARM_HDRS = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security")
_WEB_HDRS = ("content-type", "etag", "server", "x-powered-by")

RECORDED = (
    # ------------------------------------------------------------------ tags at a resource scope
    RecordedExchange(
        operation="resources.tags.create_or_update_at_scope",
        source=_REC_TAG_RES,
        method="PUT", path=_SA + _TAGS, api_version="2019-10-01", status=200,
        response_fields=_TAG_FIELDS,
        response_headers=_ARM_HDRS + ("x-ms-ratelimit-remaining-subscription-writes",),
        request_body={"properties": {"tags": {"cliName1": "cliValue1", "cliName2": "cliValue2"}}},
        precondition="tracked resource exists (a Recovery Services vault in the recording; any tracked resource: the "
                     "Tags API is ARM's, not the RP's). 200 at once with {id: <scope>/providers/Microsoft.Resources/"
                     "tags/default, name: 'default', type: 'Microsoft.Resources/tags', properties.tags: the new set}",
    ),
    RecordedExchange(
        operation="resources.tags.update_at_scope.merge",
        source=_REC_TAG_RES,
        method="PATCH", path=_SA + _TAGS, api_version="2019-10-01", status=200,
        response_fields=_TAG_FIELDS,
        response_headers=_ARM_HDRS,
        request_body={"operation": "Merge", "properties": {"tags": {"cliName1": "cliValue1", "cliName3": "cliValue3"}}},
        precondition="tags cliName1=cliValue1, cliName2=cliValue2 set first; the answer holds all three names",
    ),
    RecordedExchange(
        operation="resources.tags.update_at_scope.replace",
        source=_REC_TAG_RES,
        method="PATCH", path=_SA + _TAGS, api_version="2019-10-01", status=200,
        response_fields=_TAG_FIELDS,
        response_headers=_ARM_HDRS,
        request_body={"operation": "Replace", "properties": {"tags": {"cliName1": "cliValue1", "cliName4": "cliValue4"}}},
        precondition="after the merge; the answer holds exactly cliName1 and cliName4",
    ),
    RecordedExchange(
        operation="resources.tags.update_at_scope.delete",
        source=_REC_TAG_RES,
        method="PATCH", path=_SA + _TAGS, api_version="2019-10-01", status=200,
        response_fields=_TAG_FIELDS,
        response_headers=_ARM_HDRS,
        request_body={"operation": "Delete", "properties": {"tags": {"cliName4": "cliValue4"}}},
        precondition="tags cliName1=cliValue1, cliName4=cliValue4; a name/value pair whose value matches is removed: "
                     "the answer holds cliName1 only",
    ),
    RecordedExchange(
        operation="resources.tags.delete_at_scope",
        source=_REC_TAG_RES,
        method="DELETE", path=_SA + _TAGS, api_version="2019-10-01", status=200,
        response_headers=("cache-control", "x-ms-ratelimit-remaining-subscription-deletes"),
        precondition="tags set; 200 with an EMPTY body (content-length 0), all tags gone",
    ),
    # ------------------------------------------------------------------ tags at a resource group scope
    RecordedExchange(
        operation="resources.tags.create_or_update_at_scope",
        source=_REC_TAG_RG,
        method="PUT", path=_RG + _TAGS, api_version="2019-10-01", status=200,
        response_fields=_TAG_FIELDS,
        response_headers=_ARM_HDRS + ("x-ms-ratelimit-remaining-subscription-writes",),
        request_body={"properties": {"tags": {"cliName1": "cliValue1", "cliName2": "cliValue2"}}},
        precondition="resource group exists; the group's own `tags` now hold the set",
    ),
    RecordedExchange(
        operation="resources.tags.update_at_scope.delete_value_mismatch",
        source=_REC_GO_TAGS,
        method="PATCH", path=_RG + _TAGS, api_version="2025-04-01", status=200,
        response_fields=("id", "name", "type", "properties.tags.tagKey1", "properties.tags.tagKey2"),
        response_headers=("content-type", "cache-control", "x-ms-ratelimit-remaining-subscription-writes"),
        request_body={"operation": "Delete", "properties": {"tags": {"tagKey1": "tagKey1"}}},
        precondition="group tags tagKey1=tagValue1, tagKey2=tagValue2 (set by a PUT answered 200). A Delete entry whose "
                     "value differs from the current value removes NOTHING: 200 and the set is unchanged "
                     "(tagKey1 still 'tagValue1'; the following GET agrees)",
    ),
    RecordedExchange(
        operation="resources.tags.get_at_scope",
        source=_REC_GO_TAGS,
        method="GET", path=_RG + _TAGS, api_version="2025-04-01", status=200,
        response_fields=_TAG_FIELDS,
        response_headers=("content-type", "cache-control", "x-ms-ratelimit-remaining-subscription-reads"),
        precondition="group tags set",
    ),
    # ------------------------------------------------------------------ tags at a subscription scope
    RecordedExchange(
        operation="resources.tags.create_or_update_at_scope",
        source=_SPEC_TAGS + "PutTagsSubscription.json; " + _SDK_TAGS +
        " begin_create_or_update_at_scope accepts [200, 202]",
        method="PUT", path="/subscriptions/{subscription}" + _TAGS, api_version="2024-11-01", status=200,
        response_fields=("id", "properties.tags.tagKey1", "properties.tags.tagKey2"),
        request_body={"properties": {"tags": {"tagKey1": "tag-value-1", "tagKey2": "tag-value-2"}}},
        precondition="subscription scope; the spec also allows 202 + Location (.../operationresults/...), which the "
                     "SDK polls. Not recorded here: spec example",
    ),
    RecordedExchange(
        operation="resources.tags.update_at_scope.replace",
        source=_SPEC_TAGS + "PatchTagsResource.json",
        method="PATCH", path=_SA + _TAGS, api_version="2024-11-01", status=200,
        response_fields=("id", "properties.tags.tagKey1", "properties.tags.tagKey2"),
        request_body={"operation": "Replace", "properties": {"tags": {"tagKey1": "tag-value-1", "tagKey2": "tag-value-2"}}},
        precondition="resource scope. Spec example (200, or 202 + location); not recorded here",
    ),
    # ------------------------------------------------------------------ limits and their errors
    RecordedExchange(
        operation="resources.tags.invalid_name_characters",
        source="Azure/azure-cli issue #13250 (real answer quoted from `az resource tag`); limits: " + _DOC_TAGS,
        method="PUT", path=_RG + _TAGS, api_version="2024-11-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidTagNameCharacters",
        request_body={"properties": {"tags": {"env/stage": "dev"}}},
        precondition="a tag NAME containing '<', '>', '%', '&', '\\', '?', '/' or a control character. Real message: "
                     "\"The tag names '<names>' have reserved characters '<,>,%,&,\\,?,/' or control characters. These "
                     "characters are only allowed for tags that start with the prefix 'hidden, link'.\" The issue quotes "
                     "it from a whole-resource write; the status (400) is not quoted there",
    ),
    RecordedExchange(
        operation="resources.tags.too_many",
        source=_PS_MIGRATE + "; limit: " + _DOC_TAGS,
        method="PUT", path=_RG + _TAGS, api_version="2024-11-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidTags",
        request_body={"properties": {"tags": {f"t{i}": "v" for i in range(51)}}},
        precondition="more than 50 tags ('at the end of the operation' for PATCH). Wording \"Too many tags specified. "
                     "Requested tag count - '51'. Maximum number of tags allowed - '50'.\" from the client-side mirror; "
                     "server exchange not recorded here",
    ),
    RecordedExchange(
        operation="resources.tags.name_too_long",
        source=_PS_MIGRATE + "; limit: " + _DOC_TAGS,
        method="PATCH", path=_RG + _TAGS, api_version="2024-11-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidTagName",
        request_body={"operation": "Merge", "properties": {"tags": {"n" * 513: "v"}}},
        precondition="a tag name over 512 characters (over 128 on a storage account, docs). Wording \"Tag key too large. "
                     "Following tag name '<name>' exceeded the maximum length. Maximum allowed length for tag name - "
                     "'512' characters.\" from the client-side mirror; not recorded here",
    ),
    RecordedExchange(
        operation="resources.tags.storage_name_too_long",
        source=_DOC_TAGS + " ('For storage accounts, the tag name is limited to 128 characters')",
        method="PUT", path=_SA + _TAGS, api_version="2024-11-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidTagName",
        request_body={"properties": {"tags": {"n" * 129: "v"}}},
        precondition="storage account scope, a 129-character name (fine elsewhere). The storage RP's own code is not "
                     "recorded: UNVERIFIED, the sandbox answers ARM's InvalidTagName",
    ),
    RecordedExchange(
        operation="resources.tags.value_too_long",
        source=_PS_MIGRATE + "; limit: " + _DOC_TAGS,
        method="PUT", path=_RG + _TAGS, api_version="2024-11-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidTagValueLength",
        request_body={"properties": {"tags": {"k": "v" * 257}}},
        precondition="a tag value over 256 characters. Wording \"Tag value too large. Following tag value '<value>' "
                     "exceeded the maximum length. Maximum allowed length for tag value - '256' characters.\" from the "
                     "client-side mirror; not recorded here",
    ),
    RecordedExchange(
        operation="resources.tags.proxy_resource",
        source=_DOC_SUPPORT + " (Microsoft.AppPlatform Spring / apps: Supports tags 'No'); Azure/azure-rest-api-specs "
                              "PR #27229 review ('arm don't support tags for proxyResources')",
        method="PUT", path=_RG + "/providers/Microsoft.AppPlatform/Spring/{spring}/apps/{app}" + _TAGS,
        api_version="2024-11-01", status=400,
        response_fields=("error.code", "error.message"),
        request_body={"properties": {"tags": {"k": "v"}}},
        precondition="a child/proxy resource type without tag support. That it is refused is documented; the real "
                     "status and code are NOT recorded: UNVERIFIED (the sandbox answers 400 BadRequest)",
    ),
    RecordedExchange(
        operation="resources.patch_replaces_tags",
        source="Azure/azure-resource-manager-rpc v1.0/resource-api-reference.md (Patch Resource: 'The behavior for a "
               "PATCH of the tags property is to replace all tags with the provided tag keys and values')",
        method="PATCH", path=_SA, api_version="2025-08-01", status=200,
        response_fields=("id", "tags.tag3"),
        request_body={"tags": {"tag3": "v3"}},
        precondition="resource has tag1 and tag2; a whole-resource PATCH sending tags {tag3} leaves exactly {tag3} "
                     "(not tag1, tag2 and tag3). RP contract, not a recording",
    ),
    # ------------------------------------------------------------------ function apps
    RecordedExchange(
        operation="web.functionapp.create_or_update",
        source=_REC_FUNC_MSI,
        method="PUT", path=_SITE, api_version="2020-09-01", status=200,
        response_fields=("id", "name", "type", "kind", "location", "properties.serverFarmId",
                         "properties.containerSize", "properties.eligibleLogCategories",
                         "properties.clientAffinityEnabled", "properties.siteConfig.functionAppScaleLimit",
                         "properties.siteConfig.minimumElasticInstanceCount", "properties.siteConfig.linuxFxVersion",
                         "properties.defaultHostName", "properties.hostNames"),
        response_headers=_WEB_HDRS,
        request_body={"kind": "functionapp", "location": "eastus",
                      "properties": {"serverFarmId": "{plan}", "reserved": False,
                                     "siteConfig": {"appSettings": [
                                         {"name": "FUNCTIONS_WORKER_RUNTIME", "value": "dotnet-isolated"},
                                         {"name": "FUNCTIONS_EXTENSION_VERSION", "value": "~4"},
                                         {"name": "AzureWebJobsStorage", "value": "DefaultEndpointsProtocol=https;"
                                          "EndpointSuffix=core.windows.net;AccountName={account};AccountKey=redacted"}],
                                         "alwaysOn": True}}},
        precondition="plan exists in the group; `az functionapp create` sends the BARE plan name as serverFarmId and "
                     "the answer carries the plan's full id. Answer: kind 'functionapp', containerSize 1536, "
                     "eligibleLogCategories 'FunctionAppLogs', clientAffinityEnabled false, siteConfig "
                     "functionAppScaleLimit 0 and minimumElasticInstanceCount 0 (recorded with FUNCTIONS_EXTENSION_VERSION "
                     "~3/dotnet at api 2020-09-01; the CLI now sends ~4)",
    ),
    RecordedExchange(
        operation="web.functionapp.list_application_settings",
        source=_REC_FUNC_MSI,
        method="POST", path=_SITE + "/config/appsettings/list", api_version="2020-09-01", status=200,
        response_fields=("id", "name", "type", "properties.FUNCTIONS_WORKER_RUNTIME",
                         "properties.FUNCTIONS_EXTENSION_VERSION", "properties.AzureWebJobsStorage"),
        response_headers=_WEB_HDRS[:1] + ("server",),
        precondition="function app created with siteConfig.appSettings: they are its app settings "
                     "(name 'appsettings', type 'Microsoft.Web/sites/config')",
    ),
    RecordedExchange(
        operation="web.functionapp.update_application_settings",
        source=_REC_FUNC_MSI,
        method="PUT", path=_SITE + "/config/appsettings", api_version="2020-09-01", status=200,
        response_fields=("properties.FUNCTIONS_WORKER_RUNTIME", "properties.FUNCTIONS_EXTENSION_VERSION",
                         "properties.APPINSIGHTS_INSTRUMENTATIONKEY"),
        response_headers=("content-type", "etag"),
        request_body={"properties": {"FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "FUNCTIONS_EXTENSION_VERSION": "~4",
                                     "APPINSIGHTS_INSTRUMENTATIONKEY": "00000000-0000-0000-0000-000000000000"}},
        precondition="function app exists; PUT replaces the whole dictionary and echoes it",
    ),
    RecordedExchange(
        operation="web.functionapp.identity_assign",
        source=_REC_FUNC_MSI,
        method="PUT", path=_SITE, api_version="2020-09-01", status=200,
        response_fields=("kind", "identity.type", "identity.tenantId", "identity.principalId",
                         "properties.containerSize"),
        response_headers=_WEB_HDRS,
        request_body={"kind": "functionapp", "location": "eastus", "identity": {"type": "SystemAssigned"},
                      "properties": {"serverFarmId": "{planId}"}},
        precondition="`az functionapp identity assign`: GET the site, PUT it back with identity SystemAssigned; 200 with "
                     "identity {type, tenantId, principalId}",
    ),
    RecordedExchange(
        operation="web.functionapp_stacks.list",
        source=_SPEC_STACKS + "; used by " + _CLI_APPSVC + "custom.py (_FunctionAppStackRuntimeHelper via "
               "provider.get_function_app_stacks: `az functionapp create`, `config appsettings set`)",
        method="GET", path="/providers/Microsoft.Web/functionAppStacks", api_version="2024-04-01", status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].properties.value",
                         "value[].properties.majorVersions[].minorVersions[].stackSettings"),
        precondition="no scope, no subscription. Each stack: properties {displayText, value, preferredOs, majorVersions"
                     "[{minorVersions[{value, stackSettings{windowsRuntimeSettings|linuxRuntimeSettings{runtimeVersion, "
                     "appSettingsDictionary{FUNCTIONS_WORKER_RUNTIME}, siteConfigPropertiesDictionary{linuxFxVersion...}, "
                     "supportedFunctionsExtensionVersions}}}]}]}. Spec example, not a recording; the sandbox lists a "
                     "current subset",
    ),
    RecordedExchange(
        operation="web.sites.list_publishing_profile_xml_with_secrets",
        source=_CLI_APPSVC + "custom.py (show_functionapp -> _fill_ftp_publishing_url -> list_publish_profiles, "
               "parses publishData/publishProfile[@publishMethod='FTP']/@publishUrl); SDK azure-mgmt-web 11.0.0 "
               "(WebAppsOperations.list_publishing_profile_xml_with_secrets accepts [200], streams the body)",
        method="POST", path=_SITE + "/publishxml", api_version="2025-05-01", status=200,
        response_headers=("content-type",),
        request_body={"format": "WebDeploy"},
        precondition="site exists; the body is XML <publishData><publishProfile publishMethod='MSDeploy'|'FTP'|"
                     "'ZipDeploy' publishUrl=... userName=... userPWD=.../></publishData>. `az functionapp show` fails "
                     "when this call fails. Not recorded here",
    ),
)
