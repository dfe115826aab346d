"""One SourceSpec per source kind."""
from .specs import ArgSpec, SourceSpec

WEBAPP = SourceSpec(
    name='webapp',
    display='Web App',
    resource_type='Microsoft.Web/sites',
    id_template='/subscriptions/{subscription}/resourceGroups/{resource_group}/providers/Microsoft.Web/sites/{name}',
    args=(ArgSpec('resource_group', ('--resource-group', '-g'), 'The resource group which contains the webapp.'),
          ArgSpec('name', ('--name', '-n'), 'Name of the webapp.')),
    optional_args=(ArgSpec('slot', ('--slot',), 'The name of the slot. Default to the production slot.',
                           required=False),),
    slot_id_template=('/subscriptions/{subscription}/resourceGroups/{resource_group}'
                      '/providers/Microsoft.Web/sites/{name}/slots/{slot}'),
    adapter='webapp',
    targets=('storage-blob', 'storage-queue', 'storage-table', 'storage-file', 'keyvault'),
)

SOURCES = {s.name: s for s in (WEBAPP,)}
