"""Test seeding keyed by target name: how the World creates each target's resource (open, or
restricting public access by IP so plans have a firewall step) and the CLI arguments that name it.
tests/unit/test_registry.py checks that every target of the matrix has a seed."""
from dataclasses import dataclass
from typing import Callable, Tuple

from tests.harness import TARGET_RG

USER_RULE = '198.51.100.7'


@dataclass(frozen=True)
class TargetSeed:
    seed: Callable          # (world, restricted) -> None
    args: Tuple[str, ...]   # CLI arguments locating the seeded resource


def _account(world, restricted):
    world.account(**({'default_action': 'Deny', 'ip_rules': (USER_RULE,)} if restricted else {}))


def _vault(world, restricted):
    world.vault(**({'default_action': 'Deny', 'ip_rules': (USER_RULE,)} if restricted else {}))


_STORAGE = TargetSeed(_account, ('--tg', TARGET_RG, '--account', 'acct'))

SEEDS = {
    'storage-blob': _STORAGE,
    'storage-queue': _STORAGE,
    'storage-table': _STORAGE,
    'storage-file': _STORAGE,
    'keyvault': TargetSeed(_vault, ('--tg', TARGET_RG, '--vault', 'vault')),
}
