"""Every spec of the matrix resolves to an adapter that satisfies its contract; every role the matrix
grants exists in the sandbox's role table; every target has a test seed."""
import pytest

from arm_sandbox.providers import roles
from azext_connection.adapters import source_adapter, target_adapter
from azext_connection.adapters.base import SourceAdapter, TargetAdapter
from azext_connection.matrix import SOURCES, TARGETS, supported, targets_of
from tests.sources import KITS
from tests.targets import SEEDS


@pytest.mark.parametrize('source', SOURCES.values(), ids=lambda s: s.name)
def test_every_source_has_an_adapter_that_keeps_the_contract(source):
    adapter = source_adapter(source)
    assert isinstance(adapter, SourceAdapter)
    assert adapter.spec is source


@pytest.mark.parametrize('target', TARGETS.values(), ids=lambda t: t.name)
def test_every_target_has_an_adapter_that_keeps_the_contract(target):
    assert isinstance(target_adapter(target), TargetAdapter)


def test_every_role_the_matrix_grants_is_a_role_the_sandbox_knows():
    # (data-plane grants are the target's own roles, not Azure RBAC's: their adapters name them)
    granted = {(g.name, g.definition_id) for t in TARGETS.values() for g in t.roles if not g.data_plane}
    assert {(roles.BY_GUID.get(guid), guid) for _, guid in granted} == granted


def test_every_target_and_source_can_be_seeded_for_tests():
    # (a companion is created only with its main target, whose seed gives both)
    assert set(SEEDS) == {name for name, t in TARGETS.items() if not t.part_of}
    assert set(KITS) == set(SOURCES)


@pytest.mark.parametrize('source', SOURCES.values(), ids=lambda s: s.name)
def test_every_pair_a_source_offers_has_an_auth_and_a_client(source):
    for target in targets_of(source):
        support = supported(source, target)
        assert support.default_auth in support.auth_types
        for auth in support.auth_types:
            assert support.clients_for(target, auth), (source.name, target.name, auth)
