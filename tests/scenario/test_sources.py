"""What differs between sources: their scopes (slot, container, deployment) and the errors that name
them, what each cannot hold, and records that outlive a user's own later changes to the source
(a new revision, a deployment, a restart, a tag edit by another tool)."""
import pytest
from azure.cli.core import azclierror as e

from tests.harness import RG, comparable
from tests.sources import CAPP, ENV, GROUP_ACI, IMAGE, KITS, SAPP, SPRING

BLOB = ('storage-blob', '--tg', 'data', '--account', 'acct')


def _create(kit, *extra, name='c1'):
    client = () if '--client-type' in extra else ('--client-type', 'python')
    return kit.command('create', *BLOB[:1], *kit.locator, *BLOB[1:], '--secret', *client, '--connection', name,
                       *extra)


def _two_containers(sandbox):
    sandbox.put_resource(CAPP, {'location': 'eastus', 'properties': {
        'managedEnvironmentId': ENV, 'template': {'containers': [
            {'name': 'web', 'image': IMAGE}, {'name': 'worker', 'image': IMAGE}]}}})


def _no_active_deployment(sandbox):
    sandbox.call('POST', SAPP + '/setActiveDeployments', {'activeDeploymentNames': []})


def _no_default_deployment(sandbox):
    sandbox.put_resource(SAPP + '/deployments/green', {'properties': {'active': False}})
    sandbox.delete_resource(SAPP + '/deployments/default')


def _registry_password(sandbox):
    body = sandbox.get_resource(GROUP_ACI)
    body['properties']['imageRegistryCredentials'] = [{'server': 'reg.azurecr.io', 'username': 'u',
                                                       'password': 'p4ssw0rd'}]
    for container in body['properties']['containers']:
        container['properties'].pop('instanceView', None)
    sandbox.put_resource(GROUP_ACI, body)


BAD = [
    # name, source, prepare(sandbox), extra args, error class, text the message must hold
    ('a container the app does not have', 'containerapp', None, ('-c', 'nope'), e.InvalidArgumentValueError,
     "--container 'nope'"),
    ('no container named on an app with two', 'containerapp', _two_containers, (), e.RequiredArgumentMissingError,
     '-c/--container'),
    ('a deployment the app does not have', 'spring', None, ('--deployment', 'nope'), e.InvalidArgumentValueError,
     "--deployment 'nope'"),
    ('no deployment named on an app with none active', 'spring', _no_active_deployment, (),
     e.RequiredArgumentMissingError, '--deployment'),
    ('a deployment the app does not have, spring-cloud', 'spring-cloud', _no_default_deployment, (),
     e.InvalidArgumentValueError, "--deployment 'default' is not a deployment of app sapp: it has green"),
    ('a container the group does not have', 'container', None, ('--container', 'nope'), e.InvalidArgumentValueError,
     "--container 'nope'"),
    ('a group holding a value ARM never returns', 'container', _registry_password, (), e.ValidationError,
     'image registry password'),
]


@pytest.mark.parametrize('name,source,prepare,extra,error,text', BAD, ids=[b[0] for b in BAD])
def test_a_scope_the_source_does_not_have_is_refused_without_a_change(az, world, sandbox, name, source, prepare,
                                                                      extra, error, text):
    kit = KITS[source]
    world.everything()
    kit.seed(sandbox)
    if prepare:
        prepare(sandbox)
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    failed = az(*_create(kit, *extra), expect_error=True)
    assert isinstance(failed.error, error), repr(failed.error)
    assert text in str(failed.error), str(failed.error)
    assert comparable(sandbox.dump()) == before
    assert [r for r in sandbox.requests if r['method'] in ('PUT', 'PATCH', 'DELETE')] == []


@pytest.mark.parametrize('source', ['functionapp', 'containerapp', 'spring', 'spring-cloud', 'container'])
def test_a_slot_on_a_source_without_slots_is_a_usage_error(az, source):
    kit = KITS[source]
    failed = az(*_create(kit, '--slot', 'staging'), expect_error=True)
    if source == 'functionapp':          # function apps have slots
        assert failed.exit_code != 2
        return
    assert failed.exit_code == 2 and 'unrecognized arguments: --slot' in failed.stderr


