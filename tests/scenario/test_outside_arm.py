"""Targets outside Azure Resource Manager (Confluent Cloud, Neon, MongoDB Atlas, a Fabric SQL database) and a
container app as a target, through the real az parser against the sandbox: what the app holds, what list,
show and validate say, what each connection owns. (Their lifecycle from every source is test_every_pair's.)"""
import pytest
from azure.cli.core import azclierror as e

from tests.harness import ATLAS_STRING, DB_PASSWORD, DB_USER, FLAG_CREDENTIALS, RG, auth_args, comparable, site_id
from tests.sources import KITS
from tests.targets import BOOTSTRAP, FABRIC_HOST, NEON_HOST, REGISTRY, SEEDS, TARGET_APP

APP = ['-g', RG, '-n', 'app']
KAFKA_KEY, KAFKA_SECRET = FLAG_CREDENTIALS['confluent-cloud']
SCHEMA_KEY, SCHEMA_SECRET = FLAG_CREDENTIALS['confluent-schema-registry']
CONFLUENT = ['webapp', 'connection', 'create', 'confluent-cloud', *APP, *SEEDS['confluent-cloud'].args,
             '--kafka-key', KAFKA_KEY, '--kafka-secret', KAFKA_SECRET, '--schema-key', SCHEMA_KEY,
             '--schema-secret', SCHEMA_SECRET]
SASL = ("org.apache.kafka.common.security.plain.PlainLoginModule required username='KAFKAKEY123' "
        "password='Kafka-S3cret/+=value';")


def _state(sandbox):
    return comparable(sandbox.dump())


def test_confluent_makes_two_connections_that_list_show_and_delete_on_their_own(az, world, sandbox):
    world.everything()
    made = az(*CONFLUENT, '--connection', 'kafka').result          # the client type detected serves both
    assert [(m['name'], m['clientType']) for m in made] == [('kafka', 'python'), ('kafka_schema', 'python')]
    assert [m['targetService'] for m in made] == [{'type': 'ConfluentBootstrapServer', 'endpoint': BOOTSTRAP},
                                                  {'type': 'ConfluentSchemaRegistry', 'endpoint': REGISTRY}]
    assert [m['authInfo'] for m in made] == [{'authType': 'secret', 'name': KAFKA_KEY},
                                             {'authType': 'secret', 'name': SCHEMA_KEY}]
    assert world.settings() == {'AZURE_CONFLUENTCLOUDKAFKA_BOOTSTRAPSERVER': BOOTSTRAP,
                                'AZURE_CONFLUENTCLOUDKAFKA_KAFKASASLCONFIG': SASL,
                                'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL': REGISTRY,
                                'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_USERINFO': f'{SCHEMA_KEY}:{SCHEMA_SECRET}'}
    records = str(world.metadata())
    assert KAFKA_SECRET not in records and SCHEMA_SECRET not in records
    listed = az('webapp', 'connection', 'list', *APP, '--target-type', 'confluent-cloud').result
    assert [(c['name'], c['provisioningState']) for c in listed] == [('kafka', 'Succeeded'),
                                                                      ('kafka_schema', 'Succeeded')]
    checks = az('webapp', 'connection', 'validate', *APP, '--connection', 'kafka_schema').result
    assert [(c['name'], c['result']) for c in checks] == [('source-exists', 'success'), ('target', 'success'),
                                                          ('configuration', 'success')]

    # each is a connection of its own: the schema registry's update asks for its own secret only ...
    refused = az('webapp', 'connection', 'update', 'confluent-cloud', *APP, '--connection', 'kafka_schema',
                 '--client-type', 'java', expect_error=True)
    assert isinstance(refused.error, e.RequiredArgumentMissingError) and '--schema-secret' in str(refused.error)
    stray = az('webapp', 'connection', 'update', 'confluent-cloud', *APP, '--connection', 'kafka_schema',
               '--kafka-secret', 'x', expect_error=True)
    assert isinstance(stray.error, e.ArgumentUsageError) and '--kafka-secret' in str(stray.error)
    az('webapp', 'connection', 'update', 'confluent-cloud', *APP, '--connection', 'kafka_schema', '--schema-secret',
       'Rotated-S3cret', '--client-type', 'springBoot')
    settings = world.settings()
    assert settings['spring.kafka.properties.schema.registry.basic.auth.user.info'] == f'{SCHEMA_KEY}:Rotated-S3cret'
    assert 'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL' not in settings
    assert settings['AZURE_CONFLUENTCLOUDKAFKA_KAFKASASLCONFIG'] == SASL          # the other one untouched
    # ... and deleting one leaves the other, as the core CLI's two linkers
    az('webapp', 'connection', 'delete', *APP, '--connection', 'kafka', '--yes')
    assert sorted(world.settings()) == ['spring.kafka.properties.schema.registry.basic.auth.user.info',
                                        'spring.kafka.properties.schema.registry.url']
    assert [c['name'] for c in az('webapp', 'connection', 'list', *APP).result] == ['kafka_schema']


