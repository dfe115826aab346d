"""Microsoft.Resources: subscriptions, groups, operation monitors, and the generic fallback.

The generic fallback stores any resource type nobody models (e.g. Microsoft.Web/serverfarms,
Microsoft.Network/virtualNetworks) so that scenario setup does not need a model for each.
"""
import re

from .. import constants as C
from ..arm import ArmError, Response, normalize_location, page, resource_not_found
from ..router import RG, SUB
from .common import (base_body, deep_merge, group_id, require_group, require_subscription, resource_id_from_path,
                     system_data)

LOCATIONS = ["eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northeurope", "westeurope",
             "uksouth", "southeastasia", "japaneast", "australiaeast", "swedencentral"]


def subscription_body(sb):
    return {"id": f"/subscriptions/{sb.subscription_id}", "authorizationSource": "RoleBased",
            "managedByTenants": [], "subscriptionId": sb.subscription_id, "tenantId": sb.tenant_id,
            "displayName": C.SUBSCRIPTION_NAME, "state": "Enabled",
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01",
                                     "spendingLimit": "Off"}}


def register(router):
    @router.add(["GET"], r"/subscriptions")
    def list_subscriptions(req):
        return page(req, [subscription_body(req.sandbox)], req.sandbox.page_size)

    @router.add(["GET"], SUB)
    def get_subscription(req):
        require_subscription(req)
        return Response(200, subscription_body(req.sandbox))

    @router.add(["GET"], r"/tenants")
    def list_tenants(req):
        sb = req.sandbox
        return page(req, [{"id": f"/tenants/{sb.tenant_id}", "tenantId": sb.tenant_id, "countryCode": "US",
                           "displayName": "ARM Sandbox", "domains": [C.TENANT_DOMAIN], "tenantCategory": "Home",
                           "defaultDomain": C.TENANT_DOMAIN, "tenantType": "AAD"}], sb.page_size)

    @router.add(["GET"], SUB + r"/locations")
    def list_locations(req):
        require_subscription(req)
        sub = req.sandbox.subscription_id
        from ..arm import display_location
        return Response(200, {"value": [{"id": f"/subscriptions/{sub}/locations/{l}", "name": l,
                                         "displayName": display_location(l), "regionalDisplayName": display_location(l),
                                         "type": "Region", "metadata": {"regionType": "Physical"}} for l in LOCATIONS]})

    # Operation monitors of every provider (see lro.py for the two shapes).
    @router.add(["GET"], r"/subscriptions/[^/]+(?:/.*)?/(?:operationresults|operationstatuses|asyncoperations)/(?P<op>[^/]+)")
    def poll_operation(req):
        return req.sandbox.operations.poll(req, req.groups["op"])

    @router.add(["GET"], SUB + r"/providers/(?P<ns>[^/]+)")
    def get_provider(req):
        require_subscription(req)
        return Response(200, provider_body(req))

    @router.add(["POST"], SUB + r"/providers/(?P<ns>[^/]+)/register")
    def register_provider(req):
        require_subscription(req)
        return Response(200, provider_body(req))

    @router.add(["GET"], SUB + r"/resourcegroups")
    def list_groups(req):
        sub = require_subscription(req)
        prefix = f"/subscriptions/{sub}/resourcegroups/".lower()
        recs = req.sandbox.store.select(lambda r: r["id"].lower().startswith(prefix)
                                        and "/" not in r["id"][len(prefix):])
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

    @router.add(["GET", "HEAD"], RG)
    def get_group(req):
        rec = require_group(req)
        if req.method == "HEAD":
            return Response(204, None)
        return Response(200, rec["body"])

    @router.add(["PUT"], RG)
    def put_group(req):
        sub = require_subscription(req)
        body = req.json()
        store = req.sandbox.store
        rid = resource_id_from_path(req)
        existing = store.body(rid)
        if not body.get("location"):
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
        if existing and normalize_location(body["location"]) != existing["location"]:
            raise ArmError(409, "InvalidResourceGroupLocation",
                           f"Invalid resource group location '{normalize_location(body['location'])}'. The Resource "
                           f"group already exists in location '{existing['location']}'.")
        rg_name = rid.rsplit("/", 1)[1]
        out = base_body(group_id(sub, rg_name) if not existing else existing["id"], rg_name,
                        "Microsoft.Resources/resourceGroups", body, existing)
        if "managedBy" in body:
            out["managedBy"] = body["managedBy"]
        out["properties"] = {"provisioningState": "Succeeded"}
        store.put(out["id"], out)
        return Response(200 if existing else 201, out)

    @router.add(["PATCH"], RG)
    def patch_group(req):
        rec = require_group(req)
        body = req.json()
        out = dict(rec["body"])
        if "tags" in body:
            out["tags"] = body["tags"] or {}
        if "managedBy" in body:
            out["managedBy"] = body["managedBy"]
        req.sandbox.store.put(out["id"], out)
        return Response(200, out)

    @router.add(["DELETE"], RG)
    def delete_group(req):
        rec = require_group(req)
        # Deleting happens at once; the monitor still reports "running" for the configured polls.
        req.sandbox.store.delete_tree(rec["id"])
        return req.sandbox.operations.location(req, lambda: Response(200, None))

    @router.add(["GET"], RG + r"/resources")
    def list_group_resources(req):
        rec = require_group(req)
        return page(req, _top_level(req, rec["id"]), req.sandbox.page_size)

    @router.add(["GET"], SUB + r"/resources")
    def list_sub_resources(req):
        sub = require_subscription(req)
        return page(req, _top_level(req, f"/subscriptions/{sub}"), req.sandbox.page_size)

    # ---- generic fallback for unmodelled resource types in a group -------------------------------
    GENERIC = RG + r"/providers/(?P<ns>[^/]+)/(?P<rest>.+)"

    @router.add(["GET", "PUT", "PATCH", "DELETE", "POST"], GENERIC)
    def generic(req):
        require_group(req)
        segs = req.groups["rest"].split("/")
        if "providers" in [s.lower() for s in segs]:
            raise ArmError(404, "NotFound", f"Extension resource type at '{req.path}' is not modelled by the sandbox.")
        ns = req.groups["ns"]
        if len(segs) % 2 == 1:  # collection (GET) or action (POST)
            if req.method == "GET":
                return _generic_list(req, ns, segs)
            if req.method == "POST":
                raise ArmError(404, "NotFound", f"Action '{segs[-1]}' is not modelled by the ARM sandbox.")
            raise ArmError(400, "BadRequest", f"The request path '{req.path}' is invalid.")
        type_name = ns + "/" + "/".join(segs[0::2])
        name = "/".join(segs[1::2])
        return _generic_crud(req, type_name, name)


