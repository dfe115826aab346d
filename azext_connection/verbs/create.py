"""create <target>: a new connection; a record an interrupted command left under the name is cleaned
up first."""
from dataclasses import replace

from azure.cli.core.azclierror import ValidationError
from knack.log import get_logger

from .. import output
from ..engine.planner import Facts, manual_steps, plan_apply
from .delete import delete_record
from .resolve import Reads, new_pool, resolve
from .session import Session

logger = get_logger(__name__)


def create(cli_ctx, request, dry_run=False, force=False):
    session = Session(cli_ctx)
    with session.changing(request.source, request.source_id):
        try:
            return _create(session, request, dry_run, force)
        except _Stale as stale:
            logger.warning("Connection '%s' was left %s by a command that did not finish; removing what it did "
                           "before creating it again.", request.name, stale.record.state)
            with new_pool() as pool:
                reads = Reads(session, pool)
                source = reads.source(request.source, request.source_id, request.scope, ('settings', 'records'))
                delete_record(session, reads, source, stale.record, dry_run=False)
            return _create(session, request, dry_run, force)


def _create(session, request, dry_run, force):
    with new_pool() as pool:
        resolved = resolve(session, request, dry_run, pool, Reads(session, pool))
        _companion_names_are_free(resolved)
        preview = _name_is_free(resolved, dry_run, force)
        plan = plan_apply(resolved.request, resolved_facts(session, resolved, 'create'))
        if dry_run:
            return output.dry_run(plan, first=preview)
        receipts = session.execute(plan, resolved, resolved.target_state, resolved.secrets)
        written = next(r for r in receipts if r.step == plan.final).outputs['records']
        warn_manual_steps(written[request.name], resolved.request.target, request.source)
        if not request.companions:
            return output.linker(written[request.name])
        # As the core CLI: one linker per connection made.
        return [output.linker(written[r.name]) for r in (request,) + request.companions]


def warn_manual_steps(record, target, source):
    """What a person must still do outside Azure (a Fabric grant), naming the identity the record uses."""
    for note in manual_steps(target, record.auth, record.identity_id, record.source_id):
        logger.warning('%s (`az %s connection validate` reminds you of it.)', note, source.name)


def resolved_facts(session, resolved, verb):
    return Facts(source=resolved.state, records=resolved.records, target=resolved.target_state,
                 target_adapter=resolved.target, source_adapter=resolved.source.adapter,
                 principal_id=resolved.principal_id, user_identity_id=resolved.identity_id,
                 tenant_id=resolved.tenant, operation=session.operation(verb), companions=resolved.companions)


def _companion_names_are_free(resolved):
    """The connections a create makes next to its own (Confluent's `<name>_schema`) need free names too: a
    record there, even one an interrupted command left, belongs to another connection and is never replaced."""
    request, records = resolved.request, resolved.records
    for part in request.companions:
        if records.get(part.name) is not None or part.name.lower() in records.unreadable:
            raise ValidationError(
                f"Connection '{part.name}' already exists on '{request.source_id}', and {request.target.name} "
                f"connection '{request.name}' needs that name for its {part.target.display}. Choose another "
                f"--connection, or delete '{part.name}' first.")


def _name_is_free(resolved, dry_run, force):
    """The steps a dry run shows before the plan (a clean-up), or None. An error when a connection (or,
    without --force, a record this version cannot read) has the name; _Stale for the record an
    interrupted command left, which is removed first (a dry run plans as if it were)."""
    request, records = resolved.request, resolved.records
    existing = records.get(request.name)
    if existing is not None and not existing.in_progress:
        raise ValidationError(
            f"Connection '{request.name}' already exists on '{request.source_id}'. Use "
            f"`az {request.source.name} connection update {request.target.name}` to change it, or choose "
            "another --connection.")
    if existing is not None and not dry_run:
        raise _Stale(existing)
    if existing is not None:
        resolved.records = records._replace(records=records.others(existing.name))
        kept = {k: v for k, v in resolved.state.settings.items() if k not in existing.settings}
        resolved.state = replace(resolved.state, settings=kept)
        return [f"remove what the interrupted command on connection '{existing.name}' may have done, as "
                f"`az {request.source.name} connection delete` would"]
    broken = records.unreadable.get(request.name.lower())
    if broken is not None and not force:
        raise ValidationError(
            f"Entry '{broken.key}' of the records of '{request.source_id}' holds a record this version cannot read "
            f"({broken.reason}). It is left as it is: give --force to replace it (what it owns is not removed), "
            "or choose another --connection.")
    return None


class _Stale(Exception):
    """The record of an interrupted command holds the name a create wants."""

    def __init__(self, record):
        super().__init__(record.name)
        self.record = record
