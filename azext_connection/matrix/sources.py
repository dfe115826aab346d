"""One SourceSpec per source kind."""
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
    targets=('storage-blob', 'storage-queue', 'storage-table', 'storage-file', 'keyvault'),
)

SOURCES = {s.name: s for s in (WEBAPP,)}
