"""Seed format: {"resourceGroups": [{"name", "location", "tags"?}], "resources": [{"id", "body"}]}.

A `state` dump ({"resources": [{"id", "body", "private"}]}) is restored verbatim instead.
"""
from . import constants as C


def apply_seed(sandbox, data):
    from .arm import ArmError
    sub = data.get("subscriptionId") or sandbox.subscription_id
    for group in data.get("resourceGroups", []):
        body = {"location": group.get("location", C.DEFAULT_LOCATION), "tags": group.get("tags", {})}
        sandbox.put_resource(f"/subscriptions/{sub}/resourceGroups/{group['name']}", body)
    for res in data.get("resources", []):
        if "private" in res:  # a dump record: keep it exactly
            sandbox.store.put(res["id"], res["body"], res["private"])
            continue
        resp = sandbox.call("PUT", res["id"], res.get("body") or {}, res.get("apiVersion"))
        if resp.status >= 400:
            raise ArmError(resp.status, "SeedFailed", f"seeding {res['id']}: {resp.body}")
