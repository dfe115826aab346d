"""Azure Resource Manager requests by resource id, in and out as plain ARM JSON dicts.

This is the one module that sends requests. The provider an id belongs to (its last `/providers/`
namespace) picks the SDK client whose pipeline carries the request (az's credential, retries, user
agent, logging) and the pinned api-version (_client_factory.PROVIDERS); the JSON is read as it is,
since the SDKs' typed models cost ~20 ms of CPU per model class the first time a process
deserializes one. What a provider's resources look like is known only to the adapter that uses them.
Calls whose payload can hold a secret switch the network trace off, so `--debug` never prints them.
"""
import random
import threading
import time
from dataclasses import dataclass
from typing import Optional

from knack.log import get_logger

from ._client_factory import make_client, msi_client, provider_of

logger = get_logger(__name__)

NO_TRACE = {'logging_enable': False}
# ARM answers 429 when a subscription's request budget is spent. azure-core retries it for every
# method only when Retry-After is given (and without it only for GET/PUT/DELETE): these pauses,
# jittered, cover the rest, so a throttled PATCH or POST waits instead of failing and rolling back.
THROTTLE_PAUSES_S = (1, 2, 4, 8)
# 409s that mean "busy, try again" rather than a real conflict (real answers: Microsoft.App's lock on
# an app being changed, Microsoft.Web's "Cannot modify this site because another operation is in progress").
BUSY_CODES = {'ContainerAppLockConflict', 'ContainerAppOperationInProgress', 'AnotherOperationInProgress',
              'ManagedEnvironmentOperationInProgress'}
LOW_BUDGET = 20          # x-ms-ratelimit-remaining-* below this is reported under --verbose
LRO_TIMEOUT_S = 600      # longest wait for a long-running operation (a new revision, a restart)
LRO_DEFAULT_POLL_S = 5


@dataclass(frozen=True)
class ResourceRef:
    """A parsed resource id; `child` is the innermost child's name (a slot, an app's deployment)."""
    id: str
    subscription: str
    resource_group: str
    name: str
    child: Optional[str] = None

    @classmethod
    def parse(cls, resource_id):
        from azure.mgmt.core.tools import parse_resource_id
        parts = parse_resource_id(resource_id)
        level = max([int(k.rsplit('_', 1)[1]) for k in parts if k.startswith('child_name_')] or [0])
        child = parts.get(f'child_name_{level}') if level else None
        return cls(resource_id, parts['subscription'], parts['resource_group'], parts['name'], child)


