"""Microsoft.ManagedIdentity/userAssignedIdentities: PUT (201 create / 200 update), GET, list, DELETE."""
import copy

from ..arm import ArmError, Response, new_guid, normalize_location
from ..router import RG
from .common import get_or_404, register_lists, require_group, system_data

UAI = RG + r"/providers/microsoft\.managedidentity/userassignedidentities/(?P<name>[^/]+)"


def register(router):
    register_lists(router, "Microsoft.ManagedIdentity/userAssignedIdentities")

    @router.add(["GET"], UAI)
    def get_identity(req):
        require_group(req)
        rec = get_or_404(req, "Microsoft.ManagedIdentity/userAssignedIdentities", req.groups["name"])
        return Response(200, rec["body"])

    @router.add(["PUT", "PATCH"], UAI)
    def put_identity(req):
        require_group(req)
        body = req.json(required=req.method == "PUT")
        store = req.sandbox.store
        existing = store.get(req.path)
        if req.method == "PATCH" and existing is None:
            get_or_404(req, "Microsoft.ManagedIdentity/userAssignedIdentities", req.groups["name"])
        old = existing["body"] if existing else None
        loc = body.get("location") or (old or {}).get("location")
        if not loc:
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
        g = req.groups
        # The MSI RP spells 'resourcegroups' in lower case in the ids it returns (seen in recordings).
        rid = existing["id"] if existing else (
            f"/subscriptions/{req.sandbox.subscription_id}/resourcegroups/{g['rg']}"
            f"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{g['name']}")
        props = (old or {}).get("properties") or {
            "isolationScope": "None", "tenantId": req.sandbox.tenant_id,
            "principalId": new_guid(), "clientId": new_guid()}
        out = {"location": normalize_location(loc),
               "tags": copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags", {}),
               "id": rid, "name": rid.rsplit("/", 1)[1], "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
               "systemData": system_data(req, old), "properties": props}
        store.put(rid, out)
        if existing:
            return Response(200, out)
        return Response(201, out, {"Location": req.path})

    @router.add(["DELETE"], UAI)
    def delete_identity(req):
        require_group(req)
        return Response(200 if req.sandbox.store.delete_tree(req.path) else 204, None)