def test_spring_boot_names_are_not_offered_for_a_container_group(az):
    failed = az(*_create(KITS['container'], '--client-type', 'springBoot'), expect_error=True)
    assert failed.exit_code == 2
    assert "'springBoot' is not a valid value for '--client-type'" in failed.stderr


def test_a_container_group_cannot_take_a_service_principal(az, world, sandbox):
    kit = KITS['container']
    world.everything()
    kit.seed(sandbox)
    failed = az(*kit.command('create', 'storage-blob', *kit.locator, *BLOB[1:], '--service-principal',
                             'client-id=11111111-1111-1111-1111-111111111111', 'secret=x'), expect_error=True)
    assert isinstance(failed.error, e.InvalidArgumentValueError)
    assert 'does not support --service-principal from a Container Group' in str(failed.error)


def _new_revision(az, sandbox):
    az('containerapp', 'update', '-g', RG, '-n', 'capp', '--set-env-vars', 'FEATURE=on', '-o', 'none')


def _new_deployment_settings(az, sandbox):
    deployment = SAPP + '/deployments/default'
    sandbox.call('PATCH', deployment, {'properties': {'deploymentSettings': {'resourceRequests': {'cpu': '2'}}}})


def _restart(az, sandbox):
    az('container', 'restart', '-g', RG, '-n', 'cg', '-o', 'none')


def _app_settings(az, sandbox):
    az('webapp', 'config', 'appsettings', 'set', '-g', RG, '-n', 'app', '--settings', 'FEATURE=on', '-o', 'none')


def _tag_merge(resource_id):
    def edit(az, sandbox):
        az('tag', 'update', '--resource-id', resource_id, '--operation', 'merge', '--tags', 'team=data', '-o', 'none')
    return edit


LATER = [
    ('webapp', _app_settings), ('containerapp', _new_revision), ('containerapp', _tag_merge(CAPP)),
    ('spring', _new_deployment_settings), ('spring', _tag_merge(SPRING)), ('container', _restart),
    ('container', _tag_merge(GROUP_ACI)),
]


@pytest.mark.parametrize('source,change', LATER, ids=[f'{s}-{c.__name__}' for s, c in LATER])
def test_records_outlive_the_users_own_later_changes(az, world, sandbox, source, change):
    kit = KITS[source]
    world.everything()
    kit.seed(sandbox)
    az(*_create(kit))
    change(az, sandbox)
    listed = az(*kit.command('list', *kit.locator)).result
    assert [(c['name'], c['provisioningState']) for c in listed] == [('c1', 'Succeeded')]
    checks = az(*kit.command('validate', *kit.locator, '--connection', 'c1')).result
    assert [c for c in checks if c['result'] != 'success'] == []
    az(*kit.command('delete', *kit.locator, '--connection', 'c1', '--yes'))
    assert az(*kit.command('list', *kit.locator)).result == []


def test_two_spring_apps_of_one_service_keep_their_own_connections(az, world, sandbox):
    """Both apps' records live in the one service's tags: each app lists, shows and deletes only its own."""
    kit = KITS['spring']
    world.everything()
    kit.seed(sandbox)
    sandbox.put_resource(SPRING + '/apps/other', {'properties': {}})
    sandbox.put_resource(SPRING + '/apps/other/deployments/default', {'properties': {
        'active': True, 'source': {'type': 'Jar', 'relativePath': '<default>', 'runtimeVersion': 'Java_17'}}})
    other = ('-g', RG, '--service', 'spring', '--app', 'other')
    az(*_create(kit, name='mine'))
    az(*kit.command('create', *BLOB[:1], *other, *BLOB[1:], '--secret', '--connection', 'theirs'))
    assert [c['name'] for c in az(*kit.command('list', *kit.locator)).result] == ['mine']
    assert [c['name'] for c in az(*kit.command('list', *other)).result] == ['theirs']
    missing = az(*kit.command('show', *kit.locator, '--connection', 'theirs'), expect_error=True)
    assert isinstance(missing.error, e.ResourceNotFoundError), repr(missing.error)
    az(*kit.command('delete', *kit.locator, '--connection', 'mine', '--yes'))
    assert [c['name'] for c in az(*kit.command('list', *other)).result] == ['theirs']
    tags = sandbox.get_resource(SPRING).get('tags') or {}
    assert tags and all(name.startswith('azext-connection.other.theirs.') for name in tags), tags


