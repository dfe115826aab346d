"""Microsoft.ContainerInstance/containerGroups: the pinned azure-mgmt-containerinstance SDK, the real
`az container`, and each fact of recorded_containerinstance.RECORDED replayed against the sandbox."""
import copy
import json
import re

import pytest
import requests
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.containerinstance import ContainerInstanceManagementClient
from azure.mgmt.containerinstance.models import (
    Container, ContainerGroup, ContainerGroupIdentity, ContainerPort, EnvironmentVariable, IpAddress, Port,
    Resource, ResourceRequests, ResourceRequirements, UserAssignedIdentities)

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_containerinstance import RECORDED

FAST = {"polling_interval": 0.01}
API = "2024-05-01-preview"


@pytest.fixture
def aci(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return ContainerInstanceManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                                             connection_verify=sb.ca_bundle, retry_total=0).container_groups


def _cg_id(sb, name, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}/providers/Microsoft.ContainerInstance/containerGroups/{name}"


def _group(env, image="nginx", identity=None, cpu=1.0, **kw):
    return ContainerGroup(
        location="eastus", identity=identity, os_type="Linux", restart_policy="Always",
        containers=[Container(name="app", image=image, ports=[ContainerPort(port=80)], environment_variables=env,
                              resources=ResourceRequirements(requests=ResourceRequests(memory_in_gb=1.5, cpu=cpu)))],
        ip_address=IpAddress(ports=[Port(port=80, protocol="TCP")], type="Public", dns_name_label="app-label"), **kw)


def _raw(sb, method, path, body=None, api_version=API):
    return raw(sb, method, path, body, api_version)


def _private(sb, name):
    return sb.store.get(_cg_id(sb, name))["private"]


def _events(container):
    return {e.name: e.count for e in container.instance_view.events}


# ---------------------------------------------------------------------------------- SDK: create / get / list
def test_create_with_secure_env_and_system_identity(aci, quick_lro):
    sb = quick_lro
    env = [EnvironmentVariable(name="PLAIN", value="visible"),
           EnvironmentVariable(name="AZURE_STORAGE_CONNECTION_STRING", secure_value="s3cr3t")]
    made = aci.begin_create_or_update("rg", "cg1", _group(env, identity=ContainerGroupIdentity(type="SystemAssigned")),
                                      **FAST).result()
    assert made.provisioning_state == "Succeeded" and made.instance_view.state == "Running"
    assert made.identity.type == "SystemAssigned" and made.identity.tenant_id == sb.tenant_id
    assert made.identity.principal_id
    assert [(e.name, e.value, e.secure_value) for e in made.containers[0].environment_variables] == [
        ("PLAIN", "visible", None), ("AZURE_STORAGE_CONNECTION_STRING", None, None)]
    assert made.ip_address.ip and made.ip_address.fqdn == "app-label.eastus.azurecontainer.io"
    view = made.containers[0].instance_view
    assert view.restart_count == 0 and view.current_state.state == "Running"
    assert [e.name for e in view.events] == ["Pulling", "Pulled", "Started"]

    raw = _raw(sb, "GET", _cg_id(sb, "cg1")).json()
    assert raw["properties"]["containers"][0]["properties"]["environmentVariables"] == [
        {"name": "PLAIN", "value": "visible"}, {"name": "AZURE_STORAGE_CONNECTION_STRING"}]
    assert "s3cr3t" not in json.dumps(raw) and "s3cr3t" not in json.dumps(sb.get_resource(_cg_id(sb, "cg1")))
    assert _private(sb, "cg1")["secureEnvironmentVariables"] == {"app": {"AZURE_STORAGE_CONNECTION_STRING": "s3cr3t"}}
    assert aci.get("rg", "CG1").containers[0].environment_variables[1].secure_value is None

    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg2", {"location": "westus"})
    aci.begin_create_or_update("rg2", "cg2", _group([EnvironmentVariable(name="A", value="1")]), **FAST).result()
    assert [g.name for g in aci.list_by_resource_group("rg")] == ["cg1"]
    assert sorted(g.name for g in aci.list()) == ["cg1", "cg2"]
    listed = _raw(sb, "GET", f"/subscriptions/{sb.subscription_id}/providers/Microsoft.ContainerInstance/containerGroups")
    for item in listed.json()["value"]:
        assert "instanceView" not in item["properties"]
        assert all("instanceView" not in c["properties"] for c in item["properties"]["containers"])
    with pytest.raises(ResourceNotFoundError) as err:
        aci.get("rg", "ghost")
    assert err.value.error.code == "ResourceNotFound"


