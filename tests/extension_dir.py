"""The extension laid out as azure-cli finds an installed one: `<dir>/connection/` holding the
`azext_connection` package (here a symlink to the working tree, so edits are live) and its dist-info."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def version():
    """The extension's version, as setup.py declares it."""
    with open(os.path.join(ROOT, 'setup.py'), encoding='utf-8') as f:
        return re.search(r"^VERSION = '([^']+)'", f.read(), re.MULTILINE).group(1)


def make_extension_dir(work):
    """Create `<work>/extensions/connection/...` and return the directory for AZURE_EXTENSION_DIR."""
    ext = os.path.join(work, 'extensions', 'connection')
    info = os.path.join(ext, f'connection-{version()}.dist-info')
    os.makedirs(info)
    os.symlink(os.path.join(ROOT, 'azext_connection'), os.path.join(ext, 'azext_connection'))
    with open(os.path.join(info, 'METADATA'), 'w', encoding='utf-8') as f:
        f.write(f'Metadata-Version: 2.1\nName: connection\nVersion: {version()}\n')
    return os.path.dirname(ext)
