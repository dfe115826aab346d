"""Source adapter for container groups (Microsoft.ContainerInstance/containerGroups).

Connections write the environment variables of one container (--container, required when the group
has several); secret values as `secureValue`. ARM has no PATCH for a group's containers or identity:
every change is a full PUT of the group, which restarts its containers. Everything in it that is not
ours is written back unchanged, which needs the values ARM never returns on GET: a `secureValue` of
another connection is read again from that connection's target (resupply), and anything else hidden
(an image registry password, a secret volume, a file share key, a Log Analytics key, a secure variable
no connection owns) makes a change an error before anything is done. Records live in the group's tags.
"""
import copy
from dataclasses import dataclass, field

from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError, ValidationError

from ..engine.documents import Snapshot
from ..sensitive import Secret, reveal
from .base import Unreadable
from .identity import IdentityOfResource, attached_identity
from .tags import OneReadWithTagRecords


class Hidden(Unreadable):
    """A secure value ARM does not return; its name is known, its value is not."""


@dataclass
class ContainerGroupState(IdentityOfResource):
    ref: object
    resource: dict
    scope: dict
    record_store: dict
    settings: dict = field(default_factory=dict)

    @property
    def outbound_ips(self):
        ip = ((self.resource.get('properties') or {}).get('ipAddress') or {}).get('ip')
        return (ip,) if ip else ()

    @staticmethod
    def detect_client_type():
        return None

    @property
    def tags(self):
        return self.resource.get('tags') or {}


def containers(group):
    return (group.get('properties') or {}).get('containers') or []


def env_of(group, container):
    found = next((c for c in containers(group) if c.get('name') == container), None)
    out = {}
    for var in ((found or {}).get('properties') or {}).get('environmentVariables') or []:
        out[var['name']] = var['value'] if var.get('value') is not None else Hidden(var['name'])
    return out


def hidden_elsewhere(group):
    """What a full PUT would have to supply again and no connection can: named for the error."""
    props = group.get('properties') or {}
    found = [f"image registry password for {c.get('server')}" for c in props.get('imageRegistryCredentials') or []
             if not c.get('identity') and not c.get('password')]
    for volume in props.get('volumes') or []:
        if 'secret' in volume:
            found.append(f"secret volume {volume.get('name')}")
        if volume.get('azureFile') and not volume['azureFile'].get('storageAccountKey'):
            found.append(f"file share key of volume {volume.get('name')}")
    if ((props.get('diagnostics') or {}).get('logAnalytics') or {}).get('workspaceId'):
        found.append('Log Analytics workspace key')
    return found


class ContainerGroupSource(OneReadWithTagRecords):
    records_noun = 'tags'
    settings_note = 'the group is replaced whole: its containers restart'
    written_whole = True                 # identity, settings and tags are one document: one writer at a time

    def __init__(self, spec):
        self.spec = spec
        self.secure_values = {}          # {container: {name: Secret}} read again for the full PUT (resupply)

    def finish_read(self, ref, scope, results):
        group = results['resource']
        names = [c.get('name') for c in containers(group)]
        container = scope.get('container') or (names[0] if len(names) == 1 else None)
        state = ContainerGroupState(ref, group, {'container': container} if container else {},
                                    self.record_document(ref).from_tags(group.get('tags')))
        state.settings = env_of(group, container) if container else {}
        return state

    @staticmethod
    def settings_values(_arm, state):
        return dict(state.settings)          # secure values stay Hidden: ARM never returns them

    @staticmethod
    def client_paths(ref):
        return (ref.id, ref.id + '/providers/Microsoft.Resources/tags/default')

    @staticmethod
    def attached_identity(resource, client_id):
        return attached_identity(resource, client_id)

    @staticmethod
    def read_resource(arm, ref):
        return arm.get(ref.id)

    def set_identity(self, arm, ref, identity_type, user_identities=None):
        group = arm.get(ref.id)
        body = put_body(group, self.secure_values)
        body['identity'] = _identity_after(group, identity_type, user_identities)
        return arm.put(ref.id, body, trace=False, wait=True) or arm.get(ref.id)

    def settings_document(self, state):
        return GroupEnv(state.ref, state.scope['container'], self.secure_values)

    @staticmethod
    def manual_identity_removal(ref, _identity_id=None):
        return (f'export the group with `az container export -g {ref.resource_group} -n {ref.name} -f group.yaml`, '
                'remove the identity from the file and create the group again from it')

    @staticmethod
    def check_scope(state, scope):
        names = [c.get('name') for c in containers(state.resource)]
        given = scope.get('container')
        if given and given not in names:
            raise InvalidArgumentValueError(
                f"--container '{given}' is not a container of {state.ref.name}: it has {', '.join(names) or 'none'}.")
        if not given and len(names) != 1:
            raise RequiredArgumentMissingError(
                f"{state.ref.name} has {len(names)} containers ({', '.join(names)}): name the one to connect with "
                "--container.")
        hidden = hidden_elsewhere(state.resource)
        if hidden:
            raise ValidationError(
                f"Container group {state.ref.name} holds values ARM never returns ({', '.join(hidden)}). Every change "
                "to a container group is a full PUT that would have to supply them again, which this extension "
                "cannot: connect from a container app or a web app, or create the group with the connection's "
                "settings yourself.")
        return {'container': given or names[0]}

    @staticmethod
    def hidden_settings(state):
        """{container: [names]} of secure values ARM hides, for the verb to resupply."""
        out = {}
        for container in containers(state.resource):
            names = [k for k, v in env_of(state.resource, container.get('name')).items() if isinstance(v, Hidden)]
            if names:
                out[container.get('name')] = names
        return out


