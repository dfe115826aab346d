"""Facts about real Microsoft.App (Azure Container Apps) exchanges, for the sandbox's fidelity tests.

Same form and source kinds as recorded_exchanges.py (facts only: nothing is copied, no secrets).
Path placeholders: {subscription} {resourceGroup} {app} {environment} {location} {operation} {revision}.
Request bodies may use {environmentId}. Records whose fact was not seen in a recording say so in
`precondition`.

The long-running shapes, all recorded (azure-cli containerapp recordings, api-version 2024-03-01):
  PUT    containerApps/{app}  -> 201 + app body (provisioningState "InProgress") + Azure-AsyncOperation
         .../providers/Microsoft.App/locations/{loc}/containerappOperationStatuses/{id}?...&azureAsyncOperation=true
         (201 for a replace of an existing app too); the monitor answers 200 {"id","name","status","startTime"}.
  PATCH  containerApps/{app}  -> 202, empty body, Azure-AsyncOperation (containerappOperationStatuses/{id}) AND
         Location (containerappOperationResults/{id}); the Location monitor answers 202 then 200 + the app.
  DELETE containerApps/{app}  -> 202, empty body, Location only (containerappOperationResults/{id}); 202 then 204.
  DELETE managedEnvironments/{env} -> 202 + Location (managedEnvironmentOperationResults/{id}); 202 ... then 204.
"""
from tests.sandbox.recorded_exchanges import RecordedExchange

_CLI = "Azure/azure-cli src/azure-cli/azure/cli/command_modules/containerapp/tests/latest/recordings/"
_REC_IDENTITY = _CLI + "test_containerapp_identity_system.yaml"
_REC_UPDATE = _CLI + "test_containerapp_update_containers.yaml"
_REC_WP = _CLI + "test_containerapp_env_workload_profiles_e2e.yaml"
_REC_ACR = _CLI + "test_container_acr.yaml"
_REC_DOMAINS = _CLI + "test_containerapp_custom_domains_e2e.yaml"
_SPEC = "Azure/azure-rest-api-specs specification/app/resource-manager/Microsoft.App/stable/2022-10-01/examples/"
_SDK = "SDK azure-mgmt-appcontainers 2.0.0 azure/mgmt/appcontainers/operations/"
_CLI_SRC = "azure-cli 2.91.0 azure/cli/command_modules/containerapp/"

_APP = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.App/containerApps/{app}"
_ENV = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.App/managedEnvironments/{environment}"
_OPS = "/subscriptions/{subscription}/providers/Microsoft.App/locations/{location}/"

_APP_HDRS = ("content-type", "api-supported-versions", "x-powered-by")
_APP_FIELDS = (
    "id", "name", "type", "location", "systemData",
    "properties.provisioningState", "properties.runningStatus", "properties.managedEnvironmentId",
    "properties.environmentId", "properties.workloadProfileName", "properties.outboundIpAddresses",
    "properties.latestRevisionName", "properties.latestReadyRevisionName", "properties.latestRevisionFqdn",
    "properties.customDomainVerificationId", "properties.configuration.secrets",
    "properties.configuration.activeRevisionsMode", "properties.configuration.ingress",
    "properties.configuration.registries", "properties.configuration.dapr",
    "properties.configuration.maxInactiveRevisions", "properties.template.revisionSuffix",
    "properties.template.containers[].name", "properties.template.containers[].image",
    "properties.template.containers[].resources.cpu", "properties.template.containers[].resources.memory",
    "properties.template.containers[].resources.ephemeralStorage", "properties.template.scale.maxReplicas",
    "properties.eventStreamEndpoint", "identity.type",
)
_CREATE_BODY = {"location": "East US", "identity": {"type": "SystemAssigned", "userAssignedIdentities": None},
                "properties": {"environmentId": "{environmentId}",
                               "configuration": {"secrets": None, "activeRevisionsMode": "single", "ingress": None,
                                                 "dapr": None, "registries": None},
                               "template": {"revisionSuffix": None,
                                            "containers": [{"image": "mcr.microsoft.com/k8se/quickstart:latest",
                                                            "name": "{app}", "command": None, "args": None,
                                                            "env": None, "resources": None, "volumeMounts": None}],
                                            "initContainers": None, "scale": None, "volumes": None,
                                            "serviceBinds": None},
                               "workloadProfileName": None},
                "tags": None}

