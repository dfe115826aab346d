"""Turn command arguments into typed requests. No network I/O here: every check is on the
arguments and the matrix, and every error names the flag and how to fix it."""
import os
import re
import secrets as random_source

from azure.cli.core.azclierror import (ArgumentUsageError, InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)
from knack.log import get_logger

from azext_connection.matrix import AuthType, ClientType
from azext_connection.matrix.auths import AUTHS
from azext_connection.matrix.support import supported
from azext_connection.request import AuthInput
from azext_connection.sensitive import Secret

logger = get_logger(__name__)

# The service's rule for linker names (its own tools say "at most 60 characters"): checked before
# anything is read, since the name also becomes part of setting names.
_NAME = re.compile(r'^[A-Za-z0-9._]{1,60}$')
_GUID = re.compile(r'^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$')
_LINKER = '/providers/microsoft.servicelinker/linkers/'


def subscription_of(cmd):
    from azure.cli.core.commands.client_factory import get_subscription_id
    return get_subscription_id(cmd.cli_ctx)


def _pattern(template):
    """A case-insensitive regex for an id template ({x} matches one segment)."""
    return re.compile('^' + re.sub(r'\\{(\w+)\\}', r'(?P<\1>[^/]+)', re.escape(template)) + '$', re.IGNORECASE)


def _typed(cmd, spec, args):
    """Whether the user typed this argument (a configured default, such as `az config set
    defaults.group=...`, fills -g without being typed, and never conflicts with an id)."""
    if args.get(spec.dest) is None:
        return False
    typed = (getattr(cmd, 'cli_ctx', None) and cmd.cli_ctx.data.get('safe_params')) or None
    return typed is None or bool(set(spec.options) & set(typed))


def _check_agrees(cmd, id_flag, parts, specs, args):
    """Arguments typed next to an id must name the same resource: otherwise which one was meant?"""
    for spec in specs:
        if not _typed(cmd, spec, args):
            continue
        if (parts.get(spec.dest) or '').lower() != str(args[spec.dest]).lower():
            raise MutuallyExclusiveArgumentError(
                f"{id_flag} and {spec.options[0]} name different resources ({spec.options[0]} "
                f"'{args[spec.dest]}', {id_flag} says '{parts.get(spec.dest) or 'none'}'). Give one of them.")


def source_id(cmd, source, args, id_flag='--source-id'):
    """The source's resource id (a scope that names a resource of its own, like a slot, included)."""
    given = args.get('source_id')
    if given:
        for template in source.id_templates():
            match = _pattern(template).match(given.rstrip('/'))
            if match:
                _check_agrees(cmd, id_flag, match.groupdict(),
                              source.args + tuple(s.arg for s in source.scopes if s.id_template), args)
                return given.rstrip('/')
        raise InvalidArgumentValueError(
            f"{id_flag} '{given}' is not a {source.display} id. Expected "
            + ' or '.join(reversed(source.id_templates())) + '.')
    names = {a.dest: args.get(a.dest) for a in source.args}
    missing = [a.options[0] for a in source.args if not names[a.dest]]
    if missing:
        raise RequiredArgumentMissingError(
            f"Missing {', '.join(missing)}: give {', '.join(a.options[0] for a in source.args)} or --source-id.")
    template = next((s.id_template for s in source.scopes if s.id_template and args.get(s.arg.dest)),
                    source.id_template)
    scoped = {s.arg.dest: args.get(s.arg.dest) for s in source.scopes if s.id_template}
    return template.format(subscription=subscription_of(cmd), **scoped, **names)


def inner_scope(source, args):
    """The part inside the source the connection is for (a container), from a scope without an id."""
    return {s.arg.dest: args[s.arg.dest] for s in source.scopes if not s.id_template and args.get(s.arg.dest)}


def target_id(cmd, target, args):
    given = args.get('target_id')
    if given:
        given = given.rstrip('/')
        match = _pattern(target.id_template).match(given)
        if match:
            _check_agrees(cmd, '--target-id', match.groupdict(), target.args, args)
            return given
        # A storage account id stands for its service: accept it and add the service part.
        account_form = target.id_template.rsplit('/', 2)[0] if target.adapter == 'storage' else None
        match = _pattern(account_form).match(given) if account_form else None
        if match:
            _check_agrees(cmd, '--target-id', match.groupdict(), target.args, args)
            return f"{given}/{target.id_template.rsplit('/', 2)[1]}/default"
        raise InvalidArgumentValueError(
            f"--target-id '{given}' is not a {target.display} id. Expected {target.id_template}.")
    names = {a.dest: args.get(a.dest) for a in target.args}
    missing = [a.options[-1] for a in target.args if not names[a.dest]]
    if missing:
        raise RequiredArgumentMissingError(
            f"Missing {', '.join(missing)}: give {', '.join(a.options[-1] for a in target.args)} or --target-id.")
    return target.id_template.format(subscription=subscription_of(cmd), **names)


def connection_locator(cmd, source, args):
    """(source id, connection name) from --id or from the source arguments and --connection."""
    given = args.get('id')
    if given:
        lowered = given.lower()
        if _LINKER not in lowered:
            raise InvalidArgumentValueError(
                f"--id '{given}' is not a connection id. Expected "
                "<source id>/providers/Microsoft.ServiceLinker/linkers/<name>.")
        index = lowered.index(_LINKER)
        name = given[index + len(_LINKER):].strip('/')
        if args.get('connection') and args['connection'].lower() != name.lower():
            raise MutuallyExclusiveArgumentError(
                f"--id and --connection name different connections ('{name}' and '{args['connection']}'). "
                "Give one of them.")
        if args.get('source_id') and args['source_id'].rstrip('/').lower() != given[:index].lower():
            raise MutuallyExclusiveArgumentError('--id and --source-id name different sources. Give one of them.')
        source = source_id(cmd, source, {**args, 'source_id': given[:index]}, id_flag='--id')
        return source, check_name(name, '--id')
    if not args.get('connection'):
        raise RequiredArgumentMissingError('Missing --connection: give --connection with the source arguments, '
                                           'or --id.')
    return source_id(cmd, source, args), check_name(args['connection'], '--connection')


