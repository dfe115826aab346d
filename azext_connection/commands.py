# Generated from azext_connection/matrix by scripts/generate_commands.py: edit the matrix or the generator,
# then run it (tests/unit/test_generated.py fails while this file is stale).
"""Registers `az <source> connection ...` for every source and target in the matrix.

A command line that names a source's `connection` group registers every command of that source; one that
names no command (docs, linters) registers them all. Any other (`az webapp list`) registers each source's
`list` only: enough for azure-cli's command index to send `az <source> ...` here (it rebuilds the index
from the table of whatever command triggered a full load), and registering loads no target record.
"""
from azext_connection._registration import named_group


def load_command_table(self, args):
    top, second = named_group(args)
    for source, load in _SOURCES.items():
        load(self, only_list=top is not None and (top != source or second != 'connection'))


def _webapp(self, only_list):
    with self.command_group('webapp connection', is_preview=True) as g:
        g.connection_command('list', 'list', 'webapp')
        if only_list:
            return
        g.connection_command('show', 'show', 'webapp')
        g.connection_command('delete', 'delete', 'webapp')
        g.connection_command('list-configuration', 'list-configuration', 'webapp')
        g.connection_command('validate', 'validate', 'webapp')
        g.connection_command('list-support-types', 'list-support-types', 'webapp')
        g.connection_command('wait', 'wait', 'webapp')
    _webapp_create(self)
    _webapp_update(self)


def _webapp_create(self):
    with self.command_group('webapp connection create', is_preview=True) as g:
        g.connection_command('storage-blob', 'create', 'webapp', 'storage-blob')
        g.connection_command('storage-queue', 'create', 'webapp', 'storage-queue')
        g.connection_command('storage-table', 'create', 'webapp', 'storage-table')
        g.connection_command('storage-file', 'create', 'webapp', 'storage-file')
        g.connection_command('keyvault', 'create', 'webapp', 'keyvault')
        g.connection_command('appconfig', 'create', 'webapp', 'appconfig')
        g.connection_command('servicebus', 'create', 'webapp', 'servicebus')
        g.connection_command('eventhub', 'create', 'webapp', 'eventhub')
        g.connection_command('postgres-flexible', 'create', 'webapp', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'create', 'webapp', 'mysql-flexible')
        g.connection_command('sql', 'create', 'webapp', 'sql')
        g.connection_command('postgres', 'create', 'webapp', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'create', 'webapp', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'create', 'webapp', 'signalr')
        g.connection_command('webpubsub', 'create', 'webapp', 'webpubsub')
        g.connection_command('app-insights', 'create', 'webapp', 'app-insights')
        g.connection_command('cognitiveservices', 'create', 'webapp', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'create', 'webapp', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'create', 'webapp', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'create', 'webapp', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'create', 'webapp', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'create', 'webapp', 'cosmos-table')
        g.connection_command('redis', 'create', 'webapp', 'redis')
        g.connection_command('redis-enterprise', 'create', 'webapp', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'create', 'webapp', 'confluent-cloud')
        g.connection_command('neon-postgres', 'create', 'webapp', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'create', 'webapp', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'create', 'webapp', 'fabric-sql')


def _webapp_update(self):
    with self.command_group('webapp connection update', is_preview=True) as g:
        g.connection_command('storage-blob', 'update', 'webapp', 'storage-blob')
        g.connection_command('storage-queue', 'update', 'webapp', 'storage-queue')
        g.connection_command('storage-table', 'update', 'webapp', 'storage-table')
        g.connection_command('storage-file', 'update', 'webapp', 'storage-file')
        g.connection_command('keyvault', 'update', 'webapp', 'keyvault')
        g.connection_command('appconfig', 'update', 'webapp', 'appconfig')
        g.connection_command('servicebus', 'update', 'webapp', 'servicebus')
        g.connection_command('eventhub', 'update', 'webapp', 'eventhub')
        g.connection_command('postgres-flexible', 'update', 'webapp', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'update', 'webapp', 'mysql-flexible')
        g.connection_command('sql', 'update', 'webapp', 'sql')
        g.connection_command('postgres', 'update', 'webapp', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'update', 'webapp', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'update', 'webapp', 'signalr')
        g.connection_command('webpubsub', 'update', 'webapp', 'webpubsub')
        g.connection_command('app-insights', 'update', 'webapp', 'app-insights')
        g.connection_command('cognitiveservices', 'update', 'webapp', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'update', 'webapp', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'update', 'webapp', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'update', 'webapp', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'update', 'webapp', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'update', 'webapp', 'cosmos-table')
        g.connection_command('redis', 'update', 'webapp', 'redis')
        g.connection_command('redis-enterprise', 'update', 'webapp', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'update', 'webapp', 'confluent-cloud')
        g.connection_command('neon-postgres', 'update', 'webapp', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'update', 'webapp', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'update', 'webapp', 'fabric-sql')