def _identity_after(group, identity_type, user_identities):
    current = copy.deepcopy(group.get('identity') or {})
    users = {k: {} for k in (current.get('userAssignedIdentities') or {})}
    for key, value in (user_identities or {}).items():
        if value is None:
            users.pop(key, None)
        else:
            users[key] = {}
    identity = {'type': identity_type}
    if 'UserAssigned' in identity_type and users:
        identity['userAssignedIdentities'] = users
    return identity


def put_body(group, secure_values):
    """The group as a full PUT must send it: as read, read-only parts dropped, every secure value
    supplied (from `secure_values`); an unknown one is an error before anything is sent."""
    props = copy.deepcopy(group.get('properties') or {})
    for key in ('provisioningState', 'instanceView'):
        props.pop(key, None)
    if props.get('ipAddress'):
        props['ipAddress'] = {k: v for k, v in props['ipAddress'].items() if k not in ('ip', 'fqdn')}
    for container in props.get('containers') or []:
        cprops = container.get('properties') or {}
        cprops.pop('instanceView', None)
        env = []
        for var in cprops.get('environmentVariables') or []:
            if var.get('value') is not None or 'secureValue' in var:
                env.append(var)
                continue
            value = (secure_values.get(container['name']) or {}).get(var['name'])
            if value is None:
                raise ValidationError(
                    f"Container {container['name']} has a secure environment variable {var['name']} no connection of "
                    "this extension can write again (ARM never returns its value), so the group cannot be updated "
                    "without losing it. Remove it, or create the group again with it and the connection's settings.")
            env.append({'name': var['name'], 'secureValue': reveal(value)})
        cprops['environmentVariables'] = env
    body = {'location': group.get('location'), 'tags': group.get('tags') or {}, 'properties': props}
    if group.get('identity'):
        body['identity'] = _identity_after(group, group['identity'].get('type') or 'None', None)
    return body


class GroupEnv:
    """One container's environment as a shared document, written with a full PUT of the group."""

    def __init__(self, ref, container, secure_values):
        self.ref, self.container, self.secure_values = ref, container, secure_values
        self.label = f'environment of container {container} of {ref.name}'

    def read(self, arm):
        group = arm.get(self.ref.id)
        known = self.secure_values.get(self.container) or {}
        value = {k: (known.get(k, v) if isinstance(v, Hidden) else v) for k, v in env_of(group, self.container).items()}
        return Snapshot(value, raw=group)

    def write(self, arm, snapshot, value):
        known = self.secure_values.setdefault(self.container, {})
        known.update({k: v for k, v in value.items() if isinstance(v, Secret)})   # so a read after sees them
        group = copy.deepcopy(snapshot.raw)
        for container in containers(group):
            if container.get('name') == self.container:
                container.setdefault('properties', {})['environmentVariables'] = [
                    {'name': k, 'secureValue': reveal(v)} if isinstance(v, Secret)
                    else ({'name': k} if isinstance(v, Hidden) else {'name': k, 'value': v})
                    for k, v in value.items()]
        arm.put(self.ref.id, put_body(group, self.secure_values), trace=False, wait=True)
