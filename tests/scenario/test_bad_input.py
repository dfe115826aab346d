"""Bad input: an azclierror class, a message naming the flag or resource and the fix, a non-zero
exit, and no change in Azure."""
import pytest
from azure.cli.core import azclierror as e

from azext_connection.matrix import TARGETS, AuthType
from tests.harness import RG, SUB, account_id, auth_args, comparable, identity_id, site_id
from tests.targets import SEEDS

CREATE = ['webapp', 'connection', 'create']
BLOB = [*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data', '--account', 'acct']
NEON = [*CREATE, 'neon-postgres', '-g', RG, '-n', 'app', *SEEDS['neon-postgres'].args]
ATLAS = [*CREATE, 'mongodb-atlas', '-g', RG, '-n', 'app', *SEEDS['mongodb-atlas'].args]
CONFLUENT = [*CREATE, 'confluent-cloud', '-g', RG, '-n', 'app', *SEEDS['confluent-cloud'].args]
KAFKA = ['--kafka-key', 'k', '--kafka-secret', 's', '--schema-key', 'k2', '--schema-secret', 's2']
FABRIC = [*CREATE, 'fabric-sql', '-g', RG, '-n', 'app', *SEEDS['fabric-sql'].args[:4]]     # (not its --connstr-props)

CASES = [
    ('malformed source id', [*CREATE, 'storage-blob', '--source-id', '/subscriptions/x/nope', '--tg', 'data',
                             '--account', 'acct', '--secret'], e.InvalidArgumentValueError, '--source-id'),
    ('malformed target id', [*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--target-id', '/bad/id', '--secret'],
     e.InvalidArgumentValueError, '--target-id'),
    ('malformed connection id', ['webapp', 'connection', 'show', '--id', site_id() + '/linkers/x'],
     e.InvalidArgumentValueError, '--id'),
    ('unsupported auth for the target', [*CREATE, 'keyvault', '-g', RG, '-n', 'app', '--tg', 'data',
                                         '--vault', 'vault', '--secret'],
     e.InvalidArgumentValueError, '--system-identity, --user-identity, --service-principal'),
    ('client type the docs do not name for this auth', [*CREATE, 'storage-queue', '-g', RG, '-n', 'app', '--tg',
                                                        'data', '--account', 'acct', '--system-identity',
                                                        '--client-type', 'springBoot'],
     e.InvalidArgumentValueError, 'Supported: dotnet'),
    ('two auth flags', [*BLOB, '--secret', '--system-identity'], e.MutuallyExclusiveArgumentError, 'Only one auth'),
    ('secret with values', [*BLOB, '--secret', 'name=x'], e.InvalidArgumentValueError, '--secret takes no values'),
    ('user identity without subs-id', [*BLOB, '--user-identity', 'client-id=' + '1' * 8 + '-1111-1111-1111-'
                                       + '1' * 12], e.RequiredArgumentMissingError, 'subs-id'),
    ('service principal Microsoft Graph does not know, without object-id',
     [*BLOB, '--service-principal', 'client-id=44444444-4444-4444-4444-444444444444', 'secret=y'],
     e.RequiredArgumentMissingError, 'object-id='),
    ('client id that is not a GUID', [*BLOB, '--service-principal', 'client-id=x', 'secret=y'],
     e.InvalidArgumentValueError, 'not a GUID'),
    ('unknown key', [*BLOB, '--user-identity', 'client-id=a', 'subs-id=b', 'color=red'],
     e.InvalidArgumentValueError, "Unsupported key 'color'"),
    ('invalid connection name', [*BLOB, '--secret', '--connection', 'bad-name!'], e.InvalidArgumentValueError,
     'letters'),
    ('missing source', [*CREATE, 'storage-blob', '-g', RG, '-n', 'nope', '--tg', 'data', '--account', 'acct',
                        '--secret'], e.ResourceNotFoundError, 'sites/nope'),
    ('missing target', [*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data', '--account', 'nope',
                        '--secret'], e.ResourceNotFoundError, '--account'),
    ('missing source arguments', [*CREATE, 'storage-blob', '--tg', 'data', '--account', 'acct', '--secret'],
     e.RequiredArgumentMissingError, '--source-id'),
    ('missing target arguments', [*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--secret'],
     e.RequiredArgumentMissingError, '--target-id'),
    ('user identity that does not exist', [*BLOB, '--user-identity',
                                           'client-id=33333333-3333-3333-3333-333333333333', f'subs-id={SUB}'],
     e.ResourceNotFoundError, 'az identity create'),
    ('a connection that does not exist', ['webapp', 'connection', 'show', '-g', RG, '-n', 'app', '--connection',
                                          'nope'], e.ResourceNotFoundError, "'nope' was not found"),
    ('update with nothing to change', ['webapp', 'connection', 'update', 'storage-blob', '-g', RG, '-n', 'app',
                                       '--connection', 'existing'], e.RequiredArgumentMissingError, '--client-type'),
    ('update through the wrong target', ['webapp', 'connection', 'update', 'keyvault', '-g', RG, '-n', 'app',
                                         '--connection', 'existing', '--client-type', 'java'],
     e.InvalidArgumentValueError, 'update storage-blob'),
    ('a name already used', [*BLOB, '--secret', '--connection', 'existing'], e.ValidationError, 'already exists'),
    ('a target closed to the public', [*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--tg', 'data',
                                       '--account', 'closed', '--secret'], e.ValidationError, 'private endpoint'),
    ('a connection name of 61 characters', [*BLOB, '--secret', '--connection', 'n' * 61],
     e.InvalidArgumentValueError, '1 to 60'),
    ('--id and --connection naming different connections',
     ['webapp', 'connection', 'delete', '--id', site_id() + '/providers/Microsoft.ServiceLinker/linkers/existing',
      '--connection', 'other', '--yes'], e.MutuallyExclusiveArgumentError, '--id and --connection'),
    ('--id and -n naming different apps',
     ['webapp', 'connection', 'delete', '--id', site_id() + '/providers/Microsoft.ServiceLinker/linkers/existing',
      '-n', 'other', '--yes'], e.MutuallyExclusiveArgumentError, '--id and --name'),
    ('--target-id and --account naming different accounts',
     [*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--target-id', account_id(), '--account', 'other',
      '--secret'], e.MutuallyExclusiveArgumentError, '--target-id and --account'),
    ('--source-id and -g naming different groups',
     [*CREATE, 'storage-blob', '--source-id', site_id(), '-g', 'elsewhere', '--tg', 'data', '--account', 'acct',
      '--secret'], e.MutuallyExclusiveArgumentError, '--source-id and --resource-group'),
    ('--source-id of the app and --slot', [*CREATE, 'storage-blob', '--source-id', site_id(), '--slot', 'staging',
                                           '--tg', 'data', '--account', 'acct', '--secret'],
     e.MutuallyExclusiveArgumentError, '--source-id and --slot'),
    # targets outside ARM: what they need is named before anything is read or changed
    ('neon without its login', [*NEON], e.RequiredArgumentMissingError, '--secret name=USER secret=PASSWORD'),
    ('neon with half a login', [*NEON, '--secret', 'name=appuser'], e.RequiredArgumentMissingError, 'secret='),
    ('atlas without its connection string', [*ATLAS], e.RequiredArgumentMissingError,
     '--secret secret=CONNECTION_STRING'),
    ('atlas with a user name', [*ATLAS, '--secret', 'name=u', 'secret=mongodb+srv://x'], e.InvalidArgumentValueError,
     "Unsupported key 'name'"),
    ('confluent bootstrap server outside Confluent Cloud on Azure',
     [*CREATE, 'confluent-cloud', '-g', RG, '-n', 'app', '--bootstrap-server', 'pkc-1.eastus.aws.confluent.cloud:9092',
      '--schema-registry', 'https://psrc-1.eastus.azure.confluent.cloud', *KAFKA], e.InvalidArgumentValueError,
     '--bootstrap-server'),
    ('confluent schema registry outside Confluent Cloud on Azure',
     [*CREATE, 'confluent-cloud', '-g', RG, '-n', 'app', '--bootstrap-server', 'pkc-1.eastus.azure.confluent.cloud:9092',
      '--schema-registry', 'https://registry.example.com', *KAFKA], e.InvalidArgumentValueError, '--schema-registry'),
    ('confluent without its schema registry secret', [*CONFLUENT, *KAFKA[:-2]], e.RequiredArgumentMissingError,
     '--schema-secret'),
    ('confluent given --secret', [*CONFLUENT, *KAFKA, '--secret'], e.InvalidArgumentValueError,
     '--kafka-key KEY --kafka-secret SECRET'),
    ('confluent name that is its schema connection\'s', [*CONFLUENT, *KAFKA, '--connection', 'kafka_schema'],
     e.InvalidArgumentValueError, "ends with '_schema'"),
    ('fabric without --connstr-props', [*FABRIC], e.RequiredArgumentMissingError, 'Fabric portal'),
    ('fabric without the database', [*FABRIC, '--connstr-props', 'Server=x.database.fabric.microsoft.com'],
     e.RequiredArgumentMissingError, 'Database='),
    ('fabric with a secret', [*FABRIC, '--connstr-props', 'Server=x', 'Database=y', '--secret'],
     e.InvalidArgumentValueError, '--system-identity, --user-identity'),
]


@pytest.mark.parametrize('name,args,error,text', CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_without_a_change(az, world, sandbox, name, args, error, text):
    world.everything()
    world.account('closed', public='Disabled')
    az(*BLOB, '--secret', '--connection', 'existing')
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    failed = az(*args, expect_error=True)
    assert isinstance(failed.error, error), repr(failed.error)
    assert text in str(failed.error)
    assert comparable(sandbox.dump()) == before
    assert [r for r in sandbox.requests if r['method'] in ('PUT', 'PATCH', 'DELETE')] == []


def test_an_unknown_target_is_a_parser_error(az):
    failed = az(*CREATE, 'storage-nope', '-g', RG, '-n', 'app', expect_error=True)
    assert failed.exit_code == 2


def test_an_unknown_client_type_lists_the_allowed_ones(az, world):
    failed = az(*BLOB, '--secret', '--client-type', 'cobol', expect_error=True)
    assert failed.exit_code == 2


def test_user_identity_auth_attaches_the_identity(az, world, sandbox):
    world.everything()
    client = sandbox.get_resource(identity_id())['properties']['clientId']
    az(*BLOB, '--user-identity', f'client-id={client}', f'subs-id={SUB}', '--connection', 'u')
    attached = sandbox.get_resource(site_id())['identity']['userAssignedIdentities']
    assert [k.lower() for k in attached] == [identity_id().lower()]


def test_identifiers_that_agree_with_an_id_are_accepted(az, world, sandbox):
    world.everything()
    created = az(*CREATE, 'storage-blob', '--source-id', site_id(), '-g', RG, '-n', 'app', '--target-id',
                 account_id(), '--account', 'acct', '--secret', '--connection', 'same').result
    az('webapp', 'connection', 'delete', '--id', created['id'], '--connection', 'same', '--yes')


def test_a_configured_default_group_never_conflicts_with_an_id(az, world, sandbox):
    world.everything()
    az('config', 'set', 'defaults.group=elsewhere', '--only-show-errors')
    try:
        created = az(*CREATE, 'storage-blob', '--source-id', site_id(), '--tg', 'data', '--account', 'acct',
                     '--secret', '--connection', 'dflt').result
        az('webapp', 'connection', 'show', '--id', created['id'])
    finally:
        az('config', 'unset', 'defaults.group', '--only-show-errors')


def test_a_name_of_60_characters_is_accepted(az, world, sandbox):
    world.everything()
    az(*BLOB, '--secret', '--connection', 'n' * 60)


PUBLIC_CHECKED = sorted({t.name for t in TARGETS.values() if t.network.checks_public_access})


@pytest.mark.parametrize('target', PUBLIC_CHECKED)
def test_a_target_denying_all_public_traffic_is_refused_without_a_change(az, world, sandbox, target):
    """Never touched: the error names the other ways in (a private endpoint, or public access)."""
    seed = SEEDS[target]
    world.everything()
    seed.deny_public(world)
    before = comparable(sandbox.dump())
    sandbox.clear_log()
    spec = TARGETS[target]
    auth = AuthType.SYSTEM_IDENTITY if AuthType.SYSTEM_IDENTITY in spec.auth_types else AuthType.SECRET
    failed = az(*CREATE, target, '-g', RG, '-n', 'app', *seed.args, *auth_args(auth, sandbox, spec),
                expect_error=True)
    assert isinstance(failed.error, e.ValidationError), repr(failed.error)
    assert 'denies all public network traffic' in str(failed.error) and 'private endpoint' in str(failed.error)
    assert comparable(sandbox.dump()) == before
    assert [r for r in sandbox.requests if r['method'] in ('PUT', 'PATCH', 'DELETE')] == []
