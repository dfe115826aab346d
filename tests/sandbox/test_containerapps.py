"""Microsoft.App (container apps, managed environments): the pinned azure-mgmt-appcontainers SDK, the real
`az containerapp` commands of azure-cli 2.91.0, and each fact of recorded_containerapps.RECORDED replayed
against the sandbox."""
import copy
import json
import re

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.appcontainers import ContainerAppsAPIClient
from azure.mgmt.appcontainers.models import (
    Configuration, Container, ContainerApp, EnvironmentVar, Ingress, ManagedEnvironment, ManagedServiceIdentity,
    Secret, Template)

from tests.sandbox.raw import raw
from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_containerapps import RECORDED

FAST = {"polling_interval": 0.01}
API = "2022-10-01"   # azure-mgmt-appcontainers 2.0.0's default
SUFFIX_RE = r"[a-z][a-z0-9]{6}"


@pytest.fixture
def apps(quick_lro):
    sb = quick_lro
    sb.put_resource(f"/subscriptions/{sb.subscription_id}/resourceGroups/rg", {"location": "eastus"})
    return ContainerAppsAPIClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                                  connection_verify=sb.ca_bundle, retry_total=0)


def _rg(sb, rg="rg"):
    return f"/subscriptions/{sb.subscription_id}/resourceGroups/{rg}"


def _app_id(sb, name, rg="rg"):
    return f"{_rg(sb, rg)}/providers/Microsoft.App/containerApps/{name}"


def _env_id(sb, name="env1", rg="rg"):
    return f"{_rg(sb, rg)}/providers/Microsoft.App/managedEnvironments/{name}"


def _raw(sb, method, path, body=None, api_version=API):
    return raw(sb, method, path, body, api_version)


def _app_body(env_id, secrets=(("db-pass", "s3cret"),), env=None, ingress=True, identity="SystemAssigned", **props):
    cfg = {"secrets": [{"name": n, "value": v} for n, v in secrets]}
    if ingress:
        cfg["ingress"] = {"external": True, "targetPort": 8080}
    body = {"location": "eastus", "properties": {
        "managedEnvironmentId": env_id, "configuration": cfg,
        "template": {"containers": [{"name": "web", "image": "nginx",
                                     "env": env if env is not None else [{"name": "DB_PASS", "secretRef": "db-pass"}]}]},
        **props}}
    if identity:
        body["identity"] = {"type": identity}
    return body


def _revision_names(sb, name):
    return [r["name"] for r in _raw(sb, "GET", _app_id(sb, name) + "/revisions").json()["value"]]


