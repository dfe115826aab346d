"""The verbs behind the commands: read what is needed (concurrently), plan, apply, present.

custom.py turns CLI arguments into typed requests; this module does the work for any source kind
through its adapter, and knows nothing of argparse.
"""
import gc
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

from azure.cli.core.azclierror import (AzureResponseError, InvalidArgumentValueError, RequiredArgumentMissingError,
                                       ResourceNotFoundError, ValidationError)
from knack.log import get_logger

from . import output
from .adapters import source_adapter, target_adapter
from .arm import Arm, ResourceRef
from .engine.executor import Context, PlanFailed, execute
from .engine.planner import Facts, plan_apply, plan_delete
from .matrix import TARGETS, AuthType, ClientType, Value
from .record import records_in

logger = get_logger(__name__)


class ConnectionContext(Context):
    """Executor context plus the target's secrets: read once, only when a step needs them (or
    prefetched alongside the other reads when the plan is known to need them)."""

    def __init__(self, arm, prefetched_secrets=None, **items):
        super().__init__(arm, **items)
        self._secret_lock = threading.Lock()
        self._secrets = None
        self._prefetched = prefetched_secrets

    def resolve(self, value):
        if not isinstance(value, Value):
            return value
        with self._secret_lock:
            if self._secrets is None:
                raw = (self._prefetched.result() if self._prefetched is not None
                       else self.target.read_secrets(self.arm, self.target_id))
                self._secrets = self.target.secret_values(self.target_state, raw)
        return self._secrets[value]


class Reads:
    """The reads one command needs, started at once on a shared pool and collected as needed."""

    def __init__(self, service, pool):
        self.service, self.pool = service, pool
        self.arm = service.arm

    def source(self, source_spec, source_id, parts=('site', 'settings', 'metadata')):
        adapter = source_adapter(source_spec.adapter)
        ref = ResourceRef.parse(source_id)
        return PendingSource(source_spec, adapter, ref, adapter.start_read(self.arm, ref, self.pool, parts))

    def target(self, target_spec, target_id):
        adapter = target_adapter(target_spec)
        return adapter, self.pool.submit(self.service.read_target_state, target_spec, adapter, target_id)

    def secrets(self, adapter, target_id):
        return self.pool.submit(adapter.read_secrets, self.arm, target_id)

    def tenant(self, source_id):
        return self.pool.submit(self.service.tenant, source_id)


class PendingSource:
    def __init__(self, spec, adapter, ref, futures):
        self.spec, self.adapter, self.ref, self.futures = spec, adapter, ref, futures

    def part(self, name):
        return _source_result(self.spec, self.ref, self.futures[name])

    def state(self):
        return self.adapter.finish_read(self.ref, {k: self.part(k) for k in self.futures})


def _source_result(spec, ref, future):
    try:
        return future.result()
    except _not_found() as error:
        raise ResourceNotFoundError(
            f"{spec.display} '{ref.id}' was not found ({_cause(error)}). "
            "Check -g/--resource-group, -n/--name and --slot, or --source-id.") from error


