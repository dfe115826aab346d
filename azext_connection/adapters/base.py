"""The contracts of adapters: what the verbs, the planner and the steps ask of a source kind and of a
target family. Each adapter module implements one; adapters/__init__.py maps spec names to them and
a unit test checks that every spec in the matrix resolves to an adapter that satisfies its contract.

A source adapter reads in `parts`: 'resource' (the source itself: identity, outbound addresses,
runtime), 'settings' (the configuration connections write) and 'records' (the store of connection
records). Which requests serve which parts is the adapter's business (a container app's one GET
serves all three)."""
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Protocol, Tuple, runtime_checkable

PARTS = ('resource', 'settings', 'records')


class Unreadable(str):
    """A setting that exists but whose value the source never returns (a container group's secure
    value): checks skip it, as they skip a service principal's secret."""


def derived(future, fn):
    """A future of fn(result of `future`), without holding a thread: for parts one request serves."""
    from concurrent.futures import Future
    out = Future()

    def finish(done):
        try:
            out.set_result(fn(done.result()))
        except Exception as error:  # pylint: disable=broad-except
            out.set_exception(error)
    future.add_done_callback(finish)
    return out


@dataclass
class TargetState:
    """What one read of a target returned: the resource roles and firewall apply to."""
    ref: Any                    # arm.ResourceRef
    resource: dict

    @property
    def properties(self):
        return self.resource.get('properties') or {}


@runtime_checkable
class SourceState(Protocol):
    """What one read of a source returned, as the planner and the checks see it."""
    ref: Any                                   # arm.ResourceRef of the source
    resource: dict                             # the source resource as ARM returned it
    settings: Mapping[str, str]                # the configuration connections write (name -> value)
    record_store: Mapping[str, str]            # the record store's entries (key -> text)
    identity_types: set                        # {'systemassigned', 'userassigned'}
    system_principal: Optional[str]
    outbound_ips: Tuple[str, ...]

    def user_identity(self, identity_id) -> Optional[dict]:

        ...

    def detect_client_type(self) -> Optional[str]:

        ...


@runtime_checkable
class SourceAdapter(Protocol):
    spec: Any                                  # matrix SourceSpec
    records_noun: str                          # where records live, for messages: "metadata"

    def settings_noun(self, scope: Mapping[str, str]) -> str:
        """What connections write into, for plans and messages: "app settings", "environment
        variables of container web"."""

    def start_read(self, arm, ref, scope, pool, parts) -> Dict[str, Any]:
        """Start the reads of `parts` on `pool`: {part: future}. The 'records' part's result is the
        record store's entries (key -> text)."""

    def finish_read(self, ref, scope, results: Dict[str, Any]) -> SourceState:

        ...

    def settings_values(self, arm, state) -> Dict[str, str]:
        """The source's settings with every value readable (a secret reference resolved to its value)."""

    def client_paths(self, ref) -> Tuple[str, ...]:
        """ARM paths whose SDK clients the reads and writes use (built before the first request)."""

    def attached_identity(self, resource, client_id) -> Optional[Tuple[str, str]]:
        """(resource id, principal id) of the user identity with `client_id` attached, or None."""

    def read_resource(self, arm, ref) -> dict:

        ...

    def set_identity(self, arm, ref, identity_type, user_identities=None) -> dict:
        """Change the source's identity; the resource as it is afterwards (its identity block)."""

    def settings_document(self, state):
        """The configuration connections write, as a shared document (engine/documents.py)."""

    def record_document(self, ref):
        """The store of connection records, as a shared document of key -> text."""

    def record_snapshot(self, state):
        """The record store as the command's own read found it (engine/documents.Snapshot)."""

    def manual_identity_removal(self, ref, identity_id=None) -> str:
        """The command a person runs to take back an identity change by hand."""

    def check_scope(self, state, scope) -> Dict[str, str]:
        """The scope a connection uses on this source (e.g. the only container), or an error naming
        the flag; {} when the source has no inner scope."""


@runtime_checkable
class TargetAdapter(Protocol):
    def resource_id(self, target_id) -> str:
        """The resource roles and firewall apply to (a storage account for its blob service)."""

    def read(self, arm, target_id):

        ...

    def plain_values(self, state) -> Dict[Any, str]:

        ...

    def read_secrets(self, arm, target_id):

        ...

    def secret_values(self, state, raw) -> Dict[Any, Any]:

        ...

    def network(self, state):

        ...

    def network_document(self, ref):

        ...


@runtime_checkable
class DataPlaneRoles(Protocol):
    """What a target adapter adds when its spec grants a role in the target's own data plane
    (RoleGrant.data_plane): assignments are child resources of the target, written with PUT, removed
    with DELETE, named like Azure RBAC assignments (deterministic per scope, principal and role)."""

    def role_definition(self, scope, definition_id) -> str:
        """The full id of the data-plane role definition a RoleGrant names."""

    def assignment_collection(self, scope) -> str:
        """The path under which the target keeps its role assignments (`.../sqlRoleAssignments`)."""

    def assignment_body(self, scope, role_definition, principal_id) -> dict:
        """The PUT body that grants `role_definition` to `principal_id`."""

    def held_roles(self, arm, scope, principal_id) -> list:
        """The principal's assignments at `scope`, each {'properties': {'roleDefinitionId', 'scope'}}."""
