"""Deltas on shared documents (apply, holds, undo), the read-apply-write loop, and records: what
reading tolerates, what it refuses, and how an in-progress record's state is judged."""
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from azext_connection.engine.documents import ConcurrentChange, DictDelta, IpDelta, Snapshot, change, ensure
from azext_connection.record import LEASE, Operation, Record, read_records
from azext_connection.sensitive import Secret

DICT_CASES = [
    # name, current, delta, expected after apply
    ('adds and keeps others', {'A': '1'}, DictDelta((('B', '2'),)), {'A': '1', 'B': '2'}),
    ('removes only its keys', {'A': '1', 'B': '2'}, DictDelta(remove=('B', 'C')), {'A': '1'}),
    ('secrets stay Secrets for the document to write', {}, DictDelta((('K', Secret('s3cr3t')),)),
     {'K': Secret('s3cr3t')}),
    ('only_if leaves a key someone changed', {'A': 'theirs'}, DictDelta(remove=('A',), only_if=(('A', 'ours'),)),
     {'A': 'theirs'}),
]


@pytest.mark.parametrize('name,current,delta,expected', DICT_CASES, ids=[c[0] for c in DICT_CASES])
def test_dict_delta(name, current, delta, expected):
    assert delta.apply(current) == expected
    assert delta.holds(delta.apply(current)) or delta.only_if


def test_dict_delta_undo_restores_prior_values_only_where_ours_is_still_there():
    prior = {'A': 'old', 'X': 'x'}
    delta = DictDelta((('A', 'new'), ('B', 'b')))
    written = delta.apply(prior)
    later = {**written, 'B': 'someone else', 'Y': 'y'}
    assert delta.undo(prior).apply(later) == {'A': 'old', 'B': 'someone else', 'X': 'x', 'Y': 'y'}


IP_CASES = [
    ('adds missing, keeps others', ('1.1.1.1',), IpDelta(add=('2.2.2.2', '1.1.1.1')), ('1.1.1.1', '2.2.2.2')),
    ('a /32 rule counts as the address', ('2.2.2.2/32',), IpDelta(add=('2.2.2.2',)), ('2.2.2.2/32',)),
    ('removes in either form', ('2.2.2.2/32', '3.3.3.3'), IpDelta(remove=('2.2.2.2',)), ('3.3.3.3',)),
]


@pytest.mark.parametrize('name,rules,delta,expected', IP_CASES, ids=[c[0] for c in IP_CASES])
def test_ip_delta(name, rules, delta, expected):
    assert delta.apply(rules) == expected and delta.holds(expected)
    assert sorted(delta.undo(rules).apply(expected)) == sorted(rules)


class FakeDocument:
    """A document whose writes can be made to collide: `interfere` runs between our read and write."""
    label = 'fake'

    def __init__(self, value, etag=False, interfere=None):
        self.value, self.version, self.etag, self.interfere, self.writes = dict(value), 0, etag, interfere, 0

    def read(self, arm):
        return Snapshot(dict(self.value), str(self.version) if self.etag else None)

    def write(self, arm, snapshot, value):
        if self.interfere:
            self.interfere(self)
        if self.etag and snapshot.etag != str(self.version):
            from azure.core.exceptions import HttpResponseError
            raise HttpResponseError(response=SimpleNamespace(status_code=412, reason='Precondition Failed',
                                                             headers={}, text=lambda: '', content=b''))
        self.value, self.version, self.writes = dict(value), self.version + 1, self.writes + 1


def test_change_with_an_etag_reads_again_when_someone_wrote_in_between():
    def someone(doc):
        if doc.version == 0:
            doc.value['THEIRS'] = '1'
            doc.version += 1
    doc = FakeDocument({'A': '1'}, etag=True, interfere=someone)
    change(None, doc, DictDelta((('OURS', '1'),)))
    assert doc.value == {'A': '1', 'THEIRS': '1', 'OURS': '1'}


def test_change_gives_up_on_a_document_that_never_stops_changing():
    def always(doc):
        doc.version += 1
    with pytest.raises(ConcurrentChange):
        change(None, FakeDocument({}, etag=True, interfere=always), DictDelta((('OURS', '1'),)))


def test_ensure_applies_a_delta_again_after_someone_wrote_over_it():
    doc = FakeDocument({'A': '1'})
    delta = DictDelta((('OURS', '1'),))
    change(None, doc, delta)
    doc.value = {'A': '1', 'THEIRS': '2'}            # a whole-document write from a stale read
    assert ensure(None, doc, delta) is False
    assert doc.value == {'A': '1', 'THEIRS': '2', 'OURS': '1'} and ensure(None, doc, delta) is True


SITE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app'


def _record(name='c1', **changes):
    return Record(name, SITE, 'storage-blob', 'tid', {'authType': 'secret'}, 'python', (), {}).with_changes(**changes)


def test_records_round_trip_and_entries_that_cannot_be_read_are_explained():
    good = _record()
    metadata = {'AZEXT_CONNECTION_c1': good.to_json(), 'AZEXT_CONNECTION_bad': '{', 'CURRENT_STACK': 'python',
                'AZEXT_CONNECTION_other': _record('different').to_json(),
                'AZEXT_CONNECTION_new': _record('new', version=99).to_json()}
    records = read_records(metadata, SITE)
    assert records.records == {'c1': good}
    assert {k: u.reason.split(' (')[0] for k, u in records.unreadable.items()} == {
        'bad': 'invalid JSON', 'other': "it names connection 'different'",
        'new': 'written by a newer version of the extension'}


def test_a_version_1_record_is_still_read():
    old = ('{"auth":{"authType":"secret"},"client_type":"python","created_at":"","firewall":[],"identity_id":null,'
           '"name":"c1","roles":[],"settings":["K"],"source_id":"' + SITE + '","target":"storage-blob",'
           '"target_id":"t","updated_at":"","values":{},"version":1}')
    record = read_records({'AZEXT_CONNECTION_c1': old}, SITE).get('c1')
    assert record.settings == ('K',) and record.state == 'Succeeded' and not record.in_progress


def _started(minutes_ago):
    return (datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)).strftime('%Y-%m-%dT%H:%M:%SZ')


STATE_CASES = [
    # name, record, lock of its lockspace free? (None: another machine's), expected provisioningState
    ('complete', _record(), None, 'Succeeded'),
    ('this machine, its command still holds the lock', _record(state='Creating',
                                                              operation=Operation('o', 'create', _started(0), 'me')),
     False, 'Creating'),
    ('this machine, lock free: the command died', _record(state='Creating',
                                                         operation=Operation('o', 'create', _started(0), 'me')),
     True, 'Failed'),
    ('another machine, within the lease', _record(state='Deleting',
                                                  operation=Operation('o', 'delete', _started(1), 'them')),
     None, 'Deleting'),
    ('another machine, lease over', _record(state='Updating', operation=Operation(
        'o', 'update', _started(LEASE.total_seconds() / 60 + 1), 'them')), None, 'Failed'),
]


@pytest.mark.parametrize('name,record,free,expected', STATE_CASES, ids=[c[0] for c in STATE_CASES])
def test_provisioning_state(name, record, free, expected):
    def lock_is_free(space):
        return free if space == 'me' else None
    assert record.provisioning_state(lock_is_free) == expected
