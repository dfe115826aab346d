"""Shared documents and the deltas connections apply to them.

A shared document is something on Azure that other connections, other commands and other tools also
write, and that Azure only lets us replace whole: a web app's app settings and metadata (PUT of the
whole dictionary), a target's IP rules (a PATCH that replaces the list). A step never writes such a
document from what the command read at its start: it reads it again, applies only its own delta,
and writes at once (`change`), using ARM's optimistic concurrency when the document offers an ETag,
and otherwise checking afterwards that its delta is still there (`holds`) and applying it again
if it is not. Deltas are pure values, so the plan shows them and the undo of a delta is a delta.
"""
from dataclasses import dataclass
from typing import Any, NamedTuple, Optional, Protocol, Tuple

from ..sensitive import reveal

ATTEMPTS = 4     # read-apply-write rounds before giving up on a document others keep changing


class Snapshot(NamedTuple):
    value: Any                    # what deltas see: a dict of strings, a tuple of IP rules
    etag: Optional[str] = None    # sent as If-Match when the document supports it
    raw: Any = None               # what the document needs to write the value back (the whole resource)


class Document(Protocol):
    label: str                    # for messages: "app settings of app"

    def read(self, arm) -> Snapshot:

        ...

    def write(self, arm, snapshot: Snapshot, value) -> None:

        ...


class ConcurrentChange(Exception):
    """A document kept changing under us for every attempt."""


class Change(NamedTuple):
    changed: bool
    prior: Any                    # the document's value just before our write


def change(arm, document, delta, first=None):
    """Apply `delta` to a fresh read of `document` and write it (If-Match when it has an ETag).
    `first` is a read the caller made just before, used for the first attempt."""
    from azure.core.exceptions import HttpResponseError
    for attempt in range(ATTEMPTS):
        snapshot = first if attempt == 0 and first is not None else document.read(arm)
        wanted = delta.apply(snapshot.value)
        if plain(wanted) == plain(snapshot.value):
            return Change(False, snapshot.value)
        try:
            document.write(arm, snapshot, wanted)
        except HttpResponseError as error:
            if error.status_code == 412 and snapshot.etag:   # someone wrote since our read: read again
                continue
            raise
        return Change(True, snapshot.value)
    raise ConcurrentChange(f'the {document.label} changed under every one of {ATTEMPTS} attempts')


def ensure(arm, document, delta):
    """Verify-after-write: True when `delta` still holds; else apply it again (False)."""
    if delta.holds(document.read(arm).value):
        return True
    change(arm, document, delta)
    return False


def plain(value):
    """A document value with its Secrets revealed, for comparisons."""
    if isinstance(value, dict):
        return {k: reveal(v) for k, v in value.items()}
    return value


# -- deltas --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DictDelta:
    """Set some keys of a string dictionary and delete others; every other key is left as it is.

    Values may be Secrets: they stay Secrets in the result, and the document decides how to write them
    (a site reveals them into app settings, a container app makes them app secrets). With `only_if`, a
    key is touched only while it still holds that value (None: absent), so an undo never overwrites
    what somebody else wrote after us."""
    put: Tuple[Tuple[str, Any], ...] = ()
    remove: Tuple[str, ...] = ()
    only_if: Optional[Tuple[Tuple[str, Any], ...]] = None

    def _touchable(self, current, key):
        if self.only_if is None:
            return True
        expected = dict(self.only_if).get(key)
        return reveal(current.get(key)) == reveal(expected)

    def apply(self, current):
        result = dict(current or {})
        for key in self.remove:
            if key in result and self._touchable(current, key):
                del result[key]
        for key, value in self.put:
            if self._touchable(current or {}, key):
                result[key] = value
        return result

    def holds(self, current):
        current = current or {}
        return (all(reveal(current.get(k)) == reveal(v) for k, v in self.put)
                and not any(k in current for k in self.remove))

    def undo(self, prior):
        """The delta that puts back what `prior` had for the keys this delta touched, as long as
        they still hold what this delta wrote."""
        written = dict(self.put)
        touched = list(written) + [k for k in self.remove if k not in written]
        restore = tuple((k, prior[k]) for k in touched if prior.get(k) is not None)
        drop = tuple(k for k in touched if prior.get(k) is None)
        return DictDelta(restore, drop, only_if=tuple((k, written.get(k)) for k in touched))

    @property
    def keys(self):
        return tuple(k for k, _ in self.put) + self.remove


def ip_rule_value(value):
    """Normalise an IP rule: a single address may be written `1.2.3.4` or `1.2.3.4/32`."""
    value = (value or '').strip()
    return value[:-3] if value.endswith('/32') else value


@dataclass(frozen=True)
class IpDelta:
    """Add and remove addresses in a list of IP rules; other rules stay exactly as written."""
    add: Tuple[str, ...] = ()
    remove: Tuple[str, ...] = ()

    def apply(self, rules):
        removed = {ip_rule_value(ip) for ip in self.remove}
        kept = [r for r in rules or () if ip_rule_value(r) not in removed]
        have = {ip_rule_value(r) for r in kept}
        return tuple(kept + [ip for ip in self.add if ip_rule_value(ip) not in have])

    def holds(self, rules):
        have = {ip_rule_value(r) for r in rules or ()}
        return all(ip_rule_value(ip) in have for ip in self.add) and not any(
            ip_rule_value(ip) in have for ip in self.remove)

    def undo(self, prior):
        """Take back what this delta changed in `prior`: rules it removed come back as they were written."""
        removed = {ip_rule_value(ip) for ip in self.remove}
        had = {ip_rule_value(r) for r in prior or ()}
        return IpDelta(add=tuple(r for r in prior or () if ip_rule_value(r) in removed),
                       remove=tuple(ip for ip in self.add if ip_rule_value(ip) not in had))