def check_name(name, flag='--connection'):
    if not _NAME.match(name or ''):
        raise InvalidArgumentValueError(
            f"{flag} '{name}' is not a valid connection name: use 1 to 60 letters (A-Z, a-z), numbers (0-9), "
            "periods ('.') and underscores ('_').")
    return name


def connection_name(target, given):
    if given:
        return check_name(given)
    suffix = ''.join(random_source.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(5))
    name = f"{target.name.replace('-', '')}_{suffix}"
    logger.warning('Connection name is not specified, use generated one: --connection %s', name)
    return name


def _pairs(values, flag, allowed, required):
    pairs = {}
    for item in values or []:
        key, sep, value = item.partition('=')
        if not sep or not value:
            raise ArgumentUsageError(f'Usage error: {flag} {" ".join(k + "=XX" for k in allowed)}; got "{item}".')
        if key not in allowed:
            raise InvalidArgumentValueError(
                f"Unsupported key '{key}' for {flag}. All possible keys are: {', '.join(allowed)}.")
        pairs[key] = value
    missing = [k for k in required if k not in pairs]
    if missing:
        raise RequiredArgumentMissingError(f"Required keys missing for {flag}: {', '.join(k + '=' for k in missing)}.")
    return pairs


def auth_input(source, target, args, default=None):
    """The AuthInput the flags ask for; the pair's default (with a warning) when none is given."""
    support = supported(source, target)
    given = [spec for spec in AUTHS.values() if args.get(spec.dest) not in (None, False)]
    if len(given) > 1:
        raise MutuallyExclusiveArgumentError(f"Only one auth info is needed: {', '.join(a.flag for a in given)}.")
    if not given:
        if default is not None:
            return default
        if support.default_auth is AuthType.SECRET and target.user_secret:
            raise RequiredArgumentMissingError(
                f'Missing auth info for {target.name}: give --secret name=USER secret=PASSWORD (secret=@FILE reads '
                'the password from a file)' + (', or ' + ', '.join(a.flag for a in support.auth_types[1:])
                                               if len(support.auth_types) > 1 else '') + '.')
        logger.warning('Auth info is not specified, use default one: %s', support.default_auth.flag)
        return AuthInput(support.default_auth)
    spec = given[0]
    if spec.type not in support.auth_types:
        raise InvalidArgumentValueError(
            f"{target.name} does not support {spec.flag} from a {source.display}. Supported: "
            + ', '.join(a.flag for a in support.auth_types) + '.')
    values = args.get(spec.dest)
    if spec.type is AuthType.SECRET:
        return _secret_input(target, values)
    if not spec.keys:
        return AuthInput(spec.type)
    pairs = _pairs(values, spec.flag, spec.keys, spec.required)
    _check_guid(pairs, spec.flag, [k for k in spec.guid_keys if k in pairs])
    if spec.type is AuthType.USER_IDENTITY:
        return AuthInput(spec.type, client_id=pairs['client-id'], subscription_id=pairs['subs-id'])
    # Without object-id= the service principal is looked up in Microsoft Graph by its client id.
    return AuthInput(spec.type, client_id=pairs['client-id'], object_id=pairs.get('object-id'),
                     secret=Secret(_secret_value(pairs['secret'])))


def _secret_input(target, values):
    """--secret: no values where the target's key is read for you; name= and secret= where the secret is
    the user's own (a database login)."""
    if not target.user_secret:
        if values:
            raise InvalidArgumentValueError(
                f"--secret takes no values for {target.name}: the target's key is read for you. Usage: --secret")
        return AuthInput(AuthType.SECRET)
    if not values:
        raise RequiredArgumentMissingError(
            f'--secret needs the database login for {target.name}: --secret name=USER secret=PASSWORD '
            '(secret=@FILE reads the password from a file).')
    pairs = _pairs(values, '--secret', ('name', 'secret'), ('name', 'secret'))
    return AuthInput(AuthType.SECRET, user_name=pairs['name'],
                     secret=Secret(_secret_value(pairs['secret'], '--secret')))


def _secret_value(value, flag='--service-principal'):
    """`secret=@FILE` reads the secret from a file, keeping it off the command line (and so out of
    shell history and of the argument echo `az --debug` prints before any extension runs)."""
    if not value.startswith('@'):
        return value
    try:
        with open(os.path.expanduser(value[1:]), encoding='utf-8') as handle:
            return handle.read().strip()
    except OSError as error:
        raise InvalidArgumentValueError(f'{flag} secret={value}: cannot read the file ({error.strerror}).') from error


def _check_guid(pairs, flag, keys):
    for key in keys:
        if not _GUID.match(pairs[key]):
            raise InvalidArgumentValueError(f"{flag} {key}='{pairs[key]}' is not a GUID.")


def client_type(source, target, auth, value):
    """The ClientType asked for, checked against what the pair names for this auth; None = detect."""
    if value is None:
        return None
    client = ClientType(value)
    offered = supported(source, target).clients_for(target, auth.type)
    if client not in offered:
        raise InvalidArgumentValueError(
            f"--client-type {value} is not supported for {target.name} with {auth.type.flag}. Supported: "
            + ', '.join(c.value for c in offered) + '.')
    return client
