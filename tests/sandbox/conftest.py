"""Fixtures the sandbox's own tests share."""
import pytest


@pytest.fixture
def quick_lro(sandbox):
    """No Retry-After on monitors, so the SDK pollers use polling_interval (restored afterwards)."""
    before = sandbox.operations.retry_after
    sandbox.operations.retry_after = None
    try:
        yield sandbox
    finally:
        sandbox.operations.retry_after = before
