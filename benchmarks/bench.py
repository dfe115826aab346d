#!/usr/bin/env python
"""Benchmark of `az webapp connection` against the local ARM sandbox, with injected ARM latency.

    .venv/bin/python benchmarks/bench.py [--latency-ms 100] [--runs 3] [--out benchmarks/RESULTS.md]

Starts its own in-process ARM sandbox, logs a private AZURE_CONFIG_DIR into it with the real az,
loads the extension the way tests/conftest.py does (a temp AZURE_EXTENSION_DIR/connection/ with a
symlink to azext_connection and a dist-info METADATA), seeds an app, a storage account, a vault and
a user identity, and measures:

1. per auth type: ARM request counts and wall times of create/list/show/validate/delete
   (real az subprocess; also in-process `get_default_cli().invoke` in a long-lived worker process);
2. list/show request counts with 1, 5 and 20 connections on the app;
3. what the extension adds to an unrelated az command (time, peak RSS) and its import cost;
4. each create's (and delete's) critical path of ARM calls vs the wall time of its ARM phase.

Stdlib only (plus the repo's arm_sandbox). `--worker` is internal: the in-process az runner.
"""
import argparse
import datetime
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)
AZ = os.path.join(VENV_BIN, 'az')
if not os.path.exists(AZ):
    AZ = os.path.join(ROOT, '.venv', 'bin', 'az')

SUB = '00000000-0000-0000-0000-000000000000'
RG, TARGET_RG, APP = 'rg', 'data', 'app'
SITE_ID = f'/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Web/sites/{APP}'
ACCOUNT_ID = f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}/providers/Microsoft.Storage/storageAccounts/acct'
VAULT_ID = f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}/providers/Microsoft.KeyVault/vaults/vault'
IDENTITY_ID = f'/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai'
SP_CLIENT = '11111111-1111-1111-1111-111111111111'   # fixed, fake service principal
SP_OBJECT = '22222222-2222-2222-2222-222222222222'
SP_SECRET = 'sp-Secret-Value-0123456789'
CONN = 'bench_conn'
SOURCE = ['-g', RG, '-n', APP]
VERBS = ('create', 'list', 'show', 'validate', 'delete')


# ----------------------------------------------------------------------------------------------------
# in-process worker: one az process that runs many commands (no interpreter start-up per command)
# ----------------------------------------------------------------------------------------------------
def worker():
    proto = sys.stdout
    sys.stdout = sys.stderr          # anything az prints outside out_file must not corrupt the protocol
    from azure.cli.core import get_default_cli
    for line in sys.stdin:
        args = json.loads(line)
        out = io.StringIO()
        cli = get_default_cli()
        started = time.time()
        t0 = time.perf_counter()
        try:
            code = cli.invoke(args, out_file=out)
        except SystemExit as exit_:
            code = exit_.code
        wall = time.perf_counter() - t0
        proto.write(json.dumps({'code': code, 'stdout': out.getvalue(), 'wall': wall, 'started': started}) + '\n')
        proto.flush()


class Worker:
    def __init__(self, env, log_path):
        self._log = open(log_path, 'a', encoding='utf-8')
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), '--worker'], env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True)

    def run(self, *args):
        self.proc.stdin.write(json.dumps([str(a) for a in args]) + '\n')
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError('in-process worker died; see its log')
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self._log.close()


# ----------------------------------------------------------------------------------------------------
# environment: extension dir, config dirs, sandbox, seed
# ----------------------------------------------------------------------------------------------------
def seed(sb, firewall_deny=False):
    put = sb.put_resource
    put(f'/subscriptions/{SUB}/resourceGroups/{RG}', {'location': 'eastus'})
    put(f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}', {'location': 'eastus'})
    put(IDENTITY_ID, {'location': 'eastus'})
    put(SITE_ID, {'location': 'eastus', 'kind': 'app,linux',
                  'properties': {'siteConfig': {'linuxFxVersion': 'PYTHON|3.11'}}})
    put(ACCOUNT_ID, {'location': 'eastus', 'kind': 'StorageV2', 'sku': {'name': 'Standard_LRS'},
                     'properties': {'publicNetworkAccess': 'Enabled',
                                    'networkAcls': {'defaultAction': 'Deny' if firewall_deny else 'Allow',
                                                    'bypass': 'AzureServices', 'ipRules': [],
                                                    'virtualNetworkRules': []}}})
    put(VAULT_ID, {'location': 'eastus',
                   'properties': {'tenantId': sb.tenant_id, 'sku': {'family': 'A', 'name': 'standard'},
                                  'enableRbacAuthorization': True, 'accessPolicies': [],
                                  'publicNetworkAccess': 'Enabled',
                                  'networkAcls': {'defaultAction': 'Allow', 'bypass': 'AzureServices',
                                                  'ipRules': [], 'virtualNetworkRules': []}}})
    for _, resources in OTHER_SOURCES.values():
        for rid, body in resources:
            put(rid, body)
    put(PG_SERVER_ID, {'location': 'eastus', 'sku': {'name': 'Standard_D2ds_v5', 'tier': 'GeneralPurpose'},
                       'properties': {'administratorLogin': 'dbadmin', 'administratorLoginPassword': 'Adm1n-Passw0rd!',
                                      'version': '17'}})
    put(PG_SERVER_ID + '/databases/db', {'properties': {}})
    put(COSMOS_ID, {'location': 'eastus', 'kind': 'GlobalDocumentDB',
                    'properties': {'databaseAccountOfferType': 'Standard', 'locations': [{'locationName': 'eastus'}]}})
    put(COSMOS_ID + '/sqlDatabases/db', {'properties': {'resource': {'id': 'db'}}})


