"""Typed, immutable records that describe sources and the arguments that locate resources. Pure data:
no azure imports. Target records live in target_specs.py, auth records in auths.py.

They are NamedTuples rather than frozen dataclasses on purpose: the command loader imports this module
for every `az webapp ...` command, and a dataclass costs ~1.5 ms to define, a NamedTuple ~0.2; the
records an unrelated command does not need are in other modules for the same reason.
"""
from typing import FrozenSet, NamedTuple, Optional, Tuple

from .kinds import AuthType, ClientType


class ArgSpec(NamedTuple):
    """One argument that locates a resource (`--account`, `--vault`, `-n`, `--slot`)."""
    dest: str                    # placeholder in the id template and the handler's keyword
    options: Tuple[str, ...]     # option strings, long first
    help: str
    required: bool = True        # required unless an id is given instead
    placeholder: str = 'XX'      # what help examples show: `-n MyContainerApp`
    configured_default: Optional[str] = None   # az config defaults key (`group`)
    contains: str = ''           # text the value must contain, any case (Confluent's `azure.confluent.cloud`)
    multiple: bool = False       # takes several KEY=VALUE words (Fabric's --connstr-props)


class ScopeSpec(NamedTuple):
    """An optional argument that narrows the source: a slot, a deployment, a container.

    With an `id_template` it names a resource of its own (a slot's id); without one it selects a part
    inside the source (a container of a container app), which the connection's record keeps."""
    arg: ArgSpec
    id_template: Optional[str] = None


class SourceSpec(NamedTuple):
    """Everything about one source kind. One record, one screen."""
    name: str                            # CLI group: `az <name> connection`
    display: str
    resource_type: str
    id_template: str
    args: Tuple[ArgSpec, ...]            # locate the source by name
    adapter: str                         # the adapter kind in adapters.SOURCE_ADAPTERS
    scopes: Tuple[ScopeSpec, ...] = ()   # --slot, --deployment, -c/--container
    excluded_auth: FrozenSet[AuthType] = frozenset()   # auth types no target can use from this source
    excluded_clients: FrozenSet[ClientType] = frozenset()   # client types whose names the source cannot hold
    noun: str = 'app'                    # how messages name the source ("the app", "the container group")
    # Every source reaches every target, as in the core CLI, except these (a test checks each pair against it).
    excluded_targets: FrozenSet[str] = frozenset()
    # False: the source cannot keep a secret of the user's own (a database login), which it would need to
    # write again on every change; such targets are offered only with their other auth types.
    keeps_user_secrets: bool = True

    @property
    def targets(self):
        """Names of the targets this source can connect to: not those it excludes, not those offered to
        other sources only (a container app as a target), not the parts another target creates (Confluent's
        schema registry). The target records load only here, not with the sources: an unrelated
        `az webapp ...` command needs no target."""
        from .targets import TARGETS
        return tuple(name for name, target in TARGETS.items() if name not in self.excluded_targets
                     and not target.part_of and (not target.sources or self.name in target.sources))

    @property
    def locators(self):
        """Every argument that can name the source or a part of it, in help order."""
        return self.args + tuple(s.arg for s in self.scopes)

    def id_templates(self):
        """The id templates of the source and of its scopes, most specific first."""
        return tuple(s.id_template for s in self.scopes if s.id_template) + (self.id_template,)
