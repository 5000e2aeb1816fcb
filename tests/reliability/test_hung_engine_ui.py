"""A slow or hung engine never freezes the console, and esc stops a running load.

The app runs against the simulator with latency chaos (every request takes up to
several seconds); while the inventory is still loading the UI keeps its loop on time
and `esc` cancels the load at once, keeping what already arrived.
"""

from __future__ import annotations

import asyncio
import time

from console.backend import messages as m
from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.simulator.chaos import Chaos
from console.ui.app import make_app
from tests.ui.test_simulator_e2e import until


async def test_esc_cancels_a_slow_load_and_the_ui_stays_responsive() -> None:
    clock = ManualClock()
    sim = run_in_thread(engine=Engine(seed=2, vms=20, clock=clock, life=False), chaos=Chaos())
    stalls: list[float] = []

    async def heartbeat() -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(0.05)
            stalls.append(time.monotonic() - before - 0.05)

    try:
        app = make_app(EngineSettings(url=sim.url, password="ovirt", timeout=30), clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: any(isinstance(p, m.Connected) for p in app.received))
            # login done; every request from now on hangs for 3 s
            sim.server.chaos.update({"latency": 3.0})
            sim.server.chaos.delay = lambda: 3.0
            app.backend.refresh(None)
            await until(pilot, lambda: bool(app.screen.progress))
            beat = asyncio.get_running_loop().create_task(heartbeat())
            await pilot.pause(0.5)
            began = time.monotonic()
            await pilot.press("escape")
            await until(pilot, lambda: any(isinstance(p, m.LoadProgress) and p.cancelled for p in app.received),
                        timeout=2.0)  # fmt: skip
            assert time.monotonic() - began < 1.5  # not after the 3 s reply
            await until(pilot, lambda: not app.screen.progress, timeout=2.0)
            beat.cancel()
            assert stalls and max(stalls) < 0.5  # the loop kept ticking while the engine hung
            assert not [p for p in app.received if isinstance(p, m.BackendError) and "Cancelled" in p.message]
    finally:
        sim.stop()
