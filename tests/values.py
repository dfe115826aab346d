"""What a connection writes, rendered for value tests: each setting's name as the planner forms it for a
connection without a name suffix, and its value looked up (a Value) or rendered (a Template)."""
from azext_connection.matrix import Value


def written(spec, auth, client, lookup):
    """{setting name: value} of (spec, auth, client), values taken from `lookup` (Value -> value)."""
    naming = spec.naming_for(auth, client)
    return {(s.name if naming.literal else f'{spec.prefix}_{s.name}'):
            (lookup[s.value] if isinstance(s.value, Value) else s.value.render(lookup.__getitem__))
            for s in naming.settings}


def written_value(spec, auth, client, lookup, key):
    """One setting's value, or an AssertionError naming what the naming lacks."""
    settings = written(spec, auth, client, lookup)
    if key not in settings:
        raise AssertionError(f'{spec.name} {client.value}: no setting {key}; it writes {sorted(settings)}')
    return settings[key]