@contextmanager
def no_gc_pauses():
    """Keep CPython's cyclic collector out of a command's ARM phase. With everything az has loaded, a
    full collection takes ~80 ms and lands between dependent requests at random; the phase lasts well
    under a second and allocates little, so collection simply waits until it is over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Connections:
    def __init__(self, cli_ctx):
        self.cli_ctx = cli_ctx
        self.arm = Arm(cli_ctx)

    # -- reading --------------------------------------------------------------------------------------
    def read_target_state(self, target_spec, adapter, target_id):
        try:
            return adapter.read(self.arm, target_id)
        except _not_found() as error:
            flags = ', '.join(a.options[0] for a in target_spec.args)
            raise ResourceNotFoundError(
                f"{target_spec.display} target '{target_id}' was not found ({_cause(error)}). "
                f"Check {flags}, or --target-id.") from error

    @staticmethod
    def _record_of(metadata, source_id, name):
        record = records_in(metadata, source_id).get(name.lower())
        if record is None:
            raise ResourceNotFoundError(
                f"Connection '{name}' was not found on '{source_id}'. "
                "List the connections with `az webapp connection list`.")
        return record

    def _warm(self, pool, clients):
        """Build the SDK clients a command will use, side by side, before its first request, so building
        one (importing an SDK takes up to 200 ms) never delays a request on the critical path."""
        for built in [pool.submit(self.arm.client_of, kind, subscription) for kind, subscription in clients]:
            built.result()

    @staticmethod
    def _clients_for(request):
        source, target = request.source_id.split('/')[2], request.target_id.split('/')[2]
        clients = [(source_adapter(request.source.adapter).arm_kind, source),
                   (target_adapter(request.target).arm_kind, target)]
        if request.auth.type.uses_identity:
            clients.append(('authorization', target))
        if request.auth.type is AuthType.USER_IDENTITY:
            clients.append(('msi', request.auth.subscription_id))
        return clients

    # -- create / update / delete -----------------------------------------------------------------------
    def create(self, request, dry_run=False):
        with no_gc_pauses(), ThreadPoolExecutor(max_workers=6) as pool:
            self._warm(pool, self._clients_for(request))
            reads = Reads(self, pool)
            tenant = reads.tenant(request.source_id)
            target, target_future = reads.target(request.target, request.target_id)
            # Secret auth always writes the target's key: read it with the rest, not after them.
            secrets = (reads.secrets(target, request.target_id)
                       if request.auth.type is AuthType.SECRET and not dry_run else None)
            source = reads.source(request.source, request.source_id)
            object_id = self._service_principal(request, pool)
            identity = self._user_identity(request, source, pool)
            state = source.state()
            if request.name.lower() in records_in(state.metadata, request.source_id):
                raise ValidationError(
                    f"Connection '{request.name}' already exists on '{request.source_id}'. Use "
                    f"`az webapp connection update {request.target.name}` to change it, or choose another --connection.")
            request = self._complete(self._with_object_id(request, object_id), state)
            facts = self._facts(request, state, target, target_future.result(), identity, tenant.result())
            return self._apply(plan_apply(request, facts), request, source.adapter, state, target, facts.target,
                               dry_run, secrets)

    def update(self, source_spec, source_id, name, target_name, build, dry_run=False):
        """`build(before, state)` makes the new request from the current record and source state."""
        with no_gc_pauses(), ThreadPoolExecutor(max_workers=6) as pool:
            reads = Reads(self, pool)
            tenant = reads.tenant(source_id)
            source = reads.source(source_spec, source_id)
            before = self._record_of(source.part('metadata'), source_id, name)
            if target_name and target_name != before.target:
                raise InvalidArgumentValueError(
                    f"Connection '{name}' connects to {before.target}, not {target_name}. "
                    f"Use `az webapp connection update {before.target}`.")
            target, target_future = reads.target(TARGETS[before.target], before.target_id)
            state = source.state()
            request = build(before, state)
            self._warm(pool, self._clients_for(request))
            secrets = (reads.secrets(target, request.target_id)
                       if request.auth.type is AuthType.SECRET and not dry_run else None)
            request = self._with_object_id(request, self._service_principal(request, pool))
            identity = self._user_identity(request, source, pool)
            facts = self._facts(request, state, target, target_future.result(), identity, tenant.result())
            plan = plan_apply(request, facts, before=before)
            return self._apply(plan, request, source.adapter, state, target, facts.target, dry_run, secrets)

    def delete(self, source_spec, source_id, name, dry_run=False):
        with no_gc_pauses():
            return self._delete(source_spec, source_id, name, dry_run)

    def _delete(self, source_spec, source_id, name, dry_run):
        with ThreadPoolExecutor(max_workers=6) as pool:
            reads = Reads(self, pool)
            source = reads.source(source_spec, source_id, ('settings', 'metadata'))   # the site is not needed
            record = self._record_of(source.part('metadata'), source_id, name)
            target, target_state = target_adapter(TARGETS[record.target]), None
            subscription = record.target_id.split('/')[2]
            clients = [('authorization', subscription)] if any(r.owned for r in record.roles) else []
            if any(fw.ips for fw in record.firewall):
                clients.append((target.arm_kind, subscription))
            self._warm(pool, clients)
            target_future = (reads.target(TARGETS[record.target], record.target_id)[1]
                             if any(fw.ips for fw in record.firewall) else None)
            state = source.state()
            if target_future is not None:
                try:
                    target_state = target_future.result()
                except ResourceNotFoundError:
                    logger.warning("Target '%s' no longer exists; nothing to remove from its firewall.",
                                   record.target_id)
        facts = Facts(source=state, records=records_in(state.metadata, source_id), target=target_state,
                      target_adapter=target)
        plan = plan_delete(record, facts)
        if dry_run:
            return output.dry_run(plan)
        self._execute(plan, source.adapter, state, target, target_state, record.target_id)
        return None

    def _complete(self, request, state):
        """Fill what the user left out: the client type from the app's runtime stack."""
        if request.client_type is not None:
            return request
        clients = request.target.clients_for(request.auth.type)
        detected = state.detect_client_type()
        if detected and ClientType(detected) in clients:
            client = ClientType(detected)
        else:
            client = ClientType.NONE if ClientType.NONE in clients else clients[0]
        logger.warning('Client type is not specified, use %s one: --client-type %s',
                       'detected' if detected and client.value == detected else 'default', client.value)
        return replace(request, client_type=client)

    @staticmethod
    def _facts(request, state, target, target_state, identity, tenant):
        principal, identity_id = None, None
        if request.auth.type is AuthType.USER_IDENTITY:
            identity_id, principal = identity.result()
        elif request.auth.type is AuthType.SERVICE_PRINCIPAL:
            principal = request.auth.object_id
        return Facts(source=state, records=records_in(state.metadata, request.source_id), target=target_state,
                     target_adapter=target, principal_id=principal, user_identity_id=identity_id, tenant_id=tenant)

    def _user_identity(self, request, source, pool):
        """A future of (resource id, principal id) of the user identity the request names; it is looked
        up in the subscription only when the site does not have it attached already."""
        if request.auth.type is not AuthType.USER_IDENTITY:
            return _done((None, None))
        attached = source.adapter.attached_identity(source.part('site'), request.auth.client_id)
        return _done(attached) if attached else pool.submit(self._find_user_identity, request.auth)

    def _service_principal(self, request, pool):
        """A future of the service principal's object id, looked up in Microsoft Graph only when the
        user gave no object-id=; None for other auth types."""
        auth = request.auth
        if auth.type is not AuthType.SERVICE_PRINCIPAL or auth.object_id:
            return None
        return pool.submit(self._find_object_id, auth.client_id)

    def _find_object_id(self, client_id):
        hint = ('Give it with --service-principal ... object-id=<id> (`az ad sp show --id <client-id> --query id`).')
        try:
            found = self.arm.service_principal_object_id(client_id)
        except Exception as error:  # pylint: disable=broad-except
            raise RequiredArgumentMissingError(
                f"Could not look up the object id of service principal '{client_id}' in Microsoft Graph "
                f"({_cause(error)}). {hint}") from error
        if not found:
            raise RequiredArgumentMissingError(f"No service principal with client id '{client_id}' was found. {hint}")
        return found

    @staticmethod
    def _with_object_id(request, object_id):
        return request if object_id is None else replace(request, auth=replace(request.auth,
                                                                                object_id=object_id.result()))

    def _find_user_identity(self, auth):
        found = self.arm.find_user_identity(auth.subscription_id, auth.client_id)
        if found is None:
            raise ResourceNotFoundError(
                f"No user-assigned identity with client id '{auth.client_id}' exists in subscription "
                f"'{auth.subscription_id}'. Check --user-identity client-id= subs-id=, or create it with "
                "`az identity create`.")
        return found['id'], found['properties']['principalId']

    def tenant(self, source_id):
        from azure.cli.core._profile import Profile
        profile = Profile(cli_ctx=self.cli_ctx)
        try:
            return profile.get_subscription(source_id.split('/')[2])['tenantId']
        except Exception:  # pylint: disable=broad-except
            # A subscription outside the login's list: the login's own tenant is the one the app uses.
            return profile.get_subscription()['tenantId']

    def _apply(self, plan, request, source, state, target, target_state, dry_run, secrets=None):
        if dry_run:
            return output.dry_run(plan)
        receipts = self._execute(plan, source, state, target, target_state, request.target_id, secrets)
        record_receipt = next(r for r in receipts if r.step == 'record')
        return output.linker(record_receipt.outputs['records'][request.name])

    def _execute(self, plan, source, state, target, target_state, target_id, secrets=None):
        ctx = ConnectionContext(self.arm, prefetched_secrets=secrets, source=source, source_state=state,
                                target=target, target_state=target_state, target_id=target_id, plan=plan)
        try:
            return execute(plan, ctx)
        except PlanFailed as failure:
            raise AzureResponseError(failure.message()) from failure

    # -- reading verbs ------------------------------------------------------------------------------------
    def _read(self, source_spec, source_id, parts):
        with ThreadPoolExecutor(max_workers=3) as pool:
            return Reads(self, pool).source(source_spec, source_id, parts).state()

    def list(self, source_spec, source_id):
        state = self._read(source_spec, source_id, ('metadata',))
        return [output.linker(r) for r in sorted(records_in(state.metadata, source_id).values(), key=lambda r: r.name)]

    def show(self, source_spec, source_id, name):
        state = self._read(source_spec, source_id, ('metadata',))
        return output.linker(self._record_of(state.metadata, source_id, name))

    def list_configuration(self, source_spec, source_id, name, show_secrets=False):
        state = self._read(source_spec, source_id, ('settings', 'metadata'))
        return output.configurations(self._record_of(state.metadata, source_id, name), state.settings, show_secrets)

    def validate(self, source_spec, source_id, name):
        """Every read a check needs starts as soon as what it depends on is known."""
        from .validation import Evidence, validate_connection
        with ThreadPoolExecutor(max_workers=6) as pool:
            reads = Reads(self, pool)
            source = reads.source(source_spec, source_id)
            record = self._record_of(source.part('metadata'), source_id, name)
            spec = TARGETS[record.target]
            target, target_future = reads.target(spec, record.target_id)
            auth, principal = AuthType(record.auth['authType']), record.auth.get('principalId')
            roles = (pool.submit(self.arm.list_role_assignments, target.resource_id(record.target_id), principal)
                     if auth.uses_identity and principal else None)
            secrets = reads.secrets(target, record.target_id) if auth is AuthType.SECRET else None
            evidence = Evidence(record, spec, source.state(), target, target_future, roles, secrets)
            return validate_connection(evidence)


def _done(value):
    from concurrent.futures import Future
    future = Future()
    future.set_result(value)
    return future


def _not_found():
    from azure.core.exceptions import ResourceNotFoundError as NotFound
    return NotFound


def _cause(error):
    return ' '.join(str(getattr(error, 'message', None) or error).split())[:300]


