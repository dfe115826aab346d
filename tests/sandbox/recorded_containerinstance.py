"""Facts about real ARM exchanges for Microsoft.ContainerInstance/containerGroups (companion to
recorded_exchanges.py, same dataclass, same source conventions). Facts only: no recorded file is copied,
no secrets. Records whose fact was not seen in a recording say so in `precondition`.

Placeholders: {subscription} {resourceGroup} {name} (container group) {location} {operationId} {identityId}.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_PS = "Azure/azure-powershell src/ContainerInstance/ContainerInstance.Autorest/test/"
_REC_PS_NEW = _PS + "New-AzContainerGroup.Recording.json"
_REC_PS_REMOVE = _PS + "Remove-AzContainerGroup.Recording.json"
_REC_PS_UPDATE = _PS + "Update-AzContainerGroup.Recording.json"
_REC_PS_RESTART = _PS + "Restart-AzContainerGroup.Recording.json"
_REC_PS_STOP = _PS + "Stop-AzContainerGroup.Recording.json"
_REC_PS_START = _PS + "Start-AzContainerGroup.Recording.json"
_REC_CLI = ("Azure/azure-cli src/azure-cli/azure/cli/command_modules/container/tests/latest/recordings/"
            "test_container_create.yaml")
_REC_JAVA = ("Azure/azure-sdk-for-java sdk/resourcemanager/azure-resourcemanager/src/test/resources/session-records/"
             "AzureResourceManagerTests.testContainerInstanceWithPublicIpAddressWithSystemAssignedMsi.json")
_REC_NET = ("Azure/azure-sdk-for-net sdk/containerinstance/Azure.ResourceManager.ContainerInstance/tests/SessionRecords/"
            "ContainerGroupsTests/ContainerGroupsUpdateTest.json")
_SPEC = ("Azure/azure-rest-api-specs specification/containerinstance/resource-manager/Microsoft.ContainerInstance/"
         "preview/2024-05-01-preview/examples/")
_SDK = ("SDK azure-mgmt-containerinstance 10.2.0b1 azure/mgmt/containerinstance/operations/"
        "_container_groups_operations.py")

_CG = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/{name}"
_MONITOR = "/subscriptions/{subscription}/providers/Microsoft.ContainerInstance/locations/{location}/operations/{operationId}"
_API = "2024-05-01-preview"   # what the pinned SDK (and so az container) sends by default

_GROUP_FIELDS = (
    "id", "name", "type", "location",
    "properties.sku", "properties.isCreatedFromStandbyPool", "properties.provisioningState",
    "properties.provisioningTimeoutInSeconds", "properties.isCustomProvisioningTimeout",
    "properties.containers[].name", "properties.containers[].properties.image",
    "properties.containers[].properties.ports", "properties.containers[].properties.environmentVariables",
    "properties.containers[].properties.configMap.keyValuePairs",
    "properties.containers[].properties.resources.requests.cpu",
    "properties.containers[].properties.resources.requests.memoryInGB",
    "properties.initContainers", "properties.osType", "properties.instanceView.state", "properties.instanceView.events",
)
_RUNNING_FIELDS = _GROUP_FIELDS + (
    "properties.containers[].properties.instanceView.restartCount",
    "properties.containers[].properties.instanceView.currentState.state",
    "properties.containers[].properties.instanceView.currentState.startTime",
    "properties.containers[].properties.instanceView.currentState.detailStatus",
    "properties.containers[].properties.instanceView.events[].name",
    "properties.containers[].properties.instanceView.events[].count",
    "properties.containers[].properties.instanceView.events[].firstTimestamp",
    "properties.containers[].properties.instanceView.events[].lastTimestamp",
    "properties.containers[].properties.instanceView.events[].message",
    "properties.containers[].properties.instanceView.events[].type",
    "properties.ipAddress.ip", "properties.ipAddress.type", "properties.ipAddress.ports",
)
_ARM_HDRS = ("content-type", "cache-control", "x-content-type-options", "strict-transport-security")
_CREATE_BODY = {"location": "eastus", "properties": {
    "containers": [{"name": "app", "properties": {
        "image": "mcr.microsoft.com/azuredocs/aci-helloworld:latest",
        "ports": [{"protocol": "TCP", "port": 8000}],
        "resources": {"requests": {"memoryInGB": 1.5, "cpu": 1}}}}],
    "ipAddress": {"ports": [{"protocol": "TCP", "port": 8000}], "type": "Public"},
    "restartPolicy": "Never", "osType": "Linux"}}
_SECURE_BODY = {"location": "eastus", "identity": {"type": "SystemAssigned"}, "tags": {"tag1": "value1"},
                "properties": {"containers": [{"name": "nginx", "properties": {
                    "image": "nginx", "ports": [{"protocol": "TCP", "port": 80}],
                    "environmentVariables": [{"name": "ENV1", "value": "value1"},
                                             {"name": "ENV2", "secureValue": "<redacted>"}],
                    "resources": {"requests": {"memoryInGB": 1.5, "cpu": 1}}}}],
                    "restartPolicy": "Never", "osType": "Linux",
                    "ipAddress": {"ports": [{"protocol": "TCP", "port": 80}], "type": "Public",
                                  "dnsNameLabel": "{name}"}}}


def _with_env(*env):
    body = {"location": "eastus", "properties": {"osType": "Linux", "containers": [{"name": "app", "properties": {
        "image": "nginx", "resources": {"requests": {"memoryInGB": 1.5, "cpu": 1}},
        "environmentVariables": list(env)}}]}}
    return body


RECORDED = (
    # ------------------------------------------------------------------ create (LRO, Azure-AsyncOperation)
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source=_REC_PS_NEW,
        method="PUT", path=_CG, api_version=_API, status=201,
        response_fields=_GROUP_FIELDS + ("properties.ipAddress.ports", "properties.ipAddress.type",
                                         "properties.restartPolicy"),
        response_headers=_ARM_HDRS + ("azure-asyncoperation",),
        request_body=_CREATE_BODY,
        precondition="group absent: 201 with the group in provisioningState 'Pending', "
                     "properties.instanceView {'events': [], 'state': 'Pending'}, containers WITHOUT instanceView, "
                     "ipAddress WITHOUT 'ip' yet (the 2021 CLI recording agrees), no 'tags' key when none sent, "
                     "environmentVariables [] and configMap {'keyValuePairs': {}} filled in. Azure-AsyncOperation = "
                     "https://management.azure.com/subscriptions/{subscription}/providers/Microsoft.ContainerInstance/"
                     "locations/{location}/operations/{guid}?api-version=2018-06-01 (+ ARM's t/c/s/h signature query). "
                     "No Location header, no Retry-After",
    ),
    RecordedExchange(
        operation="containerinstance.operations.get",
        source=_REC_PS_NEW + "; " + _REC_NET + "; " + _REC_JAVA,
        method="GET", path=_MONITOR, api_version="2018-06-01", status=200,
        response_fields=("id", "status", "startTime", "properties.events"),
        precondition="the monitor of a create: 200 {'id': <the container group's id>, 'status': 'Pending', "
                     "'startTime', 'properties': {'events': []}} while running, then status 'Succeeded' with the "
                     "containers' Pulling/Pulled/Started events; the poller then GETs the group. The monitor's "
                     "api-version is 2018-06-01 whatever the PUT used; the path segment is 'operations' (not "
                     "operationStatuses/operationResults)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.get",
        source=_REC_PS_NEW,
        method="GET", path=_CG, api_version=_API, status=200,
        response_fields=_RUNNING_FIELDS,
        response_headers=_ARM_HDRS,
        precondition="group created: provisioningState 'Succeeded', properties.instanceView.state 'Running', "
                     "each container's instanceView {restartCount: 0, currentState {state 'Running', startTime, "
                     "detailStatus ''}, events Pulling/Pulled/Started}, ipAddress.ip now set",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source=_SDK + " (ContainerGroupsOperations._create_or_update_initial accepts [200, 201]; "
                      "begin_create_or_update = ARMPolling LRO); " + _SPEC + "ContainerGroupsCreateOrUpdate.json",
        method="PUT", path=_CG, api_version=_API, status=200,
        response_fields=_GROUP_FIELDS,
        response_headers=("azure-asyncoperation",),
        request_body=_CREATE_BODY,
        precondition="group exists (full replace; docs container-instances-update: every running container restarts "
                     "in place, even when nothing changed). 200 from the spec/SDK; the Azure-AsyncOperation header "
                     "and provisioningState 'Updating' in this answer are NOT recorded (assumed like create; "
                     "'Updating' is what a GET showed during a restart)",
    ),
    # ------------------------------------------------------------------ secure environment variables
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source=_REC_JAVA + "; " + _REC_NET,
        method="PUT", path=_CG, api_version="2023-05-01", status=201,
        response_fields=("properties.containers[].properties.environmentVariables[].name",
                         "identity.principalId", "identity.tenantId", "identity.type", "tags.tag1"),
        response_headers=("azure-asyncoperation",),
        request_body=_SECURE_BODY,
        precondition="an environment variable sent with secureValue is answered as {'name': 'ENV2'} ONLY: no 'value', "
                     "no 'secureValue' key (a plain one keeps {'name','value'}); system identity answered "
                     "{principalId, tenantId, type}",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.get",
        source=_REC_JAVA + "; " + _REC_NET,
        method="GET", path=_CG, api_version="2023-05-01", status=200,
        response_fields=("properties.containers[].properties.environmentVariables[].name",
                         "properties.containers[].properties.instanceView.currentState.state"),
        precondition="group created with a secureValue env var: GET returns {'name': ...} alone for it (no 'value', "
                     "no 'secureValue'); azure-cli then prints {'name', 'secureValue': null, 'value': null} because "
                     "the SDK model fills absent keys with None (Azure/ALZ-PowerShell-Module issue #506 shows that "
                     "output and says the API never returns secure values)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source="virtual-kubelet/virtual-kubelet issue #296; mage-ai/mage-ai issue #4872",
        method="PUT", path=_CG, api_version="2018-06-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidEnvironmentVariable",
        request_body=_with_env({"name": "BOTH", "value": "a", "secureValue": "b"}),
        precondition="an env var with both value and secureValue, or with neither (so a GET body re-PUT as is fails "
                     "for secure variables): \"The environment variable 'X' in container 'c' of container group 'g' is "
                     "invalid. One and only one property of 'value' and 'secureValue' can be specified in an "
                     "environment variable.\"",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source="Azure/aci-deploy issue #89 (and #29)",
        method="PUT", path=_CG, api_version=_API, status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidEnvironmentVariableName",
        request_body=_with_env({"name": "BAD NAME", "value": "x"}),
        precondition="message recorded: \"The environment variable name in container 'c' of container group 'g' is "
                     "invalid. A valid environment variable name must start with alphabetic character or '_', "
                     "followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or "
                     "'MyName').\" The code and the 400 are NOT recorded (assumed)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source="artilleryio/artillery issue #3521",
        method="PUT", path=_CG, api_version=_API, status=400,
        response_fields=("error.code", "error.message"),
        error_code="DuplicateEnvironmentVariables",
        request_body=_with_env({"name": "DUP", "value": "1"}, {"name": "DUP", "secureValue": "2"}),
        precondition="two env vars of one container share a name: a 'Duplicate environment variables' error whose "
                     "message ends \"'A,B' found in in container group ...\" (names comma-joined). Code, status and "
                     "the start of the message are NOT recorded (assumed)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source="MicrosoftDocs/azure-docs issue #15546 (message); code as printed by az in a public transcript",
        method="PUT", path=_CG, api_version=_API, status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidContainerName",
        request_body={"location": "eastus", "properties": {"osType": "Linux", "containers": [{"name": "Bad_Name",
                      "properties": {"image": "nginx", "resources": {"requests": {"memoryInGB": 1.5, "cpu": 1}}}}]}},
        precondition="\"The container name 'X' in container group 'g' is invalid. The container name must contain no "
                     "more than 63 characters and must match the regex '[a-z0-9]([-a-z0-9]*[a-z0-9])?' (e.g. "
                     "'my-name').\"",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source="MicrosoftDocs/azure-docs issue #37604 (message)",
        method="PUT", path=_CG, api_version=_API, status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidContainerGroupUpdate",
        request_body={**_CREATE_BODY, "properties": {**_CREATE_BODY["properties"], "restartPolicy": "Always"}},
        precondition="group exists and is running; the PUT changes osType, restartPolicy, CPU, memory or GPU: "
                     "\"The updates on container group 'g' are invalid. If you are going to update the os type, "
                     "restart policy, network profile, CPU, memory or GPU resources for a container group, you must "
                     "delete it first and then create a new one.\" Code and status NOT recorded (assumed)",
    ),
    # ------------------------------------------------------------------ identities
    RecordedExchange(
        operation="containerinstance.container_groups.create_or_update",
        source=_REC_JAVA + " (user-assigned group in the subscription list); " + _SPEC.replace(
            "preview/2024-05-01-preview/examples/", "ContainerInstance/examples/2025-09-01/") +
            "ContainerGroupsCreateOrUpdateSecretReference.json",
        method="PUT", path=_CG, api_version=_API, status=201,
        response_fields=("identity.type", "identity.tenantId", "identity.userAssignedIdentities"),
        request_body={**_CREATE_BODY, "identity": {"type": "UserAssigned",
                                                   "userAssignedIdentities": {"{identityId}": {}}}},
        precondition="user-assigned identity exists: identity {type 'UserAssigned', tenantId (present even without a "
                     "system identity), userAssignedIdentities {<id>: {principalId, clientId}}}, no principalId",
    ),
    # ------------------------------------------------------------------ lists
    RecordedExchange(
        operation="containerinstance.container_groups.list_by_resource_group",
        source=_REC_CLI + "; " + _REC_JAVA,
        method="GET", path="/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/"
                           "Microsoft.ContainerInstance/containerGroups",
        api_version=_API, status=200,
        response_fields=tuple("value[]." + f for f in _GROUP_FIELDS if "instanceView" not in f) + (
            "value[].properties.ipAddress.ip",),
        precondition="group exists: list items carry NEITHER properties.instanceView NOR the containers' "
                     "instanceView (GET does)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.list",
        source=_REC_JAVA + "; " + _SDK + " (ContainerGroupsOperations.list accepts [200])",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.ContainerInstance/containerGroups",
        api_version=_API, status=200,
        response_fields=("value[].id", "value[].name", "value[].properties.provisioningState",
                         "value[].properties.containers[].properties.environmentVariables"),
        precondition="groups exist in several resource groups; same item shape as the group list",
    ),
    # ------------------------------------------------------------------ PATCH = tags only
    RecordedExchange(
        operation="containerinstance.container_groups.update",
        source=_REC_PS_UPDATE + "; " + _REC_JAVA + "; " + _SDK + " (ContainerGroupsOperations.update accepts [200]; "
                                                                  "not an LRO; body model Resource = tags)",
        method="PATCH", path=_CG, api_version=_API, status=200,
        response_fields=_RUNNING_FIELDS + ("tags.test",),
        request_body={"tags": {"test": "value"}},
        precondition="group exists with tags {'key': 'value'}: the answer's tags are exactly {'test': 'value'} "
                     "(the tags are REPLACED, not merged); nothing else changes, containers keep running",
    ),
    # ------------------------------------------------------------------ DELETE (synchronous, body)
    RecordedExchange(
        operation="containerinstance.container_groups.delete",
        source=_REC_PS_REMOVE + "; " + _REC_CLI + "; " + _SDK + " (_delete_initial accepts [200, 202, 204]; "
                                                               "begin_delete deserializes a ContainerGroup)",
        method="DELETE", path=_CG, api_version=_API, status=200,
        response_fields=_GROUP_FIELDS,
        response_headers=_ARM_HDRS,
        precondition="group exists: 200 at once with the deleted group as body (no Azure-AsyncOperation, no Location)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.delete",
        source=_SPEC + "ContainerGroupsDelete.json (200, 202 + azure-asyncoperation, or 204)",
        method="DELETE", path=_CG, api_version=_API, status=204,
        precondition="group absent: 204 with no body. Not recorded here: spec example",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.get",
        source=_SDK + " (ContainerGroupsOperations.get accepts [200])",
        method="GET", path=_CG, api_version=_API, status=404,
        response_fields=("error.code", "error.message"),
        error_code="ResourceNotFound",
        precondition="group absent: ARM's ResourceNotFound \"The Resource 'Microsoft.ContainerInstance/containerGroups/"
                     "{name}' under resource group '{resourceGroup}' was not found...\". Not recorded here: ARM's "
                     "standard shape",
    ),
    # ------------------------------------------------------------------ restart / stop / start
    RecordedExchange(
        operation="containerinstance.container_groups.restart",
        source=_REC_PS_RESTART + "; " + _REC_JAVA + "; " + _SDK + " (_restart_initial accepts [204]; begin_restart = "
                                                                 "ARMPolling LRO)",
        method="POST", path=_CG + "/restart", api_version=_API, status=204,
        response_headers=("azure-asyncoperation",),
        precondition="group running: 204 with no body AND an Azure-AsyncOperation .../locations/{location}/operations/"
                     "{guid}?api-version=2018-06-01. Afterwards each container shows a 'Killing' event ('Killing "
                     "container {c} (platform initiated).') and 'Started' counted once more, a new startTime, and "
                     "restartCount still 0; the group GET shows provisioningState 'Updating' meanwhile",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.stop",
        source=_REC_PS_STOP + "; " + _REC_JAVA + "; " + _SDK + " (ContainerGroupsOperations.stop accepts [204]; "
                                                              "not an LRO)",
        method="POST", path=_CG + "/stop", api_version=_API, status=204,
        precondition="group running: 204, no body, no Azure-AsyncOperation. Then GET: provisioningState 'Succeeded', "
                     "properties.instanceView.state 'Stopped', each container currentState {state 'Terminated', "
                     "finishTime, detailStatus 'Container stopped per client request'} and previousState = the "
                     "former Running state",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.get",
        source=_REC_PS_STOP,
        method="GET", path=_CG, api_version=_API, status=200,
        response_fields=("properties.instanceView.state",
                         "properties.containers[].properties.instanceView.currentState.finishTime",
                         "properties.containers[].properties.instanceView.currentState.detailStatus",
                         "properties.containers[].properties.instanceView.previousState.state"),
        precondition="group stopped (see stop)",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.start",
        source=_REC_PS_START + "; " + _SDK + " (_start_initial accepts [202, 204]; begin_start = ARMPolling LRO)",
        method="POST", path=_CG + "/start", api_version="2022-10-01-preview", status=204,
        precondition="group already running: 204, no body, no Azure-AsyncOperation",
    ),
    RecordedExchange(
        operation="containerinstance.container_groups.start",
        source=_SPEC + "ContainerGroupsStart.json",
        method="POST", path=_CG + "/start", api_version=_API, status=202,
        response_headers=("azure-asyncoperation",),
        precondition="group stopped: 202 + Azure-AsyncOperation (.../locations/{location}/operations/{id}). "
                     "Not recorded here: spec example",
    ),
)
