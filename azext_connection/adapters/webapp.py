"""Source adapter for App Service sites: web apps and function apps (Microsoft.Web/sites and slots).

Connections write app settings; records live in the site's `config/metadata`, which the app does not
see as environment variables. Both are string dictionaries App Service replaces whole on PUT."""
from dataclasses import dataclass

from ..engine.documents import Snapshot, plain
from .identity import IdentityOfResource, attached_identity

_STACKS = (  # runtime stack prefixes (linuxFxVersion or metadata CURRENT_STACK) -> client type
    ('python', 'python'), ('node', 'nodejs'), ('dotnet', 'dotnet'), ('aspnet', 'dotnet'),
    ('java', 'java'), ('tomcat', 'java'), ('jboss', 'java'), ('go', 'go'),
)
_WORKER_RUNTIMES = {  # FUNCTIONS_WORKER_RUNTIME -> client type
    'python': 'python', 'node': 'nodejs', 'dotnet': 'dotnet', 'dotnet-isolated': 'dotnet', 'java': 'java',
}


@dataclass
class SiteState(IdentityOfResource):
    """What one read of a site returned."""
    ref: object
    resource: dict
    settings: dict
    record_store: dict

    @property
    def outbound_ips(self):
        text = (self.resource.get('properties') or {}).get('outboundIpAddresses') or ''
        return tuple(sorted({ip.strip() for ip in text.split(',') if ip.strip()}))

    def detect_client_type(self):
        """The client type the runtime implies: a function app's worker runtime, else the stack."""
        runtime = (self.settings.get('FUNCTIONS_WORKER_RUNTIME') or '').lower()
        if runtime in _WORKER_RUNTIMES:
            return _WORKER_RUNTIMES[runtime]
        props = self.resource.get('properties') or {}
        stack = ((props.get('siteConfig') or {}).get('linuxFxVersion') or self.record_store.get('CURRENT_STACK')
                 or '').lower()
        return next((client for prefix, client in _STACKS if stack.startswith(prefix)), None)


class WebSiteSource:
    """Reads and writes a site's identity, app settings and metadata."""

    records_noun = 'metadata'
    _PATHS = {'settings': '/config/appsettings/list', 'records': '/config/metadata/list'}

    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def settings_noun(_scope):
        return 'app settings'

    def start_read(self, arm, ref, _scope, pool, parts):
        return {part: pool.submit(self._read_part, arm, ref, part) for part in parts}

    def _read_part(self, arm, ref, part):
        if part == 'resource':
            return arm.get(ref.id)
        return _dictionary(arm.post(ref.id + self._PATHS[part], trace=False))

    @staticmethod
    def finish_read(ref, _scope, results):
        return SiteState(ref, results.get('resource') or {}, results.get('settings') or {},
                         results.get('records') or {})

    @staticmethod
    def settings_values(_arm, state):
        return dict(state.settings)

    @staticmethod
    def client_paths(ref):
        return (ref.id,)

    @staticmethod
    def attached_identity(resource, client_id):
        return attached_identity(resource, client_id)

    @staticmethod
    def read_resource(arm, ref):
        return arm.get(ref.id)

    @staticmethod
    def set_identity(arm, ref, identity_type, user_identities=None):
        """PATCH the site's identity; `user_identities` maps id -> {} to add or None to remove."""
        body = {'identity': {'type': identity_type}}
        if user_identities:
            body['identity']['userAssignedIdentities'] = user_identities
        return arm.patch(ref.id, body)

    @staticmethod
    def settings_document(state):
        return SiteDictionary(state.ref, 'appsettings', 'app settings')

    @staticmethod
    def record_document(ref):
        return SiteDictionary(ref, 'metadata', 'metadata')

    @staticmethod
    def record_snapshot(state):
        return Snapshot(dict(state.record_store))

    def manual_identity_removal(self, ref, identity_id=None):
        where = f'-g {ref.resource_group} -n {ref.id.split("/sites/", 1)[1].split("/")[0]}' + (
            f' --slot {ref.child}' if '/slots/' in ref.id.lower() else '')
        what = f' --identities {identity_id}' if identity_id else ''
        return f'az {self.spec.name} identity remove {where}{what}'

    @staticmethod
    def check_scope(_state, _scope):
        return {}


class SiteDictionary:
    """A site's string dictionary (app settings, metadata): read with POST .../list, replaced whole
    with PUT. App Service offers no ETag on it, so writers rely on the verify-after-write."""

    def __init__(self, ref, name, noun):
        self.ref, self.name = ref, name
        self.label = f'{noun} of {ref.name}'

    def read(self, arm):
        return Snapshot(_dictionary(arm.post(f'{self.ref.id}/config/{self.name}/list', trace=False)))

    def write(self, arm, _snapshot, value):
        arm.put(f'{self.ref.id}/config/{self.name}', {'properties': plain(value)}, trace=False)


def _dictionary(result):
    return dict((result or {}).get('properties') or {})