# ---------------------------------------------------------------------------------- SDK: the whole lifecycle
def test_sdk_lifecycle(apps, quick_lro):
    sb = quick_lro
    env = apps.managed_environments.begin_create_or_update("rg", "env1", ManagedEnvironment(location="eastus"),
                                                           **FAST).result()
    assert env.provisioning_state == "Succeeded" and env.location == "East US"
    assert re.fullmatch(r"[a-z]+-[0-9a-f]{8}\.eastus\.azurecontainerapps\.io", env.default_domain)
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", env.static_ip)

    model = ContainerApp(
        location="eastus", identity=ManagedServiceIdentity(type="SystemAssigned"), managed_environment_id=env.id,
        configuration=Configuration(secrets=[Secret(name="db-pass", value="s3cret")],
                                    ingress=Ingress(external=True, target_port=8080)),
        template=Template(containers=[Container(name="web", image="nginx", env=[
            EnvironmentVar(name="DB_PASS", secret_ref="db-pass"), EnvironmentVar(name="MODE", value="a")])]))
    sb.clear_log()
    app = apps.container_apps.begin_create_or_update("rg", "app1", model, **FAST).result()
    assert app.provisioning_state == "Succeeded"
    assert app.id == f"{_rg(sb)}/providers/Microsoft.App/containerapps/app1"   # sic, as ARM spells it
    assert app.identity.type == "SystemAssigned" and app.identity.tenant_id == sb.tenant_id and app.identity.principal_id
    assert app.configuration.ingress.fqdn == f"app1.{env.default_domain}"
    first_revision = app.latest_revision_name
    assert re.fullmatch(r"app1--" + SUFFIX_RE, first_revision) and app.latest_ready_revision_name == first_revision
    assert app.latest_revision_fqdn == f"{first_revision}.{env.default_domain}"
    assert len(app.outbound_ip_addresses) == 4
    assert [(s.name, s.value) for s in app.configuration.secrets] == [("db-pass", None)]
    assert app.template.containers[0].resources.cpu == 0.5 and app.template.containers[0].resources.memory == "1Gi"
    # the LRO: 201 + Azure-AsyncOperation at containerappOperationStatuses, polled until Succeeded, then a GET
    log = [(r["method"], r["path"].split("/providers/Microsoft.App/")[-1].rsplit("/", 1)[0], r["status"])
           for r in sb.requests]
    assert log == [("PUT", "containerApps", 201), ("GET", "locations/eastus/containerappOperationStatuses", 200),
                   ("GET", "locations/eastus/containerappOperationStatuses", 200), ("GET", "containerApps", 200)]

    got = apps.container_apps.get("rg", "APP1")
    assert got.configuration.secrets[0].name == "db-pass" and got.configuration.secrets[0].value is None
    raw = _raw(sb, "GET", _app_id(sb, "app1")).json()
    assert raw["properties"]["configuration"]["secrets"] == [{"name": "db-pass"}] and "s3cret" not in json.dumps(raw)
    assert [(s.name, s.value) for s in apps.container_apps.list_secrets("rg", "app1").value] == [("db-pass", "s3cret")]

    # PATCH of the template (env vars): 202, polled, a new revision; the old one is deactivated
    sb.clear_log()
    patched = apps.container_apps.begin_update("rg", "app1", ContainerApp(location="eastus", template=Template(
        containers=[Container(name="web", image="nginx", env=[EnvironmentVar(name="DB_PASS", secret_ref="db-pass"),
                                                                EnvironmentVar(name="MODE", value="b")])])),
        **FAST).result()
    assert [(r["method"], r["status"]) for r in sb.requests] == [("PATCH", 202), ("GET", 200), ("GET", 200), ("GET", 200)]
    assert patched.latest_revision_name != first_revision
    assert [(e.name, e.value) for e in patched.template.containers[0].env] == [("DB_PASS", None), ("MODE", "b")]
    assert patched.identity.principal_id == app.identity.principal_id           # identity untouched by PATCH
    assert patched.configuration.ingress.target_port == 8080                     # configuration untouched
    second_revision = patched.latest_revision_name

    # PATCH of secrets only: configuration change, no new revision
    secrets_only = apps.container_apps.begin_update("rg", "app1", ContainerApp(location="eastus", configuration=Configuration(
        secrets=[Secret(name="db-pass", value="rotated"), Secret(name="api-key", value="k1")])), **FAST).result()
    assert secrets_only.latest_revision_name == second_revision
    assert sorted(s.name for s in secrets_only.configuration.secrets) == ["api-key", "db-pass"]
    assert {s.name: s.value for s in apps.container_apps.list_secrets("rg", "app1").value} == {
        "db-pass": "rotated", "api-key": "k1"}

    revisions = list(apps.container_apps_revisions.list_revisions("rg", "app1"))
    assert [(r.name, r.active) for r in revisions] == [(first_revision, False), (second_revision, True)]
    one = apps.container_apps_revisions.get_revision("rg", "app1", second_revision)
    assert one.template.containers[0].env[1].value == "b" and one.fqdn == f"{second_revision}.{env.default_domain}"
    with pytest.raises(ResourceNotFoundError):
        apps.container_apps_revisions.get_revision("rg", "app1", "app1--nope")

    # a secretRef to a secret that does not exist is refused at once
    with pytest.raises(HttpResponseError) as err:
        apps.container_apps.begin_update("rg", "app1", ContainerApp(location="eastus", template=Template(
            containers=[Container(name="web", image="nginx", env=[EnvironmentVar(name="X", secret_ref="nope")])])))
    assert err.value.error.code == "ContainerAppSecretRefNotFound"
    assert err.value.error.message == "SecretRef 'nope' defined for container 'web' not found."

    sb.put_resource(_rg(sb, "rg2"), {"location": "westus"})
    sb.put_resource(_env_id(sb, "env2", "rg2"), {"location": "westus"})
    apps.container_apps.begin_create_or_update("rg2", "app2", ContainerApp(
        location="westus", managed_environment_id=_env_id(sb, "env2", "rg2"),
        template=Template(containers=[Container(name="c", image="busybox")])), **FAST).result()
    assert [a.name for a in apps.container_apps.list_by_resource_group("rg")] == ["app1"]
    assert sorted(a.name for a in apps.container_apps.list_by_subscription()) == ["app1", "app2"]
    assert [e.name for e in apps.managed_environments.list_by_resource_group("rg")] == ["env1"]
    assert apps.container_apps.get("rg2", "app2").identity.type == "None"

    sb.clear_log()
    apps.container_apps.begin_delete("rg", "app1", **FAST).result()
    assert [(r["method"], r["path"].split("/")[-2], r["status"]) for r in sb.requests] == [
        ("DELETE", "containerApps", 202), ("GET", "containerappOperationResults", 202),
        ("GET", "containerappOperationResults", 204)]
    with pytest.raises(ResourceNotFoundError) as err:
        apps.container_apps.get("rg", "app1")
    assert err.value.error.code == "ResourceNotFound"
    assert sb.store.children(_app_id(sb, "app1"), "/revisions") == []
    apps.managed_environments.begin_delete("rg", "env1", **FAST).result()
    assert sb.get_resource(_env_id(sb)) is None


