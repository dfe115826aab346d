"""Service Bus and Event Hubs (how-to-integrate-service-bus, how-to-integrate-event-hubs). A connection
reaches the namespace; its secret is the namespace's RootManageSharedAccessKey connection string."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Network, RoleGrant, Setting, TargetSpec
from .common import SDK_CLIENTS, TG, connection_string, id_template, identity_namings, literal

_NAMESPACE = ArgSpec('namespace', ('--namespace',), 'Name of the namespace.', placeholder='MyNamespace')
_CLIENTS = SDK_CLIENTS + (C.GO,)
_FQNS = Setting('FULLYQUALIFIEDNAMESPACE', V.HOST, 'fully qualified namespace')


def _namespace(name, display, provider, prefix, role, *, spring):
    return TargetSpec(
        name=name,
        display=display,
        resource_type=f'{provider}/namespaces',
        id_template=id_template(provider + '/namespaces/{namespace}'),
        args=(TG, _NAMESPACE),
        auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
        default_auth=A.SYSTEM_IDENTITY,
        roles=(role,),
        network=Network(NetworkKind.IP_RULES),
        prefix=prefix,
        naming=identity_namings(_CLIENTS, _FQNS) + (connection_string(_CLIENTS),) + spring,
        adapter='messaging',
    )


_SB = 'spring.cloud.azure.servicebus'
SERVICEBUS = _namespace(
    'servicebus', 'Service Bus', 'Microsoft.ServiceBus', 'AZURE_SERVICEBUS',
    RoleGrant('Azure Service Bus Data Owner', '090c5cfd-751d-490a-894a-3ce6f1109419'),
    spring=(
        literal(A.SECRET, (C.SPRING_BOOT,), (f'{_SB}.connection-string', V.CONNECTION_STRING)),
        literal(A.SYSTEM_IDENTITY, (C.SPRING_BOOT,), (f'{_SB}.namespace', V.RESOURCE_NAME)),
        literal(A.USER_IDENTITY, (C.SPRING_BOOT,), (f'{_SB}.namespace', V.RESOURCE_NAME),
                ('spring.cloud.azure.client-id', V.CLIENT_ID)),
        literal(A.SERVICE_PRINCIPAL, (C.SPRING_BOOT,), (f'{_SB}.namespace', V.RESOURCE_NAME),
                ('spring.cloud.azure.client-id', V.CLIENT_ID), ('spring.cloud.azure.tenant-id', V.TENANT_ID),
                ('spring.cloud.azure.client-secret', V.CLIENT_SECRET)),
    ))

# Spring Cloud Azure 4.0+ (`eventhubs`) names next to the legacy (`eventhub`) ones, as the docs list both.
_EH, _LEGACY, _KAFKA = 'spring.cloud.azure.eventhubs', 'spring.cloud.azure.eventhub', 'spring.kafka'
EVENTHUB = _namespace(
    'eventhub', 'Event Hubs', 'Microsoft.EventHub', 'AZURE_EVENTHUB',
    RoleGrant('Azure Event Hubs Data Owner', 'f526a384-b230-433a-b45c-95f59c4a2dec'),
    spring=(
        literal(A.SECRET, (C.SPRING_BOOT, C.KAFKA_SPRING_BOOT), (f'{_EH}.connection-string', V.CONNECTION_STRING)),
        literal(A.SYSTEM_IDENTITY, (C.SPRING_BOOT,), (f'{_LEGACY}.namespace', V.RESOURCE_NAME),
                (f'{_EH}.namespace', V.RESOURCE_NAME), (f'{_EH}.credential.managed-identity-enabled', V.TRUE)),
        literal(A.USER_IDENTITY, (C.SPRING_BOOT,), (f'{_LEGACY}.namespace', V.RESOURCE_NAME),
                ('spring.cloud.azure.client-id', V.CLIENT_ID), (f'{_EH}.namespace', V.RESOURCE_NAME),
                (f'{_EH}.credential.client-id', V.CLIENT_ID), (f'{_EH}.credential.managed-identity-enabled', V.TRUE)),
        literal(A.SERVICE_PRINCIPAL, (C.SPRING_BOOT,), (f'{_LEGACY}.namespace', V.RESOURCE_NAME),
                ('spring.cloud.azure.client-id', V.CLIENT_ID), ('spring.cloud.azure.tenant-id', V.TENANT_ID),
                ('spring.cloud.azure.client-secret', V.CLIENT_SECRET), (f'{_EH}.namespace', V.RESOURCE_NAME),
                (f'{_EH}.credential.client-id', V.CLIENT_ID), (f'{_EH}.credential.client-secret', V.CLIENT_SECRET),
                (f'{_EH}.profile.tenant-id', V.TENANT_ID)),
        literal(A.SYSTEM_IDENTITY, (C.KAFKA_SPRING_BOOT,), (f'{_KAFKA}.bootstrap-servers', V.KAFKA_BOOTSTRAP)),
        literal(A.USER_IDENTITY, (C.KAFKA_SPRING_BOOT,), (f'{_KAFKA}.bootstrap-servers', V.KAFKA_BOOTSTRAP),
                (f'{_KAFKA}.properties.azure.credential.managed-identity-enabled', V.TRUE),
                (f'{_KAFKA}.properties.azure.credential.client-id', V.CLIENT_ID)),
        literal(A.SERVICE_PRINCIPAL, (C.KAFKA_SPRING_BOOT,), (f'{_KAFKA}.bootstrap-servers', V.KAFKA_BOOTSTRAP),
                (f'{_KAFKA}.properties.azure.credential.client-id', V.CLIENT_ID),
                (f'{_KAFKA}.properties.azure.credential.client-secret', V.CLIENT_SECRET),
                (f'{_KAFKA}.properties.azure.profile.tenant-id', V.TENANT_ID)),
    ))
