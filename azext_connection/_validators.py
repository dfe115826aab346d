"""Turn command arguments into typed requests. No network I/O here: every check is on the
arguments and the matrix, and every error names the flag and how to fix it."""
import os
import re
import secrets as random_source

from azure.cli.core.azclierror import (ArgumentUsageError, InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)
from knack.log import get_logger

from azext_connection.matrix import AuthType, ClientType, OptOut
from azext_connection.matrix.auths import AUTHS, SERVER_IDENTITY
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
    if given and not has_target_id_flag(target):
        raise InvalidArgumentValueError(f"{target.name} takes no --target-id: give "
                                        + ', '.join(a.options[-1] for a in target.args) + '.')
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
            f"Missing {', '.join(missing)}: give {', '.join(a.options[-1] for a in target.args)}"
            + (' or --target-id.' if has_target_id_flag(target) else '.'))
    for arg in target.args:
        if arg.contains and arg.contains not in str(names[arg.dest]).lower():
            raise InvalidArgumentValueError(
                f"{arg.options[0]} '{names[arg.dest]}' is not a {target.display} address: it must be in "
                f"{arg.contains} ({arg.placeholder}).")
    if target.arm:
        return target.id_template.format(subscription=subscription_of(cmd), **names)
    return target.id_template.format(**names)


def has_target_id_flag(target):
    """Whether --target-id can name the target: every ARM target, and those outside ARM whose id is an
    address of their own (a Fabric SQL database's REST URL), as in the core CLI."""
    return target.arm or target.external.target_id_flag


def target_props(target, args, default=None):
    """{key: value} of what the user gives about a target outside ARM (Fabric's --connstr-props Server=
    Database=), each key under its record's name; `default` (the record's) when the flag is not given."""
    external = target.external
    if external is None or not external.props:
        return {}
    flag = next(a.options[0] for a in target.extra_args if a.dest == external.props_arg)
    keys = ' '.join(f'{k}=<{k.lower()}>' for k, _ in external.props)
    values = args.get(external.props_arg)
    if not values:
        if default:
            return dict(default)
        raise RequiredArgumentMissingError(f'Missing {flag}: give {flag} {keys}. {external.props_hint}')
    names = {k.lower(): k for k, _ in external.props}
    names.update({alias.lower(): k for k, aliases in external.props for alias in aliases})
    props = {}
    for item in values:
        key, sep, value = item.partition('=')
        if not sep or not value.strip():
            raise ArgumentUsageError(f'Usage error: {flag} {keys}; got "{item}".')
        if key.strip().lower() not in names:
            raise InvalidArgumentValueError(
                f"Unsupported key '{key}' for {flag}. All possible keys are: "
                + ', '.join(k for k, aliases in external.props for k in (k,) + aliases) + '.')
        props[names[key.strip().lower()]] = value.strip()
    missing = [k for k, _ in external.props if k not in props]
    if missing:
        raise RequiredArgumentMissingError(f"Required keys missing for {flag}: {', '.join(k + '=' for k in missing)}. "
                                           + external.props_hint)
    return props


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
    """The connection's name (given, or generated); with companions, their names must be valid too and
    the name must not look like one of theirs."""
    from azext_connection.matrix.targets import TARGETS
    suffixes = [TARGETS[c].name_suffix for c in target.companions]
    if given:
        check_name(given)
        for suffix in suffixes:
            if given.lower().endswith(suffix.lower()):
                raise InvalidArgumentValueError(
                    f"--connection '{given}' ends with '{suffix}', the name of the connection {target.name} makes "
                    "next to it: choose another --connection.")
            check_name(given + suffix)
        return given
    random_part = ''.join(random_source.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(5))
    name = f"{target.name.replace('-', '')}_{random_part}"
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


def _default_auth(support, target, default):
    """No auth flag: what an update keeps, or the pair's default (with a warning); a target whose secret
    is the user's own cannot default to it."""
    if default is not None:
        return default
    if support.default_auth is AuthType.SECRET and target.user_secret:
        raise RequiredArgumentMissingError(
            f'Missing auth info for {target.name}: give {target.secret_usage}'
            + (' (secret=@FILE reads it from a file)' if 'secret' in target.secret_keys else '')
            + (', or ' + ', '.join(a.flag for a in support.auth_types[1:]) if len(support.auth_types) > 1 else '')
            + '.')
    logger.warning('Auth info is not specified, use default one: %s', support.default_auth.flag)
    return AuthInput(support.default_auth)


