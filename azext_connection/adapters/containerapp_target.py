"""Target adapter for a container app as the target of another container app: one GET of the app,
whose ingress gives the address the source gets. Nothing is granted or opened (the connection carries
no auth); an app without ingress cannot be reached and is refused before anything changes."""
from azure.cli.core.azclierror import ValidationError

from ..matrix import Value
from .resource import ResourceTarget


def ingress_fqdn(state):
    return ((state.properties.get('configuration') or {}).get('ingress') or {}).get('fqdn')


class ContainerAppTarget(ResourceTarget):

    def plain_values(self, state):
        fqdn = ingress_fqdn(state)
        if not fqdn:
            raise ValidationError(
                f"Target container app {state.ref.name} has no ingress, so it has no address to connect to. Enable "
                f"it first: `az containerapp ingress enable -g {state.ref.resource_group} -n {state.ref.name} "
                "--type internal --target-port <port>` (or --type external).")
        return {Value.ENDPOINT: f'https://{fqdn}'}
