"""Login plumbing: cloud metadata, the AAD endpoints MSAL uses, and a sliver of Microsoft Graph."""
import json
import re
import uuid
import time

from .. import constants as C
from ..arm import ArmError, Response


def _aad_error(status, error, description, codes):
    body = {"error": error, "error_description": description, "error_codes": codes,
            "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime()), "trace_id": "sandbox",
            "correlation_id": "sandbox"}
    return Response(status, body)


def metadata(sb):
    """Cloud metadata in the shape `az cloud register --endpoint-resource-manager` reads (2022-09-01)."""
    url = sb.url
    return {
        "name": C.CLOUD_NAME,
        "portal": url + "/portal",
        "resourceManager": url + "/",
        "authentication": {"loginEndpoint": url, "audiences": [C.ARM_AUDIENCE, "https://management.azure.com/"],
                           "tenant": "common", "identityProvider": "AAD"},
        "graphAudience": url + "/",
        "graph": url + "/",
        "microsoftGraphResourceId": url + "/",  # az role assignment list resolves names through this
        "gallery": url + "/gallery",
        "media": url + "/media",
        "batch": url + "/batch",
        "sqlManagement": url + "/sql",
        "vmImageAliasDoc": url + "/vmImageAliasDoc",
        "activeDirectoryDataLake": url + "/datalake",
        "appInsightsResourceId": url + "/appinsights",
        "logAnalyticsResourceId": url + "/loganalytics",
        "ossrdbmsResourceId": url + "/ossrdbms",
        "suffixes": {"storage": "core.windows.net", "keyVaultDns": "vault.azure.net", "acrLoginServer": "azurecr.io",
                     "sqlServerHostname": "database.windows.net", "mhsmDns": "managedhsm.azure.net",
                     "azureDataLakeStoreFileSystem": "azuredatalakestore.net",
                     "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
                     "attestationEndpoint": "attest.azure.net", "synapseAnalytics": "dev.azuresynapse.net"},
    }


def openid_configuration(sb, tenant):
    base = f"{sb.url}/{tenant}"
    return {
        "token_endpoint": f"{base}/oauth2/v2.0/token",
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": f"{base}/discovery/v2.0/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": f"{sb.url}/{sb.tenant_id}/v2.0",
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": f"{sb.url}/oidc/userinfo",
        "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
        "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
        "http_logout_supported": True, "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "oid", "tid"],
        "tenant_region_scope": "NA", "cloud_instance_name": "armsandbox", "msgraph_host": "127.0.0.1",
    }


def system_client_id(principal_id):
    """A system-assigned identity's app (client) id: derived, so it needs no storage."""
    return str(uuid.uuid5(uuid.NAMESPACE_OID, principal_id.lower()))


def known_principals(sb):
    """Directory objects the sandbox can name: its SP, user-assigned and system-assigned identities."""
    out = {sb.principal_id.lower(): {"id": sb.principal_id, "appId": sb.client_id,
                                     "displayName": C.CLIENT_DISPLAY_NAME, "servicePrincipalType": "Application"}}
    for rec in sb.store.select(lambda r: True):
        body = rec["body"]
        props = body.get("properties") or {}
        if body.get("type", "").lower() == "microsoft.managedidentity/userassignedidentities" and props.get("principalId"):
            out[props["principalId"].lower()] = {"id": props["principalId"], "appId": props.get("clientId"),
                                                 "displayName": body["name"], "servicePrincipalType": "ManagedIdentity"}
        ident = body.get("identity") or {}
        if ident.get("principalId"):
            out[ident["principalId"].lower()] = {"id": ident["principalId"], "appId": system_client_id(ident["principalId"]),
                                                 "displayName": body["name"].split("/")[0],
                                                 "servicePrincipalType": "ManagedIdentity"}
    return out


