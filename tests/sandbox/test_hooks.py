"""Test hooks: log, faults, latency, auth, state snapshot/restore/seed, admin endpoints, CLI, ttl."""
import json
import os
import subprocess
import sys
import time

import pytest
import requests
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
from azure.mgmt.resource import ResourceManagementClient

from arm_sandbox import Sandbox


def rg_client(sb, **kw):
    return ResourceManagementClient(sb.credential(), sb.subscription_id, base_url=sb.url,
                                    connection_verify=sb.ca_bundle, **kw)


def admin(sb, method, path, body=None):
    resp = requests.request(method, f"{sb.url}/_sandbox/{path}", json=body, verify=sb.ca_bundle, timeout=10)
    return resp.status_code, (resp.json() if resp.content else None)


def test_request_log(sandbox):
    rg_client(sandbox).resource_groups.create_or_update("rg", {"location": "eastus"})
    (entry,) = sandbox.requests
    assert entry["method"] == "PUT" and entry["status"] == 201 and entry["api_version"]
    assert entry["path"].endswith("/resourcegroups/rg") and entry["duration_ms"] >= 0
    assert admin(sandbox, "GET", "log")[1]["value"][0]["status"] == 201
    assert admin(sandbox, "DELETE", "log")[0] == 204 and sandbox.requests == []


def test_fault_once_then_retry_succeeds(sandbox):
    sandbox.inject_fault(method="PUT", path=r"/resourcegroups/rg$", status=429, code="TooManyRequests", retry_after=0)
    group = rg_client(sandbox, retry_backoff_factor=0.01).resource_groups.create_or_update("rg", {"location": "eastus"})
    assert group.name == "rg"
    assert [r["status"] for r in sandbox.requests] == [429, 201]


def test_persistent_fault_and_nth(sandbox):
    client = rg_client(sandbox, retry_total=0)
    client.resource_groups.create_or_update("rg", {"location": "eastus"})
    sandbox.inject_fault(method="GET", path="/resourcegroups/rg$", nth=2, status=503, code="ServiceUnavailable",
                         persistent=True)
    client.resource_groups.get("rg")  # first match passes
    for _ in range(2):
        with pytest.raises(HttpResponseError) as err:
            client.resource_groups.get("rg")
        assert err.value.status_code == 503 and err.value.error.code == "ServiceUnavailable"
    sandbox.clear_faults()
    assert client.resource_groups.get("rg").name == "rg"


def test_fail_request_k_over_http(sandbox):
    client = rg_client(sandbox, retry_total=0)
    status, rule = admin(sandbox, "POST", "faults", {"request": 2, "status": 500, "code": "InternalServerError"})
    assert status == 201
    client.resource_groups.create_or_update("rg", {"location": "eastus"})
    with pytest.raises(HttpResponseError):
        client.resource_groups.get("rg")
    assert client.resource_groups.get("rg").name == "rg"


def test_latency(sandbox):
    client = rg_client(sandbox)
    client.resource_groups.create_or_update("rg", {"location": "eastus"})
    sandbox.set_latency(150, method="GET", path="/resourcegroups/rg$")
    start = time.perf_counter()
    client.resource_groups.get("rg")
    assert time.perf_counter() - start >= 0.15
    assert admin(sandbox, "PUT", "latency", {"ms": 0, "clear": True})[1]["rules"] == []


def test_auth_required(sandbox):
    resp = requests.get(f"{sandbox.url}/subscriptions/{sandbox.subscription_id}/resourcegroups",
                        params={"api-version": "2024-11-01"}, verify=sandbox.ca_bundle)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "AuthenticationFailed"
    assert "www-authenticate" in {k.lower() for k in resp.headers}

    class Bad:
        def get_token(self, *s, **k):
            from azure.core.credentials import AccessToken
            return AccessToken("forged.token.value", int(time.time()) + 600)

        def get_token_info(self, *s, **k):
            from azure.core.credentials import AccessTokenInfo
            return AccessTokenInfo("forged.token.value", int(time.time()) + 600)
    client = ResourceManagementClient(Bad(), sandbox.subscription_id, base_url=sandbox.url,
                                      connection_verify=sandbox.ca_bundle)
    with pytest.raises(ClientAuthenticationError) as err:
        client.resource_groups.get("rg")
    assert err.value.error.code == "InvalidAuthenticationToken"


