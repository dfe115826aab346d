"""Managed identities on resources (sites, storage accounts, vaults): the `identity` block.

Real ARM generates the system principalId at first enablement, keeps it while the system
identity stays on, and takes user-assigned principal/client ids from the
Microsoft.ManagedIdentity resources, which must exist.
"""
import copy

from ..arm import ArmError, is_valid_resource_id, linked_invalid_property_id, new_guid

CANONICAL = {"none": "None", "systemassigned": "SystemAssigned", "userassigned": "UserAssigned",
             "systemassigned,userassigned": "SystemAssigned, UserAssigned"}


def normalize_type(value):
    key = (value or "None").replace(" ", "").lower()
    if key not in CANONICAL:
        raise ArmError(400, "BadRequest", f"The identity type '{value}' is not valid. Valid values are None, "
                                          "SystemAssigned, UserAssigned, 'SystemAssigned, UserAssigned'.")
    return CANONICAL[key]


def resolve(req, requested, existing, merge_users=False):
    """The identity block to store, or None for no identity.

    requested: the request's identity dict (None = keep existing as is).
    merge_users: PATCH semantics (user identities merge; a null value removes one).
    """
    if requested is None:
        return copy.deepcopy(existing)
    itype = normalize_type(requested.get("type") or (existing or {}).get("type"))
    if itype == "None":
        return None
    out = {"type": itype}
    if "SystemAssigned" in itype:
        had_system = existing and "SystemAssigned" in existing.get("type", "")
        out["principalId"] = existing["principalId"] if had_system else new_guid()
        out["tenantId"] = req.sandbox.tenant_id
    if "UserAssigned" in itype:
        users = {}
        if merge_users and existing:
            users = {k: None for k in (existing.get("userAssignedIdentities") or {})}
        for uid, val in (requested.get("userAssignedIdentities") or {}).items():
            users[uid] = val if val is not None or not merge_users else "REMOVE"
        resolved = {}
        for uid, val in users.items():
            if val == "REMOVE":
                continue
            resolved[uid] = user_identity(req, uid)
        if not resolved:
            raise ArmError(400, "BadRequest", "The identity type 'UserAssigned' requires at least one user assigned identity.")
        out["userAssignedIdentities"] = resolved
    return out


def user_identity(req, uid):
    if not is_valid_resource_id(uid) or "/providers/microsoft.managedidentity/userassignedidentities/" not in uid.lower():
        raise linked_invalid_property_id(uid, "identity.userAssignedIdentities")
    rec = req.sandbox.store.get(uid)
    if rec is None:
        raise ArmError(400, "FailedIdentityOperation",
                       f"Identity operation for resource '{req.path}' failed with error 'Failed to perform resource "
                       f"identity operation. Status: 'NotFound'. Response: '{{\"error\":{{\"code\":\"NotFound\","
                       f"\"message\":\"Resource '{uid}' was not found.\"}}}}'.'.")
    props = rec["body"]["properties"]
    return {"principalId": props["principalId"], "clientId": props["clientId"]}
