"""Applies a plan: independent steps concurrently, dependent ones in order; on failure or Ctrl-C,
undoes every applied step in reverse order of completion and keeps going past an undo that fails.

The intent step (the record written before anything changes) is undone last, and only when every
other undo succeeded: if something could not be undone, the record stays, so that `delete` can still
find and remove what is left from any machine."""
import signal
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict

from knack.log import get_logger

logger = get_logger(__name__)   # knack's: under the `cli` tree that --verbose and --debug show

MAX_PARALLEL = 6
INTERRUPT_POLL_S = 0.1


class Interrupted(Exception):
    """Ctrl-C (SIGINT) arrived while the plan ran."""

    def __str__(self):
        return 'interrupted (Ctrl-C)'


class PlanFailed(Exception):
    """A step failed (or the plan was interrupted). Carries what was undone and what is left."""

    def __init__(self, plan, step, error, undone, leftovers):
        self.plan = plan
        self.step = step
        self.error = error
        self.undone = undone          # step keys rolled back
        self.leftovers = leftovers    # (step key, manual instruction, undo error)
        super().__init__(self.message())

    @property
    def interrupted(self):
        return isinstance(self.error, Interrupted)

    def message(self):
        if self.interrupted:
            lines = ['Interrupted (Ctrl-C) before the command finished.']
        else:
            lines = [f"Step '{self.step.key}' failed: {self.step.describe()}.", f'Cause: {error_text(self.error)}']
        if self.undone:
            lines.append('Rolled back: ' + ', '.join(self.undone) + '.')
        if self.leftovers:
            lines.append('Could not roll back; remove by hand:')
            lines.extend(f'  - {key}: {how} (undo failed: {error_text(err)})' for key, how, err in self.leftovers)
            if self.plan.intent:
                lines.append(f'The connection record stays (state Failed): `delete --id {self.plan.connection_id}` '
                             'removes what is left once the cause is fixed.')
        else:
            lines.append('Nothing was left changed.')
        return '\n'.join(lines)


@dataclass
class Context:  # pylint: disable=too-many-instance-attributes  # one per thing steps share
    """What steps share: the ARM facade, the source and target they act on, secrets resolved on
    demand, the locks, and the outputs of completed steps."""
    arm: Any
    plan: Any = None
    source: Any = None                 # the source adapter
    source_state: Any = None           # what the command read of the source
    target: Any = None                 # the target adapter
    target_state: Any = None           # what the command read of the target (None: it is gone)
    locks: Any = None                  # locks.LockSpace
    resolve: Callable[[Any], Any] = lambda value: value   # turns planned Values into what is written
    outputs: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def output(self, step_key, name):
        with self._lock:
            return self.outputs[step_key][name]

    def record_output(self, receipt):
        with self._lock:
            self.outputs[receipt.step] = dict(receipt.outputs)


def execute(plan, ctx):
    """Run the plan; return receipts in completion order, or raise PlanFailed after rolling back."""
    ctx.plan = plan
    with _interrupts_as_flag() as interrupted:
        receipts, failure = _Run(plan, ctx, interrupted).forward()
        if failure is None:
            return receipts
        step, error = failure
        undone, leftovers = _roll_back(plan, ctx, receipts)
    raise PlanFailed(plan, step, error, undone, leftovers) from error


class _interrupts_as_flag:
    """While a plan runs, Ctrl-C sets a flag instead of raising at a random point: the run stops
    starting steps, lets those in flight finish, and rolls back like after a failure."""

    def __init__(self):
        self.flag = threading.Event()
        self.previous = None        # the SIGINT handler to put back

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self.flag

    def _handle(self, *_):
        if self.flag.is_set():
            logger.warning('Still undoing what was done; wait for it to finish.')
        else:
            logger.warning('Interrupted: stopping and undoing what was done...')
        self.flag.set()

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