def _functionapp(self, only_list):
    with self.command_group('functionapp connection', is_preview=True) as g:
        g.connection_command('list', 'list', 'functionapp')
        if only_list:
            return
        g.connection_command('show', 'show', 'functionapp')
        g.connection_command('delete', 'delete', 'functionapp')
        g.connection_command('list-configuration', 'list-configuration', 'functionapp')
        g.connection_command('validate', 'validate', 'functionapp')
        g.connection_command('list-support-types', 'list-support-types', 'functionapp')
        g.connection_command('wait', 'wait', 'functionapp')
    _functionapp_create(self)
    _functionapp_update(self)


def _functionapp_create(self):
    with self.command_group('functionapp connection create', is_preview=True) as g:
        g.connection_command('storage-blob', 'create', 'functionapp', 'storage-blob')
        g.connection_command('storage-queue', 'create', 'functionapp', 'storage-queue')
        g.connection_command('storage-table', 'create', 'functionapp', 'storage-table')
        g.connection_command('storage-file', 'create', 'functionapp', 'storage-file')
        g.connection_command('keyvault', 'create', 'functionapp', 'keyvault')
        g.connection_command('appconfig', 'create', 'functionapp', 'appconfig')
        g.connection_command('servicebus', 'create', 'functionapp', 'servicebus')
        g.connection_command('eventhub', 'create', 'functionapp', 'eventhub')
        g.connection_command('postgres-flexible', 'create', 'functionapp', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'create', 'functionapp', 'mysql-flexible')
        g.connection_command('sql', 'create', 'functionapp', 'sql')
        g.connection_command('postgres', 'create', 'functionapp', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'create', 'functionapp', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'create', 'functionapp', 'signalr')
        g.connection_command('webpubsub', 'create', 'functionapp', 'webpubsub')
        g.connection_command('app-insights', 'create', 'functionapp', 'app-insights')
        g.connection_command('cognitiveservices', 'create', 'functionapp', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'create', 'functionapp', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'create', 'functionapp', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'create', 'functionapp', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'create', 'functionapp', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'create', 'functionapp', 'cosmos-table')
        g.connection_command('redis', 'create', 'functionapp', 'redis')
        g.connection_command('redis-enterprise', 'create', 'functionapp', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'create', 'functionapp', 'confluent-cloud')
        g.connection_command('neon-postgres', 'create', 'functionapp', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'create', 'functionapp', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'create', 'functionapp', 'fabric-sql')


def _functionapp_update(self):
    with self.command_group('functionapp connection update', is_preview=True) as g:
        g.connection_command('storage-blob', 'update', 'functionapp', 'storage-blob')
        g.connection_command('storage-queue', 'update', 'functionapp', 'storage-queue')
        g.connection_command('storage-table', 'update', 'functionapp', 'storage-table')
        g.connection_command('storage-file', 'update', 'functionapp', 'storage-file')
        g.connection_command('keyvault', 'update', 'functionapp', 'keyvault')
        g.connection_command('appconfig', 'update', 'functionapp', 'appconfig')
        g.connection_command('servicebus', 'update', 'functionapp', 'servicebus')
        g.connection_command('eventhub', 'update', 'functionapp', 'eventhub')
        g.connection_command('postgres-flexible', 'update', 'functionapp', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'update', 'functionapp', 'mysql-flexible')
        g.connection_command('sql', 'update', 'functionapp', 'sql')
        g.connection_command('postgres', 'update', 'functionapp', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'update', 'functionapp', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'update', 'functionapp', 'signalr')
        g.connection_command('webpubsub', 'update', 'functionapp', 'webpubsub')
        g.connection_command('app-insights', 'update', 'functionapp', 'app-insights')
        g.connection_command('cognitiveservices', 'update', 'functionapp', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'update', 'functionapp', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'update', 'functionapp', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'update', 'functionapp', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'update', 'functionapp', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'update', 'functionapp', 'cosmos-table')
        g.connection_command('redis', 'update', 'functionapp', 'redis')
        g.connection_command('redis-enterprise', 'update', 'functionapp', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'update', 'functionapp', 'confluent-cloud')
        g.connection_command('neon-postgres', 'update', 'functionapp', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'update', 'functionapp', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'update', 'functionapp', 'fabric-sql')


