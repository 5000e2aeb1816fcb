"""``python -m console.simulator``: serve a simulated oVirt engine until SIGINT/SIGTERM.

Output (exactly, then nothing more on stdout):
    http://127.0.0.1:8080/ovirt-engine/api
    user: admin@internal password: ovirt
    ca-file: /tmp/.../ca.pem          (only with --tls)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import asyncio
import signal
import sys
from pathlib import Path

from .chaos import Chaos, ChaosSpecError
from .clock import RealClock
from .engine import Engine
from .server import SimulatorServer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m console.simulator",
                                     description="Serve a simulated oVirt engine (REST API v4) on loopback.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=8080, help="TCP port; 0 picks a free one")
    parser.add_argument("--vms", type=int, default=60, help="number of VMs in the inventory")
    parser.add_argument("--seed", type=int, default=0, help="inventory and life seed")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA")
    parser.add_argument("--chaos", default=None, metavar="SPEC",
                        help="e.g. latency=0.5,error_rate=0.1,drop_rate=0.05,drop_after_rate=0.05,token_ttl=30")
    parser.add_argument("--speed", type=float, default=1.0, help="engine clock speed factor")
    parser.add_argument("--username", default="admin@internal", help=argparse.SUPPRESS)
    parser.add_argument("--password", default="ovirt", help=argparse.SUPPRESS)
    return parser


async def serve(args: argparse.Namespace) -> None:
    chaos = Chaos.parse(args.chaos, seed=args.seed)
    engine = Engine(seed=args.seed, vms=args.vms, clock=RealClock(args.speed))
    # The inventory lives as long as the process: keep the cyclic GC from rescanning it
    # (with 50,000 VMs a full collection otherwise stalls a request for seconds).
    gc.freeze()
    server = SimulatorServer(engine, host=args.host, port=args.port, tls=args.tls, chaos=chaos,
                             username=args.username, password=args.password)
    url = await server.start()
    lines = [url, f"user: {args.username} password: {args.password}"]
    if server.ca_file:
        lines.append(f"ca-file: {server.ca_file}")
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await server.stop()
        if server.ca_file:  # a throw-away CA: do not leave it behind in /tmp
            ca = Path(server.ca_file)
            ca.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                ca.parent.rmdir()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.speed <= 0:
        print("--speed must be positive", file=sys.stderr)
        return 2
    try:
        Chaos.parse(args.chaos)
    except ChaosSpecError as exc:
        print(f"--chaos: {exc}", file=sys.stderr)
        return 2
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
