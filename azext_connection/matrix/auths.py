"""One AuthSpec per auth type: its flag, the KEY=VALUE keys it takes, its help and its example.
_params, _help and _validators read only these records."""
from typing import Mapping, NamedTuple, Tuple

from .kinds import AuthType


class AuthSpec(NamedTuple):
    """Everything about one auth flag: what it takes, how it is parsed, how help shows it."""
    type: AuthType
    flag: str
    dest: str                            # the handler keyword argparse fills
    keys: Tuple[str, ...]                # KEY=VALUE keys it accepts
    required: Tuple[str, ...]            # keys it must have
    help: str
    example: str
    argparse: Mapping[str, object]       # nargs / action
    guid_keys: Tuple[str, ...] = ()      # keys whose values must be GUIDs


# mysql-flexible only: the user-assigned identity a MySQL server needs for its Microsoft Entra admin (the core
# CLI's key). Without it the server's own user-assigned identity is used, when it has exactly one.
SERVER_IDENTITY = 'mysql-identity-id'
_SERVER_IDENTITY_HELP = ('mysql-identity-id= (mysql-flexible only, when the server has no Microsoft Entra admin yet): '
                         'the resource id of the user-assigned identity the server uses for Microsoft Entra auth; '
                         'it is attached to the server if it is not.')

AUTHS = {spec.type: spec for spec in (
    AuthSpec(AuthType.SECRET, '--secret', 'secret', keys=('name', 'secret'), required=(),
             help="The secret auth info. For a database, its login: --secret name=XX secret=XX (secret=@FILE reads "
                  "the password from a file; it is never printed, logged or kept). For every other target it takes "
                  "no values: the target's own key is read and written into the source. Usage: --secret "
                  "[name=XX secret=XX]",
             example='--secret', argparse={'nargs': '*'}),
    AuthSpec(AuthType.SYSTEM_IDENTITY, '--system-identity', 'system_identity', keys=(SERVER_IDENTITY,), required=(),
             help='The system assigned identity auth info. Usage: --system-identity [mysql-identity-id=XX]. '
                  + _SERVER_IDENTITY_HELP,
             example='--system-identity', argparse={'nargs': '*'}),
    AuthSpec(AuthType.USER_IDENTITY, '--user-identity', 'user_identity', keys=('client-id', 'subs-id', SERVER_IDENTITY),
             required=('client-id', 'subs-id'), guid_keys=('client-id', 'subs-id'),
             help='The user assigned identity auth info. Usage: --user-identity client-id=XX subs-id=XX '
                  '[mysql-identity-id=XX]. ' + _SERVER_IDENTITY_HELP,
             example='--user-identity client-id=XX subs-id=XX', argparse={'nargs': '+'}),
    AuthSpec(AuthType.SERVICE_PRINCIPAL, '--service-principal', 'service_principal',
             keys=('client-id', 'secret', 'object-id', SERVER_IDENTITY), required=('client-id', 'secret'),
             guid_keys=('client-id', 'object-id'),
             help='The service principal auth info. Usage: --service-principal client-id=XX secret=XX '
                  '[object-id=XX] [mysql-identity-id=XX]. Without object-id= it is looked up in Microsoft Graph; '
                  'secret=@FILE reads the secret from a file. ' + _SERVER_IDENTITY_HELP,
             example='--service-principal client-id=XX secret=XX object-id=XX', argparse={'nargs': '+'}),
    # No flag and no dest: nothing on the command line selects it; it is the only auth of the targets
    # that offer it (a container app to a container app).
    AuthSpec(AuthType.NONE, '', '', keys=(), required=(), help='No auth: the connection carries no credential.',
             example='', argparse={}),
)}
