"""Declarative resource types: one call registers a type's GET, PUT, PATCH, DELETE, lists and actions.

    tracked(router, ResourceType(
        "Microsoft.EventHub/namespaces/authorizationRules",   # child types nest under their parent
        build=build_rule,                  # (req, rid, body, old) -> the body GET returns
        create="async",                    # how a PUT that creates answers: sync | location | async
        patch_replaces=("properties.ipRules",),   # lists a PATCH replaces instead of merging
        actions={"listKeys": list_keys},   # POST .../{action}: (req, rec) -> Response
        private=new_keys,                  # (req, body) -> what ARM never shows on GET
    ))

The shapes of long-running operations are ARM's two (lro.py): `location` (202 + Location monitor that
answers 202 while running, then the final status and body) and `async` (the RP answers at once with
the resource in a non-final provisioningState and an Azure-AsyncOperation status monitor; the SDK
poller GETs the resource when the monitor says Succeeded). `sync` answers 200/201 with the body.
A type's own handlers (validation, special routes) can still be added beside it with `router.add`:
routes registered earlier win, so add them before calling `tracked`.
"""
import copy
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Optional, Tuple

from .arm import ArmError, Response, page, resource_not_found
from .providers.common import deep_merge, require_group, require_subscription
from .router import RG, SUB

@dataclass
class ResourceType:
    type_name: str                                   # Namespace/type[/child...]
    build: Callable                                  # (req, rid, body, old) -> stored body
    create: str = "sync"                             # sync | location | async
    update: str = "sync"                             # how a PUT/PATCH on an existing resource answers
    delete: str = "sync"                             # sync | location
    created_status: int = 201                        # a sync create's status (some RPs say 200)
    created_location: bool = False                   # a sync create names the resource's own path in Location
    patch_replaces: Tuple[str, ...] = ()             # dotted paths of lists PATCH replaces
    actions: Dict[str, Callable] = field(default_factory=dict)   # POST {rid}/{action}: (req, rec) -> Response
    private: Optional[Callable] = None               # (req, body) -> private part at creation
    headers: Dict[str, str] = field(default_factory=dict)        # extra headers on every answer
    validate: Optional[Callable] = None              # (req, body, existing or None): raise ArmError to refuse
    lists: bool = True                               # GET of the collection (group + subscription for top level)
    not_found: Optional[Callable] = None             # (req) -> ArmError for a missing resource (RP's own shape)

    @property
    def segments(self):
        return self.type_name.split("/")[1:]

    @property
    def namespace(self):
        return self.type_name.split("/")[0]


def pattern(rt, with_name=True):
    """The route of a resource of this type (group scoped), named groups n0..nK for the names."""
    parts = [RG, "/providers/", re.escape(rt.namespace.lower())]
    for index, segment in enumerate(rt.segments):
        parts.append("/" + re.escape(segment.lower()))
        if with_name or index < len(rt.segments) - 1:
            parts.append(f"/(?P<n{index}>[^/]+)")
    return "(?P<rid>" + "".join(parts) + ")"


def resource_id(req, rt):
    """The canonical id of the resource a request addresses (the stored casing when it exists)."""
    rec = req.sandbox.store.get(req.groups["rid"])
    if rec:
        return rec["id"]
    g = req.groups
    sub = req.sandbox.subscription_id
    rid = f"/subscriptions/{sub}/resourceGroups/{g['rg']}/providers/{rt.namespace}"
    for index, segment in enumerate(rt.segments):
        rid += f"/{segment}/{g[f'n{index}']}"
    return rid


def _names(req, rt):
    return [req.groups[f"n{i}"] for i in range(len(rt.segments))]


def missing(req, rt):
    if rt.not_found:
        return rt.not_found(req)
    return resource_not_found(rt.type_name, "/".join(_names(req, rt)), req.groups["rg"])


def _parent_must_exist(req, rt):
    if len(rt.segments) > 1:
        parent = req.groups["rid"].rsplit("/", 2)[0]
        if req.sandbox.store.get(parent) is None:
            parent_type = ResourceType(rt.namespace + "/" + "/".join(rt.segments[:-1]), build=None)
            raise resource_not_found(parent_type.type_name, "/".join(_names(req, rt)[:-1]), req.groups["rg"])


def _answer(req, rt, status, body, mode, rid):
    """The response of a write in the type's LRO shape."""
    headers = dict(rt.headers)
    if mode == "location":
        store = req.sandbox.store
        resp = req.sandbox.operations.location(req, lambda: Response(200, store.body(rid), dict(rt.headers)),
                                               namespace=rt.namespace, location=(body or {}).get("location") or "eastus")
        resp.headers.update(headers)
        return resp
    if mode == "async":
        return req.sandbox.operations.azure_async(req, status, body, headers, namespace=rt.namespace,
                                                  location=(body or {}).get("location") or "eastus")
    return Response(status, copy.deepcopy(body), headers)