_PROVIDERS = f'/subscriptions/{SUB}/resourceGroups/{RG}/providers'
PG_SERVER_ID = f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/pgbench'
COSMOS_ID = f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}/providers/Microsoft.DocumentDB/databaseAccounts/cosmos'
OTHER_SOURCES = {   # group -> (locator args, [(resource id, body)] to seed)
    'functionapp': (['-g', RG, '-n', 'func'], [(f'{_PROVIDERS}/Microsoft.Web/sites/func', {
        'location': 'eastus', 'kind': 'functionapp,linux', 'properties': {'siteConfig': {
            'linuxFxVersion': 'Python|3.11', 'appSettings': [{'name': 'FUNCTIONS_WORKER_RUNTIME', 'value': 'python'}]}}})]),
    'containerapp': (['-g', RG, '-n', 'capp'], [
        (f'{_PROVIDERS}/Microsoft.App/managedEnvironments/env', {'location': 'eastus', 'properties': {}}),
        (f'{_PROVIDERS}/Microsoft.App/containerApps/capp', {'location': 'eastus', 'properties': {
            'managedEnvironmentId': f'{_PROVIDERS}/Microsoft.App/managedEnvironments/env',
            'template': {'containers': [{'name': 'web', 'image': 'mcr.microsoft.com/k8se/quickstart:latest'}]}}})]),
    'spring': (['-g', RG, '--service', 'spring', '--app', 'sapp'], [
        (f'{_PROVIDERS}/Microsoft.AppPlatform/Spring/spring', {'location': 'eastus', 'sku': {'name': 'S0'}}),
        (f'{_PROVIDERS}/Microsoft.AppPlatform/Spring/spring/apps/sapp', {'properties': {}}),
        (f'{_PROVIDERS}/Microsoft.AppPlatform/Spring/spring/apps/sapp/deployments/default', {
            'properties': {'active': True, 'source': {'type': 'Jar', 'runtimeVersion': 'Java_17'}}})]),
    'container': (['-g', RG, '-n', 'cg'], [(f'{_PROVIDERS}/Microsoft.ContainerInstance/containerGroups/cg', {
        'location': 'eastus', 'properties': {
            'osType': 'Linux', 'ipAddress': {'type': 'Public', 'ports': [{'port': 80}]},
            'containers': [{'name': 'web', 'properties': {
                'image': 'mcr.microsoft.com/azuredocs/aci-helloworld', 'ports': [{'port': 80}],
                'resources': {'requests': {'cpu': 1.0, 'memoryInGB': 1.5}}}}]}})]),
}


def scenarios(sb):
    client = sb.get_resource(IDENTITY_ID)['properties']['clientId']
    blob = ['storage-blob', '--tg', TARGET_RG, '--account', 'acct']
    kv = ['keyvault', '--tg', TARGET_RG, '--vault', 'vault']
    web = ('webapp', SOURCE)
    scens = [
        # (label, (group, locator), create args after `create`, seed the account's firewall as defaultAction=Deny)
        ('storage-blob / system identity', web, blob + ['--system-identity'], False),
        ('storage-blob / secret', web, blob + ['--secret'], False),
        ('storage-blob / user identity', web, blob + ['--user-identity', f'client-id={client}', f'subs-id={SUB}'],
         False),
        ('storage-blob / service principal', web,
         blob + ['--service-principal', f'client-id={SP_CLIENT}', f'secret={SP_SECRET}', f'object-id={SP_OBJECT}'],
         False),
        ('keyvault / system identity', web, kv + ['--system-identity'], False),
        ('postgres-flexible / secret (database login)', web,
         ['postgres-flexible', '--tg', TARGET_RG, '--server', 'pgbench', '--database', 'db', '--secret', 'name=appuser',
          'secret=Bench-Passw0rd'], False),
        ('cosmos-sql / system identity (RBAC + data-plane role)', web,
         ['cosmos-sql', '--tg', TARGET_RG, '--account', 'cosmos', '--database', 'db', '--system-identity'], False),
        ('storage-blob / system identity, firewall Deny (extra)', web, blob + ['--system-identity'], True),
    ]
    for group, (where, _) in OTHER_SOURCES.items():
        scens.append((f'{group}: storage-blob / system identity', (group, where), blob + ['--system-identity'], False))
        scens.append((f'{group}: storage-blob / secret', (group, where), blob + ['--secret'], False))
    return scens


def verb_args(verb, source, create_args):
    group, where = source
    if verb == 'create':
        return [group, 'connection', 'create', create_args[0], *where, *create_args[1:], '--connection', CONN,
                '--client-type', 'python']
    if verb == 'list':
        return [group, 'connection', 'list', *where]
    extra = ['--yes'] if verb == 'delete' else []
    return [group, 'connection', verb, *where, '--connection', CONN, *extra]


# ----------------------------------------------------------------------------------------------------
# the request log
# ----------------------------------------------------------------------------------------------------
_NOT_ARM = re.compile(r'^/(metadata/endpoints|tenants$|subscriptions$|v1\.0/|[^/]+/(v2\.0/|oauth2/))', re.I)


def is_arm(entry):
    return not _NOT_ARM.search(entry['path'])


def arm_requests(entries):
    out = []
    for e in entries:
        if not is_arm(e):
            continue
        e = dict(e)
        e['end'] = e['time']
        e['start'] = e['time'] - e['duration_ms'] / 1000.0
        out.append(e)
    out.sort(key=lambda e: e['start'])
    return out


def union_ms(reqs):
    total, cur_s, cur_e = 0.0, None, None
    for r in sorted(reqs, key=lambda r: r['start']):
        if cur_e is None or r['start'] > cur_e:
            if cur_e is not None:
                total += cur_e - cur_s
            cur_s, cur_e = r['start'], r['end']
        else:
            cur_e = max(cur_e, r['end'])
    if cur_e is not None:
        total += cur_e - cur_s
    return total * 1000


def span_ms(reqs):
    return (max(r['end'] for r in reqs) - min(r['start'] for r in reqs)) * 1000 if reqs else 0.0


_LABELS = (   # (path regex, name) for the requests connections send, most specific first
    (r'/providers/microsoft\.authorization/roleassignments/[^/]+$', 'roleAssignment'),
    (r'/providers/microsoft\.authorization/roleassignments$', 'roleAssignments (list)'),
    (r'/providers/microsoft\.resources/tags/default$', 'tags'),
    (r'/(operationstatuses|operationresults|containerappoperationstatuses|containerappoperationresults|operations|'
     r'operationstatus|azureasyncoperation|operationsstatus)/.+', 'operation'),
    (r'/databaseaccounts/[^/]+/sqlroleassignments/[^/]+$', 'dataPlaneAssignment'),
    (r'/databaseaccounts/[^/]+/sqlroleassignments$', 'dataPlaneAssignments (list)'),
    (r'/databaseaccounts/[^/]+$', 'cosmosAccount'),
    (r'/config/appsettings/list$', 'appsettings/list'), (r'/config/metadata/list$', 'metadata/list'),
    (r'/config/appsettings$', 'appsettings'), (r'/config/metadata$', 'metadata'), (r'/listkeys$', 'listKeys'),
    (r'/listsecrets$', 'listSecrets'),
    (r'/providers/microsoft\.web/sites/[^/]+(/slots/[^/]+)?$', 'site'),
    (r'/containerapps/[^/]+$', 'containerApp'), (r'/containergroups/[^/]+$', 'containerGroup'),
    (r'/spring/[^/]+/apps/[^/]+/deployments$', 'deployments (list)'),
    (r'/spring/[^/]+/apps/[^/]+/deployments/[^/]+$', 'deployment'),
    (r'/spring/[^/]+/apps/[^/]+$', 'springApp'), (r'/spring/[^/]+$', 'springService'),
    (r'/storageaccounts/[^/]+$', 'storageAccount'), (r'/vaults/[^/]+$', 'vault'),
    (r'/(flexibleservers|servers)/[^/]+/firewallrules/[^/]+$', 'firewallRule'),
    (r'/(flexibleservers|servers)/[^/]+/firewallrules$', 'firewallRules (list)'),
    (r'/(flexibleservers|servers)/[^/]+/databases/[^/]+$', 'database'),
    (r'/(flexibleservers|servers)/[^/]+$', 'server'),
    (r'/userassignedidentities$', 'userAssignedIdentities (list)'),
)


