"""Shared helpers for the engine-model tests (not a test module): a world on a ManualClock."""

from __future__ import annotations

from console.simulator.clock import ManualClock
from console.simulator.engine import Engine
from console.simulator.model import Host, Vm

T = 3.0


def make(seed: int = 7, vms: int = 60, life: bool = False) -> tuple[Engine, ManualClock]:
    clock = ManualClock()
    return Engine(seed=seed, vms=vms, clock=clock, transition_seconds=T, life=life), clock


def step(engine: Engine, clock: ManualClock, n: int = 1) -> None:
    """Advance n transition steps (never sleeps)."""
    for _ in range(n):
        clock.advance(engine.transition_seconds)
        engine.advance()


def vm_in(engine: Engine, status: str) -> Vm:
    return next(vm for vm in engine.vms.values() if vm.status == status)


def host_in(engine: Engine, status: str) -> Host:
    return next(h for h in engine.hosts.values() if h.status == status)


def codes_for(engine: Engine, correlation_id: str) -> list[int]:
    return [e.code for e in engine.events if e.correlation_id == correlation_id]