def test_create_lro_shape(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    body = {"location": "eastus", "properties": {"osType": "Linux", "ipAddress": {"type": "Public", "ports": [{"port": 80}]},
                                                 "containers": [{"name": "app", "properties": {
                                                     "image": "nginx", "ports": [{"port": 80}],
                                                     "environmentVariables": [{"name": "S", "secureValue": "x"}],
                                                     "resources": {"requests": {"cpu": 1, "memoryInGB": 1.5}}}}]}}
    resp = _raw(sb, "PUT", _cg_id(sb, "cg1"), body)
    assert resp.status_code == 201
    monitor = resp.headers["Azure-AsyncOperation"]
    assert re.match(re.escape(sb.url) + r"/subscriptions/[^/]+/providers/Microsoft\.ContainerInstance/locations/eastus/"
                    r"operations/[0-9a-f-]{36}\?api-version=2018-06-01$", monitor), monitor
    assert "Location" not in resp.headers
    out = resp.json()
    assert out["properties"]["provisioningState"] == "Pending"
    assert out["properties"]["instanceView"] == {"events": [], "state": "Pending"}
    assert "ip" not in out["properties"]["ipAddress"] and "tags" not in out
    assert "instanceView" not in out["properties"]["containers"][0]["properties"]
    assert out["properties"]["containers"][0]["properties"]["environmentVariables"] == [{"name": "S"}]
    auth = {"Authorization": "Bearer " + sb.issue_token()[0]}
    first = requests.get(monitor, headers=auth, verify=sb.ca_bundle).json()
    assert first["status"] == "Pending" and first["id"] == _cg_id(sb, "cg1")
    assert first["properties"] == {"events": []}
    done = requests.get(monitor, headers=auth, verify=sb.ca_bundle).json()
    assert done["status"] == "Succeeded" and [e["name"] for e in done["properties"]["events"]] == [
        "Pulling", "Pulled", "Started"]


# ---------------------------------------------------------------------------------- SDK: full PUT updates
def test_full_put_replaces_group_and_restarts(aci, quick_lro):
    sb = quick_lro
    secret = EnvironmentVariable(name="SECRET", secure_value="one")
    aci.begin_create_or_update("rg", "cg1", _group([EnvironmentVariable(name="A", value="1"), secret]), **FAST).result()
    # keep the secure value (supplied again, as a client must), change the plain one
    updated = aci.begin_create_or_update(
        "rg", "cg1", _group([EnvironmentVariable(name="A", value="2"), EnvironmentVariable(name="SECRET", secure_value="two")]),
        **FAST).result()
    assert [(e.name, e.value) for e in updated.containers[0].environment_variables] == [("A", "2"), ("SECRET", None)]
    assert _private(sb, "cg1")["secureEnvironmentVariables"] == {"app": {"SECRET": "two"}}
    view = updated.containers[0].instance_view
    assert view.restart_count == 0 and _events(updated.containers[0]) == {
        "Pulling": 1, "Pulled": 1, "Started": 2, "Killing": 1}
    puts = [r for r in sb.requests if r["method"] == "PUT"]
    assert [r["status"] for r in puts] == [201, 200]

    # a GET body re-PUT as is: the secure variable has neither value nor secureValue -> refused
    again = aci.get("rg", "cg1")
    with pytest.raises(HttpResponseError) as err:
        aci.begin_create_or_update("rg", "cg1", again, **FAST)
    assert err.value.error.code == "InvalidEnvironmentVariable"
    assert "One and only one property of 'value' and 'secureValue'" in err.value.error.message

    # dropping the secure variable and changing the image: it is gone, the new image is pulled
    changed = aci.begin_create_or_update("rg", "cg1", _group([EnvironmentVariable(name="A", value="3")], image="nginx:2"),
                                         **FAST).result()
    assert [e.name for e in changed.containers[0].environment_variables] == ["A"]
    assert _private(sb, "cg1")["secureEnvironmentVariables"] == {}
    assert _events(changed.containers[0])["Killing"] == 2
    assert 'pulling image "nginx:2"' in [e.message for e in changed.containers[0].instance_view.events]

    with pytest.raises(HttpResponseError) as err:
        aci.begin_create_or_update("rg", "cg1", _group([], cpu=2.0), **FAST)
    assert err.value.error.code == "InvalidContainerGroupUpdate"


def test_identity_changes(aci, quick_lro):
    sb = quick_lro
    uai = sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                          f"userAssignedIdentities/uai", {"location": "eastus"})
    user = ContainerGroupIdentity(type="UserAssigned", user_assigned_identities={uai["id"]: UserAssignedIdentities()})
    made = aci.begin_create_or_update("rg", "cg1", _group([], identity=user), **FAST).result()
    assert made.identity.type == "UserAssigned" and made.identity.tenant_id == sb.tenant_id
    assert made.identity.principal_id is None
    assert made.identity.user_assigned_identities[uai["id"]].client_id == uai["properties"]["clientId"]

    both = ContainerGroupIdentity(type="SystemAssigned, UserAssigned",
                                  user_assigned_identities={uai["id"]: UserAssignedIdentities()})
    got = aci.begin_create_or_update("rg", "cg1", _group([], identity=both), **FAST).result()
    assert got.identity.type == "SystemAssigned, UserAssigned" and got.identity.principal_id
    principal = got.identity.principal_id
    kept = aci.begin_create_or_update("rg", "cg1", _group([]), **FAST).result()   # no identity in the body: kept
    assert kept.identity.principal_id == principal

    gone = aci.begin_create_or_update("rg", "cg1", _group([], identity=ContainerGroupIdentity(type="None")),
                                      **FAST).result()
    assert gone.identity is None and "identity" not in sb.get_resource(_cg_id(sb, "cg1"))

    missing = f"/subscriptions/{sb.subscription_id}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope"
    with pytest.raises(HttpResponseError) as err:
        aci.begin_create_or_update("rg", "cg2", _group([], identity=ContainerGroupIdentity(
            type="UserAssigned", user_assigned_identities={missing: UserAssignedIdentities()})), **FAST)
    assert err.value.status_code == 400 and err.value.error.code == "FailedIdentityOperation"
    assert sb.get_resource(_cg_id(sb, "cg2")) is None


