"""`python -m arm_sandbox serve|login|info` — run the sandbox standalone."""
import argparse
import json
import os
import shlex
import sys

from . import constants as C
from .core import Sandbox


def _parser():
    p = argparse.ArgumentParser(prog="python -m arm_sandbox", description="Local HTTPS fake of Azure Resource Manager.")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="start the sandbox and print how to point az at it")
    s.add_argument("--port", type=int, default=C.DEFAULT_PORT, help="0 = any free port")
    s.add_argument("--ttl", type=float, default=C.DEFAULT_TTL_S, help="stop after this many seconds (0 = never)")
    s.add_argument("--seed", help="JSON seed file (see arm_sandbox/README.md)")
    s.add_argument("--state-file", help="load state from / save state to this JSON file")
    s.add_argument("--log-file", help="append one JSON line per request")
    s.add_argument("--workdir", default=os.path.join(os.getcwd(), ".sandbox"), help="where ca-bundle.pem goes")
    s.add_argument("--page-size", type=int, default=C.DEFAULT_PAGE_SIZE)
    s.add_argument("--latency-ms", type=int, default=0)
    s.add_argument("--lro-polls", type=int, default=1)
    s.add_argument("--config-dir", help="AZURE_CONFIG_DIR to suggest (default: <workdir>/azure)")
    s.add_argument("--login", action="store_true", help="also log the az next to this python into it")
    return p


def print_instructions(sb, config_dir, out=sys.stdout):
    env = sb.az_env(config_dir)
    print(f"ARM sandbox listening on {sb.url} (ttl {sb.ttl}s)", file=out)
    print(f"CA bundle: {sb.ca_bundle}", file=out)
    print("\n# Point az at it:", file=out)
    for k, v in env.items():
        print(f"export {k}={shlex.quote(v)}", file=out)
    for args in sb.az_login_commands():
        print("az " + " ".join(shlex.quote(a) for a in args), file=out)
    print(f"\n# Admin: curl --cacert {sb.ca_bundle} {sb.url}/_sandbox/state | /_sandbox/log | "
          f"-X POST {sb.url}/_sandbox/shutdown", file=out)
    out.flush()


def main(argv=None):
    args = _parser().parse_args(argv)
    sb = Sandbox(port=args.port, ttl=args.ttl or None, seed=args.seed, latency_ms=args.latency_ms,
                 page_size=args.page_size, workdir=args.workdir, state_file=args.state_file,
                 log_file=args.log_file, lro_polls=args.lro_polls)
    sb.start()
    config_dir = args.config_dir or os.path.join(args.workdir, "azure")
    with open(os.path.join(args.workdir, "sandbox.json"), "w", encoding="utf-8") as f:
        json.dump({"url": sb.url, "caBundle": sb.ca_bundle, "pid": os.getpid()}, f)
    print_instructions(sb, config_dir)
    if args.login:
        az = os.path.join(os.path.dirname(sys.executable), "az")
        sb.login_az([az], sb.az_env(config_dir))
        print(f"\naz in {config_dir} is logged into the sandbox.", flush=True)
    try:
        sb.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sb.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
