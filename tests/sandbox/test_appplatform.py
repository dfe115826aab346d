"""Microsoft.AppPlatform (Azure Spring Apps) in the sandbox: services, apps, deployments, their LROs.

Driven with plain HTTPS (requests), azure-core's own ARM poller, and the real `az` (az rest / az resource).
Each fact of recorded_appplatform.RECORDED is replayed at the end.
"""
import copy
import json
import re

import pytest
import requests

from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_appplatform import RECORDED

API = "2024-05-01-preview"
STATUS_RE = re.compile(r"^https://127\.0\.0\.1:\d+/subscriptions/[^/]+/resourceGroups/rg/providers/Microsoft\.AppPlatform"
                       r"/locations/eastus/operationStatus/(?P<name>[^/]+)/operationId/(?P<op>[0-9a-f-]{36})\?api-version=")
RESULT_RE = re.compile(r"^https://127\.0\.0\.1:\d+/subscriptions/[^/]+/resourceGroups/rg/providers/Microsoft\.AppPlatform"
                       r"/locations/eastus/operationResults/(?P<op>[0-9a-f-]{36})/Spring/(?P<name>[^/?]+)\?api-version=")


class Arm:
    """Plain HTTPS calls with a sandbox token."""

    def __init__(self, sb):
        self.sb = sb
        self.headers = {"Authorization": "Bearer " + sb.issue_token()[0]}
        self.rg = f"/subscriptions/{sb.subscription_id}/resourceGroups/rg"
        self.spring = f"{self.rg}/providers/Microsoft.AppPlatform/Spring"

    def __call__(self, method, path, body=None, api_version=API):
        url = path if path.startswith("https://") else self.sb.url + path
        params = None if "api-version=" in url else {"api-version": api_version}
        return requests.request(method, url, params=params, headers=self.headers, verify=self.sb.ca_bundle,
                                data=json.dumps(body) if body is not None else None, timeout=30)

    def finish(self, resp):
        """Poll the write's Azure-AsyncOperation until it is terminal; return the status bodies seen."""
        seen = []
        for _ in range(10):
            status = self("GET", resp.headers["Azure-AsyncOperation"])
            assert status.status_code == 200, status.text
            seen.append(status.json())
            if seen[-1]["status"] != "Running":
                return seen
        raise AssertionError(f"operation never finished: {seen}")


