"""ARM conventions shared by all providers: requests/responses, errors, ids, paging."""
import copy
import datetime
import hashlib
import json
import re
import uuid
from urllib.parse import urlencode

GUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# Display names some RPs (App Service) echo back instead of the normalized location.
LOCATION_DISPLAY = {
    "eastus": "East US", "eastus2": "East US 2", "westus": "West US", "westus2": "West US 2",
    "westus3": "West US 3", "centralus": "Central US", "northeurope": "North Europe",
    "westeurope": "West Europe", "uksouth": "UK South", "southeastasia": "Southeast Asia",
    "japaneast": "Japan East", "australiaeast": "Australia East", "canadacentral": "Canada Central",
    "francecentral": "France Central", "germanywestcentral": "Germany West Central",
    "swedencentral": "Sweden Central", "northcentralus": "North Central US",
    "southcentralus": "South Central US", "westcentralus": "West Central US",
}


def normalize_location(loc):
    """'East US' -> 'eastus', as ARM stores locations."""
    return (loc or "").replace(" ", "").lower()


def display_location(loc):
    norm = normalize_location(loc)
    return LOCATION_DISPLAY.get(norm, loc)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def new_guid():
    return str(uuid.uuid4())


def stable_int(*parts):
    """Deterministic number from strings (for fake IPs etc.), case-insensitive."""
    digest = hashlib.sha256("/".join(p.lower() for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def is_guid(value):
    return bool(value and GUID_RE.match(value))


class ArmError(Exception):
    """An error response. `body` overrides the standard {"error": {...}} shape (App Service)."""

    def __init__(self, status, code, message, body=None, headers=None):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message
        self.body = body if body is not None else {"error": {"code": code, "message": message}}
        self.headers = headers or {}


def resource_not_found(type_path, name, rg):
    """ARM's message for a missing resource in an existing group (real format)."""
    return ArmError(404, "ResourceNotFound",
                    f"The Resource '{type_path}/{name}' under resource group '{rg}' was not found. "
                    "For more details please go to https://aka.ms/ARMResourceNotFoundFix",
                    headers={"x-ms-failure-cause": "gateway"})


def group_not_found(rg):
    return ArmError(404, "ResourceGroupNotFound", f"Resource group '{rg}' could not be found.",
                    headers={"x-ms-failure-cause": "gateway"})


def linked_invalid_property_id(value, path):
    return ArmError(400, "LinkedInvalidPropertyId",
                    f"Property id '{value}' at path '{path}' is invalid. Expect fully qualified resource Id "
                    "that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.")


def app_service_not_found(kind, name):
    """App Service answers some 404s itself, with PascalCase keys and no "error" wrapper."""
    msg = f"Cannot find {kind} with name {name}."
    return ArmError(404, "NotFound", msg, body={
        "Code": "NotFound", "Message": msg, "Target": None,
        "Details": [{"Message": msg}, {"Code": "NotFound"},
                    {"ErrorEntity": {"ExtendedCode": "51004", "MessageTemplate": "Cannot find {0} with name {1}.",
                                     "Parameters": [kind, name], "Code": "NotFound", "Message": msg}}],
        "Innererror": None})


RESOURCE_ID_RE = re.compile(
    r"^/subscriptions/[^/]+(/resourcegroups/[^/]+)?(/providers/[^/]+(/[^/]+/[^/]+)+)*$", re.IGNORECASE)


def is_valid_resource_id(value):
    """Fully qualified id of a subscription, group or (nested/extension) resource."""
    return bool(value) and bool(RESOURCE_ID_RE.match(value.rstrip("/"))) and "//" not in value


def parse_rg_scope(resource_id):
    """(subscription, resourceGroup or None) of an id; None if it is not under a subscription."""
    m = re.match(r"^/subscriptions/([^/]+)(?:/resourcegroups/([^/]+))?", resource_id or "", re.IGNORECASE)
    return (m.group(1), m.group(2)) if m else (None, None)


class Request:
    """What a handler sees. `groups` are the route's named captures, in the client's casing."""

    def __init__(self, sandbox, method, path, query, headers, body_bytes, base_url):
        self.sandbox = sandbox
        self.method = method
        self.path = path
        self.query = query  # dict: lower-cased key -> value (ARM query keys are case-insensitive)
        self.headers = headers
        self.body_bytes = body_bytes
        self.base_url = base_url
        self.groups = {}

    @property
    def api_version(self):
        return self.query.get("api-version")

    def json(self, required=True):
        if not self.body_bytes:
            if required:
                raise ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized: 'Missing request content'.")
            return {}
        try:
            body = json.loads(self.body_bytes)
        except ValueError as exc:
            raise ArmError(400, "InvalidRequestContent",
                           f"The request content was invalid and could not be deserialized: '{exc}'.")
        if not isinstance(body, dict):
            raise ArmError(400, "InvalidRequestContent", "The request content must be a JSON object.")
        return body

    def form(self):
        from urllib.parse import parse_qs
        return {k: v[0] for k, v in parse_qs(self.body_bytes.decode("utf-8", "replace")).items()}


class Response:
    def __init__(self, status=200, body=None, headers=None, raw=None, content_type="application/json; charset=utf-8"):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        self.raw = raw  # bytes to send as-is (non-JSON bodies)
        self.content_type = content_type

    def payload(self):
        if self.raw is not None:
            return self.raw
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


def page(req, items, page_size):
    """ARM list response with `nextLink` paging via $skiptoken (an offset)."""
    try:
        start = int(req.query.get("$skiptoken", "0"))
    except ValueError:
        start = 0
    chunk = items[start:start + page_size]
    body = {"value": copy.deepcopy(chunk)}
    if start + page_size < len(items):
        params = {k: v for k, v in req.query.items() if k != "$skiptoken"}
        params["$skiptoken"] = str(start + page_size)
        body["nextLink"] = f"{req.base_url}{req.path}?{urlencode(params)}"
    return Response(200, body)
