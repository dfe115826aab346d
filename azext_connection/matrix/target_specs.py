"""Typed, immutable records that describe targets: what a connection writes, grants and opens.
Loaded with the target records, never for an unrelated command."""
from typing import NamedTuple, Optional, Tuple, Union

from .kinds import AuthType, ClientType, NetworkKind, Value
from .specs import ArgSpec


class RoleGrant(NamedTuple):
    """A built-in role granted to the source's principal on the target, by its real id."""
    name: str
    definition_id: str           # GUID of the built-in role definition
    # Granted in the target's own data plane (Cosmos DB SQL role assignments, Redis access policy
    # assignments: child resources of the target), not with Azure RBAC; the target adapter names them.
    data_plane: bool = False


class Template(NamedTuple):
    """A value made of several Values, written as the docs show it: `host={HOST} dbname={DATABASE}`.
    Placeholders are Value member names; `{PASSWORD:url}` URL-encodes the value (in a JDBC URL). It is
    secret when any Value it uses is."""
    pattern: str

    def _parts(self):
        from string import Formatter
        return [(text, name, spec) for text, name, spec, _ in Formatter().parse(self.pattern)]

    @property
    def uses(self):
        return tuple(Value[name] for _, name, _ in self._parts() if name)

    @property
    def is_secret(self):
        return any(v.is_secret for v in self.uses)

    def render(self, lookup):
        """The text, each Value replaced by lookup(value) (a Secret is revealed, the result is then a
        Secret). Raises KeyError for a Value lookup cannot give."""
        from urllib.parse import quote
        from ..sensitive import Secret, reveal
        out, secret = [], False
        for text, name, spec in self._parts():
            out.append(text)
            if name:
                value = lookup(Value[name])
                secret = secret or isinstance(value, Secret)
                out.append(quote(str(reveal(value)), safe='') if spec == 'url' else str(reveal(value)))
        return Secret(''.join(out)) if secret else ''.join(out)

    def bind(self, values):
        """The text now when every Value it uses is plain; otherwise a Bound whose secrets (still
        Values, read from the target only when a step writes them) resolve at apply time."""
        used = {v: values[v] for v in self.uses}
        if not self.is_secret:
            return self.render(used.__getitem__)
        return Bound(self, tuple(used.items()))


class Bound(NamedTuple):
    """A secret Template with its plain parts known: what a plan holds until a step writes it."""
    template: Template
    values: Tuple[tuple, ...]         # (Value, str | Secret | Value still to resolve)
    is_secret: bool = True

    def resolve(self, resolve_value):
        values = dict(self.values)
        return self.template.render(lambda v: resolve_value(values[v]))


class Setting(NamedTuple):
    """One configuration entry written into the source.

    `name` is a suffix joined to the target's prefix (`RESOURCEENDPOINT` becomes
    `AZURE_STORAGEBLOB_RESOURCEENDPOINT`, or `AZURE_STORAGEBLOB_<CONNECTION>_RESOURCEENDPOINT` for a
    second connection), unless the naming is `literal` (Spring Boot property names).
    """
    name: str
    value: Union[Value, Template]
    description: str = ''


class Naming(NamedTuple):
    """The settings one group of client types gets for one auth type."""
    auth: AuthType
    clients: Tuple[ClientType, ...]
    settings: Tuple[Setting, ...]
    literal: bool = False        # names are used as written (Spring Boot): no prefix, no connection part


class Variant(NamedTuple):
    """What a target record says differently for resources of some `kind`s (a Cognitive Services
    account: OpenAI, AIServices): its prefix, names and roles. Known only once the target is read;
    TargetSpec.for_kind picks it, the record's own fields being the default kind's."""
    kinds: Tuple[str, ...]               # the resource's ARM `kind` values it applies to (any case)
    prefix: str
    naming: Tuple[Naming, ...]
    roles: Tuple[RoleGrant, ...]


class Network(NamedTuple):
    """How the target's public network is opened for a source."""
    kind: NetworkKind = NetworkKind.NONE
    # Also open the target to every Azure service (the 0.0.0.0 rule Azure names AllowAllWindowsAzureIps), as
    # Service Connector does for databases: an app's outbound addresses can change with its plan.
    azure_services: bool = False

    @property
    def opens_firewall(self):
        return self.kind in (NetworkKind.IP_RULES, NetworkKind.FIREWALL_RULES)

    @property
    def checks_public_access(self):
        """A target that denies all public traffic is refused (never changed) before anything."""
        return self.kind is not NetworkKind.NONE


class External(NamedTuple):
    """A target outside Azure Resource Manager (Confluent Cloud, Neon, MongoDB Atlas, a Fabric SQL
    database): nothing is read from Azure, granted or opened. Its target id is built from its arguments
    (it is not an ARM id) and its state is what the user gave: the id's parts and `props`."""
    service_type: str                    # the LinkerResource's targetService.type ('ConfluentBootstrapServer')
    # Each plain Value the names use, and the id placeholder (an argument's dest) or property it comes from.
    given: Tuple[Tuple[Value, str], ...] = ()
    # KEY=VALUE properties the user gives with `props_arg` (Fabric's Server and Database), with the other
    # keys accepted for each (the connection string's own words: Data Source, Initial Catalog).
    props: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    props_arg: str = ''                  # the dest of the argument that takes them
    props_hint: str = ''                 # where the user finds them
    manual: str = ''                     # what a person must do outside Azure; {identity} names the principal
    target_id_flag: bool = False         # whether --target-id can name it (Fabric's REST URL)
    readdressable: bool = False          # whether an update can give a new address (Confluent's, as the core CLI)