def auth_input(source, target, args, default=None):
    """The AuthInput the flags ask for; the pair's default (with a warning) when none is given."""
    support = supported(source, target)
    given = [spec for spec in AUTHS.values() if spec.dest and args.get(spec.dest) not in (None, False)]
    if len(given) > 1:
        raise MutuallyExclusiveArgumentError(f"Only one auth info is needed: {', '.join(a.flag for a in given)}.")
    if support.auth_types == (AuthType.NONE,):
        if given:
            raise InvalidArgumentValueError(
                f'{target.name} takes no auth flag from a {source.display} (the connection carries no credential): '
                f'remove {given[0].flag}.')
        return default or AuthInput(AuthType.NONE)
    if target.secret_flags:
        return _flag_secret(target, args, given, default)
    if not given:
        return _default_auth(support, target, default)
    spec = given[0]
    if spec.type not in support.auth_types:
        raise InvalidArgumentValueError(
            f"{target.name} does not support {spec.flag} from a {source.display}. Supported: "
            + ', '.join(a.flag for a in support.auth_types) + '.')
    if spec.type is AuthType.SECRET:
        return _secret_input(target, args.get(spec.dest))
    auth = _identity_input(spec, args.get(spec.dest))
    if auth.server_identity and target.database_user != 'mysql':
        raise InvalidArgumentValueError(
            f'{spec.flag} {SERVER_IDENTITY}= is for mysql-flexible only, not {target.name}.')
    return auth


def _identity_input(spec, values):
    """The AuthInput of an identity or service principal flag and its KEY=VALUE words."""
    if not spec.keys:
        return AuthInput(spec.type)
    pairs = _pairs(values, spec.flag, spec.keys, spec.required)
    _check_guid(pairs, spec.flag, [k for k in spec.guid_keys if k in pairs])
    server = pairs.get(SERVER_IDENTITY)
    if spec.type is AuthType.SYSTEM_IDENTITY:
        return AuthInput(spec.type, server_identity=server)
    if spec.type is AuthType.USER_IDENTITY:
        return AuthInput(spec.type, client_id=pairs['client-id'], subscription_id=pairs['subs-id'],
                         server_identity=server)
    # Without object-id= the service principal is looked up in Microsoft Graph by its client id.
    return AuthInput(spec.type, client_id=pairs['client-id'], object_id=pairs.get('object-id'),
                     secret=Secret(_secret_value(pairs['secret'])), server_identity=server)


def _flag_secret(target, args, given, default):
    """The user's secret given with the target's own flags (Confluent's --kafka-key --kafka-secret) instead of
    --secret. On update the key may be left out (the connection's is kept); the secret never is, as it is
    never kept."""
    flags = {a.dest: a.options[0] for a in target.extra_args}
    name_dest, secret_dest = target.secret_flags
    if given:
        raise InvalidArgumentValueError(f'{target.name} takes its credentials as {target.secret_usage}, not '
                                        f'{given[0].flag}.')
    name, secret = args.get(name_dest), args.get(secret_dest)
    if default is not None and not name and not secret:
        return default
    if not secret:
        raise RequiredArgumentMissingError(f'Missing {flags[secret_dest]}: give {target.secret_usage} '
                                           '(SECRET or @FILE).')
    name = name or (default.user_name if default is not None else None)
    if not name:
        raise RequiredArgumentMissingError(f'Missing {flags[name_dest]}: give {target.secret_usage}.')
    return AuthInput(AuthType.SECRET, user_name=name, secret=Secret(_secret_value(secret, flags[secret_dest])))


def _secret_input(target, values):
    """--secret: no values where the target's key is read for you; the target's secret_keys (name= and
    secret=, or secret= alone) where the secret is the user's own (a database login, a connection string)."""
    if not target.user_secret:
        if values:
            raise InvalidArgumentValueError(
                f"--secret takes no values for {target.name}: the target's key is read for you. Usage: --secret")
        return AuthInput(AuthType.SECRET)
    if not values:
        raise RequiredArgumentMissingError(
            f'--secret needs your own secret for {target.name}: {target.secret_usage} (secret=@FILE reads it from '
            'a file).')
    pairs = _pairs(values, '--secret', target.secret_keys, target.secret_keys)
    return AuthInput(AuthType.SECRET, user_name=pairs.get('name'),
                     secret=Secret(_secret_value(pairs['secret'], '--secret')))


def _secret_value(value, flag='--service-principal'):
    """`secret=@FILE` (or a secret flag's `@FILE`) reads the secret from a file, keeping it off the command
    line (and so out of shell history and of the argument echo `az --debug` prints before any extension
    runs)."""
    if not value.startswith('@'):
        return value
    try:
        with open(os.path.expanduser(value[1:]), encoding='utf-8') as handle:
            return handle.read().strip()
    except OSError as error:
        shown = f'secret={value}' if flag in ('--secret', '--service-principal') else value   # a KEY=VALUE flag
        raise InvalidArgumentValueError(f'{flag} {shown}: cannot read the file ({error.strerror}).') from error


def _check_guid(pairs, flag, keys):
    for key in keys:
        if not _GUID.match(pairs[key]):
            raise InvalidArgumentValueError(f"{flag} {key}='{pairs[key]}' is not a GUID.")


def opt_outs(values, default=()):
    """The OptOut set of --opt-out (argparse checked the choices); `default` (an update's record's) when not
    given: an update keeps the connection's opt-outs unless told otherwise."""
    return frozenset(OptOut(v) for v in (values if values else default))


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
