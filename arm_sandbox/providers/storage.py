"""Microsoft.Storage/storageAccounts: create (LRO, 202 + Location), get, update, listKeys, list.

Real create usually answers 202 with an empty body and a Location monitor that answers 202
while running and then 200 with the account (the SDK's begin_create accepts only 200/202).
Keys are random at creation and live only in the record's private part.
"""
import base64
import copy
import os
import re

from ..arm import ArmError, Response, is_valid_resource_id, linked_invalid_property_id, normalize_location, now_iso
from ..router import SUB
from ..tracked import ResourceType, tracked
from . import identity as ident
from .common import require_subscription
NAME_RE = re.compile(r"^[a-z0-9]{3,24}$")
SERVICES = ("blob", "queue", "table", "file", "dfs", "web")
WEB_ZONE = "z13"


def _key():
    return base64.b64encode(os.urandom(64)).decode()


def _endpoints(name, location, suffix=""):
    hosts = {"blob": "blob", "queue": "queue", "table": "table", "file": "file", "dfs": "dfs", "web": f"{WEB_ZONE}.web"}
    return {svc: f"https://{name}{suffix}.{hosts[svc]}.core.windows.net/" for svc in SERVICES}


def _check_acls(acls):
    for rule in acls.get("virtualNetworkRules") or []:
        vid = rule.get("id")
        if not is_valid_resource_id(vid or ""):
            raise linked_invalid_property_id(vid, "properties.networkAcls.virtualNetworkRules[].id")


def _build(req, rid, body, old, created_at):
    name = rid.rsplit("/", 1)[1]
    props_in = copy.deepcopy(body.get("properties") or {})
    props = copy.deepcopy((old or {}).get("properties") or {})
    props.update(props_in)
    loc = normalize_location(body.get("location") or (old or {}).get("location"))
    acls = {"bypass": "AzureServices", "virtualNetworkRules": [], "ipRules": [], "defaultAction": "Allow"}
    acls.update(props.get("networkAcls") or {})
    for rule in acls["ipRules"]:
        rule.setdefault("action", "Allow")
    for rule in acls["virtualNetworkRules"]:
        rule.setdefault("action", "Allow")
        rule.setdefault("state", "Succeeded")
    _check_acls(acls)
    props.update({
        "keyCreationTime": props.get("keyCreationTime") or {"key1": created_at, "key2": created_at},
        "privateEndpointConnections": props.get("privateEndpointConnections", []),
        "minimumTlsVersion": props.get("minimumTlsVersion", "TLS1_2"),
        "allowBlobPublicAccess": props.get("allowBlobPublicAccess", False),
        "allowSharedKeyAccess": props.get("allowSharedKeyAccess", True),
        "networkAcls": acls,
        "supportsHttpsTrafficOnly": props.get("supportsHttpsTrafficOnly", True),
        "encryption": props.get("encryption") or {
            "services": {"file": {"keyType": "Account", "enabled": True, "lastEnabledTime": created_at},
                         "blob": {"keyType": "Account", "enabled": True, "lastEnabledTime": created_at}},
            "keySource": "Microsoft.Storage"},
        "accessTier": props.get("accessTier", "Hot"),
        "provisioningState": "Succeeded",
        "creationTime": created_at,
        "primaryEndpoints": _endpoints(name, loc),
        "primaryLocation": loc,
        "statusOfPrimary": "available",
    })
    sku = copy.deepcopy(body.get("sku") or (old or {}).get("sku") or {"name": "Standard_LRS"})
    sku["tier"] = "Premium" if sku["name"].lower().startswith("premium") else "Standard"
    if sku["name"].upper().endswith(("GRS", "RAGRS", "GZRS", "RAGZRS")):
        props.update({"secondaryLocation": "westus", "statusOfSecondary": "available"})
    out = {"sku": sku, "kind": body.get("kind") or (old or {}).get("kind") or "StorageV2",
           "id": rid, "name": name, "type": "Microsoft.Storage/storageAccounts", "location": loc,
           "tags": copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags", {})}
    identity = ident.resolve(req, body.get("identity"), (old or {}).get("identity"),
                             merge_users=req.method == "PATCH")
    if identity:
        out["identity"] = identity
    out["properties"] = props
    return out


def _validate(req, body, existing):
    if existing is not None or req.method != "PUT":
        return
    name = req.groups["n0"]
    if not NAME_RE.match(name):
        raise ArmError(400, "AccountNameInvalid", f"{name} is not a valid storage account name. Storage account "
                       "name must be between 3 and 24 characters in length and use numbers and lower-case letters only.")
    if not body.get("location") or not body.get("sku") or not body.get("kind"):
        raise ArmError(400, "InvalidRequestContent" if body.get("location") else "LocationRequired",
                       "The request must specify location, sku and kind.")
    if _find_by_name(req, name):
        raise ArmError(409, "StorageAccountAlreadyTaken", f"The storage account named {name} is already taken.")


def _build_account(req, rid, body, old):
    created_at = old["properties"]["creationTime"] if old else now_iso()
    return _build(req, rid, body, old, created_at)


def _list_keys(req, rec):
    created = rec["body"]["properties"]["keyCreationTime"]
    return Response(200, {"keys": [{"creationTime": created[k], "keyName": k, "value": rec["private"]["keys"][k],
                                    "permissions": "FULL"} for k in ("key1", "key2")]})


def _regenerate_key(req, rec):
    key_name = (req.json().get("keyName") or "").lower()
    if key_name not in ("key1", "key2"):
        raise ArmError(400, "InvalidValuesForRequestParameters", "Values for request parameters are invalid: keyName.")
    rec["private"]["keys"][key_name] = _key()
    rec["body"]["properties"]["keyCreationTime"][key_name] = now_iso()
    req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
    return _list_keys(req, rec)


ACCOUNTS = ResourceType(
    "Microsoft.Storage/storageAccounts", build=_build_account, create="location", validate=_validate,
    patch_replaces=("properties.networkAcls.ipRules", "properties.networkAcls.virtualNetworkRules"),
    actions={"listKeys": _list_keys, "regenerateKey": _regenerate_key},
    private=lambda req, body: {"keys": {"key1": _key(), "key2": _key()}})


def register(router):
    @router.add(["POST"], SUB + r"/providers/microsoft\.storage/checknameavailability")
    def check_name(req):
        require_subscription(req)
        name = req.json().get("name", "")
        if not NAME_RE.match(name):
            return Response(200, {"nameAvailable": False, "reason": "AccountNameInvalid",
                                  "message": f"{name} is not a valid storage account name. Storage account name must be "
                                             "between 3 and 24 characters in length and use numbers and lower-case letters only."})
        taken = _find_by_name(req, name)
        body = {"nameAvailable": not taken}
        if taken:
            body.update(reason="AlreadyExists", message=f"The storage account named {name} is already taken.")
        return Response(200, body)

    tracked(router, ACCOUNTS)


def _find_by_name(req, name):
    return bool(req.sandbox.store.select(
        lambda r: r["body"].get("type") == "Microsoft.Storage/storageAccounts" and r["body"]["name"].lower() == name.lower()))