def test_missing_api_version_and_bad_subscription(sandbox):
    token = sandbox.issue_token()[0]
    h = {"Authorization": f"Bearer {token}"}
    r = requests.get(f"{sandbox.url}/subscriptions/{sandbox.subscription_id}/resourcegroups", headers=h,
                     verify=sandbox.ca_bundle)
    assert r.status_code == 400 and r.json()["error"]["code"] == "MissingApiVersionParameter"
    r = requests.get(f"{sandbox.url}/subscriptions/not-a-guid/resourcegroups", headers=h,
                     params={"api-version": "2024-11-01"}, verify=sandbox.ca_bundle)
    assert r.status_code == 400 and r.json()["error"]["code"] == "InvalidSubscriptionId"


def test_snapshot_restore_seed(sandbox, tmp_path):
    seed = {"resourceGroups": [{"name": "Seeded", "location": "westus"}], "resources": [{
        "id": f"/subscriptions/{sandbox.subscription_id}/resourceGroups/Seeded/providers/Microsoft.Storage/storageAccounts/seedstg",
        "body": {"location": "westus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}}]}
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    sandbox.seed(str(path))
    acct = sandbox.get_resource(seed["resources"][0]["id"].upper())  # case-insensitive lookup
    assert acct["properties"]["primaryEndpoints"]["blob"] == "https://seedstg.blob.core.windows.net/"
    snap = sandbox.snapshot()
    rg_client(sandbox).resource_groups.begin_delete("seeded", polling_interval=0.01).result()
    assert sandbox.get_resource(seed["resources"][0]["id"]) is None
    sandbox.restore(snap)
    assert sandbox.get_resource(seed["resources"][0]["id"]) == acct
    # the same over HTTP
    status, state = admin(sandbox, "GET", "state")
    assert status == 200 and len(state["resources"]) == 2
    assert admin(sandbox, "DELETE", "state")[0] == 204 and sandbox.dump() == {"resources": []}
    assert admin(sandbox, "PUT", "state", state)[0] == 200 and sandbox.dump() == state
    sandbox.reset()
    assert admin(sandbox, "POST", "seed", seed)[1] == {"resources": 2}


def test_standalone_cli_state_file_and_shutdown(tmp_path):
    state = tmp_path / "state.json"
    env = {**os.environ, "PYTHONPATH": os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))}
    proc = subprocess.Popen([sys.executable, "-m", "arm_sandbox", "serve", "--port", "0", "--ttl", "60",
                             "--workdir", str(tmp_path / "wd"), "--state-file", str(state)],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        first = proc.stdout.readline()
        url = first.split()[4]
        lines = [proc.stdout.readline()]
        while not lines[-1].startswith("# Admin") and len(lines) < 40:      # up to the last instruction
            lines.append(proc.stdout.readline())
        assert any(line.startswith("az login --service-principal") for line in lines)
        assert any("REQUESTS_CA_BUNDLE" in line for line in lines)
        bundle = str(tmp_path / "wd" / "ca-bundle.pem")
        requests.post(f"{url}/_sandbox/seed", json={"resourceGroups": [{"name": "kept", "location": "eastus"}]},
                      verify=bundle, timeout=10)
        assert requests.post(f"{url}/_sandbox/shutdown", verify=bundle, timeout=10).status_code == 202
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill() if proc.poll() is None else None
    assert "/resourcegroups/kept" in state.read_text().lower()


def test_ttl_stops_server(tmp_path):
    sb = Sandbox(port=0, ttl=0.5, workdir=str(tmp_path)).start()
    assert sb.wait(timeout=10) and not sb.running


def test_hold_pauses_one_request_until_released(sandbox):
    import threading
    held = sandbox.hold("PUT", r"/resourcegroups/rg$")
    done = []
    worker = threading.Thread(target=lambda: done.append(
        rg_client(sandbox).resource_groups.create_or_update("rg", {"location": "eastus"})))
    worker.start()
    assert held.arrived.wait(10) and held.request[0] == "PUT"
    time.sleep(0.2)
    assert not done and sandbox.get_resource(f"/subscriptions/{sandbox.subscription_id}/resourceGroups/rg") is None
    held.release()
    worker.join(10)
    assert done and done[0].name == "rg"
    rg_client(sandbox).resource_groups.create_or_update("rg", {"location": "eastus"})   # a hold catches one request
