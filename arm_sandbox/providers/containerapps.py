"""(being written)"""


def register(router):
    """No routes yet."""
