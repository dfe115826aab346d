"""A string that never prints itself. Secrets travel through plans and receipts wrapped in it, so a
plan, a log line or an error message can only ever show the mask. (The module is not called
`secrets` so that it never shadows the standard library's.)"""

MASK = '<hidden>'


class Secret:
    __slots__ = ('_value',)

    def __init__(self, value):
        self._value = value

    def reveal(self):
        return self._value

    def __repr__(self):
        return MASK

    __str__ = __repr__

    def __eq__(self, other):
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self):
        return hash(self._value)


def reveal(value):
    """The plain value of a Secret, or the value itself."""
    return value.reveal() if isinstance(value, Secret) else value
