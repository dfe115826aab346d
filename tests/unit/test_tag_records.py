"""Records kept in ARM tags (container apps, container groups, Spring services), against the sandbox's
Tags API in-process: chunks within ARM's limits, one PATCH per write (so a failed write leaves the
record as it was), other tags untouched, and scopes that do not see each other's records."""
import os

import pytest

from azext_connection.adapters.tags import CHUNK, RECORD_PREFIX, TagRecords
from tests.harness import RG, SUB

GROUP_ID = f'/subscriptions/{SUB}/resourceGroups/{RG}'
RID = f'{GROUP_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/tagged'


class InProcessArm:
    """The two calls TagRecords makes, straight into the sandbox's routes; counts the writes."""

    def __init__(self, sandbox):
        self.sandbox, self.writes = sandbox, []

    def get(self, path):
        response = self.sandbox.call('GET', path, api_version='2021-04-01')
        return response.body if response.status == 200 else None

    def patch(self, path, body):
        response = self.sandbox.call('PATCH', path, body, api_version='2021-04-01')
        assert response.status == 200, response.body
        self.writes.append(body['operation'])


@pytest.fixture
def arm(sandbox):
    sandbox.put_resource(GROUP_ID, {'location': 'eastus'})
    sandbox.put_resource(RID, {'location': 'eastus', 'tags': {'team': 'data'}})
    return InProcessArm(sandbox)


def _write(arm, records, key, text):
    snapshot = records.read(arm)
    value = {**snapshot.value, key: text} if text is not None else {
        k: v for k, v in snapshot.value.items() if k != key}
    records.write(arm, snapshot, value)


def _tags(sandbox):
    return sandbox.get_resource(RID).get('tags') or {}


LONG = os.urandom(600).hex()       # incompressible: several chunks
SHORT = '{"name": "c1"}'


def test_a_long_record_is_chunked_within_arm_limits_and_reads_back(arm, sandbox):
    records = TagRecords(RID, 'tagged')
    _write(arm, records, RECORD_PREFIX + 'c1', LONG)
    chunks = {n: v for n, v in _tags(sandbox).items() if n.startswith('azext-connection.c1.')}
    assert len(chunks) > 1 and all(len(v) <= CHUNK for v in chunks.values())
    assert records.read(arm).value == {RECORD_PREFIX + 'c1': LONG}
    assert _tags(sandbox)['team'] == 'data'


@pytest.mark.parametrize('first,second', [(SHORT, LONG), (LONG, SHORT), (LONG, None), (SHORT, None)])
def test_every_write_is_one_patch_and_leaves_other_tags_alone(arm, sandbox, first, second):
    records = TagRecords(RID, 'tagged')
    _write(arm, records, RECORD_PREFIX + 'other', SHORT)
    _write(arm, records, RECORD_PREFIX + 'c1', first)
    arm.writes.clear()
    _write(arm, records, RECORD_PREFIX + 'c1', second)
    assert arm.writes == (['Delete'] if second is None else ['Merge'])
    expected = {RECORD_PREFIX + 'other': SHORT, **({RECORD_PREFIX + 'c1': second} if second else {})}
    assert records.read(arm).value == expected
    if second is None:              # a removed record leaves no tag behind, not even a blank one
        assert not [n for n in _tags(sandbox) if n.startswith('azext-connection.c1.')]
    assert _tags(sandbox)['team'] == 'data'


def test_scopes_share_a_resource_without_seeing_each_other(arm):
    blue, green = TagRecords(RID, 'tagged', scope='blue'), TagRecords(RID, 'tagged', scope='green')
    _write(arm, blue, RECORD_PREFIX + 'c1', SHORT)
    _write(arm, green, RECORD_PREFIX + 'c1', LONG)
    assert blue.read(arm).value == {RECORD_PREFIX + 'c1': SHORT}
    assert green.read(arm).value == {RECORD_PREFIX + 'c1': LONG}


def test_a_damaged_record_is_kept_as_it_is_to_be_reported(arm, sandbox):
    sandbox.call('PATCH', RID + '/providers/Microsoft.Resources/tags/default',
                 {'operation': 'Merge', 'properties': {'tags': {'azext-connection.c1.0': 'not base64 zlib'}}})
    assert TagRecords(RID, 'tagged').read(arm).value == {RECORD_PREFIX + 'c1': 'not base64 zlib'}
