"""App Configuration (how-to-integrate-app-configuration). A store has no IP rules: a store that
denies public access is refused, one that allows it needs nothing opened."""
from ..kinds import AuthType as A, NetworkKind, Value as V
from ..specs import ArgSpec
from ..target_specs import Network, RoleGrant, Setting, TargetSpec
from .common import SDK_CLIENTS, TG, connection_string, id_template, identity_namings

APPCONFIG = TargetSpec(
    name='appconfig',
    display='App Configuration',
    resource_type='Microsoft.AppConfiguration/configurationStores',
    id_template=id_template('Microsoft.AppConfiguration/configurationStores/{appconfig}'),
    args=(TG, ArgSpec('appconfig', ('--app-config',), 'Name of the App Configuration store.',
                      placeholder='MyConfigStore')),
    auth_types=(A.SYSTEM_IDENTITY, A.SECRET, A.USER_IDENTITY, A.SERVICE_PRINCIPAL),
    default_auth=A.SYSTEM_IDENTITY,
    roles=(RoleGrant('App Configuration Data Reader', '516239f1-63e1-4d78-a4de-a74fb236a071'),),
    network=Network(NetworkKind.PUBLIC_ACCESS),
    prefix='AZURE_APPCONFIGURATION',
    naming=(identity_namings(SDK_CLIENTS, Setting('ENDPOINT', V.ENDPOINT, 'endpoint'))
            + (connection_string(SDK_CLIENTS),)),
    adapter='appconfig',
)