def label(e):
    path = e['path'].lower().split('?')[0]
    return f"{e['method']} " + next((name for rx, name in _LABELS if re.search(rx, path)), e['path'])


READS = {'GET site': 'site', 'POST appsettings/list': 'settings', 'POST metadata/list': 'metadata',
         'GET storageAccount': 'target', 'GET vault': 'target', 'GET userAssignedIdentities (list)': 'uai',
         'GET server': 'target', 'GET database': 'target', 'GET cosmosAccount': 'target', 'GET firewallRules (list)': 'target',
         'POST listKeys': 'secrets', 'GET containerApp': 'source', 'GET containerGroup': 'source',
         'GET springApp': 'source', 'GET springService': 'metadata', 'GET deployments (list)': 'settings'}
_SOURCE = ('site', 'containerApp', 'containerGroup', 'springApp')
_RECORD_WRITES = ('PUT metadata', 'PATCH tags')


def assign(reqs, step_keys):
    """[(node, request)] in start order. Before the intent record is written every request is a read
    of the read phase ('read:<what>#n'); after it, each request belongs to the plan step that sends it
    (steps read the shared document they change just before writing it), or to 'verify:<step>': the
    read that checks that step's write while the final record is written. A long-running operation's
    polls belong to the step whose write started it."""
    grants = [k for k in step_keys if k.startswith('grant-')]
    revokes = [k for k in step_keys if k.startswith('revoke-')]
    out, phase, seen, names, last_409, last_write = [], 'read', set(), {}, None, None
    for e in reqs:
        lab = label(e)
        noun = lab.split(' ', 1)[1]
        if phase == 'read' and lab in _RECORD_WRITES and 'intent' in step_keys:
            phase = 'steps'
        if phase == 'read' or lab == 'POST listKeys':
            what = READS.get(lab, lab)
            count = sum(1 for n, _ in out if n.startswith(f'read:{what}#'))
            out.append((f'read:{what}#{count}', e))
            continue
        node, write = None, e['method'] in ('PUT', 'PATCH', 'DELETE')
        identity_first = 'identity' in step_keys and 'identity' not in seen
        if lab in _RECORD_WRITES:
            # A tag store writes a record with a Merge and, when it shrinks, a Delete right after it.
            same_write = bool(out) and out[-1][0] == 'intent' and lab == 'PATCH tags' == label(out[-1][1])
            node = 'intent' if 'intent' not in seen or (same_write and seen == {'intent'}) else 'record'
        elif lab in ('POST metadata/list', 'GET tags'):
            node = 'record'
        elif lab == 'GET operation':
            node = last_write
        elif noun in _SOURCE and (('identity' in (e.get('body_keys') or ())) or (not write and identity_first)):
            node = 'identity'
        elif noun in ('appsettings', 'listSecrets', 'deployment') or noun in _SOURCE:
            node = 'verify:settings' if 'settings' in seen and not write else 'settings'
        elif lab == 'POST appsettings/list':
            node = 'verify:settings' if 'settings' in seen else 'settings'
        elif lab in ('GET storageAccount', 'GET vault', 'GET firewallRules (list)'):
            node = 'verify:firewall' if 'firewall' in seen else 'firewall'
        elif lab in ('PATCH storageAccount', 'PATCH vault', 'PUT firewallRule', 'DELETE firewallRule'):
            node = 'firewall'
        elif lab in ('GET firewallRule', 'GET dataPlaneAssignment'):
            # the write's own re-read after its long-running operation (a rule, a data-plane assignment)
            node = names.get(e['path'].rsplit('/', 1)[-1].lower(), last_write)
        elif lab in ('PUT roleAssignment', 'PUT dataPlaneAssignment') and grants:
            ra = e['path'].rsplit('/', 1)[-1].lower()
            node = names.setdefault(ra, grants[len([n for n in names.values() if n in grants]) % len(grants)])
            last_409 = node if e['status'] == 409 else last_409
        elif lab == 'GET roleAssignments (list)' and last_409:
            node = last_409
        elif lab in ('DELETE roleAssignment', 'DELETE dataPlaneAssignment') and revokes:
            ra = e['path'].rsplit('/', 1)[-1].lower()
            node = names.setdefault(ra, revokes[len([n for n in names.values() if n in revokes]) % len(revokes)])
        if write and node:
            seen.add(node)
            last_write = node
        out.append((node, e))
    return out


WINDOW_STEPS = ('intent', 'identity', 'settings', 'firewall', 'record')
_WRITES = {'PATCH site', 'PUT appsettings', 'PUT metadata', 'PATCH storageAccount', 'PATCH vault', 'PATCH tags',
           'PUT firewallRule', 'DELETE firewallRule',
           'PATCH containerApp', 'PUT containerGroup', 'PATCH deployment', 'PATCH springApp'}


def windows(reqs, plan_steps):
    """{step: ms} from the step's read of a shared document being served to its write being applied."""
    out = {}
    by_step = {}
    for node, e in assign(reqs, [s['key'] for s in plan_steps]):
        by_step.setdefault(node, []).append(e)
    first_metadata_read = [e for node, e in assign(reqs, [s['key'] for s in plan_steps])
                           if node == 'read:metadata#0']
    for step in WINDOW_STEPS:
        events = sorted(list(by_step.get(step, ())) + (first_metadata_read if step == 'intent' else []),
                        key=lambda e: e['start'])
        write = next((e for e in events if label(e) in _WRITES), None)
        read = [e for e in events if write is not None and e['end'] <= write['end'] and label(e) not in _WRITES]
        if write is not None and read:
            out[step] = (write['end'] - read[-1]['end']) * 1000
    return out