def test_identities_on_apps(apps, quick_lro):
    sb = quick_lro
    sb.put_resource(_env_id(sb), {"location": "eastus"})
    uai = sb.put_resource(f"{_rg(sb)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai", {"location": "eastus"})
    user = {"type": "UserAssigned", "userAssignedIdentities": {uai["id"]: {}}}
    made = apps.container_apps.begin_create_or_update(
        "rg", "app1", _app_body(_env_id(sb), identity=None) | {"identity": user}, **FAST).result()
    assert made.identity.type == "UserAssigned" and made.identity.principal_id is None
    assert made.identity.user_assigned_identities[uai["id"]].client_id == uai["properties"]["clientId"]
    revision = made.latest_revision_name

    both = apps.container_apps.begin_update("rg", "app1", {"identity": {"type": "SystemAssigned,UserAssigned",
                                                                        "userAssignedIdentities": {uai["id"]: {}}}},
                                            **FAST).result()
    assert both.identity.principal_id and uai["id"] in both.identity.user_assigned_identities
    assert both.latest_revision_name == revision                                  # identity is not template
    none = apps.container_apps.begin_update("rg", "app1", {"identity": {"type": "None"}}, **FAST).result()
    assert none.identity.type == "None" and sb.get_resource(_app_id(sb, "app1"))["identity"] == {"type": "None"}

    missing = uai["id"][:-3] + "nope"
    with pytest.raises(HttpResponseError) as err:
        apps.container_apps.begin_create_or_update("rg", "app2", _app_body(_env_id(sb), identity=None) | {
            "identity": {"type": "UserAssigned", "userAssignedIdentities": {missing: {}}}}, **FAST)
    assert err.value.error.code == "FailedIdentityOperation" and sb.get_resource(_app_id(sb, "app2")) is None


