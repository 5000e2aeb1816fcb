"""Simulators for backend tests: in-process, on loopback, with a frozen engine clock."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from console.backend.session import Backend
from console.backend.settings import EngineSettings
from console.simulator.chaos import Chaos
from console.simulator.clock import ManualClock
from console.simulator.engine import Engine
from console.simulator.server import ThreadedSimulator, run_in_thread
from tests.backend.helpers import Collector


class Sim:
    """A running simulator plus the few things tests read from it."""

    def __init__(self, threaded: ThreadedSimulator) -> None:
        self.threaded = threaded
        self.url = threaded.url
        self.engine = threaded.engine

    @property
    def server(self) -> Any:
        return self.threaded.server

    def requests(self) -> list[dict[str, Any]]:
        return list(self.server.request_log)

    def reset_log(self) -> None:
        self.server.request_log.clear()

    def stop(self) -> None:
        self.threaded.stop()


def start_sim(vms: int = 60, seed: int = 1, chaos: str | None = None) -> Sim:
    engine = Engine(seed=seed, vms=vms, clock=ManualClock(), life=False)
    kwargs: dict[str, Any] = {"engine": engine}
    if chaos:
        kwargs["chaos"] = Chaos.parse(chaos, seed=seed)
    return Sim(run_in_thread(**kwargs))


@pytest.fixture
def sim() -> Iterator[Sim]:
    s = start_sim()
    yield s
    s.stop()


@pytest.fixture
def slow_sim() -> Iterator[Sim]:
    """Every request takes a while: loads are still running when the test acts."""
    s = start_sim(chaos="latency=0.4")
    yield s
    s.stop()


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on (bound then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def backend_for() -> Iterator[Callable[..., tuple[Backend, Collector]]]:
    """Make Backends with a recording sink; every one is stopped after the test."""
    made: list[Backend] = []

    def make(settings: EngineSettings, **kwargs) -> tuple[Backend, Collector]:
        sink = Collector()
        backend = Backend(settings, sink, **kwargs)
        made.append(backend)
        return backend, sink

    yield make
    for backend in made:
        backend.stop()
