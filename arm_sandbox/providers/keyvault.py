"""Microsoft.KeyVault/vaults: PUT (200, 'RegisteringDns' first), GET, PATCH, DELETE, accessPolicies."""
import copy

from ..arm import ArmError, Response, is_valid_resource_id, linked_invalid_property_id, normalize_location
from ..router import RG
from ..tracked import ResourceType, tracked
from .common import get_or_404, require_group, system_data

VAULT = r"(?P<rid>" + RG + r"/providers/microsoft\.keyvault/vaults/(?P<name>[^/]+))"
KV_HEADERS = {"x-ms-keyvault-service-version": "1.5.1361.0", "X-AspNet-Version": "4.0.30319",
              "X-Powered-By": "ASP.NET"}


def _resp(status, body):
    return Response(status, copy.deepcopy(body), dict(KV_HEADERS))


def _rbac_default(api_version):
    # Newer api-versions create RBAC-mode vaults unless told otherwise (assumption, see README).
    return (api_version or "9999") >= "2026-02-01"


def _check(props):
    acls = props.get("networkAcls") or {}
    for rule in acls.get("virtualNetworkRules") or []:
        if not is_valid_resource_id(rule.get("id") or ""):
            raise linked_invalid_property_id(rule.get("id"), "properties.networkAcls.virtualNetworkRules[].id")


def _build(req, rid, body, old):
    props = copy.deepcopy((old or {}).get("properties") or {})
    props.update(copy.deepcopy(body.get("properties") or {}))
    if not props.get("sku") or not props.get("tenantId"):
        raise ArmError(400, "BadRequest", "The parameters sku and tenantId are required.")
    _check(props)
    name = rid.rsplit("/", 1)[1]
    props.setdefault("accessPolicies", [])
    props.setdefault("enabledForDeployment", False)
    props.setdefault("enabledForDiskEncryption", False)
    props.setdefault("enabledForTemplateDeployment", False)
    props.setdefault("enableSoftDelete", True)
    props.setdefault("softDeleteRetentionInDays", 90)
    if props.get("enableRbacAuthorization") is None:
        props["enableRbacAuthorization"] = _rbac_default(req.api_version)
    props.setdefault("publicNetworkAccess", "Enabled")
    props["vaultUri"] = f"https://{name}.vault.azure.net/"
    props["provisioningState"] = "Succeeded"
    out = {"id": rid, "name": name, "type": "Microsoft.KeyVault/vaults",
           "location": normalize_location(body.get("location") or (old or {}).get("location")),
           "tags": copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags", {}),
           "systemData": system_data(req, old), "properties": props}
    return out


def register(router):
    @router.add(["PUT"], VAULT)
    def put_vault(req):
        grp = require_group(req)
        body = req.json()
        if not body.get("location"):
            raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
        store = req.sandbox.store
        existing = store.get(req.path)
        rid = existing["id"] if existing else f"{grp['id']}/providers/Microsoft.KeyVault/vaults/{req.groups['name']}"
        out = _build(req, rid, body, existing and existing["body"])
        store.put(rid, out)
        if existing:
            return _resp(200, out)
        # First answer shows DNS registration in progress; the SDK poller GETs until Succeeded.
        first = copy.deepcopy(out)
        first["properties"]["provisioningState"] = "RegisteringDns"
        return _resp(200, first)

    tracked(router, ResourceType(
        "Microsoft.KeyVault/vaults", build=_build, headers=KV_HEADERS,
        patch_replaces=("properties.networkAcls.ipRules", "properties.networkAcls.virtualNetworkRules",
                        "properties.accessPolicies")))

    @router.add(["PUT"], VAULT + r"/accesspolicies/(?P<op>add|replace|remove)")
    def access_policies(req):
        require_group(req)
        rec = get_or_404(req, "Microsoft.KeyVault/vaults", req.groups["name"])
        new = (req.json().get("properties") or {}).get("accessPolicies") or []
        cur = rec["body"]["properties"]["accessPolicies"]
        op = req.groups["op"].lower()
        key = lambda p: (p.get("tenantId", "").lower(), p.get("objectId", "").lower())  # noqa: E731
        if op == "replace":
            cur = new
        elif op == "add":
            by_key = {key(p): p for p in cur}
            for p in new:
                if key(p) in by_key:
                    for kind, perms in (p.get("permissions") or {}).items():
                        have = by_key[key(p)].setdefault("permissions", {}).setdefault(kind, [])
                        have.extend(x for x in perms if x not in have)
                else:
                    cur.append(p)
                    by_key[key(p)] = p
        else:
            gone = {key(p) for p in new}
            cur = [p for p in cur if key(p) not in gone]
        rec["body"]["properties"]["accessPolicies"] = cur
        req.sandbox.store.put(rec["id"], rec["body"])
        return _resp(200, {"id": f"{rec['id']}/accessPolicies/{op}", "type": "Microsoft.KeyVault/vaults/accessPolicies",
                           "properties": {"accessPolicies": cur}})
