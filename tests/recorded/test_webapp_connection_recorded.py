"""The recorded scenarios (azure-cli ScenarioTests replaying cassettes) live with the extension, in
azext_connection/tests/latest/, where `azdev test connection` finds them; importing them here runs them with
the rest of this suite (pytest collects a TestCase wherever a test module names it). Their cassettes stay
next to them, in azext_connection/tests/latest/recordings/."""
from azext_connection.tests.latest.test_connection_scenario import WebappConnectionRecordedTest  # noqa: F401
