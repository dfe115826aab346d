"""Microsoft.Resources/tags: the tags of a subscription, group or resource as the extension resource
'{scope}/providers/Microsoft.Resources/tags/default', plus ARM's tag limits on whole-resource writes.

The tags live where a GET of the entity shows them: the group's or resource's own body (`tags`). A
subscription has no record of its own in the store, so its tags are kept in a record with the
subscription's id ('/subscriptions/{id}', body {"id", "subscriptionId", "tags"}); no other route reads it.

Facts (tests/sandbox/recorded_tags_and_functions.py):
  * PUT replaces the whole set, PATCH {"operation": "Merge"|"Replace"|"Delete", "properties": {"tags"}}
    changes it, GET reads it, DELETE removes all tags: each answers 200 at once (recorded, api-versions
    2019-10-01 and 2025-04-01; DELETE with an empty body). The SDK also accepts 202 + Location.
  * Delete removes a name/value pair only when the value matches: a recorded Delete of
    {"tagKey1": "tagKey1"} left tagKey1=tagValue1 in place (200, set unchanged). A name-only entry (the
    CLI sends `--tags Name` as {"Name": ""}) removes the tag whatever its value.
  * Tag names are case-insensitive for operations, values case-sensitive (docs).
  * At most 50 tags, a name of at most 512 characters (128 on a storage account), a value of at most
    256, no '<', '>', '%', '&', '\\', '?', '/' or control characters in a name (docs); ARM's codes and
    wording are InvalidTags / InvalidTagName / InvalidTagNameCharacters / InvalidTagValueLength.
  * Tags apply to tracked resources (they carry a location); proxy resources have none (ARM RPC), and the
    tag-support list names child types without tags (e.g. Microsoft.AppPlatform/Spring/apps).
"""
import copy
import re

from ..arm import ArmError, Response, page, resource_not_found
from ..router import RG, SUB
from .common import get_ci, require_group, require_subscription

TAGS_TYPE = "Microsoft.Resources/tags"
SUFFIX = "/providers/Microsoft.Resources/tags/default"
TAGS = r"(?P<scope>/subscriptions/[^/]+(?:/.*?)?)/providers/microsoft\.resources/tags/default"

MAX_TAGS = 50
MAX_NAME = 512
MAX_NAME_STORAGE = 128
MAX_VALUE = 256
RESERVED = re.compile(r"[<>%&\\?/\x00-\x1f\x7f]")
# The InvalidTagNameCharacters message says these characters "are only allowed for tags that start with
# the prefix 'hidden, link'" (App Service / App Insights write 'hidden-link: /app-insights-resource-id').
EXEMPT_PREFIXES = ("hidden-", "link:")

# Child types that carry a location in the sandbox but do not support tags (tag-support.md).
NO_TAGS = {"microsoft.appplatform/spring/apps", "microsoft.appplatform/spring/apps/deployments",
           "microsoft.web/sites/config", "microsoft.web/sites/slots/config"}

SCOPE_RE = re.compile(r"^/subscriptions/(?P<sub>[^/]+)(?:/resourcegroups/(?P<rg>[^/]+)(?P<rest>/providers/.+)?)?$",
                      re.IGNORECASE)
STORAGE_RE = re.compile(r"/providers/microsoft\.storage/storageaccounts/[^/]+$", re.IGNORECASE)