def merge_patch(old, patch, replaces=()):
    """ARM PATCH: objects merge; `tags` (ARM's RPC rule) and the listed dotted paths (lists) are
    replaced when the patch has them."""
    merged = deep_merge(old, patch)
    for path in ('tags',) + tuple(replaces):
        keys = path.split(".")
        source, target = patch, merged
        for key in keys[:-1]:
            source = (source or {}).get(key) if isinstance(source, dict) else None
            target = target.get(key) if isinstance(target, dict) else None
        if isinstance(source, dict) and keys[-1] in source and isinstance(target, dict):
            target[keys[-1]] = copy.deepcopy(source[keys[-1]])
    return merged


def tracked(router, rt):
    """Register GET/PUT/PATCH/DELETE, lists and actions of a resource type."""
    route = pattern(rt)

    for action, handler in rt.actions.items():
        @router.add(["POST"], route + "/" + re.escape(action.lower()))
        def run_action(req, handler=handler):
            require_group(req)
            rec = req.sandbox.store.get(req.groups["rid"])
            if rec is None:
                raise missing(req, rt)
            resp = handler(req, rec)
            resp.headers = {**rt.headers, **resp.headers}
            return resp

    if rt.lists:
        _register_lists(router, rt)

    @router.add(["GET"], route)
    def get(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise missing(req, rt)
        return Response(200, rec["body"], dict(rt.headers))

    @router.add(["PUT"], route)
    def put(req):
        require_group(req)
        _parent_must_exist(req, rt)
        body = req.json()
        store = req.sandbox.store
        existing = store.get(req.groups["rid"])
        if rt.validate:
            rt.validate(req, body, existing)
        rid = resource_id(req, rt)
        out = rt.build(req, rid, body, existing and existing["body"])
        private = existing["private"] if existing else (rt.private(req, body) if rt.private else {})
        store.put(rid, out, private)
        if existing:
            return _answer(req, rt, 200, out, rt.update, rid)
        resp = _answer(req, rt, rt.created_status if rt.create == "sync" else 201, out, rt.create, rid)
        if rt.created_location and rt.create == "sync":
            resp.headers["Location"] = req.path
        return resp

    @router.add(["PATCH"], route)
    def patch(req):
        require_group(req)
        store = req.sandbox.store
        rec = store.get(req.groups["rid"])
        if rec is None:
            raise missing(req, rt)
        body = req.json()
        if rt.validate:
            rt.validate(req, body, rec)
        merged = merge_patch(rec["body"], {k: v for k, v in body.items() if k != "identity"}, rt.patch_replaces)
        merged.pop("identity", None)
        if "identity" in body:
            merged["identity"] = body["identity"]
        out = rt.build(req, rec["id"], merged, rec["body"])     # build sees req.method == "PATCH"
        store.put(rec["id"], out)
        return _answer(req, rt, 200, out, rt.update, rec["id"])

    @router.add(["DELETE"], route)
    def delete(req):
        require_group(req)
        gone = req.sandbox.store.delete_tree(req.groups["rid"])
        if rt.delete == "location" and gone:
            return req.sandbox.operations.location(req, lambda: Response(200, None), namespace=rt.namespace,
                                                   location="eastus")
        return Response(200 if gone else 204, None, dict(rt.headers))


def _register_lists(router, rt):
    if len(rt.segments) == 1:
        segment = "/providers/" + rt.type_name.lower()

        @router.add(["GET"], RG + re.escape(segment))
        def list_in_group(req):
            rec = require_group(req)
            recs = req.sandbox.store.children(rec["id"], segment)
            return page(req, [r["body"] for r in recs], req.sandbox.page_size)

        @router.add(["GET"], SUB + re.escape(segment))
        def list_in_subscription(req):
            require_subscription(req)
            recs = req.sandbox.store.select(lambda r: r["body"].get("type", "").lower() == rt.type_name.lower())
            return page(req, [r["body"] for r in recs], req.sandbox.page_size)
        return

    @router.add(["GET"], pattern(rt, with_name=False))
    def list_children(req):
        require_group(req)
        parent = req.groups["rid"].rsplit("/", 1)[0]
        if req.sandbox.store.get(parent) is None:
            raise resource_not_found(rt.namespace + "/" + "/".join(rt.segments[:-1]),
                                     "/".join(req.groups[f"n{i}"] for i in range(len(rt.segments) - 1)),
                                     req.groups["rg"])
        recs = req.sandbox.store.children(parent, "/" + rt.segments[-1].lower())
        return page(req, [r["body"] for r in recs], req.sandbox.page_size)

