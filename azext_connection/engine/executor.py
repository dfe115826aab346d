"""Applies a plan: independent steps concurrently, dependent ones in order; on failure, undoes every
applied step in reverse order of completion and keeps going past an undo that fails."""
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from knack.log import get_logger

logger = get_logger(__name__)   # knack's: under the `cli` tree that --verbose and --debug show

MAX_PARALLEL = 4


class PlanFailed(Exception):
    """A step failed. Carries what was undone and what is left for a person to remove."""

    def __init__(self, step, error, undone, leftovers):
        self.step = step
        self.error = error
        self.undone = undone          # step keys rolled back
        self.leftovers = leftovers    # (step key, manual instruction, undo error)
        super().__init__(self.message())

    def message(self):
        lines = [f"Step '{self.step.key}' failed: {self.step.describe()}.", f'Cause: {_error_text(self.error)}']
        if self.undone:
            lines.append('Rolled back: ' + ', '.join(self.undone) + '.')
        if self.leftovers:
            lines.append('Could not roll back; remove by hand:')
            lines.extend(f'  - {key}: {how} (undo failed: {_error_text(err)})' for key, how, err in self.leftovers)
        else:
            lines.append('Nothing was left changed.')
        return '\n'.join(lines)


class Context:
    """What steps share: the ARM facade, adapters, and the outputs of completed steps."""

    def __init__(self, arm, **items):
        self.arm = arm
        self.outputs = {}
        self._lock = threading.Lock()
        for name, value in items.items():
            setattr(self, name, value)

    def output(self, step_key, name):
        with self._lock:
            return self.outputs[step_key][name]

    def _record(self, receipt):
        with self._lock:
            self.outputs[receipt.step] = dict(receipt.outputs)


def execute(plan, ctx):
    """Run the plan; return receipts in completion order, or raise PlanFailed after rolling back."""
    receipts, failure = _run_forward(plan, ctx)
    if failure is None:
        return receipts
    step, error = failure
    undone, leftovers = _roll_back(plan, ctx, receipts)
    raise PlanFailed(step, error, undone, leftovers) from error


def _run_forward(plan, ctx):
    receipts = []
    done, running, failure = set(), {}, None
    pending = list(plan.steps)
    with ThreadPoolExecutor(max_workers=MAX_PARALLEL, thread_name_prefix='connection-step') as pool:
        while pending or running:
            if failure is None:
                for step in [s for s in pending if set(s.needs) <= done]:
                    pending.remove(step)
                    running[pool.submit(step.action.apply, ctx)] = step
            else:
                pending.clear()     # let in-flight steps finish so their receipts can be undone
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                step = running.pop(future)
                try:
                    receipt = future.result()
                except Exception as error:  # pylint: disable=broad-except
                    failure = failure or (step, error)
                    continue
                ctx._record(receipt)  # pylint: disable=protected-access
                logger.info("Step '%s': %s", step.key, receipt.summary)
                receipts.append(receipt)
                done.add(step.key)
    return receipts, failure


def _roll_back(plan, ctx, receipts):
    undone, leftovers = [], []
    for receipt in reversed(receipts):
        step = plan.find(receipt.step)
        if not receipt.changed:
            continue
        try:
            step.action.undo(ctx, receipt)
            undone.append(step.key)
        except Exception as error:  # pylint: disable=broad-except
            # Keep going: the other undos are independent, and the user needs the full list.
            logger.warning("Rolling back step '%s' failed: %s", step.key, _error_text(error))
            leftovers.append((step.key, step.action.leftover(receipt), error))
    return undone, leftovers


def _error_text(error):
    """One line: `(Code) message` for ARM errors (azure-core repeats both in str()), else str()."""
    odata = getattr(error, 'error', None)
    if getattr(odata, 'code', None):
        text = f'({odata.code}) {odata.message}'
    else:
        text = getattr(error, 'message', None) or str(error)
    return ' '.join(str(text).split())[:500]