def _containerapp(self, only_list):
    with self.command_group('containerapp connection', is_preview=True) as g:
        g.connection_command('list', 'list', 'containerapp')
        if only_list:
            return
        g.connection_command('show', 'show', 'containerapp')
        g.connection_command('delete', 'delete', 'containerapp')
        g.connection_command('list-configuration', 'list-configuration', 'containerapp')
        g.connection_command('validate', 'validate', 'containerapp')
        g.connection_command('list-support-types', 'list-support-types', 'containerapp')
        g.connection_command('wait', 'wait', 'containerapp')
    _containerapp_create(self)
    _containerapp_update(self)


def _containerapp_create(self):
    with self.command_group('containerapp connection create', is_preview=True) as g:
        g.connection_command('storage-blob', 'create', 'containerapp', 'storage-blob')
        g.connection_command('storage-queue', 'create', 'containerapp', 'storage-queue')
        g.connection_command('storage-table', 'create', 'containerapp', 'storage-table')
        g.connection_command('storage-file', 'create', 'containerapp', 'storage-file')
        g.connection_command('keyvault', 'create', 'containerapp', 'keyvault')
        g.connection_command('appconfig', 'create', 'containerapp', 'appconfig')
        g.connection_command('servicebus', 'create', 'containerapp', 'servicebus')
        g.connection_command('eventhub', 'create', 'containerapp', 'eventhub')
        g.connection_command('postgres-flexible', 'create', 'containerapp', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'create', 'containerapp', 'mysql-flexible')
        g.connection_command('sql', 'create', 'containerapp', 'sql')
        g.connection_command('postgres', 'create', 'containerapp', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'create', 'containerapp', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'create', 'containerapp', 'signalr')
        g.connection_command('webpubsub', 'create', 'containerapp', 'webpubsub')
        g.connection_command('app-insights', 'create', 'containerapp', 'app-insights')
        g.connection_command('cognitiveservices', 'create', 'containerapp', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'create', 'containerapp', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'create', 'containerapp', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'create', 'containerapp', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'create', 'containerapp', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'create', 'containerapp', 'cosmos-table')
        g.connection_command('redis', 'create', 'containerapp', 'redis')
        g.connection_command('redis-enterprise', 'create', 'containerapp', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'create', 'containerapp', 'confluent-cloud')
        g.connection_command('neon-postgres', 'create', 'containerapp', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'create', 'containerapp', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'create', 'containerapp', 'fabric-sql')
        g.connection_command('containerapp', 'create', 'containerapp', 'containerapp')


def _containerapp_update(self):
    with self.command_group('containerapp connection update', is_preview=True) as g:
        g.connection_command('storage-blob', 'update', 'containerapp', 'storage-blob')
        g.connection_command('storage-queue', 'update', 'containerapp', 'storage-queue')
        g.connection_command('storage-table', 'update', 'containerapp', 'storage-table')
        g.connection_command('storage-file', 'update', 'containerapp', 'storage-file')
        g.connection_command('keyvault', 'update', 'containerapp', 'keyvault')
        g.connection_command('appconfig', 'update', 'containerapp', 'appconfig')
        g.connection_command('servicebus', 'update', 'containerapp', 'servicebus')
        g.connection_command('eventhub', 'update', 'containerapp', 'eventhub')
        g.connection_command('postgres-flexible', 'update', 'containerapp', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'update', 'containerapp', 'mysql-flexible')
        g.connection_command('sql', 'update', 'containerapp', 'sql')
        g.connection_command('postgres', 'update', 'containerapp', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'update', 'containerapp', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'update', 'containerapp', 'signalr')
        g.connection_command('webpubsub', 'update', 'containerapp', 'webpubsub')
        g.connection_command('app-insights', 'update', 'containerapp', 'app-insights')
        g.connection_command('cognitiveservices', 'update', 'containerapp', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'update', 'containerapp', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'update', 'containerapp', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'update', 'containerapp', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'update', 'containerapp', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'update', 'containerapp', 'cosmos-table')
        g.connection_command('redis', 'update', 'containerapp', 'redis')
        g.connection_command('redis-enterprise', 'update', 'containerapp', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'update', 'containerapp', 'confluent-cloud')
        g.connection_command('neon-postgres', 'update', 'containerapp', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'update', 'containerapp', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'update', 'containerapp', 'fabric-sql')
        g.connection_command('containerapp', 'update', 'containerapp', 'containerapp')


