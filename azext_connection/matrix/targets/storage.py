"""Azure Storage targets (how-to-integrate-storage-blob/-queue/-table/-file). Roles follow
concept-microsoft-entra-roles."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, RoleGrant, Setting, TargetSpec
from .common import SDK_CLIENTS as _SDK_CLIENTS, TG as _TG, connection_string as _connection_string, \
    identity_namings as _identity_namings

_ACCOUNT = ArgSpec('account', ('--account',), 'Name of the storage account.', placeholder='MyAccount')
_STORAGE_ACCOUNT_ID = ('/subscriptions/{subscription}/resourceGroups/{target_resource_group}'
                       '/providers/Microsoft.Storage/storageAccounts/{account}')


def _storage(service, display, role, clients, spring=()):
    """A storage data-plane target: same account, its own endpoint, prefix and role."""
    return TargetSpec(
        name=f'storage-{service}',
        display=f'Storage {display}',
        resource_type='Microsoft.Storage/storageAccounts',
        id_template=f'{_STORAGE_ACCOUNT_ID}/{service}Services/default',
        args=(_TG, _ACCOUNT),
        auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
        default_auth=A.SYSTEM_IDENTITY,
        roles=(role,),
        network=Network(NetworkKind.IP_RULES),
        prefix=f'AZURE_STORAGE{service.upper()}',
        naming=_identity_namings(clients) + (_connection_string(clients),) + tuple(spring),
        adapter='storage',
        service=service,
    )


def _spring_mi(service, with_client_id):
    base = f'spring.cloud.azure.storage.{service}'
    settings = (Setting(f'{base}.credential.managed-identity-enabled', V.TRUE),
                Setting(f'{base}.account-name', V.ACCOUNT_NAME),
                Setting(f'{base}.endpoint', V.ENDPOINT))
    if with_client_id:
        settings += (Setting(f'{base}.credential.client-id', V.CLIENT_ID),)
    return settings


def _spring_key(service):
    """Spring Cloud Azure 4.0+ names for an account key; the service writes them next to the legacy
    (before 4.0) ones, so either library version finds its own."""
    base = f'spring.cloud.azure.storage.{service}'
    return (Setting(f'{base}.account-name', V.ACCOUNT_NAME), Setting(f'{base}.account-key', V.ACCOUNT_KEY),
            Setting(f'{base}.endpoint', V.ENDPOINT))


STORAGE_BLOB = _storage(
    'blob', 'Blob', RoleGrant('Storage Blob Data Contributor', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'),
    _SDK_CLIENTS + (C.GO,),
    spring=(
        Naming(A.SYSTEM_IDENTITY, (C.SPRING_BOOT,), _spring_mi('blob', False), literal=True),
        Naming(A.USER_IDENTITY, (C.SPRING_BOOT,), _spring_mi('blob', True), literal=True),
        Naming(A.SECRET, (C.SPRING_BOOT,), (Setting('azure.storage.account-name', V.ACCOUNT_NAME),
                                            Setting('azure.storage.account-key', V.ACCOUNT_KEY),
                                            Setting('azure.storage.blob-endpoint', V.ENDPOINT))
               + _spring_key('blob'), literal=True),
    ))

STORAGE_QUEUE = _storage(
    'queue', 'Queue', RoleGrant('Storage Queue Data Contributor', '974c5e8b-45b9-4653-ba55-5f855dd0fb88'),
    _SDK_CLIENTS,
    spring=(
        Naming(A.SECRET, (C.SPRING_BOOT,), (Setting('spring.cloud.azure.storage.account', V.ACCOUNT_NAME),
                                            Setting('spring.cloud.azure.storage.access-key', V.ACCOUNT_KEY))
               + _spring_key('queue'), literal=True),
    ))

STORAGE_TABLE = _storage(
    'table', 'Table', RoleGrant('Storage Table Data Contributor', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'),
    _SDK_CLIENTS)

# Azure Files has no data-plane RBAC for SDK clients that Service Connector uses: secret only.
STORAGE_FILE = TargetSpec(
    name='storage-file',
    display='Storage File',
    resource_type='Microsoft.Storage/storageAccounts',
    id_template=f'{_STORAGE_ACCOUNT_ID}/fileServices/default',
    args=(_TG, _ACCOUNT),
    auth_types=(A.SECRET,),
    default_auth=A.SECRET,
    roles=(),
    network=Network(NetworkKind.IP_RULES),
    prefix='AZURE_STORAGEFILE',
    naming=(
        _connection_string(_SDK_CLIENTS),
        Naming(A.SECRET, (C.SPRING_BOOT,), (Setting('azure.storage.account-name', V.ACCOUNT_NAME),
                                            Setting('azure.storage.account-key', V.ACCOUNT_KEY),
                                            Setting('azure.storage.file-endpoint', V.ENDPOINT))
               + _spring_key('fileshare'), literal=True),
    ),
    adapter='storage',
    service='file',
)
