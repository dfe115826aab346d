"""One SourceSpec per source kind."""
from .kinds import AuthType, ClientType
from .specs import ArgSpec, ScopeSpec, SourceSpec

_WEB_ID = '/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.Web/sites/{name}'
_GROUP = ArgSpec('resource_group', ('--resource-group', '-g'), 'The resource group which contains the {noun}.',
                 placeholder='MyResourceGroup', configured_default='group')


def _group(noun):
    return _GROUP._replace(help=_GROUP.help.format(noun=noun))


WEBAPP = SourceSpec(
    name='webapp',
    display='Web App',
    resource_type='Microsoft.Web/sites',
    id_template=_WEB_ID,
    args=(_group('webapp'), ArgSpec('name', ('--name', '-n'), 'Name of the webapp.', placeholder='MyWebApp')),
    scopes=(ScopeSpec(ArgSpec('slot', ('--slot',), 'The name of the slot. Default to the production slot.',
                              required=False, placeholder='staging'), _WEB_ID + '/slots/{slot}'),),
    adapter='webapp',
)

CONTAINERAPP = SourceSpec(
    name='containerapp',
    display='Container App',
    resource_type='Microsoft.App/containerApps',
    id_template=('/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.App'
                 '/containerApps/{name}'),
    args=(_group('container app'),
          ArgSpec('name', ('--name', '-n'), 'Name of the container app.', placeholder='MyContainerApp')),
    scopes=(ScopeSpec(ArgSpec('container', ('--container', '-c'), 'The container whose environment variables the '
                              'connection writes. Required when the app has more than one.', required=False,
                              placeholder='MyContainer')),),
    adapter='containerapp',
    noun='container app',
)

FUNCTIONAPP = SourceSpec(
    name='functionapp',
    display='Function App',
    resource_type='Microsoft.Web/sites',
    id_template=_WEB_ID,
    args=(_group('function app'),
          ArgSpec('name', ('--name', '-n'), 'Name of the function app.', placeholder='MyFunctionApp')),
    scopes=(ScopeSpec(ArgSpec('slot', ('--slot',), 'The name of the slot. Default to the production slot.',
                              required=False, placeholder='staging'), _WEB_ID + '/slots/{slot}'),),
    adapter='webapp',
    noun='function app',
)

_SPRING_ID = ('/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.AppPlatform'
              '/Spring/{service}/apps/{app}')
_SPRING_ARGS = (_group('Azure Spring Apps service'),
                ArgSpec('service', ('--service',), 'Name of the Azure Spring Apps service.',
                        placeholder='MySpringService'),
                ArgSpec('app', ('--app',), 'Name of the app.', placeholder='MyApp'))
_DEPLOYMENT_HELP = ('The deployment the connection belongs to, whose environment variables it writes. Without it '
                    'the connection belongs to the app and writes those of its active deployment.')

SPRING = SourceSpec(
    name='spring',
    display='Spring App',
    resource_type='Microsoft.AppPlatform/Spring/apps',
    id_template=_SPRING_ID,
    args=_SPRING_ARGS,
    # As in the core CLI, a connection made with --deployment belongs to the deployment (its id is under it).
    scopes=(ScopeSpec(ArgSpec('deployment', ('--deployment',), _DEPLOYMENT_HELP, required=False,
                              placeholder='MyDeployment'), _SPRING_ID + '/deployments/{deployment}'),),
    adapter='spring',
    noun='app',
)

# The core CLI's older group for Spring apps: its connections always belong to a deployment.
SPRING_CLOUD = SPRING._replace(
    name='spring-cloud',
    display='Spring Cloud App',
    id_template=_SPRING_ID + '/deployments/{deployment}',
    args=_SPRING_ARGS + (ArgSpec('deployment', ('--deployment',), 'The deployment of the app the connection '
                                 'belongs to, whose environment variables it writes.', placeholder='MyDeployment'),),
    scopes=(),
)

CONTAINER = SourceSpec(
    name='container',
    display='Container Group',
    resource_type='Microsoft.ContainerInstance/containerGroups',
    id_template=('/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/'
                 'Microsoft.ContainerInstance/containerGroups/{name}'),
    args=(_group('container group'),
          ArgSpec('name', ('--name', '-n'), 'Name of the container group.', placeholder='MyContainerGroup')),
    scopes=(ScopeSpec(ArgSpec('container', ('--container',), 'The container whose environment variables the '
                              'connection writes. Required when the group has more than one.', required=False,
                              placeholder='MyContainer')),),
    adapter='container',
    # A group is replaced whole on every change, so every secure value must be written again: a service
    # principal's secret cannot be read back from anywhere.
    excluded_auth=frozenset({AuthType.SERVICE_PRINCIPAL}),
    # ACI allows environment variable names of letters, digits and '_' only (not 'spring.cloud.azure...').
    excluded_clients=frozenset({ClientType.SPRING_BOOT, ClientType.KAFKA_SPRING_BOOT}),
    # Nor a secret of the user's own (a database login, a Neon login, an Atlas connection string, Confluent's
    # API keys): never readable again. The databases that take an identity are reached passwordless instead; the
    # targets that take only a user's secret are not offered, nor the retired single servers (nothing new should
    # start on them). (The core CLI has no container group source; a Fabric SQL database, reached with an identity,
    # is offered as from a container app.)
    keeps_user_secrets=False,
    excluded_targets=frozenset({'postgres', 'mysql', 'neon-postgres', 'mongodb-atlas', 'confluent-cloud'}),
    noun='container group',
)

SOURCES = {s.name: s for s in (WEBAPP, FUNCTIONAPP, CONTAINERAPP, SPRING, SPRING_CLOUD, CONTAINER)}
