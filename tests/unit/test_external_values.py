"""Values of the targets outside Azure Resource Manager (Confluent Cloud, Neon, MongoDB Atlas, Fabric SQL)
and of a container app as a target, per client, exactly as the docs' value patterns show them
(tests/data/matrix_reference.json, `value_patterns`, filled with one set of inputs). What holds the user's
secret is a Secret, and nothing else is. The external adapter builds its state from the target id alone."""
from urllib.parse import quote

import pytest

from azext_connection.adapters.containerapp_target import ContainerAppTarget
from azext_connection.adapters.external import ExternalTarget
from azext_connection.adapters.base import TargetState
from azext_connection.arm import ResourceRef
from azext_connection.matrix import TARGETS, AuthType, ClientType, Value
from azext_connection.sensitive import Secret, reveal
from tests.values import written, written_value

A, C = AuthType, ClientType
BOOTSTRAP, REGISTRY = 'pkc-4nmjv.eastus.azure.confluent.cloud:9092', 'https://psrc-8kz20.eastus.azure.confluent.cloud'
NEON = 'ep-cool-darkness-123456.eastus2.azure.neon.tech'
ATLAS = 'mongodb+srv://u:p%40ss@cluster0.a1b2c.mongodb.net/?retryWrites=true&w=majority&appName=Cluster0'
FABRIC = 'abc-xyz.database.fabric.microsoft.com'
CLIENT_ID = '11111111-2222-3333-4444-555555555555'
SASL = ("org.apache.kafka.common.security.plain.PlainLoginModule required username='KKEY' "
        "password='k$ecret';")


def _login(user, secret, values):
    return {Value.USERNAME: user, Value.PASSWORD: Secret(secret), Value.TRUE: 'true', **values}


KAFKA = _login('KKEY', 'k$ecret', {Value.ENDPOINT: BOOTSTRAP})
SCHEMA = _login('SKEY', 's$ecret', {Value.ENDPOINT: REGISTRY})
NEON_LOGIN = _login('appuser', 'p@ss', {Value.HOST: NEON, Value.DATABASE: 'neondb'})
ATLAS_SECRET = {Value.PASSWORD: Secret(ATLAS)}
FABRIC_VALUES = {Value.HOST: FABRIC, Value.DATABASE: 'appdb', Value.CLIENT_ID: CLIENT_ID}

