"""ARM sandbox: a local HTTPS fake of Azure Resource Manager + AAD for tests and demos."""
from .core import Sandbox

__all__ = ["Sandbox"]