def provider_body(req):
    sub, ns = req.sandbox.subscription_id, req.groups["ns"]
    return {"id": f"/subscriptions/{sub}/providers/{ns}", "namespace": ns, "registrationState": "Registered",
            "registrationPolicy": "RegistrationRequired", "resourceTypes": []}


def _top_level(req, prefix_id):
    rx = re.compile(re.escape(prefix_id.lower()) + r"(/resourcegroups/[^/]+)?/providers/[^/]+/[^/]+/[^/]+$")
    recs = req.sandbox.store.select(lambda r: bool(rx.match(r["id"].lower())))
    flt = req.query.get("$filter", "")
    m = re.search(r"resourceType\s+eq\s+'([^']+)'", flt, re.I)
    items = [r["body"] for r in recs]
    if m:
        items = [b for b in items if b.get("type", "").lower() == m.group(1).lower()]
    return items


def _generic_list(req, ns, segs):
    parent = req.path.rsplit("/", 1)[0]
    if len(segs) > 1 and req.sandbox.store.get(parent) is None:
        raise resource_not_found(ns + "/" + "/".join(segs[0:-1:2]), "/".join(segs[1:-1:2]), req.groups["rg"])
    recs = req.sandbox.store.select(lambda r: r["id"].lower().startswith(req.path.lower() + "/")
                                    and "/" not in r["id"][len(req.path) + 1:])
    return page(req, [r["body"] for r in recs], req.sandbox.page_size)


def _generic_crud(req, type_name, name):
    store = req.sandbox.store
    rid = resource_id_from_path(req)
    rec = store.get(rid)
    if req.method == "DELETE":
        return Response(200 if store.delete_tree(rid) else 204, None)
    if req.method == "PUT":
        parent = rid.rsplit("/", 2)[0]
        if "/" in name and store.get(parent) is None:
            raise resource_not_found(type_name.rsplit("/", 1)[0], name.rsplit("/", 1)[0], req.groups["rg"])
        body = req.json()
        out = base_body(rid, name, type_name, body, rec and rec["body"], location_required=False)
        for key in ("kind", "sku", "identity", "plan", "zones", "extendedLocation"):
            if key in body:
                out[key] = body[key]
        out["properties"] = dict(body.get("properties") or {}, provisioningState="Succeeded")
        out["systemData"] = system_data(req, rec and rec["body"])
        store.put(rid, out)
        return Response(200 if rec else 201, out)
    if rec is None:
        raise resource_not_found(type_name, name, req.groups["rg"])
    if req.method == "PATCH":
        from ..tracked import merge_patch
        out = merge_patch(rec["body"], req.json())
        store.put(rid, out)
        return Response(200, out)
    return Response(200, rec["body"])