# ---- limits ----------------------------------------------------------------------------------------
def validate_tags(tags, storage=False):
    """Raise ARM's error for a tag set over its limits (400)."""
    if tags is None:
        return
    if not isinstance(tags, dict):
        raise ArmError(400, "InvalidRequestContent",
                       "The request content was invalid and could not be deserialized: 'tags must be an object'.")
    if len(tags) > MAX_TAGS:
        raise ArmError(400, "InvalidTags", f"Too many tags specified. Requested tag count - '{len(tags)}'. "
                                           f"Maximum number of tags allowed - '{MAX_TAGS}'.")
    if any(not str(name).strip() for name in tags):
        raise ArmError(400, "InvalidTagName", "The tag name must be non-null, non-empty and non-whitespace only. "
                                              "Please provide an actual value.")
    bad = [n for n in tags if RESERVED.search(n) and not n.lower().startswith(EXEMPT_PREFIXES)]
    if bad:
        raise ArmError(400, "InvalidTagNameCharacters",
                       f"The tag names '{', '.join(bad)}' have reserved characters '<,>,%,&,\\,?,/' or control "
                       "characters. These characters are only allowed for tags that start with the prefix "
                       "'hidden, link'.")
    limit = MAX_NAME_STORAGE if storage else MAX_NAME
    long_names = [n for n in tags if len(n) > limit]
    if long_names:
        raise ArmError(400, "InvalidTagName",
                       f"Tag key too large. Following tag name '{', '.join(long_names)}' exceeded the maximum length. "
                       f"Maximum allowed length for tag name - '{limit}' characters.")
    long_values = [v for v in tags.values() if v is not None and len(str(v)) > MAX_VALUE]
    if long_values:
        raise ArmError(400, "InvalidTagValueLength",
                       f"Tag value too large. Following tag value '{', '.join(map(str, long_values))}' exceeded the "
                       f"maximum length. Maximum allowed length for tag value - '{MAX_VALUE}' characters.")


def _is_storage(rid):
    return bool(STORAGE_RE.search(rid or ""))


# ---- tag set operations ----------------------------------------------------------------------------
def _find(tags, name):
    """The existing key for a name, case-insensitively (None if absent)."""
    low = name.lower()
    return next((k for k in tags if k.lower() == low), None)


def merge(current, incoming):
    out = dict(current)
    for name, value in incoming.items():
        key = _find(out, name)
        out[key if key is not None else name] = value   # a known name keeps its stored casing
    return out


def delete(current, incoming):
    """Delete: a name with a value removes the tag only if the value matches (case-sensitive); a name with
    an empty value (name only) removes it whatever its value."""
    out = dict(current)
    for name, value in incoming.items():
        key = _find(out, name)
        if key is not None and (value in (None, "") or out[key] == value):
            del out[key]
    return out


def apply_patch(current, operation, incoming):
    op = (operation or "").lower()
    if op == "merge":
        return merge(current, incoming)
    if op == "replace":
        return dict(incoming)
    if op == "delete":
        return delete(current, incoming)
    raise ArmError(400, "InvalidRequestContent",
                   f"The request content was invalid and could not be deserialized: 'Error converting value "
                   f"\"{operation}\" to type 'TagsPatchOperation'. Path 'operation'.'.")


# ---- the entity a scope names ----------------------------------------------------------------------
def _supports_tags(body):
    if (body.get("type") or "").lower() in NO_TAGS:
        return False
    return "location" in body          # tracked resources carry a location; proxy resources do not


def _target(req, scope):
    """(record id, current tags, is_storage). Raises ARM's 404/400 for a scope that cannot be tagged."""
    m = SCOPE_RE.match(scope)
    if not m:
        raise ArmError(400, "InvalidResourceId", f"The resource id '{scope}' is invalid.")
    sub = require_subscription(req, m.group("sub"))
    store = req.sandbox.store
    if not m.group("rg"):
        rec = store.get(f"/subscriptions/{sub}")
        return f"/subscriptions/{sub}", dict(((rec or {}).get("body") or {}).get("tags") or {}), False
    group = require_group(req, sub, m.group("rg"))
    if not m.group("rest"):
        return group["id"], dict(group["body"].get("tags") or {}), False
    rec = store.get(scope)
    if rec is None:
        tail = m.group("rest")[len("/providers/"):].split("/")
        if len(tail) < 3 or len(tail) % 2 == 0:
            raise ArmError(400, "InvalidResourceId", f"The resource id '{scope}' is invalid.")
        raise resource_not_found(tail[0] + "/" + "/".join(tail[1::2]), "/".join(tail[2::2]), m.group("rg"))
    if not _supports_tags(rec["body"]):
        raise ArmError(400, "BadRequest", f"The resource type '{rec['body'].get('type')}' does not support tags.")
    return rec["id"], dict(rec["body"].get("tags") or {}), _is_storage(rec["id"])


