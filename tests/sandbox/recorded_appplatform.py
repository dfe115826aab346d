"""Facts about real Microsoft.AppPlatform (Azure Spring Apps) exchanges, for the sandbox's fidelity tests.

Same form and rules as recorded_exchanges.py: each record names the repository + file it was observed
in; facts only (no recorded file is copied, no secrets). Path placeholders: {subscription}
{resourceGroup} {service} {app} {deployment}. Monitor records ("*.operation_status",
"*.operation_result") have no fixed path: the test follows the URL named by the write's
Azure-AsyncOperation / Location header.

What the recordings show (api-versions 2023-03-01-preview .. 2023-11-01-preview; the spring extension
now pins 2024-05-01-preview, vendored_sdks/appplatform/v2024_05_01_preview):
  * every write is the RP's own LRO with BOTH Azure-AsyncOperation
    (.../resourceGroups/{rg}/providers/Microsoft.AppPlatform/locations/{loc}/operationStatus/{resourceName}/operationId/{id})
    and Location (.../locations/{loc}/operationResults/{id}/Spring/{resourceName}) - resource-group scoped,
    named by the resource's own name, no Retry-After;
  * PUT create 201 (provisioningState Creating), PUT on an existing deployment 202 (Updating),
    PATCH 202 (Updating), DELETE 202 with an empty body, POST setActiveDeployments 202 (app body, Updating);
  * the status monitor answers 200 {"id": "subscriptions/..." (no leading slash), "name", "status":
    "Running" | "Succeeded", "startTime"[, "endTime"]}; the result monitor (Location) answers the resource,
    for an app with activeDeploymentName + createdTime which a plain app GET does not show;
  * a missing app is the RP's 404 {"error": {"code": "NotFound", "message": "App was not found",
    "target": <app id>, "details": null}};
  * apps: "identity": null when none; system-only identity has "userAssignedIdentities": null; the type is
    spelled "SystemAssigned,UserAssigned"; a PATCH's 202 body still shows the previous identity;
  * deployments: active (bool), status "Running", instances (null while creating), deploymentSettings
    .environmentVariables (null when none set), sku {name, tier, capacity};
  * Service Connector (azure-cli serviceconnector recordings) never calls Microsoft.AppPlatform itself: its
    linkers are extension resources of the app (`spring connection`) or of a deployment (`spring-cloud
    connection`), so a client needs those ids to resolve.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_EXT = "Azure/azure-cli-extensions src/spring/azext_spring/tests/latest/"
_REC_CRUD = _EXT + "recordings/test_app_crud.yaml"
_REC_CRUD1 = _EXT + "recordings/test_app_crud_1.yaml"
_REC_BLUE_GREEN = _EXT + "recordings/test_blue_green_deployment.yaml"
_REC_ASC_CREATE = _EXT + "recordings/test_az_asc_create.yaml"
_REC_CONTAINER = _EXT + "recordings/test_app_deploy_container.yaml"
_REC_IDENTITY = _EXT + "app_managed_identity/recordings/test_app_identity_crud.yaml"
_SPEC = "Azure/azure-rest-api-specs specification/appplatform/resource-manager/Microsoft.AppPlatform/stable/2023-12-01/examples/"
_SDK = ("Azure/azure-cli-extensions src/spring/azext_spring/vendored_sdks/appplatform/v2024_05_01_preview/"
        "operations/_apps_operations.py")
_SC = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/serviceconnector/tests/latest/recordings/"

_SPRING = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.AppPlatform/Spring/{service}"
_APP = _SPRING + "/apps/{app}"
_DEP = _APP + "/deployments/{deployment}"

_LRO_HDRS = ("azure-asyncoperation", "location")
_RP_HDRS = ("content-type", "x-rp-server-mvid")

_SPRING_FIELDS = (
    "id", "name", "type", "location", "tags", "sku.name", "sku.tier", "systemData.createdAt",
    "properties.provisioningState", "properties.serviceId", "properties.version", "properties.zoneRedundant",
    "properties.powerState", "properties.fqdn", "properties.networkProfile.outboundType",
    "properties.networkProfile.outboundIPs.publicIPs[]",
)
_APP_FIELDS = (
    "id", "name", "type", "location", "identity", "systemData.createdAt",
    "properties.provisioningState", "properties.public", "properties.fqdn", "properties.httpsOnly",
    "properties.temporaryDisk.sizeInGB", "properties.persistentDisk.mountPath", "properties.enableEndToEndTLS",
    "properties.addonConfigs", "properties.ingressSettings.readTimeoutInSeconds",
)
_DEP_FIELDS = (
    "id", "name", "type", "sku.name", "sku.tier", "sku.capacity",
    "properties.provisioningState", "properties.status", "properties.active", "properties.source.type",
    "properties.deploymentSettings.resourceRequests.cpu", "properties.deploymentSettings.environmentVariables",
    "properties.deploymentSettings.terminationGracePeriodSeconds",
    "properties.deploymentSettings.livenessProbe.probeAction.type",
    "properties.instances[].name", "properties.instances[].status", "properties.instances[].discoveryStatus",
    "properties.instances[].startTime",
)
_STATUS_FIELDS = ("id", "name", "status", "startTime")

RECORDED = (
    # ------------------------------------------------------------------ Spring (service)
    RecordedExchange(
        operation="appplatform.services.create_or_update",
        source=_REC_ASC_CREATE,
        method="PUT", path=_SPRING, api_version="2023-11-01-preview", status=201,
        response_fields=("id", "name", "type", "location", "tags", "sku.name", "sku.tier",
                         "properties.provisioningState", "properties.serviceId", "properties.fqdn",
                         "properties.powerState", "properties.zoneRedundant"),
        response_headers=_LRO_HDRS + _RP_HDRS,
        request_body={"location": "eastus", "properties": {"zoneRedundant": True},
                      "sku": {"name": "S0", "tier": "Standard"}},
        precondition="service absent. Body provisioningState 'Creating', no networkProfile yet, 'tags': null when "
                     "none given; Azure-AsyncOperation .../locations/{loc}/operationStatus/{service}/operationId/{id}, "
                     "Location .../locations/{loc}/operationResults/{id}/Spring/{service}",
    ),
    RecordedExchange(
        operation="appplatform.services.get",
        source=_REC_CRUD,
        method="GET", path=_SPRING, api_version="2023-03-01-preview", status=200,
        response_fields=_SPRING_FIELDS,
        response_headers=_RP_HDRS + ("x-ms-ratelimit-remaining-subscription-resource-requests",),
        precondition="service exists (Standard S0): networkProfile.outboundIPs.publicIPs lists 2 public IPs, "
                     "fqdn '{service}.azuremicroservices.io', version 3, powerState 'Running'",
    ),
    RecordedExchange(
        operation="appplatform.services.operation_status",
        source=_REC_ASC_CREATE,
        method="GET", path="", api_version="2023-09-01-preview", status=200,
        response_fields=_STATUS_FIELDS,
        precondition="followed from a service PUT's Azure-AsyncOperation: 'Running' (no endTime) while it runs, "
                     "then 'Succeeded' with endTime; id has no leading '/'",
    ),
    RecordedExchange(
        operation="appplatform.services.delete",
        source=_REC_ASC_CREATE,
        method="DELETE", path=_SPRING, api_version="2023-11-01-preview", status=202,
        response_headers=_LRO_HDRS + ("x-ms-ratelimit-remaining-subscription-deletes",),
        precondition="service exists; empty body; the operation status is polled (azure-core does not GET the "
                     "Location of a DELETE). Its apps and deployments go with it",
    ),
    # ------------------------------------------------------------------ apps
    RecordedExchange(
        operation="appplatform.apps.get",
        source=_REC_CRUD,
        method="GET", path=_APP, api_version="2023-03-01-preview", status=404,
        response_fields=("error.code", "error.message", "error.target", "error.details"),
        error_code="NotFound",
        precondition="service exists, app absent: the RP's own body, message 'App was not found', target = app id",
    ),
    RecordedExchange(
        operation="appplatform.apps.create_or_update",
        source=_REC_CRUD,
        method="PUT", path=_APP, api_version="2023-03-01-preview", status=201,
        response_fields=("id", "name", "type", "location", "identity", "properties.provisioningState",
                         "properties.public", "properties.httpsOnly", "properties.temporaryDisk.mountPath",
                         "properties.enableEndToEndTLS", "properties.addonConfigs", "properties.ingressSettings"),
        response_headers=_LRO_HDRS + _RP_HDRS,
        request_body={"properties": {"public": False, "httpsOnly": False,
                                     "temporaryDisk": {"sizeInGB": 5, "mountPath": "/tmp"},
                                     "enableEndToEndTLS": False}},
        precondition="service exists, app absent; body provisioningState 'Creating' without fqdn/url/persistentDisk, "
                     "'identity': null, location = the service's",
    ),
    RecordedExchange(
        operation="appplatform.apps.get",
        source=_REC_CRUD1,
        method="GET", path=_APP, api_version="2023-03-01-preview", status=200,
        response_fields=_APP_FIELDS + ("properties.url",),
        response_headers=_RP_HDRS,
        precondition="public app exists: url 'https://{service}-{app}.azuremicroservices.io', fqdn "
                     "'{service}.azuremicroservices.io'; no activeDeploymentName on a plain GET",
    ),
    RecordedExchange(
        operation="appplatform.apps.operation_status",
        source=_REC_CRUD,
        method="GET", path="", api_version="2023-03-01-preview", status=200,
        response_fields=_STATUS_FIELDS,
        precondition="followed from an app PUT's Azure-AsyncOperation",
    ),
    RecordedExchange(
        operation="appplatform.apps.update",
        source=_REC_CRUD,
        method="PATCH", path=_APP, api_version="2023-03-01-preview", status=202,
        response_fields=("id", "name", "properties.provisioningState", "properties.fqdn", "identity"),
        response_headers=_LRO_HDRS + _RP_HDRS,
        request_body={"properties": {"httpsOnly": False}},
        precondition="app exists; body provisioningState 'Updating' (202 even when nothing changes)",
    ),
    RecordedExchange(
        operation="appplatform.apps.update_identity",
        source=_REC_IDENTITY,
        method="PATCH", path=_APP, api_version="2023-11-01-preview", status=202,
        response_fields=("identity", "properties.provisioningState"),
        response_headers=_LRO_HDRS,
        request_body={"identity": {"type": "None"}},
        precondition="app with an identity; the 202 body still shows the old identity; after the operation GET "
                     "answers 'identity': null ('spring app identity remove')",
    ),
    RecordedExchange(
        operation="appplatform.apps.update_identity",
        source=_REC_IDENTITY,
        method="PATCH", path=_APP, api_version="2023-11-01-preview", status=202,
        response_fields=("identity", "properties.provisioningState"),
        response_headers=_LRO_HDRS,
        request_body={"identity": {"type": "SystemAssigned"}},
        precondition="app without identity ('spring app identity assign --system-assigned'); the final GET shows "
                     "identity {type 'SystemAssigned', principalId, tenantId, userAssignedIdentities: null}",
    ),
    RecordedExchange(
        operation="appplatform.apps.set_active_deployments",
        source=_REC_BLUE_GREEN,
        method="POST", path=_APP + "/setActiveDeployments", api_version="2023-03-01-preview", status=202,
        response_fields=("id", "name", "properties.provisioningState"),
        response_headers=_LRO_HDRS + ("x-ms-ratelimit-remaining-subscription-writes",),
        request_body={"activeDeploymentNames": ["green"]},
        precondition="deployments 'default' (active) and 'green' exist ('spring app set-deployment -d green'); "
                     "app body 'Updating'; afterwards green is active and default is not. Body shape also in "
                     + _SPEC + "Apps_SetActiveDeployments.json",
    ),
    RecordedExchange(
        operation="appplatform.apps.operation_result",
        source=_REC_BLUE_GREEN + "; " + _SDK + " (begin_set_active_deployments: ARMPolling, final GET of Location)",
        method="GET", path="", api_version="2023-03-01-preview", status=200,
        response_fields=("id", "name", "properties.provisioningState", "properties.activeDeploymentName",
                         "properties.createdTime"),
        precondition="followed from the setActiveDeployments Location once the status said Succeeded: the app with "
                     "activeDeploymentName 'green' and createdTime",
    ),
    RecordedExchange(
        operation="appplatform.apps.delete",
        source=_REC_BLUE_GREEN,
        method="DELETE", path=_APP, api_version="2023-03-01-preview", status=202,
        response_headers=_LRO_HDRS + ("x-ms-ratelimit-remaining-subscription-deletes",),
        precondition="app exists; empty body; its deployments go with it",
    ),
    # ------------------------------------------------------------------ deployments
    RecordedExchange(
        operation="appplatform.deployments.create_or_update",
        source=_REC_CRUD,
        method="PUT", path=_DEP, api_version="2023-03-01-preview", status=201,
        response_fields=("id", "name", "type", "sku.capacity", "properties.provisioningState", "properties.status",
                         "properties.active", "properties.instances", "properties.source.type",
                         "properties.deploymentSettings.environmentVariables",
                         "properties.deploymentSettings.resourceRequests.memory",
                         "properties.deploymentSettings.terminationGracePeriodSeconds"),
        response_headers=_LRO_HDRS + _RP_HDRS,
        request_body={"properties": {"source": {"type": "Jar", "relativePath": "<default>",
                                                "runtimeVersion": "Java_11"},
                                     "deploymentSettings": {"resourceRequests": {"cpu": "2", "memory": "1Gi"},
                                                            "environmentVariables": {"foo": "bar"}},
                                     "active": True},
                      "sku": {"name": "S0", "tier": "Standard", "capacity": 1}},
        precondition="app exists, deployment absent: 'Creating', status 'Running', instances null, active as sent",
    ),
    RecordedExchange(
        operation="appplatform.deployments.get",
        source=_REC_CRUD,
        method="GET", path=_DEP, api_version="2023-03-01-preview", status=200,
        response_fields=_DEP_FIELDS,
        response_headers=_RP_HDRS,
        precondition="deployment exists: liveness/readiness probes filled in, one instance per sku.capacity",
    ),
    RecordedExchange(
        operation="appplatform.deployments.list",
        source=_REC_BLUE_GREEN,
        method="GET", path=_APP + "/deployments", api_version="2023-03-01-preview", status=200,
        response_fields=tuple("value[]." + f for f in ("id", "name", "properties.active", "properties.status",
                                                        "properties.deploymentSettings.environmentVariables")),
        precondition="app with two deployments, exactly one active; environmentVariables null when none were set",
    ),
    RecordedExchange(
        operation="appplatform.deployments.operation_status",
        source=_REC_CRUD,
        method="GET", path="", api_version="2023-03-01-preview", status=200,
        response_fields=_STATUS_FIELDS,
        precondition="followed from a deployment PUT's Azure-AsyncOperation ('operationStatus/{deployment}/...')",
    ),
    RecordedExchange(
        operation="appplatform.deployments.create_or_update",
        source=_REC_CONTAINER,
        method="PUT", path=_DEP, api_version="2023-11-01-preview", status=202,
        response_fields=("properties.provisioningState", "properties.active", "properties.source.type"),
        response_headers=_LRO_HDRS,
        request_body={"properties": {"source": {"type": "Container",
                                                "customContainer": {"server": "docker.io",
                                                                    "containerImage": "springio/gs-spring-boot-docker"}},
                                     "deploymentSettings": {"resourceRequests": {"cpu": "1", "memory": "1Gi"}}},
                      "sku": {"name": "S0", "tier": "Standard", "capacity": 1}},
        precondition="the active deployment exists ('spring app deploy'): 202 'Updating'; a PUT without "
                     "properties.active keeps the deployment active",
    ),
    RecordedExchange(
        operation="appplatform.deployments.update",
        source=_REC_CRUD,
        method="PATCH", path=_DEP, api_version="2023-03-01-preview", status=200,
        response_fields=("properties.provisioningState", "properties.deploymentSettings.environmentVariables"),
        request_body={"properties": {"source": {"type": "Jar", "relativePath": "<default>"}, "deploymentSettings": {}},
                      "sku": {"name": "S0", "tier": "Standard"}},
        precondition="a PATCH that changes nothing ('spring app update --runtime-version' with the same value): 200, "
                     "provisioningState 'Succeeded', no operation headers",
    ),
    RecordedExchange(
        operation="appplatform.deployments.update",
        source=_SPEC + "Deployments_Update.json",
        method="PATCH", path=_DEP, api_version="2023-12-01", status=202,
        response_fields=("properties.provisioningState", "properties.deploymentSettings.environmentVariables"),
        response_headers=_LRO_HDRS,
        request_body={"properties": {"deploymentSettings": {"environmentVariables": {"env": "test"}}}},
        precondition="deployment exists and the PATCH changes it: 202 'Updating' (the spec example; the recorded "
                     "changing PATCHes of apps answer 202 likewise). Not recorded for deployments here",
    ),
    RecordedExchange(
        operation="appplatform.deployments.create_or_update",
        source=_REC_CRUD + " (404 body shape of the app GET)",
        method="PUT", path=_APP + "/deployments/{deployment}", api_version="2024-05-01-preview", status=404,
        response_fields=("error.code", "error.message", "error.target"),
        error_code="NotFound",
        request_body={"properties": {"source": {"type": "Jar", "relativePath": "<default>"}}},
        precondition="app absent: 'App was not found' (shape of the recorded app GET 404; not recorded for a "
                     "deployment PUT)",
    ),
    # ------------------------------------------------------------------ Service Connector's view
    RecordedExchange(
        operation="serviceconnector.source.app",
        source=_SC + "test_springapp_storageblob_e2e.yaml",
        method="GET", path=_APP, api_version="2024-05-01-preview", status=200,
        response_fields=("id", "identity.principalId"),
        precondition="the linker PUT addresses {app id}/providers/Microsoft.ServiceLinker/linkers/{name} with "
                     "authType systemAssignedIdentity: the app id must resolve and carry a system identity. The GET "
                     "itself is not in that recording (the linker RP reads the app)",
    ),
    RecordedExchange(
        operation="serviceconnector.source.deployment",
        source=_SC + "test_springcloud_postgres_e2e_mi.yaml",
        method="GET", path=_DEP, api_version="2024-05-01-preview", status=200,
        response_fields=("id", "properties.active"),
        precondition="'spring-cloud connection' addresses {deployment id}/providers/Microsoft.ServiceLinker/linkers/"
                     "{name}: the deployment id must resolve. The GET itself is not in that recording",
    ),
)