def _spring(self, only_list):
    with self.command_group('spring connection', is_preview=True) as g:
        g.connection_command('list', 'list', 'spring')
        if only_list:
            return
        g.connection_command('show', 'show', 'spring')
        g.connection_command('delete', 'delete', 'spring')
        g.connection_command('list-configuration', 'list-configuration', 'spring')
        g.connection_command('validate', 'validate', 'spring')
        g.connection_command('list-support-types', 'list-support-types', 'spring')
        g.connection_command('wait', 'wait', 'spring')
    _spring_create(self)
    _spring_update(self)


def _spring_create(self):
    with self.command_group('spring connection create', is_preview=True) as g:
        g.connection_command('storage-blob', 'create', 'spring', 'storage-blob')
        g.connection_command('storage-queue', 'create', 'spring', 'storage-queue')
        g.connection_command('storage-table', 'create', 'spring', 'storage-table')
        g.connection_command('storage-file', 'create', 'spring', 'storage-file')
        g.connection_command('keyvault', 'create', 'spring', 'keyvault')
        g.connection_command('appconfig', 'create', 'spring', 'appconfig')
        g.connection_command('servicebus', 'create', 'spring', 'servicebus')
        g.connection_command('eventhub', 'create', 'spring', 'eventhub')
        g.connection_command('postgres-flexible', 'create', 'spring', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'create', 'spring', 'mysql-flexible')
        g.connection_command('sql', 'create', 'spring', 'sql')
        g.connection_command('postgres', 'create', 'spring', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'create', 'spring', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'create', 'spring', 'signalr')
        g.connection_command('webpubsub', 'create', 'spring', 'webpubsub')
        g.connection_command('app-insights', 'create', 'spring', 'app-insights')
        g.connection_command('cognitiveservices', 'create', 'spring', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'create', 'spring', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'create', 'spring', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'create', 'spring', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'create', 'spring', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'create', 'spring', 'cosmos-table')
        g.connection_command('redis', 'create', 'spring', 'redis')
        g.connection_command('redis-enterprise', 'create', 'spring', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'create', 'spring', 'confluent-cloud')
        g.connection_command('neon-postgres', 'create', 'spring', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'create', 'spring', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'create', 'spring', 'fabric-sql')


def _spring_update(self):
    with self.command_group('spring connection update', is_preview=True) as g:
        g.connection_command('storage-blob', 'update', 'spring', 'storage-blob')
        g.connection_command('storage-queue', 'update', 'spring', 'storage-queue')
        g.connection_command('storage-table', 'update', 'spring', 'storage-table')
        g.connection_command('storage-file', 'update', 'spring', 'storage-file')
        g.connection_command('keyvault', 'update', 'spring', 'keyvault')
        g.connection_command('appconfig', 'update', 'spring', 'appconfig')
        g.connection_command('servicebus', 'update', 'spring', 'servicebus')
        g.connection_command('eventhub', 'update', 'spring', 'eventhub')
        g.connection_command('postgres-flexible', 'update', 'spring', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'update', 'spring', 'mysql-flexible')
        g.connection_command('sql', 'update', 'spring', 'sql')
        g.connection_command('postgres', 'update', 'spring', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'update', 'spring', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'update', 'spring', 'signalr')
        g.connection_command('webpubsub', 'update', 'spring', 'webpubsub')
        g.connection_command('app-insights', 'update', 'spring', 'app-insights')
        g.connection_command('cognitiveservices', 'update', 'spring', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'update', 'spring', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'update', 'spring', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'update', 'spring', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'update', 'spring', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'update', 'spring', 'cosmos-table')
        g.connection_command('redis', 'update', 'spring', 'redis')
        g.connection_command('redis-enterprise', 'update', 'spring', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'update', 'spring', 'confluent-cloud')
        g.connection_command('neon-postgres', 'update', 'spring', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'update', 'spring', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'update', 'spring', 'fabric-sql')


