"""What many target records share: the target resource group argument, the SDK client list, and the
names every SDK client gets for identity auth and for a connection string."""
from ..kinds import AuthType as A, ClientType as C, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Setting

# `none` gets the generic names every SDK client gets; the core CLI offers it for every target.
SDK_CLIENTS = (C.DOTNET, C.JAVA, C.NODEJS, C.PYTHON, C.NONE)
TG = ArgSpec('target_resource_group', ('--target-resource-group', '--tg'),
             'The resource group which contains the target resource.', placeholder='TargetResourceGroup')
ENDPOINT = Setting('RESOURCEENDPOINT', V.ENDPOINT, 'endpoint')


def id_template(provider_path):
    return '/subscriptions/{subscription}/resourceGroups/{target_resource_group}/providers/' + provider_path


def identity_namings(clients, endpoint=ENDPOINT):
    """The settings every SDK client gets for the three identity-based auth types."""
    client_id = Setting('CLIENTID', V.CLIENT_ID, 'client id')
    return (
        Naming(A.SYSTEM_IDENTITY, clients, (endpoint,)),
        Naming(A.USER_IDENTITY, clients, (endpoint, client_id)),
        Naming(A.SERVICE_PRINCIPAL, clients, (endpoint, client_id,
                                              Setting('CLIENTSECRET', V.CLIENT_SECRET, 'client secret'),
                                              Setting('TENANTID', V.TENANT_ID, 'tenant id'))),
    )


def connection_string(clients):
    return Naming(A.SECRET, clients, (Setting('CONNECTIONSTRING', V.CONNECTION_STRING, 'connection string'),))


def literal(auth, clients, *settings):
    """Names used as written (Spring Boot properties): no prefix, no connection part."""
    return Naming(auth, clients, tuple(Setting(name, value) for name, value in settings), literal=True)
