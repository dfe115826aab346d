"""The recorded matrix test (azext_connection/tests/latest/test_connection_matrix.py) names the resources
record_against_sandbox.py seeds with the sandbox tests' kits and seeds; it cannot import them (it ships
with the extension's sources, without tests/), so its copies must stay equal to them."""
from azext_connection.matrix import SOURCES, TARGETS
from azext_connection.tests.latest import test_connection_matrix as matrix_test
from tests.sources import KITS
from tests.targets import SEEDS


def test_the_recorded_matrix_names_the_seeded_sources_and_targets():
    assert matrix_test.SOURCE_ARGS == {name: ' '.join(kit.locator) for name, kit in KITS.items()}
    assert matrix_test.TARGET_ARGS == {name: ' '.join(seed.args) for name, seed in SEEDS.items()}
    assert set(matrix_test.SOURCE_ARGS) == set(SOURCES) and set(matrix_test.TARGET_ARGS) == {n for n, t in TARGETS.items() if not t.part_of}