class Arm:
    """Lazily built, shared SDK clients (thread-safe) and generic ARM calls by resource id."""

    def __init__(self, cli_ctx):
        self._cli_ctx = cli_ctx
        self._endpoint = cli_ctx.cloud.endpoints.resource_manager.rstrip('/')
        self._clients = {}
        self._locks = {}
        self._lock = threading.Lock()     # guards the two dicts only, never a client's construction

    def _client(self, key, build):
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._clients:
                self._clients[key] = build()
            return self._clients[key]

    def client_for(self, path):
        """The shared client that carries requests for `path` (built once; others build in parallel)."""
        provider = provider_of(path)
        subscription = path.split('/')[2]
        return self._client((provider.client, subscription.lower()),
                            lambda: make_client(self._cli_ctx, provider, subscription))

    def msi(self, subscription):
        return self._client(('msi', subscription.lower()), lambda: msi_client(self._cli_ctx, subscription))

    # -- requests ------------------------------------------------------------------------------------
    def request(self, method, path, body=None, query=None, trace=True):
        """One ARM request; the response (raising azure-core's errors for 4xx/5xx)."""
        from azure.core.rest import HttpRequest
        client = self.client_for(path)
        params = {'api-version': provider_of(path).api_version, **(query or {})}
        url = self._endpoint + path
        response = _send(client, lambda: HttpRequest(method, url, params=params, json=body), trace)
        _raise_for_status(response)
        return response

    def call(self, method, path, body=None, query=None, trace=True):
        """One ARM request; its JSON, or None for an empty answer."""
        return _json(self.request(method, path, body, query, trace))

    def get(self, path, query=None, trace=True):
        return self.call('GET', path, query=query, trace=trace)

    def put(self, path, body, trace=True, wait=False):
        return self._write('PUT', path, body, trace, wait)

    def patch(self, path, body, trace=True, wait=False):
        return self._write('PATCH', path, body, trace, wait)

    def delete(self, path, wait=False):
        response = self.request('DELETE', path)
        if wait and response.status_code == 202:
            return self.wait(response, path, 'DELETE')
        return _json(response)

    def post(self, path, body=None, query=None, trace=True):
        return self.call('POST', path, body, query, trace)

    def pages(self, path, query=None, trace=True):
        """Every item of a paged list, following nextLink."""
        from azure.core.rest import HttpRequest
        page = self.get(path, query, trace)
        items = list(page.get('value') or [])
        while page.get('nextLink'):
            response = _send(self.client_for(path), lambda link=page['nextLink']: HttpRequest('GET', link), trace)
            _raise_for_status(response)
            page = response.json()
            items.extend(page.get('value') or [])
        return items

    def _write(self, method, path, body, trace, wait):
        response = self.request(method, path, body, trace=trace)
        if wait and response.status_code in (201, 202) and _monitor(response):
            return self.wait(response, path, method, trace)
        return _json(response)

    # -- long-running operations -----------------------------------------------------------------------
    def wait(self, response, path, method, trace=True):
        """Follow a long-running operation to its end (bounded): the Azure-AsyncOperation status
        resource, then the resource itself; or the Location monitor's final answer."""
        from azure.core.rest import HttpRequest
        client = self.client_for(path)
        deadline = time.monotonic() + LRO_TIMEOUT_S
        async_url = response.headers.get('Azure-AsyncOperation')
        url = async_url or response.headers.get('Location')
        current = response
        while True:
            pause = _retry_after(current)
            pause = LRO_DEFAULT_POLL_S if pause is None else pause
            if time.monotonic() + pause > deadline:
                raise TimeoutError(f'{method} {path} did not finish within {LRO_TIMEOUT_S} s')
            logger.info('Waiting %.0f s for %s %s to finish...', pause, method, path.rsplit('/providers/', 1)[-1])
            time.sleep(pause)
            current = _send(client, lambda: HttpRequest('GET', url), trace)
            _raise_for_status(current)
            if async_url:
                status = (_json(current) or {}).get('status', '')
                if status.lower() in ('succeeded', 'failed', 'canceled', 'cancelled'):
                    if status.lower() != 'succeeded':
                        raise OperationFailed(method, path, _json(current))
                    return None if method == 'DELETE' else self.get(path, trace=trace)
            elif current.status_code != 202:
                return _json(current)

    # -- Microsoft.ManagedIdentity (its SDK's typed list) -----------------------------------------
    def find_user_identity(self, subscription, client_id):
        """The user-assigned identity with this client id in a subscription, or None."""
        for identity in self.msi(subscription).user_assigned_identities.list_by_subscription():
            if (identity.client_id or '').lower() == client_id.lower():
                return {'id': identity.id, 'name': identity.name,
                        'properties': {'clientId': identity.client_id, 'principalId': identity.principal_id,
                                       'tenantId': identity.tenant_id}}
        return None

    # -- Microsoft Entra tokens for a database engine ---------------------------------------------
    def database_token(self, audience='ossrdbms'):
        """(token as a Secret, the signed-in account) for a database engine: the cloud's OSS RDBMS audience
        (PostgreSQL, MySQL: the token is the password) or, for 'sql', Azure SQL's (https://database.windows.net/
        in the public cloud). The account is (object id, name, type): the id from the token's `oid` claim, the
        name and type ('User' or 'ServicePrincipal') as az knows them (a service principal signs in as its
        application id, as the core CLI names it)."""
        import base64
        import json
        from azure.cli.core._profile import Profile
        from .sensitive import Secret
        profile = Profile(cli_ctx=self._cli_ctx)
        endpoints, suffixes = self._cli_ctx.cloud.endpoints, self._cli_ctx.cloud.suffixes
        resource = (endpoints.ossrdbms_resource_id if audience == 'ossrdbms'
                    else f"https://{suffixes.sql_server_hostname.lstrip('.')}/")
        creds, _, _ = profile.get_raw_token(resource=resource)
        token = creds[1]
        payload = token.split('.')[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))
        user = profile.get_subscription().get('user') or {}
        kind = 'ServicePrincipal' if user.get('type') == 'servicePrincipal' else 'User'
        return Secret(token), (claims.get('oid'), user.get('name'), kind)

    # -- Microsoft Graph (the one call that is not ARM) ------------------------------------------
    def service_principal_object_id(self, client_id):
        """The object id of the service principal of application (client) id `client_id`, or None."""
        from azure.cli.core.util import send_raw_request
        graph = self._cli_ctx.cloud.endpoints.microsoft_graph_resource_id.rstrip('/')
        response = send_raw_request(self._cli_ctx, 'GET', f"{graph}/v1.0/servicePrincipals?$filter=appId eq "
                                    f"'{client_id}'&$select=id", resource=graph)
        found = response.json().get('value') or []
        return found[0]['id'] if found else None

    def service_principal_app_id(self, object_id):
        """The application (client) id of the service principal with object id `object_id` (a managed
        identity's principal), or None."""
        from azure.cli.core.azclierror import HTTPError
        from azure.cli.core.util import send_raw_request
        graph = self._cli_ctx.cloud.endpoints.microsoft_graph_resource_id.rstrip('/')
        try:
            response = send_raw_request(self._cli_ctx, 'GET', f'{graph}/v1.0/servicePrincipals/{object_id}'
                                        '?$select=appId', resource=graph)
        except HTTPError as error:
            if error.response is not None and error.response.status_code == 404:
                return None
            raise
        return response.json().get('appId')

    # -- Microsoft.Authorization -----------------------------------------------------------------
    @staticmethod
    def _assignment(scope, name):
        return f'{scope}/providers/Microsoft.Authorization/roleAssignments/{name}'

    def put_role_assignment(self, scope, name, role_definition_id, principal_id, principal_type):
        body = {'properties': {'roleDefinitionId': role_definition_id, 'principalId': principal_id,
                               'principalType': principal_type}}
        return self.put(self._assignment(scope, name), body)

    def delete_role_assignment(self, scope, name):
        """The deleted assignment (ARM answers 200 with it), or None when there was none (204)."""
        return self.delete(self._assignment(scope, name))

    def list_role_assignments(self, scope, principal_id):
        """Assignments of one principal that apply at `scope` (at it, above it or below it)."""
        return self.pages(f'{scope}/providers/Microsoft.Authorization/roleAssignments',
                          {'$filter': f"principalId eq '{principal_id}'"})