class TargetSpec(NamedTuple):
    """Everything about one target type. One record, one screen."""
    name: str                            # CLI token: `create <name>`
    display: str
    resource_type: str                   # ARM type of the resource the connection reaches ('': outside ARM)
    # The target id, placeholders {subscription} and the args' dests: an ARM id, or outside ARM the
    # target's own address (see External).
    id_template: str
    args: Tuple[ArgSpec, ...]
    auth_types: Tuple[AuthType, ...]     # supported, in the order help lists them
    default_auth: AuthType
    roles: Tuple[RoleGrant, ...]         # granted to identity-based auth
    network: Network
    prefix: str                          # AZURE_STORAGEBLOB
    naming: Tuple[Naming, ...]
    adapter: str                         # the target adapter that reads endpoints and secrets
    service: str = ''                    # adapter detail, e.g. which storage endpoint
    # The secret is the user's (`--secret name=USER secret=PASSWORD`): a database's login, which Azure
    # cannot read back. Otherwise `--secret` takes no values and the target's key is read.
    user_secret: bool = False
    replaced_by: str = ''                # a retired target: its create/update are deprecated, redirecting here
    variants: Tuple[Variant, ...] = ()   # names and roles for other kinds of the resource (for_kind)
    external: Optional[External] = None  # a target outside ARM: see External
    extra_args: Tuple[ArgSpec, ...] = ()  # arguments that do not locate it: its credentials, its properties
    # The user's secret (user_secret) comes as these two arguments' values (Confluent's --kafka-key and
    # --kafka-secret: dests of extra_args) instead of --secret name= secret=.
    secret_flags: Tuple[str, ...] = ()
    secret_keys: Tuple[str, ...] = ('name', 'secret')     # the --secret keys it takes (a connection string: secret=)
    secret_usage: str = '--secret name=USER secret=PASSWORD'   # how messages show the user's secret
    # Targets one create also connects, each as a connection of its own named <name><its name_suffix>, in
    # the same plan (Confluent Cloud's schema registry, next to its bootstrap server).
    companions: Tuple[str, ...] = ()
    part_of: str = ''                    # a companion: the target whose create makes it (no commands of its own)
    name_suffix: str = ''                # a companion: its connection's name is the main one's plus this
    sources: Tuple[str, ...] = ()        # only these sources reach it (a container app: from a container app)
    # Identity auth is granted inside the database engine, not with a role: the signed-in user becomes the
    # server's Microsoft Entra admin and makes a database user for the identity ('postgres': PostgreSQL's
    # pgaadauth principals). The auth types that use an identity are offered only where this is set.
    database_user: str = ''

    @property
    def arm(self):
        """Whether the target is an ARM resource the extension reads (False: see External)."""
        return self.external is None

    @property
    def update_args(self):
        """What an update can give again: the credentials and properties, and the address of a target
        outside ARM whose address can change (Confluent's); never an ARM target's locators."""
        readdressable = self.external is not None and self.external.readdressable
        return (self.args if readdressable else ()) + self.extra_args

    @property
    def command_name(self):
        """The target the user names in commands (a companion's is its main target's)."""
        return self.part_of or self.name

    def for_kind(self, kind):
        """The record as it applies to a target resource of ARM `kind`: a variant's prefix, names and
        roles in place of the default kind's, or the record itself."""
        for variant in self.variants:
            if (kind or '').lower() in (k.lower() for k in variant.kinds):
                return self._replace(  # pylint: disable=no-member  # NamedTuple's, unseen on a class with methods
                    prefix=variant.prefix, naming=variant.naming, roles=variant.roles, variants=())
        return self

    def check(self):
        """Raise if the record contradicts itself; returns the record so tables can call it inline."""
        if self.default_auth not in self.auth_types:
            raise ValueError(f'{self.name}: default auth {self.default_auth} is not supported')
        if self.part_of and (self.roles or self.network.kind is not NetworkKind.NONE or self.arm):
            # A companion's records are written by its main target's plan, which plans no grant or network
            # for it: only a target outside ARM with nothing to grant can be one.
            raise ValueError(f'{self.name}: a companion target grants no role, opens nothing and is outside ARM')
        for naming in self.naming:
            if naming.auth not in self.auth_types:
                raise ValueError(f'{self.name}: naming for unsupported auth {naming.auth}')
        offered = {(a, c) for a in self.auth_types for c in self.clients_for(a)}
        for variant in self.variants:   # the client is chosen before the kind is known: every kind names it
            names = self._replace(naming=variant.naming, variants=())  # pylint: disable=no-member  # as above
            if {(a, c) for a in self.auth_types for c in names.clients_for(a)} != offered:
                raise ValueError(f'{self.name}: kinds {", ".join(variant.kinds)} name other auth and client '
                                 'types than the default kind')
        return self

    def clients_for(self, auth):
        """Client types that have a naming for `auth`, in declaration order."""
        seen = []
        for naming in self.naming:
            if naming.auth is auth:
                seen.extend(c for c in naming.clients if c not in seen)
        return tuple(seen)

    @property
    def client_types(self):
        """Every client type this target has a naming for, whatever the auth."""
        seen = []
        for auth in self.auth_types:
            seen.extend(c for c in self.clients_for(auth) if c not in seen)
        return tuple(seen)

    def naming_for(self, auth, client):
        """The Naming for (auth, client), or None when the docs list no such combination."""
        for naming in self.naming:
            if naming.auth is auth and client in naming.clients:
                return naming
        return None
