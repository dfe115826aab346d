"""Every command of every source, recorded (azext_connection/tests/latest/test_connection_matrix.py);
imported here so this suite runs it, as tests/recorded/test_webapp_connection_recorded.py does the life
cycles."""
from azext_connection.tests.latest.test_connection_matrix import ConnectionMatrixRecordedTest  # noqa: F401
