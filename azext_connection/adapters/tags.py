"""A record store in ARM tags, for sources with no place like a site's metadata (container apps,
container groups, Spring services).

Each record is JSON, compressed and base64-encoded, split over tags `<prefix><connection>.<n>` of at
most 256 characters (ARM's limit for a tag value). Writes go through the Tags API's PATCH `Merge`
(and `Delete` for a record removed), one PATCH per write, which ARM applies to the tags as they are at
that moment: a change to other tags, by this extension or any tool, is never lost, and a deployment
that starts a new revision leaves tags alone. Limits: ARM allows 50 tags per resource, users' own
included; a connection takes 2-4 of them. A tool that replaces all tags (`az resource tag`, a
template that sets `tags`) removes the records with the rest; `list` then no longer shows them.
"""
import base64
import zlib

from ..engine.documents import Snapshot
from .base import derived

RECORD_PREFIX = 'AZEXT_CONNECTION_'    # the record store's keys, as record.py names them
TAG_PREFIX = 'azext-connection.'
CHUNK = 256


def encode(text):
    return base64.b64encode(zlib.compress(text.encode('utf-8'), 9)).decode('ascii')


def decode(data):
    return zlib.decompress(base64.b64decode(data)).decode('utf-8')


class TagRecords:
    """The records kept in tags of `resource_id` (for Spring, a service's tags hold every app's
    records: `scope` names the app in each tag)."""

    def __init__(self, resource_id, label, scope=''):
        self.resource_id = resource_id
        self.prefix = TAG_PREFIX + (f'{scope}.' if scope else '')
        self.label = f'records in the tags of {label}'

    def from_tags(self, tags):
        """{record key: text} from a resource's tags; chunks that do not decode are kept as they are
        (so a damaged record is reported, not silently dropped)."""
        chunks = {}
        for name, value in (tags or {}).items():
            if not name.lower().startswith(self.prefix.lower()):
                continue
            connection, _, index = name[len(self.prefix):].rpartition('.')
            if connection and index.isdigit():
                chunks.setdefault(connection, {})[int(index)] = value or ''
        records = {}
        for connection, parts in chunks.items():
            data = ''.join(parts[i] for i in sorted(parts))
            if not data:                  # only blank chunks: a record being removed
                continue
            try:
                records[RECORD_PREFIX + connection] = decode(data)
            except (ValueError, zlib.error):
                records[RECORD_PREFIX + connection] = data
        return records

    def tags_for(self, key, text):
        """The tags that hold record `key` (None: none)."""
        connection = key[len(RECORD_PREFIX):]
        if text is None:
            return {}
        data = encode(text)
        return {f'{self.prefix}{connection}.{i}': data[i * CHUNK:(i + 1) * CHUNK]
                for i in range((len(data) + CHUNK - 1) // CHUNK)}

    def read(self, arm):
        found = arm.get(f'{self.resource_id}/providers/Microsoft.Resources/tags/default')
        tags = ((found or {}).get('properties') or {}).get('tags') or {}
        return Snapshot(self.from_tags(tags), raw=tags)

    def write(self, arm, snapshot, value):
        """One PATCH per write, so a failed write leaves the record as it was: a changed record is a
        `Merge` of its chunks, a shorter one blanks the chunks it no longer needs in the same Merge, and
        a removed record is a `Delete` of its chunks (matching their values, so a record somebody else
        rewrote meanwhile stays). A blank chunk stays until the connection is deleted."""
        merge, drop = {}, {}
        for key in set(snapshot.value) | set(value):
            if snapshot.value.get(key) == value.get(key):
                continue
            old = {n: v for n, v in (snapshot.raw or {}).items()
                   if n.lower().startswith((self.prefix + key[len(RECORD_PREFIX):] + '.').lower())}
            if value.get(key) is None:
                drop.update(old)
                continue
            new = self.tags_for(key, value[key])
            merge.update({**{n: '' for n in old if n not in new}, **new})
        tags_path = f'{self.resource_id}/providers/Microsoft.Resources/tags/default'
        if merge:
            arm.patch(tags_path, {'operation': 'Merge', 'properties': {'tags': merge}})
        if drop:
            arm.patch(tags_path, {'operation': 'Delete', 'properties': {'tags': drop}})


class OneReadWithTagRecords:
    """Reads of a source whose one GET holds everything a connection needs: its identity, the
    environment of its containers and, in its tags, the records (container apps, container groups)."""

    @staticmethod
    def settings_noun(scope):
        return f"environment variables of container {scope.get('container', '?')}"

    def start_read(self, arm, ref, scope, pool, parts):  # pylint: disable=unused-argument
        resource = pool.submit(arm.get, ref.id)
        records = derived(resource, lambda found: self.record_document(ref).from_tags(found.get('tags')))
        return {part: records if part == 'records' else resource for part in ('resource',) + tuple(parts)}

    @staticmethod
    def record_document(ref):
        return TagRecords(ref.id, ref.name)

    @staticmethod
    def record_snapshot(state):
        return Snapshot(dict(state.record_store), raw=state.tags)
