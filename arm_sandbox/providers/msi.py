"""Microsoft.ManagedIdentity/userAssignedIdentities: PUT (201 create / 200 update), GET, list, DELETE."""
import copy

from ..arm import ArmError, new_guid, normalize_location
from ..tracked import ResourceType, tracked
from .common import system_data


def _build(req, rid, body, old):
    loc = body.get("location") or (old or {}).get("location")
    if not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    g = req.groups
    # The MSI RP spells 'resourcegroups' in lower case in the ids it returns (seen in recordings).
    rid = old["id"] if old else (f"/subscriptions/{req.sandbox.subscription_id}/resourcegroups/{g['rg']}"
                                 f"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{g['n0']}")
    props = (old or {}).get("properties") or {
        "isolationScope": "None", "tenantId": req.sandbox.tenant_id,
        "principalId": new_guid(), "clientId": new_guid()}
    return {"location": normalize_location(loc),
            "tags": copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags", {}),
            "id": rid, "name": rid.rsplit("/", 1)[1], "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
            "systemData": system_data(req, old), "properties": props}


# A create answers 201 with a Location header naming the identity's own path (recorded).
IDENTITIES = ResourceType("Microsoft.ManagedIdentity/userAssignedIdentities", build=_build, created_location=True)


def register(router):
    tracked(router, IDENTITIES)
