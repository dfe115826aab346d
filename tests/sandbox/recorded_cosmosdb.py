"""Facts about real ARM exchanges for Microsoft.DocumentDB (Cosmos DB) accounts, their child resources and the SQL
data-plane RBAC resources (companion to recorded_exchanges.py, same dataclass and source conventions). Facts only:
no recorded file is copied, no secrets. Records whose fact was not seen in a recording say so in `precondition`.

Placeholders: {subscription} {resourceGroup} {account} (SQL API) {gremlinAccount} {mongoAccount} {newAccount}
{location} (the account's location, lower case) {operationId} {database} {newDatabase} {roleAssignment}
{newRoleAssignment} {newRoleDefinition} {principal}.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/cosmosdb/tests/latest/recordings/"
_REC_ROLE = _CLI + "test_cosmosdb_sql_role.yaml"                 # 2022-02-15-preview, commit 43729ba
_REC_SQLDB = _CLI + "test_cosmosdb_sql_database.yaml"            # 2021-10-15
_REC_DELETE = _CLI + "test_delete_database_account.yaml"         # 2022-02-15-preview
_REC_NETWORK = _CLI + "test_cosmosdb_network_rule_add.yaml"      # 2021-10-15
_REC_GREMLIN = _CLI + "test_cosmosdb_gremlin_database.yaml"      # 2022-02-15-preview
_REC_MONGO = _CLI + "test_cosmosdb_mongodb_database.yaml"        # 2022-02-15-preview
_SPEC = ("Azure/azure-rest-api-specs specification/cosmos-db/resource-manager/Microsoft.DocumentDB/DocumentDB/stable/"
         "2026-03-15/examples/")
_SDK = "SDK azure-mgmt-cosmosdb 10.0.0 azure/mgmt/cosmosdb/"
_DOCS_CASSANDRA = ("MicrosoftDocs azure-docs (ja-jp/it-it) cosmos-db cassandra 'get the Cassandra connection string with "
                   "Azure CLI' (az cosmosdb keys list --type connection-strings output)")
_DOCS_MONGO = ("MicrosoftDocs azure-docs python tutorial-containerize (az cosmosdb keys list --type connection-strings on a "
               "MongoDB account: mongodb://...:10255/?ssl=true&replicaSet=globaldb&retrywrites=false&maxIdleTimeMS=120000"
               "&appName=@<name>@, with keyKind and type)")

_ACCOUNT = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.DocumentDB/databaseAccounts/"
_API = "2026-03-15"            # what the pinned SDK (and so az cosmosdb) sends
_RP_HDRS = ("content-type", "x-ms-gatewayversion")
_LRO_HDRS = _RP_HDRS + ("azure-asyncoperation", "location")
_MONITOR = "/subscriptions/{subscription}/providers/Microsoft.DocumentDB/locations/{location}/operationsStatus/{operationId}"

_ACCOUNT_FIELDS = (
    "id", "name", "location", "type", "kind", "tags", "systemData.createdAt", "identity.type",
    "properties.provisioningState", "properties.publicNetworkAccess", "properties.isVirtualNetworkFilterEnabled",
    "properties.virtualNetworkRules", "properties.ipRules", "properties.EnabledApiTypes", "properties.disableLocalAuth",
    "properties.databaseAccountOfferType", "properties.instanceId", "properties.consistencyPolicy.defaultConsistencyLevel",
    "properties.capabilities", "properties.networkAclBypass", "properties.networkAclBypassResourceIds",
    "properties.backupPolicy.type", "properties.cors",
    "properties.writeLocations[].id", "properties.writeLocations[].locationName",
    "properties.writeLocations[].provisioningState", "properties.writeLocations[].failoverPriority",
    "properties.readLocations[].id", "properties.locations[].id", "properties.locations[].isZoneRedundant",
    "properties.failoverPolicies[].id", "properties.failoverPolicies[].failoverPriority",
)
_READY_FIELDS = _ACCOUNT_FIELDS + ("properties.documentEndpoint", "properties.locations[].documentEndpoint")
_CREATE_BODY = {"location": "westus", "kind": "GlobalDocumentDB", "properties": {
    "locations": [{"locationName": "westus", "failoverPriority": 0, "isZoneRedundant": False}],
    "databaseAccountOfferType": "Standard", "apiProperties": {}, "createMode": "Default"}}
_ROLE_DEF_ID = _ACCOUNT + "{account}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002"
_ASSIGNMENT_FIELDS = ("id", "name", "type", "properties.roleDefinitionId", "properties.principalId", "properties.scope")
_ROLE_DEF_FIELDS = ("id", "name", "type", "properties.roleName", "properties.type", "properties.assignableScopes",
                    "properties.permissions[].dataActions", "properties.permissions[].notDataActions")

RECORDED = (
    # ------------------------------------------------------------------ accounts
    RecordedExchange(
        operation="cosmosdb.database_accounts.create_or_update",
        source=_REC_ROLE + "; " + _REC_GREMLIN + "; " + _SPEC + "CosmosDBDatabaseAccountCreateMin.json",
        method="PUT", path=_ACCOUNT + "{newAccount}", api_version="2022-02-15-preview", status=200,
        response_fields=_ACCOUNT_FIELDS, response_headers=_LRO_HDRS, request_body=_CREATE_BODY,
        precondition="account absent: 200 (not 201) with the account in provisioningState 'Creating' (the 2026-03-15 "
                     "example says 'Initializing'), regions 'Creating' WITHOUT documentEndpoint, no documentEndpoint, "
                     "location as a display name ('West US'), identity {'type': 'None'}, tags {}. Azure-AsyncOperation "
                     "= .../subscriptions/{sub}/providers/Microsoft.DocumentDB/locations/{accountLocation}/"
                     "operationsStatus/{id}?api-version=<same>, Location = <account id>/operationResults/{same id}",
    ),
    RecordedExchange(
        operation="cosmosdb.operations_status.get",
        source=_REC_ROLE + "; " + _REC_DELETE + "; " + _REC_SQLDB,
        method="GET", path=_MONITOR, api_version="2022-02-15-preview", status=200,
        response_fields=("status",), response_headers=_RP_HDRS,
        precondition="the monitor of any Cosmos write: 200 {'status': 'Dequeued'} while running, then "
                     "{'status': 'Succeeded'}; no id/name/startTime keys; the poller then GETs the resource",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.get",
        source=_REC_ROLE + "; " + _SPEC + "CosmosDBDatabaseAccountGet.json",
        method="GET", path=_ACCOUNT + "{account}", api_version=_API, status=200,
        response_fields=_READY_FIELDS + ("properties.keysMetadata.primaryMasterKey.generationTime",
                                         "properties.keysMetadata.secondaryReadonlyMasterKey.generationTime"),
        response_headers=_RP_HDRS,
        precondition="SQL account created: 'Succeeded', documentEndpoint https://{name}.documents.azure.com:443/, "
                     "regions {name}-{region} with https://{name}-{region}.documents.azure.com:443/, "
                     "EnabledApiTypes 'Sql', keysMetadata generation times but no key values",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.get",
        source=_REC_GREMLIN,
        method="GET", path=_ACCOUNT + "{gremlinAccount}", api_version="2022-02-15-preview", status=200,
        response_fields=_READY_FIELDS + ("properties.gremlinEndpoint", "properties.capabilities[].name"),
        precondition="account created with capabilities [{'name': 'EnableGremlin'}]: gremlinEndpoint "
                     "https://{name}.gremlin.cosmos.azure.com:443/, EnabledApiTypes 'Gremlin, Sql'",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.get",
        source=_REC_MONGO,
        method="GET", path=_ACCOUNT + "{mongoAccount}", api_version="2022-02-15-preview", status=200,
        response_fields=_READY_FIELDS + ("properties.mongoEndpoint", "properties.apiProperties.serverVersion",
                                         "properties.capabilities[].name"),
        precondition="kind MongoDB created with apiProperties {}: mongoEndpoint https://{name}.mongo.cosmos.azure.com:443/, "
                     "EnabledApiTypes 'MongoDB', capabilities [{'name': 'EnableMongo'}] added by the RP, "
                     "apiProperties.serverVersion '3.6', analyticalStorageConfiguration.schemaType 'FullFidelity'",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.get",
        source="not recorded here (ARM's gateway answer for a missing tracked resource, as for other RPs)",
        method="GET", path=_ACCOUNT + "ghost", api_version=_API, status=404, error_code="ResourceNotFound",
        precondition="account absent: ARM's ResourceNotFound in the usual {'error': {...}} wrapper (not recorded here)",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.update",
        source=_REC_NETWORK,
        method="PATCH", path=_ACCOUNT + "{account}", api_version="2021-10-15", status=200,
        response_fields=_READY_FIELDS, response_headers=_LRO_HDRS,
        request_body={"properties": {"virtualNetworkRules": [{
            "id": "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Network/"
                  "virtualNetworks/vnet1/subnets/default", "ignoreMissingVNetServiceEndpoint": True}]}},
        precondition="account exists: 200 with the account and its regions in 'Updating' (documentEndpoint kept), "
                     "Azure-AsyncOperation on operationsStatus, Location <account id>/operationResults/{same id}",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.delete",
        source=_REC_DELETE + "; " + _SPEC + "CosmosDBDatabaseAccountDelete.json",
        method="DELETE", path=_ACCOUNT + "{account}", api_version="2022-02-15-preview", status=202,
        response_fields=("status",), response_headers=_LRO_HDRS,
        precondition="account exists: 202 {'status': 'Enqueued'}, Azure-AsyncOperation on operationsStatus, Location "
                     "/subscriptions/{sub}/providers/Microsoft.DocumentDB/locations/{loc}/operationResults/{same id} "
                     "(the SDK accepts 202 and 204 only)",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.create_or_update",
        source="microsoft/azurechat issue #77; microsoft/vscode-cosmosdb issue #1616",
        method="PUT", path=_ACCOUNT + "Bad-name-", api_version=_API, status=400, error_code="BadRequest",
        request_body=_CREATE_BODY,
        precondition="invalid name: \"The character 'B' at index 0 is not allowed in the DatabaseAccount name\\r\\n"
                     "ActivityId: ..., Microsoft.Azure.Documents.Common/2.14.0\" (code BadRequest); a trailing '-' is "
                     "reported at its index. The RP's body is top-level {code, message} (no 'error' wrapper)",
    ),
    # ------------------------------------------------------------------ keys
    RecordedExchange(
        operation="cosmosdb.database_accounts.list_keys",
        source=_SDK + "models/_models.py (DatabaseAccountListKeysResult); " + _SPEC + "CosmosDBDatabaseAccountGet.json "
               "(keysMetadata names)",
        method="POST", path=_ACCOUNT + "{account}/listKeys", api_version=_API, status=200,
        response_fields=("primaryMasterKey", "secondaryMasterKey", "primaryReadonlyMasterKey",
                         "secondaryReadonlyMasterKey"),
        precondition="account exists (exchange not recorded here; body keys from the SDK model)",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.list_read_only_keys",
        source=_SDK + "operations/_operations.py (build_database_accounts_list_read_only_keys_request: POST; "
               "a GET form exists too)",
        method="POST", path=_ACCOUNT + "{account}/readonlykeys", api_version=_API, status=200,
        response_fields=("primaryReadonlyMasterKey", "secondaryReadonlyMasterKey"),
        precondition="account exists (exchange not recorded here; body keys from the SDK model)",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.list_connection_strings",
        source=_DOCS_CASSANDRA + "; " + _DOCS_MONGO + "; " + _SDK + "models/_models.py (DatabaseAccountConnectionString)",
        method="POST", path=_ACCOUNT + "{account}/listConnectionStrings", api_version=_API, status=200,
        response_fields=("connectionStrings[].connectionString", "connectionStrings[].description",
                         "connectionStrings[].keyKind", "connectionStrings[].type"),
        precondition="SQL account: 'Primary SQL Connection String', 'Secondary SQL Connection String', 'Primary "
                     "Read-Only SQL Connection String', 'Secondary Read-Only SQL Connection String', each "
                     "AccountEndpoint=https://{name}.documents.azure.com:443/;AccountKey=<key>; . Cassandra accounts add "
                     "the four '... Cassandra Connection String' (HostName={name}.cassandra.cosmos.azure.com;Username="
                     "{name};Password=<key>;Port=10350); MongoDB accounts list '... MongoDB Connection String' "
                     "(mongodb://{name}:<key>@{name}.mongo.cosmos.azure.com:10255/?ssl=true&...)",
    ),
    RecordedExchange(
        operation="cosmosdb.database_accounts.regenerate_key",
        source=_SPEC + "CosmosDBDatabaseAccountRegenerateKey.json",
        method="POST", path=_ACCOUNT + "{account}/regenerateKey", api_version=_API, status=202,
        response_headers=("azure-asyncoperation", "location"), request_body={"keyKind": "primary"},
        precondition="account exists: 202, Azure-AsyncOperation and Location both the operationsStatus monitor "
                     "(service example, not a recording)",
    ),
    # ------------------------------------------------------------------ child resources
    RecordedExchange(
        operation="cosmosdb.sql_resources.create_update_sql_database",
        source=_REC_SQLDB + "; " + _REC_ROLE,
        method="PUT", path=_ACCOUNT + "{account}/sqlDatabases/{newDatabase}", api_version="2021-10-15", status=202,
        response_fields=("status",), response_headers=_LRO_HDRS,
        request_body={"properties": {"resource": {"id": "{newDatabase}"}, "options": {}}},
        precondition="account exists: 202 {'status': 'Enqueued'}, Azure-AsyncOperation on the ACCOUNT's location "
                     "operationsStatus, Location <database id>/operationResults/{same id}",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.get_sql_database",
        source=_REC_SQLDB,
        method="GET", path=_ACCOUNT + "{account}/sqlDatabases/{database}", api_version="2021-10-15", status=200,
        response_fields=("id", "type", "name", "properties.resource.id", "properties.resource._rid",
                         "properties.resource._self", "properties.resource._etag", "properties.resource._colls",
                         "properties.resource._users", "properties.resource._ts"),
        response_headers=_RP_HDRS,
        precondition="database created: resource {id, _rid, _self 'dbs/<rid>/', _etag, _colls 'colls/', _users "
                     "'users/', _ts}; no location/tags keys in the recording (the 2026-03-15 examples show them)",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.get_sql_database",
        source=_REC_SQLDB,
        method="GET", path=_ACCOUNT + "{account}/sqlDatabases/ghost", api_version="2021-10-15", status=404,
        error_code="NotFound",
        precondition="database absent: TOP-LEVEL {'code': 'NotFound', 'message': 'Message: {\"code\":\"NotFound\","
                     "\"message\":\"Message: {\\\"Errors\\\":[\\\"Resource Not Found. Learn more: https:\\\\/\\\\/aka.ms"
                     "\\\\/cosmosdb-tsg-not-found\\\"]}...Request URI: /dbs/ghost, ...'} (the backend's error wrapped twice)",
    ),
    # ------------------------------------------------------------------ SQL role definitions / assignments
    RecordedExchange(
        operation="cosmosdb.sql_resources.list_sql_role_definitions",
        source=_REC_ROLE,
        method="GET", path=_ACCOUNT + "{account}/sqlRoleDefinitions", api_version="2022-02-15-preview", status=200,
        response_fields=tuple("value[]." + f for f in _ROLE_DEF_FIELDS),
        precondition="any account: 'Cosmos DB Built-in Data Reader' (…0001: readMetadata, containers/executeQuery, "
                     "containers/readChangeFeed, containers/items/read) and 'Cosmos DB Built-in Data Contributor' "
                     "(…0002: readMetadata, containers/*, containers/items/*), type 'BuiltInRole', assignableScopes "
                     "[account id], listed AFTER the custom definitions",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.create_update_sql_role_definition",
        source=_REC_ROLE,
        method="PUT", path=_ACCOUNT + "{account}/sqlRoleDefinitions/{newRoleDefinition}",
        api_version="2022-02-15-preview", status=202, response_fields=("status",), response_headers=_LRO_HDRS,
        request_body={"properties": {"roleName": "roleName", "type": "CustomRole",
                                     "assignableScopes": [_ACCOUNT + "{account}/"],
                                     "permissions": [{"dataActions": [
                                         "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read"]}]}},
        precondition="account exists: 202 {'status': 'Enqueued'}; GET then shows assignableScopes without the "
                     "trailing '/', permissions with notDataActions []",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.create_update_sql_role_assignment",
        source=_REC_ROLE,
        method="PUT", path=_ACCOUNT + "{account}/sqlRoleAssignments/{newRoleAssignment}",
        api_version="2022-02-15-preview", status=202, response_fields=("status",), response_headers=_LRO_HDRS,
        request_body={"properties": {"roleDefinitionId": _ROLE_DEF_ID, "scope": _ACCOUNT + "{account}/dbs/{database}",
                                     "principalId": "{principal}"}},
        precondition="account exists: 202 {'status': 'Enqueued'} + Azure-AsyncOperation + Location "
                     "<assignment id>/operationResults/{id}",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.get_sql_role_assignment",
        source=_REC_ROLE,
        method="GET", path=_ACCOUNT + "{account}/sqlRoleAssignments/{roleAssignment}",
        api_version="2022-02-15-preview", status=200, response_fields=_ASSIGNMENT_FIELDS, response_headers=_RP_HDRS,
        precondition="assignment created: {id, name, properties {roleDefinitionId (full id), principalId, scope}, type}",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.get_sql_role_assignment",
        source=_REC_ROLE,
        method="GET", path=_ACCOUNT + "{account}/sqlRoleAssignments/{newRoleAssignment}",
        api_version="2022-02-15-preview", status=404, error_code="NotFound",
        precondition="assignment absent: TOP-LEVEL {'code': 'NotFound', 'message': 'Unable to find a SQL Role Assignment "
                     "with ID [<guid>].\\r\\nActivityId: ..., Microsoft.Azure.Documents.Common/2.14.0'}",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.list_sql_role_assignments",
        source=_REC_ROLE,
        method="GET", path=_ACCOUNT + "{account}/sqlRoleAssignments", api_version="2022-02-15-preview", status=200,
        response_fields=tuple("value[]." + f for f in _ASSIGNMENT_FIELDS),
        precondition="one assignment exists; an account without any answers {'value': []}",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.delete_sql_role_assignment",
        source=_REC_ROLE,
        method="DELETE", path=_ACCOUNT + "{account}/sqlRoleAssignments/{roleAssignment}",
        api_version="2022-02-15-preview", status=202, response_fields=("status",), response_headers=_LRO_HDRS,
        precondition="assignment exists: 202 {'status': 'Enqueued'} + Azure-AsyncOperation + Location",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.create_update_sql_role_assignment",
        source="Azure/azure-cli issue #31422; MicrosoftDocs/azure-databases-docs PR #63",
        method="PUT", path=_ACCOUNT + "{account}/sqlRoleAssignments/{newRoleAssignment}", api_version="2024-11-15",
        status=400, error_code="BadRequest",
        request_body={"properties": {"roleDefinitionId": _ROLE_DEF_ID,
                                     "scope": _ACCOUNT + "{account}" + _ACCOUNT + "{account}",
                                     "principalId": "{principal}"}},
        precondition="a scope that repeats the account id: 'Failed to parse the incoming request payload. Exception: "
                     "System.FormatException: Could not parse property [properties] as [...SqlRoleAssignmentProperties] "
                     "... Could not parse property [scope] with value [...] as [...FullyQualifiedResourcePath] due to "
                     "exception: System.FormatException: Expected path segment [dbs] at position [0] but found "
                     "[subscriptions].'",
    ),
    RecordedExchange(
        operation="cosmosdb.sql_resources.create_update_sql_role_assignment",
        source="MicrosoftDocs/azure-docs issue #100180",
        method="PUT", path=_ACCOUNT + "{account}/sqlRoleAssignments/{newRoleAssignment}", api_version=_API,
        status=400, error_code="BadRequest",
        request_body={"properties": {"roleDefinitionId": _ACCOUNT + "{account}/sqlRoleDefinitions/"
                                                         "00000000-0000-0000-0000-000000000009",
                                     "scope": _ACCOUNT + "{account}", "principalId": "{principal}"}},
        precondition="unknown role definition: \"The specified role definition with ID '<guid without dashes>' does "
                     "not exist.\" (the issue quotes the message; status and code not shown there: assumed 400 BadRequest)",
    ),
)
