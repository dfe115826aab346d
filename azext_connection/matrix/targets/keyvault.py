"""Key Vault (how-to-integrate-key-vault)."""
from ..kinds import AuthType as A, ClientType as C, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Naming, Network, RoleGrant, Setting, TargetSpec
from .common import SDK_CLIENTS as _SDK_CLIENTS, TG as _TG, identity_namings as _identity_namings


def _keyvault_spring(auth):
    """Spring Cloud Azure's Key Vault properties, plus the older azure.keyvault.* ones the docs list."""
    settings = [Setting('azure.keyvault.uri', V.ENDPOINT)]
    if auth is not A.SYSTEM_IDENTITY:
        settings.append(Setting('azure.keyvault.client-id', V.CLIENT_ID))
    if auth is A.SERVICE_PRINCIPAL:
        settings += [Setting('azure.keyvault.client-key', V.CLIENT_SECRET),
                     Setting('azure.keyvault.tenant-id', V.TENANT_ID)]
    settings.append(Setting('azure.keyvault.scope', V.SCOPE))
    base = 'spring.cloud.azure.keyvault.secret'
    if auth is not A.SERVICE_PRINCIPAL:
        settings.append(Setting(f'{base}.credential.managed-identity-enabled', V.TRUE))
    settings.append(Setting(f'{base}.endpoint', V.ENDPOINT))
    if auth is not A.SYSTEM_IDENTITY:
        settings.append(Setting(f'{base}.credential.client-id', V.CLIENT_ID))
    if auth is A.SERVICE_PRINCIPAL:
        settings += [Setting(f'{base}.credential.client-secret', V.CLIENT_SECRET),
                     Setting(f'{base}.profile.tenant-id', V.TENANT_ID)]
    return Naming(auth, (C.SPRING_BOOT,), tuple(settings), literal=True)


def _keyvault_namings():
    clients = _SDK_CLIENTS
    scope = Setting('SCOPE', V.SCOPE, 'token scope')
    namings = []
    for naming in _identity_namings(clients):
        namings.append(Naming(naming.auth, clients, (scope,) + naming.settings))
        namings.append(_keyvault_spring(naming.auth))
    return tuple(namings)


KEYVAULT = TargetSpec(
    name='keyvault',
    display='Key Vault',
    resource_type='Microsoft.KeyVault/vaults',
    id_template=('/subscriptions/{subscription}/resourceGroups/{target_resource_group}'
                 '/providers/Microsoft.KeyVault/vaults/{vault}'),
    args=(_TG, ArgSpec('vault', ('--vault',), 'Name of the key vault.', placeholder='MyVault')),
    auth_types=(A.SYSTEM_IDENTITY, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
    default_auth=A.SYSTEM_IDENTITY,
    roles=(RoleGrant('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6'),
           RoleGrant('Key Vault Certificate User', 'db79e9a7-68ee-4b58-9aeb-b90e7c24fcba')),
    network=Network(NetworkKind.IP_RULES),
    prefix='AZURE_KEYVAULT',
    naming=_keyvault_namings(),
    adapter='keyvault',
)
