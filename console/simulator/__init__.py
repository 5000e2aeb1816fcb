"""The embedded simulated oVirt engine: the demo default and the peer of every integration test.

Speaks the oVirt REST API v4 over real HTTP on loopback. Never imports console.api,
console.backend, console.ui or textual: it writes its own XML so a protocol
misunderstanding cannot hide in code shared with the client.

Command line::

    python -m console.simulator [--host 127.0.0.1] [--port 8080] [--vms N] [--seed N]
                                [--tls] [--chaos SPEC] [--speed X]

prints the API URL, then ``user: admin@internal password: ovirt`` (then ``ca-file: PATH``
with ``--tls``) and serves until SIGINT/SIGTERM. In process::

    server = SimulatorServer(Engine(clock=ManualClock(), life=False))
    url = await server.start()          # free port; same port again after stop()
    ...
    await server.stop()

    with run_in_thread(engine=Engine(vms=100)) as sim:  # own event loop, for synchronous callers
        httpx.get(sim.url + "/vms", auth=("admin@internal", "ovirt"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Engine", "EngineFault", "Chaos", "ManualClock", "RealClock", "SimulatorServer",
           "ThreadedSimulator", "run_in_thread"]

if TYPE_CHECKING:
    from .chaos import Chaos
    from .clock import ManualClock, RealClock
    from .engine import Engine, EngineFault
    from .server import SimulatorServer, ThreadedSimulator, run_in_thread

_LAZY = {
    "Engine": ".engine", "EngineFault": ".engine", "Chaos": ".chaos", "ManualClock": ".clock",
    "RealClock": ".clock", "SimulatorServer": ".server", "ThreadedSimulator": ".server",
    "run_in_thread": ".server",
}


def __getattr__(name: str) -> Any:
    # Lazy so that importing a submodule (model, clock) does not pull in aiohttp.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(name)
