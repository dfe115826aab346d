"""The connection record: what a connection owns, stored on the source itself.

For web apps the record lives in the site's `config/metadata` (the app does not see metadata as
environment variables), one entry per connection under `AZEXT_CONNECTION_<name>`, as JSON. It lists
the setting keys the connection wrote, the role assignments it created (and those it only relies
on), and the firewall addresses it added, so delete can remove exactly that from any machine.
Secret values are never stored: `values` holds only the non-secret settings.
"""
import json
from dataclasses import asdict, dataclass, replace
from typing import Optional, Tuple

RECORD_PREFIX = 'AZEXT_CONNECTION_'
RECORD_VERSION = 1


@dataclass(frozen=True)
class RoleRef:
    """A role assignment the connection relies on; `owned` when this connection created it."""
    id: str
    role_definition_id: str
    scope: str
    principal_id: str
    owned: bool


@dataclass(frozen=True)
class FirewallRef:
    """Addresses this connection added to a target's IP rules."""
    resource_id: str
    ips: Tuple[str, ...]


@dataclass(frozen=True)
class Record:
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

    @property
    def connection_id(self):
        return connection_id(self.source_id, self.name)

    def to_json(self):
        return json.dumps(asdict(self), sort_keys=True, separators=(',', ':'))

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        data['settings'] = tuple(data.get('settings') or ())
        data['roles'] = tuple(RoleRef(**r) for r in data.get('roles') or ())
        data['firewall'] = tuple(FirewallRef(f['resource_id'], tuple(f['ips'])) for f in data.get('firewall') or ())
        known = {f for f in cls.__dataclass_fields__}  # pylint: disable=no-member
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_changes(self, **changes):
        return replace(self, **changes)


def connection_id(source_id, name):
    return f'{source_id}/providers/Microsoft.ServiceLinker/linkers/{name}'


def metadata_key(name):
    return RECORD_PREFIX + name


def records_in(metadata, source_id):
    """All connection records in a source's metadata, keyed by lower-cased name."""
    records = {}
    for key, text in (metadata or {}).items():
        if key.upper().startswith(RECORD_PREFIX):
            try:
                record = Record.from_json(text)
            except (ValueError, TypeError, KeyError):
                continue   # not ours or damaged; never guess at ownership
            records[record.name.lower()] = record.with_changes(source_id=source_id)
    return records


def metadata_entry(metadata, name):
    """The metadata key that holds connection `name` (keys compare case-insensitively), or None."""
    wanted = metadata_key(name).lower()
    return next((k for k in (metadata or {}) if k.lower() == wanted), None)