@pytest.fixture
def arm(sandbox):
    sandbox.put_resource(f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return Arm(sandbox)


@pytest.fixture
def world(sandbox, arm):
    """Service svc (S0) with app 'app' (public, system identity: deployments default=active with env, green)
    and app 'other' (deployment default, active). Seeded in-process through the same handlers."""
    svc = f"{arm.spring}/svc"
    sandbox.put_resource(svc, {"location": "eastus", "sku": {"name": "S0", "tier": "Standard"}})
    sandbox.put_resource(f"{svc}/apps/app", {"properties": {"public": True}, "identity": {"type": "SystemAssigned"}})
    sandbox.put_resource(f"{svc}/apps/app/deployments/default", {"properties": {
        "source": {"type": "Jar", "relativePath": "<default>"}, "active": True,
        "deploymentSettings": {"environmentVariables": {"FOO": "bar", "KEEP": "1"}}}})
    sandbox.put_resource(f"{svc}/apps/app/deployments/green", {"properties": {
        "source": {"type": "Jar", "relativePath": "<default>"}, "deploymentSettings": {"environmentVariables": {"G": "1"}}}})
    sandbox.put_resource(f"{svc}/apps/other", {"properties": {}})
    sandbox.put_resource(f"{svc}/apps/other/deployments/default", {"properties": {
        "active": True, "deploymentSettings": {"environmentVariables": {"FOO": "other"}}}})
    return svc


def _env(sb, dep_id):
    return sb.get_resource(dep_id)["properties"]["deploymentSettings"]["environmentVariables"]


def _active(sb, app_id):
    return {d["name"]: d["properties"]["active"]
            for d in (sb.get_resource(f"{app_id}/deployments/{n}") for n in ("default", "green")) if d}


# ------------------------------------------------------------------------------------- create + shapes
def test_create_service_app_deployment_with_lro_shapes(sandbox, arm):
    svc = f"{arm.spring}/svc1"
    created = arm("PUT", svc, {"location": "East US", "sku": {"name": "E0"}, "tags": {"team": "a"}})
    assert created.status_code == 201
    body = created.json()
    assert body["properties"]["provisioningState"] == "Creating" and "networkProfile" not in body["properties"]
    assert body["sku"] == {"name": "E0", "tier": "Enterprise"} and body["location"] == "eastus"
    status = STATUS_RE.match(created.headers["Azure-AsyncOperation"])
    result = RESULT_RE.match(created.headers["Location"])
    assert status and result and status["name"] == result["name"] == "svc1" and status["op"] == result["op"]
    assert created.headers["Retry-After"] == "1"

    seen = arm.finish(created)
    assert [s["status"] for s in seen] == ["Running", "Succeeded"]
    assert "endTime" not in seen[0] and "endTime" in seen[1]
    # the monitor's own path, "subscriptions/..." without the leading slash
    assert seen[0]["id"] == "subscriptions/" + created.headers["Azure-AsyncOperation"].split("/subscriptions/", 1)[1] \
        .split("?")[0]
    assert seen[0]["name"] == status["op"]
    done = arm("GET", created.headers["Location"])
    assert done.status_code == 200 and done.json()["properties"]["provisioningState"] == "Succeeded"

    got = arm("GET", svc).json()
    props = got["properties"]
    assert props["fqdn"] == "svc1.azuremicroservices.io" and props["powerState"] == "Running"
    assert re.fullmatch(r"[0-9a-f]{32}", props["serviceId"]) and props["networkProfile"]["outboundType"] == "loadBalancer"
    ips = props["networkProfile"]["outboundIPs"]["publicIPs"]
    assert len(ips) == 2 and all(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", ip) for ip in ips)
    assert arm("GET", svc).json()["properties"]["networkProfile"] == props["networkProfile"]  # deterministic
    assert got["tags"] == {"team": "a"}

    app = arm("PUT", f"{svc}/apps/api", {"properties": {"public": True}, "identity": {"type": "SystemAssigned"}})
    assert app.status_code == 201 and STATUS_RE.match(app.headers["Azure-AsyncOperation"])["name"] == "api"
    first = app.json()
    assert first["properties"]["provisioningState"] == "Creating"
    assert not {"url", "fqdn", "persistentDisk"} & set(first["properties"])
    arm.finish(app)
    app_body = arm("GET", f"{svc}/apps/api").json()
    assert app_body["properties"]["url"] == "https://svc1-api.azuremicroservices.io"
    assert app_body["properties"]["fqdn"] == "svc1.azuremicroservices.io" and app_body["location"] == "eastus"
    ident = app_body["identity"]
    assert ident["type"] == "SystemAssigned" and ident["tenantId"] == sandbox.tenant_id
    assert ident["userAssignedIdentities"] is None and re.fullmatch(r"[0-9a-f-]{36}", ident["principalId"])
    assert "activeDeploymentName" not in app_body["properties"]

    dep = arm("PUT", f"{svc}/apps/api/deployments/blue", {
        "properties": {"source": {"type": "BuildResult", "buildResultId": "<default>"}, "active": True,
                       "deploymentSettings": {"environmentVariables": {"SPRING_PROFILE": "prod"},
                                              "resourceRequests": {"cpu": "2", "memory": "2Gi"}}},
        "sku": {"name": "E0", "tier": "Enterprise", "capacity": 2}})
    assert dep.status_code == 201
    first = dep.json()["properties"]
    assert first["provisioningState"] == "Creating" and first["instances"] is None and first["status"] == "Running"
    assert "livenessProbe" not in first["deploymentSettings"]
    assert STATUS_RE.match(dep.headers["Azure-AsyncOperation"])["name"] == "blue"
    arm.finish(dep)
    got = arm("GET", f"{svc}/apps/api/deployments/blue").json()
    p = got["properties"]
    assert p["deploymentSettings"]["environmentVariables"] == {"SPRING_PROFILE": "prod"}
    assert p["deploymentSettings"]["resourceRequests"] == {"cpu": "2", "memory": "2Gi"}
    assert p["active"] is True and p["provisioningState"] == "Succeeded" and len(p["instances"]) == 2
    assert all(i["name"].startswith("api-blue-") and i["status"] == "Running" for i in p["instances"])
    assert got["sku"] == {"name": "E0", "tier": "Enterprise", "capacity": 2} and "location" not in got
    listed = arm("GET", f"{svc}/apps/api/deployments").json()["value"]
    assert [d["name"] for d in listed] == ["blue"]
    assert [a["name"] for a in arm("GET", f"{svc}/apps").json()["value"]] == ["api"]
    assert [s["name"] for s in arm("GET", f"{arm.rg}/providers/Microsoft.AppPlatform/Spring").json()["value"]] == ["svc1"]
    assert [s["name"] for s in arm("GET", f"/subscriptions/{sandbox.subscription_id}/providers/Microsoft.AppPlatform/Spring")
            .json()["value"]] == ["svc1"]


def test_default_deployment_shape_and_put_update(sandbox, arm, world):
    dep = arm("GET", f"{world}/apps/app/deployments/green").json()
    assert dep["sku"] == {"name": "S0", "tier": "Standard", "capacity": 1}
    assert dep["properties"]["source"] == {"type": "Jar", "relativePath": "<default>"}
    assert dep["properties"]["deploymentSettings"]["resourceRequests"] == {"cpu": "1", "memory": "1Gi"}
    assert dep["properties"]["deploymentSettings"]["terminationGracePeriodSeconds"] == 90
    assert arm("GET", f"{world}/apps/other/deployments/default").json()["properties"]["source"]["type"] == "Jar"
    # a PUT on the existing active deployment: 202 Updating, stays active, replaces what it names
    put = arm("PUT", f"{world}/apps/app/deployments/default", {"properties": {
        "source": {"type": "Container", "customContainer": {"server": "docker.io", "containerImage": "x/y"}}}})
    assert put.status_code == 202 and put.json()["properties"]["provisioningState"] == "Updating"
    assert put.json()["properties"]["instances"] is None
    got = sandbox.get_resource(f"{world}/apps/app/deployments/default")["properties"]
    assert got["active"] is True and got["source"]["type"] == "Container"
    assert got["deploymentSettings"]["environmentVariables"] is None  # PUT replaces the settings


# -------------------------------------------------------------------------------------- env var PATCH
def test_patch_deployment_env_vars_leaves_others_untouched(sandbox, arm, world):
    before = {i: copy.deepcopy(sandbox.get_resource(f"{world}/apps/{a}/deployments/{d}"))
              for i, (a, d) in enumerate([("app", "green"), ("other", "default")])}
    app_before = sandbox.get_resource(f"{world}/apps/app")
    resp = arm("PATCH", f"{world}/apps/app/deployments/default", {"properties": {"deploymentSettings": {
        "environmentVariables": {"FOO": "baz", "NEW": "2"}}}})
    assert resp.status_code == 202
    first = resp.json()["properties"]
    assert first["provisioningState"] == "Updating" and first["deploymentSettings"]["environmentVariables"] == \
        {"FOO": "baz", "NEW": "2"}
    assert STATUS_RE.match(resp.headers["Azure-AsyncOperation"])["name"] == "default"
    assert [s["status"] for s in arm.finish(resp)] == ["Running", "Succeeded"]
    # the map is replaced as a whole (KEEP is gone), the rest of the deployment is kept
    assert _env(sandbox, f"{world}/apps/app/deployments/default") == {"FOO": "baz", "NEW": "2"}
    after = sandbox.get_resource(f"{world}/apps/app/deployments/default")
    assert after["properties"]["active"] is True and after["properties"]["source"]["type"] == "Jar"
    for i, (a, d) in enumerate([("app", "green"), ("other", "default")]):
        assert sandbox.get_resource(f"{world}/apps/{a}/deployments/{d}") == before[i]
    assert sandbox.get_resource(f"{world}/apps/app") == app_before
    # the same PATCH again changes nothing: 200 at once, no operation
    again = arm("PATCH", f"{world}/apps/app/deployments/default", {"properties": {"deploymentSettings": {
        "environmentVariables": {"FOO": "baz", "NEW": "2"}}}})
    assert again.status_code == 200 and "Azure-AsyncOperation" not in again.headers
    assert again.json()["properties"]["provisioningState"] == "Succeeded"
    # clearing
    cleared = arm("PATCH", f"{world}/apps/app/deployments/default",
                  {"properties": {"deploymentSettings": {"environmentVariables": {}}}})
    assert cleared.status_code == 202 and _env(sandbox, f"{world}/apps/app/deployments/default") == {}


# ---------------------------------------------------------------------------------- active deployment
def test_set_active_deployment(sandbox, arm, world):
    app = f"{world}/apps/app"
    assert _active(sandbox, app) == {"default": True, "green": False}
    resp = arm("POST", f"{app}/setActiveDeployments", {"activeDeploymentNames": ["green"]})
    assert resp.status_code == 202 and resp.json()["properties"]["provisioningState"] == "Updating"
    assert resp.json()["name"] == "app" and RESULT_RE.match(resp.headers["Location"])["name"] == "app"
    running = arm("GET", resp.headers["Location"])  # the result monitor before the status said Succeeded
    assert running.status_code == 202 and running.headers["Location"]
    arm.finish(resp)
    result = arm("GET", resp.headers["Location"])
    assert result.status_code == 200
    assert result.json()["properties"]["activeDeploymentName"] == "green" and result.json()["properties"]["createdTime"]
    assert _active(sandbox, app) == {"default": False, "green": True}
    assert "activeDeploymentName" not in arm("GET", app).json()["properties"]
    assert sandbox.get_resource(f"{world}/apps/other/deployments/default")["properties"]["active"] is True

    missing = arm("POST", f"{app}/setActiveDeployments", {"activeDeploymentNames": ["nope"]})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NotFound"
    assert _active(sandbox, app) == {"default": False, "green": True}
    two = arm("POST", f"{app}/setActiveDeployments", {"activeDeploymentNames": ["green", "default"]})
    assert two.status_code == 400
    none = arm("POST", f"{app}/setActiveDeployments", {"activeDeploymentNames": []})
    assert none.status_code == 202 and _active(sandbox, app) == {"default": False, "green": False}
    # a deployment PUT/PATCH with active=true takes the role over from the others
    assert arm("PATCH", f"{app}/deployments/default", {"properties": {"active": True}}).status_code == 202
    assert _active(sandbox, app) == {"default": True, "green": False}
    arm("PUT", f"{app}/deployments/green", {"properties": {"active": True}})
    assert _active(sandbox, app) == {"default": False, "green": True}
    ghost = arm("POST", f"{world}/apps/ghost/setActiveDeployments", {"activeDeploymentNames": []})
    assert ghost.status_code == 404 and ghost.json()["error"]["message"] == "App was not found"


# ----------------------------------------------------------------------------------------- identity
def test_app_identity_enable_disable(sandbox, arm, world):
    app = f"{world}/apps/other"
    assert arm("GET", app).json()["identity"] is None
    on = arm("PATCH", app, {"identity": {"type": "SystemAssigned"}})
    assert on.status_code == 202 and on.json()["identity"] is None  # the 202 body shows the identity before
    arm.finish(on)
    ident = arm("GET", app).json()["identity"]
    assert ident["type"] == "SystemAssigned" and ident["userAssignedIdentities"] is None
    principal = ident["principalId"]
    # enabling again keeps the principal
    arm("PATCH", app, {"identity": {"type": "SystemAssigned"}})
    assert arm("GET", app).json()["identity"]["principalId"] == principal

    uai = sandbox.put_resource(f"{arm.rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai",
                               {"location": "eastus"})
    both = arm("PATCH", app, {"identity": {"type": "SystemAssigned,UserAssigned",
                                           "userAssignedIdentities": {uai["id"]: {}}}})
    assert both.status_code == 202 and both.json()["identity"]["type"] == "SystemAssigned"
    ident = arm("GET", app).json()["identity"]
    assert ident["type"] == "SystemAssigned,UserAssigned" and ident["principalId"] == principal
    assert ident["userAssignedIdentities"][uai["id"]] == {"principalId": uai["properties"]["principalId"],
                                                          "clientId": uai["properties"]["clientId"]}
    bad = arm("PATCH", app, {"identity": {"type": "UserAssigned", "userAssignedIdentities": {
        uai["id"].replace("/uai", "/ghost"): {}}}})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "FailedIdentityOperation"

    off = arm("PATCH", app, {"identity": {"type": "None"}})
    assert off.status_code == 202 and off.json()["identity"]["type"] == "SystemAssigned,UserAssigned"
    arm.finish(off)
    assert arm("GET", app).json()["identity"] is None  # the key stays, null
    # the other app's identity is untouched
    assert sandbox.get_resource(f"{world}/apps/app")["identity"]["type"] == "SystemAssigned"
    # PATCH of properties only keeps the identity; a later enable gets a new principal
    arm("PATCH", app, {"identity": {"type": "SystemAssigned"}})
    assert arm("GET", app).json()["identity"]["principalId"] != principal


# ------------------------------------------------------------------------------------------- delete
def test_delete_cascade(sandbox, arm, world):
    dep = arm("DELETE", f"{world}/apps/app/deployments/green")
    assert dep.status_code == 202 and dep.content == b""
    assert STATUS_RE.match(dep.headers["Azure-AsyncOperation"])["name"] == "green"
    assert [s["status"] for s in arm.finish(dep)] == ["Running", "Succeeded"]
    assert arm("GET", dep.headers["Location"]).status_code == 204
    gone = arm("GET", f"{world}/apps/app/deployments/green")
    assert gone.status_code == 404 and gone.json()["error"]["message"] == "Deployment was not found"
    assert arm("DELETE", f"{world}/apps/app/deployments/green").status_code == 204

    app = arm("DELETE", f"{world}/apps/app")
    assert app.status_code == 202 and STATUS_RE.match(app.headers["Azure-AsyncOperation"])["name"] == "app"
    arm.finish(app)
    assert sandbox.get_resource(f"{world}/apps/app/deployments/default") is None
    assert arm("GET", f"{world}/apps/app").json()["error"]["message"] == "App was not found"
    assert sandbox.get_resource(f"{world}/apps/other/deployments/default") is not None

    svc = arm("DELETE", world)
    assert svc.status_code == 202 and STATUS_RE.match(svc.headers["Azure-AsyncOperation"])["name"] == "svc"
    arm.finish(svc)
    assert [r for r in sandbox.dump()["resources"] if "/microsoft.appplatform/" in r["id"].lower()] == []
    missing = arm("GET", world)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceNotFound"
    assert arm("DELETE", world).status_code == 204


# ------------------------------------------------------------------------------------------- errors
def test_errors(sandbox, arm, world):
    ghost_dep = arm("PUT", f"{world}/apps/ghost/deployments/d", {"properties": {}})
    assert ghost_dep.status_code == 404
    assert ghost_dep.json() == {"error": {"code": "NotFound", "message": "App was not found",
                                          "target": f"{world}/apps/ghost", "details": None}}
    assert arm("GET", f"{world}/apps/ghost/deployments").status_code == 404
    no_svc = arm("PUT", f"{arm.spring}/nosvc/apps/a", {"properties": {}})
    assert no_svc.status_code == 404 and no_svc.json()["error"]["code"] == "ResourceNotFound"
    no_group = arm("PUT", f"/subscriptions/{sandbox.subscription_id}/resourceGroups/nogroup/providers/"
                          "Microsoft.AppPlatform/Spring/s", {"location": "eastus"})
    assert no_group.status_code == 404 and no_group.json()["error"]["code"] == "ResourceGroupNotFound"
    assert arm("PUT", f"{arm.spring}/noloc", {"sku": {"name": "S0"}}).json()["error"]["code"] == "LocationRequired"
    bad_env = arm("PATCH", f"{world}/apps/app/deployments/default",
                  {"properties": {"deploymentSettings": {"environmentVariables": ["A=1"]}}})
    assert bad_env.status_code == 400 and bad_env.json()["error"]["code"] == "BadRequest"
    assert _env(sandbox, f"{world}/apps/app/deployments/default") == {"FOO": "bar", "KEEP": "1"}
    assert arm("GET", f"{arm.rg}/providers/Microsoft.AppPlatform/locations/eastus/operationStatus/x/operationId/"
                      "00000000-0000-0000-0000-000000000000").status_code == 404


# ----------------------------------------------------------------------------- real pollers / real az
def test_azure_core_arm_poller(sandbox, arm, world):
    """azure-core's ARMPolling follows the RP's headers: PUT -> GET of the resource, POST -> GET of Location."""
    from azure.core.polling import LROPoller
    from azure.core.rest import HttpRequest
    from azure.mgmt.core.polling.arm_polling import ARMPolling
    from azure.mgmt.resource import ResourceManagementClient

    client = ResourceManagementClient(sandbox.credential(), sandbox.subscription_id, base_url=sandbox.url,
                                      connection_verify=sandbox.ca_bundle, retry_total=0)
    dep = client.resources.begin_create_or_update_by_id(
        f"{world}/apps/app/deployments/blue", API,
        {"properties": {"deploymentSettings": {"environmentVariables": {"X": "1"}}}}).result()
    assert dep.properties["provisioningState"] == "Succeeded" and dep.properties["active"] is False

    request = HttpRequest("POST", f"{sandbox.url}{world}/apps/app/setActiveDeployments?api-version={API}",
                          json={"activeDeploymentNames": ["blue"]})
    first = client._client._pipeline.run(request)  # pylint: disable=protected-access
    app = LROPoller(client._client, first, lambda resp: resp.http_response.json(), ARMPolling(1)).result()
    assert app["properties"]["activeDeploymentName"] == "blue"

    client.resources.begin_delete_by_id(world, API).result()
    assert sandbox.get_resource(world) is None
    paths = [(r["method"], r["status"], r["path"].split("/Microsoft.AppPlatform/")[1].split("/")[0:3])
             for r in sandbox.requests]
    assert ("GET", 200, ["locations", "eastus", "operationResults"]) in paths  # the POST's final GET
    assert ("GET", 204, ["locations", "eastus", "operationResults"]) not in paths  # a DELETE's Location is not read


def test_az_rest_and_az_resource(sandbox, arm, world, az_cli):
    app = f"{world}/apps/app"
    shown = az_cli.json("rest", "--method", "get", "--url", f"{app}?api-version={API}")
    assert shown["identity"]["type"] == "SystemAssigned" and shown["properties"]["public"] is True
    patched = az_cli.json("rest", "--method", "patch", "--url", f"{app}/deployments/green?api-version={API}",
                          "--body", json.dumps({"properties": {"deploymentSettings": {
                              "environmentVariables": {"AZURE_STORAGEBLOB_RESOURCEENDPOINT": "https://s.blob/"}}}}))
    assert patched["properties"]["provisioningState"] == "Updating"  # az rest does not poll
    assert _env(sandbox, f"{app}/deployments/green") == {"AZURE_STORAGEBLOB_RESOURCEENDPOINT": "https://s.blob/"}
    switched = az_cli.json("rest", "--method", "post", "--url", f"{app}/setActiveDeployments?api-version={API}",
                           "--body", json.dumps({"activeDeploymentNames": ["green"]}))
    assert switched["name"] == "app" and _active(sandbox, app) == {"default": False, "green": True}
    # az resource polls the LRO (Azure-AsyncOperation) and then GETs the resource
    made = az_cli.json("resource", "create", "--id", f"{app}/deployments/canary", "--api-version", API,
                       "--properties", json.dumps({"deploymentSettings": {"environmentVariables": {"C": "1"}}}))
    assert made["properties"]["provisioningState"] == "Succeeded" and made["properties"]["active"] is False
    az_cli.run("resource", "delete", "--ids", f"{app}/deployments/canary", "--api-version", API, check=True)
    assert sandbox.get_resource(f"{app}/deployments/canary") is None
    methods = [(r["method"], r["status"]) for r in sandbox.requests if "/operationStatus/" in r["path"]]
    assert ("GET", 200) in methods


# ------------------------------------------------------------------------------------ recorded facts

def _trigger(arm, rec, values):
    """The write whose monitors a monitor record follows."""
    svc = fill("/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.AppPlatform/"
                "Spring/{service}", values)
    kind = rec.operation.split(".")[1]
    if kind == "services":
        return arm("PUT", svc.replace("/svc", "/svc-lro"), {"location": "eastus"})
    if kind == "deployments":
        return arm("PUT", f"{svc}/apps/app/deployments/lro", {"properties": {}})
    if rec.operation.endswith("operation_result"):
        return arm("POST", f"{svc}/apps/app/setActiveDeployments", {"activeDeploymentNames": ["green"]})
    return arm("PUT", f"{svc}/apps/lro", {"properties": {}})


def _ids(rec):
    return f"{rec.operation}-{rec.method}-{rec.status}-{(rec.request_body or {}).get('identity', {}).get('type', '')}"


@pytest.mark.parametrize("rec", RECORDED, ids=_ids)
def test_recorded_fact(sandbox, arm, world, rec):
    values = {"subscription": sandbox.subscription_id, "resourceGroup": "rg", "service": "svc", "app": "app",
              "deployment": "default"}
    op, status = rec.operation, rec.status
    if op == "appplatform.services.create_or_update":
        values["service"] = "svc-new"
    elif op == "appplatform.apps.get" and status == 404:
        values["app"] = "ghost"
    elif op == "appplatform.apps.create_or_update":
        values["app"] = "app-new"
    elif op == "appplatform.apps.update_identity" and rec.request_body["identity"]["type"] != "None":
        values["app"] = "other"  # no identity yet
    elif op == "appplatform.deployments.create_or_update":
        values.update({201: {"deployment": "dep-new"}, 202: {}, 404: {"app": "ghost"}}[status])
    elif op == "appplatform.deployments.update" and status == 200:
        values["deployment"] = "green"

    if not rec.path:  # a monitor: follow the header of a fresh write
        write = _trigger(arm, rec, values)
        assert write.status_code in (201, 202), write.text
        if op.endswith("operation_status"):
            resp = arm("GET", write.headers["Azure-AsyncOperation"])
            assert resp.json()["status"] == "Running" and "endTime" not in resp.json()
            assert not resp.json()["id"].startswith("/")
            final = arm.finish(write)[-1]
            assert final["status"] == "Succeeded" and "endTime" in final
        else:
            arm.finish(write)
            resp = arm("GET", write.headers["Location"])
    else:
        body = fill(copy.deepcopy(rec.request_body), values)
        resp = arm(rec.method, fill(rec.path, values), body, rec.api_version)
    assert resp.status_code == status, f"{rec.source}\n{resp.text[:500]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], f"headers: {sorted(lower)}"
    assert "x-ms-request-id" in lower and "x-ms-correlation-request-id" in lower
    if rec.error_code:
        assert payload["error"]["code"] == rec.error_code, payload
    if "azure-asyncoperation" in rec.response_headers:
        assert STATUS_RE.match(resp.headers["Azure-AsyncOperation"]) and RESULT_RE.match(resp.headers["Location"])
    if rec.method == "DELETE":
        assert resp.content == b""
    # what the record's precondition says beyond presence
    if op == "appplatform.apps.operation_result":
        assert payload["properties"]["activeDeploymentName"] == "green"
    if op == "appplatform.apps.update_identity":
        expected_before = None if rec.request_body["identity"]["type"] != "None" else "SystemAssigned"
        assert (payload["identity"] or {}).get("type") == expected_before
        arm.finish(resp)
        after = arm("GET", fill(rec.path, values)).json()["identity"]
        assert (after is None) == (rec.request_body["identity"]["type"] == "None")
    if op == "appplatform.apps.set_active_deployments":
        assert _active(sandbox, f"{world}/apps/app") == {"default": False, "green": True}
    if op in ("appplatform.apps.delete", "appplatform.services.delete"):
        assert sandbox.get_resource(f"{world}/apps/app/deployments/default") is None
    if op == "appplatform.deployments.create_or_update" and status == 202:
        assert payload["properties"]["active"] is True and payload["properties"]["provisioningState"] == "Updating"
    if op == "appplatform.deployments.update" and status == 200:
        assert "azure-asyncoperation" not in lower and payload["properties"]["provisioningState"] == "Succeeded"