RECORDED = (
    # ------------------------------------------------------------------ provider registration (az checks it)
    RecordedExchange(
        operation="containerapps.providers.get",
        source=_REC_IDENTITY + "; " + _CLI_SRC + "_utils.py (_validate_subscription_registered, _ensure_location_allowed)",
        method="GET", path="/subscriptions/{subscription}/providers/Microsoft.App", api_version="2024-11-01",
        status=200,
        response_fields=("id", "namespace", "registrationState", "resourceTypes[].resourceType",
                         "resourceTypes[].locations", "resourceTypes[].apiVersions"),
        response_headers=("content-type",),
        precondition="every az containerapp command GETs it first (registrationState must be 'Registered'); "
                     "`az containerapp create` also needs resourceTypes[resourceType=='containerApps'].locations "
                     "to contain the environment's location (display names, e.g. 'East US')",
    ),
    # ------------------------------------------------------------------ managed environments
    RecordedExchange(
        operation="containerapps.managed_environments.get",
        source=_REC_IDENTITY,
        method="GET", path=_ENV, api_version="2024-03-01", status=200,
        response_fields=("id", "name", "type", "location", "systemData", "properties.provisioningState",
                         "properties.defaultDomain", "properties.staticIp", "properties.appLogsConfiguration",
                         "properties.zoneRedundant", "properties.eventStreamEndpoint",
                         "properties.customDomainConfiguration.customDomainVerificationId",
                         "properties.peerAuthentication.mtls.enabled"),
        response_headers=_APP_HDRS,
        precondition="environment exists; location is the display name ('East US'); defaultDomain looks like "
                     "'whitebeach-63bf60a5.eastus.azurecontainerapps.io'",
    ),
    RecordedExchange(
        operation="containerapps.managed_environments.create_or_update",
        source=_SPEC + "ManagedEnvironments_CreateOrUpdate.json; " + _SDK +
               "_managed_environments_operations.py (_create_or_update_initial accepts [200, 201])",
        method="PUT", path=_ENV, api_version="2022-10-01", status=201,
        response_fields=("id", "name", "type", "location", "properties.provisioningState",
                         "properties.defaultDomain", "properties.staticIp"),
        response_headers=("azure-asyncoperation",),
        request_body={"location": "East US", "properties": {"zoneRedundant": False}},
        precondition="environment absent: 201 with provisioningState 'InitializationInProgress' (spec example). "
                     "The Azure-AsyncOperation header (managedEnvironmentOperationStatuses) is not in the example: "
                     "az (ManagedEnvironmentClient.create) polls it on 201; not recorded here",
    ),
    RecordedExchange(
        operation="containerapps.managed_environments.delete",
        source=_REC_WP,
        method="DELETE", path=_ENV, api_version="2024-03-01", status=202,
        response_headers=("location",),
        precondition="environment exists: 202, empty body, Location .../locations/{loc}/"
                     "managedEnvironmentOperationResults/{id}?api-version=...; that monitor answered 202 (+Location) "
                     "many times, then 204 No Content",
    ),
    # ------------------------------------------------------------------ container apps: writes
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source=_REC_IDENTITY,
        method="PUT", path=_APP, api_version="2024-03-01", status=201,
        response_fields=("id", "name", "type", "location", "systemData", "properties.provisioningState",
                         "properties.managedEnvironmentId", "properties.environmentId",
                         "properties.outboundIpAddresses", "properties.configuration.activeRevisionsMode",
                         "properties.template.containers[].name", "identity.type", "identity.principalId",
                         "identity.tenantId"),
        response_headers=("azure-asyncoperation", "x-ms-async-operation-timeout") + _APP_HDRS,
        request_body=_CREATE_BODY,
        precondition="app absent (az containerapp create --system-assigned). Body provisioningState 'InProgress', "
                     "no runningStatus/latestRevisionName yet, 'activeRevisionsMode' echoed as 'Single'; the id spells "
                     "'containerapps' lower case; no Location header",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source=_REC_IDENTITY + " (containerapp identity remove: GET, listSecrets, PUT of the whole app)",
        method="PUT", path=_APP, api_version="2024-03-01", status=201,
        response_fields=("id", "properties.provisioningState", "properties.configuration.secrets", "identity.type"),
        response_headers=("azure-asyncoperation",) + _APP_HDRS,
        request_body={"location": "East US", "identity": {"type": "None"},
                      "properties": {"managedEnvironmentId": "{environmentId}",
                                     "configuration": {"secrets": [], "activeRevisionsMode": "Single"},
                                     "template": {"revisionSuffix": "",
                                                  "containers": [{"image": "mcr.microsoft.com/k8se/quickstart:latest",
                                                                  "name": "{app}"}]}}},
        precondition="app exists: a replace is ALSO 201 + Azure-AsyncOperation, provisioningState 'InProgress'; "
                     "identity {'type': 'None'} comes back as exactly that",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.operation_status",
        source=_REC_IDENTITY,
        method="GET", path=_OPS + "containerappOperationStatuses/{operation}", api_version="2024-03-01",
        status=200,
        response_fields=("id", "name", "status", "startTime"),
        response_headers=_APP_HDRS,
        precondition="the Azure-AsyncOperation of a PUT/PATCH; status 'InProgress' (several polls) then "
                     "'Succeeded'; no endTime, no Retry-After in the recording",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.update",
        source=_REC_UPDATE + "; " + _SDK + "_container_apps_operations.py (_update_initial accepts [200, 202])",
        method="PATCH", path=_APP, api_version="2024-03-01", status=202,
        response_headers=("azure-asyncoperation", "location", "api-supported-versions"),
        request_body={"properties": {"template": {"revisionSuffix": "suffix",
                                                  "containers": [{"image": "nginx", "name": "{app}",
                                                                  "resources": {"cpu": 0.5, "memory": "1.0Gi"}}],
                                                  "scale": {"minReplicas": 2, "maxReplicas": 34}}}},
        precondition="app exists (az containerapp update): 202 with an EMPTY body, Azure-AsyncOperation "
                     "(containerappOperationStatuses/{id}) and Location (containerappOperationResults/{id}, same id)",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.operation_result",
        source=_REC_DOMAINS,
        method="GET", path=_OPS + "containerappOperationResults/{operation}", api_version="2023-05-01",
        status=200,
        response_fields=("id", "name", "type", "properties.provisioningState", "properties.latestRevisionName",
                         "properties.configuration.ingress.fqdn"),
        response_headers=("content-type",),
        precondition="the Location of an update, polled until done: 202 (+Location, empty body) while running, "
                     "then 200 with the whole app",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.delete",
        source=_REC_WP + "; " + _SDK + "_container_apps_operations.py (_delete_initial accepts [200, 202, 204])",
        method="DELETE", path=_APP, api_version="2024-03-01", status=202,
        response_headers=("location",),
        precondition="app exists: 202, empty body, ONLY a Location (containerappOperationResults/{id}); "
                     "polled: 202 then 204 No Content",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.delete_result",
        source=_REC_WP,
        method="GET", path=_OPS + "containerappOperationResults/{operation}", api_version="2024-03-01",
        status=204,
        precondition="the Location of a DELETE after the operation finished (earlier polls: 202 + Location)",
    ),
    # ------------------------------------------------------------------ container apps: reads
    RecordedExchange(
        operation="containerapps.container_apps.get",
        source=_REC_IDENTITY,
        method="GET", path=_APP, api_version="2024-03-01", status=200,
        response_fields=_APP_FIELDS + ("identity.principalId", "identity.tenantId"),
        response_headers=_APP_HDRS,
        precondition="app with a system identity, no ingress, no secrets: latestRevisionName '<app>--<7 random "
                     "lower-case chars>' (e.g. '--enqluvc'), latestRevisionFqdn '' without ingress, "
                     "template.revisionSuffix '', secrets null, resources default cpu 0.5 / 1Gi / 2Gi, "
                     "scale {minReplicas: null, maxReplicas: 10}, maxInactiveRevisions 100",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.get",
        source=_REC_ACR,
        method="GET", path=_APP, api_version="2025-01-01", status=200,
        response_fields=("properties.configuration.secrets[].name", "properties.configuration.registries[].server",
                         "properties.configuration.registries[].passwordSecretRef"),
        response_headers=_APP_HDRS,
        precondition="app with one secret (a registry password): GET lists secrets as [{'name': ...}] only - "
                     "never the value",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.get",
        source=_REC_DOMAINS,
        method="GET", path=_APP, api_version="2023-05-01", status=200,
        response_fields=("properties.configuration.ingress.fqdn", "properties.configuration.ingress.external",
                         "properties.configuration.ingress.targetPort", "properties.configuration.ingress.transport",
                         "properties.configuration.ingress.traffic[].weight",
                         "properties.configuration.ingress.allowInsecure", "properties.latestRevisionFqdn"),
        response_headers=("content-type",),
        precondition="app with external ingress: fqdn '<app>.<env defaultDomain>', latestRevisionFqdn "
                     "'<revision>.<env defaultDomain>', transport 'Auto', traffic [{weight 100, latestRevision true}]",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.list_secrets",
        source=_REC_IDENTITY,
        method="POST", path=_APP + "/listSecrets", api_version="2024-03-01", status=200,
        response_fields=("value",),
        response_headers=("content-type", "x-ms-ratelimit-remaining-subscription-writes"),
        precondition="app without secrets: 200 {'value': []} (not 204)",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.list_secrets",
        source=_SDK + "_container_apps_operations.py (list_secrets accepts [200] -> SecretsCollection of "
                      "ContainerAppSecret{name, value}); " + _CLI_SRC + "_utils.py (_get_existing_secrets puts "
                      "listSecrets' value[] back into the PUT body)",
        method="POST", path=_APP + "/listSecrets", api_version="2022-10-01", status=200,
        response_fields=("value[].name", "value[].value"),
        response_headers=("content-type",),
        precondition="app with secrets: values are returned (az re-PUTs them). Values not recorded here "
                     "(the spec example shows names only)",
    ),
    RecordedExchange(
        operation="containerapps.container_apps_revisions.list_revisions",
        source=_SPEC + "Revisions_List.json; " + _SDK + "_container_apps_revisions_operations.py (accepts [200])",
        method="GET", path=_APP + "/revisions", api_version="2022-10-01", status=200,
        response_fields=("value[].id", "value[].name", "value[].type", "value[].properties.createdTime",
                         "value[].properties.fqdn", "value[].properties.template.containers",
                         "value[].properties.active", "value[].properties.replicas",
                         "value[].properties.trafficWeight"),
        precondition="app exists; type 'Microsoft.App/containerApps/revisions'; not recorded here",
    ),
    RecordedExchange(
        operation="containerapps.container_apps_revisions.get_revision",
        source=_SPEC + "Revisions_Get.json",
        method="GET", path=_APP + "/revisions/{revision}", api_version="2022-10-01", status=200,
        response_fields=("id", "name", "type", "properties.createdTime", "properties.template",
                         "properties.active"),
        precondition="revision exists; not recorded here",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.get",
        source=_SDK + "_container_apps_operations.py (get accepts [200])",
        method="GET", path=_APP, api_version="2022-10-01", status=404,
        response_fields=("error.code", "error.message"),
        error_code="ResourceNotFound",
        precondition="app absent in an existing group: ARM's standard ResourceNotFound; not recorded here",
    ),
    # ------------------------------------------------------------------ validation errors real clients hit
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="dotnet/docs-aspire issue #1094",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="ContainerAppInvalidName",
        request_body={"location": "eastus", "properties": {"managedEnvironmentId": "{environmentId}",
                                                           "template": {"containers": [{"name": "c", "image": "nginx"}]}}},
        precondition="app name with upper case (e.g. 'WebFrontEnd'): 400, \"Invalid ContainerApp name 'WebFrontEnd'. "
                     "A name must consist of lower case alphanumeric characters or '-', start with an alphabetic "
                     "character, and end with an alphanumeric character and cannot have '--'. ...\"",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="microsoft/java-on-aca-with-ai issue #13",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="ContainerAppSecretRefNotFound",
        request_body={"location": "eastus", "properties": {
            "managedEnvironmentId": "{environmentId}",
            "template": {"containers": [{"name": "c", "image": "nginx",
                                         "env": [{"name": "KEY", "secretRef": "missing"}]}]}}},
        precondition="an env var's secretRef names no secret of the app: \"SecretRef 'missing' defined for container "
                     "'c' not found.\" Status code not shown in the thread (400 assumed)",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="Azure/container-apps-deploy-action issue #116",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="ContainerAppInvalidSecretName",
        request_body={"location": "eastus", "properties": {
            "managedEnvironmentId": "{environmentId}",
            "configuration": {"secrets": [{"name": "Bad_Name", "value": "x"}]},
            "template": {"containers": [{"name": "c", "image": "nginx"}]}}},
        precondition="secret name not lower-case alphanumerics and '-': \"Secret name has an invalid value '...'. A "
                     "value must consist of lower case alphanumeric characters, '-', and must start and end with an "
                     "alphanumeric character. The length must not be more than 253 characters.\" (2024 wording; "
                     "2022 threads show ContainerAppInvalidPropertyValue with \"'-' or '.'\"). Status not shown",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="pulumi/pulumi-azure-native issue #2807",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="ContainerAppSecretInvalid",
        request_body={"location": "eastus", "properties": {
            "managedEnvironmentId": "{environmentId}",
            "configuration": {"secrets": [{"name": "test-secret"}]},
            "template": {"containers": [{"name": "c", "image": "nginx"}]}}},
        precondition="a secret with neither value nor keyVaultUrl+identity (e.g. a GET body re-PUT without "
                     "listSecrets): \"Invalid Request: Container app secret(s) with name(s) 'test-secret' are "
                     "invalid: value or keyVaultUrl and identity should be provided.\" Status not shown",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="Azure-Samples/container-apps-store-api-microservice issue #27",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="ContainerAppImageRequired",
        request_body={"location": "eastus", "properties": {
            "managedEnvironmentId": "{environmentId}", "template": {"containers": [{"name": "python-app"}]}}},
        precondition="a container without image: \"Container with name 'python-app' must have an 'Image' property "
                     "specified.\" (seen through deployment validation; status not shown)",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="Azure/azure-quickstart-templates issue #14660",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="ContainerAppInvalidRevisionName",
        request_body={"location": "eastus", "properties": {
            "managedEnvironmentId": "{environmentId}",
            "template": {"revisionSuffix": "Bad_Suffix", "containers": [{"name": "c", "image": "nginx"}]}}},
        precondition="invalid revisionSuffix: \"Revision name has an invalid value '...'. A revision name must consist "
                     "of lower case alphanumeric characters or '-', start with an alphabetic character, and end with "
                     "an alphanumeric character. The length of the revision name must not be more than a combined 54 "
                     "characters with the container app name.\" Status not shown",
    ),
    RecordedExchange(
        operation="containerapps.container_apps.create_or_update",
        source="microsoft/azure-container-apps issue #194",
        method="PUT", path=_APP, api_version="2024-03-01", status=400,
        response_fields=("error.code", "error.message"),
        error_code="InvalidManagedEnvironmentId",
        request_body={"location": "eastus", "properties": {
            "managedEnvironmentId": "", "template": {"containers": [{"name": "c", "image": "nginx"}]}}},
        precondition="empty managedEnvironmentId: \"Invalid ManagedEnvironmentId value ''.\" Status not shown",
    ),
)
