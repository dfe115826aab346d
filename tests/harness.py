"""Fixtures for the extension's tests: the real az, in-process, logged into the ARM sandbox.

`az` runs commands through azure-cli's own parser (`get_default_cli().invoke`) with the extension
loaded from AZURE_EXTENSION_DIR, a fresh CLI object per command as azure-cli's own tests do.
`world` seeds the resources a scenario needs: an app, a storage account, a vault, an identity.
"""
import contextlib
import io
import json
import logging
import os
import re
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest

SUB = '00000000-0000-0000-0000-000000000000'
RG = 'rg'
TARGET_RG = 'data'


@dataclass
class AzResult:
    exit_code: int
    result: Any           # the Python object after --query, as `az` would print it
    stdout: str
    stderr: str
    error: Any

    def json(self):
        return json.loads(self.stdout) if self.stdout.strip() else None


class Az:
    """The real az, in-process."""

    def __init__(self, sandbox):
        self.sandbox = sandbox

    def __call__(self, *args, expect_error=False):
        from azure.cli.core import get_default_cli
        cli = get_default_cli()
        out, err = io.StringIO(), io.StringIO()
        # What az's console shows: warnings, plus info with --verbose and everything with --debug. az
        # logs through the 'cli' logger tree, which it configures only when nothing else (pytest's log
        # capture, an earlier suite) has configured logging first, so set what the console relies on.
        words = [str(a) for a in args]
        handler = logging.StreamHandler(err)
        handler.setLevel(logging.DEBUG if '--debug' in words else logging.INFO if '--verbose' in words
                         else logging.WARNING)
        logger = logging.getLogger('cli')
        level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        try:
            code = cli.invoke([str(a) for a in args], out_file=out)
        except SystemExit as exit_:       # argparse errors exit
            code = exit_.code
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        result = AzResult(code, cli.result.result if cli.result else None, out.getvalue(), err.getvalue(),
                          cli.result.error if cli.result else None)
        if expect_error:
            assert code != 0, f'az {" ".join(map(str, args))} succeeded, expected an error:\n{result.stdout}'
        else:
            assert code == 0, f'az {" ".join(map(str, args))} failed ({code}): {result.error!r}\n{result.stderr}'
        return result


@pytest.fixture(scope='session')
def az_session(arm_sandbox):
    import os
    os.environ['REQUESTS_CA_BUNDLE'] = arm_sandbox.ca_bundle
    os.environ.update(arm_sandbox.postgres_env())     # how az reaches its PostgreSQL engine (libpq's variables)
    os.environ.update(arm_sandbox.mysql_env())        # and its MySQL engine (the MySQL client programs' variables)
    os.environ.update(arm_sandbox.sqlserver_env())    # and its SQL Server engine (sqlcmd's variable)
    az = Az(arm_sandbox)
    for args in arm_sandbox.az_login_commands():
        az(*args, '--only-show-errors', '-o', 'none')
    return az


@pytest.fixture
def az(az_session, sandbox):
    """The logged-in az, against a sandbox reset to empty for this test."""
    return az_session


class AzProcesses:
    """The real az as separate processes sharing the in-process az's login and lock space (the same
    AZURE_CONFIG_DIR): they run at the same time, can be interrupted or killed, and see each other's
    locks as one machine's commands do."""

    def __init__(self):
        from arm_sandbox.pytest_plugin import az_executable
        self.az = az_executable()
        self.env = {**os.environ, 'AZURE_CORE_OUTPUT': 'json', 'AZURE_CORE_NO_COLOR': 'true',
                    'AZURE_CORE_DISABLE_CONFIRM_PROMPT': 'true', 'PYTHONUNBUFFERED': '1'}

    def start(self, *args):
        return subprocess.Popen([self.az, *map(str, args)], env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def run_all(self, commands, timeout=300):
        """Start every command at once; [(exit code, stdout, stderr)] in the same order."""
        procs = [self.start(*c) for c in commands]
        outputs = [p.communicate(timeout=timeout) for p in procs]
        return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs)]


@pytest.fixture
def az_processes(az, sandbox):
    return AzProcesses()


