"""Facts about real ARM exchanges for Microsoft.AppConfiguration/configurationStores and
Microsoft.SignalRService (SignalR, WebPubSub) (companion to recorded_exchanges.py, same dataclass, same source
conventions). Facts only: no recorded file is copied, no secrets. Records whose fact was not seen in a recording
say so in `precondition`.

Placeholders: {subscription} {resourceGroup} {name} {location} {operationId}.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/"
_REC_AC_CRED = _CLI + "appconfig/tests/latest/recordings/test_azconfig_credential.yaml"          # AZURECLI/2.84.0
_REC_AC_LOCAL = _CLI + "appconfig/tests/latest/recordings/test_azconfig_disable_local_auth.yaml"  # 2021-03-01-preview
_REC_AC_PS = "Azure/azure-powershell src/AppConfiguration/test/Remove-AzAppConfigurationStore.Recording.json"
_REC_SR = _CLI + "signalr/tests/latest/recordings/test_signalr_commands.yaml"        # 2023-08-01-preview
_REC_SR_ID = _CLI + "signalr/tests/latest/recordings/test_signalr_identity.yaml"     # 2022-02-01
_REC_WPS = ("Azure/azure-cli-extensions src/webpubsub/azext_webpubsub/tests/latest/recordings/"
            "test_webpubsub.yaml")                                                  # 2021-10-01
_SPEC_AC = ("Azure/azure-rest-api-specs specification/appconfiguration/resource-manager/Microsoft.AppConfiguration/"
            "AppConfiguration/preview/2025-08-01-preview/examples/")
_SPEC_WPS = "Azure/azure-rest-api-specs specification/webpubsub/resource-manager/Microsoft.SignalRService/stable/2024-03-01/"
_BLOG_KEYS = "blog post quoting a real 2020-06-01 listKeys answer (cfg-contoso, 'How To Get App Configuration Connection String In ARM Template')"

AC_API = "2025-08-01-preview"    # azure-mgmt-appconfiguration 6.0.0b2 default (az appconfig uses it)
SR_API = "2023-08-01-preview"    # azure-mgmt-signalr 2.0.0b2 default (az signalr uses it)
WPS_API = "2024-03-01"           # latest stable Web PubSub api-version in the REST specs

_STORE = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.AppConfiguration/configurationStores/{name}"
_AC_MONITOR = ("/subscriptions/{subscription}/providers/Microsoft.AppConfiguration/locations/{location}/operationsStatus/"
               "Y29uZmlndXJhdGlvblN0b3Jlcw.{operationId}")
_SR = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.SignalRService/signalR/{name}"
_WPS = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.SignalRService/webPubSub/{name}"
_ARM_HDRS = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security")
_EMPTY_HDRS = _ARM_HDRS[1:]   # empty answers (content-length 0) carry no content-type

_STORE_FIELDS = (
    "type", "location", "id", "name", "tags", "sku.name", "systemData.createdAt",
    "properties.provisioningState", "properties.creationDate", "properties.endpoint",
    "properties.encryption.keyVaultProperties", "properties.privateEndpointConnections",
    "properties.disableLocalAuth", "properties.softDeleteRetentionInDays",
    "properties.defaultKeyValueRevisionRetentionPeriodInSeconds", "properties.enablePurgeProtection",
    "properties.dataPlaneProxy.authenticationMode", "properties.dataPlaneProxy.privateLinkDelegation",
    "properties.telemetry.resourceId", "properties.azureFrontDoor.resourceId",
)
_RT_FIELDS = (   # fields every SignalR / Web PubSub body carries (recorded)
    "sku.name", "sku.tier", "sku.size", "sku.capacity", "location", "tags", "id", "name", "type", "systemData",
    "properties.provisioningState", "properties.externalIP", "properties.hostName", "properties.publicPort",
    "properties.serverPort", "properties.version", "properties.privateEndpointConnections",
    "properties.sharedPrivateLinkResources", "properties.tls.clientCertEnabled",
    "properties.liveTraceConfiguration", "properties.resourceLogConfiguration",
    "properties.networkACLs.defaultAction", "properties.networkACLs.publicNetwork.allow",
    "properties.networkACLs.publicNetwork.deny", "properties.networkACLs.privateEndpoints",
    "properties.publicNetworkAccess", "properties.disableLocalAuth", "properties.disableAadAuth",
)
_SR_FIELDS = _RT_FIELDS + (
    "kind", "properties.hostNamePrefix", "properties.features[].flag", "properties.features[].value",
    "properties.features[].properties", "properties.cors.allowedOrigins", "properties.serverless.connectionTimeoutInSeconds",
    "properties.upstream.templates", "properties.networkACLs.ipRules[].value", "properties.networkACLs.ipRules[].action",
    "properties.regionEndpointEnabled", "properties.resourceStopped",
)
_KEYS = ("primaryKey", "secondaryKey", "primaryConnectionString", "secondaryConnectionString")
_STATUS = ("id", "name", "status", "startTime")
_SR_CREATE = {"location": "eastus", "tags": {"key": "value"}, "sku": {"name": "Standard_S1", "capacity": 1},
              "properties": {"features": [{"flag": "ServiceMode", "value": "Classic"},
                                          {"flag": "EnableMessagingLogs", "value": "True"}],
                             "cors": {"allowedOrigins": ["http://example1.com", "http://example2.com"]},
                             "networkACLs": {"defaultAction": "Deny"}, "publicNetworkAccess": "Enabled",
                             "disableLocalAuth": False, "disableAadAuth": False,
                             "regionEndpointEnabled": "Enabled", "resourceStopped": "false"}}
_WPS_CREATE = {"location": "eastus", "tags": {"key": "value"}, "sku": {"name": "Standard_S1", "capacity": 1},
               "properties": {"publicNetworkAccess": "Enabled", "disableLocalAuth": False, "disableAadAuth": False}}

RECORDED = (
    # ================================================================== App Configuration
    RecordedExchange(
        operation="appconfiguration.configuration_stores.create", source=_REC_AC_CRED,
        method="PUT", path=_STORE, api_version=AC_API, status=201,
        response_fields=("type", "location", "id", "name", "tags", "sku.name", "systemData",
                         "properties.provisioningState", "properties.creationDate", "properties.endpoint",
                         "properties.encryption", "properties.disableLocalAuth", "properties.dataPlaneProxy"),
        response_headers=_ARM_HDRS + ("azure-asyncoperation",),
        request_body={"location": "eastus", "sku": {"name": "Standard"},
                      "properties": {"dataPlaneProxy": {}, "createMode": "Default", "softDeleteRetentionInDays": 1}},
        precondition="store absent: 201, provisioningState 'Creating', endpoint/encryption/disableLocalAuth/"
                     "dataPlaneProxy/... null, systemData null, sku echoed as sent ('Standard'), tags {}. "
                     "Azure-AsyncOperation = .../providers/Microsoft.AppConfiguration/locations/eastus/operationsStatus/"
                     "Y29uZmlndXJhdGlvblN0b3Jlcw.<43 chars>?api-version=2025-06-01-preview (not the PUT's version). "
                     "No Location header. (2020 and 2021 recordings agree on 201 + operationsStatus.)",
    ),
    RecordedExchange(
        operation="appconfiguration.operations_status", source=_REC_AC_CRED,
        method="GET", path=_AC_MONITOR, api_version="2025-06-01-preview", status=200,
        response_fields=("id", "name", "status", "error"), response_headers=_ARM_HDRS + ("azure-asyncoperation",),
        precondition="a create in progress: {'id': '.../operationsStatus/<name without the prefix>', 'name', "
                     "'status': 'Creating' (then 'Succeeded'), 'error': null}; the monitor repeats its own "
                     "Azure-AsyncOperation header",
    ),
    RecordedExchange(
        operation="appconfiguration.configuration_stores.get", source=_REC_AC_LOCAL + " + " + _REC_AC_CRED,
        method="GET", path=_STORE, api_version=AC_API, status=200,
        response_fields=_STORE_FIELDS, response_headers=_ARM_HDRS + ("etag",),
        precondition="store exists: id and endpoint carry the name lower-cased while `name` keeps the caller's "
                     "casing (2021 recording: name 'LocalAuthTest…', id/endpoint 'localauthtests…'); sku.name "
                     "lower-cased ('standard'); publicNetworkAccess absent until set (2026 list: present only on "
                     "the store that has 'Disabled'); standard defaults softDeleteRetentionInDays 7, "
                     "revision retention 2592000, free 0 / 604800; weak ETag",
    ),
    RecordedExchange(
        operation="appconfiguration.configuration_stores.update", source=_REC_AC_LOCAL,
        method="PATCH", path=_STORE, api_version=AC_API, status=200,
        response_fields=_STORE_FIELDS, response_headers=_ARM_HDRS + ("etag",),
        request_body={"properties": {"disableLocalAuth": False}},
        precondition="store exists: 200 at once with the whole store (no LRO headers) [recorded at "
                     "2021-03-01-preview; the spec also allows 201]",
    ),
    RecordedExchange(
        operation="appconfiguration.configuration_stores.list_keys", source=_SPEC_AC + "ConfigurationStoresListKeys.json + " + _BLOG_KEYS,
        method="POST", path=_STORE + "/listKeys", api_version=AC_API, status=200,
        response_fields=("value[].id", "value[].name", "value[].value", "value[].connectionString",
                         "value[].lastModified", "value[].readOnly"),
        precondition="store exists: 4 keys Primary, Secondary, Primary Read Only, Secondary Read Only (readOnly "
                     "false, false, true, true); id like 'bmk/-l1-s0:<20 chars>', value 44-char base64, "
                     "connectionString 'Endpoint=https://<name>.azconfig.io;Id=<id>;Secret=<value>'",
    ),
    RecordedExchange(
        operation="appconfiguration.configuration_stores.regenerate_key", source=_SPEC_AC + "ConfigurationStoresRegenerateKey.json",
        method="POST", path=_STORE + "/regenerateKey", api_version=AC_API, status=200,
        response_fields=("id", "name", "value", "connectionString", "lastModified", "readOnly"),
        request_body={"id": "{keyId}"},
        precondition="store exists, body names an existing key id: the regenerated key, same id (spec example; "
                     "no recording seen)",
    ),
    RecordedExchange(
        operation="appconfiguration.configuration_stores.delete", source=_REC_AC_PS,
        method="DELETE", path=_STORE, api_version=AC_API, status=200, response_headers=_EMPTY_HDRS,
        precondition="store exists: 200 with an empty body, no LRO headers [recorded at 2020-06-01; the 2025 "
                     "spec example also lists 202 + Azure-AsyncOperation + Location]",
    ),
    RecordedExchange(
        operation="appconfiguration.configuration_stores.get_missing", source="ARM's generic answer (not recorded here for this RP)",
        method="GET", path=_STORE, api_version=AC_API, status=404, error_code="ResourceNotFound",
        precondition="store absent: not recorded here; the sandbox answers ARM's ResourceNotFound",
    ),
    # ================================================================== SignalR
    RecordedExchange(
        operation="signalr.signal_r.create_or_update", source=_REC_SR,
        method="PUT", path=_SR, api_version=SR_API, status=201,
        response_fields=_SR_FIELDS, response_headers=_ARM_HDRS + ("azure-asyncoperation", "location"),
        request_body=_SR_CREATE,
        precondition="absent: 201 with provisioningState 'Creating', externalIP null, version '1.0-preview', id "
                     "'.../Microsoft.SignalRService/SignalR/<name>' (canonical casing whatever the URL's), all four "
                     "feature flags (EnableConnectivityLogs/EnableLiveTrace 'False' added), ipRules 0.0.0.0/0 and "
                     "::/0 Allow; Azure-AsyncOperation <id>/operationStatuses/<op> and Location "
                     "<id>/operationResults/<op>, both with the request's api-version",
    ),
    RecordedExchange(
        operation="signalr.operation_statuses", source=_REC_SR,
        method="GET", path=_SR + "/operationStatuses/{operationId}", api_version=SR_API, status=200,
        response_fields=_STATUS, response_headers=_ARM_HDRS,
        precondition="an operation in progress: status 'Running', then 'Succeeded' with endTime",
    ),
    RecordedExchange(
        operation="signalr.signal_r.get", source=_REC_SR,
        method="GET", path=_SR, api_version=SR_API, status=200,
        response_fields=_SR_FIELDS + ("properties.externalIP",), response_headers=_ARM_HDRS,
        precondition="exists: provisioningState 'Succeeded', version '1.0', hostName '<name>.service.signalr.net'",
    ),
    RecordedExchange(
        operation="signalr.signal_r.update_no_change", source=_REC_SR,
        method="PATCH", path=_SR, api_version=SR_API, status=200,
        response_fields=_SR_FIELDS, response_headers=_ARM_HDRS,
        request_body={"properties": {"publicNetworkAccess": "Enabled", "disableLocalAuth": False,
                                     "disableAadAuth": False, "regionEndpointEnabled": "Enabled",
                                     "resourceStopped": "False"}},
        precondition="exists, running, the patch changes nothing (`az signalr start`): 200 with the resource at once",
    ),
    RecordedExchange(
        operation="signalr.signal_r.update", source=_REC_SR,
        method="PATCH", path=_SR, api_version=SR_API, status=202,
        response_headers=_EMPTY_HDRS + ("azure-asyncoperation", "location"),
        request_body={"properties": {"publicNetworkAccess": "Enabled", "disableLocalAuth": False,
                                     "disableAadAuth": False, "regionEndpointEnabled": "Enabled",
                                     "resourceStopped": "True"}},
        precondition="exists, the patch changes something (`az signalr stop`): 202 with an empty body; the "
                     "Location (operationResults) answers 200 with the resource once done",
    ),
    RecordedExchange(
        operation="signalr.operation_results", source=_REC_SR,
        method="GET", path=_SR + "/operationResults/{operationId}", api_version=SR_API, status=200,
        response_fields=_SR_FIELDS, response_headers=_ARM_HDRS,
        precondition="a finished PATCH: the resource as it is now",
    ),
    RecordedExchange(
        operation="signalr.signal_r.list_keys", source=_REC_SR,
        method="POST", path=_SR + "/listKeys", api_version=SR_API, status=200,
        response_fields=_KEYS, response_headers=_ARM_HDRS,
        precondition="exists: connection strings 'Endpoint=https://<host>;AccessKey=<84-char key>;Version=1.0;'",
    ),
    RecordedExchange(
        operation="signalr.signal_r.regenerate_key", source=_REC_SR,
        method="POST", path=_SR + "/regenerateKey", api_version=SR_API, status=202,
        response_fields=_KEYS, response_headers=_ARM_HDRS + ("azure-asyncoperation", "location"),
        request_body={"keyType": "secondary"},
        precondition="exists: 202 WITH the keys in the body (primary unchanged, secondary new) + both monitors",
    ),
    RecordedExchange(
        operation="signalr.signal_r.create_defaults", source=_REC_SR_ID,
        method="PUT", path=_SR, api_version=SR_API, status=201,
        response_fields=("properties.cors.allowedOrigins", "properties.networkACLs.publicNetwork.allow"),
        response_headers=("azure-asyncoperation", "location"),
        request_body={"location": "eastus", "sku": {"name": "Standard_S1", "capacity": 1},
                      "properties": {"features": [{"flag": "ServiceMode", "value": "Default"},
                                                  {"flag": "EnableMessagingLogs", "value": "False"}],
                                     "cors": {}, "networkACLs": {"defaultAction": "Allow"},
                                     "publicNetworkAccess": "Enabled", "disableLocalAuth": False,
                                     "disableAadAuth": False}},
        precondition="absent, `az signalr create` defaults: cors {} becomes ['*'], networkACLs "
                     "{'defaultAction': 'Allow'} gets publicNetwork.allow = all four request types, deny null; "
                     "tags null when none sent [recorded at 2022-02-01]",
    ),
    RecordedExchange(
        operation="signalr.signal_r.get_missing", source=_REC_WPS,
        method="GET", path=_SR, api_version=SR_API, status=404, error_code="ResourceNotFound",
        response_headers=("x-ms-failure-cause",),
        precondition="absent: ARM's ResourceNotFound \"The Resource 'Microsoft.SignalRService/<Type>/<name>' under "
                     "resource group '<rg>' was not found…\" with x-ms-failure-cause gateway (recorded for a "
                     "deleted Web PubSub, on its operationStatuses path)",
    ),
    # ================================================================== Web PubSub (raw REST)
    RecordedExchange(
        operation="webpubsub.create_or_update", source=_REC_WPS,
        method="PUT", path=_WPS, api_version=WPS_API, status=201,
        response_fields=_RT_FIELDS, response_headers=_ARM_HDRS + ("azure-asyncoperation", "location"),
        request_body=_WPS_CREATE,
        precondition="absent: 201 'Creating', hostName '<name>.webpubsub.azure.com', no networkACLs sent -> "
                     "defaultAction 'Deny' with all four request types allowed, privateEndpoints []; both monitors "
                     "under '.../Microsoft.SignalRService/WebPubSub/<name>' [recorded at 2021-10-01; the 2024-03-01 "
                     "spec example adds ipRules, regionEndpointEnabled, resourceStopped]",
    ),
    RecordedExchange(
        operation="webpubsub.update", source=_REC_WPS,
        method="PATCH", path=_WPS, api_version=WPS_API, status=202,
        response_headers=_EMPTY_HDRS + ("azure-asyncoperation", "location"),
        request_body={"tags": {"key": "value2"}, "sku": {"name": "Free_F1"},
                      "properties": {"publicNetworkAccess": "Enabled", "disableLocalAuth": False,
                                     "disableAadAuth": False}},
        precondition="exists: 202, empty body, both monitors",
    ),
    RecordedExchange(
        operation="webpubsub.list_keys", source=_REC_WPS,
        method="POST", path=_WPS + "/listKeys", api_version=WPS_API, status=200,
        response_fields=_KEYS, response_headers=_ARM_HDRS,
        precondition="exists (values masked in the recording)",
    ),
    RecordedExchange(
        operation="webpubsub.regenerate_key", source=_REC_WPS,
        method="POST", path=_WPS + "/regenerateKey", api_version=WPS_API, status=202,
        response_fields=_KEYS, response_headers=_ARM_HDRS + ("azure-asyncoperation", "location"),
        request_body={"keyType": "salt"},
        precondition="exists: keyType is case-insensitive and 'salt' is accepted; 202 with the keys + both monitors",
    ),
    RecordedExchange(
        operation="webpubsub.delete", source=_REC_WPS + " + " + _SPEC_WPS + "examples/WebPubSub_Delete.json",
        method="DELETE", path=_WPS, api_version=WPS_API, status=202,
        response_headers=_EMPTY_HDRS + ("azure-asyncoperation", "location"),
        precondition="exists: 202, empty body, both monitors (spec: 204 when absent)",
    ),
)
