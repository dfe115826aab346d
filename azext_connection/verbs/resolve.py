"""Everything a changing verb reads before it plans, read concurrently into one typed value.

`resolve` starts every read as soon as what it depends on is known: the source's parts, the target,
the tenant, the target's secrets when the auth writes them, the user identity (looked up only when
the source does not have it attached) and the service principal's object id (only without
object-id=). Verbs then plan from the Resolved value and hand it to the executor."""
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, Optional

from azure.cli.core.azclierror import RequiredArgumentMissingError, ResourceNotFoundError
from knack.log import get_logger

from ..adapters import source_adapter, spec_of, target_adapter
from ..arm import ResourceRef
from ..matrix import AuthType, ClientType, OptOut, Value
from ..matrix.support import supported
from ..matrix.target_specs import Bound
from ..record import RecordSet
from .resupply import resupply
from .session import cause, done

logger = get_logger(__name__)
MAX_READS = 6


@dataclass
class Resolved:  # pylint: disable=too-many-instance-attributes  # one per read a plan uses
    """What one changing command read, before it plans."""
    request: Any                       # ConnectionRequest (completed: client type, object id)
    source: 'PendingSource'
    state: Any                         # the source's SourceState
    records: RecordSet
    target: Any                        # target adapter
    target_state: Any                  # None when the target is gone
    tenant: str = ''
    identity_id: Optional[str] = None  # the user identity's resource id
    principal_id: Optional[str] = None  # the principal roles go to, when it exists already
    secrets: Any = None                # TargetSecrets when the plan writes the target's secrets
    companions: tuple = ()             # (target adapter, target state) of each companion of the request


class PendingSource:
    """A source whose parts are being read; `part` waits for one."""

    def __init__(self, spec, adapter, ref, scope, *, futures, arm):
        self.spec, self.adapter, self.ref, self.scope, self.futures, self.arm = spec, adapter, ref, scope, futures, arm

    def part(self, name):
        try:
            return self.futures[name].result()
        except _not_found() as error:
            flags = ', '.join(a.options[0] for a in self.spec.locators)
            raise ResourceNotFoundError(
                f"{self.spec.display} '{self.ref.id}' was not found ({cause(error)}). Check {flags}, or "
                "--source-id.") from error

    def add(self, part, pool):
        """Start reading one more part (when what was read shows it is needed)."""
        if part not in self.futures:
            self.futures.update(self.adapter.start_read(self.arm, self.ref, self.scope, pool, (part,)))

    def state(self):
        return self.adapter.finish_read(self.ref, self.scope, {k: self.part(k) for k in self.futures})


class Reads:
    """The reads of one command, started at once on a shared pool and collected as needed."""

    def __init__(self, session, pool):
        self.session, self.pool, self.arm = session, pool, session.arm

    def source(self, spec, source_id, scope, parts=('resource', 'settings', 'records')):
        adapter = source_adapter(spec)
        ref = ResourceRef.parse(source_id)
        return PendingSource(spec, adapter, ref, scope,
                             futures=adapter.start_read(self.arm, ref, scope, self.pool, parts), arm=self.arm)

    def target(self, spec, target_id, props=None):
        adapter = target_adapter(spec)
        return adapter, self.pool.submit(read_target, self.arm, spec, adapter, target_id, props)

    def secrets(self, adapter, target_id):
        return self.pool.submit(adapter.read_secrets, self.arm, target_id)

    def tenant(self, source_id):
        return self.pool.submit(self.session.tenant, source_id)


def read_target(arm, spec, adapter, target_id, props=None):
    """The target's state; for a target outside ARM, with what the user gave about it (`props`)."""
    try:
        state = adapter.read(arm, target_id)
        return adapter.given(state, props) if hasattr(adapter, 'given') else state
    except _not_found() as error:
        flags = ', '.join(a.options[0] for a in spec.args)
        raise ResourceNotFoundError(
            f"{spec.display} target '{target_id}' was not found ({cause(error)}). Check {flags}, or "
            "--target-id.") from error


class TargetSecrets:  # pylint: disable=too-few-public-methods  # one job: resolve()
    """The target's secrets, read once and only when a step needs them (or prefetched alongside the
    other reads when the plan is known to need them)."""

    def __init__(self, arm, target, target_id, state, prefetched=None):
        import threading
        self.arm, self.target, self.target_id, self.state = arm, target, target_id, state
        self._prefetched, self._values, self._lock = prefetched, None, threading.Lock()

    def resolve(self, value):
        if isinstance(value, Bound):             # a secret Template: resolve its parts
            return value.resolve(self.resolve)
        if not isinstance(value, Value):
            return value
        with self._lock:
            if self._values is None:
                raw = (self._prefetched.result() if self._prefetched is not None
                       else self.target.read_secrets(self.arm, self.target_id))
                self._values = self.target.secret_values(self.state, raw)
        return self._values[value]


