"""The verbs behind the commands: read what is needed (concurrently), plan, apply, present.

custom.py turns CLI arguments into typed requests; this module does the work for any source kind
through its adapter, and knows nothing of argparse. A changing verb holds its source's lock from its
first read to its last write (locks.py), so two commands of this extension on one machine never plan
from the same read; commands of other machines are seen through their in-progress records.
"""
import gc
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

from azure.cli.core.azclierror import (AzureResponseError, InvalidArgumentValueError, ManualInterrupt,
                                       RequiredArgumentMissingError, ResourceNotFoundError, ValidationError)
from knack.log import get_logger

from . import output
from .adapters import source_adapter, target_adapter
from .arm import Arm, ResourceRef
from .engine.executor import Context, PlanFailed, execute
from .engine.planner import Facts, plan_apply, plan_delete, plan_forget
from .locks import LockSpace, LockTimeout
from .matrix import TARGETS, AuthType, ClientType, Value
from .record import IN_PROGRESS, Operation, now_iso, read_records

logger = get_logger(__name__)

FOREIGN_WAIT_S = 60      # how long a command waits for another machine's command on the same source
FOREIGN_POLL_S = 3


class TargetSecrets:
    """The target's secrets, read once and only when a step needs them (or prefetched alongside the
    other reads when the plan is known to need them)."""

    def __init__(self, arm, target, target_id, state, prefetched=None):
        self.arm, self.target, self.target_id, self.state = arm, target, target_id, state
        self._prefetched, self._values, self._lock = prefetched, None, threading.Lock()

    def resolve(self, value):
        if not isinstance(value, Value):
            return value
        with self._lock:
            if self._values is None:
                raw = (self._prefetched.result() if self._prefetched is not None
                       else self.target.read_secrets(self.arm, self.target_id))
                self._values = self.target.secret_values(self.state, raw)
        return self._values[value]


class Reads:
    """The reads one command needs, started at once on a shared pool and collected as needed."""

    def __init__(self, service, pool):
        self.service, self.pool = service, pool
        self.arm = service.arm

    def source(self, source_spec, source_id, parts=('site', 'settings', 'metadata')):
        adapter = source_adapter(source_spec.adapter)
        ref = ResourceRef.parse(source_id)
        return PendingSource(source_spec, adapter, ref, adapter.start_read(self.arm, ref, self.pool, parts), self.arm)

    def target(self, target_spec, target_id):
        adapter = target_adapter(target_spec)
        return adapter, self.pool.submit(self.service.read_target_state, target_spec, adapter, target_id)

    def secrets(self, adapter, target_id):
        return self.pool.submit(adapter.read_secrets, self.arm, target_id)

    def tenant(self, source_id):
        return self.pool.submit(self.service.tenant, source_id)


