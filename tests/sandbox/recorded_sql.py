"""Facts about real ARM exchanges for Microsoft.Sql servers, databases, firewall rules and the Entra
administrator (companion to recorded_exchanges.py, same dataclass, same source conventions). Facts only:
no recorded file is copied, no secrets. Records whose fact was not seen in a recording say so in
`precondition`.

Placeholders: {subscription} {resourceGroup} {server} {database} {rule} {location} {operationId}.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/sql/tests/latest/recordings/"
_REC_SERVER = _CLI + "test_sql_server_mgmt.yaml"          # api-version 2021-02-01-preview, 2022
_REC_DB = _CLI + "test_sql_db_mgmt.yaml"                  # api-version 2021-02-01-preview, 2021
_REC_FW = _CLI + "test_sql_firewall_mgmt.yaml"            # firewallRules at 2020-11-01-preview
_REC_ADMIN = _CLI + "test_aad_admin.yaml"                 # administrators at 2020-11-01-preview
_REC_AADONLY = _CLI + "test_aadonly.yaml"
_SPEC = "Azure/azure-rest-api-specs specification/sql/resource-manager/Microsoft.Sql/"
_SPEC_FW = _SPEC + "stable/2021-11-01/FirewallRules.json (error list)"
_SPEC_SERVERS = _SPEC + "stable/2021-11-01/Servers.json (error list)"
_SPEC_AADONLY = _SPEC + "stable/2021-11-01/ServerAzureADOnlyAuthentications.json (error list)"
_SPEC_EX = _SPEC + "preview/2024-11-01-preview/examples/"
_SDK = "SDK azure-mgmt-sql 4.0.0b22 azure/mgmt/sql/operations/"

_SERVER = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Sql/servers/{server}"
_MONITORS = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Sql/locations/{location}/"
_API = "2024-11-01-preview"      # what the pinned SDK (and so az sql) sends
_REC_API = "2021-02-01-preview"
_ARM_HDRS = ("content-type",)
_LRO_HDRS = ("azure-asyncoperation", "location")
_ACCEPTED = ("operation", "startTime")

_SERVER_FIELDS = ("kind", "location", "id", "name", "type", "properties.administratorLogin", "properties.version",
                  "properties.state", "properties.fullyQualifiedDomainName", "properties.privateEndpointConnections",
                  "properties.publicNetworkAccess", "properties.restrictOutboundNetworkAccess")
_DB_FIELDS = ("sku.name", "sku.tier", "sku.family", "sku.capacity", "kind", "location", "id", "name", "type",
              "properties.collation", "properties.maxSizeBytes", "properties.status", "properties.databaseId",
              "properties.creationDate", "properties.currentServiceObjectiveName",
              "properties.requestedServiceObjectiveName", "properties.defaultSecondaryLocation",
              "properties.catalogCollation", "properties.zoneRedundant", "properties.licenseType",
              "properties.maxLogSizeBytes", "properties.readScale", "properties.currentSku",
              "properties.currentBackupStorageRedundancy", "properties.requestedBackupStorageRedundancy",
              "properties.maintenanceConfigurationId", "properties.isLedgerOn", "properties.isInfraEncryptionEnabled")
_ADMIN_FIELDS = ("properties.administratorType", "properties.login", "properties.sid", "properties.tenantId",
                 "id", "name", "type")
_SERVER_BODY = {"location": "{location}", "properties": {"administratorLogin": "admin123",
                                                         "administratorLoginPassword": "<redacted>",
                                                         "administrators": {}}}
_ADMIN_BODY = {"properties": {"administratorType": "ActiveDirectory", "login": "DSEngAll",
                              "sid": "5e90ef3b-9b42-4777-819b-25c36961ea4d", "tenantId": "{tenant}"}}

RECORDED = (
    # ------------------------------------------------------------------ servers
    RecordedExchange(
        operation="sql.servers.create_or_update",
        source=_REC_SERVER + "; " + _REC_ADMIN + "; " + _SDK + "_servers_operations.py (accepts [200, 201, 202]; "
                                                               "ARMPolling without final-state-via)",
        method="PUT", path=_SERVER, api_version=_REC_API, status=202,
        response_fields=_ACCEPTED, response_headers=_ARM_HDRS + _LRO_HDRS,
        request_body=_SERVER_BODY,
        precondition="server absent: 202 {'operation': 'UpsertLogicalServer', 'startTime'} with Azure-AsyncOperation "
                     ".../resourceGroups/{rg}/providers/Microsoft.Sql/locations/{loc}/serverAzureAsyncOperation/{id} "
                     "AND Location .../serverOperationResults/{id} (same id). The poller then GETs the server",
    ),
    RecordedExchange(
        operation="sql.servers.create_or_update",
        source=_REC_SERVER + " (sql server update: a PUT of the whole server)",
        method="PUT", path=_SERVER, api_version=_REC_API, status=202,
        response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        request_body={"location": "{location}", "identity": {"type": "SystemAssigned"},
                      "properties": {"administratorLogin": "admin123", "administratorLoginPassword": "<redacted>",
                                     "version": "12.0", "publicNetworkAccess": "Enabled",
                                     "restrictOutboundNetworkAccess": "Disabled"}},
        precondition="server exists: the same 202 'UpsertLogicalServer' shape; the GET afterwards shows identity "
                     "{principalId, type 'SystemAssigned', tenantId}",
    ),
    RecordedExchange(
        operation="sql.server_operations.azure_async_operation",
        source=_REC_SERVER + "; " + _REC_DB,
        method="GET", path=_MONITORS + "serverAzureAsyncOperation/{operationId}", api_version=_REC_API, status=200,
        response_fields=("name", "status", "startTime"),
        precondition="a server PUT in flight: 200 {'name': <operation id>, 'status': 'InProgress', 'startTime'}, "
                     "later 'Succeeded'. No 'id', no 'endTime' in the recorded bodies",
    ),
    RecordedExchange(
        operation="sql.servers.get",
        source=_REC_SERVER + "; " + _REC_DB + "; " + _REC_FW,
        method="GET", path=_SERVER, api_version=_REC_API, status=200,
        response_fields=_SERVER_FIELDS, response_headers=_ARM_HDRS,
        precondition="server created with a SQL login: kind 'v12.0', version '12.0', state 'Ready', "
                     "fullyQualifiedDomainName '{server}.database.windows.net', privateEndpointConnections [], "
                     "publicNetworkAccess 'Enabled', restrictOutboundNetworkAccess 'Disabled'; administratorLogin "
                     "shown, "
                     "administratorLoginPassword never; no 'administrators' key without an Entra admin; no 'tags' "
                     "key when none were sent",
    ),
    RecordedExchange(
        operation="sql.servers.list",
        source=_REC_SERVER + " (subscription list)",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.Sql/servers", api_version=_REC_API,
        status=200,
        response_fields=("value[].id", "value[].properties.fullyQualifiedDomainName"),
        precondition="a server with an Entra admin set shows properties.administrators {administratorType "
                     "'ActiveDirectory', principalType, login, sid, tenantId, azureADOnlyAuthentication} (placed "
                     "before "
                     "restrictOutboundNetworkAccess); identity type for both kinds is 'SystemAssigned,UserAssigned' "
                     "(no space)",
    ),
    RecordedExchange(
        operation="sql.servers.list_by_resource_group",
        source=_REC_SERVER,
        method="GET",
        path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Sql/servers",
        api_version=_REC_API, status=200,
        response_fields=tuple("value[]." + f for f in _SERVER_FIELDS),
        precondition="server exists: same item shape as GET",
    ),
    RecordedExchange(
        operation="sql.servers.delete",
        source=_REC_SERVER + "; " + _SDK + "_servers_operations.py (_delete_initial accepts [200, 202, 204])",
        method="DELETE", path=_SERVER, api_version=_REC_API, status=202,
        response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        precondition="server exists: 202 {'operation': 'DropLogicalServer', 'startTime'} + both monitors",
    ),
    RecordedExchange(
        operation="sql.servers.delete",
        source=_SPEC_SERVERS + " (204 'The specified server does not exist.')",
        method="DELETE", path=_SERVER, api_version=_API, status=204,
        precondition="server absent: 204. Not recorded here: spec",
    ),
    RecordedExchange(
        operation="sql.servers.get",
        source="MicrosoftDocs/azure-docs issue #33145 (message); " + _SPEC_SERVERS,
        method="GET", path=_SERVER, api_version=_API, status=404,
        response_fields=("error.code", "error.message"), error_code="ResourceNotFound",
        precondition="server absent: \"The Resource 'Microsoft.Sql/servers/{server}' under resource group "
                     "'{resourceGroup}' was not found.\"",
    ),
    RecordedExchange(
        operation="sql.servers.create_or_update",
        source=_SPEC_SERVERS + " (InvalidServerName - Invalid server name specified.)",
        method="PUT", path=_SERVER, api_version=_API, status=400,
        response_fields=("error.code", "error.message"), error_code="InvalidServerName",
        request_body=_SERVER_BODY,
        precondition="server name with upper case / underscore / edge hyphen. Not recorded: code from the spec's "
                     "error list, message its description",
    ),
    # ------------------------------------------------------------------ databases
    RecordedExchange(
        operation="sql.databases.create_or_update",
        source=_REC_DB + "; " + _SDK + "_databases_operations.py (accepts [200, 201, 202]; final-state-via "
                                       "azure-async-operation, which for a PUT still GETs the database)",
        method="PUT", path=_SERVER + "/databases/{database}", api_version=_REC_API, status=202,
        response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        request_body={"location": "{location}", "properties": {"readScale": "Disabled",
                                                               "requestedBackupStorageRedundancy": "Local"}},
        precondition="server exists, database absent: 202 {'operation': 'CreateLogicalDatabase', 'startTime'} + "
                     "Azure-AsyncOperation .../databaseAzureAsyncOperation/{id} and Location "
                     ".../databaseOperationResults/{id}",
    ),
    RecordedExchange(
        operation="sql.databases.get",
        source=_REC_DB,
        method="GET", path=_SERVER + "/databases/{database}", api_version=_REC_API, status=200,
        response_fields=_DB_FIELDS,
        precondition="database created without a sku: sku {name 'GP_Gen5', tier 'GeneralPurpose', family 'Gen5', "
                     "capacity 2}, kind 'v12.0,user,vcore', currentServiceObjectiveName 'GP_Gen5_2', status 'Online', "
                     "maxSizeBytes 34359738368",
    ),
    RecordedExchange(
        operation="sql.databases.list_by_server",
        source=_REC_DB,
        method="GET", path=_SERVER + "/databases", api_version=_REC_API, status=200,
        response_fields=("value[].sku.name", "value[].kind", "value[].properties.status", "value[].id"),
        precondition="every server lists 'master': sku {name 'System', tier 'System', capacity 0}, kind "
                     "'v12.0,system', managedBy the server id, currentServiceObjectiveName 'System2'",
    ),
    RecordedExchange(
        operation="sql.databases.delete",
        source=_REC_DB + "; " + _SDK + "_databases_operations.py (_delete_initial accepts [200, 202, 204]; "
                                       "final-state-via location)",
        method="DELETE", path=_SERVER + "/databases/{database}", api_version=_REC_API, status=202,
        response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        precondition="database exists - and also when it was already deleted (the recording deletes one name twice, "
                     "both 202): {'operation': 'DropLogicalDatabase'} + both monitors. What databaseOperationResults "
                     "answers at the end is NOT recorded (sandbox: 200, no body)",
    ),
    RecordedExchange(
        operation="sql.databases.get",
        source="Azure/azure-sdk-for-net issue #28730; Azure/azure-powershell issue #13095",
        method="GET", path=_SERVER + "/databases/{database}", api_version=_API, status=404,
        response_fields=("error.code", "error.message"), error_code="ResourceNotFound",
        precondition="server exists, database absent: \"The Resource 'Microsoft.Sql/servers/{server}/databases/"
                     "{database}' under resource group '{resourceGroup}' was not found. For more details please go "
                     "to https://aka.ms/ARMResourceNotFoundFix\" (the nested path, names interleaved)",
    ),
    RecordedExchange(
        operation="sql.databases.list_by_server",
        source="Azure/azure-cli issue #17942; hashicorp/terraform-provider-azurerm issue #18311",
        method="GET", path=_SERVER + "/databases", api_version=_API, status=404,
        response_fields=("error.code", "error.message"), error_code="ParentResourceNotFound",
        precondition="server absent: \"Can not perform requested operation on nested resource. Parent resource "
                     "'{server}' not found.\" (404 status assumed from ARM's convention)",
    ),
    # ------------------------------------------------------------------ firewall rules
    RecordedExchange(
        operation="sql.firewall_rules.create_or_update",
        source=_REC_FW + "; " + _SDK + "_firewall_rules_operations.py (accepts [200, 201], not an LRO)",
        method="PUT", path=_SERVER + "/firewallRules/{rule}", api_version="2020-11-01-preview", status=200,
        response_fields=("properties.startIpAddress", "properties.endIpAddress", "id", "name", "type"),
        request_body={"properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "255.255.255.255"}},
        precondition="rule absent: 200 (not 201: the 2014-04-01 api answered 201 with location/kind, the newer "
                     "ones 200 with only properties/id/name/type), synchronous, no monitors",
    ),
    RecordedExchange(
        operation="sql.firewall_rules.list_by_server",
        source=_REC_FW,
        method="GET", path=_SERVER + "/firewallRules", api_version="2020-11-01-preview", status=200,
        response_fields=("value[].properties.startIpAddress", "value[].properties.endIpAddress", "value[].name"),
        precondition="rules exist (a new server has none: the list ends as {'value': []})",
    ),
    RecordedExchange(
        operation="sql.firewall_rules.delete",
        source=_REC_FW,
        method="DELETE", path=_SERVER + "/firewallRules/{rule}", api_version="2020-11-01-preview", status=200,
        precondition="rule exists: 200 with an empty body",
    ),
    RecordedExchange(
        operation="sql.firewall_rules.delete",
        source=_SPEC_FW + " (204 'The specified firewall rule does not exist.')",
        method="DELETE", path=_SERVER + "/firewallRules/{rule}", api_version=_API, status=204,
        precondition="rule absent: 204. Not recorded here: spec",
    ),
    RecordedExchange(
        operation="sql.firewall_rules.create_or_update",
        source=_SPEC_FW + " (code); Azure/azure-cli issue #16771 (message)",
        method="PUT", path=_SERVER + "/firewallRules/{rule}", api_version=_API, status=400,
        response_fields=("error.code", "error.message"), error_code="DenyPublicEndpointEnabled",
        request_body={"properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}},
        precondition="server with publicNetworkAccess 'Disabled': \"Unable to create or modify firewall rules when "
                     "public network access for the server is disabled. (https://docs.microsoft.com/...#deny-public-"
                     "network-access)\"",
    ),
    RecordedExchange(
        operation="sql.firewall_rules.create_or_update",
        source=_SPEC_FW + " (FirewallRuleInvalidRange)",
        method="PUT", path=_SERVER + "/firewallRules/{rule}", api_version=_API, status=400,
        response_fields=("error.code",), error_code="FirewallRuleInvalidRange",
        request_body={"properties": {"startIpAddress": "10.0.0.9", "endIpAddress": "10.0.0.1"}},
        precondition="start above end. Not recorded: spec error list (FirewallRuleNotIPv4Address likewise)",
    ),
    # ------------------------------------------------------------------ Entra administrator
    RecordedExchange(
        operation="sql.server_azure_ad_administrators.create_or_update",
        source=_REC_ADMIN + "; " + _SPEC_EX + "AdministratorCreateOrUpdate.json",
        method="PUT", path=_SERVER + "/administrators/ActiveDirectory", api_version="2020-11-01-preview", status=202,
        response_fields=_ACCEPTED, response_headers=_LRO_HDRS, request_body=_ADMIN_BODY,
        precondition="server exists: 202 {'operation': 'CreateActiveDirectoryAdministrator' (an update: "
                     "'UpdateActiveDirectoryAdministrator')} + .../serverAdministratorAzureAsyncOperation/{id} and "
                     ".../serverAdministratorOperationResults/{id}",
    ),
    RecordedExchange(
        operation="sql.server_azure_ad_administrators.get",
        source=_REC_ADMIN + "; " + _REC_AADONLY,
        method="GET", path=_SERVER + "/administrators/ActiveDirectory", api_version="2020-11-01-preview", status=200,
        response_fields=_ADMIN_FIELDS,
        precondition="admin set: {properties {administratorType 'ActiveDirectory', login, sid, tenantId}, id, name "
                     "'ActiveDirectory', type 'Microsoft.Sql/servers'} - the parent's type, as recorded (the 2024 spec "
                     "example says servers/administrators and adds azureADOnlyAuthentication, which the sandbox adds)",
    ),
    RecordedExchange(
        operation="sql.server_azure_ad_administrators.list_by_server",
        source=_REC_ADMIN,
        method="GET", path=_SERVER + "/administrators", api_version="2020-11-01-preview", status=200,
        response_fields=tuple("value[]." + f for f in _ADMIN_FIELDS),
        precondition="admin set (after its delete the list is {'value': []})",
    ),
    RecordedExchange(
        operation="sql.server_azure_ad_administrators.delete",
        source=_REC_ADMIN,
        method="DELETE", path=_SERVER + "/administrators/ActiveDirectory", api_version="2020-11-01-preview",
        status=202, response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        precondition="admin set: 202 {'operation': 'DropActiveDirectoryAdministrator'} + both monitors",
    ),
    RecordedExchange(
        operation="sql.server_azure_ad_only_authentications.create_or_update",
        source=_REC_AADONLY,
        method="PUT", path=_SERVER + "/azureADOnlyAuthentications/Default", api_version="2020-11-01-preview",
        status=202, response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        request_body={"properties": {"azureADOnlyAuthentication": True}},
        precondition="admin set: 202 {'operation': 'UpdateActiveDirectoryAdministrator'} + serverAdministrator "
                     "monitors; GET then {properties {azureADOnlyAuthentication true}, name 'Default', type "
                     "'Microsoft.Sql/servers'}",
    ),
    RecordedExchange(
        operation="sql.server_azure_ad_only_authentications.create_or_update",
        source=_SPEC_AADONLY,
        method="PUT", path=_SERVER + "/azureADOnlyAuthentications/Default", api_version=_API, status=400,
        response_fields=("error.code", "error.message"), error_code="InvalidServerAADOnlyAuthNoAADAdminPropertyName",
        request_body={"properties": {"azureADOnlyAuthentication": True}},
        precondition="no admin set: 'AAD Admin is not configured, AAD Admin must be set before enabling/disabling "
                     "AAD Only Authentication.' Not recorded: spec error list",
    ),
)
