"""The live layer end to end: console, real backend, in-process simulator on loopback.

The simulator runs on a ManualClock (life=False), so nothing happens on the engine
unless a test makes it happen. The backend's pollers run on short real intervals
(0.1-0.2 s) so a test waits for answers, never for a clock; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from console.backend import messages as m
from console.backend.session import Backend
from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import make_app
from console.ui.live.top import TopScreen
from console.ui.render.common import enum_value
from console.ui.screens.main import MainScreen
from console.ui.widgets.chrome.header import ConsoleHeader
from tests.ui.conftest import SIZE, until
from tests.ui.screen_text import screen_text

VMS = 12


@pytest.fixture
def simulator():
    clock = ManualClock()
    sim = run_in_thread(engine=Engine(seed=3, vms=VMS, clock=clock, life=False))
    yield sim, clock
    sim.stop()


def live_app(sim, clock, refresh: float = 0.2):
    def build(settings, sink, *, demo=None):
        return Backend(settings, sink, demo=demo, events_interval=0.1)

    settings = EngineSettings(url=sim.url, password="ovirt", refresh=refresh)
    return make_app(settings, backend_factory=build, clock=clock)


def loaded(app) -> bool:
    return (isinstance(app.screen, MainScreen) and app.inventory.count_of("vms") == VMS
            and not app.screen.progress and app.backend is not None and app.backend.paused is False
            and bool(app.backend._live.pollers))


def polls(app, name: str) -> int:
    return app.backend._live.pollers[name].runs


async def ticks(pilot, app, name: str, count: int = 3) -> None:
    """Let the ``name`` poller run ``count`` more times (proof that later polls added nothing)."""
    target = polls(app, name) + count
    await until(pilot, lambda: polls(app, name) >= target, what=f"{count} {name} polls")


def text_of(top) -> str:
    return "\n".join(line.plain for line in top.query_one("#top-list").lines)


def received(app, kind: type) -> list:
    return [p for p in app.received if isinstance(p, kind)]


def sim_call(sim, coroutine) -> None:
    """Run a coroutine on the simulator's own loop (stopping and restarting its server)."""
    asyncio.run_coroutine_threadsafe(coroutine, sim._loop).result(timeout=10)