def _save(req, rid, tags):
    store = req.sandbox.store
    rec = store.get(rid)
    if rec is None:                                  # a subscription's first tags
        sub = rid.rsplit("/", 1)[1]
        store.put(rid, {"id": rid, "subscriptionId": sub, "tags": tags})
        return
    body = rec["body"]
    body["tags"] = tags
    store.put(rid, body)                             # private part kept


def _body(scope, tags):
    return {"id": scope + SUFFIX, "name": "default", "type": TAGS_TYPE, "properties": {"tags": copy.deepcopy(tags)}}


def _tag_names(req):
    """GET /subscriptions/{id}/tagNames: every tag name in use on groups and resources, with value counts."""
    sub = require_subscription(req)
    prefix = f"/subscriptions/{sub}/".lower()
    names = {}
    for rec in req.sandbox.store.select(lambda r: r["id"].lower().startswith(prefix)
                                        and isinstance(r["body"].get("tags"), dict)):
        for name, value in rec["body"]["tags"].items():
            entry = names.setdefault(name.lower(), {"name": name, "values": {}})
            entry["values"][value] = entry["values"].get(value, 0) + 1
    out = []
    for entry in sorted(names.values(), key=lambda e: e["name"].lower()):
        base = f"/subscriptions/{sub}/tagNames/{entry['name']}"
        values = [{"id": f"{base}/tagValues/{v}", "tagValue": v, "count": {"type": "Total", "value": n}}
                  for v, n in sorted(entry["values"].items(), key=lambda kv: str(kv[0]))]
        out.append({"id": base, "tagName": entry["name"],
                    "count": {"type": "Total", "value": sum(v["count"]["value"] for v in values)},
                    "values": values})
    return out


# ---- routes ------------------------------------------------------------------------------------------
def register(router):
    @router.add(["GET", "PUT", "PATCH", "DELETE"], TAGS)
    def tags_at_scope(req):
        scope = "/" + req.groups["scope"].strip("/")
        store = req.sandbox.store
        with store.lock:
            rid, current, storage = _target(req, scope)
            if req.method == "GET":
                return Response(200, _body(scope, current))
            if req.method == "DELETE":
                _save(req, rid, {})
                return Response(200, None)
            body = req.json()
            props = get_ci(body, "properties") or {}
            incoming = get_ci(props, "tags")
            incoming = {} if incoming is None else incoming
            if not isinstance(incoming, dict):
                validate_tags(incoming)              # raises InvalidRequestContent
            if req.method == "PUT":
                new = dict(incoming)
            else:
                new = apply_patch(current, get_ci(body, "operation"), incoming)
            validate_tags(new, storage=storage)
            _save(req, rid, new)
            return Response(200, _body(scope, new))

    @router.add(["GET"], SUB + r"/tagnames")
    def list_tag_names(req):
        return page(req, _tag_names(req), req.sandbox.page_size)

    # Whole-resource writes: ARM checks the same limits on the body's `tags` before the resource provider
    # sees the request (a real InvalidTagNameCharacters came back from `az resource tag`). This route only
    # validates, then hands the request to the route that would have answered it.
    @router.add(["PUT", "PATCH"], RG + r"(?:/providers/.+)?")
    def check_resource_tags(req):
        try:
            body = req.json(required=False)
        except ArmError:
            body = None                               # the owning route reports malformed content
        if isinstance(body, dict) and "tags" in body and body["tags"]:
            validate_tags(body["tags"], storage=_is_storage(req.path))
        return _delegate(router, check_resource_tags, req)


def _delegate(router, me, req):
    """Run the first route registered after `me` that matches the request (the router's own rules)."""
    route, groups = router.match(req.method, req.path, after=me)
    if route is None:
        if groups:
            raise ArmError(405, "MethodNotAllowed",
                           f"The requested resource does not support http method '{req.method}'.")
        raise ArmError(404, "NotFound", f"No route for '{req.method} {req.path}' in the ARM sandbox.")
    req.groups = groups
    return route.handler(req)