def _spring_cloud(self, only_list):
    with self.command_group('spring-cloud connection', is_preview=True) as g:
        g.connection_command('list', 'list', 'spring-cloud')
        if only_list:
            return
        g.connection_command('show', 'show', 'spring-cloud')
        g.connection_command('delete', 'delete', 'spring-cloud')
        g.connection_command('list-configuration', 'list-configuration', 'spring-cloud')
        g.connection_command('validate', 'validate', 'spring-cloud')
        g.connection_command('list-support-types', 'list-support-types', 'spring-cloud')
        g.connection_command('wait', 'wait', 'spring-cloud')
    _spring_cloud_create(self)
    _spring_cloud_update(self)


def _spring_cloud_create(self):
    with self.command_group('spring-cloud connection create', is_preview=True) as g:
        g.connection_command('storage-blob', 'create', 'spring-cloud', 'storage-blob')
        g.connection_command('storage-queue', 'create', 'spring-cloud', 'storage-queue')
        g.connection_command('storage-table', 'create', 'spring-cloud', 'storage-table')
        g.connection_command('storage-file', 'create', 'spring-cloud', 'storage-file')
        g.connection_command('keyvault', 'create', 'spring-cloud', 'keyvault')
        g.connection_command('appconfig', 'create', 'spring-cloud', 'appconfig')
        g.connection_command('servicebus', 'create', 'spring-cloud', 'servicebus')
        g.connection_command('eventhub', 'create', 'spring-cloud', 'eventhub')
        g.connection_command('postgres-flexible', 'create', 'spring-cloud', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'create', 'spring-cloud', 'mysql-flexible')
        g.connection_command('sql', 'create', 'spring-cloud', 'sql')
        g.connection_command('postgres', 'create', 'spring-cloud', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'create', 'spring-cloud', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'create', 'spring-cloud', 'signalr')
        g.connection_command('webpubsub', 'create', 'spring-cloud', 'webpubsub')
        g.connection_command('app-insights', 'create', 'spring-cloud', 'app-insights')
        g.connection_command('cognitiveservices', 'create', 'spring-cloud', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'create', 'spring-cloud', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'create', 'spring-cloud', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'create', 'spring-cloud', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'create', 'spring-cloud', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'create', 'spring-cloud', 'cosmos-table')
        g.connection_command('redis', 'create', 'spring-cloud', 'redis')
        g.connection_command('redis-enterprise', 'create', 'spring-cloud', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'create', 'spring-cloud', 'confluent-cloud')
        g.connection_command('neon-postgres', 'create', 'spring-cloud', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'create', 'spring-cloud', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'create', 'spring-cloud', 'fabric-sql')


def _spring_cloud_update(self):
    with self.command_group('spring-cloud connection update', is_preview=True) as g:
        g.connection_command('storage-blob', 'update', 'spring-cloud', 'storage-blob')
        g.connection_command('storage-queue', 'update', 'spring-cloud', 'storage-queue')
        g.connection_command('storage-table', 'update', 'spring-cloud', 'storage-table')
        g.connection_command('storage-file', 'update', 'spring-cloud', 'storage-file')
        g.connection_command('keyvault', 'update', 'spring-cloud', 'keyvault')
        g.connection_command('appconfig', 'update', 'spring-cloud', 'appconfig')
        g.connection_command('servicebus', 'update', 'spring-cloud', 'servicebus')
        g.connection_command('eventhub', 'update', 'spring-cloud', 'eventhub')
        g.connection_command('postgres-flexible', 'update', 'spring-cloud', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'update', 'spring-cloud', 'mysql-flexible')
        g.connection_command('sql', 'update', 'spring-cloud', 'sql')
        g.connection_command('postgres', 'update', 'spring-cloud', 'postgres', replaced_by='postgres-flexible')
        g.connection_command('mysql', 'update', 'spring-cloud', 'mysql', replaced_by='mysql-flexible')
        g.connection_command('signalr', 'update', 'spring-cloud', 'signalr')
        g.connection_command('webpubsub', 'update', 'spring-cloud', 'webpubsub')
        g.connection_command('app-insights', 'update', 'spring-cloud', 'app-insights')
        g.connection_command('cognitiveservices', 'update', 'spring-cloud', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'update', 'spring-cloud', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'update', 'spring-cloud', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'update', 'spring-cloud', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'update', 'spring-cloud', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'update', 'spring-cloud', 'cosmos-table')
        g.connection_command('redis', 'update', 'spring-cloud', 'redis')
        g.connection_command('redis-enterprise', 'update', 'spring-cloud', 'redis-enterprise')
        g.connection_command('confluent-cloud', 'update', 'spring-cloud', 'confluent-cloud')
        g.connection_command('neon-postgres', 'update', 'spring-cloud', 'neon-postgres')
        g.connection_command('mongodb-atlas', 'update', 'spring-cloud', 'mongodb-atlas')
        g.connection_command('fabric-sql', 'update', 'spring-cloud', 'fabric-sql')


