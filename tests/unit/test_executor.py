"""The executor with in-memory steps: order, concurrency, rollback in reverse, undo failures kept going,
the intent step kept when something is left, verifications beside the final step, Ctrl-C."""
import os
import signal
import threading
import time
from dataclasses import dataclass, field

import pytest

from azext_connection.engine.executor import Context, PlanFailed, execute
from azext_connection.engine.plan import Plan, Receipt, Step


@dataclass
class Journal:
    events: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, event):
        with self.lock:
            self.events.append(event)


@dataclass(frozen=True)
class FakeAction:
    key: str
    journal: Journal
    fail: bool = False
    fail_undo: bool = False
    changed: bool = True
    delay: float = 0.0

    def describe(self):
        return f'do {self.key}'

    def apply(self, ctx):
        time.sleep(self.delay)
        if self.fail:
            raise RuntimeError(f'{self.key} broke')
        self.journal.add(('apply', self.key))
        return Receipt(self.changed, self.key)

    def undo(self, ctx, receipt):
        if self.fail_undo:
            raise RuntimeError(f'undo {self.key} broke')
        self.journal.add(('undo', self.key))

    def leftover(self, receipt):
        return f'remove {self.key} by hand'


def chain(journal, *specs):
    steps, previous = [], ()
    for key, options in specs:
        steps.append(Step(key, FakeAction(key, journal, **options), needs=previous))
        previous = (key,)
    return Plan(tuple(steps), 'id', 'create')


@pytest.mark.parametrize('failing', [0, 1, 2, 3])
def test_failure_at_step_k_undoes_every_earlier_step_in_reverse(failing):
    journal = Journal()
    keys = ['a', 'b', 'c', 'd']
    plan = chain(journal, *[(k, {'fail': i == failing}) for i, k in enumerate(keys)])
    with pytest.raises(PlanFailed) as raised:
        execute(plan, Context(arm=None))
    applied = keys[:failing]
    assert journal.events == [('apply', k) for k in applied] + [('undo', k) for k in reversed(applied)]
    assert raised.value.step.key == keys[failing] and raised.value.leftovers == []


def test_undo_failures_do_not_stop_the_others_and_are_all_reported():
    journal = Journal()
    plan = chain(journal, ('a', {}), ('b', {'fail_undo': True}), ('c', {'fail_undo': True}), ('d', {'fail': True}))
    with pytest.raises(PlanFailed) as raised:
        execute(plan, Context(arm=None))
    assert ('undo', 'a') in journal.events
    assert [key for key, _, _ in raised.value.leftovers] == ['c', 'b']
    assert 'remove b by hand' in raised.value.message()


def test_unchanged_steps_have_nothing_to_undo():
    journal = Journal()
    plan = chain(journal, ('a', {'changed': False}), ('b', {'fail': True}))
    with pytest.raises(PlanFailed):
        execute(plan, Context(arm=None))
    assert journal.events == [('apply', 'a')]


def test_independent_steps_run_concurrently():
    journal = Journal()
    steps = tuple(Step(k, FakeAction(k, journal, delay=0.3)) for k in 'abc')
    plan = Plan(steps + (Step('z', FakeAction('z', journal), needs=('a', 'b', 'c')),), 'id', 'create')
    started = time.monotonic()
    execute(plan, Context(arm=None))
    assert time.monotonic() - started < 0.6          # three 0.3 s steps side by side, not 0.9 s
    assert journal.events[-1] == ('apply', 'z')       # and the dependent one after all three


def test_a_failure_waits_for_running_siblings_and_undoes_them_too():
    journal = Journal()
    steps = (Step('slow', FakeAction('slow', journal, delay=0.2)), Step('bad', FakeAction('bad', journal, fail=True)),
             Step('after', FakeAction('after', journal), needs=('slow', 'bad')))
    with pytest.raises(PlanFailed):
        execute(Plan(steps, 'id', 'create'), Context(arm=None))
    assert journal.events == [('apply', 'slow'), ('undo', 'slow')]


def test_a_plan_whose_needs_point_forward_is_rejected():
    journal = Journal()
    with pytest.raises(ValueError):
        Plan((Step('a', FakeAction('a', journal), needs=('b',)), Step('b', FakeAction('b', journal))), 'id', 'x')


@dataclass(frozen=True)
class Verified(FakeAction):
    verdict: object = True          # True: still there; False: re-applied; an exception: could not

    def verify(self, ctx, receipt):
        self.journal.add(('verify', self.key))
        if isinstance(self.verdict, Exception):
            raise self.verdict
        return self.verdict


def framed(journal, middle, final=None):
    """intent -> middle steps -> final, as the planner frames every plan."""
    steps = [Step('intent', FakeAction('intent', journal, delay=0.2))]
    steps += [Step(a.key, a, needs=('intent',)) for a in middle]
    steps.append(Step('record', final or FakeAction('record', journal), needs=('intent',) + tuple(a.key for a in middle)))
    return Plan(tuple(steps), 'id', 'create', intent='intent', final='record')


def test_verifications_run_with_the_final_step_and_a_failed_one_rolls_everything_back():
    journal = Journal()
    plan = framed(journal, [Verified('settings', journal), Verified('firewall', journal, verdict=RuntimeError('gone'))])
    with pytest.raises(PlanFailed) as raised:
        execute(plan, Context(arm=None))
    assert {('verify', 'settings'), ('verify', 'firewall')} <= set(journal.events)
    assert raised.value.step.key == 'firewall'
    assert [e for e in journal.events if e[0] == 'undo'][-1] == ('undo', 'intent')    # undone last


def test_when_an_undo_fails_the_intent_record_is_kept():
    journal = Journal()
    plan = framed(journal, [FakeAction('grant', journal, fail_undo=True)], final=FakeAction('record', journal, fail=True))
    with pytest.raises(PlanFailed) as raised:
        execute(plan, Context(arm=None))
    assert ('undo', 'intent') not in journal.events
    assert [key for key, _, _ in raised.value.leftovers] == ['grant']
    assert 'record stays' in raised.value.message()


def test_ctrl_c_stops_starting_steps_lets_running_ones_finish_and_rolls_back():
    journal = Journal()

    @dataclass(frozen=True)
    class Interrupting(FakeAction):
        def apply(self, ctx):
            os.kill(os.getpid(), signal.SIGINT)      # the user presses Ctrl-C while this step runs
            time.sleep(0.3)
            return super().apply(ctx)

    plan = framed(journal, [Interrupting('identity', journal)])
    with pytest.raises(PlanFailed) as raised:
        execute(plan, Context(arm=None))
    assert raised.value.interrupted and 'Interrupted' in raised.value.message()
    assert ('apply', 'record') not in journal.events
    assert journal.events[-2:] == [('undo', 'identity'), ('undo', 'intent')]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler     # restored
