"""The load-cost section of bench.py alone (about a minute): what the extension costs an unrelated
`az webapp` / `az containerapp` command, with every source and target registered.

    .venv/bin/python benchmarks/load_cost.py

Prints azure-cli's own timing of loading the extension (median of its --debug load report) and the
wall/RSS difference with and without the extension, using bench.py's functions; goals as in bench.py.
"""
import os
import statistics
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, 'benchmarks'))

import bench  # noqa: E402  pylint: disable=wrong-import-position
from arm_sandbox import Sandbox  # noqa: E402  pylint: disable=wrong-import-position
from tests.extension_dir import make_extension_dir  # noqa: E402  pylint: disable=wrong-import-position


def main():
    work = tempfile.mkdtemp(prefix='azext-connection-load-')
    empty = os.path.join(work, 'no-extensions')
    os.makedirs(empty)
    base = {k: v for k, v in os.environ.items()
            if not k.startswith('AZURE_') and k not in ('PYTHONDONTWRITEBYTECODE', 'PYTHONPYCACHEPREFIX')}
    base['PYTHONPYCACHEPREFIX'] = os.path.join(work, 'pycache')
    with Sandbox(port=0, ttl=900) as sandbox:
        env = {**base, **sandbox.az_env(os.path.join(work, 'cfg')), 'AZURE_EXTENSION_DIR': make_extension_dir(work)}
        without = {**base, **sandbox.az_env(os.path.join(work, 'cfg-noext')), 'AZURE_EXTENSION_DIR': empty}
        sandbox.login_az([bench.AZ], env)
        sandbox.login_az([bench.AZ], without)
        bench.seed(sandbox)
        loaded = bench.measure_cli_extension_load(env)
        print(f'azure-cli load report, extension for `az webapp list -h`: {loaded:.1f} ms '
              f'(goal <= {bench.LOAD_TARGET_MS} ms)')
        for name, data in bench.measure_overhead(env, without, 9).items():
            wall = statistics.median(w for w, _, _ in data['with']) - statistics.median(w for w, _, _ in data['without'])
            rss = statistics.median(r for _, r, _ in data['with']) - statistics.median(r for _, r, _ in data['without'])
            print(f'{name}: +{wall:.0f} ms wall, {rss:+.1f} MiB RSS (goal <= {bench.MEMORY_TARGET_MIB} MiB)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
