"""Source adapter for container apps (Microsoft.App/containerApps).

Connections write the environment variables of one container (-c/--container, required only when the
app has several). A secret value never becomes a plain environment variable: it is an app secret the
variable references with `secretRef`. Changing a container's environment is a template change, so it
starts a new revision; the write waits (bounded) for Microsoft.App's long-running operation. Records
live in the app's tags (tags.py): a new revision, or a deployment that leaves tags alone, keeps them.
One GET of the app serves the resource, its settings and its records."""
import copy
import re
from dataclasses import dataclass, field

from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError

from ..engine.documents import Snapshot
from ..sensitive import Secret, reveal
from .identity import IdentityOfResource, attached_identity
from .tags import OneReadWithTagRecords


@dataclass
class ContainerAppState(IdentityOfResource):
    ref: object
    resource: dict
    scope: dict
    record_store: dict
    settings: dict = field(default_factory=dict)

    @property
    def outbound_ips(self):
        return tuple(sorted((self.resource.get('properties') or {}).get('outboundIpAddresses') or ()))

    @staticmethod
    def detect_client_type():
        return None                  # an image says nothing reliable about its stack

    @property
    def tags(self):
        return self.resource.get('tags') or {}


def containers(app):
    return ((app.get('properties') or {}).get('template') or {}).get('containers') or []


def env_of(app, container):
    """{name: value} of a container's environment; a secretRef variable's value is the secret's name
    wrapped in SecretRef until its value is read."""
    found = next((c for c in containers(app) if c.get('name') == container), None)
    out = {}
    for entry in (found or {}).get('env') or []:
        out[entry['name']] = SecretRef(entry['secretRef']) if entry.get('secretRef') else entry.get('value', '')
    return out


class SecretRef(str):
    """A variable that references an app secret (by name); its value is read with listSecrets."""


def secret_name(key):
    """The app secret that holds the value of variable `key`: Microsoft.App allows lower-case
    letters, digits and '-' only."""
    return re.sub(r'-+', '-', re.sub(r'[^a-z0-9]', '-', key.lower())).strip('-')


class ContainerAppSource(OneReadWithTagRecords):
    records_noun = 'tags'
    settings_note = 'a new revision of the app is created'
    serial_writes = True      # Microsoft.App answers 409 ContainerAppLockConflict to a change made during another

    def __init__(self, spec):
        self.spec = spec

    def finish_read(self, ref, scope, results):
        app = results['resource']
        container = scope.get('container') or _only_container(app)
        state = ContainerAppState(ref, app, {'container': container} if container else {},
                                  self.record_document(ref).from_tags(app.get('tags')))
        state.settings = env_of(app, container) if container else {}
        return state

    @staticmethod
    def settings_values(arm, state):
        if not any(isinstance(v, SecretRef) for v in state.settings.values()):
            return dict(state.settings)
        listed = arm.post(state.ref.id + '/listSecrets', trace=False) or {}
        secrets = {s['name']: s.get('value') for s in listed.get('value') or []}
        return {k: secrets.get(v) if isinstance(v, SecretRef) else v for k, v in state.settings.items()}

    @staticmethod
    def client_paths(ref):
        return (ref.id, ref.id + '/providers/Microsoft.Resources/tags/default')

    @staticmethod
    def attached_identity(resource, client_id):
        return attached_identity(resource, client_id)

    @staticmethod
    def read_resource(arm, ref):
        return arm.get(ref.id)

    @staticmethod
    def set_identity(arm, ref, identity_type, user_identities=None):
        body = {'identity': {'type': identity_type}}
        if user_identities:
            body['identity']['userAssignedIdentities'] = user_identities
        return arm.patch(ref.id, body, wait=True) or arm.get(ref.id)

    @staticmethod
    def settings_document(state):
        return ContainerEnv(state.ref, state.scope['container'])

    @staticmethod
    def manual_identity_removal(ref, identity_id=None):
        what = f'--user-assigned {identity_id}' if identity_id else '--system-assigned'
        return f'az containerapp identity remove -g {ref.resource_group} -n {ref.name} {what}'

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
                "-c/--container.")
        return {'container': given or names[0]}


def _only_container(app):
    names = [c.get('name') for c in containers(app)]
    return names[0] if len(names) == 1 else None


class ContainerEnv:
    """The environment of one container as a shared document: {name: value}, secret values as Secret
    (read from the app's secrets). Written with one PATCH of the app's containers (and its secrets,
    when a secret changes), then waited for: it starts a new revision."""

    def __init__(self, ref, container):
        self.ref, self.container = ref, container
        self.label = f'environment of container {container} of {ref.name}'

    def read(self, arm):
        app = arm.get(self.ref.id)
        env = env_of(app, self.container)
        secrets = {}
        if (app.get('properties') or {}).get('configuration', {}).get('secrets'):
            listed = arm.post(self.ref.id + '/listSecrets', trace=False) or {}
            secrets = {s['name']: s.get('value') for s in listed.get('value') or []}
        value = {k: Secret(secrets.get(v)) if isinstance(v, SecretRef) else v for k, v in env.items()}
        return Snapshot(value, raw=(app, secrets, env))

    def write(self, arm, snapshot, value):
        app, secrets, env = snapshot.raw
        secrets = dict(secrets)
        entries = []
        for name in list(env) + [k for k in value if k not in env]:
            if name not in value:
                if isinstance(env.get(name), SecretRef) and env[name] == secret_name(name):
                    secrets.pop(env[name], None)     # ours: the variable goes, so does its secret
                continue
            if name in env and value[name] == snapshot.value.get(name):
                entries.append(_entry(name, env[name]))        # untouched: exactly as it was
                continue
            if isinstance(value[name], Secret):
                secrets[secret_name(name)] = reveal(value[name])
                entries.append({'name': name, 'secretRef': secret_name(name)})
            else:
                if isinstance(env.get(name), SecretRef) and env[name] == secret_name(name):
                    secrets.pop(env[name], None)
                entries.append({'name': name, 'value': value[name]})
        template = copy.deepcopy(containers(app))
        for container in template:
            if container.get('name') == self.container:
                container['env'] = entries
        body = {'properties': {'template': {'containers': template}}}
        if secrets != snapshot.raw[1]:
            body['properties']['configuration'] = {'secrets': _secrets_body(app, secrets)}
        arm.patch(self.ref.id, body, trace=False, wait=True)


def _entry(name, value):
    return {'name': name, 'secretRef': str(value)} if isinstance(value, SecretRef) else {'name': name, 'value': value}


def _secrets_body(app, values):
    """Every secret of the app, with its value: a PATCH that names secrets replaces them all. Key Vault
    references are sent back as they are (their value is not the app's to give)."""
    kept = {s['name']: s for s in ((app.get('properties') or {}).get('configuration') or {}).get('secrets') or []}
    out = []
    for name, value in values.items():
        entry = {k: v for k, v in kept.get(name, {}).items() if v is not None}
        entry['name'] = name
        if not entry.get('keyVaultUrl'):
            entry['value'] = value
        out.append(entry)
    return out