def test_validation_errors(aci, quick_lro):
    sb = quick_lro

    def code(*env, name="app"):
        group = _group(list(env))
        group.containers[0].name = name
        with pytest.raises(HttpResponseError) as err:
            aci.begin_create_or_update("rg", "cg1", group, **FAST)
        assert err.value.status_code == 400
        return err.value.error.code, err.value.error.message

    assert code(EnvironmentVariable(name="X", value="1", secure_value="2"))[0] == "InvalidEnvironmentVariable"
    c, msg = code(EnvironmentVariable(name="X"))
    assert c == "InvalidEnvironmentVariable" and "environment variable 'X' in container 'app' of container group 'cg1'" in msg
    assert code(EnvironmentVariable(name="9LIVES", value="1"))[0] == "InvalidEnvironmentVariableName"
    c, msg = code(EnvironmentVariable(name="D", value="1"), EnvironmentVariable(name="D", secure_value="2"))
    assert c == "DuplicateEnvironmentVariables" and "'D' found in in container group 'cg1'" in msg
    c, msg = code(name="Bad_Name")
    assert c == "InvalidContainerName" and "'[a-z0-9]([-a-z0-9]*[a-z0-9])?'" in msg
    assert sb.get_resource(_cg_id(sb, "cg1")) is None


# ---------------------------------------------------------------------------------- SDK: actions, PATCH, DELETE
def test_restart_stop_start_patch_delete(aci, quick_lro):
    sb = quick_lro
    aci.begin_create_or_update("rg", "cg1", _group([EnvironmentVariable(name="S", secure_value="x")], tags={"key": "v"}),
                               **FAST).result()
    assert aci.begin_restart("rg", "cg1", **FAST).result() is None
    after = aci.get("rg", "cg1")
    assert _events(after.containers[0])["Killing"] == 1 and after.containers[0].instance_view.restart_count == 0

    assert aci.stop("rg", "cg1") is None
    stopped = aci.get("rg", "cg1")
    assert stopped.instance_view.state == "Stopped" and stopped.provisioning_state == "Succeeded"
    state = stopped.containers[0].instance_view
    assert state.current_state.state == "Terminated"
    assert state.current_state.detail_status == "Container stopped per client request"
    assert state.previous_state.state == "Running"

    aci.begin_start("rg", "cg1", **FAST).result()
    assert aci.get("rg", "cg1").instance_view.state == "Running"
    aci.begin_start("rg", "cg1", **FAST).result()                                # running already: 204
    statuses = [(r["path"].rsplit("/", 1)[1], r["status"]) for r in sb.requests if r["method"] == "POST"]
    assert statuses == [("restart", 204), ("stop", 204), ("start", 202), ("start", 204)]

    patched = aci.update("rg", "cg1", Resource(tags={"test": "value"}))
    assert patched.tags == {"test": "value"}                                     # replaced, not merged
    assert _private(sb, "cg1")["secureEnvironmentVariables"] == {"app": {"S": "x"}}

    deleted = aci.begin_delete("rg", "cg1", **FAST).result()
    assert deleted.name == "cg1" and deleted.tags == {"test": "value"}
    assert sb.get_resource(_cg_id(sb, "cg1")) is None
    assert aci.begin_delete("rg", "cg1", **FAST).result() is None                # absent: 204
    assert [r["status"] for r in sb.requests if r["method"] == "DELETE"] == [200, 204]
    with pytest.raises(ResourceNotFoundError):
        aci.begin_restart("rg", "cg1", **FAST)


