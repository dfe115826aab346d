"""The extension laid out as azure-cli finds an installed one: `<dir>/connection/` holding the
`azext_connection` package (here a symlink to the working tree, so edits are live) and its dist-info."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_extension_dir(work):
    """Create `<work>/extensions/connection/...` and return the directory for AZURE_EXTENSION_DIR."""
    ext = os.path.join(work, 'extensions', 'connection')
    info = os.path.join(ext, 'connection-0.1.0.dist-info')
    os.makedirs(info)
    os.symlink(os.path.join(ROOT, 'azext_connection'), os.path.join(ext, 'azext_connection'))
    with open(os.path.join(info, 'METADATA'), 'w', encoding='utf-8') as f:
        f.write('Metadata-Version: 2.1\nName: connection\nVersion: 0.1.0\n')
    return os.path.dirname(ext)
