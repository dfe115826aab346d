"""Source adapter for web apps (Microsoft.Web/sites and their slots)."""
from dataclasses import dataclass

from ..arm import ResourceRef
from ..engine.documents import Snapshot

_STACKS = (  # runtime stack prefixes (linuxFxVersion or metadata CURRENT_STACK) -> client type
    ('python', 'python'), ('node', 'nodejs'), ('dotnet', 'dotnet'), ('aspnet', 'dotnet'),
    ('java', 'java'), ('tomcat', 'java'), ('jboss', 'java'), ('go', 'go'),
)


@dataclass
class SourceState:
    """What one read of the source returned; the planner's view of the source."""
    ref: ResourceRef
    site: dict
    settings: dict
    metadata: dict

    @property
    def identity(self):
        return self.site.get('identity') or {}

    @property
    def identity_types(self):
        kind = (self.identity.get('type') or 'None').replace(' ', '')
        return {t.lower() for t in kind.split(',') if t and t.lower() != 'none'}

    @property
    def system_principal(self):
        return self.identity.get('principalId') if 'systemassigned' in self.identity_types else None

    def user_identity(self, identity_id):
        """(clientId, principalId) of an attached user identity, or None."""
        for key, value in (self.identity.get('userAssignedIdentities') or {}).items():
            if key.lower() == identity_id.lower():
                return value or {}
        return None

    @property
    def outbound_ips(self):
        text = (self.site.get('properties') or {}).get('outboundIpAddresses') or ''
        return tuple(sorted({ip.strip() for ip in text.split(',') if ip.strip()}))

    def detect_client_type(self):
        """The client type implied by the runtime stack, or None when it says nothing."""
        props = self.site.get('properties') or {}
        stack = ((props.get('siteConfig') or {}).get('linuxFxVersion') or self.metadata.get('CURRENT_STACK') or '')
        stack = stack.lower()
        for prefix, client in _STACKS:
            if stack.startswith(prefix):
                return client
        return None


class WebAppSource:
    """Reads and writes a web app's identity, app settings and metadata (where records live)."""

    kind = 'webapp'

    arm_kind = 'web'
    _READERS = {'site': 'get_site', 'settings': 'list_app_settings', 'metadata': 'list_metadata'}

    @classmethod
    def start_read(cls, arm, ref, pool, parts):
        """Start reading the parts of the source a command needs, concurrently: {part: future}."""
        return {part: pool.submit(getattr(arm, cls._READERS[part]), ref) for part in parts}

    @staticmethod
    def attached_identity(site, client_id):
        """(resource id, principalId) of the user identity with `client_id` attached to the site, or None."""
        for key, value in ((site.get('identity') or {}).get('userAssignedIdentities') or {}).items():
            if (value or {}).get('clientId', '').lower() == client_id.lower():
                return key, value.get('principalId')
        return None

    @staticmethod
    def finish_read(ref, parts):
        return SourceState(ref, parts.get('site') or {}, parts.get('settings') or {}, parts.get('metadata') or {})

    @staticmethod
    def set_identity(arm, ref, identity_type, user_identities=None):
        """PATCH the site's identity; `user_identities` maps id -> {} to add or None to remove."""
        body = {'identity': {'type': identity_type}}
        if user_identities:
            body['identity']['userAssignedIdentities'] = user_identities
        return arm.patch_site(ref, body)

    @staticmethod
    def read_resource(arm, ref):
        return arm.get_site(ref)

    @staticmethod
    def settings_document(ref):
        return SiteDictionary(ref, 'appsettings', 'app settings')

    @staticmethod
    def record_document(ref):
        return SiteDictionary(ref, 'metadata', 'metadata')


class SiteDictionary:
    """A site's string dictionary (app settings, metadata): read with POST .../list, replaced whole
    with PUT. App Service offers no ETag on it, so writers rely on the verify-after-write."""

    def __init__(self, ref, name, noun):
        self.ref, self.name = ref, name
        self.label = f'{noun} of {ref.name}'

    def read(self, arm):
        return Snapshot(arm.site_dictionary(self.ref, self.name))

    def write(self, arm, snapshot, value):
        arm.site_dictionary(self.ref, self.name, value)