def critical_path(reqs, plan_steps, verb='create', verifies_first=False):
    """Longest dependency chain (by measured durations) through the read phase and the plan DAG.

    reqs: ARM requests of one command; plan_steps: [{'key', 'after'}] from --dry-run.
    Returns (critical_ms, [request labels along the chain], unmapped request labels)."""
    step_keys = [s['key'] for s in plan_steps]
    nodes, unmapped = {}, []
    for node, e in assign(reqs, step_keys):
        if node is None:
            unmapped.append(label(e))
            continue
        nodes.setdefault(node, {'reqs': [], 'deps': set(), 'read': node.startswith('read:')})['reqs'].append(e)
    read_nodes = [n for n in nodes if n.startswith('read:')]
    for n in read_nodes:
        if n.startswith('read:uai'):
            nodes[n]['deps'] = {'read:site#0'}          # looked up only when the site does not have it attached
        elif n.startswith('read:target') and verb != 'create':
            nodes[n]['deps'] = {'read:metadata#0'}      # the target id comes from the connection's record
    for s in plan_steps:
        nodes.setdefault(s['key'], {'reqs': [], 'deps': set(), 'read': False})
        nodes[s['key']]['deps'] |= set(s.get('after') or ()) | set(read_nodes)
    for n in [n for n in nodes if n.startswith('verify:')]:   # beside the final record, after every other step
        nodes[n]['deps'] |= {k for k in step_keys if k != 'record'} | set(read_nodes)
        if verifies_first and 'record' in nodes:              # ...or before it (a source written whole)
            nodes['record']['deps'].add(n)
    finish, via = {}, {}

    def solve(n):
        if n in finish:
            return finish[n]
        node = nodes.get(n)
        if node is None:
            finish[n] = 0.0
            return 0.0
        best, best_dep = 0.0, None
        for d in node['deps']:
            f = solve(d)
            if f > best:
                best, best_dep = f, d
        finish[n] = best + sum(r['duration_ms'] for r in node['reqs'])
        via[n] = best_dep
        return finish[n]

    end = max(nodes, key=solve) if nodes else None
    chain, n = [], end
    while n is not None:
        node = nodes[n]
        tag = '' if node['read'] else f' ({n})'
        for r in reversed(sorted(node['reqs'], key=lambda r: r['start'])):
            chain.append(label(r) + tag)
        n = via.get(n)
    return (finish[end] if end else 0.0), list(reversed(chain)), unmapped