def test_revisions_follow_template_changes(apps, quick_lro):
    sb = quick_lro
    sb.put_resource(_env_id(sb), {"location": "eastus"})
    body = _app_body(_env_id(sb))
    body["properties"]["template"]["revisionSuffix"] = "v1"
    assert _raw(sb, "PUT", _app_id(sb, "app1"), body).status_code == 201
    assert _revision_names(sb, "app1") == ["app1--v1"]
    again = _raw(sb, "PUT", _app_id(sb, "app1"), body)                   # same template: 201, no new revision
    assert again.status_code == 201 and _revision_names(sb, "app1") == ["app1--v1"]

    changed = copy.deepcopy(body)
    changed["properties"]["template"]["containers"][0]["image"] = "nginx:2"
    conflict = _raw(sb, "PUT", _app_id(sb, "app1"), changed)             # new template, suffix already used
    assert conflict.status_code == 400 and conflict.json()["error"]["code"] == "ContainerAppOperationError"
    assert "revision with suffix v1 already exists" in conflict.json()["error"]["message"]

    changed["properties"]["template"]["revisionSuffix"] = None            # no suffix -> a random one
    assert _raw(sb, "PUT", _app_id(sb, "app1"), changed).status_code == 201
    names = _revision_names(sb, "app1")
    assert names[0] == "app1--v1" and re.fullmatch(r"app1--" + SUFFIX_RE, names[1])
    app = sb.get_resource(_app_id(sb, "app1"))
    assert app["properties"]["latestRevisionName"] == names[1] and app["properties"]["template"]["revisionSuffix"] == ""

    ingress_only = _raw(sb, "PATCH", _app_id(sb, "app1"), {"properties": {"configuration": {
        "ingress": {"external": False, "targetPort": 9000}}}})
    assert ingress_only.status_code == 202 and ingress_only.content == b""
    app = sb.get_resource(_app_id(sb, "app1"))
    assert _revision_names(sb, "app1") == names
    assert app["properties"]["configuration"]["ingress"]["fqdn"].startswith("app1.internal.")
    assert app["properties"]["configuration"]["secrets"] == [{"name": "db-pass"}]   # PATCH without secrets keeps them

    suffixed = _raw(sb, "PATCH", _app_id(sb, "app1"), {"properties": {"template": {"revisionSuffix": "v2"}}})
    assert suffixed.status_code == 202 and _revision_names(sb, "app1")[-1] == "app1--v2"


@pytest.mark.parametrize("name, mutate, status, code", [
    ("Bad-Name", lambda b: b, 400, "ContainerAppInvalidName"),
    ("app-x", lambda b: b["properties"]["configuration"].update(secrets=[{"name": "Bad_Name", "value": "x"}]),
     400, "ContainerAppInvalidSecretName"),
    ("app-x", lambda b: b["properties"]["configuration"].update(secrets=[{"name": "db-pass"}]),
     400, "ContainerAppSecretInvalid"),
    ("app-x", lambda b: b["properties"]["template"]["containers"][0]["env"][0].update(secretRef="other"),
     400, "ContainerAppSecretRefNotFound"),
    ("app-x", lambda b: b["properties"]["template"]["containers"][0].pop("image"), 400, "ContainerAppImageRequired"),
    ("app-x", lambda b: b["properties"]["template"].update(containers=[]), 400, "ContainerAppOperationError"),
    ("app-x", lambda b: b["properties"]["template"]["containers"].append({"name": "web", "image": "x"}),
     400, "ContainerAppOperationError"),
    ("app-x", lambda b: b["properties"]["template"].update(revisionSuffix="Bad_"), 400,
     "ContainerAppInvalidRevisionName"),
    ("app-x", lambda b: b["properties"].pop("managedEnvironmentId"), 400, "InvalidManagedEnvironmentId"),
    ("app-x", lambda b: b["properties"].update(managedEnvironmentId=b["properties"]["managedEnvironmentId"] + "x"),
     404, "ManagedEnvironmentNotFound"),
    ("app-x", lambda b: b.pop("location"), 400, "LocationRequired"),
])
def test_validation_errors(apps, quick_lro, name, mutate, status, code):
    sb = quick_lro
    sb.put_resource(_env_id(sb), {"location": "eastus"})
    body = _app_body(_env_id(sb))
    mutate(body)
    resp = _raw(sb, "PUT", _app_id(sb, name), body)
    assert (resp.status_code, resp.json()["error"]["code"]) == (status, code), resp.text
    assert sb.get_resource(_app_id(sb, name)) is None


