"""A container app as the target of another container app's connection (the core CLI's
containerapp-to-containerapp connection): no auth (the core CLI's auth type `null`, `authInfo: null`), no
role, no network change; the source gets the target's ingress address.

The docs have no page for it. The name comes from the real service: the recording of the core CLI's own
test `test_aca2aca_e2e` (azure-cli, serviceconnector/tests/latest/recordings/test_aca2aca_e2e.yaml) lists
the connection's configuration as one entry, AZURE_CONTAINERAPP_ENDPOINT (client type dotnet). The recording
hides its value; it is written here as https://<the target's ingress FQDN>
(properties.configuration.ingress.fqdn), and every client type the core CLI offers gets the same name (no
other client's names are known)."""
from ..kinds import AuthType as A, ClientType as C, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, Setting, TargetSpec
from .common import TG, id_template

_CLIENTS = (C.DOTNET, C.DOTNET_INTERNAL, C.JAVA, C.PYTHON, C.NODEJS, C.GO, C.PHP, C.RUBY, C.DJANGO, C.SPRING_BOOT,
            C.NONE)

CONTAINERAPP = TargetSpec(
    name='containerapp',
    display='Container App',
    resource_type='Microsoft.App/containerApps',
    id_template=id_template('Microsoft.App/containerApps/{target_app_name}'),
    args=(TG._replace(help='The resource group which contains the target container app.'),
          ArgSpec('target_app_name', ('--target-app-name',), 'Name of the target container app.',
                  placeholder='MyTargetContainerApp')),
    auth_types=(A.NONE,),
    default_auth=A.NONE,
    roles=(),
    network=Network(),
    prefix='AZURE_CONTAINERAPP',
    naming=(Naming(A.NONE, _CLIENTS, (Setting('ENDPOINT', V.ENDPOINT, 'ingress endpoint'),)),),
    adapter='containerapp-target',
    sources=('containerapp',),
)
