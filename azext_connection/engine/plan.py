"""Plans, steps and receipts: the data the planner produces and the executor consumes."""
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional, Protocol, Tuple


@dataclass(frozen=True)
class Receipt:
    """Exactly what one applied step changed, so its inverse can undo exactly that.

    `changed` is False when the step found the desired state already there (nothing to undo).
    `outputs` are values later steps read (a principal id produced by enabling an identity).
    `details` may hold prior values needed to undo (in memory only, never printed or stored).
    `step` is the key of the step that made it (the executor fills it in).
    """
    changed: bool
    summary: str
    outputs: Mapping[str, Any] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)
    step: str = ''


class Action(Protocol):
    """What a step does. `apply` reads the current state first; `undo` reverses its own receipt.

    Optional: `verify(ctx, receipt)`, run before the command ends, which checks that the change is
    still there and makes it again if another writer undid it (True: it was; False: made again)."""

    def describe(self) -> str:

        ...

    def apply(self, ctx) -> Receipt:

        ...

    def undo(self, ctx, receipt: Receipt) -> None:

        ...

    def leftover(self, receipt: Receipt) -> str:
        """How a person removes this step's change by hand, when undo failed."""


@dataclass(frozen=True)
class Step:
    key: str                          # unique within a plan; later steps name it in `needs`
    action: Any                       # an Action
    needs: Tuple[str, ...] = ()

    def describe(self):
        return self.action.describe()


@dataclass(frozen=True)
class Plan:  # pylint: disable=too-many-instance-attributes  # one per part of a plan the executor and output read
    """Ordered steps; `needs` edges say which may run concurrently.

    `intent` is the key of the step that records the plan before anything changes (every other step
    needs it; it is undone last and kept when something could not be undone), `final` the key of the
    step that completes the record (it runs when every other step has, and the changes of the
    others are verified while it runs, or before it with `verify_first`)."""
    steps: Tuple[Step, ...]
    connection_id: str
    verb: str
    intent: Optional[str] = None
    final: Optional[str] = None
    verify_first: bool = False        # verify before the final step, not beside it (it may rewrite the records)
    notes: Tuple[str, ...] = ()       # what a person must do that no step can (a grant outside Azure)
    skipped: Tuple[str, ...] = ()     # what the plan leaves out because the user opted out of it (--opt-out)

    def __post_init__(self):
        keys = [s.key for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError(f'duplicate step keys in plan: {keys}')
        for index, step in enumerate(self.steps):
            unknown = set(step.needs) - set(keys[:index])
            if unknown:
                raise ValueError(f'step {step.key} needs {sorted(unknown)}, which do not come before it')
        if self.intent and any(self.intent not in s.needs for s in self.steps if s.key != self.intent):
            raise ValueError(f'every step must come after the intent step {self.intent}')

    def describe(self):
        """The plan as a person reads it: what each step will do, in order."""
        return [{'step': i + 1, 'key': s.key, 'action': s.describe(),
                 **({'after': list(s.needs)} if s.needs else {})}
                for i, s in enumerate(self.steps)]

    def find(self, key) -> Optional[Step]:
        return next((s for s in self.steps if s.key == key), None)

    def of_type(self, action_type):
        """The steps whose action is an `action_type`, in plan order."""
        return [s for s in self.steps if isinstance(s.action, action_type)]