def site_id(name='app', rg=RG):
    return f'/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}'


def container_app_id(name='capp', rg=RG):
    return f'/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.App/containerApps/{name}'


def account_id(name='acct', rg=TARGET_RG):
    return f'/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}'


def vault_id(name='vault', rg=TARGET_RG):
    return f'/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}'


def identity_id(name='uai', rg=RG):
    return f'/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}'


class World:
    """Seeds the sandbox with what scenarios connect, and reads back what they changed."""

    def __init__(self, sandbox):
        self.sandbox = sandbox

    def group(self, name, location='eastus'):
        self.sandbox.put_resource(f'/subscriptions/{SUB}/resourceGroups/{name}', {'location': location})

    def app(self, name='app', runtime='PYTHON|3.11'):
        self.group(RG)
        body = {'location': 'eastus', 'kind': 'app,linux',
                'properties': {'siteConfig': {'linuxFxVersion': runtime}}}
        return self.sandbox.put_resource(site_id(name), body)

    def container_app(self, name='capp', containers=('web',)):
        self.group(RG)
        env = f'/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.App/managedEnvironments/env'
        if self.sandbox.get_resource(env) is None:
            self.sandbox.put_resource(env, {'location': 'eastus', 'properties': {}})
        return self.sandbox.put_resource(container_app_id(name), {
            'location': 'eastus', 'properties': {
                'managedEnvironmentId': env, 'configuration': {'activeRevisionsMode': 'Single'},
                'template': {'containers': [{'name': c, 'image': 'mcr.microsoft.com/k8se/quickstart:latest',
                                             'env': [{'name': 'PORT', 'value': '8080'}]} for c in containers]}}})

    def outbound_ips(self, name='app'):
        text = self.sandbox.get_resource(site_id(name))['properties']['outboundIpAddresses']
        return sorted(ip for ip in text.split(',') if ip)

    def account(self, name='acct', default_action='Allow', public='Enabled', ip_rules=()):
        self.group(TARGET_RG)
        return self.sandbox.put_resource(account_id(name), {
            'location': 'eastus', 'kind': 'StorageV2', 'sku': {'name': 'Standard_LRS'},
            'properties': {'publicNetworkAccess': public,
                           'networkAcls': {'defaultAction': default_action, 'bypass': 'AzureServices',
                                           'ipRules': [{'value': ip, 'action': 'Allow'} for ip in ip_rules],
                                           'virtualNetworkRules': []}}})

    def vault(self, name='vault', default_action='Allow', public='Enabled', ip_rules=()):
        self.group(TARGET_RG)
        return self.sandbox.put_resource(vault_id(name), {
            'location': 'eastus',
            'properties': {'tenantId': self.sandbox.tenant_id, 'sku': {'family': 'A', 'name': 'standard'},
                           'enableRbacAuthorization': True, 'accessPolicies': [], 'publicNetworkAccess': public,
                           'networkAcls': {'defaultAction': default_action, 'bypass': 'AzureServices',
                                           'ipRules': [{'value': ip} for ip in ip_rules],
                                           'virtualNetworkRules': []}}})

    def identity(self, name='uai'):
        self.group(RG)
        return self.sandbox.put_resource(identity_id(name), {'location': 'eastus'})

    def everything(self):
        from tests.targets import EXTRA, SEEDS
        self.app()
        self.account()
        self.vault()
        for name in EXTRA:
            SEEDS[name].seed(self, restricted=False)
        return self.identity()

    # -- reading back --------------------------------------------------------------------------------------
    def settings(self, name='app'):
        return self._config(site_id(name), 'appsettings')

    def metadata(self, name='app'):
        return self._config(site_id(name), 'metadata')

    def _config(self, site, what):
        response = self.sandbox.call('POST', f'{site}/config/{what}/list')
        return (response.body or {}).get('properties') or {}

    def role_assignments(self):
        """Azure RBAC's role assignments."""
        return [r['body'] for r in self.sandbox.dump()['resources']
                if '/providers/microsoft.authorization/roleassignments/' in r['id'].lower()]

    def data_plane_assignments(self):
        """A target's own grants: Cosmos DB SQL role assignments, Redis access-policy assignments."""
        return [r['body'] for r in self.sandbox.dump()['resources']
                if any(kind in r['id'].lower() for kind in ('/sqlroleassignments/', '/accesspolicyassignments/'))]

    def state(self):
        """Everything in the sandbox, for before/after equality (ids lower-cased)."""
        return self.sandbox.dump()