# ---------------------------------------------------------------------------------- the real az
def test_az_container(sandbox, az_cli):
    az = az_cli.json
    az("group", "create", "-n", "rg-aci", "-l", "westeurope")
    made = az("container", "create", "-g", "rg-aci", "-n", "cg-az", "--image", "nginx", "--os-type", "Linux",
              "--ip-address", "Public", "--dns-name-label", "cg-az-label", "--ports", "80",
              "-e", "PLAIN=visible", "--secure-environment-variables", "SECRET=hidden", "--assign-identity")
    assert made["provisioningState"] == "Succeeded" and made["location"] == "westeurope"
    assert made["identity"]["type"] == "SystemAssigned"
    assert made["ipAddress"]["fqdn"] == "cg-az-label.westeurope.azurecontainer.io"
    env = made["containers"][0]["environmentVariables"]
    # the SDK model fills absent keys with null: exactly what az shows for real secure variables
    assert env == [{"name": "PLAIN", "secureValue": None, "value": "visible"},
                   {"name": "SECRET", "secureValue": None, "value": None}]
    rid = _cg_id(sandbox, "cg-az", "rg-aci")
    assert sandbox.store.get(rid)["private"]["secureEnvironmentVariables"] == {"cg-az": {"SECRET": "hidden"}}
    shown = az("container", "show", "-g", "rg-aci", "-n", "cg-az")
    assert shown["containers"][0]["environmentVariables"] == env and "hidden" not in json.dumps(shown)
    assert shown["containers"][0]["instanceView"]["currentState"]["state"] == "Running"
    assert [g["name"] for g in az("container", "list", "-g", "rg-aci")] == ["cg-az"]
    assert [g["name"] for g in az("container", "list")] == ["cg-az"]
    deleted = az("container", "delete", "-g", "rg-aci", "-n", "cg-az", "-y")
    assert deleted["name"] == "cg-az"
    assert az("container", "list", "-g", "rg-aci") == []
    monitors = [r for r in sandbox.requests if "/operations/" in r["path"]]
    assert monitors and all(r["api_version"] == "2018-06-01" for r in monitors)


# ---------------------------------------------------------------------------------- recorded facts
_CREATE = {"location": "eastus", "properties": {
    "containers": [{"name": "app", "properties": {
        "image": "mcr.microsoft.com/azuredocs/aci-helloworld:latest", "ports": [{"protocol": "TCP", "port": 8000}],
        "resources": {"requests": {"memoryInGB": 1.5, "cpu": 1}}}}],
    "ipAddress": {"ports": [{"protocol": "TCP", "port": 8000}], "type": "Public"},
    "restartPolicy": "Never", "osType": "Linux"}}


def _world(sb):
    sub = sb.subscription_id
    rg = f"/subscriptions/{sub}/resourceGroups/rg"
    sb.put_resource(rg, {"location": "eastus"})
    uai = sb.put_resource(f"{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai", {"location": "eastus"})
    sb.put_resource(_cg_id(sb, "cg"), {**copy.deepcopy(_CREATE), "tags": {"key": "value"}})
    secure = copy.deepcopy(_CREATE)
    secure["properties"]["containers"][0]["properties"]["environmentVariables"] = [
        {"name": "ENV1", "value": "value1"}, {"name": "ENV2", "secureValue": "hidden"}]
    sb.put_resource(_cg_id(sb, "cgsecure"), secure)
    sb.put_resource(_cg_id(sb, "cgstopped"), copy.deepcopy(_CREATE))
    sb.call("POST", _cg_id(sb, "cgstopped") + "/stop")
    return {"subscription": sub, "resourceGroup": "rg", "name": "cg", "location": "eastus", "identityId": uai["id"]}


# (operation, status, api_version) -> (container group name, checks on (response, body))
def _no_secure_values(resp, body):
    for var in body["properties"]["containers"][0]["properties"]["environmentVariables"]:
        if var["name"] == "ENV2":
            assert var == {"name": "ENV2"}, var


def _pending(resp, body):
    props = body["properties"]
    assert props["provisioningState"] == "Pending" and props["instanceView"] == {"events": [], "state": "Pending"}
    assert "ip" not in props["ipAddress"] and "tags" not in body
    assert all("instanceView" not in c["properties"] for c in props["containers"])


