"""Confluent Cloud on Azure (how-to-integrate-confluent-kafka): a Kafka bootstrap server and its schema
registry, outside Azure Resource Manager. As in the core CLI one create makes two connections, `<name>`
(the bootstrap server, --kafka-key/--kafka-secret) and `<name>_schema` (the schema registry,
--schema-key/--schema-secret); here one plan writes both (see TargetSpec.companions), and afterwards each is
a connection of its own, which an update can point at a new address. Both addresses must be Confluent's
Azure ones (`azure.confluent.cloud`). The keys and secrets are the user's: nothing reads them back, so an
update asks for the secret again. The docs
(2022) name the same AZURE_CONFLUENTCLOUD* names for every SDK client; go and dotnet-internal, which the core
CLI offers and the page does not show, get them too."""
from ..kinds import AuthType as A, ClientType as C, Value as V
from ..specs import ArgSpec
from ..target_specs import External, Naming, Network, Setting, TargetSpec, Template as T

_CLIENTS = (C.DOTNET, C.DOTNET_INTERNAL, C.JAVA, C.PYTHON, C.GO, C.NONE)
_DOMAIN = 'azure.confluent.cloud'
_SASL = T("org.apache.kafka.common.security.plain.PlainLoginModule required username='{USERNAME}' "
          "password='{PASSWORD}';")


def _key(dest, flag, what):
    return ArgSpec(dest, (flag,), f'The {what} API key (its name).', required=False, placeholder='Key')


def _secret(dest, flag, what):
    return ArgSpec(dest, (flag,), f'The {what} API key secret (@FILE reads it from a file). It is written into the '
                   'source only: never printed, logged or kept.', required=False, placeholder='Secret')


def _target(name, display, arg, *, prefix, names, spring, service_type, key, secret, flags, **extra):
    return TargetSpec(
        name=name, display=display, resource_type='', id_template='{' + arg.dest + '}', args=(arg,),
        auth_types=(A.SECRET,), default_auth=A.SECRET, roles=(), network=Network(), prefix=prefix,
        naming=(Naming(A.SECRET, _CLIENTS, tuple(Setting(n, v) for n, v in names)),
                Naming(A.SECRET, (C.SPRING_BOOT,), tuple(Setting(n, v) for n, v in spring), literal=True)),
        adapter='external', user_secret=True,
        external=External(service_type, given=((V.ENDPOINT, arg.dest),), readdressable=True),
        extra_args=(key, secret), secret_flags=(key.dest, secret.dest), secret_usage=flags, **extra)


CONFLUENT_CLOUD = _target(
    'confluent-cloud', 'Confluent Cloud Kafka bootstrap server',
    ArgSpec('bootstrap_server', ('--bootstrap-server',), 'The Kafka bootstrap server of the Confluent Cloud cluster.',
            placeholder='xxx.eastus.azure.confluent.cloud:9092', contains=_DOMAIN),
    prefix='AZURE_CONFLUENTCLOUDKAFKA', names=(('BOOTSTRAPSERVER', V.ENDPOINT), ('KAFKASASLCONFIG', _SASL)),
    spring=(('spring.kafka.properties.bootstrap.servers', V.ENDPOINT),
            ('spring.kafka.properties.sasl.jaas.config', _SASL)),
    service_type='ConfluentBootstrapServer', key=_key('kafka_key', '--kafka-key', 'Kafka'),
    secret=_secret('kafka_secret', '--kafka-secret', 'Kafka'), flags='--kafka-key KEY --kafka-secret SECRET',
    companions=('confluent-schema-registry',))

CONFLUENT_SCHEMA_REGISTRY = _target(
    'confluent-schema-registry', 'Confluent Cloud schema registry',
    ArgSpec('schema_registry', ('--schema-registry',), 'The schema registry URL of the Confluent Cloud environment.',
            placeholder='https://xxx.eastus.azure.confluent.cloud', contains=_DOMAIN),
    prefix='AZURE_CONFLUENTCLOUDSCHEMAREGISTRY', names=(('URL', V.ENDPOINT), ('USERINFO', T('{USERNAME}:{PASSWORD}'))),
    spring=(('spring.kafka.properties.schema.registry.url', V.ENDPOINT),
            ('spring.kafka.properties.schema.registry.basic.auth.user.info', T('{USERNAME}:{PASSWORD}'))),
    service_type='ConfluentSchemaRegistry', key=_key('schema_key', '--schema-key', 'schema registry'),
    secret=_secret('schema_secret', '--schema-secret', 'schema registry'),
    flags='--schema-key KEY --schema-secret SECRET',
    part_of='confluent-cloud', name_suffix='_schema')