def register(router):
    @router.add(["GET"], r"/metadata/endpoints", auth=False, arm=False)
    def get_metadata(req):
        return Response(200, metadata(req.sandbox))

    @router.add(["GET"], r"/(?P<tenant>[^/]+)(?:/v2\.0)?/\.well-known/openid-configuration", auth=False, arm=False)
    def get_openid(req):
        tenant = req.groups["tenant"]
        if tenant.lower() not in (req.sandbox.tenant_id.lower(), C.TENANT_DOMAIN, "organizations", "common"):
            return _aad_error(400, "invalid_tenant", f"AADSTS90002: Tenant '{tenant}' not found.", [90002])
        return Response(200, openid_configuration(req.sandbox, tenant))

    @router.add(["GET"], r"/(?P<tenant>[^/]+)/discovery/v2\.0/keys", auth=False, arm=False)
    def get_keys(req):
        return Response(200, {"keys": []})

    @router.add(["POST"], r"/(?P<tenant>[^/]+)/oauth2/v2\.0/token", auth=False, arm=False)
    def post_token(req):
        sb = req.sandbox
        form = req.form()
        tenant = req.groups["tenant"]
        if tenant.lower() not in (sb.tenant_id.lower(), C.TENANT_DOMAIN):
            return _aad_error(400, "invalid_request", f"AADSTS90002: Tenant '{tenant}' not found.", [90002])
        if form.get("grant_type") != "client_credentials":
            return _aad_error(400, "unsupported_grant_type",
                              "AADSTS70003: The ARM sandbox only supports the client_credentials grant.", [70003])
        if form.get("client_id") != sb.client_id:
            return _aad_error(400, "unauthorized_client",
                              f"AADSTS700016: Application with identifier '{form.get('client_id')}' was not found "
                              f"in the directory '{tenant}'.", [700016])
        if form.get("client_secret") != sb.client_secret:
            return _aad_error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the "
                              "secret being sent in the request is the client secret value, not the client secret ID.",
                              [7000215])
        scope = (form.get("scope") or "").split()
        resource = next((s.rsplit("/.default", 1)[0] for s in scope if s.endswith("/.default")), C.ARM_AUDIENCE)
        token, exp = sb.issue_token(audience=resource)
        return Response(200, {"token_type": "Bearer", "expires_in": exp - int(time.time()),
                              "ext_expires_in": exp - int(time.time()), "access_token": token})

    # Microsoft Graph (the cloud's microsoftGraphResourceId points here).
    @router.add(["POST"], r"/v1\.0/directoryObjects/getByIds", arm=False)
    def graph_get_by_ids(req):
        body = json.loads(req.body_bytes or b"{}")
        known = known_principals(req.sandbox)
        value = [_graph_sp(known[i.lower()]) for i in body.get("ids", []) if i.lower() in known]
        return Response(200, {"@odata.context": f"{req.base_url}/v1.0/$metadata#directoryObjects", "value": value})

    @router.add(["GET"], r"/v1\.0/servicePrincipals", arm=False)
    def graph_list_sps(req):
        flt = req.query.get("$filter", "")
        m = re.search(r"eq\s+'([^']+)'", flt)
        want = m.group(1).lower() if m else None
        value = [_graph_sp(p) for p in known_principals(req.sandbox).values()
                 if want is None or want in ((p["appId"] or "").lower(), p["displayName"].lower())]
        return Response(200, {"@odata.context": f"{req.base_url}/v1.0/$metadata#servicePrincipals", "value": value})

    @router.add(["GET"], r"/v1\.0/(?:servicePrincipals|directoryObjects)/(?P<oid>[^/]+)", arm=False)
    def graph_get(req):
        known = known_principals(req.sandbox)
        obj = known.get(req.groups["oid"].lower())
        if obj is None:
            raise ArmError(404, "Request_ResourceNotFound",
                           f"Resource '{req.groups['oid']}' does not exist or one of its queried reference-property "
                           "objects are not present.")
        return Response(200, _graph_sp(obj))


def _graph_sp(obj):
    return {"@odata.type": "#microsoft.graph.servicePrincipal", "id": obj["id"], "appId": obj["appId"],
            "displayName": obj["displayName"], "servicePrincipalType": obj["servicePrincipalType"],
            "servicePrincipalNames": [n for n in (obj["appId"],) if n]}
