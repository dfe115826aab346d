"""microsoft.insights/components (Application Insights): PUT, GET, PATCH (tags), DELETE, lists.

Fidelity notes (facts and sources in tests/sandbox/recorded_ai_insights.py):
- Real ids and the type are lower case: .../providers/microsoft.insights/components/{name},
  "type": "microsoft.insights/components", whatever casing the request used.
- PUT answers 200 synchronously for create and update (the SDKs accept only 200); DELETE 200 with no body.
- The body's properties are PascalCase. ApplicationId is the name; AppId and InstrumentationKey are GUIDs fixed
  at creation (a PUT cannot change them); TenantId is the subscription id; ConnectionString is
  "InstrumentationKey=..;IngestionEndpoint=https://{region}-{n}.in.applicationinsights.azure.com/;
  LiveEndpoint=https://{region}.livediagnostics.monitor.azure.com/;ApplicationId={AppId}". GET returns all of
  them: Application Insights does not treat the instrumentation key or connection string as a secret.
- "Retention": "P{n}D" appears only when the PUT carried RetentionInDays; WorkspaceResourceId switches
  IngestionMode to "LogAnalytics" and stamps LaMigrationDate.
- PATCH (updateTags) replaces the tags and answers 200 with the component.
"""
import copy
import datetime
import uuid

from ..arm import ArmError, new_guid, normalize_location, resource_not_found, stable_int
from ..tracked import ResourceType, tracked

TYPE = "microsoft.insights/components"
# Application Insights answers carry these on top of ARM's (recorded); the appId is a fake one.
HEADERS = {"Request-Context": "appId=cid-v1:5a7c3e1b-0f4d-4c2e-9b8a-1d2e3f405162",
           "Access-Control-Expose-Headers": "Request-Context", "X-Powered-By": "ASP.NET"}
# Set by the RP only: never taken from a request (a GET body sent back as a PUT).
READ_ONLY = {"ApplicationId", "AppId", "InstrumentationKey", "ConnectionString", "Name", "CreationDate", "TenantId",
             "provisioningState", "Retention", "LaMigrationDate", "Ver", "HockeyAppToken",
             "PrivateLinkScopedResources"}


def _creation_date():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0+00:00")


def _etag():
    return f'"{uuid.uuid4().hex[:8]}-0000-0200-0000-{int(datetime.datetime.now().timestamp()):x}0000"'


def _connection_string(rid, region, ikey, app_id):
    stamp = stable_int(rid) % 4           # the ingestion stamp number, deterministic per component
    return (f"InstrumentationKey={ikey};IngestionEndpoint=https://{region}-{stamp}.in.applicationinsights.azure.com/;"
            f"LiveEndpoint=https://{region}.livediagnostics.monitor.azure.com/;ApplicationId={app_id}")


def _ingestion(given, old_props):
    """WorkspaceResourceId, IngestionMode and LaMigrationDate as the RP sets them."""
    out = {}
    workspace = given.pop("WorkspaceResourceId", None) or old_props.get("WorkspaceResourceId")
    if workspace:
        out["WorkspaceResourceId"] = workspace
        out["LaMigrationDate"] = old_props.get("LaMigrationDate") or _creation_date()
    out["IngestionMode"] = "LogAnalytics" if workspace else given.pop("IngestionMode", None) or "ApplicationInsights"
    given.pop("IngestionMode", None)
    return out


def _build(req, rid, body, old):
    old = old or {}
    old_props = old.get("properties") or {}
    name = rid.rsplit("/", 1)[1]
    location = normalize_location(body.get("location") or old.get("location"))
    given = {k: v for k, v in (body.get("properties") or {}).items() if k not in READ_ONLY}
    if req.method == "PUT" and not given.get("Application_Type"):
        raise ArmError(400, "BadRequest", "The Application_Type property is required.")   # code/message assumed
    app_id = old_props.get("AppId") or new_guid()
    ikey = old_props.get("InstrumentationKey") or new_guid()
    retention = given.pop("RetentionInDays", None)
    props = {"ApplicationId": name, "AppId": app_id, "Application_Type": given.pop("Application_Type", None),
             "Flow_Type": given.pop("Flow_Type", None), "Request_Source": given.pop("Request_Source", None),
             "InstrumentationKey": ikey, "ConnectionString": _connection_string(rid, location, ikey, app_id),
             "Name": name, "CreationDate": old_props.get("CreationDate") or _creation_date(),
             "TenantId": req.sandbox.subscription_id, "provisioningState": "Succeeded",
             "SamplingPercentage": given.pop("SamplingPercentage", None),
             "RetentionInDays": retention or old_props.get("RetentionInDays") or 90}
    # PUT: "Retention" only when the request carried RetentionInDays; PATCH keeps what was there.
    if (retention is not None and req.method == "PUT") or (req.method == "PATCH" and "Retention" in old_props):
        props["Retention"] = f"P{props['RetentionInDays']}D"
    props.update(_ingestion(given, old_props))
    props["publicNetworkAccessForIngestion"] = given.pop("publicNetworkAccessForIngestion", "Enabled")
    props["publicNetworkAccessForQuery"] = given.pop("publicNetworkAccessForQuery", "Enabled")
    props.update(given)                   # DisableLocalAuth, DisableIpMasking, ... echoed as sent
    props["Ver"] = "v2"
    out = {"kind": body.get("kind") or old.get("kind"), "etag": _etag(), "id": rid, "name": name, "type": TYPE,
           "location": location,
           "tags": copy.deepcopy(body["tags"] if "tags" in body else old.get("tags")) or {}, "properties": props}
    return out


def _validate(req, body, existing):
    if existing is None and not body.get("location"):
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")


def _not_found(req):
    # ARM's ResourceNotFound names the type as the request spelt it (e.g. 'Microsoft.Insights/components/x').
    spelt = req.path.split("/providers/", 1)[1].split("/")[:2]
    return resource_not_found("/".join(spelt), req.groups["n0"], req.groups["rg"])


COMPONENTS = ResourceType(TYPE, build=_build, create="sync", created_status=200, headers=HEADERS,
                          validate=_validate, not_found=_not_found)


def register(router):
    tracked(router, COMPONENTS)