async def test_new_event_shows_once_in_the_pane_and_notifies_unless_do_not_disturb(simulator):
    sim, clock = simulator
    app = live_app(sim, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        vm = next(iter(sim.engine.vms.values()))
        await pilot.press("e")
        await until(pilot, lambda: screen.events_pane is not None and bool(screen.events_pane.shown))
        pane = screen.events_pane
        await ticks(pilot, app, "events", 2)  # the tail has caught up with what the login itself logged
        before = len(pane.shown)
        sim.engine.add_event(description="disk failure on web-db", severity="error", origin="test",
                             custom_id=101, refs={"vm_id": vm.id})
        await until(pilot, lambda: any(e.description == "disk failure on web-db" for e in pane.shown))
        await ticks(pilot, app, "events")
        assert [e.description for e in pane.shown].count("disk failure on web-db") == 1
        assert len(pane.shown) == before + 1
        assert pane.shown[-1].description == "disk failure on web-db"  # newest at the bottom
        assert [e.description for e in screen.notified_events] == ["disk failure on web-db"]
        await pilot.pause()
        assert "disk failure on web-db" in screen_text(app) and "ERROR" in screen_text(app)

        # enter on the event jumps to the VM it names
        pane.focus()
        await pilot.press("end", "enter")
        await until(pilot, lambda: screen.view == "vms" and screen.table.cursor_id == vm.id, what="the jump")

        # do not disturb: still listed, no notification
        await pilot.press("z")
        assert screen.do_not_disturb and "DND" in screen.query_one(ConsoleHeader).live
        sim.engine.add_event(description="second failure", severity="alert", origin="test", custom_id=102)
        await until(pilot, lambda: any(e.description == "second failure" for e in pane.shown))
        await ticks(pilot, app, "events")
        assert [e.description for e in screen.notified_events] == ["disk failure on web-db"]

        # severity filter: error and up hides the normal events, the new ones stay
        pane.focus()
        for _ in range(2):
            await pilot.press("s")
        assert {enum_value(e.severity) for e in pane.shown} <= {"error", "alert"}
        assert [e.description for e in pane.shown][-2:] == ["disk failure on web-db", "second failure"]
        await pilot.press("slash", *"second", "enter")
        assert [e.description for e in pane.shown] == ["second failure"]


async def test_action_state_change_arrives_via_events_and_the_job_is_linked(simulator):
    sim, clock = simulator
    app = live_app(sim, clock, refresh=600)  # no inventory refresh: only the event path can change the row
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        vm = next(v for v in sim.engine.vms.values() if enum_value(v.status) == "up")
        await pilot.press("J")
        panel = screen.jobs_panel
        assert panel is not None
        app.backend.run_action("vms", [vm.id], "stop")
        await until(pilot, lambda: received(app, m.ActionFinished), what="the action")
        finished = received(app, m.ActionFinished)[0]
        assert finished.ok and finished.correlation_id
        clock.advance(60)  # the power-off completes on the engine
        # The engine's power-off event names the VM; its row is re-read at once.
        await until(pilot, lambda: enum_value(getattr(app.inventory.get("vms", vm.id), "status", None)) == "down",
                    what="the VM row to change")
        stop_events = [e for e in screen.event_feed.events() if getattr(e.vm, "id", None) == vm.id
                       and e.correlation_id == finished.correlation_id]
        assert stop_events and screen.job_links.for_event(stop_events[-1]).id == vm.id
        assert finished.job_id  # the engine's answer names the job it started
        await until(pilot, lambda: any(j.id == finished.job_id for j in panel.jobs), what="the job")
        await pilot.pause()
        assert "◆" in panel.render().plain and f"stop {finished.name}" in panel.render().plain


async def test_statistics_feed_history_cells_and_top(simulator):
    sim, clock = simulator
    app = live_app(sim, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        screen.update_watch()
        up = [v.id for v in sim.engine.vms.values() if enum_value(v.status) == "up"]
        await until(pilot, lambda: len(screen.stats_history.series("vms", up[0], "cpu")) >= 2,
                    what="two statistics samples")
        stats = [p for p in received(app, m.StatisticsLoaded) if p.kind == "vms"]
        assert {p.id for p in stats} <= set(screen.table.model.order)
        assert screen.stats_history.latest("vms", up[0]).cpu is not None
        # The table's CPU% cell shows the sampled value (statistics re-attached to the record).
        await until(pilot, lambda: screen.table.model.cells(up[0])[
            [c.key for c in screen.table.model.columns].index("cpu")].plain.endswith("%"), what="CPU% cell")
        # Its CPU TREND cell draws the engine's own 30 s history (newest on the right).
        trend = [c.key for c in screen.table.model.columns].index("cpu_trend")
        await until(pilot, lambda: any(ch in screen.table.model.cells(up[0])[trend].plain for ch in "▁▂▃▄▅▆▇█"),
                    what="CPU TREND cell")
        # An inventory refresh does not blank it.
        await ticks(pilot, app, "inventory", 2)
        assert app.inventory.get("vms", up[0]).statistics

        await pilot.press("colon", *"top", "enter")
        assert isinstance(app.screen, TopScreen)
        top = app.screen
        await until(pilot, lambda: any(r is not None and r.id == up[0] for r in top.query_one("#top-list").rows),
                    what=":top rows")
        text = "\n".join(line.plain for line in top.query_one("#top-list").lines)
        assert "VIRTUAL MACHINES" in text and "HOSTS" in text
        assert any(ch in text for ch in "▁▂▃▄▅▆▇█")
        cpus = [r.cpu for r in top.query_one("#top-list").rows if r is not None and r.kind == "vms"]
        assert len(cpus) >= 2 and cpus == sorted(cpus, key=lambda v: -(v if v is not None else -1))
        await pilot.press("m")  # rank by memory instead
        memory = [r.memory for r in top.query_one("#top-list").rows if r is not None and r.kind == "vms"]
        assert memory == sorted(memory, key=lambda v: -(v if v is not None else -1)) and "MEM ▼" in text_of(top)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_host_trend_cells_grow_from_the_consoles_own_samples(simulator):
    """The engine sends no usage history for hosts: the host table's trend is what the console sampled."""
    sim, clock = simulator
    app = live_app(sim, clock)
    async with app.run_test(size=(200, 40)) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("2")
        await until(pilot, lambda: screen.view == "hosts" and bool(screen.table.model.order), what="the host view")
        screen.update_watch()
        host = screen.table.model.order[0]
        keys = [c.key for c in screen.table.model.columns]
        await until(pilot, lambda: len(screen.stats_history.series("hosts", host, "cpu")) >= 2,
                    what="two host samples")

        def trend() -> str:
            return screen.table.model.cells(host)[keys.index("cpu_trend")].plain

        await until(pilot, lambda: len(trend().strip()) >= 2, what="a host CPU TREND of two samples")
        assert set(trend().strip()) <= set("▁▂▃▄▅▆▇█")
        assert "CPU TREND" in screen_text(app) and "MEM TREND" in screen_text(app)


async def test_pause_stops_every_request_until_resumed(simulator):
    sim, clock = simulator
    app = live_app(sim, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        await ticks(pilot, app, "events")
        await pilot.press("p")
        await until(pilot, lambda: any(p.paused for p in received(app, m.PollingPaused)), what="PollingPaused")
        assert "PAUSED" in screen_text(app)
        await pilot.pause(0.3)  # let a poll already in flight finish
        log = sim.server.request_log
        count = len(log)
        await pilot.pause(1.0)  # five inventory and ten events intervals
        assert len(log) == count, log[count:]
        await pilot.press("p")
        await until(pilot, lambda: len(log) > count, what="polling to resume")
        assert "PAUSED" not in screen_text(app)


async def test_engine_away_shows_reconnecting_and_stale_then_recovers_without_losing_events(simulator):
    sim, clock = simulator
    app = live_app(sim, clock)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("e")
        await ticks(pilot, app, "events")
        sim_call(sim, sim.server.stop())
        await until(pilot, lambda: screen.live_health.stale, what="the reconnecting state")
        header = screen.query_one(ConsoleHeader)
        await pilot.pause()
        text = screen_text(app)
        # The first retry waits 2 s, then 4 s ... (a loaded machine may already be on a later attempt).
        assert re.search(r"● reconnecting \(attempt (\d+), next in (\d+)s; stale \d+s\)", text), text
        assert app.inventory.count_of("vms") == VMS  # data stays on screen
        # Logged while the console could not see the engine: must arrive after recovery, once.
        sim.engine.add_event(description="logged during the outage", severity="warning", origin="test",
                             custom_id=103)
        sim_call(sim, sim.server.start())
        await until(pilot, lambda: received(app, m.ConnectionState)[-1].state == "connected", timeout=20,
                    what="recovery")
        pane = screen.events_pane
        await until(pilot, lambda: any(e.description == "logged during the outage" for e in pane.shown))
        await ticks(pilot, app, "events")
        assert [e.description for e in pane.shown].count("logged during the outage") == 1
        numbers = [int(e.id) for e in pane.shown]
        assert numbers == sorted(set(numbers))
        await pilot.pause()
        assert not screen.live_health.stale and header.live_detail == ""
