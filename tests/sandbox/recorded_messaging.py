"""Facts about real ARM exchanges for Microsoft.ServiceBus and Microsoft.EventHub (one resource provider,
"Service-Bus-Resource-Provider", serves both). Same dataclass and source conventions as recorded_exchanges.py.
Facts only: no recorded file is copied, no secrets. Where a fact was not seen in a recording, `precondition`
says so.

Placeholders: {subscription} {resourceGroup} {namespace} {rule} {entity} {location}.

Api-versions: the pinned azure-mgmt-servicebus 10.0.0 and azure-mgmt-eventhub 12.0.0 send 2026-01-01
(_configuration.py), az servicebus (aaz) 2026-01-01, az eventhubs (aaz) 2026-07-01-preview. No recording of
those versions exists in the public repositories searched; the recordings below use 2021-06-01-preview ..
2022-01-01-preview of the same RP. The SDK models of 2026-01-01 hold the same fields.

Observed but NOT what the sandbox answers (kept here as a note, not replayed):
- A GET of a Service Bus namespace right after its deletion answered the RP's own 404
  {"error": {"message": "Namespace does not exist. CorrelationId: <x-ms-correlation-request-id>", "code": "NotFound"}}
  (azure-sdk-for-net ServiceBusNamespaceTests/CreateDeleteNamespace.json, Dec 2021, 2021-06-01-preview). The later
  Event Hubs recording (Oct 2022, same RP) answered ARM's gateway ResourceNotFound for the same step; the sandbox
  answers the latter for both.
- The auth-rule GET of a 2023 az recording answered an id with "resourcegroups"/"authorizationrules" lower-cased
  (the PUT answer kept the request's casing); the sandbox keeps the request's casing.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI_SB = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/servicebus/tests/latest/recordings/"
_CLI_EH = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/eventhubs/tests/latest/recordings/"
_NET_SB = "Azure/azure-sdk-for-net sdk/servicebus/Azure.ResourceManager.ServiceBus/tests/SessionRecords/"
_NET_EH = "Azure/azure-sdk-for-net sdk/eventhub/Azure.ResourceManager.EventHubs/tests/SessionRecords/"
_REC_SB_NETWORK = _CLI_SB + "test_sb_network.yaml"            # Feb 2023, 2022-01-01-preview
_REC_SB_AUTH = _CLI_SB + "test_sb_auth_rule.yaml"             # Feb 2023, 2022-01-01-preview
_REC_SB_NS = _CLI_SB + "test_sb_namespace.yaml"               # Apr 2022, 2021-06-01-preview
_REC_SB_QUEUE = _CLI_SB + "test_sb_queue.yaml"                # Feb 2023, 2022-01-01-preview
_REC_EH_HUB = _CLI_EH + "test_eh_eventhub.yaml"               # Feb 2020, 2017-04-01
_REC_NET_SB_DELETE = _NET_SB + "ServiceBusNamespaceTests/CreateDeleteNamespace.json"           # Dec 2021
_REC_NET_EH_DELETE = _NET_EH + "EventHubNamespaceTests/CreateDeleteNamespace.json"            # Oct 2022
_REC_NET_EH_RULES = _NET_EH + "EventHubNamespaceTests/NamespaceCreateGetUpdateDeleteAuthorizationRule.json"
_SDK_SB = "SDK azure-mgmt-servicebus 10.0.0 azure/mgmt/servicebus/operations/_operations.py"
_SDK_EH = "SDK azure-mgmt-eventhub 12.0.0 azure/mgmt/eventhub/operations/_operations.py"

_SB = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ServiceBus/namespaces/{namespace}"
_EH = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.EventHub/namespaces/{namespace}"
_EH_MONITOR = ("/subscriptions/{subscription}/resourcegroups/{resourceGroup}/providers/Microsoft.EventHub/locations/"
               "{location}/operationStatus/{namespace}")

_NS_FIELDS = ("sku.name", "sku.tier", "id", "name", "type", "location", "tags", "properties.minimumTlsVersion",
              "properties.publicNetworkAccess", "properties.disableLocalAuth", "properties.zoneRedundant",
              "properties.provisioningState", "properties.metricId", "properties.createdAt", "properties.updatedAt",
              "properties.serviceBusEndpoint", "properties.status")
_EH_NS_FIELDS = _NS_FIELDS + ("sku.capacity", "properties.isAutoInflateEnabled", "properties.maximumThroughputUnits",
                              "properties.kafkaEnabled")
_RULE_SET_FIELDS = ("id", "name", "type", "location", "properties.publicNetworkAccess", "properties.defaultAction",
                    "properties.virtualNetworkRules", "properties.ipRules")
_KEYS_FIELDS = ("primaryConnectionString", "secondaryConnectionString", "primaryKey", "secondaryKey", "keyName")
_RULE_FIELDS = ("id", "name", "type", "location", "properties.rights")
_QUEUE_FIELDS = tuple("properties." + f for f in (
    "maxMessageSizeInKilobytes", "lockDuration", "maxSizeInMegabytes", "requiresDuplicateDetection", "requiresSession",
    "defaultMessageTimeToLive", "deadLetteringOnMessageExpiration", "enableBatchedOperations",
    "duplicateDetectionHistoryTimeWindow", "maxDeliveryCount", "sizeInBytes", "messageCount", "status",
    "autoDeleteOnIdle", "enablePartitioning", "enableExpress", "countDetails.activeMessageCount", "createdAt",
    "updatedAt", "accessedAt")) + ("id", "name", "type", "location")
_TOPIC_FIELDS = tuple("properties." + f for f in (
    "maxMessageSizeInKilobytes", "defaultMessageTimeToLive", "maxSizeInMegabytes", "requiresDuplicateDetection",
    "duplicateDetectionHistoryTimeWindow", "enableBatchedOperations", "sizeInBytes", "status", "supportOrdering",
    "autoDeleteOnIdle", "enablePartitioning", "enableExpress", "subscriptionCount", "countDetails.activeMessageCount",
    "createdAt", "updatedAt", "accessedAt")) + ("id", "name", "type", "location")

RECORDED = (
    # ------------------------------------------------------------------ Service Bus namespace: create, get, delete
    RecordedExchange(
        operation="servicebus.namespaces.begin_create_or_update",
        source=_REC_SB_AUTH + "; " + _REC_SB_NETWORK + "; " + _SDK_SB + " (_create_or_update_initial accepts 200/201/202)",
        method="PUT", path=_SB, api_version="2022-01-01-preview", status=200,
        response_fields=_NS_FIELDS, response_headers=("content-type",),
        request_body={"location": "westus", "sku": {"name": "Standard", "tier": "Standard"},
                      "properties": {"publicNetworkAccess": "Enabled"}},
        precondition="namespace absent: 200 at once with NO Azure-AsyncOperation/Location header, provisioningState "
                     "'Created', status 'Activating', type 'Microsoft.ServiceBus/Namespaces', location as display name "
                     "('West US'), Standard sku without capacity, serviceBusEndpoint https://<ns>.servicebus.windows.net:443/, "
                     "metricId '<subscription>:<ns>'. The poller then GETs the namespace ~70 s until 'Succeeded'/'Active'",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.get",
        source=_REC_SB_AUTH + "; " + _REC_SB_NETWORK,
        method="GET", path=_SB, api_version="2022-01-01-preview", status=200,
        response_fields=_NS_FIELDS,
        precondition="namespace activated: provisioningState 'Succeeded', status 'Active'",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.begin_delete",
        source=_REC_SB_NS + "; " + _REC_NET_SB_DELETE,
        method="DELETE", path=_SB, api_version="2021-06-01-preview", status=202,
        response_headers=("location",),
        precondition="namespace exists: 202, empty body, Location = <namespace id>/operationresults/<namespace>"
                     "?api-version=<same>; that monitor answered 202 (+ Retry-After, body = the namespace with status "
                     "'Removing') while running, then 200 with an empty body. No Retry-After on the 202 itself "
                     "(the sandbox adds its own, see README)",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.begin_create_or_update",
        source="Azure/azure-service-bus issue #269 (name rules: docs 'Create Namespace' REST API)",
        method="PUT", path=_SB, api_version="2017-04-01", status=400,
        response_fields=("error.code", "error.message"), error_code="BadRequest",
        request_body={"location": "westus"},
        precondition="namespace name against the rules (6-50 characters, letters, digits and hyphens, starting with "
                     "a letter, ending with a letter or digit, not ending in -sb/-mgmt): 400 "
                     "Code='BadRequest' Message='The specified service namespace is invalid. CorrelationId: ...'",
    ),
    # ------------------------------------------------------------------ authorization rules and keys
    RecordedExchange(
        operation="servicebus.namespaces.list_authorization_rules",
        source=_REC_SB_AUTH,
        method="GET", path=_SB + "/AuthorizationRules", api_version="2022-01-01-preview", status=200,
        response_fields=tuple("value[]." + f for f in _RULE_FIELDS),
        precondition="a new namespace has the rule RootManageSharedAccessKey with rights ['Listen','Manage','Send'], "
                     "type 'Microsoft.ServiceBus/Namespaces/AuthorizationRules', location 'westus'",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.create_or_update_authorization_rule",
        source=_REC_SB_AUTH + "; " + _SDK_SB + " (accepts [200] only)",
        method="PUT", path=_SB + "/AuthorizationRules/{rule}", api_version="2022-01-01-preview", status=200,
        response_fields=_RULE_FIELDS,
        request_body={"properties": {"rights": ["Send", "Listen", "Manage"]}},
        precondition="rule absent: 200 (not 201) with {id, name, type, location, properties.rights}; no keys",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.list_keys",
        source=_REC_SB_AUTH + "; " + _REC_SB_NS,
        method="POST", path=_SB + "/AuthorizationRules/{rule}/listKeys", api_version="2022-01-01-preview", status=200,
        response_fields=_KEYS_FIELDS,
        precondition="rule exists: primaryConnectionString 'Endpoint=sb://<ns>.servicebus.windows.net/;"
                     "SharedAccessKeyName=<rule>;SharedAccessKey=<primaryKey>' (secondary alike), keys are 44-character "
                     "base64, keyName = the rule's name",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.regenerate_keys",
        source=_REC_SB_AUTH + "; " + _REC_SB_NS,
        method="POST", path=_SB + "/AuthorizationRules/{rule}/regenerateKeys", api_version="2022-01-01-preview",
        status=200, response_fields=_KEYS_FIELDS, request_body={"keyType": "PrimaryKey"},
        precondition="rule exists: answers the whole key set with a new primary key and the secondary unchanged; "
                     "{'keyType', 'key': <value>} sets that value",
    ),
    # ------------------------------------------------------------------ network rule set
    RecordedExchange(
        operation="servicebus.namespaces.get_network_rule_set",
        source=_REC_SB_NETWORK,
        method="GET", path=_SB + "/networkRuleSets/default", api_version="2022-01-01-preview", status=200,
        response_fields=_RULE_SET_FIELDS,
        precondition="new namespace, no PUT yet: {publicNetworkAccess 'Enabled', defaultAction 'Allow', "
                     "virtualNetworkRules [], ipRules []}, NO trustedServiceAccessEnabled key, type "
                     "'Microsoft.ServiceBus/Namespaces/NetworkRuleSets', location = the namespace's ('West US')",
    ),
    RecordedExchange(
        operation="servicebus.namespaces.create_or_update_network_rule_set",
        source=_REC_SB_NETWORK + "; " + _SDK_SB + " (accepts [200] only)",
        method="PUT", path=_SB + "/networkRuleSets/default", api_version="2022-01-01-preview", status=200,
        response_fields=_RULE_SET_FIELDS + ("properties.ipRules[].ipMask", "properties.ipRules[].action",
                                            "properties.trustedServiceAccessEnabled"),
        request_body={"properties": {"defaultAction": "Allow", "virtualNetworkRules": [],
                                     "ipRules": [{"ipMask": "1.1.1.1", "action": "Allow"}],
                                     "trustedServiceAccessEnabled": True, "publicNetworkAccess": "Enabled"}},
        precondition="the whole set is replaced (az GETs it, edits the list and PUTs it back); "
                     "trustedServiceAccessEnabled true is answered, false is omitted from the answer and later GETs",
    ),
    # ------------------------------------------------------------------ queues and topics
    RecordedExchange(
        operation="servicebus.queues.create_or_update",
        source=_REC_SB_QUEUE + "; " + _SDK_SB + " (accepts [200] only)",
        method="PUT", path=_SB + "/queues/{entity}", api_version="2022-01-01-preview", status=200,
        response_fields=_QUEUE_FIELDS, request_body={},
        precondition="queue absent, body {}: 200 with the defaults (lockDuration PT1M, maxSizeInMegabytes 1024, "
                     "maxDeliveryCount 10, TTL/autoDeleteOnIdle P10675199DT2H48M5.4775807S, accessedAt "
                     "'0001-01-01T00:00:00'), type 'Microsoft.ServiceBus/namespaces/queues', location 'westus'",
    ),
    RecordedExchange(
        operation="servicebus.topics.create_or_update",
        source=_REC_SB_AUTH,
        method="PUT", path=_SB + "/topics/{entity}", api_version="2022-01-01-preview", status=200,
        response_fields=_TOPIC_FIELDS, request_body={},
        precondition="topic absent, body {}: 200 with the defaults (supportOrdering true, subscriptionCount 0), "
                     "type 'Microsoft.ServiceBus/namespaces/topics'",
    ),
    # ------------------------------------------------------------------ Event Hubs
    RecordedExchange(
        operation="eventhub.namespaces.begin_create_or_update",
        source=_REC_NET_EH_DELETE + "; " + _REC_NET_EH_RULES + "; " + _SDK_EH + " (accepts 200/201/202)",
        method="PUT", path=_EH, api_version="2022-01-01-preview", status=200,
        response_fields=_EH_NS_FIELDS, request_body={"tags": {}, "location": "eastus2", "properties": {}},
        precondition="namespace absent, no sku: 200 at once, no LRO header, sku {Standard, Standard, capacity 1}, "
                     "type 'Microsoft.EventHub/Namespaces', location 'East US 2', isAutoInflateEnabled false, "
                     "maximumThroughputUnits 0, kafkaEnabled true, provisioningState 'Created', status 'Activating'",
    ),
    RecordedExchange(
        operation="eventhub.namespaces.begin_delete",
        source=_REC_NET_EH_DELETE,
        method="DELETE", path=_EH, api_version="2022-01-01-preview", status=202,
        response_headers=("location",),
        precondition="namespace exists: 202, empty body, Location = https://management.azure.com/subscriptions/<sub>/"
                     "resourcegroups/<rg>/providers/Microsoft.EventHub/locations/<loc>/operationStatus/<namespace>"
                     "?api-version=<same>&resourceType=Namespace",
    ),
    RecordedExchange(
        operation="eventhub.namespaces.delete_monitor",
        source=_REC_NET_EH_DELETE,
        method="GET", path=_EH_MONITOR + "?resourceType=Namespace", api_version="2022-01-01-preview", status=204,
        precondition="after the delete has finished: 204, no body (202, empty body, Location = itself while running)",
    ),
    RecordedExchange(
        operation="eventhub.namespaces.get",
        source=_REC_NET_EH_DELETE,
        method="GET", path=_EH, api_version="2022-01-01-preview", status=404,
        response_fields=("error.code", "error.message"), error_code="ResourceNotFound",
        precondition="namespace deleted: ARM's gateway answer (x-ms-failure-cause: gateway), \"The Resource "
                     "'Microsoft.EventHub/namespaces/<ns>' under resource group '<rg>' was not found. ...\"",
    ),
    RecordedExchange(
        operation="eventhub.namespaces.create_or_update_authorization_rule",
        source=_REC_NET_EH_RULES,
        method="PUT", path=_EH + "/authorizationRules/{rule}", api_version="2022-01-01-preview", status=200,
        response_fields=_RULE_FIELDS, request_body={"properties": {"rights": ["Listen", "Send"]}},
        precondition="rule absent: 200, type 'Microsoft.EventHub/Namespaces/AuthorizationRules', location 'East US 2'",
    ),
    RecordedExchange(
        operation="eventhub.namespaces.get_authorization_rule",
        source=_REC_NET_EH_RULES,
        method="GET", path=_EH + "/authorizationRules/{rule}", api_version="2022-01-01-preview", status=404,
        response_fields=("error.code", "error.message"), error_code="NotFound",
        precondition="rule deleted (namespace exists): the RP's 404 {'message': 'The requested resource <rule> does not "
                     "exist. CorrelationId: <x-ms-correlation-request-id>', 'code': 'NotFound'}",
    ),
    RecordedExchange(
        operation="eventhub.namespaces.list_keys",
        source=_SDK_EH + " (NamespacesOperations.list_keys accepts [200], AccessKeys model); same RP as Service Bus",
        method="POST", path=_EH + "/authorizationRules/{rule}/listKeys", api_version="2026-01-01", status=200,
        response_fields=_KEYS_FIELDS,
        precondition="NOT recorded for Event Hubs here: assumed the Service Bus shape (Endpoint=sb://<ns>."
                     "servicebus.windows.net/;SharedAccessKeyName=...;SharedAccessKey=...)",
    ),
    RecordedExchange(
        operation="eventhub.event_hubs.create_or_update",
        source=_REC_EH_HUB,
        method="PUT", path=_EH + "/eventhubs/{entity}", api_version="2017-04-01", status=200,
        response_fields=("id", "name", "type", "location", "properties.messageRetentionInDays",
                         "properties.partitionCount", "properties.status", "properties.createdAt",
                         "properties.updatedAt", "properties.partitionIds"),
        request_body={},
        precondition="event hub absent, body {}: 200, messageRetentionInDays 7, partitionCount 4, partitionIds "
                     "['0'..'3'], type 'Microsoft.EventHub/Namespaces/EventHubs', location display name",
    ),
)
