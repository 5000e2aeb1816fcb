"""Fixtures for the console tests: an app on the fake backend, a frozen clock."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from console.backend.settings import EngineSettings
from console.ui.app import OvirtConsole, make_app
from tests.ui.fakes import FROZEN_NOW, FakeBackend, factory

SIZE = (120, 40)


def engine_settings(**overrides: Any) -> EngineSettings:
    values: dict[str, Any] = {"url": "https://engine.example.com/ovirt-engine/api", "password": "secret"}
    values.update(overrides)
    return EngineSettings(**values)


class Harness:
    """An app plus the fake backends it created."""

    def __init__(self, settings: EngineSettings | None = None, **fake_options: Any) -> None:
        build, self.backends = factory(**fake_options)
        self.app: OvirtConsole = make_app(settings, backend_factory=build, clock=lambda: FROZEN_NOW)

    @property
    def backend(self) -> FakeBackend:
        return self.backends[-1]


@pytest.fixture
def harness():
    return Harness


async def until(pilot, predicate: Callable[[], bool], timeout: float = 20.0, what: str = "the console") -> None:
    """Let the UI run until ``predicate`` holds (a backend thread, timers, slices of work)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


@contextlib.asynccontextmanager
async def main_screen(**fake_options: Any) -> AsyncIterator[tuple[Harness, Any, Any]]:
    """The console on the fake backend, loaded: (harness, pilot, main screen)."""
    h = Harness(engine_settings(), **fake_options)
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        yield h, pilot, h.app.screen