# ---------------------------------------------------------------------------------- the real az containerapp
def test_az_containerapp(sandbox, az_cli):
    sb = sandbox
    az = az_cli.json
    sb.put_resource(_rg(sb), {"location": "eastus"})
    env = sb.put_resource(_env_id(sb), {"location": "eastus"})
    domain = env["properties"]["defaultDomain"]
    uai = sb.put_resource(f"{_rg(sb)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai", {"location": "eastus"})

    made = az("containerapp", "create", "-g", "rg", "-n", "app1", "--environment", "env1", "--image", "nginx",
              "--secrets", "db-pass=s3cret", "--env-vars", "DB_PASS=secretref:db-pass", "MODE=a",
              "--system-assigned", "--ingress", "external", "--target-port", "80")
    assert made["properties"]["provisioningState"] == "Succeeded"
    assert made["properties"]["configuration"]["ingress"]["fqdn"] == f"app1.{domain}"
    assert made["identity"]["type"] == "SystemAssigned"
    first = made["properties"]["latestRevisionName"]

    shown = az("containerapp", "show", "-g", "rg", "-n", "app1")
    assert shown["properties"]["configuration"]["secrets"] == [{"name": "db-pass"}]
    assert [a["name"] for a in az("containerapp", "list", "-g", "rg")] == ["app1"]
    assert [a["name"] for a in az("containerapp", "list", "--environment", "env1")] == ["app1"]
    assert az("containerapp", "secret", "list", "-g", "rg", "-n", "app1") == [{"name": "db-pass"}]
    assert az("containerapp", "secret", "list", "-g", "rg", "-n", "app1", "--show-values") == [
        {"name": "db-pass", "value": "s3cret"}]
    assert az("containerapp", "secret", "show", "-g", "rg", "-n", "app1", "--secret-name", "db-pass")["value"] == "s3cret"
    principal = az("containerapp", "identity", "show", "-g", "rg", "-n", "app1")["principalId"]

    # GET + listSecrets + PUT of the whole app (201 + Azure-AsyncOperation, polled): same revision
    assigned = az("containerapp", "identity", "assign", "-g", "rg", "-n", "app1", "--user-assigned", uai["id"])
    assert assigned["principalId"] == principal and assigned["type"] == "SystemAssigned, UserAssigned"
    assert [k.lower() for k in assigned["userAssignedIdentities"]] == [uai["id"].lower()]   # az sends it lower-cased
    assert az("containerapp", "secret", "list", "-g", "rg", "-n", "app1", "--show-values") == [
        {"name": "db-pass", "value": "s3cret"}]                               # the PUT carried the value back

    updated = az("containerapp", "update", "-g", "rg", "-n", "app1", "--set-env-vars", "MODE=b")
    assert updated["properties"]["template"]["containers"][0]["env"] == [   # az hides env values in its output
        {"name": "DB_PASS", "secretRef": "db-pass"}, {"name": "MODE"}]
    stored = sb.get_resource(_app_id(sb, "app1"))["properties"]["template"]["containers"][0]["env"]
    assert stored == [{"name": "DB_PASS", "secretRef": "db-pass"}, {"name": "MODE", "value": "b"}]  # "" dropped
    second = updated["properties"]["latestRevisionName"]
    assert second != first

    az_cli.run("containerapp", "secret", "set", "-g", "rg", "-n", "app1", "--secrets", "api-key=k1", check=True)
    assert sb.get_resource(_app_id(sb, "app1"))["properties"]["latestRevisionName"] == second
    revisions = az("containerapp", "revision", "list", "-g", "rg", "-n", "app1", "--all")
    assert [(r["name"], r["properties"]["active"]) for r in revisions] == [(first, False), (second, True)]

    failed = az_cli.run("containerapp", "update", "-g", "rg", "-n", "app1", "--set-env-vars", "X=secretref:nope")
    assert failed.returncode != 0 and "ContainerAppSecretRefNotFound" in failed.stderr

    az_cli.run("containerapp", "delete", "-g", "rg", "-n", "app1", "--yes", check=True)
    assert az("containerapp", "list", "-g", "rg") == []
    polls = [r for r in sb.requests if "/containerappOperationResults/" in r["path"]]
    assert [p["status"] for p in polls] == [202, 204]


# ---------------------------------------------------------------------------------- recorded facts, replayed