class _Run:  # pylint: disable=too-many-instance-attributes,too-few-public-methods  # one run's state
    """One forward run: launches steps and verifications as their inputs become ready."""

    def __init__(self, plan, ctx, interrupted):
        self.plan, self.ctx, self.interrupted = plan, ctx, interrupted
        self.receipts, self.done, self.failure = [], set(), None
        self.pending = list(plan.steps)
        self.running = {}               # future -> (kind, step): kind is apply or verify
        self.verified = False
        self.pool = None                # the thread pool, while forward() runs

    def forward(self):
        with ThreadPoolExecutor(max_workers=MAX_PARALLEL, thread_name_prefix='connection-step') as pool:
            self.pool = pool
            while True:
                if self.interrupted.is_set() and self.failure is None:
                    self.failure = (self._current_step(), Interrupted())
                if self.failure is None:
                    self._launch_ready()
                else:
                    self.pending.clear()     # let in-flight work finish so its receipts can be undone
                if not self.running:
                    break
                finished, _ = wait(self.running, timeout=INTERRUPT_POLL_S, return_when=FIRST_COMPLETED)
                for future in finished:
                    self._collect(future)
        return self.receipts, self.failure

    def _current_step(self):
        for kind, step in self.running.values():
            if kind == 'apply':
                return step
        return self.pending[0] if self.pending else self.plan.steps[-1]

    def _launch_ready(self):
        for step in [s for s in self.pending if set(s.needs) <= self.done]:
            if step.key == self.plan.final:
                if not self.verified:
                    self.verified = True
                    self._launch_verifications()
                if self.plan.verify_first and any(kind == 'verify' for kind, _ in self.running.values()):
                    continue
            self.pending.remove(step)
            self._submit('apply', step, lambda a=step.action: a.apply(self.ctx))

    def _launch_verifications(self):
        for receipt in self.receipts:
            action = self.plan.find(receipt.step).action
            if receipt.changed and hasattr(action, 'verify'):
                self._submit('verify', self.plan.find(receipt.step),
                             lambda a=action, r=receipt: a.verify(self.ctx, r))

    def _submit(self, kind, step, call):
        self.running[self.pool.submit(call)] = (kind, step)

    def _collect(self, future):
        kind, step = self.running.pop(future)
        try:
            result = future.result()
        except Exception as error:  # pylint: disable=broad-except
            self.failure = self.failure or (step, error)
            return
        if kind == 'apply':
            receipt = replace(result, step=step.key)
            self.ctx.record_output(receipt)
            logger.info("Step '%s': %s", step.key, receipt.summary)
            self.receipts.append(receipt)
            self.done.add(step.key)
        elif result is False:
            logger.warning("Another writer undid step '%s' (%s) while this command ran; it was applied again.",
                           step.key, step.describe())


def _roll_back(plan, ctx, receipts):
    undone, leftovers = [], []
    for receipt in reversed(receipts):
        step = plan.find(receipt.step)
        if not receipt.changed:
            continue
        if step.key == plan.intent and leftovers:
            _keep_intent(step, ctx, receipt)
            continue
        try:
            step.action.undo(ctx, receipt)
            undone.append(step.key)
        except Exception as error:  # pylint: disable=broad-except
            # Keep going: the other undos are independent, and the user needs the full list.
            logger.warning("Rolling back step '%s' failed: %s", step.key, error_text(error))
            leftovers.append((step.key, step.action.leftover(receipt), error))
    return undone, leftovers


def _keep_intent(step, ctx, receipt):
    """Something could not be undone: keep the intent record, which is what lets `delete` find what
    is left, and write it once more with what the run learnt (the principal of an identity it enabled),
    so that nothing left behind is unnamed. Best effort: the first intent already names the rest."""
    try:
        step.action.rewrite(ctx, receipt)
    except Exception as error:  # pylint: disable=broad-except
        logger.warning('Could not refine the connection record after the failed rollback: %s', error_text(error))


def error_text(error):
    """One line: `(Code) message` for ARM errors (azure-core repeats both in str()), else str()."""
    odata = getattr(error, 'error', None)
    if getattr(odata, 'code', None):
        text = f'({odata.code}) {odata.message}'
    else:
        text = getattr(error, 'message', None) or str(error)
    return ' '.join(str(text).split())[:500]
