"""The verbs behind the commands: read what is needed (concurrently), plan, apply, present.

custom.py turns CLI arguments into typed requests; this module does the work for any source kind
through its adapter, and knows nothing of argparse.
"""
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from azure.cli.core.azclierror import (AzureResponseError, InvalidArgumentValueError, ResourceNotFoundError,
                                       ValidationError)
from knack.log import get_logger

from . import output
from .adapters import source_adapter, target_adapter
from .arm import Arm, ResourceRef
from .engine.executor import Context, PlanFailed, execute
from .engine.planner import Facts, plan_apply, plan_delete
from .matrix import TARGETS, AuthType, ClientType, Value
from .record import records_in

logger = get_logger(__name__)


class ConnectionContext(Context):
    """Executor context plus the lazily read secrets of the target (read once, only if a step needs them)."""

    def __init__(self, arm, **items):
        super().__init__(arm, **items)
        self._secret_lock = threading.Lock()
        self._secrets = None

    def resolve(self, value):
        if not isinstance(value, Value):
            return value
        with self._secret_lock:
            if self._secrets is None:
                self._secrets = self.target.secret_values(self.arm, self.target_state)
        return self._secrets[value]


class Connections:
    def __init__(self, cli_ctx):
        self.cli_ctx = cli_ctx
        self.arm = Arm(cli_ctx)

    # -- reading --------------------------------------------------------------------------------------
    def read_source(self, source_spec, source_id, pool):
        adapter = source_adapter(source_spec.adapter)
        try:
            return adapter, adapter.read(self.arm, ResourceRef.parse(source_id), pool)
        except _not_found() as error:
            raise ResourceNotFoundError(
                f"{source_spec.display} '{source_id}' was not found ({_cause(error)}). "
                "Check -g/--resource-group, -n/--name and --slot, or --source-id.") from error

    def read_target(self, target_spec, target_id):
        adapter = target_adapter(target_spec)
        try:
            return adapter, adapter.read(self.arm, target_id)
        except _not_found() as error:
            flags = ', '.join(a.options[0] for a in target_spec.args)
            raise ResourceNotFoundError(
                f"{target_spec.display} target '{target_id}' was not found ({_cause(error)}). "
                f"Check {flags}, or --target-id.") from error

    @staticmethod
    def _record_of(metadata, source_id, name):
        record = records_in(metadata, source_id).get(name.lower())
        if record is None:
            raise ResourceNotFoundError(
                f"Connection '{name}' was not found on '{source_id}'. "
                "List the connections with `az webapp connection list`.")
        return record

    # -- create / update / delete -----------------------------------------------------------------------
    def create(self, request, dry_run=False):
        with ThreadPoolExecutor(max_workers=4) as pool:
            target_future = pool.submit(self.read_target, request.target, request.target_id)
            source, state = self.read_source(request.source, request.source_id, pool)
            target, target_state = target_future.result()
        if request.name.lower() in records_in(state.metadata, request.source_id):
            raise ValidationError(
                f"Connection '{request.name}' already exists on '{request.source_id}'. Use "
                f"`az webapp connection update {request.target.name}` to change it, or choose another --connection.")
        request = self._complete(request, state)
        facts = self._facts(request, state, target, target_state)
        return self._apply(plan_apply(request, facts), request, source, state, target, target_state, dry_run)

    def update(self, source_spec, source_id, name, target_name, build, dry_run=False):
        """`build(before, state)` makes the new request from the current record and source state."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            source, state = self.read_source(source_spec, source_id, pool)
        before = self._record_of(state.metadata, source_id, name)
        if target_name and target_name != before.target:
            raise InvalidArgumentValueError(
                f"Connection '{name}' connects to {before.target}, not {target_name}. "
                f"Use `az webapp connection update {before.target}`.")
        request = build(before, state)
        target, target_state = self.read_target(request.target, request.target_id)
        facts = self._facts(request, state, target, target_state)
        plan = plan_apply(request, facts, before=before)
        return self._apply(plan, request, source, state, target, target_state, dry_run)

    def delete(self, source_spec, source_id, name, dry_run=False):
        with ThreadPoolExecutor(max_workers=4) as pool:
            source, state = self.read_source(source_spec, source_id, pool)
        record = self._record_of(state.metadata, source_id, name)
        target, target_state = target_adapter(TARGETS[record.target]), None
        if any(fw.ips for fw in record.firewall):
            try:
                target, target_state = self.read_target(TARGETS[record.target], record.target_id)
            except ResourceNotFoundError:
                logger.warning("Target '%s' no longer exists; nothing to remove from its firewall.", record.target_id)
        facts = Facts(source=state, records=records_in(state.metadata, source_id), target=target_state,
                      target_adapter=target)
        plan = plan_delete(record, facts)
        if dry_run:
            return output.dry_run(plan)
        self._execute(plan, source, state, target, target_state, record.target_id)
        return None

    def _complete(self, request, state):
        """Fill what the user left out: the client type from the app's runtime stack."""
        if request.client_type is not None:
            return request
        clients = request.target.clients_for(request.auth.type)
        detected = state.detect_client_type()
        if detected and ClientType(detected) in clients:
            client = ClientType(detected)
        else:
            client = ClientType.NONE if ClientType.NONE in clients else clients[0]
        logger.warning('Client type is not specified, use %s one: --client-type %s',
                       'detected' if detected and client.value == detected else 'default', client.value)
        return replace(request, client_type=client)

    def _facts(self, request, state, target, target_state):
        principal, identity_id = None, None
        if request.auth.type is AuthType.USER_IDENTITY:
            identity_id, principal = self._user_identity(request, state)
        elif request.auth.type is AuthType.SERVICE_PRINCIPAL:
            principal = request.auth.object_id
        return Facts(source=state, records=records_in(state.metadata, request.source_id), target=target_state,
                     target_adapter=target, principal_id=principal, user_identity_id=identity_id,
                     tenant_id=self._tenant(request.source_id))

    def _user_identity(self, request, state):
        """(resource id, principal id) of the user identity with the requested client id."""
        attached = state.attached_user_identity_by_client_id(request.auth.client_id)
        if attached:
            return attached[0], attached[1].get('principalId')
        found = self.arm.find_user_identity(request.auth.subscription_id, request.auth.client_id)
        if found is None:
            raise ResourceNotFoundError(
                f"No user-assigned identity with client id '{request.auth.client_id}' exists in subscription "
                f"'{request.auth.subscription_id}'. Check --user-identity client-id= subs-id=, or create it with "
                "`az identity create`.")
        return found['id'], found['properties']['principalId']

    def _tenant(self, source_id):
        from azure.cli.core._profile import Profile
        try:
            return Profile(cli_ctx=self.cli_ctx).get_subscription(source_id.split('/')[2])['tenantId']
        except Exception:  # pylint: disable=broad-except
            # A subscription outside the login's list still has the login's tenant for our purposes.
            return Profile(cli_ctx=self.cli_ctx).get_subscription()['tenantId']

    def _apply(self, plan, request, source, state, target, target_state, dry_run):
        if dry_run:
            return output.dry_run(plan)
        receipts = self._execute(plan, source, state, target, target_state, request.target_id)
        record_receipt = next(r for r in receipts if r.step == 'record')
        return output.linker(record_receipt.outputs['records'][request.name])

    def _execute(self, plan, source, state, target, target_state, target_id):
        ctx = ConnectionContext(self.arm, source=source, source_state=state, target=target,
                                target_state=target_state, target_id=target_id, plan=plan)
        try:
            return execute(plan, ctx)
        except PlanFailed as failure:
            raise AzureResponseError(failure.message()) from failure

    # -- reading verbs ------------------------------------------------------------------------------------
    def list(self, source_spec, source_id):
        metadata = self._read_metadata(source_adapter(source_spec.adapter), source_spec, source_id)
        return [output.linker(r) for r in sorted(records_in(metadata, source_id).values(), key=lambda r: r.name)]

    def _read_metadata(self, adapter, source_spec, source_id):
        try:
            return adapter.read_metadata(self.arm, ResourceRef.parse(source_id))
        except _not_found() as error:
            raise ResourceNotFoundError(
                f"{source_spec.display} '{source_id}' was not found ({_cause(error)}). "
                "Check -g/--resource-group, -n/--name and --slot, or --source-id.") from error

    def show(self, source_spec, source_id, name):
        metadata = self._read_metadata(source_adapter(source_spec.adapter), source_spec, source_id)
        return output.linker(self._record_of(metadata, source_id, name))

    def list_configuration(self, source_spec, source_id, name, show_secrets=False):
        with ThreadPoolExecutor(max_workers=4) as pool:
            adapter = source_adapter(source_spec.adapter)
            ref = ResourceRef.parse(source_id)
            settings = pool.submit(adapter.read_settings, self.arm, ref)
            record = self._record_of(self._read_metadata(adapter, source_spec, source_id), source_id, name)
            return output.configurations(record, settings.result(), show_secrets)

    def validate(self, source_spec, source_id, name):
        from .validation import validate_connection
        with ThreadPoolExecutor(max_workers=4) as pool:
            source, state = self.read_source(source_spec, source_id, pool)
        record = self._record_of(state.metadata, source_id, name)
        return validate_connection(self, record, state)


def _not_found():
    from azure.core.exceptions import ResourceNotFoundError as NotFound
    return NotFound


def _cause(error):
    return ' '.join(str(getattr(error, 'message', None) or error).split())[:300]