def _world(sb):
    sb.put_resource(_rg(sb), {"location": "eastus"})
    env = sb.put_resource(_env_id(sb), {"location": "eastus"})
    body = _app_body(env["id"], secrets=(("db-pass", "s3cret"), ("acr-pass", "p")))
    body["properties"]["configuration"]["registries"] = [
        {"server": "myacr.azurecr.io", "username": "myacr", "passwordSecretRef": "acr-pass"}]
    app = sb.put_resource(_app_id(sb, "app1"), body)
    sb.put_resource(_app_id(sb, "app-plain"), _app_body(env["id"], secrets=(), env=[], ingress=False, identity=None))
    return {"subscription": sb.subscription_id, "resourceGroup": "rg", "app": "app1", "environment": "env1",
            "environmentId": env["id"], "location": "eastus", "revision": app["properties"]["latestRevisionName"]}


def _operation(sb, values, header, method="PATCH"):
    """Start an operation on app1 (or a doomed app for DELETE); -> the monitor URL from `header`."""
    if method == "DELETE":
        sb.put_resource(_app_id(sb, "app-doomed"), _app_body(values["environmentId"], secrets=(), env=[]))
        resp = _raw(sb, "DELETE", _app_id(sb, "app-doomed"))
    else:
        resp = _raw(sb, "PATCH", _app_id(sb, "app1"), {"properties": {"template": {"revisionSuffix": "next"}}})
    assert resp.status_code == 202, resp.text
    return resp.headers[header]


def _ids(rec):
    return f"{rec.operation}-{rec.method}-{rec.status}-{rec.error_code or rec.api_version}"


@pytest.mark.parametrize("rec", RECORDED, ids=[_ids(r) for r in RECORDED])
def test_recorded_exchange(sandbox, rec):
    sb = sandbox
    values = _world(sb)
    op, status = rec.operation.rsplit(".", 1)[-1], rec.status
    url = None
    if op == "create_or_update" and rec.path.endswith("{environment}") and status == 201:
        values["environment"] = "env-new"
    elif op == "delete" and "managedEnvironments" in rec.path:
        sb.put_resource(_env_id(sb, "env-doomed"), {"location": "eastus"})
        values["environment"] = "env-doomed"
    elif op == "create_or_update" and status == 201 and (rec.request_body or {}).get("identity", {}).get("type") != "None":
        values["app"] = "app-new"
    elif op == "create_or_update" and status == 400:
        values["app"] = "WebFrontEnd" if rec.error_code == "ContainerAppInvalidName" else "app-bad"
    elif op == "delete":
        sb.put_resource(_app_id(sb, "app-doomed"), _app_body(values["environmentId"], secrets=(), env=[]))
        values["app"] = "app-doomed"
    elif op == "list_secrets" and not any(f.startswith("value[]") for f in rec.response_fields):
        values["app"] = "app-plain"
    elif op == "get" and status == 404:
        values["app"] = "ghost"
    elif op == "operation_status":
        url = _operation(sb, values, "Azure-AsyncOperation")
    elif op == "operation_result":
        url = _operation(sb, values, "Location")
    elif op == "delete_result":
        url = _operation(sb, values, "Location", method="DELETE")

    if url is None:
        resp = _raw(sb, rec.method, fill(rec.path, values), fill(rec.request_body, values), rec.api_version)
    else:
        assert re.search(fill(rec.path, values).replace("{operation}", "[0-9a-f-]{36}").replace(".", r"\."),
                         url.split("?")[0]), url
        resp = _raw(sb, "GET", url)
        while resp.status_code == 202 and status != 202:   # a Location monitor: running, then done
            resp = _raw(sb, "GET", url)
    assert resp.status_code == status, f"{rec.source}\n{resp.text[:500]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], f"headers: {sorted(lower)}"
    if rec.error_code:
        assert payload["error"]["code"] == rec.error_code, payload
    if op == "create_or_update" and status == 201 and "containerApps" in rec.path:
        assert payload["properties"]["provisioningState"] == "InProgress" and "Location" not in resp.headers
        assert "/containerappOperationStatuses/" in resp.headers["Azure-AsyncOperation"]
    if op == "update":
        assert resp.content == b"" and "/containerappOperationResults/" in resp.headers["Location"]
    if op == "get" and status == 200 and "containerApps" in rec.path:
        assert all("value" not in s for s in payload["properties"]["configuration"]["secrets"] or [])