class PendingSource:
    def __init__(self, spec, adapter, ref, futures, arm):
        self.spec, self.adapter, self.ref, self.futures, self.arm = spec, adapter, ref, futures, arm

    def part(self, name):
        return _source_result(self.spec, self.ref, self.futures[name])

    def add(self, part, pool):
        """Start reading one more part (when what was read shows it is needed)."""
        self.futures.update(self.adapter.start_read(self.arm, self.ref, pool, (part,)))

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
        self.locks = LockSpace.of(cli_ctx)

    # -- reading --------------------------------------------------------------------------------------
    def read_target_state(self, target_spec, adapter, target_id):
        try:
            return adapter.read(self.arm, target_id)
        except _not_found() as error:
            flags = ', '.join(a.options[0] for a in target_spec.args)
            raise ResourceNotFoundError(
                f"{target_spec.display} target '{target_id}' was not found ({_cause(error)}). "
                f"Check {flags}, or --target-id.") from error

    def _record_of(self, records, source_spec, source_id, name):
        record = records.get(name)
        if record is not None:
            return record
        broken = records.unreadable.get(name.lower())
        if broken is not None:
            raise ValidationError(
                f"The record of connection '{name}' on '{source_id}' cannot be read: {broken.reason}. "
                f"`az {source_spec.name} connection delete --force` removes the record (not what it owns).")
        raise ResourceNotFoundError(
            f"Connection '{name}' was not found on '{source_id}'. "
            f"List the connections with `az {source_spec.name} connection list`.")

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

    def _operation(self, verb):
        return Operation(str(uuid.uuid4()), verb, now_iso(), self.locks.id)

    def _lock_probe(self, source_id, holding):
        """What record.provisioning_state needs: whether a lockspace's source lock is free (this
        machine's; always, for a command that holds it itself), None for another machine's."""
        def lock_is_free(lockspace):
            if lockspace != self.locks.id:
                return None
            return True if holding else self.locks.is_free('source', source_id)
        return lock_is_free

    @contextmanager
    def _changing(self, source_spec, source_id):
        """The source's lock (this machine) and no GC pauses, for a command that changes things."""
        try:
            with self.locks.hold('source', source_id, f'{source_spec.display} {source_id}'), no_gc_pauses():
                yield
        except LockTimeout as error:
            raise ValidationError(f'{error}. Retry when it has finished.') from error

    def _foreign_operation(self, records, name):
        """A record another machine's command is working on now (alive), preferring connection `name`."""
        probe = self._lock_probe('', holding=True)
        alive = [r for r in records.records.values() if r.in_progress and not r.operation_is_dead(probe)]
        return next((r for r in alive if r.name.lower() == name.lower()), alive[0] if alive else None)

    def _wait_for_other_machines(self, source, name):
        """The source's records, once no command on another machine is changing the source (its intent
        record is alive); connection `name` itself being changed elsewhere is an error at once."""
        deadline = time.monotonic() + FOREIGN_WAIT_S
        records = read_records(source.part('metadata'), source.ref.id)
        while True:
            busy = self._foreign_operation(records, name)
            if busy is None:
                return records
            if busy.name.lower() == name.lower() or time.monotonic() > deadline:
                raise ValidationError(
                    f"Another command ({busy.operation.verb}, operation {busy.operation.id}, started "
                    f"{busy.operation.started_at} on another machine) is changing connection '{busy.name}' of "
                    f"'{source.ref.id}'. Retry when it has finished; if it was killed, its record counts as failed "
                    f"after {busy.operation.expires_at} and `az {source.spec.name} connection delete` can then "
                    "remove what it did.")
            logger.warning("Waiting for another machine's command on connection '%s' of %s to finish...",
                           busy.name, source.ref.id)
            time.sleep(FOREIGN_POLL_S)
            records = read_records(source.adapter.record_document(source.ref).read(self.arm).value, source.ref.id)

    # -- create / update / delete -----------------------------------------------------------------------
    def create(self, request, dry_run=False, force=False):
        with self._changing(request.source, request.source_id):
            try:
                return self._create(request, dry_run, force)
            except _Stale as stale:
                logger.warning("Connection '%s' was left %s by a command that did not finish; removing what it "
                               "did before creating it again.", request.name, stale.record.state)
                with ThreadPoolExecutor(max_workers=6) as pool:
                    reads = Reads(self, pool)
                    source = reads.source(request.source, request.source_id, ('settings', 'metadata'))
                    self._delete_record(reads, source, stale.record, dry_run=False)
                return self._create(request, dry_run, force)

    def _create(self, request, dry_run, force):
        with ThreadPoolExecutor(max_workers=6) as pool:
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
            records = self._wait_for_other_machines(source, request.name)
            state = source.state()
            records, state, preview = self._name_is_free(request, records, state, dry_run, force)
            request = self._complete(self._with_object_id(request, object_id), state)
            facts = self._facts(request, state, records, target, target_future.result(), identity, tenant.result(),
                                'create')
            plan = plan_apply(request, facts)
            if dry_run:
                return output.dry_run(plan, first=preview)
            return self._apply(plan, request, source.adapter, state, target, facts.target, secrets)

    @staticmethod
    def _name_is_free(request, records, state, dry_run, force):
        """(records, state, steps shown before the plan): an error when a connection (or, without
        --force, a record this version cannot read) has the name; _Stale for the record an
        interrupted command left, which is removed first (a dry run plans as if it were)."""
        existing = records.get(request.name)
        if existing is not None and not existing.in_progress:
            raise ValidationError(
                f"Connection '{request.name}' already exists on '{request.source_id}'. Use "
                f"`az {request.source.name} connection update {request.target.name}` to change it, or choose "
                "another --connection.")
        if existing is not None and not dry_run:
            raise _Stale(existing)
        if existing is not None:
            records = records._replace(records=records.others(existing.name))
            state = replace(state, settings={k: v for k, v in state.settings.items() if k not in existing.settings})
            return records, state, [f"remove what the interrupted command on connection '{existing.name}' may have "
                                    f"done, as `az {request.source.name} connection delete` would"]
        broken = records.unreadable.get(request.name.lower())
        if broken is not None and not force:
            raise ValidationError(
                f"Metadata entry '{broken.key}' of '{request.source_id}' holds a record this version cannot read "
                f"({broken.reason}). It is left as it is: give --force to replace it (what it owns is not removed), "
                "or choose another --connection.")
        return records, state, None

    def update(self, source_spec, source_id, name, target_name, build, dry_run=False):
        """`build(before, state)` makes the new request from the current record and source state."""
        with self._changing(source_spec, source_id), ThreadPoolExecutor(max_workers=6) as pool:
            reads = Reads(self, pool)
            tenant = reads.tenant(source_id)
            source = reads.source(source_spec, source_id)
            records = self._wait_for_other_machines(source, name)
            before = self._record_of(records, source_spec, source_id, name)
            if target_name and target_name != before.target:
                raise InvalidArgumentValueError(
                    f"Connection '{name}' connects to {before.target}, not {target_name}. "
                    f"Use `az {source_spec.name} connection update {before.target}`.")
            if before.state == IN_PROGRESS['delete']:
                raise ValidationError(f"Connection '{name}' was being deleted when its command stopped: finish with "
                                      f"`az {source_spec.name} connection delete`, then create it again.")
            target, target_future = reads.target(TARGETS[before.target], before.target_id)
            state = source.state()
            request = build(before, state)
            self._warm(pool, self._clients_for(request))
            secrets = (reads.secrets(target, request.target_id)
                       if request.auth.type is AuthType.SECRET and not dry_run else None)
            request = self._with_object_id(request, self._service_principal(request, pool))
            identity = self._user_identity(request, source, pool)
            facts = self._facts(request, state, records, target, target_future.result(), identity, tenant.result(),
                                'update')
            plan = plan_apply(request, facts, before=before)
            if dry_run:
                return output.dry_run(plan)
            return self._apply(plan, request, source.adapter, state, target, facts.target, secrets)

    def delete(self, source_spec, source_id, name, dry_run=False, force=False):
        with self._changing(source_spec, source_id), ThreadPoolExecutor(max_workers=6) as pool:
            reads = Reads(self, pool)
            source = reads.source(source_spec, source_id, ('settings', 'metadata'))   # the site is rarely needed
            records = self._wait_for_other_machines(source, name)
            broken = records.unreadable.get(name.lower())
            if force and records.get(name) is None and broken is not None:
                return self._forget_unreadable(source, broken, records, dry_run)
            record = self._record_of(records, source_spec, source_id, name)
            return self._delete_record(reads, source, record, dry_run)

    def _delete_record(self, reads, source, record, dry_run):
        if record.in_progress:          # undoing an interrupted plan's identity change needs the site
            source.add('site', reads.pool)
        spec = TARGETS[record.target]
        target, target_state = target_adapter(spec), None
        subscription = record.target_id.split('/')[2]
        clients = [('authorization', subscription)] if any(r.owned for r in record.roles) else []
        reads_target = any(fw.ips for fw in record.firewall)
        if reads_target:
            clients.append((target.arm_kind, subscription))
        self._warm(reads.pool, clients)
        target_future = reads.target(spec, record.target_id)[1] if reads_target else None
        state = source.state()
        if target_future is not None:
            try:
                target_state = target_future.result()
            except ResourceNotFoundError:
                logger.warning("Target '%s' no longer exists: nothing to remove from its firewall.", record.target_id)
        facts = Facts(source=state, records=read_records(state.metadata, record.source_id), target=target_state,
                      target_adapter=target, operation=self._operation('delete'))
        plan = plan_delete(record, facts)
        if dry_run:
            return output.dry_run(plan)
        self._execute(plan, source.adapter, state, target, target_state)
        return None

    def _forget_unreadable(self, source, broken, records, dry_run):
        """delete --force of a record this version cannot read: the entry goes, nothing else is known."""
        logger.warning("The record of connection '%s' cannot be read (%s): only the record is removed; remove what "
                       "it owned by hand.", broken.name, broken.reason)
        plan = plan_forget(source.ref.id, broken, records.texts.get(broken.name.lower()))
        if dry_run:
            return output.dry_run(plan)
        self._execute(plan, source.adapter, source.state(), None, None)
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

    def _facts(self, request, state, records, target, target_state, identity, tenant, verb):
        principal, identity_id = None, None
        if request.auth.type is AuthType.USER_IDENTITY:
            identity_id, principal = identity.result()
        elif request.auth.type is AuthType.SERVICE_PRINCIPAL:
            principal = request.auth.object_id
        return Facts(source=state, records=records, target=target_state, target_adapter=target,
                     principal_id=principal, user_identity_id=identity_id, tenant_id=tenant,
                     operation=self._operation(verb))

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

    def _apply(self, plan, request, source, state, target, target_state, secrets=None):
        receipts = self._execute(plan, source, state, target, target_state, request.target_id, secrets)
        record_receipt = next(r for r in receipts if r.step == plan.final)
        return output.linker(record_receipt.outputs['records'][request.name])

    def _execute(self, plan, source, state, target, target_state, target_id=None, secrets=None):
        resolver = TargetSecrets(self.arm, target, target_id, target_state, secrets)
        ctx = Context(self.arm, source=source, source_state=state, target=target, target_state=target_state,
                      locks=self.locks, resolve=resolver.resolve)
        try:
            return execute(plan, ctx)
        except PlanFailed as failure:
            if failure.interrupted:
                raise ManualInterrupt(failure.message()) from failure
            raise AzureResponseError(failure.message()) from failure

    # -- reading verbs ------------------------------------------------------------------------------------
    def _read(self, source_spec, source_id, parts):
        with ThreadPoolExecutor(max_workers=3) as pool:
            return Reads(self, pool).source(source_spec, source_id, parts).state()

    def _records(self, source_spec, source_id, parts=('metadata',)):
        state = self._read(source_spec, source_id, parts)
        return state, read_records(state.metadata, source_id)

    def _linker(self, record):
        return output.linker(record, record.provisioning_state(self._lock_probe(record.source_id, holding=False)))

    def list(self, source_spec, source_id):
        _, records = self._records(source_spec, source_id)
        for broken in records.unreadable.values():
            logger.warning("Metadata entry '%s' of %s is not a record this version can read (%s); it is not listed.",
                           broken.key, source_id, broken.reason)
        return [self._linker(r) for r in sorted(records.records.values(), key=lambda r: r.name)]

    def show(self, source_spec, source_id, name):
        _, records = self._records(source_spec, source_id)
        return self._linker(self._record_of(records, source_spec, source_id, name))

    def list_configuration(self, source_spec, source_id, name, show_secrets=False):
        state, records = self._records(source_spec, source_id, ('settings', 'metadata'))
        return output.configurations(self._record_of(records, source_spec, source_id, name), state.settings,
                                     show_secrets)

    def validate(self, source_spec, source_id, name):
        """Every read a check needs starts as soon as what it depends on is known."""
        from .validation import Evidence, validate_connection
        with ThreadPoolExecutor(max_workers=6) as pool:
            reads = Reads(self, pool)
            source = reads.source(source_spec, source_id)
            records = read_records(source.part('metadata'), source_id)
            record = self._record_of(records, source_spec, source_id, name)
            spec = TARGETS[record.target]
            target, target_future = reads.target(spec, record.target_id)
            auth, principal = AuthType(record.auth['authType']), record.auth.get('principalId')
            roles = (pool.submit(self.arm.list_role_assignments, target.resource_id(record.target_id), principal)
                     if auth.uses_identity and principal else None)
            secrets = reads.secrets(target, record.target_id) if auth is AuthType.SECRET else None
            state = record.provisioning_state(self._lock_probe(source_id, holding=False))
            evidence = Evidence(record, spec, source.state(), target, target_future, roles, secrets, state,
                                source_spec)
            return validate_connection(evidence)


class _Stale(Exception):
    """The record of an interrupted command holds the name a create wants."""

    def __init__(self, record):
        super().__init__(record.name)
        self.record = record


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

