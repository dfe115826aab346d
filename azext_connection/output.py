"""What users see: records shaped as the ServiceLinker LinkerResource (so `--query` written for the
core module keeps working), configurations with secrets masked, and table transformers."""
from .matrix import AuthType, OptOut
from .sensitive import MASK


def _target(record):
    """The record's TargetSpec, or None for a target this version does not know."""
    from .matrix.targets import TARGETS
    return TARGETS.get(record.target)


def target_service(record, spec):
    """targetService as the LinkerResource shows it: an ARM resource's id, or the address of a target outside
    ARM under its own type (ConfluentBootstrapServer, FabricPlatform...), as the core CLI sends them."""
    service_type = spec.external.service_type if spec is not None and spec.external else 'AzureResource'
    if service_type == 'AzureResource':
        return {'type': service_type, 'id': record.target_id, 'resourceProperties': None}
    return {'type': service_type, 'endpoint': record.target_id}


def _action(record, step):
    """A LinkerResource `action`: `optOut` for a step the user opted out of, as the core CLI sends it."""
    return 'optOut' if record.opted_out(step) else 'enable'


def _auth_info(record):
    """authInfo; with --opt-out auth its `authMode` says so, as the core CLI sends it (`optOutAllAuth`)."""
    if record.auth.get('authType') == AuthType.NONE.value:
        return None                                  # the core CLI's auth type null
    return {**record.auth, **({'authMode': 'optOutAllAuth'} if record.opted_out(OptOut.AUTH) else {})}


def linker(record, provisioning_state='Succeeded'):
    ips = [ip for fw in record.firewall for ip in fw.ips]
    spec = _target(record)
    return {
        'id': record.connection_id,
        'name': record.name,
        'type': 'microsoft.servicelinker/linkers',
        'resourceGroup': record.source_id.split('/')[4],
        'targetService': target_service(record, spec),
        'authInfo': _auth_info(record),
        'clientType': record.client_type,
        'vNetSolution': None,
        'secretStore': {'keyVaultId': None, 'keyVaultSecretName': None},
        'scope': None,
        'publicNetworkSolution': {
            'action': _action(record, OptOut.PUBLIC_NETWORK), 'deleteOrUpdateBehavior': 'Default',
            'firewallRules': {'ipRanges': ips or None, 'azureServices': None, 'callerClientIP': None}},
        'configurationInfo': {'action': _action(record, OptOut.CONFIG_INFO), 'customizedKeys': None,
                              'additionalConfigurations': None,
                              'additionalConnectionStringProperties': dict(record.target_props) or None,
                              'configurationStore': None, 'deleteOrUpdateBehavior': 'Default'},
        'provisioningState': provisioning_state,
        'systemData': {'createdAt': record.created_at or None, 'lastModifiedAt': record.updated_at or None},
        'targetType': spec.command_name if spec is not None else record.target,
    }


def configurations(record, settings, show_secrets=False):
    """The connection's settings as the source holds them now; secret values masked unless asked."""
    items = []
    for key in record.settings:
        value = settings.get(key)
        if value is not None and not show_secrets and key not in record.values:
            value = MASK
        items.append({'name': key, 'value': value, 'configType': 'Default',
                      'description': None if key in settings else 'missing on the source'})
    return {'configurations': items}


def dry_run(plan, first=None):
    """The plan as --dry-run shows it; `first` lists what runs before it (a clean-up), as plain steps."""
    steps = [{'step': i + 1, 'key': 'cleanup', 'action': text} for i, text in enumerate(first or ())]
    steps += [{**s, 'step': s['step'] + len(steps)} for s in plan.describe()]
    # verifiesFirst: the changes are checked before the final record is written, not beside it
    # byHand: what no step can do, a person must (a grant outside Azure)
    # skipped: what the user opted out of (--opt-out), one line each, so the plan says it is not forgotten
    return {'dryRun': True, 'verb': plan.verb, 'connectionId': plan.connection_id,
            'verifiesFirst': plan.verify_first, 'steps': steps, **({'byHand': list(plan.notes)} if plan.notes else {}),
            **({'skipped': list(plan.skipped)} if plan.skipped else {})}


def connection_table(result):
    rows = result if isinstance(result, list) else [result]
    return [{'Name': r.get('name'), 'Target': r.get('targetType'),
             'Auth': (r.get('authInfo') or {}).get('authType'), 'Client': r.get('clientType'),
             'State': r.get('provisioningState'), 'ResourceGroup': r.get('resourceGroup')} for r in rows]


def configuration_table(result):
    return [{'Name': c['name'], 'Value': c['value']} for c in result.get('configurations', [])]


def support_table(rows):
    return [{'Source': r['source'], 'Target': r['target'], 'AuthType': ', '.join(r['auth_types']),
             'ClientType': ', '.join(r['client_types'])} for r in rows]


def validation_table(rows):
    return [{'Check': r['name'], 'Result': r['result'], 'Message': r.get('errorMessage') or r.get('description'),
             'Fix': r.get('suggestion') or ''} for r in rows]


def plan_or_result_table(result):
    if isinstance(result, dict) and result.get('dryRun'):
        return ([{'Step': s['step'], 'Action': s['action']} for s in result['steps']]
                + [{'Step': 'by hand', 'Action': note} for note in result.get('byHand', ())]
                + [{'Step': 'skipped', 'Action': note} for note in result.get('skipped', ())])
    return connection_table(result)