def resolve(session, request, dry_run, pool, reads, *, source=None):
    """Read what planning `request` needs; `source` may already be reading (an update read its record
    first). Returns the Resolved value, records of other machines' live commands waited out."""
    spec = request.target
    target_id = request.target_id
    source = source or reads.source(request.source, request.source_id, request.scope)
    user = request.auth.subscription_id if request.auth.type is AuthType.USER_IDENTITY else None
    session.warm(pool, client_paths(request, source.adapter, source.ref), msi_subscription=user)
    tenant = reads.tenant(request.source_id)
    target, target_future = reads.target(spec, target_id, request.target_props)
    companions = [reads.target(part.target, part.target_id, part.target_props) for part in request.companions]
    # Secret auth always writes the target's key: read it with the rest, not after them (unless the
    # user gives the secret: a database's password; or nothing is written: --opt-out configinfo).
    writes = OptOut.CONFIG_INFO not in request.opt_out
    secrets = (reads.secrets(target, target_id) if request.auth.type is AuthType.SECRET and not spec.user_secret
               and not dry_run and writes else None)
    object_id = _service_principal(session, request, pool)
    identity = _user_identity(session, request, source, pool)
    records = session.wait_for_other_machines(source, request.name)
    state = source.state()
    request = replace(request, scope=source.adapter.check_scope(state, request.scope) or request.scope)
    resupply(session, pool, source.adapter, state, records, leaving=request.name)
    request = _complete(_with_object_id(request, object_id), state)
    # A companion's connection uses the client type of the one it is made with (detected or default too).
    request = replace(request, companions=tuple(replace(part, client_type=part.client_type or request.client_type)
                                                for part in request.companions))
    identity_id, principal = identity.result()
    if request.auth.type is AuthType.SERVICE_PRINCIPAL:
        principal = request.auth.object_id
    target_state = target_future.result()
    request = replace(request, target=spec_of(spec, target, target_state))
    resolved = Resolved(request, source, state, records, target, target_state, tenant.result(), identity_id,
                        principal, companions=tuple((adapter, future.result()) for adapter, future in companions))
    resolved.secrets = TargetSecrets(session.arm, target, target_id, target_state, secrets)
    return resolved


def client_paths(request, adapter, ref):
    """The ARM paths whose SDK clients a create or update of `request` uses (a target outside ARM needs
    none, and grants nothing)."""
    paths = list(adapter.client_paths(ref))
    if request.target.arm:
        paths.append(request.target_id)
    if request.auth.type.uses_identity and request.target.roles:
        paths.append(f"/subscriptions/{request.target_id.split('/')[2]}/providers/Microsoft.Authorization")
    return paths


def _complete(request, state):
    """Fill what the user left out: the client type from the source's runtime."""
    if request.client_type is not None:
        return request
    clients = supported(request.source, request.target).clients_for(request.target, request.auth.type)
    detected = state.detect_client_type()
    if detected and ClientType(detected) in clients:
        client = ClientType(detected)
    else:
        client = ClientType.NONE if ClientType.NONE in clients else clients[0]
    logger.warning('Client type is not specified, use %s one: --client-type %s',
                   'detected' if detected and client.value == detected else 'default', client.value)
    return replace(request, client_type=client)


def _user_identity(session, request, source, pool):
    """A future of (resource id, principal id) of the user identity the request names; it is looked
    up in the subscription only when the source does not have it attached already."""
    if request.auth.type is not AuthType.USER_IDENTITY:
        return done((None, None))
    attached = source.adapter.attached_identity(source.part('resource'), request.auth.client_id)
    return done(attached) if attached else pool.submit(_find_user_identity, session, request.auth)


def _find_user_identity(session, auth):
    found = session.arm.find_user_identity(auth.subscription_id, auth.client_id)
    if found is None:
        raise ResourceNotFoundError(
            f"No user-assigned identity with client id '{auth.client_id}' exists in subscription "
            f"'{auth.subscription_id}'. Check --user-identity client-id= subs-id=, or create it with "
            "`az identity create`.")
    return found['id'], found['properties']['principalId']


def _service_principal(session, request, pool):
    """A future of the service principal's object id, looked up in Microsoft Graph only when the
    user gave no object-id=; None for other auth types."""
    auth = request.auth
    if auth.type is not AuthType.SERVICE_PRINCIPAL or auth.object_id:
        return None
    return pool.submit(_find_object_id, session, auth.client_id)


def _find_object_id(session, client_id):
    hint = 'Give it with --service-principal ... object-id=<id> (`az ad sp show --id <client-id> --query id`).'
    try:
        found = session.arm.service_principal_object_id(client_id)
    except Exception as error:  # pylint: disable=broad-except
        raise RequiredArgumentMissingError(
            f"Could not look up the object id of service principal '{client_id}' in Microsoft Graph "
            f"({cause(error)}). {hint}") from error
    if not found:
        raise RequiredArgumentMissingError(f"No service principal with client id '{client_id}' was found. {hint}")
    return found


def _with_object_id(request, object_id):
    if object_id is None:
        return request
    return replace(request, auth=replace(request.auth, object_id=object_id.result()))


def _not_found():
    from azure.core.exceptions import ResourceNotFoundError as NotFound
    return NotFound


def new_pool():
    return ThreadPoolExecutor(max_workers=MAX_READS)