def test_confluent_update_moves_each_connection_to_a_new_address(az, world, sandbox):
    """As the core CLI: --bootstrap-server and --schema-registry can be given again, each to its own
    connection, with that connection's secret; a wrong address or another part's address changes nothing."""
    world.everything()
    az(*CONFLUENT, '--connection', 'kafka')
    moved_server = 'pkc-9z9z9.westus2.azure.confluent.cloud:9092'
    moved_registry = 'https://psrc-1a1a1.westus2.azure.confluent.cloud'
    update = ['webapp', 'connection', 'update', 'confluent-cloud', *APP]
    before = _state(sandbox)
    for args, error, words in [
            (['--connection', 'kafka', '--bootstrap-server', 'kafka.example.com:9092', '--kafka-secret', 'x'],
             e.InvalidArgumentValueError, '--bootstrap-server'),
            (['--connection', 'kafka_schema', '--bootstrap-server', moved_server, '--schema-secret', 'x'],
             e.ArgumentUsageError, '--bootstrap-server'),
            (['--connection', 'kafka', '--bootstrap-server', moved_server], e.RequiredArgumentMissingError,
             '--kafka-secret')]:
        refused = az(*update, *args, expect_error=True)
        assert isinstance(refused.error, error) and words in str(refused.error), refused.error
    assert _state(sandbox) == before

    planned = az(*update, '--connection', 'kafka', '--bootstrap-server', moved_server, '--kafka-key', KAFKA_KEY,
                 '--kafka-secret', KAFKA_SECRET, '--dry-run').result
    assert moved_server in str(planned) and KAFKA_SECRET not in str(planned) and _state(sandbox) == before
    moved = az(*update, '--connection', 'kafka', '--bootstrap-server', moved_server, '--kafka-key', KAFKA_KEY,
               '--kafka-secret', KAFKA_SECRET).result
    assert moved['targetService'] == {'type': 'ConfluentBootstrapServer', 'endpoint': moved_server}
    az(*update, '--connection', 'kafka_schema', '--schema-registry', moved_registry, '--schema-key', SCHEMA_KEY,
       '--schema-secret', SCHEMA_SECRET)
    assert world.settings() == {'AZURE_CONFLUENTCLOUDKAFKA_BOOTSTRAPSERVER': moved_server,
                                'AZURE_CONFLUENTCLOUDKAFKA_KAFKASASLCONFIG': SASL,
                                'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL': moved_registry,
                                'AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_USERINFO': f'{SCHEMA_KEY}:{SCHEMA_SECRET}'}
    shown = [az('webapp', 'connection', 'show', *APP, '--connection', n).result['targetService']['endpoint']
             for n in ('kafka', 'kafka_schema')]
    assert shown == [moved_server, moved_registry]
    checks = az('webapp', 'connection', 'validate', *APP, '--connection', 'kafka').result
    assert {c['result'] for c in checks} == {'success'}


def test_confluent_needs_both_names_free_and_changes_nothing_otherwise(az, world, sandbox):
    world.everything()
    az('webapp', 'connection', 'create', 'storage-blob', *APP, '--tg', 'data', '--account', 'acct', '--secret',
       '--connection', 'kafka_schema')
    before = _state(sandbox)
    failed = az(*CONFLUENT, '--connection', 'kafka', expect_error=True)
    assert isinstance(failed.error, e.ValidationError) and "'kafka_schema' already exists" in str(failed.error)
    assert _state(sandbox) == before