CASES = [
    # target, auth, client, values, key, expected
    *[('confluent-cloud', A.SECRET, c, KAFKA, k, v) for c in ('dotnet', 'dotnet-internal', 'java', 'python', 'go', 'none')
      for k, v in (('AZURE_CONFLUENTCLOUDKAFKA_BOOTSTRAPSERVER', BOOTSTRAP),
                   ('AZURE_CONFLUENTCLOUDKAFKA_KAFKASASLCONFIG', SASL))],
    ('confluent-cloud', A.SECRET, 'springBoot', KAFKA, 'spring.kafka.properties.bootstrap.servers', BOOTSTRAP),
    ('confluent-cloud', A.SECRET, 'springBoot', KAFKA, 'spring.kafka.properties.sasl.jaas.config', SASL),
    *[('confluent-schema-registry', A.SECRET, c, SCHEMA, k, v) for c in ('dotnet', 'java', 'python', 'go', 'none')
      for k, v in (('AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_URL', REGISTRY),
                   ('AZURE_CONFLUENTCLOUDSCHEMAREGISTRY_USERINFO', 'SKEY:s$ecret'))],
    ('confluent-schema-registry', A.SECRET, 'springBoot', SCHEMA, 'spring.kafka.properties.schema.registry.url',
     REGISTRY),
    ('confluent-schema-registry', A.SECRET, 'springBoot', SCHEMA,
     'spring.kafka.properties.schema.registry.basic.auth.user.info', 'SKEY:s$ecret'),
    ('neon-postgres', A.SECRET, 'dotnet', NEON_LOGIN, 'NEON_POSTGRESQL_CONNECTIONSTRING',
     f'Server={NEON};Database=neondb;Port=5432;Ssl Mode=Require;User Id=appuser;Password=p@ss;'),
    ('neon-postgres', A.SECRET, 'go', NEON_LOGIN, 'NEON_POSTGRESQL_CONNECTIONSTRING',
     f'host={NEON} dbname=neondb sslmode=require user=appuser password=p@ss'),
    ('neon-postgres', A.SECRET, 'java', NEON_LOGIN, 'NEON_POSTGRESQL_CONNECTIONSTRING',
     f'jdbc:postgresql://{NEON}:5432/neondb?sslmode=require&user=appuser&password=p%40ss'),
    ('neon-postgres', A.SECRET, 'python', NEON_LOGIN, 'NEON_POSTGRESQL_CONNECTIONSTRING',
     f'dbname=neondb host={NEON} port=5432 sslmode=require user=appuser password=p@ss'),
    *[('neon-postgres', A.SECRET, c, NEON_LOGIN, 'NEON_POSTGRESQL_CONNECTIONSTRING',
       f'host={NEON} port=5432 dbname=neondb sslmode=require user=appuser password=p@ss') for c in ('php', 'ruby')],
    ('neon-postgres', A.SECRET, 'django', NEON_LOGIN, 'NEON_POSTGRESQL_HOST', NEON),
    ('neon-postgres', A.SECRET, 'nodejs', NEON_LOGIN, 'NEON_POSTGRESQL_PORT', '5432'),
    ('neon-postgres', A.SECRET, 'none', NEON_LOGIN, 'NEON_POSTGRESQL_USERNAME', 'appuser'),
    ('neon-postgres', A.SECRET, 'springBoot', NEON_LOGIN, 'spring.datasource.url',
     f'jdbc:postgresql://{NEON}:5432/neondb?sslmode=require'),
    *[('mongodb-atlas', A.SECRET, c, ATLAS_SECRET, 'MONGODBATLAS_CLUSTER_CONNECTIONSTRING', ATLAS)
      for c in ('dotnet', 'dotnet-internal', 'python', 'nodejs', 'go', 'php', 'ruby', 'django', 'none')],
    ('mongodb-atlas', A.SECRET, 'java', ATLAS_SECRET, 'MONGODBATLAS_CLUSTER_CONNECTIONSTRING', 'jdbc:' + ATLAS),
    ('fabric-sql', A.SYSTEM_IDENTITY, 'dotnet', FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
     f'Data Source=tcp:{FABRIC},1433;Initial Catalog=appdb;Authentication=ActiveDirectoryManagedIdentity'),
    ('fabric-sql', A.USER_IDENTITY, 'dotnet', FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
     f'Data Source=tcp:{FABRIC},1433;Initial Catalog=appdb;User ID={CLIENT_ID};'
     'Authentication=ActiveDirectoryManagedIdentity'),
    *[('fabric-sql', A.SYSTEM_IDENTITY, c, FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
       f'server=tcp:{FABRIC};port=1433;database=appdb;fedauth=ActiveDirectoryManagedIdentity;') for c in ('go', 'none')],
    *[('fabric-sql', A.USER_IDENTITY, c, FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
       f'server=tcp:{FABRIC};port=1433;database=appdb;user id={CLIENT_ID};fedauth=ActiveDirectoryManagedIdentity;')
      for c in ('go', 'none')],
    ('fabric-sql', A.SYSTEM_IDENTITY, 'java', FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
     f'jdbc:sqlserver://{FABRIC},1433;databaseName=appdb;authentication=ActiveDirectoryMSI;'),
    ('fabric-sql', A.USER_IDENTITY, 'java', FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
     f'jdbc:sqlserver://{FABRIC},1433;databaseName=appdb;msiClientId={CLIENT_ID};authentication=ActiveDirectoryMSI;'),
    ('fabric-sql', A.SYSTEM_IDENTITY, 'python', FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
     f'Driver={{ODBC Driver 17 for SQL Server}};Server=tcp:{FABRIC},1433;Database=appdb;'
     'Authentication=ActiveDirectoryMSI;'),
    ('fabric-sql', A.USER_IDENTITY, 'python', FABRIC_VALUES, 'FABRIC_SQL_CONNECTIONSTRING',
     f'Driver={{ODBC Driver 17 for SQL Server}};Server=tcp:{FABRIC},1433;Database=appdb;UID={CLIENT_ID};'
     'Authentication=ActiveDirectoryMSI;'),
]


@pytest.mark.parametrize('target,auth,client,values,key,expected', CASES,
                         ids=[f'{t}-{a.name.lower()}-{c}-{k}' for t, a, c, _, k, _ in CASES])
