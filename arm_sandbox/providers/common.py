"""Helpers shared by providers: subscription/group checks, tracked-resource bodies, CRUD glue."""
import copy

from ..arm import ArmError, group_not_found, is_guid, normalize_location, now_iso, resource_not_found


def require_subscription(req, sub=None):
    sub = sub or req.groups.get("sub")
    if not is_guid(sub):
        raise ArmError(400, "InvalidSubscriptionId",
                       f"The provided subscription identifier '{sub}' is malformed or invalid.")
    if sub.lower() != req.sandbox.subscription_id.lower():
        raise ArmError(404, "SubscriptionNotFound", f"The subscription '{sub}' could not be found.")
    return req.sandbox.subscription_id


def group_id(sub, rg):
    return f"/subscriptions/{sub}/resourceGroups/{rg}"


def require_group(req, sub=None, rg=None):
    """The group's record; 404 ResourceGroupNotFound if absent (ARM checks this before the RP)."""
    sub = require_subscription(req, sub)
    rg = rg or req.groups["rg"]
    rec = req.sandbox.store.get(group_id(sub, rg))
    if rec is None:
        raise group_not_found(rg)
    return rec


def resource_id_from_path(req):
    """The path is the id; keep the casing of the record if it already exists."""
    rec = req.sandbox.store.get(req.path)
    return rec["id"] if rec else req.path


def get_or_404(req, type_path, name, rid=None):
    rec = req.sandbox.store.get(rid or req.groups.get("rid") or req.path)
    if rec is None:
        raise resource_not_found(type_path, name, req.groups.get("rg"))
    return rec


def base_body(rid, name, type_name, body, existing=None, location_required=True):
    """id/name/type/location/tags as ARM returns them for a tracked resource."""
    loc = body.get("location") or (existing or {}).get("location")
    if location_required and not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    out = {"id": rid, "name": name, "type": type_name}
    if loc:
        out["location"] = normalize_location(loc)
    out["tags"] = copy.deepcopy(body["tags"] if "tags" in body else (existing or {}).get("tags", {})) or {}
    return out


def system_data(req, existing=None):
    now = now_iso()
    oid = getattr(req, "claims", {}).get("oid", req.sandbox.principal_id)
    created = (existing or {}).get("systemData", {})
    return {"createdBy": created.get("createdBy", oid), "createdByType": created.get("createdByType", "Application"),
            "createdAt": created.get("createdAt", now), "lastModifiedBy": oid,
            "lastModifiedByType": "Application", "lastModifiedAt": now}


def deep_merge(base, patch):
    """JSON merge-patch as ARM PATCH applies it (objects merge, other values replace)."""
    out = copy.deepcopy(base)
    for k, v in patch.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def get_ci(d, key, default=None):
    """Case-insensitive dict lookup (ARM property names are case-insensitive on input)."""
    for k, v in (d or {}).items():
        if k.lower() == key.lower():
            return v
    return default
