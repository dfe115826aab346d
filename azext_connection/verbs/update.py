"""update <target>: the connection's client type or auth changes; what the old one owned and the new
one does not need is removed. A record an interrupted command left is finished."""
from azure.cli.core.azclierror import InvalidArgumentValueError, ValidationError

from .. import output
from ..engine.planner import plan_apply
from ..record import IN_PROGRESS
from .create import resolved_facts, warn_manual_steps
from .resolve import Reads, new_pool, resolve
from .session import Session, record_of


def update(cli_ctx, source_spec, source_id, name, *, target_name, build, dry_run=False):
    """`build(before, settings)` makes the new request from the current record (and, when it needs them,
    the source's settings: `settings()` reads their values)."""
    session = Session(cli_ctx)
    with session.changing(source_spec, source_id), new_pool() as pool:
        reads = Reads(session, pool)
        source = reads.source(source_spec, source_id, {})
        records = session.wait_for_other_machines(source, name)
        before = record_of(records, source_spec, source_id, name)
        command = _command_name(before.target)
        if target_name and target_name != command:
            raise InvalidArgumentValueError(
                f"Connection '{name}' connects to {before.target}, not {target_name}. "
                f"Use `az {source_spec.name} connection update {command}`.")
        if before.state == IN_PROGRESS['delete']:
            raise ValidationError(f"Connection '{name}' was being deleted when its command stopped: finish with "
                                  f"`az {source_spec.name} connection delete`, then create it again.")
        source.scope = dict(before.scope)
        state = source.state()
        request = build(before, lambda: source.adapter.settings_values(session.arm, state))
        resolved = resolve(session, request, dry_run, pool, reads, source=source)
        plan = plan_apply(resolved.request, resolved_facts(session, resolved, 'update'), before=before)
        if dry_run:
            return output.dry_run(plan)
        receipts = session.execute(plan, resolved, resolved.target_state, resolved.secrets)
        record = next(r for r in receipts if r.step == plan.final).outputs['records'][name]
        warn_manual_steps(record, resolved.request.target, source_spec)
        return output.linker(record)


def _command_name(target):
    """The target name an update command of the connection uses (a companion's is its main target's)."""
    from ..matrix.targets import TARGETS
    spec = TARGETS.get(target)
    return spec.command_name if spec else target