# ----------------------------------------------------------------------------------------------------
# running az
# ----------------------------------------------------------------------------------------------------
def run_sub(args, env, extra=('-o', 'json', '--only-show-errors')):
    started = time.time()
    t0 = time.perf_counter()
    proc = subprocess.run([AZ, *args, *extra], env=env, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - t0
    return {'code': proc.returncode, 'stdout': proc.stdout, 'stderr': proc.stderr, 'wall': wall,
            'started': started, 'ended': started + wall}


def run_rusage(cmd, env):
    """(wall ms, peak RSS MiB, CPU ms user+sys, exit code) of one child: its own rusage via wait4."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall * 1000, usage.ru_maxrss / 1024.0, (usage.ru_utime + usage.ru_stime) * 1000, proc.returncode


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float('nan')


def must(result, what):
    if result['code'] != 0:
        raise RuntimeError(f'{what} failed ({result["code"]}):\n{result.get("stdout", "")[:2000]}\n'
                           f'{result.get("stderr", "")[:2000]}')
    return result


# ----------------------------------------------------------------------------------------------------
# the measurements
# ----------------------------------------------------------------------------------------------------
def measure_verbs(sb, env, wk, snap, scen, runs, latency):
    label_, source, create_args, fw = scen
    result = {'label': label_, 'verbs': {v: [] for v in VERBS}, 'inproc': {v: [] for v in VERBS},
              'paths': {}, 'plans': {}}
    # the plans (no latency needed: --dry-run changes nothing)
    sb.clear_latency()
    sb.restore(snap[fw])
    dry = must(wk.run(*verb_args('create', source, create_args), '--dry-run', '-o', 'json', '--only-show-errors'),
               f'{label_} create --dry-run')
    plan = json.loads(dry['stdout'])
    result['plans']['create'] = plan['steps']
    result['verifies_first'] = plan.get('verifiesFirst', False)
    must(wk.run(*verb_args('create', source, create_args), '-o', 'none', '--only-show-errors'), f'{label_} create (plan)')
    dry = must(wk.run(*verb_args('delete', source, create_args), '--dry-run', '-o', 'json', '--only-show-errors'),
               f'{label_} delete --dry-run')
    result['plans']['delete'] = json.loads(dry['stdout'])['steps']
    for run in range(runs):
        # real az subprocess
        sb.restore(snap[fw])
        sb.set_latency(latency)
        for verb in VERBS:
            sb.clear_log()
            r = must(run_sub(verb_args(verb, source, create_args), env), f'{label_} {verb}')
            reqs = arm_requests(sb.requests)
            other = [e for e in sb.requests if not is_arm(e)]
            rec = {'wall': r['wall'] * 1000, 'n': len(reqs), 'other': len(other), 'busy': union_ms(reqs),
                   'sum': sum(q['duration_ms'] for q in reqs), 'span': span_ms(reqs),
                   'seq': [label(q) for q in reqs], 'reqs': reqs,
                   'pre': ((min(q['start'] for q in reqs) - r['started']) * 1000) if reqs else None,
                   'post': ((r['ended'] - max(q['end'] for q in reqs)) * 1000) if reqs else None}
            if verb in ('create', 'delete'):
                cp, chain, unmapped = critical_path(reqs, result['plans'][verb], verb,
                                                    result.get('verifies_first', False))
                rec.update(cp=cp, chain=chain, unmapped=unmapped)
            result['verbs'][verb].append(rec)
        # in-process (warm interpreter, command table re-loaded per command like azure-cli's tests)
        sb.clear_latency()
        sb.restore(snap[fw])
        sb.set_latency(latency)
        for verb in VERBS:
            sb.clear_log()
            r = must(wk.run(*verb_args(verb, source, create_args), '-o', 'json', '--only-show-errors'),
                     f'{label_} {verb} (in-process)')
            reqs = arm_requests(sb.requests)
            result['inproc'][verb].append({'wall': r['wall'] * 1000, 'n': len(reqs), 'busy': union_ms(reqs)})
    sb.clear_latency()
    return result


def measure_growth(sb, env, wk, snap, runs, latency):
    sb.clear_latency()
    sb.restore(snap[False])
    blob = ['storage-blob', *SOURCE, '--tg', TARGET_RG, '--account', 'acct', '--secret']
    made, out = 0, []
    for size in (1, 5, 20):
        sb.clear_latency()
        while made < size:
            made += 1
            must(wk.run('webapp', 'connection', 'create', *blob, '--connection', f'c{made:02d}',
                        '--client-type', 'python', '-o', 'none', '--only-show-errors'), f'create c{made:02d}')
        sb.set_latency(latency)
        row = {'size': size}
        for verb, args in (('list', ['webapp', 'connection', 'list', *SOURCE]),
                           ('show', ['webapp', 'connection', 'show', *SOURCE, '--connection', f'c{size:02d}'])):
            counts, walls, seqs = [], [], set()
            for _ in range(runs):
                sb.clear_log()
                r = must(run_sub(args, env), f'{verb} with {size} connections')
                reqs = arm_requests(sb.requests)
                counts.append(len(reqs))
                walls.append(r['wall'] * 1000)
                seqs.add(' → '.join(label(q) for q in reqs))
                if verb == 'list':
                    found = len(json.loads(r['stdout']))
                    if found != size:
                        raise RuntimeError(f'list returned {found} connections, expected {size}')
            row[verb] = {'counts': sorted(set(counts)), 'wall': med(walls), 'seq': sorted(seqs)}
        out.append(row)
    sb.clear_latency()
    sb.restore(snap[False])
    return out


# Unrelated commands of the command groups the extension adds to: its loader runs for each of them.
UNRELATED = (('az webapp list -g rg -o none', ['webapp', 'list', '-g', RG, '-o', 'none']),
             ('az webapp list -h', ['webapp', 'list', '-h']),
             ('az containerapp list -h', ['containerapp', 'list', '-h']))
LOAD_TARGET_MS, MEMORY_TARGET_MIB = 10, 2


def measure_overhead(env_with, env_without, runs):
    cmds = {name: [AZ, *cmd] for name, cmd in UNRELATED}
    res = {}
    for name, cmd in cmds.items():
        for env in (env_with, env_without):      # warm-up: command index, page cache
            for _ in range(2):
                run_rusage(cmd, env)
        data = {'with': [], 'without': []}
        for _ in range(runs):                       # interleaved, so drift hits both sides alike
            for side, env in (('with', env_with), ('without', env_without)):
                wall, rss, cpu, code = run_rusage(cmd, env)
                if code != 0:
                    raise RuntimeError(f'{name} ({side} extension) exited {code}')
                data[side].append((wall, rss, cpu))
        res[name] = data
    return res


def imported_modules(cmd, env, repeats=2):
    """{module: median self µs} that `python -X importtime -m azure.cli <cmd>` imports."""
    runs = []
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, '-X', 'importtime', '-m', 'azure.cli', *cmd], env=env,
                              capture_output=True, text=True, timeout=120)
        rows = {}
        for line in proc.stderr.splitlines():
            parts = line.split('|')
            if line.startswith('import time:') and len(parts) == 3 and parts[1].strip().isdigit():
                rows[parts[2].strip()] = int(parts[0].split(':')[1])
        runs.append(rows)
    return {m: med(r.get(m) for r in runs) for m in runs[-1]}


def extension_loaded_for(cmd, env):
    proc = subprocess.run([AZ, *cmd, '--debug'], env=env, capture_output=True, text=True, timeout=120)
    text = proc.stderr
    return bool(re.search(r'azext_connection|extension.*connection|connection.*extension', text, re.I)), text


def measure_cli_extension_load(env, repeats=9):
    """azure-cli's own timing of loading the extension (import + command table) for an unrelated
    `webapp` command, from the per-extension line of its --debug load report; median ms."""
    values = []
    for _ in range(repeats):
        _, text = extension_loaded_for(['webapp', 'list', '-h'], env)
        match = re.search(r'cli\.azure\.cli\.core: connection\s+([0-9.]+)\s', text)
        if match:
            values.append(float(match.group(1)) * 1000)
    return med(values)


def measure_sdk_imports(env, repeats=3):
    """ms to import (and build nothing of) each SDK the extension's Arm facade loads lazily."""
    out = {}
    for mod in ('azure.mgmt.web', 'azure.mgmt.storage', 'azure.mgmt.keyvault', 'azure.mgmt.authorization',
                'azure.mgmt.msi'):
        code = ('import time, azure.cli.core, azure.mgmt.core, azure.core; t = time.perf_counter(); import %s; '
                'print((time.perf_counter() - t) * 1000)' % mod)
        vals = []
        for _ in range(repeats):
            proc = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, timeout=120)
            if proc.returncode == 0:
                vals.append(float(proc.stdout.strip()))
        out[mod] = med(vals)
    return out


def measure_importtime(env, ext_dir, repeats=5):
    code = ('import sys; sys.path.insert(0, %r); import azure.cli.core, knack.arguments; '
            'sys.stderr.write("BENCH-MARK\\n"); sys.stderr.flush(); import azext_connection, azext_connection.commands, azext_connection._params, '
            'azext_connection._help' % os.path.join(ext_dir, 'connection'))
    totals, modules = [], None
    for _ in range(repeats):
        proc = subprocess.run([sys.executable, '-X', 'importtime', '-c', code], env=env, capture_output=True,
                              text=True, timeout=120)
        if proc.returncode != 0:
            return None, None
        rows = []
        for line in proc.stderr.split('BENCH-MARK\n', 1)[-1].splitlines():
            parts = line.split('|')
            if not line.startswith('import time:') or len(parts) != 3 or not parts[1].strip().isdigit():
                continue
            name = parts[2].rstrip()
            rows.append((len(name) - len(name.lstrip(' ')), name.strip(), int(parts[0].split(':')[1]),
                         int(parts[1])))
        top = min(r[0] for r in rows)
        total, mods = 0, []
        for depth, name, self_us, cum_us in rows:
            if depth == top:
                total += cum_us
            mods.append((name, self_us))
        totals.append(total / 1000.0)
        modules = mods
    return med(totals), modules


# ----------------------------------------------------------------------------------------------------
# report
# ----------------------------------------------------------------------------------------------------
def fmt(v, nd=0):
    if v is None or (isinstance(v, float) and v != v):
        return '–'
    return f'{v:.{nd}f}'


