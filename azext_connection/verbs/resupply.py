"""Secure values a full PUT of a container group must send again: ARM never returns them, so the
ones connections of this extension wrote are read again from their targets (a key, a connection
string). A value no connection can read again (a service principal's secret, a user's password) is
an error before anything changes."""
from azure.cli.core.azclierror import ValidationError

from ..adapters import spec_of, target_adapter
from ..matrix import AuthType, ClientType, Value
from ..matrix.targets import TARGETS


def resupply(session, pool, adapter, state, records, *, leaving=None):
    """Fill `adapter.secure_values` for the hidden settings of every container; `leaving` is the
    connection whose own settings this command removes or rewrites (they need no value)."""
    hidden = adapter.hidden_settings(state) if hasattr(adapter, 'hidden_settings') else {}
    wanted = []
    for container, names in hidden.items():
        for name in names:
            owner = next((r for r in records.records.values() if name in r.settings
                          and r.scope.get('container', container) == container), None)
            if owner is not None and leaving is not None and owner.name.lower() == leaving.lower():
                continue
            if owner is None or AuthType(owner.auth['authType']) is not AuthType.SECRET:
                raise ValidationError(
                    f"Container {container} of {state.ref.name} has a secure environment variable {name} that "
                    + (f"connection '{owner.name}' wrote from a secret it cannot read again" if owner else
                       'no connection of this extension owns')
                    + ": ARM never returns its value, and every change to a container group is a full PUT that "
                      "would lose it. Remove the variable (or that connection), then run the command again.")
            wanted.append((container, name, owner))
    futures = [(container, name, pool.submit(_read_again, session, owner, name)) for container, name, owner in wanted]
    for container, name, future in futures:
        adapter.secure_values.setdefault(container, {})[name] = future.result()


def _read_again(session, record, key):
    target = target_adapter(TARGETS[record.target])
    state = target.read(session.arm, record.target_id)
    spec = spec_of(TARGETS[record.target], target, state)
    values = {**target.plain_values(state),
              **target.secret_values(state, target.read_secrets(session.arm, record.target_id))}
    naming = spec.naming_for(AuthType.SECRET, ClientType(record.client_type))
    for setting in naming.settings:
        if key == setting.name or (key.startswith(spec.prefix) and key.endswith('_' + setting.name)):
            if isinstance(setting.value, Value) and setting.value in values:
                return values[setting.value]
            if not isinstance(setting.value, Value):
                try:
                    return setting.value.render(values.__getitem__)
                except KeyError:
                    break
    raise ValidationError(f"The value of {key} (connection '{record.name}') cannot be read again from its target.")
