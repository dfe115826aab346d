"""The connection record: what a connection owns, stored on the source itself.

Each source adapter keeps the records in a store of key -> JSON text, one entry per connection
under `AZEXT_CONNECTION_<name>`: a site's `config/metadata` (the app does not see it as environment
variables), or the tags of a container app, a container group or a Spring service (adapters/tags.py). It lists
the setting keys the connection wrote, the role assignments it created (and those it only relies
on), and the firewall addresses it added, so delete can remove exactly that from any machine.
Secret values are never stored: `values` holds only the non-secret settings.

A changing command writes the record first as its intent (state Creating, Updating or Deleting,
everything the plan may change, the steps planned) and completes it at the end. A command that dies
half-way (kill -9, a lost machine) so leaves a record in an in-progress state whose operation is no
longer alive: it is shown as Failed, and delete removes everything the intent names, idempotently.
An operation is alive while the lock of its source is held on the machine that runs it (locks.py);
an operation started on another machine is taken as alive until its lease expires.
"""
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Dict, Mapping, NamedTuple, Optional, Tuple

RECORD_PREFIX = 'AZEXT_CONNECTION_'
RECORD_VERSION = 2          # 2: state, operation, identity_change, planned
SUCCEEDED, FAILED = 'Succeeded', 'Failed'
IN_PROGRESS = {'create': 'Creating', 'update': 'Updating', 'delete': 'Deleting'}
LEASE = timedelta(minutes=30)   # longest a command may run; an operation of another machine older than this is dead
_REQUIRED = ('name', 'target', 'target_id', 'auth', 'client_type')


@dataclass(frozen=True)
class RoleRef:
    """A role assignment the connection relies on; `owned` when this connection created it.

    In an intent, a grant to a system identity the plan itself enables has no principal yet: its
    `principal_id` is None and `id` is empty, and recovery derives both from the source's identity."""
    id: str
    role_definition_id: str
    scope: str
    principal_id: Optional[str]
    owned: bool


@dataclass(frozen=True)
class FirewallRef:
    """Addresses this connection added to a target's IP rules."""
    resource_id: str
    ips: Tuple[str, ...]


@dataclass(frozen=True)
class DatabaseUserRef:
    """The database user a passwordless connection made for its principal (inside the engine, not ARM)."""
    server_id: str
    database: str
    name: str
    principal_id: Optional[str]      # None in an intent whose plan enables the identity that gets it
    owned: bool


@dataclass(frozen=True)
class Operation:
    """The command working on a connection, while its record is in progress."""
    id: str
    verb: str                    # create, update or delete
    started_at: str
    lockspace: str               # the machine + az configuration directory it runs in (locks.LockSpace.id)

    @property
    def expires_at(self):
        return _iso(_parse(self.started_at) + LEASE)


@dataclass(frozen=True)
class IdentityChange:
    """The identity an in-progress plan adds to the source, and the identity types before it."""
    identity_id: Optional[str]   # None: the system-assigned identity
    prior_types: Tuple[str, ...]


