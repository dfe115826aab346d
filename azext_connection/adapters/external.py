"""The target adapter of every target outside Azure Resource Manager (Confluent Cloud, Neon, MongoDB Atlas,
a Fabric SQL database: matrix.target_specs.External). It sends no request: the state is what the user
gave, the parts of the target id (built from the target's arguments) and the properties given with it
(Fabric's server and database, kept in the record). Nothing is granted or opened; the user's own secret
comes with the auth. What can be checked without a resource is the id's form: read() refuses an id its
record's template does not describe, or an address outside the domain an argument requires."""
import re
from dataclasses import dataclass, field, replace
from typing import Dict

from ..matrix import Value
from .network import NetworkView


@dataclass
class ExternalState:
    """What the user gave about a target outside ARM."""
    target_id: str
    fields: Dict[str, str] = field(default_factory=dict)   # id placeholders and given properties, by name
    ref: object = None          # no ARM resource

    @property
    def properties(self):
        return {}


def _pattern(template):
    """A regex for a target id template: a lone placeholder takes the whole id (an address with slashes),
    others one path segment each."""
    whole = re.fullmatch(r'\{(\w+)\}', template)
    if whole:
        return re.compile(f'^(?P<{whole.group(1)}>.+)$')
    return re.compile('^' + re.sub(r'\\{(\w+)\\}', r'(?P<\1>[^/]+)', re.escape(template)) + '$', re.IGNORECASE)


class ExternalTarget:
    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def resource_id(target_id):
        return target_id

    def read(self, arm, target_id):  # pylint: disable=unused-argument
        """The target as the id describes it (no request). ValueError for an id of another form."""
        match = _pattern(self.spec.id_template).match(target_id or '')
        if not match:
            raise ValueError(f"'{target_id}' is not a {self.spec.display} address: expected {self.spec.id_template}")
        for arg in self.spec.args:
            if arg.contains and arg.contains not in match.group(arg.dest).lower():
                raise ValueError(f"'{match.group(arg.dest)}' ({arg.options[0]}) is not in {arg.contains}")
        return ExternalState(target_id, dict(match.groupdict()))

    @staticmethod
    def given(state, props):
        """The state with the properties the user gave (or the record kept) added."""
        return replace(state, fields={**state.fields, **(props or {})})

    def plain_values(self, state):
        values = {value: state.fields[key] for value, key in self.spec.external.given if key in state.fields}
        if Value.HOST in values:     # a host name alone: the values add the protocol and port they need
            values[Value.HOST] = re.sub(r'(?i)^tcp:|,\s*\d+$', '', values[Value.HOST].strip())
        return values

    @staticmethod
    def login_name(state, user):  # pylint: disable=unused-argument
        return user

    @staticmethod
    def read_secrets(arm, target_id):  # pylint: disable=unused-argument
        return {}                      # the secret is the user's own, given with the auth

    @staticmethod
    def secret_values(state, raw):  # pylint: disable=unused-argument
        return {}

    @staticmethod
    def network(state):  # pylint: disable=unused-argument
        return NetworkView(public_disabled=False, restricted=False, ips=())

    @staticmethod
    def network_document(ref):  # pylint: disable=unused-argument
        return None

    def target_check(self, target_id):
        """validate's item about the target: its form only, as nothing outside ARM is read."""
        return ('target', f'Target {target_id} is a {self.spec.display} address (outside Azure Resource Manager: '
                          'whether it exists and the credentials work is not checked)')
