"""One TargetSpec per target type, one module per family. Names follow the public Service Connector docs
(how-to-integrate-*); roles follow concept-microsoft-entra-roles. Where the docs list no naming for a
client, that client is not offered."""
from .ai import APP_INSIGHTS, COGNITIVESERVICES
from .appconfig import APPCONFIG
from .confluent import CONFLUENT_CLOUD, CONFLUENT_SCHEMA_REGISTRY
from .containerapp import CONTAINERAPP
from .cosmos import COSMOS_CASSANDRA, COSMOS_GREMLIN, COSMOS_MONGO, COSMOS_SQL, COSMOS_TABLE
from .database import MYSQL, MYSQL_FLEXIBLE, POSTGRES, POSTGRES_FLEXIBLE, SQL
from .fabric import FABRIC_SQL
from .keyvault import KEYVAULT
from .messaging import EVENTHUB, SERVICEBUS
from .partner_databases import MONGODB_ATLAS, NEON_POSTGRES
from .redis import REDIS, REDIS_ENTERPRISE
from .signalr import SIGNALR, WEBPUBSUB
from .storage import STORAGE_BLOB, STORAGE_FILE, STORAGE_QUEUE, STORAGE_TABLE

TARGETS = {t.name: t.check() for t in (STORAGE_BLOB, STORAGE_QUEUE, STORAGE_TABLE, STORAGE_FILE, KEYVAULT,
                                       APPCONFIG, SERVICEBUS, EVENTHUB, POSTGRES_FLEXIBLE, MYSQL_FLEXIBLE, SQL,
                                       POSTGRES, MYSQL,
                                       SIGNALR, WEBPUBSUB, APP_INSIGHTS, COGNITIVESERVICES,
                                       COSMOS_SQL, COSMOS_MONGO, COSMOS_CASSANDRA, COSMOS_GREMLIN, COSMOS_TABLE,
                                       REDIS, REDIS_ENTERPRISE,
                                       CONFLUENT_CLOUD, CONFLUENT_SCHEMA_REGISTRY, NEON_POSTGRES, MONGODB_ATLAS,
                                       FABRIC_SQL, CONTAINERAPP)}