def report(meta, results, growth, overhead, loaded, imports, latency, runs, overhead_runs):
    L = []
    L.append('# azext_connection benchmark')
    L.append('')
    L.append(f"- date: {meta['date']}  \n- machine: {meta['machine']}  \n- python: {meta['python']}  \n"
             f"- azure-cli: {meta['azcli']}  \n- injected ARM latency: {latency} ms on every request  \n"
             f"- runs: median of {runs} (verbs), {overhead_runs} interleaved pairs (overhead)  \n"
             f"- extension commit: {meta['commit']}  \n- command: `{meta['command']}`  \n"
             f"- machine load: {meta['load']} — other work shared these cores during the run  \n"
             f"- total bench time: {meta['elapsed']:.0f} s ("
             + ', '.join(f'{k} {v:.0f} s' for k, v in meta['phases'].items()) + ')')
    L.append('')
    L.append('## How measured')
    L.append('')
    L.append(
        'An in-process `arm_sandbox.Sandbox(port=0)` serves ARM over HTTPS; a private `AZURE_CONFIG_DIR` is logged '
        'into it with the real `az` (`az_login_commands()`); the extension is loaded from a temp '
        '`AZURE_EXTENSION_DIR/connection/` (symlink to `azext_connection` + dist-info METADATA), as tests/conftest.py '
        'does. The app, storage account (firewall Allow; Deny for the extra row), vault (RBAC) and user identity are '
        'seeded without latency; the state is snapshotted and restored before every run, then '
        f'`set_latency({latency})` adds {latency} ms to every request. Each verb runs as a real '
        '`.venv/bin/az webapp connection … -o json --only-show-errors` subprocess: **wall** is that subprocess '
        '(interpreter start-up and command loading included); **ARM busy** is the time at least one ARM request '
        'was in flight (union of the sandbox log intervals; start = `time` − `duration_ms`, and `duration_ms` '
        'includes the injected sleep); **ARM span** is first request start → last request end; **in-proc** is the '
        'same command through `get_default_cli().invoke` in a long-lived worker process (no interpreter start-up; '
        'command table still loaded per command). Request counts exclude login/token/metadata/Graph endpoints '
        '(none were seen during the verbs). **Critical path** = the largest sum of measured `duration_ms` along a '
        'dependency chain: the read phase (site GET, app-settings list, metadata list, target GET concurrent; the '
        'user-identity lookup after the site GET), then the step DAG of `--dry-run` (`after` edges; each step\'s '
        'requests chained), requests mapped to steps by method+path. Ratio = ARM span / critical path (target '
        '≤ 1.25). Values are medians over runs.')
    L.append('')
    L.append(f'## 1. Verbs per auth type ({latency} ms per ARM request)')
    L.append('')
    L.append('| scenario | verb | ARM requests | wall (subprocess) ms | in-proc wall ms | ARM busy ms | ARM span ms '
             '| before 1st ARM ms | after last ARM ms |')
    L.append('|---|---|---:|---:|---:|---:|---:|---:|---:|')
    for res in results:
        for verb in VERBS:
            recs, inp = res['verbs'][verb], res['inproc'][verb]
            counts = sorted({r['n'] for r in recs})
            L.append(f"| {res['label']} | {verb} | {'/'.join(map(str, counts))} | {fmt(med(r['wall'] for r in recs))} "
                     f"| {fmt(med(r['wall'] for r in inp))} | {fmt(med(r['busy'] for r in recs))} "
                     f"| {fmt(med(r['span'] for r in recs))} | {fmt(med(r['pre'] for r in recs))} "
                     f"| {fmt(med(r['post'] for r in recs))} |")
    L.append('')
    L.append('### Request sequences (subprocess run 1, by start time)')
    L.append('')
    for res in results:
        L.append(f"- **{res['label']}**")
        for verb in VERBS:
            L.append(f"  - {verb}: {' , '.join(res['verbs'][verb][0]['seq'])}")
    L.append('')
    L.append('## 4. Critical path of the ARM phase (create, and delete for comparison)')
    L.append('')
    L.append('| scenario | verb | ARM span ms | critical path ms | ratio | target ≤1.25 | chain |')
    L.append('|---|---|---:|---:|---:|:-:|---|')
    for res in results:
        for verb in ('create', 'delete'):
            recs = res['verbs'][verb]
            span, cp = med(r['span'] for r in recs), med(r['cp'] for r in recs)
            ratio = med(r['span'] / r['cp'] for r in recs if r['cp'])
            chain = ' → '.join(recs[-1]['chain'])
            ok = 'yes' if ratio <= 1.25 else '**no**'
            L.append(f"| {res['label']} | {verb} | {fmt(span)} | {fmt(cp)} | {fmt(ratio, 2)} | {ok} | {chain} |")
    unm = {(res['label'], v, u) for res in results for v in ('create', 'delete') for r in res['verbs'][v]
           for u in r['unmapped']}
    if unm:
        L.append('')
        L.append('Requests not mapped to a step: ' + '; '.join(f'{a} {b}: {c}' for a, b, c in sorted(unm)))
    durs = [q['duration_ms'] for res in results for v in VERBS for r in res['verbs'][v] for q in r['reqs']]
    L.append('')
    L.append(f'Check: `duration_ms` of every measured request ≥ {latency} ms: '
             f"{'yes' if durs and min(durs) >= latency else 'NO'} (min {fmt(min(durs), 1)} ms, "
             f'median {fmt(med(durs), 1)} ms, max {fmt(max(durs), 1)} ms over {len(durs)} requests).')
    L.append('')
    L.append('### Timelines of the create (last subprocess run; ms from the first ARM request)')
    L.append('')
    L.append('```')
    for res in results:
        reqs = res['verbs']['create'][-1]['reqs']
        t0 = min(q['start'] for q in reqs)
        L.append(res['label'])
        for name, q in assign(reqs, [s['key'] for s in res['plans']['create']]):
            L.append(f"  {(q['start'] - t0) * 1000:7.0f} → {(q['end'] - t0) * 1000:5.0f}  {q['status']}  "
                     f"{label(q):32s} [{name}]")
    L.append('```')
    L.append('')
    L.append('## 5. The window another tool can still race in')
    L.append('')
    L.append('A step changes a shared document (app settings, the record store, the target\'s IP rules, the site\'s '
             'identity) by reading it and writing its delta at once. A write by another tool (not this extension: '
             'its commands exclude each other) that lands between our read being served and our write being applied '
             'is overwritten. Measured per step from the sandbox log as (write finished − read finished), i.e. the '
             f'write\'s own round trip plus the client\'s turnaround, at {latency} ms per request; median over runs:')
    L.append('')
    L.append('| scenario | ' + ' | '.join(WINDOW_STEPS) + ' |')
    L.append('|---|' + '---:|' * len(WINDOW_STEPS))
    for res in results:
        per = {k: med(w.get(k) for w in (windows(r['reqs'], res['plans']['create']) for r in res['verbs']['create']))
               for k in WINDOW_STEPS}
        L.append(f"| {res['label']} | " + ' | '.join(fmt(per[k]) for k in WINDOW_STEPS) + ' |')
    L.append('')
    L.append(f'## 2. list / show with 1, 5, 20 connections ({latency} ms per ARM request)')
    L.append('')
    L.append('| connections | list requests | list wall ms | show requests | show wall ms | sequences |')
    L.append('|---:|---:|---:|---:|---:|---|')
    for row in growth:
        seq = '; '.join(f"{v}: {' / '.join(row[v]['seq'])}" for v in ('list', 'show'))
        L.append(f"| {row['size']} | {'/'.join(map(str, row['list']['counts']))} | {fmt(row['list']['wall'])} "
                 f"| {'/'.join(map(str, row['show']['counts']))} | {fmt(row['show']['wall'])} | {seq} |")
    flat = all(row[v]['counts'] == growth[0][v]['counts'] for row in growth for v in ('list', 'show'))
    L.append('')
    L.append(f"Request counts constant in the number of connections: {'yes' if flat else '**NO**'}.")
    L.append('')
    L.append('## 3. What the extension adds to unrelated az commands (no latency)')
    L.append('')
    L.append('| command | ext. loaded | wall ms without | with | added (paired) | CPU ms without | with '
             '| added (paired) | peak RSS MiB without | with | added | modules imported only with it (self ms) '
             f'| target <{LOAD_TARGET_MS} ms, <{MEMORY_TARGET_MIB} MiB |')
    L.append('|---|:-:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|')
    for name, data in overhead.items():
        pairs = list(zip(data['with'], data['without']))
        w0, w1 = med(x[0] for x in data['without']), med(x[0] for x in data['with'])
        m0, m1 = med(x[1] for x in data['without']), med(x[1] for x in data['with'])
        c0, c1 = med(x[2] for x in data['without']), med(x[2] for x in data['with'])
        dw, dc = med(a[0] - b[0] for a, b in pairs), med(a[2] - b[2] for a, b in pairs)
        extra = data.get('extra_modules') or []
        extra_ms = sum(v for _, v in extra) / 1000
        ok = ('yes' if dc < LOAD_TARGET_MS and (m1 - m0) < MEMORY_TARGET_MIB else '**no**') + ' (CPU, memory), ' + \
             ('yes' if dw < LOAD_TARGET_MS else '**no**') + ' (wall), ' + \
             ('yes' if extra_ms < LOAD_TARGET_MS else '**no**') + ' (imports)'
        L.append(f"| `{name}` | {'yes' if loaded.get(name) else 'no'} | {fmt(w0)} | {fmt(w1)} | {fmt(dw)} "
                 f"| {fmt(c0)} | {fmt(c1)} | {fmt(dc)} "
                 f"| {fmt(m0, 1)} | {fmt(m1, 1)} | {fmt(m1 - m0, 1)} | {len(extra)} ({fmt(extra_ms, 1)}) | {ok} |")
    L.append('')
    for name, data in overhead.items():
        L.append(f"- `{name}`: modules imported only with the extension (median self ms of 2 `-X importtime` runs): "
                 + ', '.join(f'{m} {v / 1000:.1f}' for m, v in data.get('extra_modules') or []))
    L.append('')
    spread = {name: [statistics.pstdev([x[i] for x in d[s]]) for i in (0, 2) for s in ('without', 'with')]
              for name, d in overhead.items()}
    L.append('Run-to-run spread (population stdev, without / with): ' + '; '.join(
        f'`{n}` wall {fmt(a)} / {fmt(b)} ms, CPU {fmt(c)} / {fmt(d)} ms' for n, (a, b, c, d) in spread.items())
        + '. "added (paired)" = median of the per-pair differences (with − without, runs interleaved). '
        'CPU = user+sys of the child and peak RSS = its `ru_maxrss`, both from `os.wait4`; CPU is the steadier '
        'number when other processes share the cores. "Without" uses an empty AZURE_EXTENSION_DIR and its own '
        'logged-in config dir (each side keeps its own command index); both sides were warmed twice first, then '
        'run interleaved. "ext. loaded" = `--debug` of that command names the extension with it and not without it.')
    imports, imports_nobyte, sdk, cli_load = imports
    L.append('')
    L.append(f'azure-cli\'s own timing of loading the extension for `az webapp list -h` (import + command table, '
             f'the `connection` row of its `--debug` load report, bytecode cached, median of 9): '
             f'**{fmt(cli_load, 1)} ms** (target < {LOAD_TARGET_MS} ms).')
    if imports[0] is not None:
        top = sorted(imports[1], key=lambda m: -m[1])[:8]
        L.append('')
        L.append(f'Import cost of the loader (`python -X importtime`, after `azure.cli.core` and `knack.arguments`, '
                 f'median of 5): `azext_connection` + `.commands` + `._params` + `._help` = **{fmt(imports[0], 1)} ms** '
                 f'with bytecode cached, **{fmt(imports_nobyte[0], 1)} ms** with PYTHONDONTWRITEBYTECODE=1 (as this '
                 f'environment sets it: the symlinked sources are compiled on every az start); modules it pulls in: '
                 f'{len(imports[1])}; largest self times: '
                 + ', '.join(f'{n} {u / 1000:.1f} ms' for n, u in top) + '.')
    L.append('')
    L.append('SDK import cost (fresh interpreter, after `azure.cli.core`, median of 3) — paid lazily by a verb the first '
             'time its `Arm` client is built, i.e. inside the read phase or inside a step: '
             + ', '.join(f'`{m}` {fmt(v)} ms' for m, v in sdk.items()) + '.')
    L.append('')
    return '\n'.join(L)


