"""Source adapter for web apps (Microsoft.Web/sites and their slots)."""
from dataclasses import dataclass

from ..arm import ResourceRef

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

    def attached_user_identity_by_client_id(self, client_id):
        for key, value in (self.identity.get('userAssignedIdentities') or {}).items():
            if (value or {}).get('clientId', '').lower() == client_id.lower():
                return key, value
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

    @staticmethod
    def read(arm, ref, pool):
        """Read the site, its app settings and its metadata concurrently."""
        site = pool.submit(arm.get_site, ref)
        settings = pool.submit(arm.list_app_settings, ref)
        metadata = pool.submit(arm.list_metadata, ref)
        return SourceState(ref, site.result(), settings.result(), metadata.result())

    @staticmethod
    def read_site(arm, ref):
        return arm.get_site(ref)

    @staticmethod
    def set_identity(arm, ref, identity_type, user_identities=None):
        """PATCH the site's identity; `user_identities` maps id -> {} to add or None to remove."""
        body = {'identity': {'type': identity_type}}
        if user_identities:
            body['identity']['userAssignedIdentities'] = user_identities
        return arm.patch_site(ref, body)

    @staticmethod
    def read_settings(arm, ref):
        return arm.list_app_settings(ref)

    @staticmethod
    def write_settings(arm, ref, settings):
        return arm.put_app_settings(ref, settings)

    @staticmethod
    def read_metadata(arm, ref):
        return arm.list_metadata(ref)

    @staticmethod
    def write_metadata(arm, ref, metadata):
        return arm.put_metadata(ref, metadata)
