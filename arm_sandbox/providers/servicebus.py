"""Microsoft.ServiceBus namespaces, their authorization rules (listKeys/regenerateKeys), networkRuleSets/default,
queues and topics. Event Hubs is served by the same resource provider ("Service-Bus-Resource-Provider"), so
eventhub.py reuses `register_messaging` with its own `Flavor`.

Fidelity notes (facts and sources in tests/sandbox/recorded_messaging.py):
- PUT namespace answers 200 at once, no LRO header, provisioningState "Created" + status "Activating"; the
  SDK poller (body polling) then GETs the namespace until "Succeeded"/"Active". The sandbox stores the
  finished namespace, so the first GET already shows it. A PUT on an existing namespace answers 200 with it.
- The namespace comes with the rule RootManageSharedAccessKey (Listen, Manage, Send) and networkRuleSets/default
  {publicNetworkAccess Enabled, defaultAction Allow, virtualNetworkRules [], ipRules []} before any PUT.
- Keys (44-character base64) live in the rule's private part; only listKeys/regenerateKeys return them.
- networkRuleSets/default: PUT replaces the whole set (200); trustedServiceAccessEnabled is only shown when true;
  publicNetworkAccess is one setting shared with the namespace (kept when a PUT omits it).
- DELETE namespace: 202 + Location monitor (Service Bus: .../namespaces/{ns}/operationresults/{ns}, 202 while
  running, then 200 empty; Event Hubs: .../locations/{loc}/operationStatus/{ns}?...&resourceType=Namespace, then 204).
- A missing namespace is ARM's gateway 404 ResourceNotFound; a missing rule/entity in an existing namespace is
  the RP's own 404 {"code": "NotFound", "message": "The requested resource X does not exist. CorrelationId: ..."}.
"""
import base64
import copy
import datetime
import os
import re
import threading
from dataclasses import dataclass, field
from typing import Callable, Tuple

from ..arm import (ArmError, Response, display_location, is_valid_resource_id, linked_invalid_property_id,
                   new_guid, normalize_location, resource_not_found)
from ..router import RG
from ..tracked import ResourceType, tracked
from .common import require_group

ROOT_RULE = "RootManageSharedAccessKey"
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]$")   # 6-50, letter first, no '-' last
FOREVER = "P10675199DT2H48M5.4775807S"                                  # TimeSpan.MaxValue as the RP prints it
NEVER = "0001-01-01T00:00:00"
ZERO_COUNTS = {"activeMessageCount": 0, "deadLetterMessageCount": 0, "scheduledMessageCount": 0,
               "transferMessageCount": 0, "transferDeadLetterMessageCount": 0}

_DELETES = {}                     # monitor path (lower) -> [polls left, body while running or None, monitor url]
_DELETES_LOCK = threading.Lock()


@dataclass
class Entity:
    segment: str                   # path segment under the namespace: queues | topics | eventhubs
    type_name: str                 # the "type" the RP answers
    props: Callable                # (given properties, old properties or None, now) -> properties


@dataclass
class Flavor:
    namespace: str                 # Microsoft.ServiceBus | Microsoft.EventHub
    ns_type: str                   # "type" of a namespace as the RP answers it
    rules_segment: str             # how the SDK spells the namespace rules' segment
    sku_props: Callable            # (sku, given properties, old properties or None) -> RP-specific properties
    sku_capacity: Callable         # (sku name) -> default capacity or None (not shown)
    entities: Tuple[Entity, ...]
    child_location: Callable       # (namespace body) -> "location" of rules, entities and the rule set
    delete_monitor: Callable       # (req, namespace body) -> monitor path (no query)
    delete_query: str = ""         # extra query of the monitor url
    delete_done: int = 200         # the monitor's final status
    headers: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- helpers
