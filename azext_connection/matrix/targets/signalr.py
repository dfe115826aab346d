"""SignalR and Web PubSub (how-to-integrate-signalr, how-to-integrate-web-pubsub). Both are
Microsoft.SignalRService resources with no IP rules (network ACLs are per request type): a service
that denies public access is refused, one that allows it needs nothing opened. SignalR writes one
connection string whatever the auth (the auth is inside it); Web PubSub writes a host and the usual
identity settings, or the key's connection string."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, RoleGrant, Setting, Template, TargetSpec
from .common import TG, connection_string, id_template, identity_namings


def _service(name, display, type_segment, arg, prefix, *, role, naming):
    return TargetSpec(
        name=name,
        display=display,
        resource_type=f'Microsoft.SignalRService/{type_segment}',
        id_template=id_template(f'Microsoft.SignalRService/{type_segment}/{{{arg.dest}}}'),
        args=(TG, arg),
        auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
        default_auth=A.SYSTEM_IDENTITY,
        roles=(role,),
        network=Network(NetworkKind.PUBLIC_ACCESS),
        prefix=prefix,
        naming=naming,
        adapter='signalr',
    )


# The docs list .NET only (the SignalR server SDK), with dotnet-internal and none named alike.
_SIGNALR_CLIENTS = (C.DOTNET, C.DOTNET_INTERNAL, C.NONE)
_AAD = 'Endpoint={ENDPOINT};AuthType=aad;'


def _signalr_string(auth, value):
    return Naming(auth, _SIGNALR_CLIENTS, (Setting('CONNECTIONSTRING', value, 'connection string'),))


SIGNALR = _service(
    'signalr', 'SignalR', 'SignalR',
    ArgSpec('signalr', ('--signalr',), 'Name of the signalr service.', placeholder='MySignalR'),
    'AZURE_SIGNALR',
    role=RoleGrant('SignalR App Server', '420fcaa2-552c-430f-98ca-3264be4806c7'),
    naming=(
        _signalr_string(A.SYSTEM_IDENTITY, Template(_AAD + 'Version=1.0;')),
        _signalr_string(A.USER_IDENTITY, Template(_AAD + 'client-id={CLIENT_ID};Version=1.0;')),
        _signalr_string(A.SERVICE_PRINCIPAL, Template(
            _AAD + 'ClientId={CLIENT_ID};ClientSecret={CLIENT_SECRET};TenantId={TENANT_ID};Version=1.0;')),
        # listKeys' own primaryConnectionString: Endpoint=https://<host>;AccessKey=<key>;Version=1.0;
        _signalr_string(A.SECRET, V.CONNECTION_STRING),
    ))

_WEBPUBSUB_CLIENTS = (C.DOTNET, C.DOTNET_INTERNAL, C.JAVA, C.PYTHON, C.NODEJS, C.NONE)

WEBPUBSUB = _service(
    'webpubsub', 'Web PubSub', 'WebPubSub',
    ArgSpec('webpubsub', ('--webpubsub',), 'Name of the webpubsub service.', placeholder='MyWebPubSub'),
    'AZURE_WEBPUBSUB',
    role=RoleGrant('Web PubSub Service Owner', '12cf5a90-567b-43ae-8102-96cf46c7d9b4'),
    naming=(identity_namings(_WEBPUBSUB_CLIENTS, Setting('HOST', V.HOST, 'host name'))
            + (connection_string(_WEBPUBSUB_CLIENTS),)))
