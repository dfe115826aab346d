"""One TargetSpec per target type, one module per family. Names follow the public Service Connector docs
(how-to-integrate-*); roles follow concept-microsoft-entra-roles. Where the docs list no naming for a
client, that client is not offered."""
from .appconfig import APPCONFIG
from .keyvault import KEYVAULT
from .messaging import EVENTHUB, SERVICEBUS
from .storage import STORAGE_BLOB, STORAGE_FILE, STORAGE_QUEUE, STORAGE_TABLE

TARGETS = {t.name: t.check() for t in (STORAGE_BLOB, STORAGE_QUEUE, STORAGE_TABLE, STORAGE_FILE, KEYVAULT,
                                       APPCONFIG, SERVICEBUS, EVENTHUB)}
