"""delete: remove exactly what the connection owns (for one an interrupted command left, what its plan
may have done); a target that is gone took its role assignments and firewall with it."""
from typing import Any, NamedTuple

from azure.cli.core.azclierror import ResourceNotFoundError
from knack.log import get_logger

from .. import output
from ..adapters import target_adapter
from ..engine.planner import Facts, plan_delete, plan_forget
from ..matrix.targets import TARGETS
from ..record import read_records
from .resolve import Reads, new_pool
from .resupply import resupply
from .session import Session, record_of

logger = get_logger(__name__)


def delete(cli_ctx, source_spec, source_id, name, *, dry_run=False, force=False):
    session = Session(cli_ctx)
    with session.changing(source_spec, source_id), new_pool() as pool:
        reads = Reads(session, pool)
        source = reads.source(source_spec, source_id, {}, ('settings', 'records'))   # the resource is rarely needed
        records = session.wait_for_other_machines(source, name)
        broken = records.unreadable.get(name.lower())
        if force and records.get(name) is None and broken is not None:
            return _forget_unreadable(session, source, broken, records, dry_run)
        return delete_record(session, reads, source, record_of(records, source_spec, source_id, name), dry_run)


def delete_record(session, reads, source, record, dry_run):
    source.scope = dict(record.scope)
    if record.in_progress:          # undoing an interrupted plan's identity change needs the resource
        source.add('resource', reads.pool)
    spec = TARGETS[record.target]
    target, target_state = target_adapter(spec), None
    paths = [f"/subscriptions/{record.target_id.split('/')[2]}/providers/Microsoft.Authorization"] \
        if any(r.owned for r in record.roles) else []
    reads_target = any(fw.ips for fw in record.firewall)
    if reads_target:
        paths.append(record.target_id)
    session.warm(reads.pool, paths)
    target_future = reads.target(spec, record.target_id)[1] if reads_target else None
    state = source.state()
    resupply(session, reads.pool, source.adapter, state, read_records(state.record_store, record.source_id),
             leaving=record.name)
    if target_future is not None:
        try:
            target_state = target_future.result()
        except ResourceNotFoundError:
            logger.warning("Target '%s' no longer exists: nothing to remove from its firewall.", record.target_id)
    facts = Facts(source=state, records=read_records(state.record_store, record.source_id), target=target_state,
                  target_adapter=target, source_adapter=source.adapter, operation=session.operation('delete'))
    plan = plan_delete(record, facts)
    if dry_run:
        return output.dry_run(plan)
    session.execute(plan, _Read(source, state, target), target_state)
    return None


def _forget_unreadable(session, source, broken, records, dry_run):
    """delete --force of a record this version cannot read: the entry goes, nothing else is known."""
    logger.warning("The record of connection '%s' cannot be read (%s): only the record is removed; remove what it "
                   "owned by hand.", broken.name, broken.reason)
    plan = plan_forget(source.ref.id, broken, records.texts.get(broken.name.lower()), source.adapter)
    if dry_run:
        return output.dry_run(plan)
    session.execute(plan, _Read(source, source.state(), None))
    return None


class _Read(NamedTuple):
    """What the executor needs of a delete's reads (a Resolved without a request)."""
    source: Any
    state: Any
    target: Any