@pytest.fixture
def world(sandbox):
    """The World, with the sandbox's long-running operations asking for no wait between polls: the
    extension honours Retry-After, so a scenario would otherwise wait a second per operation."""
    retry_after = sandbox.operations.retry_after
    sandbox.operations.retry_after = 0
    yield World(sandbox)
    sandbox.operations.retry_after = retry_after


# What changes by itself when a source's configuration is rewritten: timestamps, a container app's
# latest revision, a container group's instance view, a Spring deployment's instances.
VOLATILE = ('lastModifiedTimeUtc', 'etag', 'lastModifiedAt', 'createdAt', 'createdOn', 'updatedOn',
            'latestRevisionName', 'latestReadyRevisionName', 'latestRevisionFqdn', 'instanceView', 'instances')


def comparable(state, keep_identity=True):
    """A sandbox dump reduced to what a connection may change: volatile timestamps dropped, and
    (unless keep_identity) the sites' identities, which a connection enables but never disables."""
    def clean(value):
        if isinstance(value, dict):   # (empty tags are no tags: the Tags API leaves {} where none were)
            return {k: clean(v) for k, v in value.items() if k not in VOLATILE
                    and not (not keep_identity and k == 'identity') and not (k == 'tags' and not v)}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    def empty_config(resource):   # an app's settings dictionary that was created but holds nothing
        return '/config/' in resource['id'].lower() and not (resource['body'].get('properties') or {})
    return {r['id'].lower(): clean(r['body']) for r in state['resources']
            if not empty_config(r) and '/revisions/' not in r['id'].lower()}


def state_diff(before, after, limit=12):
    """The leaves that differ between two comparable states, one line each, for assertion messages."""
    lines = []
    def walk(path, a, b):
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), key=str):
                walk(f'{path}.{key}', a.get(key, '<absent>'), b.get(key, '<absent>'))
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b)):
                walk(f'{path}[{i}]', x, y)
        elif a != b:
            lines.append(f'{path}: {a!r} -> {b!r}'[:300])
    walk('', before, after)
    return '\n'.join(lines[:limit])


SP_CLIENT = '11111111-1111-1111-1111-111111111111'
SP_OBJECT = '22222222-2222-2222-2222-222222222222'
SP_SECRET = 'sp-Secret-Value-0123456789'


DB_USER, DB_PASSWORD = 'appuser', 'Db-Passw0rd+s3cret'
ATLAS_STRING = 'mongodb+srv://appuser:Atl4s-Passw0rd@cluster0.a1b2c.mongodb.net/?retryWrites=true&w=majority'
# A target's own credential flags (Confluent's): each part's key and secret.
FLAG_CREDENTIALS = {'confluent-cloud': ('KAFKAKEY123', 'Kafka-S3cret/+=value'),
                    'confluent-schema-registry': ('SCHEMAKEY456', 'Schema-S3cret/+=value')}


def credential_args(target, companions=True):
    """The flags carrying a target's own credentials (and, for a create, its companions')."""
    from azext_connection.matrix import TARGETS
    args = []
    for part in (target,) + (tuple(TARGETS[c] for c in target.companions) if companions else ()):
        flags = {a.dest: a.options[0] for a in part.extra_args}
        key, secret = FLAG_CREDENTIALS[part.name]
        args += [flags[part.secret_flags[0]], key, flags[part.secret_flags[1]], secret]
    return args


