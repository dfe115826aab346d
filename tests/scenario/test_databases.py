"""Databases: the user's login (`--secret name= secret=`), the server's firewall rules, the retired single
servers. Observable state only: the app's settings, the server's rules, what az prints."""
import pytest

from azure.cli.core import azclierror as e

from tests.harness import DB_PASSWORD, DB_USER, RG, TARGET_RG, comparable, site_id
from tests.targets import SEEDS, USER_RULE

CREATE = ('webapp', 'connection', 'create')
LOGIN = ('--secret', f'name={DB_USER}', f'secret={DB_PASSWORD}')
SERVERS = ['postgres-flexible', 'mysql-flexible', 'sql', 'postgres', 'mysql']


def _rules(sandbox, target):
    server = SEEDS[target].resource_id
    listed = sandbox.call('GET', server + '/firewallRules').body['value']
    return {r['name']: r['properties']['startIpAddress'] for r in listed}


@pytest.mark.parametrize('target', SERVERS + ['neon-postgres'])       # (Neon: a login of the same form)
@pytest.mark.parametrize('given,message', [
    ((), '--secret name=USER secret=PASSWORD'),
    (('--secret',), '--secret name=USER secret=PASSWORD'),
    (('--secret', f'name={DB_USER}'), 'secret='),
])
def test_a_database_without_its_login_is_refused_naming_the_flag(az, world, sandbox, target, given, message):
    world.everything()
    before = comparable(sandbox.dump())
    failed = az(*CREATE, target, '-g', RG, '-n', 'app', *SEEDS[target].args, *given, expect_error=True)
    assert isinstance(failed.error, e.RequiredArgumentMissingError), repr(failed.error)
    assert message in str(failed.error)
    assert comparable(sandbox.dump()) == before


def test_a_target_whose_key_is_read_takes_no_login(az, world, sandbox):
    world.everything()
    failed = az(*CREATE, 'storage-blob', '-g', RG, '-n', 'app', '--tg', TARGET_RG, '--account', 'acct', *LOGIN,
                expect_error=True)
    assert isinstance(failed.error, e.InvalidArgumentValueError) and 'takes no values' in str(failed.error)


@pytest.mark.parametrize('target', SERVERS)
def test_the_server_is_opened_for_the_app_and_azure_services_and_closed_again(az, world, sandbox, target):
    """The user's own rule is kept; ours (the app's addresses and AllowAllWindowsAzureIps) go with the connection."""
    world.everything()
    SEEDS[target].seed(world, restricted=True)
    app_ips = set(sandbox.get_resource(site_id())['properties']['outboundIpAddresses'].split(','))
    az(*CREATE, target, '-g', RG, '-n', 'app', *SEEDS[target].args, *LOGIN, '--connection', 'db1',
       '--client-type', 'python')
    rules = _rules(sandbox, target)
    assert rules['user'] == USER_RULE and rules['AllowAllWindowsAzureIps'] == '0.0.0.0'
    assert set(rules.values()) == app_ips | {USER_RULE, '0.0.0.0'}
    az('webapp', 'connection', 'delete', '-g', RG, '-n', 'app', '--connection', 'db1', '--yes')
    assert _rules(sandbox, target) == {'user': USER_RULE}


def test_the_password_reaches_the_app_and_nothing_else(az_cli, world, sandbox, tmp_path):
    """Not in any output (even --debug), not in the record; update without the login is refused. (Given on
    the command line, az itself echoes its arguments under --debug before any extension runs: secret=@FILE.)"""
    world.everything()
    args = SEEDS['postgres-flexible'].args
    secret_file = tmp_path / 'password'
    secret_file.write_text(DB_PASSWORD)
    runs = [az_cli.run(*CREATE, 'postgres-flexible', '-g', RG, '-n', 'app', *args, '--secret', f'name={DB_USER}',
                       f'secret=@{secret_file}', '--connection', 'db1', '--client-type', 'java', '--debug'),
            az_cli.run('webapp', 'connection', 'show', '-g', RG, '-n', 'app', '--connection', 'db1', '--debug'),
            az_cli.run('webapp', 'connection', 'list-configuration', '-g', RG, '-n', 'app', '--connection', 'db1',
                       '--debug'),
            az_cli.run('webapp', 'connection', 'validate', '-g', RG, '-n', 'app', '--connection', 'db1', '--debug')]
    for run in runs:
        assert run.returncode == 0, run.stderr[-2000:]
        assert DB_PASSWORD not in run.stdout and DB_PASSWORD not in run.stderr, run.args
    setting = world.settings()['AZURE_POSTGRESQL_CONNECTIONSTRING']
    assert setting == ('jdbc:postgresql://pgserver.postgres.database.azure.com:5432/db?sslmode=require'
                       f'&user={DB_USER}&password=Db-Passw0rd%2Bs3cret')
    assert 'Passw0rd' not in str(world.metadata())
    refused = az_cli.run('webapp', 'connection', 'update', 'postgres-flexible', '-g', RG, '-n', 'app',
                         '--connection', 'db1', '--client-type', 'python')
    assert refused.returncode != 0 and '--secret name=USER secret=PASSWORD again' in refused.stderr


def test_the_password_can_come_from_a_file(az, world, sandbox, tmp_path):
    world.everything()
    secret_file = tmp_path / 'password'
    secret_file.write_text(DB_PASSWORD + '\n')
    az(*CREATE, 'sql', '-g', RG, '-n', 'app', *SEEDS['sql'].args, '--secret', f'name={DB_USER}',
       f'secret=@{secret_file}', '--connection', 'db1', '--client-type', 'django')
    assert world.settings()['AZURE_SQL_PASSWORD'] == DB_PASSWORD


@pytest.mark.parametrize('target,replacement', [('postgres', 'postgres-flexible'), ('mysql', 'mysql-flexible')])
def test_a_retired_single_server_still_connects_with_a_deprecation_and_user_at_server(az_cli, world, sandbox, target,
                                                                                      replacement):
    world.everything()
    server = SEEDS[target].resource_id.rsplit('/', 1)[1]
    created = az_cli.run(*CREATE, target, '-g', RG, '-n', 'app', *SEEDS[target].args, *LOGIN, '--connection', 'db1',
                         '--client-type', 'django')
    assert created.returncode == 0, created.stderr[-2000:]
    assert 'deprecated' in created.stderr and f'connection create {replacement}' in created.stderr
    prefix = 'AZURE_POSTGRESQL' if target == 'postgres' else 'AZURE_MYSQL'
    assert world.settings()[f'{prefix}_USER'] == f'{DB_USER}@{server}'