def _no_instance_views(resp, body):
    for item in body["value"]:
        assert "instanceView" not in item["properties"]
        assert all("instanceView" not in c["properties"] for c in item["properties"]["containers"])


def _no_content(resp, body):
    assert resp.content == b"" and "azure-asyncoperation" not in {k.lower() for k in resp.headers}


def _monitor_form(resp, body):
    url = resp.headers["Azure-AsyncOperation"]
    assert "/providers/Microsoft.ContainerInstance/locations/eastus/operations/" in url
    assert url.endswith("?api-version=2018-06-01")


def _stopped(resp, body):
    assert body["properties"]["instanceView"]["state"] == "Stopped"
    assert body["properties"]["containers"][0]["properties"]["instanceView"]["currentState"]["detailStatus"] == \
        "Container stopped per client request"


def _tags_replaced(resp, body):
    assert body["tags"] == {"test": "value"}


def _user_identity(resp, body):
    assert "principalId" not in body["identity"] and body["identity"]["type"] == "UserAssigned"


def _poll_body(resp, body):
    assert body["status"] == "Pending" and body["id"].endswith("/containerGroups/cg-poll")


_CASES = {
    ("containerinstance.container_groups.create_or_update", 201, API): ("cg-new", [_pending, _monitor_form]),
    ("containerinstance.container_groups.create_or_update", 201, "2023-05-01"): ("cg-secure", [_no_secure_values]),
    ("containerinstance.container_groups.create_or_update", 200, API): ("cg", [_monitor_form]),
    ("containerinstance.container_groups.create_or_update", 400, "2018-06-01"): ("cg-bad", []),
    ("containerinstance.container_groups.create_or_update", 400, API): ("cg-bad", []),
    ("containerinstance.operations.get", 200, "2018-06-01"): ("cg-poll", [_poll_body]),
    ("containerinstance.container_groups.get", 200, API): ("cg", []),
    ("containerinstance.container_groups.get", 200, "2023-05-01"): ("cgsecure", [_no_secure_values]),
    ("containerinstance.container_groups.get", 404, API): ("ghost", []),
    ("containerinstance.container_groups.list_by_resource_group", 200, API): ("cg", [_no_instance_views]),
    ("containerinstance.container_groups.list", 200, API): ("cg", [_no_instance_views]),
    ("containerinstance.container_groups.update", 200, API): ("cg", [_tags_replaced]),
    ("containerinstance.container_groups.delete", 200, API): ("cg", []),
    ("containerinstance.container_groups.delete", 204, API): ("ghost", [_no_content]),
    ("containerinstance.container_groups.restart", 204, API): ("cg", [_monitor_form]),
    ("containerinstance.container_groups.stop", 204, API): ("cg", [_no_content]),
    ("containerinstance.container_groups.start", 204, "2022-10-01-preview"): ("cg", [_no_content]),
    ("containerinstance.container_groups.start", 202, API): ("cgstopped", [_monitor_form]),
}


def _case(rec):
    if (rec.operation, rec.status) == ("containerinstance.container_groups.get", 200) and \
            "instanceView.previousState" in " ".join(rec.response_fields):
        return "cgstopped", [_stopped]
    if rec.error_code == "InvalidContainerGroupUpdate":
        return "cg", []
    if rec.operation.endswith("create_or_update") and "identity.userAssignedIdentities" in rec.response_fields:
        return "cg-uai", [_user_identity]
    return _CASES[(rec.operation, rec.status, rec.api_version)]



@pytest.mark.parametrize("rec", RECORDED, ids=lambda r: f"{r.operation}-{r.method}-{r.status}-{r.api_version}-"
                                                         f"{r.error_code or ''}")
def test_recorded_fact(sandbox, rec):
    values = _world(sandbox)
    values["name"], checks = _case(rec)
    if rec.operation == "containerinstance.operations.get":
        started = _raw(sandbox, "PUT", _cg_id(sandbox, "cg-poll"), _CREATE)
        values["operationId"] = started.headers["Azure-AsyncOperation"].split("?")[0].rsplit("/", 1)[1]
    path = fill(rec.path, values)
    body = fill(copy.deepcopy(rec.request_body), values)
    resp = _raw(sandbox, rec.method, path, body, rec.api_version)
    assert resp.status_code == rec.status, f"{rec.source}\n{resp.text[:600]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], sorted(lower)
    if rec.error_code:
        assert payload["error"]["code"] == rec.error_code, payload
    for check in checks:
        check(resp, payload)
