"""Facts about real ARM exchanges for Microsoft.DBforPostgreSQL and Microsoft.DBforMySQL (flexible servers,
their databases / firewallRules / administrators, and the retired single servers). Same dataclass and source
conventions as recorded_exchanges.py. Facts only: no recorded file is copied, passwords are not kept.

Placeholders: {subscription} {resourceGroup} {server} {database} {rule} {admin} {location} {operationId}
{identityId}.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/"
_REC_CLI_PG_DB = _CLI + "postgresql/tests/latest/recordings/test_postgres_flexible_server_database_mgmt.yaml"
_NET = "Azure/azure-sdk-for-net sdk/"
_REC_NET_PG_FLEX = _NET + ("postgresql/Azure.ResourceManager.PostgreSql/tests/SessionRecords/PostgreSqlFlexibleServerTests/"
                           "CreateUpdateGetDelete().json")
_REC_NET_PG_SINGLE = _NET + ("postgresql/Azure.ResourceManager.PostgreSql/tests/SessionRecords/PostgreSqlServerTests/"
                             "CreateUpdateGetDelete().json")
_REC_NET_MY_FLEX = _NET + ("mysql/Azure.ResourceManager.MySql/tests/SessionRecords/MySqlFlexibleServerTests/"
                           "CreateUpdateGetDelete().json")
_SPEC_MY = ("Azure/azure-rest-api-specs specification/mysql/resource-manager/Microsoft.DBforMySQL/FlexibleServers/"
            "examples/2024-12-01-preview/")
_SPEC_PG_SINGLE = ("Azure/azure-rest-api-specs specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/"
                   "2017-12-01/examples/")
_SDK_PG = "SDK azure-mgmt-postgresqlflexibleservers 3.0.0b2 azure/mgmt/postgresqlflexibleservers/operations/_operations.py"
_SDK_MY = "SDK azure-mgmt-mysqlflexibleservers 1.1.0b3 azure/mgmt/mysqlflexibleservers/operations/_operations.py"
_ISSUE_TF = "hashicorp/terraform-provider-azurerm issue #11539"
_ISSUE_PULUMI = "pulumi/pulumi-azure-native issue #1921"

_PG = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.DBforPostgreSQL/flexibleServers/{server}"
_PG_SINGLE = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.DBforPostgreSQL/servers/{server}"
_MY = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.DBforMySQL/flexibleServers/{server}"
_PG_MONITOR = "/subscriptions/{subscription}/providers/Microsoft.DBforPostgreSQL/locations/{location}/azureAsyncOperation/{operationId}"
_PG_API = "2026-01-01-preview"     # what az 2.85 recorded; the pinned SDK sends 2026-04-01-preview
_MY_API = "2025-06-01-preview"     # what azure-cli 2.91 pins for az mysql flexible-server

_LRO_HDRS = ("azure-asyncoperation", "location", "content-type")
_ACCEPTED = ("operation", "startTime")
_PG_SERVER_FIELDS = (
    "id", "name", "type", "location", "sku.name", "sku.tier", "systemData.createdAt",
    "properties.dataEncryption.type", "properties.replica.role", "properties.replica.capacity",
    "properties.storage.iops", "properties.storage.tier", "properties.storage.storageSizeGB",
    "properties.storage.autoGrow", "properties.network.publicNetworkAccess", "properties.privateEndpointConnections",
    "properties.authConfig.activeDirectoryAuth", "properties.authConfig.passwordAuth",
    "properties.fullyQualifiedDomainName", "properties.version", "properties.minorVersion",
    "properties.administratorLogin", "properties.state", "properties.availabilityZone",
    "properties.backup.backupRetentionDays", "properties.backup.geoRedundantBackup",
    "properties.highAvailability.mode", "properties.highAvailability.state",
    "properties.maintenanceWindow.customWindow", "properties.maintenanceWindow.dayOfWeek",
    "properties.replicationRole", "properties.replicaCapacity",
)
_MY_SERVER_FIELDS = (
    "id", "name", "type", "location", "tags", "sku.name", "sku.tier", "systemData.createdAt",
    "properties.administratorLogin", "properties.storage.storageSizeGB", "properties.storage.iops",
    "properties.storage.autoGrow", "properties.storage.storageSku", "properties.version", "properties.state",
    "properties.fullyQualifiedDomainName", "properties.availabilityZone", "properties.maintenanceWindow.customWindow",
    "properties.replicationRole", "properties.replicaCapacity", "properties.network.publicNetworkAccess",
    "properties.backup.backupRetentionDays", "properties.backup.geoRedundantBackup",
    "properties.backup.earliestRestoreDate", "properties.highAvailability.mode", "properties.highAvailability.state",
)
_PG_SINGLE_FIELDS = (
    "id", "name", "type", "location", "sku.name", "sku.tier", "sku.family", "sku.capacity",
    "properties.administratorLogin", "properties.storageProfile.storageMB", "properties.storageProfile.backupRetentionDays",
    "properties.storageProfile.geoRedundantBackup", "properties.storageProfile.storageAutogrow", "properties.version",
    "properties.sslEnforcement", "properties.minimalTlsVersion", "properties.userVisibleState",
    "properties.fullyQualifiedDomainName", "properties.earliestRestoreDate", "properties.replicationRole",
    "properties.masterServerId", "properties.replicaCapacity", "properties.byokEnforcement",
    "properties.privateEndpointConnections", "properties.infrastructureEncryption", "properties.publicNetworkAccess",
)
_CHILD = ("id", "name", "type")

RECORDED = (
    # ------------------------------------------------------------------ PostgreSQL flexible servers
    RecordedExchange(
        operation="postgresql.servers.create", source=_REC_NET_PG_FLEX + "; " + _REC_CLI_PG_DB,
        method="PUT", path=_PG, api_version=_PG_API, status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS + ("retry-after",),
        request_body={"sku": {"name": "Standard_D4s_v3", "tier": "GeneralPurpose"}, "tags": {}, "location": "eastus",
                      "properties": {"administratorLogin": "testUser", "administratorLoginPassword": "<redacted>",
                                     "version": "13", "storage": {"storageSizeGB": 128},
                                     "backup": {"backupRetentionDays": 7}, "network": {},
                                     "highAvailability": {"mode": "Disabled"}, "createMode": "Create"}},
        precondition="server absent: 202 {'operation': 'UpsertServerManagementOperationV2', 'startTime'}; "
                     "Azure-AsyncOperation .../providers/Microsoft.DBforPostgreSQL/locations/eastus/azureAsyncOperation/"
                     "{id} and Location .../locations/eastus/operationResults/{id} (same id, same api-version), "
                     "Retry-After 60. The pinned SDK's _create_initial accepts only 202"),
    RecordedExchange(
        operation="postgresql.operations.azure_async_operation", source=_REC_NET_PG_FLEX + "; " + _REC_CLI_PG_DB,
        method="GET", path=_PG_MONITOR, api_version=_PG_API, status=200, response_fields=("name", "status", "startTime"),
        precondition="the monitor of a write: 200 {'name': <operation id>, 'status': 'InProgress'|'Succeeded', "
                     "'startTime'} and nothing else (no id, no endTime); then the poller GETs the server"),
    RecordedExchange(
        operation="postgresql.servers.get", source=_REC_CLI_PG_DB + "; " + _REC_NET_PG_FLEX,
        method="GET", path=_PG, api_version=_PG_API, status=200, response_fields=_PG_SERVER_FIELDS,
        response_headers=("content-type",),
        precondition="server created: location is the display name ('Canada Central', 'East US'), state 'Ready', "
                     "fullyQualifiedDomainName <name>.postgres.database.azure.com, administratorLogin without the "
                     "password, systemData holds createdAt only, no 'tags' key when none was ever sent"),
    RecordedExchange(
        operation="postgresql.servers.update", source=_REC_NET_PG_FLEX,
        method="PATCH", path=_PG, api_version="2023-03-01-preview", status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS, request_body={"tags": {"key": "value"}, "properties": {}},
        precondition="server exists: 202 {'operation': 'UpsertServerManagementOperationV2'} + both monitors; the "
                     "GET after shows tags {'key': 'value'}"),
    RecordedExchange(
        operation="postgresql.servers.delete", source=_REC_NET_PG_FLEX + "; " + _REC_CLI_PG_DB,
        method="DELETE", path=_PG, api_version=_PG_API, status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS,
        precondition="server exists: 202 {'operation': 'DropServerManagementOperation'}; the monitors name the "
                     "DISPLAY location url-encoded (.../locations/East%20US/azureAsyncOperation/..., "
                     ".../locations/Canada%20Central/...), unlike every other write"),
    RecordedExchange(
        operation="postgresql.servers.get", source=_ISSUE_PULUMI,
        method="GET", path=_PG.replace("{server}", "ghost"), api_version=_PG_API, status=404,
        error_code="ResourceNotFound",
        precondition="server absent. The issue quotes the RP's own 404 ('The requested resource of type "
                     "'Microsoft.DBforPostgreSQL/flexibleServers' with name '<name>' was not found.') for a server "
                     "still being created; for a server ARM does not know the sandbox answers ARM's ResourceNotFound "
                     "('The Resource ... under resource group ... was not found'), same code"),
    # ------------------------------------------------------------------ flexible server databases
    RecordedExchange(
        operation="postgresql.databases.create", source=_REC_CLI_PG_DB,
        method="PUT", path=_PG + "/databases/{database}", api_version=_PG_API, status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS, request_body={"properties": {"charset": "UTF8", "collation": "en_US.utf8"}},
        precondition="server exists: 202 {'operation': 'UpsertServerDatabaseManagementOperation'}, monitors in the "
                     "server's normalized location (canadacentral)"),
    RecordedExchange(
        operation="postgresql.databases.get", source=_REC_CLI_PG_DB,
        method="GET", path=_PG + "/databases/postgres", api_version=_PG_API, status=200,
        response_fields=_CHILD + ("properties.charset", "properties.collation"),
        precondition="database exists: {'properties': {'charset': 'UTF8', 'collation': 'en_US.utf8'}, id, name, "
                     "type} (no systemData)"),
    RecordedExchange(
        operation="postgresql.databases.list_by_server", source=_REC_CLI_PG_DB,
        method="GET", path=_PG + "/databases", api_version=_PG_API, status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].properties.charset",
                         "value[].properties.collation"),
        precondition="a new server lists azure_maintenance, postgres and azure_sys (plus the databases created)"),
    RecordedExchange(
        operation="postgresql.databases.delete", source=_REC_CLI_PG_DB,
        method="DELETE", path=_PG + "/databases/{database}", api_version=_PG_API, status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS,
        precondition="database exists: 202 {'operation': 'DropServerDatabaseManagementOperation'}, normalized "
                     "location in the monitors"),
    # ------------------------------------------------------------------ flexible server firewall rules / admins (SDK)
    RecordedExchange(
        operation="postgresql.firewall_rules.create_or_update",
        source=_SDK_PG + " (FirewallRulesOperations._create_or_update_initial accepts [202]; headers "
                         "Azure-AsyncOperation and Location read)",
        method="PUT", path=_PG + "/firewallRules/{rule}", api_version="2026-04-01-preview", status=202,
        response_headers=_LRO_HDRS,
        request_body={"properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}},
        precondition="not recorded here: the status and headers are the SDK's; the 202 body follows the "
                     "recorded database/server writes (its operation name is assumed)"),
    RecordedExchange(
        operation="postgresql.administrators_microsoft_entra.create_or_update",
        source=_SDK_PG + " (AdministratorsMicrosoftEntraOperations._create_or_update_initial accepts [202])",
        method="PUT", path=_PG + "/administrators/{admin}", api_version="2026-04-01-preview", status=202,
        response_headers=_LRO_HDRS,
        request_body={"properties": {"principalType": "ServicePrincipal", "principalName": "app1",
                                     "tenantId": "72f988bf-0000-4000-8000-000000000001"}},
        precondition="not recorded here: status from the SDK; the GET after shows properties.objectId = the name"),
    # ------------------------------------------------------------------ MySQL flexible servers
    RecordedExchange(
        operation="mysql.servers.create", source=_REC_NET_MY_FLEX,
        method="PUT", path=_MY, api_version="2021-05-01", status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS + ("retry-after",),
        request_body={"sku": {"name": "Standard_B1ms", "tier": "Burstable"}, "tags": {}, "location": "eastus",
                      "properties": {"administratorLogin": "testUser", "administratorLoginPassword": "<redacted>",
                                     "version": "5.7", "createMode": "Default", "storage": {"storageSizeGB": 512},
                                     "backup": {"backupRetentionDays": 7}, "highAvailability": {"mode": "Disabled"},
                                     "network": {}}},
        precondition="server absent: 202 {'operation': 'UpsertServerManagementOperationV2'}, Azure-AsyncOperation "
                     ".../providers/Microsoft.DBforMySQL/locations/eastus/azureAsyncOperation/{id}, Location "
                     ".../operationResults/{id}"),
    RecordedExchange(
        operation="mysql.servers.get", source=_REC_NET_MY_FLEX,
        method="GET", path=_MY, api_version="2021-05-01", status=200, response_fields=_MY_SERVER_FIELDS,
        precondition="server created: location 'East US', fullyQualifiedDomainName <name>.mysql.database.azure.com, "
                     "replicationRole 'None', replicaCapacity 10, storage autoGrow Enabled, storageSku Premium_LRS"),
    RecordedExchange(
        operation="mysql.servers.delete", source=_REC_NET_MY_FLEX,
        method="DELETE", path=_MY, api_version=_MY_API, status=202, response_fields=_ACCEPTED, response_headers=_LRO_HDRS,
        precondition="server exists: 202 {'operation': 'DropServerManagementOperation'}, monitors in "
                     "locations/East%20US (display name)"),
    RecordedExchange(
        operation="mysql.databases.list_by_server", source=_SPEC_MY + "DatabasesListByServer.json",
        method="GET", path=_MY + "/databases", api_version=_MY_API, status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].properties.charset",
                         "value[].properties.collation"),
        precondition="the system schemas information_schema, mysql, performance_schema, sys are listed (their names "
                     "from a real server's database ids; their charsets assumed)"),
    RecordedExchange(
        operation="mysql.firewall_rules.get", source=_SPEC_MY + "FirewallRuleCreate.json (200 body)",
        method="GET", path=_MY + "/firewallRules/{rule}", api_version=_MY_API, status=200,
        response_fields=_CHILD + ("properties.startIpAddress", "properties.endIpAddress"),
        precondition="rule exists"),
    RecordedExchange(
        operation="mysql.azure_ad_administrators.create_or_update",
        source=_SPEC_MY + "AzureADAdministratorCreate.json (responses 200/201/202); " + _SDK_MY +
        " (AzureADAdministratorsOperations accepts [200, 201, 202])",
        method="PUT", path=_MY + "/administrators/ActiveDirectory", api_version=_MY_API, status=202,
        response_headers=_LRO_HDRS,
        request_body={"properties": {"administratorType": "ActiveDirectory", "identityResourceId": "{identityId}",
                                     "login": "bob@contoso.com", "sid": "c6b82b90-a647-49cb-8a62-0d2d3cb7ac7c",
                                     "tenantId": "72f988bf-0000-4000-8000-000000000001"}},
        precondition="server exists; 202 assumed like the other writes of the RP (the spec allows 200/201/202)"),
    RecordedExchange(
        operation="mysql.azure_ad_administrators.get", source=_SPEC_MY + "AzureADAdministratorCreate.json (200 body)",
        method="GET", path=_MY + "/administrators/ActiveDirectory", api_version=_MY_API, status=200,
        response_fields=_CHILD + ("properties.administratorType", "properties.identityResourceId", "properties.login",
                                  "properties.sid", "properties.tenantId"),
        precondition="administrator set: name 'ActiveDirectory', type Microsoft.DBforMySQL/flexibleServers/administrators"),
    # ------------------------------------------------------------------ retired single servers
    RecordedExchange(
        operation="postgresql_single.servers.create", source=_REC_NET_PG_SINGLE,
        method="PUT", path=_PG_SINGLE, api_version="2017-12-01", status=202, response_fields=_ACCEPTED,
        response_headers=_LRO_HDRS + ("retry-after",),
        request_body={"sku": {"name": "B_Gen5_1"}, "location": "westus",
                      "properties": {"administratorLogin": "testUser", "administratorLoginPassword": "<redacted>",
                                     "createMode": "Default"}},
        precondition="server absent: 202 {'operation': 'UpsertElasticServer'} + azureAsyncOperation/operationResults"),
    RecordedExchange(
        operation="postgresql_single.servers.get", source=_REC_NET_PG_SINGLE,
        method="GET", path=_PG_SINGLE, api_version="2017-12-01", status=200, response_fields=_PG_SINGLE_FIELDS,
        precondition="server created: location 'westus' (normalized), sku B_Gen5_1 -> tier Basic, family Gen5, "
                     "capacity 1; fullyQualifiedDomainName <name>.postgres.database.azure.com"),
    RecordedExchange(
        operation="postgresql_single.databases.get", source=_SPEC_PG_SINGLE + "DatabaseGet.json",
        method="GET", path=_PG_SINGLE + "/databases/{database}", api_version="2017-12-01", status=200,
        response_fields=_CHILD + ("properties.charset", "properties.collation"), precondition="database exists"),
    RecordedExchange(
        operation="postgresql_single.databases.create_or_update", source=_ISSUE_TF,
        method="PUT", path=_PG_SINGLE.replace("{server}", "fakeDB") + "/databases/abc", api_version="2017-12-01",
        status=404, error_code="ResourceNotFound",
        request_body={"properties": {"charset": "UTF8", "collation": "English_United States.1252"}},
        precondition="no single server 'fakeDB' (a flexible server of that name exists): ResourceNotFound "
                     "\"The Resource 'Microsoft.DBForPostgreSQL/servers/fakeDB' under resource group 'myRG' was not "
                     "found. For more details please go to https://aka.ms/ARMResourceNotFoundFix\""),
)