def test_fabric_grants_nothing_and_says_who_needs_access(az, world, sandbox):
    world.everything()
    create = ['webapp', 'connection', 'create', 'fabric-sql', *APP, *SEEDS['fabric-sql'].args, '--connection', 'fab',
              '--client-type', 'dotnet']
    planned = az(*create, '--system-identity', '--dry-run').result
    assert planned['byHand'] and 'system-assigned identity of app (enabled by this connection)' in planned['byHand'][0]
    created = az(*create, '--system-identity')
    principal = sandbox.get_resource(site_id())['identity']['principalId']
    assert f'system-assigned identity of app (principal id {principal})' in created.stderr
    assert 'Fabric portal' in created.stderr and world.role_assignments() == []
    assert created.result['targetService'] == {'type': 'FabricPlatform', 'endpoint': SEEDS['fabric-sql'].resource_id}
    assert created.result['configurationInfo']['additionalConnectionStringProperties'] == {
        'Server': FABRIC_HOST, 'Database': 'appdb'}
    assert world.settings()['FABRIC_SQL_CONNECTIONSTRING'] == (
        f'Data Source=tcp:{FABRIC_HOST},1433;Initial Catalog=appdb;Authentication=ActiveDirectoryManagedIdentity')
    checks = {c['name']: c for c in az('webapp', 'connection', 'validate', *APP, '--connection', 'fab').result}
    assert checks['access']['result'] == 'warning' and principal in checks['access']['suggestion']
    assert {n for n, c in checks.items() if c['result'] == 'failure'} == set()
    # an update writes it again from the properties the record kept
    az('webapp', 'connection', 'update', 'fabric-sql', *APP, '--connection', 'fab', '--client-type', 'java')
    assert world.settings()['FABRIC_SQL_CONNECTIONSTRING'] == (
        f'jdbc:sqlserver://{FABRIC_HOST},1433;databaseName=appdb;authentication=ActiveDirectoryMSI;')


@pytest.mark.parametrize('target,setting,expected', [
    ('neon-postgres', 'NEON_POSTGRESQL_CONNECTIONSTRING',
     f'dbname=neondb host={NEON_HOST} port=5432 sslmode=require user={DB_USER} password={DB_PASSWORD}'),
    ('mongodb-atlas', 'MONGODBATLAS_CLUSTER_CONNECTIONSTRING', ATLAS_STRING),
])
def test_a_partner_database_gets_the_users_secret_and_nothing_keeps_it(az, world, sandbox, target, setting, expected):
    from azext_connection.matrix import TARGETS, AuthType
    world.everything()
    created = az('webapp', 'connection', 'create', target, *APP, *SEEDS[target].args,
                 *auth_args(AuthType.SECRET, sandbox, TARGETS[target]), '--connection', 'db', '--client-type',
                 'python').result
    assert created['targetService']['id' if target == 'mongodb-atlas' else 'endpoint'] == SEEDS[target].resource_id
    assert world.settings() == {setting: expected}
    assert DB_PASSWORD not in str(world.metadata()) and 'Atl4s' not in str(world.metadata())
    shown = az('webapp', 'connection', 'list-configuration', *APP, '--connection', 'db').result
    assert shown['configurations'] == [{'name': setting, 'value': '<hidden>', 'configType': 'Default',
                                        'description': None}]


def test_a_container_app_connects_to_another_ones_ingress_with_no_auth(az, world, sandbox):
    kit = KITS['containerapp']
    world.everything()
    kit.seed(sandbox)
    create = kit.command('create', 'containerapp', *kit.locator, *SEEDS['containerapp'].args, '--connection', 'api')
    created = az(*create, '--client-type', 'python').result
    assert created['authInfo'] is None and created['targetService']['id'] == TARGET_APP
    fqdn = sandbox.get_resource(TARGET_APP)['properties']['configuration']['ingress']['fqdn']
    assert kit.settings(sandbox)['AZURE_CONTAINERAPP_ENDPOINT'] == f'https://{fqdn}'
    rows = az(*kit.command('list-support-types', '--target-type', 'containerapp')).result
    assert rows[0]['auth_types'] == ['null']
    refused = az(*create, '--secret', expect_error=True)
    assert isinstance(refused.error, e.InvalidArgumentValueError) and 'takes no auth flag' in str(refused.error)
    SEEDS['containerapp'].deny_public(world)           # (for a container app: its ingress is gone)
    before = _state(sandbox)
    no_ingress = az(*kit.command('create', 'containerapp', *kit.locator, *SEEDS['containerapp'].args,
                                 '--connection', 'api2'), expect_error=True)
    assert isinstance(no_ingress.error, e.ValidationError) and 'az containerapp ingress enable' in str(no_ingress.error)
    assert _state(sandbox) == before
    checks = {c['name']: c for c in az(*kit.command('validate', *kit.locator, '--connection', 'api')).result}
    assert checks['configuration']['result'] == 'failure' and 'no ingress' in checks['configuration']['errorMessage']
