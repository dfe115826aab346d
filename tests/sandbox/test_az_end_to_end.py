"""The real az (a subprocess, private AZURE_CONFIG_DIR) logged into the sandbox, using core CLI commands."""
import json


def test_az_scenario(sandbox, az_cli):
    sub = sandbox.subscription_id
    az = az_cli.json

    acct = az("account", "show")
    assert acct["id"] == sub and acct["tenantId"] == sandbox.tenant_id
    assert acct["user"] == {"name": sandbox.client_id, "type": "servicePrincipal"}

    group = az("group", "create", "-n", "RG-E2E", "-l", "westeurope")
    assert group["id"] == f"/subscriptions/{sub}/resourceGroups/RG-E2E"
    assert group["properties"]["provisioningState"] == "Succeeded"

    rg = f"/subscriptions/{sub}/resourceGroups/RG-E2E"
    plan = f"{rg}/providers/Microsoft.Web/serverfarms/plan1"
    site = f"{rg}/providers/Microsoft.Web/sites/app-e2e"
    sa = f"{rg}/providers/Microsoft.Storage/storageAccounts/stge2e"
    az("rest", "--method", "put", "--url", plan + "?api-version=2024-11-01", "--body",
       json.dumps({"location": "westeurope", "kind": "linux", "sku": {"name": "B1", "tier": "Basic"},
                   "properties": {"reserved": True}}))
    created = az("rest", "--method", "put", "--url", site + "?api-version=2024-11-01", "--body",
                 json.dumps({"location": "westeurope", "kind": "app,linux",
                             "properties": {"serverFarmId": plan, "siteConfig": {"linuxFxVersion": "PYTHON|3.11"}}}))
    assert created["properties"]["defaultHostName"] == "app-e2e.azurewebsites.net"
    assert created["properties"]["siteConfig"]["linuxFxVersion"] == "PYTHON|3.11"
    assert created["location"] == "West Europe"  # App Service echoes the display name
    az_cli.run("rest", "--method", "put", "--url", sa + "?api-version=2025-08-01", "--body",
               json.dumps({"location": "westeurope", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}), check=True)

    settings = az("webapp", "config", "appsettings", "set", "-g", "RG-E2E", "-n", "app-e2e",
                  "--settings", "FOO=bar", "BAZ=1")
    assert {s["name"] for s in settings} == {"FOO", "BAZ"}
    listed = az("webapp", "config", "appsettings", "list", "-g", "rg-e2e", "-n", "APP-E2E")  # ids are case-insensitive
    assert {(s["name"], s["value"]) for s in listed} == {("FOO", "bar"), ("BAZ", "1")}

    identity = az("webapp", "identity", "assign", "-g", "RG-E2E", "-n", "app-e2e")
    assert identity["type"] == "SystemAssigned" and identity["tenantId"] == sandbox.tenant_id
    principal = identity["principalId"]
    assert sandbox.get_resource(site)["identity"]["principalId"] == principal

    account = az("storage", "account", "show", "-g", "RG-E2E", "-n", "stge2e")
    assert account["primaryEndpoints"]["blob"] == "https://stge2e.blob.core.windows.net/"
    assert account["provisioningState"] == "Succeeded" and account["networkRuleSet"]["defaultAction"] == "Allow"
    keys = az("storage", "account", "keys", "list", "-g", "RG-E2E", "-n", "stge2e")
    assert [k["keyName"] for k in keys] == ["key1", "key2"] and all(len(k["value"]) == 88 for k in keys)

    ra = az("role", "assignment", "create", "--assignee-object-id", principal,
            "--assignee-principal-type", "ServicePrincipal", "--role", "Storage Blob Data Contributor", "--scope", sa)
    assert ra["principalId"] == principal and ra["scope"] == sa
    assert ra["roleDefinitionId"].endswith("/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe")
    # az treats RoleAssignmentExists as success (idempotent create) and returns the existing one
    again = az("role", "assignment", "create", "--assignee-object-id", principal,
               "--assignee-principal-type", "ServicePrincipal", "--role", "Storage Blob Data Contributor", "--scope", sa)
    assert again["name"] == ra["name"]
    listed = az("role", "assignment", "list", "--scope", sa)
    assert [(r["principalId"], r["roleDefinitionName"]) for r in listed] == [(principal, "Storage Blob Data Contributor")]

    paths = [(r["method"], r["status"]) for r in sandbox.requests]
    assert ("PUT", 409) in paths  # the second create really hit RoleAssignmentExists
