"""Microsoft.EventHub namespaces, authorization rules (listKeys/regenerateKeys), networkRuleSets/default and event
hubs. The Service Bus resource provider serves Event Hubs too (same answers, same "Server-SB" front end), so the
models live in servicebus.py; this module only says what differs (facts in tests/sandbox/recorded_messaging.py):
- a namespace also shows isAutoInflateEnabled, maximumThroughputUnits and kafkaEnabled (false for Basic only),
  and its sku a capacity (1 by default); rules and event hubs answer the namespace's display location;
- DELETE answers 202 + Location .../resourcegroups/{rg}/providers/Microsoft.EventHub/locations/{loc}/operationStatus/
  {ns}?api-version=...&resourceType=Namespace, a monitor that answers 202 (empty) while running, then 204.
"""
from ..arm import normalize_location
from .servicebus import Entity, Flavor, register_messaging


def _sku_props(sku, given, old):
    old = old or {}
    return {"isAutoInflateEnabled": given.get("isAutoInflateEnabled", old.get("isAutoInflateEnabled", False)),
            "maximumThroughputUnits": given.get("maximumThroughputUnits", old.get("maximumThroughputUnits", 0)),
            "kafkaEnabled": sku != "Basic"}


def eventhub_props(given, old, now):
    """An event hub as the RP answers it: 4 partitions and 7 days by default (recorded); retentionDescription mirrors
    messageRetentionInDays (assumed: the field exists in the SDK model, its recorded values do not)."""
    old = old or {}
    hours = (given.get("retentionDescription") or {}).get("retentionTimeInHours")
    days = given.get("messageRetentionInDays") or (hours // 24 if hours else None) \
        or old.get("messageRetentionInDays") or 7
    count = old.get("partitionCount") or given.get("partitionCount") or 4      # fixed once created
    return {"messageRetentionInDays": days, "partitionCount": count, "status": given.get("status", "Active"),
            "createdAt": old.get("createdAt", now), "updatedAt": now,
            "partitionIds": [str(i) for i in range(count)],
            "retentionDescription": {"cleanupPolicy": "Delete", "retentionTimeInHours": hours or days * 24}}


def _monitor(req, ns):
    sub, rg = req.sandbox.subscription_id, req.groups["rg"]
    loc = normalize_location(ns["location"])
    return (f"/subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.EventHub/locations/{loc}"
            f"/operationStatus/{ns['name']}")


EVENT_HUBS = Flavor(
    namespace="Microsoft.EventHub", ns_type="Microsoft.EventHub/Namespaces", rules_segment="authorizationRules",
    sku_props=_sku_props, sku_capacity=lambda name: 1,
    entities=(Entity("eventhubs", "Microsoft.EventHub/Namespaces/EventHubs", eventhub_props),),
    child_location=lambda ns: ns["location"],                                 # "East US 2" (recorded)
    delete_monitor=_monitor, delete_query="&resourceType=Namespace", delete_done=204)


def register(router):
    register_messaging(router, EVENT_HUBS)