def _container(self, only_list):
    with self.command_group('container connection', is_preview=True) as g:
        g.connection_command('list', 'list', 'container')
        if only_list:
            return
        g.connection_command('show', 'show', 'container')
        g.connection_command('delete', 'delete', 'container')
        g.connection_command('list-configuration', 'list-configuration', 'container')
        g.connection_command('validate', 'validate', 'container')
        g.connection_command('list-support-types', 'list-support-types', 'container')
        g.connection_command('wait', 'wait', 'container')
    _container_create(self)
    _container_update(self)


def _container_create(self):
    with self.command_group('container connection create', is_preview=True) as g:
        g.connection_command('storage-blob', 'create', 'container', 'storage-blob')
        g.connection_command('storage-queue', 'create', 'container', 'storage-queue')
        g.connection_command('storage-table', 'create', 'container', 'storage-table')
        g.connection_command('storage-file', 'create', 'container', 'storage-file')
        g.connection_command('keyvault', 'create', 'container', 'keyvault')
        g.connection_command('appconfig', 'create', 'container', 'appconfig')
        g.connection_command('servicebus', 'create', 'container', 'servicebus')
        g.connection_command('eventhub', 'create', 'container', 'eventhub')
        g.connection_command('postgres-flexible', 'create', 'container', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'create', 'container', 'mysql-flexible')
        g.connection_command('sql', 'create', 'container', 'sql')
        g.connection_command('signalr', 'create', 'container', 'signalr')
        g.connection_command('webpubsub', 'create', 'container', 'webpubsub')
        g.connection_command('app-insights', 'create', 'container', 'app-insights')
        g.connection_command('cognitiveservices', 'create', 'container', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'create', 'container', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'create', 'container', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'create', 'container', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'create', 'container', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'create', 'container', 'cosmos-table')
        g.connection_command('redis', 'create', 'container', 'redis')
        g.connection_command('redis-enterprise', 'create', 'container', 'redis-enterprise')
        g.connection_command('fabric-sql', 'create', 'container', 'fabric-sql')


def _container_update(self):
    with self.command_group('container connection update', is_preview=True) as g:
        g.connection_command('storage-blob', 'update', 'container', 'storage-blob')
        g.connection_command('storage-queue', 'update', 'container', 'storage-queue')
        g.connection_command('storage-table', 'update', 'container', 'storage-table')
        g.connection_command('storage-file', 'update', 'container', 'storage-file')
        g.connection_command('keyvault', 'update', 'container', 'keyvault')
        g.connection_command('appconfig', 'update', 'container', 'appconfig')
        g.connection_command('servicebus', 'update', 'container', 'servicebus')
        g.connection_command('eventhub', 'update', 'container', 'eventhub')
        g.connection_command('postgres-flexible', 'update', 'container', 'postgres-flexible')
        g.connection_command('mysql-flexible', 'update', 'container', 'mysql-flexible')
        g.connection_command('sql', 'update', 'container', 'sql')
        g.connection_command('signalr', 'update', 'container', 'signalr')
        g.connection_command('webpubsub', 'update', 'container', 'webpubsub')
        g.connection_command('app-insights', 'update', 'container', 'app-insights')
        g.connection_command('cognitiveservices', 'update', 'container', 'cognitiveservices')
        g.connection_command('cosmos-sql', 'update', 'container', 'cosmos-sql')
        g.connection_command('cosmos-mongo', 'update', 'container', 'cosmos-mongo')
        g.connection_command('cosmos-cassandra', 'update', 'container', 'cosmos-cassandra')
        g.connection_command('cosmos-gremlin', 'update', 'container', 'cosmos-gremlin')
        g.connection_command('cosmos-table', 'update', 'container', 'cosmos-table')
        g.connection_command('redis', 'update', 'container', 'redis')
        g.connection_command('redis-enterprise', 'update', 'container', 'redis-enterprise')
        g.connection_command('fabric-sql', 'update', 'container', 'fabric-sql')


_SOURCES = {
    'webapp': _webapp,
    'functionapp': _functionapp,
    'containerapp': _containerapp,
    'spring': _spring,
    'spring-cloud': _spring_cloud,
    'container': _container,
}