def _now():
    t = datetime.datetime.now(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def _key():
    return base64.b64encode(os.urandom(32)).decode()      # 44 characters, as recorded


def _retry_after(req):
    value = req.sandbox.operations.retry_after
    return {"Retry-After": str(value)} if value not in (None, "") else {}


def rp_not_found(req, name):
    """The RP's own 404 for a rule or entity that does not exist (recorded for authorization rules)."""
    corr = req.headers.get("x-ms-correlation-request-id") or new_guid()
    return ArmError(404, "NotFound", f"The requested resource {name} does not exist. CorrelationId: {corr}",
                    headers={"x-ms-correlation-request-id": corr})


def _namespace_id(req, flavor):
    g = req.groups
    return (f"/subscriptions/{req.sandbox.subscription_id}/resourceGroups/{g['rg']}/providers/{flavor.namespace}"
            f"/namespaces/{g['n0']}")


def _child_missing(flavor):
    """not_found for children: ARM's 404 when the namespace is gone, else the RP's NotFound."""
    def missing(req):
        if req.sandbox.store.get(_namespace_id(req, flavor)) is None:
            raise resource_not_found(f"{flavor.namespace}/namespaces", req.groups["n0"], req.groups["rg"])
        last = max(int(k[1:]) for k in req.groups if re.fullmatch(r"n\d+", k))
        return rp_not_found(req, req.groups[f"n{last}"])
    return missing


# ---------------------------------------------------------------------------------------------- namespaces
def _sku(flavor, given, old):
    sku = copy.deepcopy(given or (old or {}).get("sku") or {"name": "Standard"})   # no sku: Standard (recorded)
    name = {"basic": "Basic", "standard": "Standard", "premium": "Premium"}.get(str(sku.get("name", "")).lower(),
                                                                             sku.get("name"))
    sku["name"] = name
    sku["tier"] = name
    if sku.get("capacity") is None:
        sku.pop("capacity", None)
        if flavor.sku_capacity(name) is not None:
            sku["capacity"] = flavor.sku_capacity(name)
    return sku


def _build_namespace(flavor, req, rid, body, old):
    name = rid.rsplit("/", 1)[1]
    loc = body.get("location") or (old or {}).get("location")
    if not loc:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    given = copy.deepcopy(body.get("properties") or {})
    old_props = (old or {}).get("properties") or {}
    sku = _sku(flavor, body.get("sku"), old)
    props = {"minimumTlsVersion": given.get("minimumTlsVersion", old_props.get("minimumTlsVersion", "1.2")),
             "publicNetworkAccess": given.get("publicNetworkAccess", old_props.get("publicNetworkAccess", "Enabled")),
             "disableLocalAuth": given.get("disableLocalAuth", old_props.get("disableLocalAuth", False)),
             "zoneRedundant": given.get("zoneRedundant", old_props.get("zoneRedundant", False))}
    props.update(flavor.sku_props(sku["name"], given, old_props or None))
    created = old_props.get("createdAt") or _now()
    props.update({"provisioningState": "Succeeded",
                  "metricId": f"{req.sandbox.subscription_id}:{name.lower()}",
                  "createdAt": created, "updatedAt": _now() if old else created,
                  "serviceBusEndpoint": f"https://{name}.servicebus.windows.net:443/", "status": "Active"})
    return {"sku": sku, "id": rid, "name": name, "type": flavor.ns_type,
            "location": display_location(normalize_location(loc)),          # "East US 2", as recorded
            "tags": copy.deepcopy(body["tags"]) if "tags" in body else (old or {}).get("tags", {}),
            "properties": props}


def _check_name(name):
    if not NAME_RE.match(name) or name.lower().endswith(("-sb", "-mgmt")) or "--" in name:
        corr = new_guid()
        raise ArmError(400, "BadRequest", f"The specified service namespace is invalid. CorrelationId: {corr}")


def _rule_body(flavor, rid, ns_body, rights, type_name=None):
    return {"id": rid, "name": rid.rsplit("/", 1)[1], "type": type_name or f"{flavor.ns_type}/AuthorizationRules",
            "location": flavor.child_location(ns_body), "properties": {"rights": list(rights)}}


def _rule_set_body(flavor, ns_body, given, old_props):
    """networkRuleSets/default after a PUT of `given` (the whole set), as the RP answers it."""
    props_in = given or {}
    public = props_in.get("publicNetworkAccess") or (old_props or {}).get("publicNetworkAccess") \
        or ns_body["properties"].get("publicNetworkAccess") or "Enabled"
    ip_rules = [{"ipMask": r.get("ipMask"), "action": r.get("action") or "Allow"} for r in props_in.get("ipRules") or []]
    vnet_rules = []
    for r in props_in.get("virtualNetworkRules") or []:
        sid = (r.get("subnet") or {}).get("id") or ""
        if not is_valid_resource_id(sid):
            raise linked_invalid_property_id(sid, "properties.virtualNetworkRules[].subnet.id")
        vnet_rules.append({"subnet": {"id": sid},
                           "ignoreMissingVnetServiceEndpoint": bool(r.get("ignoreMissingVnetServiceEndpoint", False))})
    trusted = bool(props_in.get("trustedServiceAccessEnabled", False))
    action = props_in.get("defaultAction") or "Allow"
    # The RP turns a Deny without any rule into Allow while the public endpoint is on (terraform-provider-azurerm #14001).
    if action.lower() == "deny" and public == "Enabled" and not ip_rules and not vnet_rules and not trusted:
        action = "Allow"
    props = {"publicNetworkAccess": public, "defaultAction": "Deny" if action.lower() == "deny" else "Allow",
             "virtualNetworkRules": vnet_rules, "ipRules": ip_rules}
    if trusted:
        props["trustedServiceAccessEnabled"] = True       # omitted when false (recorded)
    rid = ns_body["id"] + "/networkRuleSets/default"
    return {"id": rid, "name": "default", "type": f"{flavor.ns_type}/NetworkRuleSets",
            "location": ns_body["location"], "properties": props}


def _sync_public_access(flavor, req, ns_body):
    """The namespace's publicNetworkAccess and the rule set's are one setting: copy it over."""
    store = req.sandbox.store
    rec = store.get(ns_body["id"] + "/networkRuleSets/default")
    if rec and rec["body"]["properties"]["publicNetworkAccess"] != ns_body["properties"]["publicNetworkAccess"]:
        rec["body"]["properties"]["publicNetworkAccess"] = ns_body["properties"]["publicNetworkAccess"]
        store.put(rec["id"], rec["body"])


def _register_namespaces(router, flavor):
    ns_route = (r"(?P<rid>" + RG + r"/providers/" + re.escape(flavor.namespace.lower())
                + r"/namespaces/(?P<n0>[^/]+))")
    headers = flavor.headers

    @router.add(["PUT"], ns_route)
    def put_namespace(req):
        require_group(req)
        body = req.json()
        store = req.sandbox.store
        existing = store.get(req.groups["rid"])
        if existing is None:
            _check_name(req.groups["n0"])
        rid = existing["id"] if existing else _namespace_id(req, flavor)
        out = _build_namespace(flavor, req, rid, body, existing and existing["body"])
        store.put(rid, out)
        if existing:
            _sync_public_access(flavor, req, out)
            return Response(200, out, dict(headers))
        rule_id = f"{rid}/{flavor.rules_segment}/{ROOT_RULE}"
        store.put(rule_id, _rule_body(flavor, rule_id, out, ["Listen", "Manage", "Send"]),
                  {"primaryKey": _key(), "secondaryKey": _key()})
        rule_set = _rule_set_body(flavor, out, None, None)
        store.put(rule_set["id"], rule_set)
        first = copy.deepcopy(out)                    # what the RP answers before activation finishes
        first["properties"].update(provisioningState="Created", status="Activating")
        return Response(200, first, dict(headers))

    @router.add(["DELETE"], ns_route)
    def delete_namespace(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            return Response(204, None, dict(headers))
        req.sandbox.store.delete_tree(rec["id"])
        path = flavor.delete_monitor(req, rec["body"])
        running = copy.deepcopy(rec["body"])
        running["properties"]["status"] = "Removing"
        url = f"{req.base_url}{path}?api-version={req.api_version}{flavor.delete_query}"
        with _DELETES_LOCK:   # [polls left, body while running (Service Bus answers the namespace), url]
            _DELETES[path.lower()] = [req.sandbox.operations.polls, running if flavor.delete_done == 200 else None, url]
        return Response(202, None, {**headers, "Location": url, **_retry_after(req)})

    def poll_delete(req):
        path = req.path
        with _DELETES_LOCK:
            state = _DELETES.get(path.lower())
            running = bool(state and state[0] > 0)
            if running:
                state[0] -= 1
            elif state:
                del _DELETES[path.lower()]
        if running:
            return Response(202, state[1], {**headers, "Location": state[2], **_retry_after(req)})
        return Response(flavor.delete_done, None, dict(headers))

    router.add(["GET"], ns_route + r"/operationresults/[^/]+")(poll_delete)
    router.add(["GET"], RG + r"/providers/" + re.escape(flavor.namespace.lower())
               + r"/locations/[^/]+/operationstatus/[^/]+")(poll_delete)

    def build(req, rid, body, old):
        out = _build_namespace(flavor, req, rid, body, old)
        if req.method == "PATCH":
            _sync_public_access(flavor, req, out)
        return out

    tracked(router, ResourceType(f"{flavor.namespace}/namespaces", build=build, headers=headers))


# ---------------------------------------------------------------------------------------------- rules and keys
def _access_keys(rec, entity=None):
    host = rec["id"].split("/namespaces/", 1)[1].split("/", 1)[0]
    rule = rec["body"]["name"]
    tail = f";EntityPath={entity}" if entity else ""

    def conn(key):
        return f"Endpoint=sb://{host}.servicebus.windows.net/;SharedAccessKeyName={rule};SharedAccessKey={key}{tail}"
    keys = rec["private"]
    return {"primaryConnectionString": conn(keys["primaryKey"]), "secondaryConnectionString": conn(keys["secondaryKey"]),
            "primaryKey": keys["primaryKey"], "secondaryKey": keys["secondaryKey"], "keyName": rule}


def _rule_type(flavor, type_name, entity_segment, answered_type=None):
    def build(req, rid, body, old):
        ns_body = req.sandbox.store.body(_namespace_id(req, flavor))
        rights = (body.get("properties") or {}).get("rights")
        if rights is None:
            rights = ((old or {}).get("properties") or {}).get("rights", [])
        return _rule_body(flavor, rid, ns_body, rights, answered_type)

    def entity_of(rec):
        return rec["id"].split(f"/{entity_segment}/", 1)[1].split("/", 1)[0] if entity_segment else None

    def list_keys(req, rec):
        return Response(200, _access_keys(rec, entity_of(rec)))

    def regenerate_keys(req, rec):
        body = req.json()
        kind = str(body.get("keyType") or "")
        slot = {"primarykey": "primaryKey", "secondarykey": "secondaryKey"}.get(kind.lower())
        if slot is None:   # status and code assumed (the SDK only sends the two enum values)
            raise ArmError(400, "BadRequest", f"The value '{kind}' is not a valid key type. CorrelationId: {new_guid()}")
        rec["private"][slot] = body.get("key") or _key()
        req.sandbox.store.put(rec["id"], rec["body"], rec["private"])
        return Response(200, _access_keys(rec, entity_of(rec)))

    return ResourceType(type_name, build=build, created_status=200, headers=flavor.headers,
                        actions={"listKeys": list_keys, "regenerateKeys": regenerate_keys},
                        private=lambda req, body: {"primaryKey": _key(), "secondaryKey": _key()},
                        not_found=_child_missing(flavor))


# ---------------------------------------------------------------------------------------------- entities
def _entity_type(flavor, entity):
    def build(req, rid, body, old):
        ns_body = req.sandbox.store.body(_namespace_id(req, flavor))
        old_props = (old or {}).get("properties")
        given = copy.deepcopy(body.get("properties") or {})
        return {"id": rid, "name": rid.rsplit("/", 1)[1], "type": entity.type_name,
                "location": flavor.child_location(ns_body), "properties": entity.props(given, old_props, _now())}

    return ResourceType(f"{flavor.namespace}/namespaces/{entity.segment}", build=build, created_status=200,
                        headers=flavor.headers, not_found=_child_missing(flavor))


def queue_props(given, old, now):
    out = {"maxMessageSizeInKilobytes": 256, "lockDuration": "PT1M", "maxSizeInMegabytes": 1024,
           "requiresDuplicateDetection": False, "requiresSession": False, "defaultMessageTimeToLive": FOREVER,
           "deadLetteringOnMessageExpiration": False, "enableBatchedOperations": True,
           "duplicateDetectionHistoryTimeWindow": "PT10M", "maxDeliveryCount": 10, "sizeInBytes": 0,
           "messageCount": 0, "status": "Active", "autoDeleteOnIdle": FOREVER, "enablePartitioning": False,
           "enableExpress": False}
    return _entity_props(out, given, old, now, ("sizeInBytes", "messageCount"))


def topic_props(given, old, now):
    out = {"maxMessageSizeInKilobytes": 256, "defaultMessageTimeToLive": FOREVER, "maxSizeInMegabytes": 1024,
           "requiresDuplicateDetection": False, "duplicateDetectionHistoryTimeWindow": "PT10M",
           "enableBatchedOperations": True, "sizeInBytes": 0, "status": "Active", "supportOrdering": True,
           "autoDeleteOnIdle": FOREVER, "enablePartitioning": False, "enableExpress": False}
    out = _entity_props(out, given, old, now, ("sizeInBytes",))
    out["subscriptionCount"] = (old or {}).get("subscriptionCount", 0)
    return out


def _entity_props(defaults, given, old, now, read_only):
    """A PUT of an entity replaces its settings (absent ones fall back to the defaults), read-only ones stay."""
    out = dict(defaults)
    out.update({k: v for k, v in given.items() if k not in read_only and k not in ("countDetails", "createdAt",
                                                                                   "updatedAt", "accessedAt")})
    out["countDetails"] = dict(ZERO_COUNTS)
    out.update(createdAt=(old or {}).get("createdAt", now), updatedAt=now, accessedAt=NEVER)
    return out


# ---------------------------------------------------------------------------------------------- rule set
def _current_rule_set(flavor, req, ns):
    """The stored set, or the one every namespace has before any PUT (a namespace seeded from a state dump)."""
    return req.sandbox.store.body(ns["id"] + "/networkRuleSets/default") or _rule_set_body(flavor, ns["body"], None, None)


def _register_rule_set(router, flavor):
    base = r"(?P<rid>" + RG + r"/providers/" + re.escape(flavor.namespace.lower()) + r"/namespaces/(?P<n0>[^/]+))"
    headers = flavor.headers

    def namespace(req):
        require_group(req)
        rec = req.sandbox.store.get(req.groups["rid"])
        if rec is None:
            raise resource_not_found(f"{flavor.namespace}/namespaces", req.groups["n0"], req.groups["rg"])
        return rec

    @router.add(["GET"], base + r"/networkrulesets/default")
    def get_rule_set(req):
        ns = namespace(req)
        return Response(200, _current_rule_set(flavor, req, ns), dict(headers))

    @router.add(["PUT"], base + r"/networkrulesets/default")
    def put_rule_set(req):
        ns = namespace(req)
        store = req.sandbox.store
        old = store.body(ns["id"] + "/networkRuleSets/default")
        out = _rule_set_body(flavor, ns["body"], req.json().get("properties") or {}, old and old["properties"])
        store.put(out["id"], out)
        public = out["properties"]["publicNetworkAccess"]
        if ns["body"]["properties"].get("publicNetworkAccess") != public:
            ns["body"]["properties"]["publicNetworkAccess"] = public
            store.put(ns["id"], ns["body"])
        return Response(200, out, dict(headers))

    @router.add(["GET"], base + r"/networkrulesets")
    def list_rule_sets(req):
        ns = namespace(req)
        return Response(200, {"value": [_current_rule_set(flavor, req, ns)]}, dict(headers))


# ---------------------------------------------------------------------------------------------- registration
def register_messaging(router, flavor):
    _register_rule_set(router, flavor)
    for entity in flavor.entities:       # entity rules before entities: routes registered earlier win
        seg = f"{flavor.namespace}/namespaces/{entity.segment}/authorizationRules"
        # entity rules' "type" is not recorded: the entity's type + "/AuthorizationRules" (assumed)
        tracked(router, _rule_type(flavor, seg, entity.segment, entity.type_name + "/AuthorizationRules"))
        tracked(router, _entity_type(flavor, entity))
    tracked(router, _rule_type(flavor, f"{flavor.namespace}/namespaces/{flavor.rules_segment}", None))
    _register_namespaces(router, flavor)


SERVICE_BUS = Flavor(
    namespace="Microsoft.ServiceBus", ns_type="Microsoft.ServiceBus/Namespaces", rules_segment="AuthorizationRules",
    sku_props=lambda sku, given, old: {},
    sku_capacity=lambda name: 1 if name == "Premium" else None,        # Standard shows no capacity (recorded)
    entities=(Entity("queues", "Microsoft.ServiceBus/namespaces/queues", queue_props),
              Entity("topics", "Microsoft.ServiceBus/namespaces/topics", topic_props)),
    child_location=lambda ns: normalize_location(ns["location"]),          # "westus" (recorded 2023)
    delete_monitor=lambda req, ns: f"{ns['id']}/operationresults/{ns['name']}",
    delete_done=200)


def register(router):
    register_messaging(router, SERVICE_BUS)
