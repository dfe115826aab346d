"""Microsoft.Authorization: built-in role definitions and role assignments at any scope.

Role assignments are extension resources stored at '{scope}/providers/Microsoft.Authorization/
roleAssignments/{name}', so deleting a group or resource also deletes assignments under it.
"""
import copy
import re

from ..arm import ArmError, Response, is_guid, now_iso, page, parse_rg_scope, resource_not_found
from ..providers.aad import known_principals
from . import roles
from .common import require_group, require_subscription

RA_TYPE = "Microsoft.Authorization/roleAssignments"
SCOPE = r"(?P<scope>(?:/.*?)?)"
RA = SCOPE + r"/providers/microsoft\.authorization/roleassignments/(?P<name>[^/]+)"
RA_LIST = SCOPE + r"/providers/microsoft\.authorization/roleassignments"
RD = SCOPE + r"/providers/microsoft\.authorization/roledefinitions/(?P<rd>[^/]+)"
RD_LIST = SCOPE + r"/providers/microsoft\.authorization/roledefinitions"
RD_ID_RE = re.compile(r"^(?:/subscriptions/[^/]+)?(?:/resourcegroups/[^/]+)?(?:/.*)?/providers/microsoft\.authorization/"
                      r"roledefinitions/([^/]+)$", re.I)


def _norm_scope(scope):
    return "/" + scope.strip("/") if scope.strip("/") else "/"


def _check_scope(req, scope):
    """The scope must exist: subscription, group, and (for resource scopes) the resource."""
    if scope == "/":
        return
    sub, rg = parse_rg_scope(scope)
    if sub is None:
        if scope.lower().startswith("/providers/microsoft.management/managementgroups/"):
            return
        raise ArmError(400, "InvalidResourceId", f"The resource id '{scope}' is invalid.")
    require_subscription(req, sub)
    if rg:
        require_group(req, sub, rg)
        if "/providers/" in scope.lower():
            if req.sandbox.store.get(scope) is None:
                tail = scope.split("/providers/", 1)[1].split("/")
                raise resource_not_found("/".join([tail[0]] + tail[1::2]), "/".join(tail[2::2]), rg)


def _id_prefix(scope):
    """Role definitions are listed with subscription-scoped ids below a subscription, root ids above."""
    sub, _ = parse_rg_scope(scope)
    return f"/subscriptions/{sub}" if sub else ""


def _role_guid(role_definition_id):
    m = RD_ID_RE.match(role_definition_id or "")
    if not m:
        raise ArmError(400, "InvalidRoleDefinitionId", f"The role definition ID '{role_definition_id}' is not valid.")
    guid = m.group(1)
    if guid.lower() not in roles.BY_GUID:
        raise ArmError(400, "RoleDefinitionDoesNotExist", f"The specified role definition with ID '{guid}' does not exist.")
    return guid.lower()


def _in_relation(a_scope, q_scope, below):
    """Is an assignment at a_scope visible from q_scope (at or above; optionally below)?"""
    a, q = a_scope.lower().rstrip("/") or "/", q_scope.lower().rstrip("/") or "/"
    if a == "/" or a == q or q.startswith(a + "/"):
        return True
    return below and (q == "/" or a.startswith(q + "/"))


def _parse_filter(flt):
    flt = flt or ""
    principal = re.search(r"principalId\s+eq\s+'([^']+)'", flt, re.I)
    assigned = re.search(r"assignedTo\('([^']+)'\)", flt, re.I)
    return {"at_scope": bool(re.search(r"atScope\(\)", flt, re.I)),
            "principal": (principal or assigned).group(1).lower() if (principal or assigned) else None}


def _all_assignments(req):
    return [r["body"] for r in req.sandbox.store.select(lambda r: r["body"].get("type") == RA_TYPE)]


def _list(req, scope):
    f = _parse_filter(req.query.get("$filter"))
    items = [b for b in _all_assignments(req)
             if _in_relation(b["properties"]["scope"], scope, below=not f["at_scope"])
             and (f["principal"] is None or b["properties"]["principalId"].lower() == f["principal"])]
    return page(req, items, req.sandbox.page_size)


