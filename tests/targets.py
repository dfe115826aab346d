"""Test seeding keyed by target name: how the World creates each target's resource (open, or
restricting public access by IP so plans have a firewall step), the CLI arguments that name it, and
how to make it deny all public traffic. tests/unit/test_registry.py checks that every target of the
matrix has a seed."""
from dataclasses import dataclass
from typing import Callable, Tuple

from tests.harness import SUB, TARGET_RG, account_id, vault_id

USER_RULE = '198.51.100.7'
_PROVIDERS = f'/subscriptions/{SUB}/resourceGroups/{TARGET_RG}/providers'


@dataclass(frozen=True)
class TargetSeed:
    seed: Callable          # (world, restricted) -> None
    args: Tuple[str, ...]   # CLI arguments locating the seeded resource
    resource_id: str        # the seeded resource (whose keys, rules and roles a connection uses)
    deny_public: Callable   # (world) -> None: the seeded resource then denies all public traffic


def _account(world, restricted):
    world.account(**({'default_action': 'Deny', 'ip_rules': (USER_RULE,)} if restricted else {}))


def _vault(world, restricted):
    world.vault(**({'default_action': 'Deny', 'ip_rules': (USER_RULE,)} if restricted else {}))


def _patch(resource_id, body):
    def change(world):
        world.sandbox.call('PATCH', resource_id, body)
    return change


def _put(resource_id, body):
    def change(world):
        world.sandbox.put_resource(resource_id, body)
    return change


def _namespace(namespace_id):
    rules = namespace_id + '/networkRuleSets/default'

    def seed(world, restricted):
        world.group(TARGET_RG)
        world.sandbox.put_resource(namespace_id, {'location': 'eastus', 'sku': {'name': 'Premium', 'tier': 'Premium'}})
        if restricted:
            _put(rules, {'properties': {'defaultAction': 'Deny', 'publicNetworkAccess': 'Enabled',
                                        'ipRules': [{'ipMask': USER_RULE, 'action': 'Allow'}]}})(world)
    closed = _put(rules, {'properties': {'defaultAction': 'Deny', 'publicNetworkAccess': 'Disabled', 'ipRules': []}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--namespace', 'nsconn'), namespace_id, closed)


def _config_store(store_id):
    def seed(world, restricted):  # pylint: disable=unused-argument  # no IP rules to restrict
        world.group(TARGET_RG)
        world.sandbox.put_resource(store_id, {'location': 'eastus', 'sku': {'name': 'standard'}})
    closed = _patch(store_id, {'properties': {'publicNetworkAccess': 'Disabled'}})
    return TargetSeed(seed, ('--tg', TARGET_RG, '--app-config', 'store'), store_id, closed)


_STORAGE = TargetSeed(_account, ('--tg', TARGET_RG, '--account', 'acct'), account_id(),
                      _patch(account_id(), {'properties': {'publicNetworkAccess': 'Disabled'}}))

SEEDS = {
    'storage-blob': _STORAGE,
    'storage-queue': _STORAGE,
    'storage-table': _STORAGE,
    'storage-file': _STORAGE,
    'keyvault': TargetSeed(_vault, ('--tg', TARGET_RG, '--vault', 'vault'), vault_id(),
                           _patch(vault_id(), {'properties': {'publicNetworkAccess': 'Disabled'}})),
    'servicebus': _namespace(f'{_PROVIDERS}/Microsoft.ServiceBus/namespaces/nsconn'),
    'eventhub': _namespace(f'{_PROVIDERS}/Microsoft.EventHub/namespaces/nsconn'),
    'appconfig': _config_store(f'{_PROVIDERS}/Microsoft.AppConfiguration/configurationStores/store'),
}
# Seeded by World.everything() next to the account and the vault (which it seeds itself).
EXTRA = ('servicebus', 'eventhub', 'appconfig')