def test_a_spring_connection_made_with_deployment_belongs_to_that_deployment(az, world, sandbox):
    """As in the core CLI: its id is under the deployment, the app's own list does not show it, and it
    writes that deployment's variables, not the active one's."""
    kit = KITS['spring']
    world.everything()
    kit.seed(sandbox)
    sandbox.put_resource(SAPP + '/deployments/green', {'properties': {'active': False}})
    green = (*kit.locator, '--deployment', 'green')
    created = az(*_create(kit, '--deployment', 'green', name='staged')).result
    assert created['id'] == SAPP + '/deployments/green/providers/Microsoft.ServiceLinker/linkers/staged'
    assert az(*kit.command('list', *kit.locator)).result == []
    assert [c['name'] for c in az(*kit.command('list', *green)).result] == ['staged']
    assert [c['id'] for c in az('spring-cloud', 'connection', 'list', *green).result] == [created['id']]
    env = sandbox.get_resource(SAPP + '/deployments/green')['properties']['deploymentSettings']['environmentVariables']
    assert 'AZURE_STORAGEBLOB_CONNECTIONSTRING' in env
    assert 'AZURE_STORAGEBLOB_CONNECTIONSTRING' not in _spring_env(sandbox, 'default')
    az('spring-cloud', 'connection', 'delete', '--id', created['id'], '--yes')
    assert 'AZURE_STORAGEBLOB_CONNECTIONSTRING' not in _spring_env(sandbox, 'green')
    assert not sandbox.get_resource(SPRING).get('tags')


def _spring_env(sandbox, deployment):
    body = sandbox.get_resource(f'{SAPP}/deployments/{deployment}')
    return ((body['properties'].get('deploymentSettings') or {}).get('environmentVariables')) or {}


def test_a_container_app_is_changed_one_write_at_a_time_and_a_busy_app_is_waited_for(az, world, sandbox):
    """Microsoft.App refuses a change made while another is applied (409 ContainerAppLockConflict):
    the identity and the environment are written one after the other, and a 409 from another
    tool's change is waited out."""
    kit = KITS['containerapp']
    world.everything()
    kit.seed(sandbox)
    sandbox.set_latency(300, method='PATCH', path='/containerApps/capp$')
    sandbox.inject_fault(method='PATCH', path='/containerApps/capp$', status=409, code='ContainerAppLockConflict',
                         message="Cannot modify container App 'capp' because another modification is in progress. "
                                 "Please retry the operation.")
    sandbox.clear_log()
    created = az(*kit.command('create', *BLOB[:1], *kit.locator, *BLOB[1:], '--system-identity',
                              '--client-type', 'python', '--connection', 'c1'), '--verbose')
    assert created.result['provisioningState'] == 'Succeeded'
    assert 'busy (ContainerAppLockConflict)' in created.stderr
    patches = [r for r in sandbox.requests if r['method'] == 'PATCH' and r['path'].lower().endswith('/capp')]
    spans = [(r['time'] - r['duration_ms'] / 1000, r['time']) for r in patches]
    assert len(patches) == 3                                    # refused, identity, environment
    assert all(later[0] >= earlier[1] - 0.01 for earlier, later in zip(spans, spans[1:])), spans
    app = sandbox.get_resource(CAPP)
    assert app['identity']['type'] == 'SystemAssigned'
    assert 'AZURE_STORAGEBLOB_RESOURCEENDPOINT' in kit.settings(sandbox)