def register(router):
    # ---- role definitions ------------------------------------------------------------------------
    @router.add(["GET"], RD_LIST)
    def list_definitions(req):
        scope = _norm_scope(req.groups["scope"])
        _check_scope(req, scope)
        m = re.search(r"roleName\s+eq\s+'([^']*)'", req.query.get("$filter", ""), re.I)
        names = [n for n in roles.BUILT_IN if m is None or n.lower() == m.group(1).lower()]
        tm = re.search(r"type\s+eq\s+'([^']*)'", req.query.get("$filter", ""), re.I)
        if tm and tm.group(1).lower() != "builtinrole":
            names = []
        return page(req, [roles.definition(n, _id_prefix(scope)) for n in names], req.sandbox.page_size)

    @router.add(["GET"], RD)
    def get_definition(req):
        scope = _norm_scope(req.groups["scope"])
        _check_scope(req, scope)
        name = roles.BY_GUID.get(req.groups["rd"].lower())
        if name is None:
            raise ArmError(404, "RoleDefinitionDoesNotExist",
                           f"The specified role definition with ID '{req.groups['rd']}' does not exist.")
        return Response(200, roles.definition(name, _id_prefix(scope)))

    # ---- role assignments ------------------------------------------------------------------------
    @router.add(["GET"], RA_LIST)
    def list_assignments(req):
        scope = _norm_scope(req.groups["scope"])
        _check_scope(req, scope)
        return _list(req, scope)

    @router.add(["GET"], RA)
    def get_assignment(req):
        _check_scope(req, _norm_scope(req.groups["scope"]))
        rec = req.sandbox.store.get(req.path)
        if rec is None:
            raise ArmError(404, "RoleAssignmentNotFound", f"The role assignment '{req.groups['name']}' is not found.")
        return Response(200, rec["body"])

    @router.add(["DELETE"], RA)
    def delete_assignment(req):
        scope = _norm_scope(req.groups["scope"])
        try:
            _check_scope(req, scope)
        except ArmError as err:
            if err.status != 404 or err.code != "ResourceNotFound":
                raise
            # The resource at the scope is gone (and its assignments with it): ARM answers the
            # caller's DELETE with AuthorizationFailed "... or the scope is invalid" (seen in a report).
            caller = getattr(req, "claims", {}).get("oid", req.sandbox.principal_id)
            raise ArmError(403, "AuthorizationFailed",
                           f"The client '{caller}' with object id '{caller}' does not have authorization to perform "
                           f"action 'Microsoft.Authorization/roleAssignments/delete' over scope '{req.path}' or the "
                           "scope is invalid. If access was recently granted, please refresh your credentials.")
        rec = req.sandbox.store.delete(req.path)
        return Response(200, rec["body"]) if rec else Response(204, None)

    @router.add(["PUT"], RA)
    def create_assignment(req):
        scope = _norm_scope(req.groups["scope"])
        _check_scope(req, scope)
        name = req.groups["name"]
        if not is_guid(name):
            raise ArmError(400, "InvalidRoleAssignmentId",
                           f"The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID.")
        props = (req.json().get("properties") or {})
        role_guid = _role_guid(props.get("roleDefinitionId"))
        principal = props.get("principalId") or ""
        if not is_guid(principal):
            raise ArmError(400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.")
        known = known_principals(req.sandbox)
        ptype = props.get("principalType")
        if principal.lower() not in known and not ptype:
            # With principalType given ARM tolerates directory replication delay; without it, it looks the id up.
            raise ArmError(400, "PrincipalNotFound",
                           f"Principal {principal.replace('-', '')} does not exist in the directory "
                           f"{req.sandbox.tenant_id}. Check that you have the correct principal ID. If you are "
                           "creating this principal and then immediately assigning a role, this error might be "
                           "related to a replication delay. In this case, set the role assignment principalType "
                           "property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype")
        ptype = ptype or ("ServicePrincipal" if principal.lower() in known else "User")
        caller = getattr(req, "claims", {}).get("oid", req.sandbox.principal_id)
        sub, _ = parse_rg_scope(scope)
        rd_id = f"/subscriptions/{sub or req.sandbox.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{role_guid}"
        store = req.sandbox.store
        with store.lock:
            existing = store.get(req.path)
            for other in _all_assignments(req):
                p = other["properties"]
                same = (p["principalId"].lower() == principal.lower() and p["scope"].lower() == scope.lower()
                        and p["roleDefinitionId"].rsplit("/", 1)[1].lower() == role_guid)
                if same and other["name"].lower() != name.lower():
                    raise ArmError(409, "RoleAssignmentExists", "The role assignment already exists.")
            if existing:
                p = existing["body"]["properties"]
                if (p["principalId"].lower() != principal.lower()
                        or p["roleDefinitionId"].rsplit("/", 1)[1].lower() != role_guid):
                    raise ArmError(409, "RoleAssignmentUpdateNotPermitted",
                                   "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.")
                return Response(200, existing["body"])  # idempotent re-PUT (see README: unverified)
            now = now_iso()
            rid = f"{scope.rstrip('/')}/providers/Microsoft.Authorization/roleAssignments/{name}"
            body = {"properties": {"roleDefinitionId": rd_id, "principalId": principal, "principalType": ptype,
                                   "scope": scope, "condition": props.get("condition"),
                                   "conditionVersion": props.get("conditionVersion"), "createdOn": now,
                                   "updatedOn": now, "createdBy": caller, "updatedBy": caller,
                                   "delegatedManagedIdentityResourceId": props.get("delegatedManagedIdentityResourceId"),
                                   "description": props.get("description")},
                    "id": rid, "type": RA_TYPE, "name": name}
            store.put(rid, body)
        first = copy.deepcopy(body)
        first["properties"]["createdBy"] = None  # the create response leaves it null (recorded)
        return Response(201, first)
