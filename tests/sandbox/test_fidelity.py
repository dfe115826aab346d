"""Each fact in recorded_exchanges.RECORDED, replayed against the sandbox.

A small world (group, plan, site with a system identity, slot, storage account, vault,
user-assigned identity, one role assignment) is seeded per test; OVERRIDES adapt the
placeholders, body or auth to a record's precondition (absent resource, other name, ...).
"""
import copy
import json
import re
import uuid

import pytest
import requests

from tests.sandbox.facts import fill, present
from tests.sandbox.recorded_exchanges import RECORDED


READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
EXISTING_RA = "5f0c8f0e-1111-4222-8333-444455556666"
UNKNOWN = "0badc0de-0000-4000-8000-00000000dead"

# Records whose behaviour the sandbox deliberately answers with another recorded variant.
SKIP = {
    ("web.sites.create_or_update", 202):
        "spec example of the async variant; the sandbox answers the synchronous 200 that real recordings show",
    ("generic.lro_status", 200): "Microsoft.Resources/deployments is not modelled",
    ("generic.lro_async_header", 201): "Microsoft.Resources/deployments is not modelled",
}


def _world(sb):
    sub = sb.subscription_id
    rg = f"/subscriptions/{sub}/resourceGroups/rg"
    sb.put_resource(rg, {"location": "eastus"})
    sb.put_resource(f"/subscriptions/{sub}/resourceGroups/rg-doomed", {"location": "eastus"})
    plan = sb.put_resource(f"{rg}/providers/Microsoft.Web/serverfarms/plan",
                           {"location": "eastus", "sku": {"name": "S1", "tier": "Standard"}})
    uai = sb.put_resource(f"{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai", {"location": "eastus"})
    site = sb.put_resource(f"{rg}/providers/Microsoft.Web/sites/app", {
        "location": "eastus", "kind": "app,linux", "identity": {"type": "SystemAssigned"},
        "properties": {"serverFarmId": plan["id"], "siteConfig": {"linuxFxVersion": "PYTHON|3.12"}}})
    sb.put_resource(f"{site['id']}/slots/staging", {"location": "eastus"})
    sb.put_resource(f"{rg}/providers/Microsoft.Storage/storageAccounts/stg", {
        "location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"},
        "properties": {"publicNetworkAccess": "Enabled"}})
    sb.put_resource(f"{rg}/providers/Microsoft.KeyVault/vaults/kv", {"location": "eastus", "properties": {
        "tenantId": sb.tenant_id, "sku": {"family": "A", "name": "standard"}}})
    uai_principal = uai["properties"]["principalId"]
    sb.put_resource(f"{rg}/providers/Microsoft.Authorization/roleAssignments/{EXISTING_RA}", {"properties": {
        "roleDefinitionId": f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{READER}",
        "principalId": uai_principal, "principalType": "ServicePrincipal"}})
    return {
        "subscription": sub, "subscriptionId": sub, "resourceGroup": "rg", "name": "app", "slot": "staging",
        "account": "stg", "vault": "kv", "identity": "uai", "identityId": uai["id"], "plan": "plan",
        "planId": plan["id"], "tenant": sb.tenant_id, "scope": rg.lstrip("/"), "roleAssignmentName": EXISTING_RA,
        "roleDefinitionId": READER, "roleId": READER, "principalId": uai_principal, "principal": uai_principal,
        "roleDefinitionFullId": f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{READER}",
        "unknownGuid": UNKNOWN, "guid": str(uuid.uuid4()), "location": "eastus",
        "sitePrincipal": site["identity"]["principalId"],
    }