def test_values_follow_the_docs_patterns(target, auth, client, values, key, expected):
    value = written_value(TARGETS[target], auth, ClientType(client), values, key)
    assert reveal(value) == expected
    secret = reveal(values.get(Value.PASSWORD))        # the user's own secret, as it is or URL-encoded (in a URL)
    assert isinstance(value, Secret) == (secret is not None and (secret in expected or quote(secret, safe='')
                                                                  in expected))


def test_every_fabric_client_and_identity_has_a_connection_string_and_no_secret():
    spec = TARGETS['fabric-sql']
    for auth in spec.auth_types:
        for client in spec.clients_for(auth):
            value = written(spec, auth, client, FABRIC_VALUES)['FABRIC_SQL_CONNECTIONSTRING']
            assert isinstance(value, str) and FABRIC in value and 'appdb' in value
            assert (CLIENT_ID in value) == (auth is A.USER_IDENTITY), (auth, client)


@pytest.mark.parametrize('client', TARGETS['containerapp'].clients_for(A.NONE), ids=lambda c: c.value)
def test_a_container_app_target_gives_its_ingress_address_under_the_services_name(client):
    """AZURE_CONTAINERAPP_ENDPOINT is the name the real service wrote (recording test_aca2aca_e2e.yaml of the
    core CLI's tests); the value is the target's ingress FQDN as an https address."""
    app = '/subscriptions/s/resourceGroups/data/providers/Microsoft.App/containerApps/capp2'
    state = TargetState(ResourceRef.parse(app), {'properties': {'configuration': {'ingress': {
        'fqdn': 'capp2.happyfield-1234.eastus.azurecontainerapps.io'}}}})
    values = ContainerAppTarget(TARGETS['containerapp']).plain_values(state)
    assert written(TARGETS['containerapp'], A.NONE, client, values) == {
        'AZURE_CONTAINERAPP_ENDPOINT': 'https://capp2.happyfield-1234.eastus.azurecontainerapps.io'}


def test_a_container_app_without_ingress_is_refused_naming_the_fix():
    from azure.cli.core.azclierror import ValidationError
    app = '/subscriptions/s/resourceGroups/data/providers/Microsoft.App/containerApps/capp2'
    state = TargetState(ResourceRef.parse(app), {'properties': {'configuration': {'ingress': None}}})
    with pytest.raises(ValidationError, match='az containerapp ingress enable'):
        ContainerAppTarget(TARGETS['containerapp']).plain_values(state)


@pytest.mark.parametrize('target,target_id,props,expected', [
    ('confluent-cloud', BOOTSTRAP, None, {Value.ENDPOINT: BOOTSTRAP}),
    ('confluent-schema-registry', REGISTRY, None, {Value.ENDPOINT: REGISTRY}),
    ('neon-postgres', f'postgresql://{NEON}/neondb', None, {Value.HOST: NEON, Value.DATABASE: 'neondb'}),
    ('mongodb-atlas', '/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourceGroups/data/providers/'
                      'MongoDB.Atlas/organizations/cluster0', None, {}),
    # the server as Fabric's connection strings show it: the protocol and the port are the values' own
    ('fabric-sql', 'https://api.fabric.microsoft.com/v1/workspaces/w/SqlDatabases/d',
     {'Server': f'tcp:{FABRIC},1433', 'Database': 'appdb'}, {Value.HOST: FABRIC, Value.DATABASE: 'appdb'}),
])
def test_a_target_outside_arm_is_read_from_its_id_and_what_was_given_without_a_request(target, target_id, props,
                                                                                         expected):
    adapter = ExternalTarget(TARGETS[target])
    state = adapter.read(None, target_id)          # no ARM client at all
    assert adapter.plain_values(adapter.given(state, props)) == expected
    assert adapter.read_secrets(None, target_id) == {} and adapter.network_document(None) is None


@pytest.mark.parametrize('target,target_id', [
    ('confluent-cloud', 'pkc-4nmjv.eastus.aws.confluent.cloud:9092'),
    ('confluent-schema-registry', 'https://registry.example.com'),
    ('fabric-sql', 'https://api.fabric.microsoft.com/v1/workspaces/w'),
    ('neon-postgres', f'mysql://{NEON}/db'),
])
def test_an_address_of_another_form_is_refused(target, target_id):
    with pytest.raises(ValueError, match='not'):
        ExternalTarget(TARGETS[target]).read(None, target_id)
