"""Databases run by Azure partners, outside Azure Resource Manager as far as a connection goes.

Neon Serverless Postgres (how-to-integrate-neon-postgres): `--server` is the endpoint's host name
(ep-...<region>.azure.neon.tech) and `--database` the database; the login is the user's (`--secret name=USER
secret=PASSWORD`) and the values are the PostgreSQL ones of the docs (the same patterns as Azure's flexible
servers, under NEON_POSTGRESQL_*). The core CLI sends a fixed placeholder id; here the id is the database's
own address, postgresql://<server>/<database>, which `show` gives as a SelfHostedServer endpoint.

MongoDB Atlas (how-to-integrate-mongodb-atlas): the secret is the cluster's full connection string
(`--secret secret=mongodb+srv://USER:PASSWORD@HOST/...`, no name=), written as it is (Java's value is the
docs' `jdbc:` form of it). `--tg --server` only label it, in the core CLI's id. The docs have no Spring tab,
so springBoot (which the core CLI lists) is not offered."""
from ..kinds import AuthType as A, ClientType as C, Value as V
from ..specs import ArgSpec
from ..target_specs import External, Naming, Network, Setting, TargetSpec, Template as T
from .common import TG
from .database import postgres_namings

NEON_POSTGRES = TargetSpec(
    name='neon-postgres',
    display='Neon Serverless Postgres',
    resource_type='',
    id_template='postgresql://{server}/{database}',
    args=(ArgSpec('server', ('--server',), 'Host name of the Neon Serverless Postgres endpoint.',
                  placeholder='ep-xxx.eastus2.azure.neon.tech'),
          ArgSpec('database', ('--database',), 'Name of the database.', placeholder='neondb')),
    auth_types=(A.SECRET,),
    default_auth=A.SECRET,
    roles=(),
    network=Network(),
    prefix='NEON_POSTGRESQL',
    naming=postgres_namings(),
    adapter='external',
    user_secret=True,
    external=External('SelfHostedServer', given=((V.HOST, 'server'), (V.DATABASE, 'database'))),
)


def _atlas(clients, value):
    return Naming(A.SECRET, clients, (Setting('CONNECTIONSTRING', value, 'connection string'),))


MONGODB_ATLAS = TargetSpec(
    name='mongodb-atlas',
    display='MongoDB Atlas cluster',
    resource_type='',
    # The core CLI's id, placeholder subscription included: it labels the cluster, nothing reads it.
    id_template=('/subscriptions/aaaabbbb-0000-cccc-1111-dddd2222eeee/resourceGroups/{target_resource_group}/'
                 'providers/MongoDB.Atlas/organizations/{server}'),
    args=(TG._replace(help='The resource group which contains the MongoDB Atlas.'),
          ArgSpec('server', ('--server',), 'Name of the MongoDB Atlas server.', placeholder='MongoDBAtlasServer')),
    auth_types=(A.SECRET,),
    default_auth=A.SECRET,
    roles=(),
    network=Network(),
    prefix='MONGODBATLAS_CLUSTER',
    naming=(_atlas((C.DOTNET, C.DOTNET_INTERNAL), V.PASSWORD), _atlas((C.JAVA,), T('jdbc:{PASSWORD}')),
            _atlas((C.PYTHON, C.NODEJS, C.GO, C.PHP, C.RUBY, C.DJANGO, C.NONE), V.PASSWORD)),
    adapter='external',
    user_secret=True,
    secret_keys=('secret',),
    secret_usage='--secret secret=CONNECTION_STRING',
    external=External('AzureResource'),
)