def _override(sb, rec, values):
    """Adapt placeholders to the record's precondition. Returns (values, body, auth) changes."""
    key, body, auth = (rec.operation, rec.status), None, "token"
    v = values
    if key == ("resources.resource_groups.create_or_update", 201):
        v["resourceGroup"] = "rg-new"
    elif key == ("resources.resource_groups.create_or_update", 200):
        # re-PUT of an existing group: it must already be in the record's location (else ARM answers
        # 409 InvalidResourceGroupLocation)
        v["resourceGroup"] = "rg-again"
        sb.put_resource(f"/subscriptions/{v['subscription']}/resourceGroups/rg-again", rec.request_body)
    elif key in (("resources.resource_groups.get", 404),):
        v["resourceGroup"] = "rg-missing"
    elif key == ("resources.resource_groups.delete", 202):
        v["resourceGroup"] = "rg-doomed"
    elif rec.operation in ("web.sites.get", "storage.accounts.get_properties", "keyvault.vaults.get") and rec.status == 404:
        v.update(name="ghost", account="stgghost", vault="kvghost")
    elif rec.operation in ("web.sites.create_or_update", "generic.invalid_linked_id"):
        v["name"] = "app-new"
    elif key == ("storage.accounts.create", 202):
        v["account"] = "stgnew"
    elif key == ("keyvault.vaults.create_or_update", 200):
        v["vault"] = "kvnew"
    elif key == ("msi.user_assigned_identities.create_or_update", 201):
        v["identity"] = "uai-new"
    elif key == ("authorization.role_assignments.create", 201):
        v.update(roleAssignmentName=str(uuid.uuid4()), principalId=v["sitePrincipal"])
    elif rec.operation == "authorization.role_assignments.create" and rec.status in (409, 400):
        v["roleAssignmentName"] = str(uuid.uuid4())
    elif key == ("authorization.role_assignments.delete", 204):
        v["roleAssignmentName"] = str(uuid.uuid4())
    elif key == ("web.sites.error_shape", 400):
        body = {"location": "westus", "properties": {"siteConfig": {"appSettings": "not-a-list"}}}
    if rec.operation == "generic.unauthenticated":
        auth = {"AuthenticationFailed": None, "AuthenticationFailedInvalidHeader": "Basic dXNlcjpwYXNz",
                "InvalidAuthenticationToken": "Bearer not.a.token"}[rec.error_code]
    return body, auth



def _ids(rec):
    return f"{rec.operation}-{rec.method}-{rec.status}-{rec.api_version}"


@pytest.mark.skipif(not RECORDED, reason="tests/sandbox/recorded_exchanges.py is absent")
@pytest.mark.parametrize("rec", RECORDED or [None], ids=_ids if RECORDED else None)
def test_recorded_exchange(sandbox, rec):
    if (rec.operation, rec.status) in SKIP:
        pytest.skip(SKIP[(rec.operation, rec.status)])
    values = _world(sandbox)
    body_override, auth = _override(sandbox, rec, values)
    path, _, query = fill(rec.path, values).partition("?")
    path = re.sub(r"/+", "/", path)
    params = dict(p.split("=", 1) for p in query.split("&") if p) if query else {}
    params["api-version"] = rec.api_version
    headers = {}
    if auth == "token":
        headers["Authorization"] = "Bearer " + sandbox.issue_token()[0]
    elif auth:
        headers["Authorization"] = auth
    url = sandbox.url + path
    if rec.operation == "generic.throttled":
        sandbox.inject_fault(method="GET", path=re.escape(path) + "$", status=429, code="TooManyRequests",
                             message="Too many requests.", retry_after=3)
    if rec.operation == "generic.lro_location_poll":
        start = requests.delete(f"{sandbox.url}/subscriptions/{values['subscription']}/resourcegroups/rg-doomed",
                                params={"api-version": rec.api_version}, headers=headers, verify=sandbox.ca_bundle)
        url, params = start.headers["Location"], None
    body = body_override if body_override is not None else copy.deepcopy(fill(rec.request_body, values))
    resp = requests.request(rec.method, url, params=params, headers=headers, verify=sandbox.ca_bundle,
                            data=json.dumps(body) if body is not None else None,
                            timeout=30)
    assert resp.status_code == rec.status, f"{rec.source}\n{resp.text[:500]}"
    payload = resp.json() if resp.content else {}
    missing = [f for f in rec.response_fields if not present(payload, f)]
    assert not missing, f"fields missing: {missing}\n{json.dumps(payload)[:800]}"
    lower = {k.lower() for k in resp.headers}
    assert not [h for h in rec.response_headers if h not in lower], f"headers: {sorted(lower)}"
    assert "x-ms-request-id" in lower and "x-ms-correlation-request-id" in lower
    if rec.error_code:
        code = (payload.get("error") or {}).get("code") if "error" in payload else payload.get("Code")
        assert code == rec.error_code, payload