@dataclass(frozen=True)
class Record:  # pylint: disable=too-many-instance-attributes  # one per field of a stored record
    name: str
    source_id: str
    target: str                         # target type (CLI token)
    target_id: str
    auth: dict                          # authType plus clientId/subscriptionId/principalId, no secrets
    client_type: str
    settings: Tuple[str, ...]           # setting keys this connection owns
    values: dict                        # non-secret values of those keys, for validate
    roles: Tuple[RoleRef, ...] = ()
    firewall: Tuple[FirewallRef, ...] = ()
    identity_id: Optional[str] = None   # user-assigned identity resource id, for user identity auth
    version: int = RECORD_VERSION
    created_at: str = ''
    updated_at: str = ''
    state: str = SUCCEEDED              # or Creating / Updating / Deleting while a command works on it
    operation: Optional[Operation] = None
    identity_change: Optional[IdentityChange] = None
    planned: Tuple[str, ...] = field(default_factory=tuple)   # the in-progress plan, as a person reads it
    scope: dict = field(default_factory=dict)    # the part of the source it configures: {'container': 'web'}
    target_props: dict = field(default_factory=dict)   # what the user gave about a target outside ARM (no secret)
    opt_out: Tuple[str, ...] = ()       # the --opt-out steps (OptOut values) the connection leaves to the user
    database_user: Optional[DatabaseUserRef] = None   # a passwordless database connection's user

    @property
    def connection_id(self):
        return connection_id(self.source_id, self.name)

    @property
    def in_progress(self):
        return self.state != SUCCEEDED

    def opted_out(self, step):
        """Whether the user opted out of `step` (a matrix OptOut) for this connection."""
        return step.value in self.opt_out

    def to_json(self):
        data = asdict(self)
        data.pop('source_id')           # the record sits on its source: the id is known when read
        if not data['target_props']:
            data.pop('target_props')    # only targets outside ARM have any: other records stay as they were
        if not data['opt_out']:
            data.pop('opt_out')         # likewise: a connection without --opt-out is recorded as before
        if data['database_user'] is None:
            data.pop('database_user')   # likewise: only passwordless database connections have one
        return json.dumps(data, sort_keys=True, separators=(',', ':'))

    @classmethod
    def from_json(cls, text, source_id):
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError('not a JSON object')
        version = data.get('version', 1)
        if not isinstance(version, int) or version > RECORD_VERSION:
            raise ValueError(f'written by a newer version of the extension (record version {version}); '
                             'upgrade with `az extension update --name connection`')
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise ValueError(f"not a connection record of this extension (no {', '.join(missing)})")
        data['source_id'] = source_id
        data['settings'] = tuple(data.get('settings') or ())
        data['roles'] = tuple(RoleRef(**r) for r in data.get('roles') or ())
        data['firewall'] = tuple(FirewallRef(f['resource_id'], tuple(f['ips'])) for f in data.get('firewall') or ())
        data['operation'] = Operation(**data['operation']) if data.get('operation') else None
        change = data.get('identity_change')
        data['identity_change'] = (IdentityChange(change['identity_id'], tuple(change['prior_types']))
                                   if change else None)
        data['planned'] = tuple(data.get('planned') or ())
        data['opt_out'] = tuple(data.get('opt_out') or ())
        data['database_user'] = DatabaseUserRef(**data['database_user']) if data.get('database_user') else None
        known = set(cls.__dataclass_fields__)  # pylint: disable=no-member
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_changes(self, **changes):
        return replace(self, **changes)

    def provisioning_state(self, lock_is_free, now=None):
        """Succeeded; the in-progress state while its operation may still be running; else Failed."""
        if not self.in_progress:
            return SUCCEEDED
        return FAILED if self.operation_is_dead(lock_is_free, now) else self.state

    def operation_is_dead(self, lock_is_free, now=None):
        """`lock_is_free(lockspace_id)`: whether the source's lock is free in that lockspace, when it is
        this machine's; None for another machine's (then only the lease tells)."""
        op = self.operation
        if op is None:
            return True
        free = lock_is_free(op.lockspace)
        if free is not None:
            return free
        return (now or datetime.now(timezone.utc)) > _parse(op.expires_at)


class Unreadable(NamedTuple):
    """A record entry this version cannot read; it is reported and never overwritten without --force."""
    key: str
    name: str
    reason: str


_NO_TEXTS = MappingProxyType({})    # read-only, so every RecordSet can share it as a default


class RecordSet(NamedTuple):
    records: Dict[str, Record]          # by lower-cased connection name
    unreadable: Dict[str, Unreadable]   # by lower-cased connection name
    texts: Mapping[str, str] = _NO_TEXTS  # every entry as stored, by lower-cased connection name

    def get(self, name):
        return self.records.get(name.lower())

    def others(self, name):
        return {k: r for k, r in self.records.items() if k != name.lower()}


class Unchanged(NamedTuple):
    """Expectation for a record entry about to be written: it holds exactly `text` (None: absent)."""
    text: Optional[str]

    def __call__(self, current):
        return current == self.text


class StillInProgress(NamedTuple):
    """Expectation: the entry still holds an in-progress record in `state` (this command's intent).
    Compared by state rather than text: a record read back can differ from the one written in
    timestamps and, through a recording proxy, in names."""
    state: str

    def __call__(self, current):
        return _readable(current) is not None and _readable(current).state == self.state


class StillThere(NamedTuple):
    """Expectation: the entry still holds a record this version reads (a connection taking over a piece)."""

    def __call__(self, current):
        return _readable(current) is not None


def _readable(text):
    try:
        return Record.from_json(text, '') if text is not None else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def connection_id(source_id, name):
    return f'{source_id}/providers/Microsoft.ServiceLinker/linkers/{name}'


def record_key(name):
    return RECORD_PREFIX + name


def read_records(metadata, source_id):
    """Every record entry in a source's metadata, read or explained."""
    records, unreadable, texts = {}, {}, {}
    for key, text in (metadata or {}).items():
        if not key.upper().startswith(RECORD_PREFIX):
            continue
        name = key[len(RECORD_PREFIX):]
        texts[name.lower()] = text
        try:
            record = Record.from_json(text, source_id)
            if record.name.lower() != name.lower():
                raise ValueError(f"it names connection '{record.name}'")
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            reason = f'invalid JSON ({error.msg})' if isinstance(error, json.JSONDecodeError) else str(error)
            unreadable[name.lower()] = Unreadable(key, name, reason or type(error).__name__)
            continue
        records[name.lower()] = record
    return RecordSet(records, unreadable, texts)


def records_in(metadata, source_id):
    """The readable records, keyed by lower-cased name."""
    return read_records(metadata, source_id).records


def record_entry(metadata, name):
    """The metadata key that holds connection `name` (keys compare case-insensitively), or None."""
    wanted = record_key(name).lower()
    return next((k for k in (metadata or {}) if k.lower() == wanted), None)


def now_iso():
    return _iso(datetime.now(timezone.utc))


def _iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def _parse(text):
    return datetime.strptime(text, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=timezone.utc)
