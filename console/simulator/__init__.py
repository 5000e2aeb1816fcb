"""The embedded simulated oVirt engine: the demo default and the peer of every integration test.

Speaks the oVirt REST API v4 over real HTTP on loopback. Never imports console.api,
console.backend, console.ui or textual: it writes its own XML so a protocol
misunderstanding cannot hide in code shared with the client.
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