class OperationFailed(Exception):
    def __init__(self, method, path, status):
        error = (status or {}).get('error') or {}
        super().__init__(f"{method} {path} ended {status.get('status') if status else 'badly'}: "
                         f"({error.get('code')}) {error.get('message')}")


def _monitor(response):
    """The operation's status monitor, or None when the answer is already final. A 201 whose only
    Location names a resource already in a final state is plain HTTP "created here" (Redis firewall
    rules answer so), not a monitor: polling it would only wait."""
    if response.headers.get('Azure-AsyncOperation'):
        return response.headers['Azure-AsyncOperation']
    if response.status_code == 201 and _final(response):
        return None
    return response.headers.get('Location')


def _final(response):
    state = ((_json(response) or {}).get('properties') or {}).get('provisioningState')
    return state is None or state.lower() in ('succeeded', 'failed', 'canceled', 'cancelled')


def _json(response):
    return response.json() if response.status_code != 204 and response.content else None


def _send(client, make_request, trace):
    """Send through the client's pipeline; a 429 azure-core gave back is waited out and sent again."""
    for pause in THROTTLE_PAUSES_S + (None,):
        request = make_request()
        response = client.send_request(request, **({} if trace else NO_TRACE))
        _note_budget(response)
        why = _why_wait(response)
        if not why or pause is None:
            return response
        wait_s = _retry_after(response) or pause * random.uniform(0.75, 1.25)
        logger.info('ARM %s %s %s: waiting %.1f s before sending it again.', why, request.method,
                    request.url.split('?')[0].rsplit('/providers/', 1)[-1], wait_s)
        time.sleep(wait_s)
    return response


def _why_wait(response):
    """Why an answer is worth sending again: throttling, or a resource busy with another write (a
    container app or site answers 409 while an earlier change is still being applied)."""
    if response.status_code == 429:
        return 'throttled (429)'
    if response.status_code != 409:
        return None
    try:
        body = response.json() or {}
    except ValueError:
        return None
    error = body.get('error') if isinstance(body.get('error'), dict) else body
    code = str(error.get('code') or error.get('Code') or '')
    message = str(error.get('message') or error.get('Message') or '')
    if code in BUSY_CODES or 'another operation is in progress' in message \
            or 'another modification is in progress' in message:
        return f'busy ({code or 409})'
    return None


def _retry_after(response):
    try:
        return float(response.headers.get('Retry-After'))
    except (TypeError, ValueError):
        return None


def _note_budget(response):
    for name, value in response.headers.items():
        if name.lower().startswith('x-ms-ratelimit-remaining-') and value.isdigit() and int(value) < LOW_BUDGET:
            logger.info("ARM request budget nearly spent: %s is %s; ARM throttles (429) when it runs out.",
                        name, value)


def _raise_for_status(response):
    if response.status_code < 400:
        return
    from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
    from azure.mgmt.core.exceptions import ARMErrorFormat
    error = {404: ResourceNotFoundError, 409: ResourceExistsError}.get(response.status_code, HttpResponseError)
    raise error(response=response, error_format=ARMErrorFormat)
