"""What every verb shares: the ARM facade, the lock space, the changing-command guard, the executor
call and the errors a verb turns failures into."""
import gc
import time
import uuid
from concurrent.futures import Future
from contextlib import contextmanager

from azure.cli.core.azclierror import AzureResponseError, ManualInterrupt, ResourceNotFoundError, ValidationError
from knack.log import get_logger

from ..arm import Arm
from ..engine.executor import Context, PlanFailed, execute
from ..locks import LockSpace, LockTimeout
from ..record import Operation, now_iso, read_records

logger = get_logger(__name__)

FOREIGN_WAIT_S = 60      # how long a command waits for another machine's command on the same source
FOREIGN_POLL_S = 3


class Session:
    """One command's connection to Azure."""

    def __init__(self, cli_ctx):
        self.cli_ctx = cli_ctx
        self.arm = Arm(cli_ctx)
        self.locks = LockSpace.of(cli_ctx)

    def operation(self, verb):
        return Operation(str(uuid.uuid4()), verb, now_iso(), self.locks.id)

    def lock_probe(self, source_id, holding):
        """What record.provisioning_state needs: whether a lockspace's source lock is free (this
        machine's; always, for a command that holds it itself), None for another machine's."""
        def lock_is_free(lockspace):
            if lockspace != self.locks.id:
                return None
            return True if holding else self.locks.is_free('source', source_id)
        return lock_is_free

    @contextmanager
    def changing(self, source_spec, source_id):
        """The source's lock (this machine) and no GC pauses, for a command that changes things."""
        try:
            with self.locks.hold('source', source_id, f'{source_spec.display} {source_id}'), no_gc_pauses():
                yield
        except LockTimeout as error:
            raise ValidationError(f'{error}. Retry when it has finished.') from error

    def warm(self, pool, paths, msi_subscription=None):
        """Build the SDK clients of `paths` side by side before the first request, so building one
        (importing an SDK takes up to 200 ms) never delays a request on the critical path."""
        built = [pool.submit(self.arm.client_for, path) for path in dict.fromkeys(paths)]
        if msi_subscription:
            built.append(pool.submit(self.arm.msi, msi_subscription))
        for future in built:
            future.result()

    def tenant(self, source_id):
        from azure.cli.core._profile import Profile
        profile = Profile(cli_ctx=self.cli_ctx)
        try:
            return profile.get_subscription(source_id.split('/')[2])['tenantId']
        except Exception:  # pylint: disable=broad-except
            # A subscription outside the login's list: the login's own tenant is the one the app uses.
            return profile.get_subscription()['tenantId']

    def execute(self, plan, resolved, target_state=None, secrets=None):
        """Run `plan` over what `resolved` read; failures become azclierrors (Ctrl-C: ManualInterrupt)."""
        ctx = Context(self.arm, source=resolved.source.adapter, source_state=resolved.state,
                      target=resolved.target, target_state=target_state, locks=self.locks,
                      resolve=secrets.resolve if secrets else (lambda value: value))
        try:
            return execute(plan, ctx)
        except PlanFailed as failure:
            if failure.interrupted:
                raise ManualInterrupt(failure.message()) from failure
            raise AzureResponseError(failure.message()) from failure

    # -- other machines ------------------------------------------------------------------------------
    def wait_for_other_machines(self, source, name):
        """The source's records, once no command on another machine is changing the source (its intent
        record is alive); connection `name` itself being changed elsewhere is an error at once."""
        deadline = time.monotonic() + FOREIGN_WAIT_S
        records = read_records(source.part('records'), source.ref.id)
        while True:
            busy = self._foreign_operation(records, name)
            if busy is None:
                return records
            if busy.name.lower() == name.lower() or time.monotonic() > deadline:
                op = busy.operation
                raise ValidationError(
                    f"Another command ({op.verb}, operation {op.id}, started {op.started_at} on another machine) "
                    f"is changing connection '{busy.name}' of '{source.ref.id}'. Retry when it has finished; if it "
                    f"was killed, its record counts as failed after {op.expires_at} and "
                    f"`az {source.spec.name} connection delete` can then remove what it did.")
            logger.warning("Waiting for another machine's command on connection '%s' of %s to finish...",
                           busy.name, source.ref.id)
            time.sleep(FOREIGN_POLL_S)
            records = read_records(source.adapter.record_document(source.ref).read(self.arm).value, source.ref.id)

    def _foreign_operation(self, records, name):
        probe = self.lock_probe('', holding=True)
        alive = [r for r in records.records.values() if r.in_progress and not r.operation_is_dead(probe)]
        return next((r for r in alive if r.name.lower() == name.lower()), alive[0] if alive else None)


def record_of(records, source_spec, source_id, name):
    """The readable record of connection `name`, or an error that says why there is none."""
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


def done(value):
    future = Future()
    future.set_result(value)
    return future


def cause(error):
    return ' '.join(str(getattr(error, 'message', None) or error).split())[:300]