def auth_args(auth, sandbox, target=None, companions=True):
    """CLI flags for an AuthType, using the World's identity, a fixed service principal and, for a target
    whose secret is the user's, a fixed one: a database login, a MongoDB Atlas connection string, Confluent's
    API keys (for an update, without the companions', which are other connections)."""
    from azext_connection.matrix import AuthType
    if not auth.flag:
        return []                     # no auth (a container app to a container app)
    if auth is AuthType.SECRET and target is not None and target.secret_flags:
        return credential_args(target, companions)
    if auth is AuthType.SECRET and target is not None and target.user_secret and 'name' not in target.secret_keys:
        return ['--secret', f'secret={ATLAS_STRING}']
    if auth is AuthType.SECRET and target is not None and target.user_secret:
        return ['--secret', f'name={DB_USER}', f'secret={DB_PASSWORD}']
    if auth is AuthType.USER_IDENTITY:
        client = sandbox.get_resource(identity_id())['properties']['clientId']
        return ['--user-identity', f'client-id={client}', f'subs-id={SUB}']
    if auth is AuthType.SERVICE_PRINCIPAL:
        return ['--service-principal', f'client-id={SP_CLIENT}', f'secret={SP_SECRET}', f'object-id={SP_OBJECT}']
    return [auth.flag]


def target_args(target):
    """CLI flags locating the World's resource for a target (tests/targets.py)."""
    from tests.targets import SEEDS
    return list(SEEDS[target.name].args)


READS = re.compile(r'/(list|listKeys)$|/oauth2/v2\.0/token$', re.IGNORECASE)   # (a token changes nothing in Azure)
GUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', re.IGNORECASE)


def request_pattern(path):
    """A regex for `path` in which generated names (role assignments named after a new principal) vary."""
    return '^' + GUID.sub('[0-9a-f-]{36}', re.escape(path).replace('\\-', '-')) + '$'


def changing_requests(log):
    """(method, path, occurrence) of every request in a sandbox log that changed something, in order."""
    seen, changes = {}, []
    for entry in log:
        method, path = entry['method'], entry['path'].split('?')[0]
        if method == 'GET' or (method == 'POST' and READS.search(path)):
            continue
        key = (method, request_pattern(path).lower())
        seen[key] = seen.get(key, 0) + 1
        changes.append((method, path, seen[key]))
    return changes


@contextlib.contextmanager
def admitting_the_app(sandbox, server_id):
    """A test signs in as the app from 127.0.0.1, standing in for the app's outbound addresses (which the
    connection admitted): the server's firewall admits 127.0.0.1 meanwhile, through ARM as a user would."""
    rule = server_id + '/firewallRules/test-stands-in-for-the-app'
    sandbox.put_resource(rule, {'properties': {'startIpAddress': '127.0.0.1', 'endIpAddress': '127.0.0.1'}})
    try:
        yield
    finally:
        sandbox.call('DELETE', rule)


def failing_record_write_rolls_back(az, sandbox, create):
    """Create with the record's last write refused (after the database user is made): the error says what was
    rolled back, and the sandbox is as before. Returns the error."""
    before = comparable(sandbox.dump())
    sandbox.inject_fault(method='PUT', path='/config/metadata$', nth=2, status=403, code='AuthorizationFailed')
    failed = az(*create, expect_error=True)
    assert 'database-user' in str(failed.error).split('Rolled back:')[1]
    assert comparable(sandbox.dump()) == before, state_diff(before, comparable(sandbox.dump()))
    return failed.error


def but_entra_admin(state, target, auth):
    """A passwordless database connection leaves the signed-in account an Entra admin of the server, with Entra
    auth on, by design (it is how the user manages the database's Entra users; the core CLI leaves them too):
    `state` without them, for comparing everything else."""
    if not (target.database_user and auth.uses_identity):
        return state
    def server(body):      # (an Azure SQL server mirrors its admin in `administrators`)
        return {**body, 'properties': {k: v for k, v in (body.get('properties') or {}).items()
                                       if k not in ('authConfig', 'administrators')}}
    return {rid: server(body) if rid.count('/') == 8 and rid.rsplit('/', 2)[-2] in ('flexibleservers', 'servers')
            else body for rid, body in state.items() if '/administrators/' not in rid}


def restricted_world(world, target):
    """Everything, with the target restricting public access by IP so the plan has a firewall step."""
    from tests.targets import SEEDS
    world.everything()
    SEEDS[target.name].seed(world, restricted=True)
