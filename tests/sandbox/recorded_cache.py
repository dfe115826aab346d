"""Facts about real ARM exchanges for Microsoft.Cache (Azure Cache for Redis: redis; Azure Managed Redis / Redis
Enterprise: redisEnterprise). Companion to recorded_exchanges.py, same dataclass, same source conventions. Facts
only: no recorded file is copied, no secrets. Records whose fact was not seen in a recording say so in
`precondition`.

Placeholders: {subscription} {resourceGroup} {name} (cache or cluster) {rule} {policy} {assignment}
{operationId} {displayLocation} (URL-encoded display name of the location, e.g. West%20Europe).
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/redis/tests/latest/"
_REC_AUTH = _CLI + "recordings/test_redis_cache_authentication.yaml"      # api-version 2024-11-01, Jan 2025
_REC_FIREWALL = _CLI + "recordings/test_redis_cache_firewall.yaml"        # api-version 2023-04-01
_REC_AAD = _CLI + "recordings/test_redis_cache_with_aad.yaml"             # api-version 2023-08-01
_SCENARIO = _CLI + "test_redis_scenario.py"
_REC_NET_FW = ("Azure/azure-sdk-for-net sdk/redis/Azure.ResourceManager.Redis/tests/SessionRecords/"
               "FirewallFunctionalTests/CreateUpdateDeleteTest.json")
_SPEC = "Azure/azure-rest-api-specs specification/redis/resource-manager/Microsoft.Cache/stable/2024-11-01/"
_SDK = "SDK azure-mgmt-redis 14.5.0 azure/mgmt/redis/operations/"
_REC_RE = ("Azure/azure-cli-extensions src/redisenterprise/azext_redisenterprise/tests/latest/recordings/"
           "test_redisenterprise_scenario1.yaml")                          # api-version 2023-03-01-preview
_SPEC_RE = ("Azure/azure-rest-api-specs specification/redisenterprise/resource-manager/Microsoft.Cache/"
            "RedisEnterprise/stable/2025-07-01/")

_API = "2024-11-01"          # azure-mgmt-redis 14.5.0 default (so az redis in azure-cli 2.91.0)
_API_RE = "2025-07-01"       # newest stable redisEnterprise api-version; no pinned SDK
_CACHE = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Cache/redis/{name}"
_CLUSTER = ("/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Cache/redisEnterprise/"
            "{name}")
_ASYNC_MONITOR = "/subscriptions/{subscription}/providers/Microsoft.Cache/locations/{displayLocation}/asyncOperations/{operationId}"
_RESULT_MONITOR = ("/subscriptions/{subscription}/providers/Microsoft.Cache/locations/{displayLocation}/"
                   "operationresults/{operationId}")
_STATUS_MONITOR = ("/subscriptions/{subscription}/providers/Microsoft.Cache/locations/{displayLocation}/"
                   "operationsStatus/{operationId}")
_ARM_HDRS = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security")

_CACHE_FIELDS = (
    "id", "name", "type", "location", "tags",
    "properties.provisioningState", "properties.redisVersion", "properties.sku.name", "properties.sku.family",
    "properties.sku.capacity", "properties.enableNonSslPort", "properties.instances[].sslPort",
    "properties.instances[].isMaster", "properties.instances[].isPrimary", "properties.publicNetworkAccess",
    "properties.tenantSettings", "properties.redisConfiguration.maxclients", "properties.accessKeys",
    "properties.hostName", "properties.port", "properties.sslPort", "properties.linkedServers",
    "properties.updateChannel", "properties.zonalAllocationPolicy", "properties.disableAccessKeyAuthentication",
)
_CREATE_BODY = {"location": "WestEurope", "properties": {
    "redisConfiguration": {"aad-enabled": "true"}, "tenantSettings": {}, "disableAccessKeyAuthentication": True,
    "sku": {"name": "Premium", "family": "p", "capacity": 1}}}
_RULE_FIELDS = ("id", "name", "type", "properties.startIP", "properties.endIP")
_ASSIGNMENT_FIELDS = ("id", "name", "type", "properties.provisioningState", "properties.accessPolicyName",
                      "properties.objectId", "properties.objectIdAlias")
_OBJECT_ID = "a8263550-d587-4433-9eff-64020dd56c13"

RECORDED = (
    # ------------------------------------------------------------------ redis: create (LRO) and monitor
    RecordedExchange(
        operation="redis.redis.create",
        source=_REC_AUTH + "; " + _REC_AAD + "; " + _REC_FIREWALL + "; " + _SDK + "_redis_operations.py "
               "(_create_initial accepts [200, 201]; begin_create = ARMPolling LRO, final GET on the cache)",
        method="PUT", path=_CACHE, api_version=_API, status=201,
        response_fields=_CACHE_FIELDS + ("properties.redisConfiguration.aad-enabled",
                                         "properties.accessKeys.primaryKey", "properties.accessKeys.secondaryKey"),
        response_headers=_ARM_HDRS + ("azure-asyncoperation", "location"),
        request_body=_CREATE_BODY,
        precondition="cache absent: 201 with provisioningState 'Creating', location as DISPLAY name ('West Europe'), "
                     "type 'Microsoft.Cache/Redis', the keys IN properties.accessKeys (the only answer besides "
                     "listKeys that shows them), hostName {name}.redis.cache.windows.net, port 6379, sslPort 6380. "
                     "Azure-AsyncOperation = .../providers/Microsoft.Cache/locations/West%20Europe/asyncOperations/"
                     "{guid}?api-version=2024-11-01 (+ ARM's t/c/s/h signature); Location = the cache's own URL",
    ),
    RecordedExchange(
        operation="redis.async_operation_status.get",
        source=_REC_AUTH + "; " + _REC_NET_FW + "; " + _SPEC + "redis.json (AsyncOperationStatus_Get)",
        method="GET", path=_ASYNC_MONITOR, api_version=_API, status=200,
        response_fields=("id", "name", "status", "startTime", "endTime", "percentComplete", "properties", "error"),
        response_headers=("azure-asyncoperation",),
        precondition="the monitor of a create: 200 {id: the monitor path with the display location ('West Europe', a "
                     "space), name: the guid, status 'InProgress' then 'Succeeded', startTime/endTime/"
                     "percentComplete/properties/error all null}; it names itself in Azure-AsyncOperation again",
    ),
    RecordedExchange(
        operation="redis.redis.get",
        source=_REC_AUTH + "; " + _REC_FIREWALL + "; " + _REC_NET_FW,
        method="GET", path=_CACHE, api_version=_API, status=200,
        response_fields=_CACHE_FIELDS + ("properties.replicasPerMaster", "properties.replicasPerPrimary"),
        response_headers=_ARM_HDRS,
        precondition="cache created: provisioningState 'Succeeded' and properties.accessKeys = null (GET hides the keys)",
    ),
    RecordedExchange(
        operation="redis.redis.get",
        source="Azure/azure-powershell issue #9510 (GET of a missing cache: 404 with x-ms-failure-cause: gateway); "
               + _SDK + "_redis_operations.py (get accepts [200])",
        method="GET", path=_CACHE, api_version=_API, status=404,
        response_fields=("error.code", "error.message"),
        response_headers=("x-ms-failure-cause",),
        error_code="ResourceNotFound",
        precondition="cache absent: ARM answers (x-ms-failure-cause: gateway) with its ResourceNotFound \"The Resource "
                     "'Microsoft.Cache/Redis/{name}' under resource group '{resourceGroup}' was not found...\". The "
                     "body text is ARM's standard one, not quoted in the issue",
    ),
    RecordedExchange(
        operation="redis.redis.list_by_resource_group",
        source=_SCENARIO + " (test_redis_cache_list_works); " + _SPEC + "examples/RedisCacheListByResourceGroup.json",
        method="GET", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Cache/redis",
        api_version=_API, status=200,
        response_fields=tuple("value[]." + f for f in _CACHE_FIELDS),
        precondition="a cache exists: items as GET shows them (accessKeys null)",
    ),
    # ------------------------------------------------------------------ redis: keys
    RecordedExchange(
        operation="redis.redis.list_keys",
        source=_SCENARIO + " (test_redis_cache_list_keys asserts primaryKey and secondaryKey); " + _SPEC +
               "examples/RedisCacheListKeys.json; " + _SDK + "_redis_operations.py (list_keys accepts [200])",
        method="POST", path=_CACHE + "/listKeys", api_version=_API, status=200,
        response_fields=("primaryKey", "secondaryKey"),
        precondition="cache exists: 200 {primaryKey, secondaryKey} (the keys the create answer showed)",
    ),
    RecordedExchange(
        operation="redis.redis.regenerate_key",
        source=_SPEC + "examples/RedisCacheRegenerateKey.json; " + _SDK + "_redis_operations.py (accepts [200])",
        method="POST", path=_CACHE + "/regenerateKey", api_version=_API, status=200,
        response_fields=("primaryKey", "secondaryKey"),
        request_body={"keyType": "Primary"},
        precondition="cache exists: 200 with both keys, the primary one new. Not recorded here: spec example",
    ),
    # ------------------------------------------------------------------ redis: update
    RecordedExchange(
        operation="redis.redis.update",
        source=_REC_AUTH + " (az redis update --set disableAccessKeyAuthentication=false); " + _SDK +
               "_redis_operations.py (_update_initial accepts [200, 202])",
        method="PATCH", path=_CACHE, api_version=_API, status=200,
        response_fields=_CACHE_FIELDS,
        request_body={"tags": {}, "properties": {"disableAccessKeyAuthentication": False}},
        precondition="cache exists, nothing long-running changes: 200 at once, provisioningState 'Succeeded', "
                     "accessKeys null, no Azure-AsyncOperation",
    ),
    RecordedExchange(
        operation="redis.redis.update",
        source=_REC_AUTH + " (az redis update --set redisConfiguration.aadEnabled=false)",
        method="PATCH", path=_CACHE, api_version=_API, status=202,
        response_fields=_CACHE_FIELDS,
        response_headers=("azure-asyncoperation",),
        request_body={"properties": {"redisConfiguration": {"aad-enabled": "False"}}},
        precondition="cache exists with aad-enabled 'true': 202 + Azure-AsyncOperation (asyncOperations monitor); the "
                     "body is the cache AS IT WAS (aad-enabled still 'true') with provisioningState 'ConfiguringAAD'",
    ),
    # ------------------------------------------------------------------ redis: delete
    RecordedExchange(
        operation="redis.redis.delete",
        source=_REC_FIREWALL + " (az redis delete); " + _SPEC + "redis.json (final-state-via location)",
        method="DELETE", path=_CACHE, api_version=_API, status=202,
        response_headers=("location",),
        precondition="cache exists: 202, empty body, ONLY a Location header .../providers/Microsoft.Cache/locations/"
                     "West%20US/operationresults/{guid}?api-version=... (no Azure-AsyncOperation)",
    ),
    RecordedExchange(
        operation="redis.redis.delete(monitor)",
        source=_REC_FIREWALL,
        method="GET", path=_RESULT_MONITOR, api_version=_API, status=202,
        response_fields=("id", "name", "status"),
        response_headers=("location", "azure-asyncoperation"),
        precondition="delete running: 202 {id: the monitor path (display location), name: guid, status 'InProgress'} "
                     "naming itself in Location and Azure-AsyncOperation; finally 200 {id, name, status 'Succeeded'}",
    ),
    # ------------------------------------------------------------------ redis: firewall rules
    RecordedExchange(
        operation="redis.firewall_rules.create_or_update",
        source=_REC_FIREWALL + "; " + _REC_NET_FW + "; " + _SDK + "_firewall_rules_operations.py (accepts [200, 201])",
        method="PUT", path=_CACHE + "/firewallRules/{rule}", api_version=_API, status=201,
        response_fields=_RULE_FIELDS,
        response_headers=("location",),
        request_body={"properties": {"startIP": "127.0.0.1", "endIP": "127.0.0.1"}},
        precondition="rule absent: 201 at once (no monitor), Location = the rule's own URL, body {properties, id "
                     "(path as sent: '.../Microsoft.Cache/redis/...'), name '{cache}/{rule}', type "
                     "'Microsoft.Cache/redis/firewallRules'}",
    ),
    RecordedExchange(
        operation="redis.firewall_rules.create_or_update",
        source=_REC_FIREWALL + " (az redis firewall-rules update)",
        method="PUT", path=_CACHE + "/firewallRules/{rule}", api_version=_API, status=200,
        response_fields=_RULE_FIELDS,
        request_body={"properties": {"startIP": "127.0.0.0", "endIP": "127.0.0.1"}},
        precondition="rule exists: 200, the rule replaced, no Location header",
    ),
    RecordedExchange(
        operation="redis.firewall_rules.list",
        source=_REC_FIREWALL + "; " + _REC_NET_FW,
        method="GET", path=_CACHE + "/firewallRules", api_version=_API, status=200,
        response_fields=tuple("value[]." + f for f in _RULE_FIELDS),
        precondition="rule exists: items with id '.../Microsoft.Cache/Redis/{cache}/firewallRules/{rule}', name "
                     "'{cache}/{rule}', type 'Microsoft.Cache/Redis/firewallRules' (capital R, unlike the PUT answer)",
    ),
    RecordedExchange(
        operation="redis.firewall_rules.delete",
        source=_REC_FIREWALL + "; " + _REC_NET_FW + "; " + _SDK + "_firewall_rules_operations.py (accepts [200, 204])",
        method="DELETE", path=_CACHE + "/firewallRules/{rule}", api_version=_API, status=200,
        precondition="rule exists: 200 with an empty body, synchronous",
    ),
    # ------------------------------------------------------------------ redis: Entra data access
    RecordedExchange(
        operation="redis.access_policy.list",
        source=_REC_AUTH + " (az redis access-policy list on a new cache: 3 items)",
        method="GET", path=_CACHE + "/accessPolicies", api_version=_API, status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].properties.permissions",
                         "value[].properties.type", "value[].properties.provisioningState"),
        precondition="new cache: exactly Data Owner '+@all allkeys', Data Contributor '+@all -@dangerous "
                     "+cluster|info +cluster|nodes +cluster|slots allkeys', Data Reader '+@read +@connection "
                     "+cluster|info +cluster|nodes +cluster|slots allkeys', each type 'BuiltIn', id '.../accessPolicies/"
                     "Data Owner' (a space in the name)",
    ),
    RecordedExchange(
        operation="redis.access_policy.get",
        source=_REC_AUTH + " (az redis access-policy update --permissions +get, then show)",
        method="GET", path=_CACHE + "/accessPolicies/{policy}", api_version=_API, status=200,
        response_fields=("id", "name", "type", "properties.permissions", "properties.type",
                         "properties.provisioningState"),
        precondition="custom policy PUT with permissions '+get': GET shows '+get allkeys' (the RP appends allkeys "
                     "when no keys are named), type 'Custom'",
    ),
    RecordedExchange(
        operation="redis.access_policy.delete",
        source=_REC_AUTH + " (az redis access-policy delete)",
        method="DELETE", path=_CACHE + "/accessPolicies/{policy}", api_version=_API, status=202,
        response_headers=("azure-asyncoperation", "location"),
        precondition="custom policy exists: 202, empty body, Azure-AsyncOperation AND Location both naming the "
                     "asyncOperations monitor",
    ),
    RecordedExchange(
        operation="redis.access_policy_assignment.create_update",
        source=_REC_AUTH + " (az redis access-policy-assignment create); " + _SDK +
               "_access_policy_assignment_operations.py (_create_update_initial accepts [200, 201])",
        method="PUT", path=_CACHE + "/accessPolicyAssignments/{assignment}", api_version=_API, status=201,
        response_fields=_ASSIGNMENT_FIELDS,
        response_headers=("azure-asyncoperation", "location"),
        request_body={"properties": {"objectId": _OBJECT_ID, "objectIdAlias": "kj-aad-testing",
                                     "accessPolicyName": "Data Owner"}},
        precondition="assignment absent (recorded with a custom policy 'accessPolicy1'; replayed with the built-in "
                     "'Data Owner'): 201 with provisioningState 'Updating', type "
                     "'Microsoft.Cache/Redis/accessPolicyAssignments'; Azure-AsyncOperation and Location both the "
                     "asyncOperations monitor; the poller then GETs the assignment (Succeeded)",
    ),
    RecordedExchange(
        operation="redis.access_policy_assignment.get",
        source=_REC_AUTH + " (az redis access-policy-assignment show); " + _SPEC +
               "examples/RedisCacheAccessPolicyAssignmentGet.json",
        method="GET", path=_CACHE + "/accessPolicyAssignments/{assignment}", api_version=_API, status=200,
        response_fields=_ASSIGNMENT_FIELDS,
        precondition="assignment created: provisioningState 'Succeeded', objectId, objectIdAlias, accessPolicyName",
    ),
    RecordedExchange(
        operation="redis.access_policy_assignment.create_update",
        source="Azure/AzureCacheForRedis issue #14 (portal and az cli: a second assignment for one identity)",
        method="PUT", path=_CACHE + "/accessPolicyAssignments/second", api_version=_API, status=400,
        response_fields=("error.code", "error.message"),
        error_code="BadRequest",
        request_body={"properties": {"objectId": _OBJECT_ID, "objectIdAlias": "again",
                                     "accessPolicyName": "Data Reader"}},
        precondition="the objectId already has an assignment on the cache: \"An invalid access policy assignment was "
                     "detected due to duplicate entries. Please review and ensure that each assignment has a unique "
                     "combination of assignmentName, policyName and ObjectId to avoid such duplicates\". The message "
                     "is recorded; the status 400 and the code 'BadRequest' are NOT (assumed)",
    ),
    RecordedExchange(
        operation="redis.access_policy_assignment.list",
        source=_REC_AUTH + " (access-policy-assignment list after the delete)",
        method="GET", path=_CACHE + "/accessPolicyAssignments", api_version=_API, status=200,
        response_fields=("value",),
        precondition="no assignment: exactly {'value': []}",
    ),
    # ------------------------------------------------------------------ redisEnterprise
    RecordedExchange(
        operation="redisenterprise.create",
        source=_REC_RE + " (az redisenterprise create); " + _SPEC_RE + "examples/RedisEnterpriseCreate.json",
        method="PUT", path=_CLUSTER, api_version=_API_RE, status=201,
        response_fields=("location", "name", "id", "type", "tags", "sku.name", "sku.capacity",
                         "properties.hostName", "properties.provisioningState", "properties.resourceState",
                         "properties.privateEndpointConnections", "identity.type"),
        response_headers=("azure-asyncoperation", "location"),
        request_body={"location": "eastus", "properties": {"minimumTlsVersion": "1.2"},
                      "sku": {"capacity": 4, "name": "Enterprise_E20"}, "tags": {"tag1": "value1"}},
        precondition="cluster absent: 201, provisioningState and resourceState 'Creating', location 'East US', hostName "
                     "{name}.eastus.redisenterprise.cache.azure.net, identity {'type': 'None'}; Azure-AsyncOperation "
                     ".../providers/Microsoft.Cache/locations/East%20US/operationsStatus/{guid}, Location = own URL. "
                     "Recorded with 2023-03-01-preview",
    ),
    RecordedExchange(
        operation="redisenterprise.operations_status.get",
        source=_REC_RE + "; " + _SPEC_RE + "redisenterprise.json (OperationsStatus_Get)",
        method="GET", path=_STATUS_MONITOR, api_version=_API_RE, status=200,
        response_fields=("id", "name", "status", "startTime", "endTime"),
        precondition="create running: 200 {id (display location), name, status 'Pending'/'InProgress' then "
                     "'Succeeded', startTime, endTime}",
    ),
    RecordedExchange(
        operation="redisenterprise.databases.create",
        source=_REC_RE + "; " + _SPEC_RE + "examples/RedisEnterpriseDatabasesCreate.json",
        method="PUT", path=_CLUSTER + "/databases/default", api_version=_API_RE, status=201,
        response_fields=("name", "id", "type", "properties.clientProtocol", "properties.port",
                         "properties.provisioningState", "properties.resourceState", "properties.clusteringPolicy",
                         "properties.evictionPolicy", "properties.modules[].name", "properties.modules[].args",
                         "properties.modules[].version"),
        response_headers=("azure-asyncoperation", "location"),
        request_body={"properties": {"clientProtocol": "Encrypted", "clusteringPolicy": "EnterpriseCluster",
                                     "evictionPolicy": "NoEviction", "modules": [{"name": "RedisBloom"}],
                                     "port": 10000}},
        precondition="cluster exists: 201 'Creating', name 'default' (the recording's; the spec example says "
                     "'{cluster}/db1'), type 'Microsoft.Cache/redisEnterprise/databases', modules with args '' and a "
                     "version; operationsStatus monitor + Location",
    ),
    RecordedExchange(
        operation="redisenterprise.databases.list_keys",
        source=_SPEC_RE + "examples/RedisEnterpriseDatabasesListKeys.json",
        method="POST", path=_CLUSTER + "/databases/default/listKeys", api_version=_API_RE, status=200,
        response_fields=("primaryKey", "secondaryKey"),
        precondition="database exists: 200 {primaryKey, secondaryKey}. Not recorded here: spec example",
    ),
)
