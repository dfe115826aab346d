"""list, show, list-configuration and wait: one read of the source's record store (and settings)."""
from knack.log import get_logger

from .. import output
from ..record import read_records
from .resolve import Reads, new_pool
from .session import Session, record_of

logger = get_logger(__name__)


def _records(session, source_spec, source_id, parts=('records',)):
    with new_pool() as pool:
        source = Reads(session, pool).source(source_spec, source_id, {}, parts)
        state = source.state()
    return source, state, read_records(state.record_store, source_id)


def _linker(session, record):
    return output.linker(record, record.provisioning_state(session.lock_probe(record.source_id, holding=False)))


def list_connections(cli_ctx, source_spec, source_id):
    session = Session(cli_ctx)
    source, _, records = _records(session, source_spec, source_id)
    for broken in records.unreadable.values():
        logger.warning("Entry '%s' of the %s of %s is not a record this version can read (%s); it is not listed.",
                       broken.key, source.adapter.records_noun, source_id, broken.reason)
    return [_linker(session, r) for r in sorted(records.records.values(), key=lambda r: r.name)]


def show(cli_ctx, source_spec, source_id, name):
    session = Session(cli_ctx)
    _, _, records = _records(session, source_spec, source_id)
    return _linker(session, record_of(records, source_spec, source_id, name))


def list_configuration(cli_ctx, source_spec, source_id, name, show_secrets=False):
    session = Session(cli_ctx)
    with new_pool() as pool:
        source = Reads(session, pool).source(source_spec, source_id, {}, ('settings', 'records'))
        record = record_of(read_records(source.part('records'), source_id), source_spec, source_id, name)
        source.scope = dict(record.scope)
        state = source.state()
        values = source.adapter.settings_values(session.arm, state) if show_secrets else state.settings
    return output.configurations(record, values, show_secrets)