# ----------------------------------------------------------------------------------------------------
def render(raw):
    return report(raw['meta'], raw['results'], raw['growth'], raw['overhead'], raw['loaded'], raw['imports'],
                  raw['latency'], raw['runs'], raw['overhead_runs'])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--latency-ms', type=int, default=100)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--overhead-runs', type=int, default=9, help='interleaved pairs for section 3 (>= 7)')
    parser.add_argument('--out', default=os.path.join(ROOT, 'benchmarks', 'RESULTS.md'))
    parser.add_argument('--keep', action='store_true', help='keep the temp directory')
    parser.add_argument('--render', metavar='RAW_JSON', help='only render the report of a run\'s .raw.json')
    parser.add_argument('--worker', action='store_true', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker()
    if args.render:
        with open(args.render, encoding='utf-8') as f:
            text = render(json.load(f))
        with open(args.out, 'w', encoding='utf-8') as f:
            f.write(text + '\n')
        return 0
    sys.path.insert(0, ROOT)
    from arm_sandbox import Sandbox
    from tests.extension_dir import make_extension_dir

    begun = time.time()
    work = tempfile.mkdtemp(prefix='azext-connection-bench-')
    ext_dir = make_extension_dir(work)
    empty_ext = os.path.join(work, 'no-extensions')
    os.makedirs(empty_ext)
    sb = Sandbox(port=0, ttl=1800).start()
    wk = None
    try:
        # Children keep compiled bytecode (as a pip-installed wheel has it) in a private prefix, so the
        # symlinked extension is not recompiled on every run and nothing is written into the work tree.
        base = {k: v for k, v in os.environ.items()
                if not k.startswith('AZURE_') and k not in ('PYTHONDONTWRITEBYTECODE', 'PYTHONPYCACHEPREFIX')}
        base['PYTHONPYCACHEPREFIX'] = os.path.join(work, 'pycache')
        phases = {}
        mark = time.time()
        load_start = os.getloadavg()
        # Long-running operations (a container app's new revision, a container group's restart) answer at
        # once in the sandbox; Retry-After 0 keeps the client from waiting the sandbox's default second.
        sb.operations.retry_after = 0
        env = {**base, **sb.az_env(os.path.join(work, 'azure-config')), 'AZURE_EXTENSION_DIR': ext_dir}
        env_without = {**base, **sb.az_env(os.path.join(work, 'azure-config-noext')), 'AZURE_EXTENSION_DIR': empty_ext}
        print('logging in…', file=sys.stderr)
        sb.login_az([AZ], env)
        sb.login_az([AZ], env_without)
        snap = {}
        seed(sb, firewall_deny=True)
        snap[True] = sb.snapshot()
        sb.reset()
        seed(sb)
        snap[False] = sb.snapshot()
        wk = Worker(env, os.path.join(work, 'worker.log'))
        must(wk.run('webapp', 'connection', 'list', *SOURCE, '-o', 'none'), 'worker warm-up')

        phases['setup (login, seed, bytecode)'] = time.time() - mark
        mark = time.time()
        results = []
        for scen in scenarios(sb):
            print(f'measuring {scen[0]}…', file=sys.stderr)
            results.append(measure_verbs(sb, env, wk, snap, scen, args.runs, args.latency_ms))
        print('measuring list/show growth…', file=sys.stderr)
        phases['1+4 verbs'] = time.time() - mark
        mark = time.time()
        growth = measure_growth(sb, env, wk, snap, 1, args.latency_ms)
        wk.close()
        wk = None
        phases['2 growth'] = time.time() - mark
        mark = time.time()

        print('measuring overhead on unrelated commands…', file=sys.stderr)
        sb.clear_latency()
        sb.restore(snap[False])
        loaded = {}
        for name, cmd in UNRELATED:
            yes, _ = extension_loaded_for(cmd, env)
            no, _ = extension_loaded_for(cmd, env_without)
            loaded[name] = yes and not no
        overhead = measure_overhead(env, env_without, max(7, args.overhead_runs))
        for name, cmd in UNRELATED:
            w, wo = imported_modules(cmd, env), imported_modules(cmd, env_without)
            overhead[name]['extra_modules'] = sorted(((m, v) for m, v in w.items() if m not in wo),
                                                     key=lambda x: -x[1])
        imports = measure_importtime(env, ext_dir)
        nobyte = {k: v for k, v in env.items() if k != 'PYTHONPYCACHEPREFIX'}
        nobyte['PYTHONDONTWRITEBYTECODE'] = '1'
        imports_nobyte = measure_importtime(nobyte, ext_dir)
        sdk = measure_sdk_imports(env)
        cli_load = measure_cli_extension_load(env)
        phases['3 overhead + imports'] = time.time() - mark

        commit = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(['git', '-C', ROOT, 'status', '--porcelain', '--', 'azext_connection'],
                               capture_output=True, text=True).stdout.strip()
        from importlib.metadata import version
        meta = {
            'date': datetime.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z'),
            'machine': f'{platform.node() or "?"} — {os.cpu_count()} cores, {platform.machine()}, '
                       f'{platform.system()} {platform.release()}',
            'python': platform.python_version(), 'azcli': version('azure-cli'),
            'commit': commit + (' (+ uncommitted changes in azext_connection/)' if dirty else ''),
            'command': '.venv/bin/python benchmarks/bench.py ' + ' '.join(sys.argv[1:]),
            'elapsed': time.time() - begun, 'phases': phases,
            'load': f'{load_start[0]:.2f} at start, {os.getloadavg()[0]:.2f} at end (1-min load average)',
        }
        raw = {'meta': meta, 'results': results, 'growth': growth, 'overhead': overhead, 'loaded': loaded,
               'imports': [imports, imports_nobyte, sdk, cli_load], 'latency': args.latency_ms, 'runs': args.runs,
               'overhead_runs': max(7, args.overhead_runs)}
        with open(os.path.splitext(args.out)[0] + '.raw.json', 'w', encoding='utf-8') as f:
            json.dump(raw, f, default=str)      # every measurement, so the report can be rendered again
        text = render(raw)
        print(text)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w', encoding='utf-8') as f:
            f.write(text + '\n')
        with open(os.path.splitext(args.out)[0] + '.json', 'w', encoding='utf-8') as f:
            json.dump({'meta': meta, 'growth': growth, 'overhead': overhead, 'imports': imports[0],
                       'imports_no_bytecode': imports_nobyte[0], 'sdk_imports': sdk, 'cli_extension_load_ms': cli_load,
                       'results': [{**r, 'verbs': {v: [{k: x for k, x in rec.items() if k != 'reqs'}
                                                       for rec in recs] for v, recs in r['verbs'].items()}}
                                   for r in results]}, f, indent=1, default=str)
    finally:
        if wk is not None:
            wk.proc.kill()
        sb.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
