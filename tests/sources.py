"""One kit per source kind for the tests: how the World seeds it, the CLI arguments that locate it,
and how to read back what connections wrote into it (settings with secret values, records), so that
every scenario can be run for every source."""
import json
from dataclasses import dataclass
from typing import Callable, Tuple

from tests.harness import RG, SUB

_GROUP = f'/subscriptions/{SUB}/resourceGroups/{RG}/providers'
SITE = f'{_GROUP}/Microsoft.Web/sites/app'
FUNC = f'{_GROUP}/Microsoft.Web/sites/func'
CAPP = f'{_GROUP}/Microsoft.App/containerApps/capp'
ENV = f'{_GROUP}/Microsoft.App/managedEnvironments/env'
SPRING = f'{_GROUP}/Microsoft.AppPlatform/Spring/spring'
SAPP = f'{SPRING}/apps/sapp'
GROUP_ACI = f'{_GROUP}/Microsoft.ContainerInstance/containerGroups/cg'
IMAGE = 'mcr.microsoft.com/k8se/quickstart:latest'


@dataclass(frozen=True)
class SourceKit:
    name: str                                  # the CLI group: az <name> connection
    resource_id: str                           # the connection ids' prefix
    locator: Tuple[str, ...]                   # CLI arguments naming the source
    seed: Callable                             # (sandbox) -> None
    settings: Callable                         # (sandbox) -> {name: value}, secret values included
    records: Callable                          # (sandbox) -> {record key: text}

    def command(self, verb, *args):
        return [self.name, 'connection', *verb.split(), *args]


def _put(sandbox, rid, body):
    return sandbox.put_resource(rid, body)


def _group(sandbox):
    sandbox.put_resource(f'/subscriptions/{SUB}/resourceGroups/{RG}', {'location': 'eastus'})


# -- web and function apps ---------------------------------------------------------------------------
def _site(rid, kind, runtime, settings=None):
    def seed(sandbox):
        _group(sandbox)
        config = {'linuxFxVersion': runtime}
        if settings:
            config['appSettings'] = [{'name': k, 'value': v} for k, v in settings.items()]
        _put(sandbox, rid, {'location': 'eastus', 'kind': kind, 'properties': {'siteConfig': config}})
    return seed


def _site_dict(rid, what):
    def read(sandbox):
        return (sandbox.call('POST', f'{rid}/config/{what}/list').body or {}).get('properties') or {}
    return read


# -- container apps ------------------------------------------------------------------------------------
def _container_app(sandbox):
    _group(sandbox)
    if sandbox.get_resource(ENV) is None:
        _put(sandbox, ENV, {'location': 'eastus', 'properties': {}})
    _put(sandbox, CAPP, {'location': 'eastus', 'properties': {
        'managedEnvironmentId': ENV, 'configuration': {'activeRevisionsMode': 'Single'},
        'template': {'containers': [{'name': 'web', 'image': IMAGE, 'env': [{'name': 'PORT', 'value': '8080'}]}]}}})


def _container_app_settings(sandbox):
    app = sandbox.get_resource(CAPP)
    secrets = {s['name']: s['value'] for s in sandbox.call('POST', CAPP + '/listSecrets').body['value']}
    env = app['properties']['template']['containers'][0].get('env') or []
    return {e['name']: secrets[e['secretRef']] if e.get('secretRef') else e.get('value') for e in env}


def _tag_records(rid, scope=''):
    def read(sandbox):
        from azext_connection.adapters.tags import TagRecords
        return TagRecords(rid, 'x', scope).from_tags(sandbox.get_resource(rid).get('tags'))
    return read


# -- Spring apps ---------------------------------------------------------------------------------------
def _spring_app(sandbox):
    _group(sandbox)
    if sandbox.get_resource(SPRING) is None:
        _put(sandbox, SPRING, {'location': 'eastus', 'sku': {'name': 'S0', 'tier': 'Standard'}, 'properties': {}})
    _put(sandbox, SAPP, {'properties': {}})
    _put(sandbox, SAPP + '/deployments/default', {'properties': {
        'active': True, 'source': {'type': 'Jar', 'relativePath': '<default>', 'runtimeVersion': 'Java_17'},
        'deploymentSettings': {'environmentVariables': {'PORT': '8080'}}}})


def _spring_settings(sandbox):
    deployment = sandbox.get_resource(SAPP + '/deployments/default')
    return dict(deployment['properties']['deploymentSettings'].get('environmentVariables') or {})


# -- container groups ----------------------------------------------------------------------------------
def _container_group(sandbox):
    _group(sandbox)
    _put(sandbox, GROUP_ACI, {'location': 'eastus', 'properties': {
        'osType': 'Linux', 'restartPolicy': 'Always',
        'ipAddress': {'type': 'Public', 'ports': [{'port': 80, 'protocol': 'TCP'}]},
        'containers': [{'name': 'web', 'properties': {
            'image': IMAGE, 'ports': [{'port': 80}], 'resources': {'requests': {'cpu': 1.0, 'memoryInGB': 1.5}},
            'environmentVariables': [{'name': 'PORT', 'value': '8080'}]}}]}})


def _container_group_settings(sandbox):
    rec = sandbox.store.get(GROUP_ACI)
    secure = (rec['private'].get('secureEnvironmentVariables') or {}).get('web') or {}
    env = rec['body']['properties']['containers'][0]['properties'].get('environmentVariables') or []
    return {e['name']: e['value'] if e.get('value') is not None else secure.get(e['name']) for e in env}


KITS = {kit.name: kit for kit in (
    SourceKit('webapp', SITE, ('-g', RG, '-n', 'app'), _site(SITE, 'app,linux', 'PYTHON|3.11'),
              _site_dict(SITE, 'appsettings'), _site_dict(SITE, 'metadata')),
    SourceKit('functionapp', FUNC, ('-g', RG, '-n', 'func'),
              _site(FUNC, 'functionapp,linux', 'Python|3.11', {'FUNCTIONS_WORKER_RUNTIME': 'python',
                                                               'FUNCTIONS_EXTENSION_VERSION': '~4'}),
              _site_dict(FUNC, 'appsettings'), _site_dict(FUNC, 'metadata')),
    SourceKit('containerapp', CAPP, ('-g', RG, '-n', 'capp'), _container_app, _container_app_settings,
              _tag_records(CAPP)),
    SourceKit('spring', SAPP, ('-g', RG, '--service', 'spring', '--app', 'sapp'), _spring_app, _spring_settings,
              _tag_records(SPRING, 'sapp')),
    SourceKit('spring-cloud', SAPP + '/deployments/default',
              ('-g', RG, '--service', 'spring', '--app', 'sapp', '--deployment', 'default'), _spring_app,
              _spring_settings, _tag_records(SPRING, 'sapp:default')),
    SourceKit('container', GROUP_ACI, ('-g', RG, '-n', 'cg'), _container_group, _container_group_settings,
              _tag_records(GROUP_ACI)),
)}


def record_texts(kit, sandbox):
    """The records a kit's source holds, as parsed JSON."""
    return {k: json.loads(v) for k, v in kit.records(sandbox).items() if k.startswith('AZEXT_CONNECTION_')}
