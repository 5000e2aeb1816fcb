"""Regenerate the SVG screenshots in this folder from the simulated engine.

    python screenshots/generate.py            # all screens, 120x40
    python screenshots/generate.py --size 160x45

The console runs against the embedded simulator (seed 1, 60 VMs, a frozen engine
clock) through the real backend, so every shot shows what ``ovirt-console --demo``
shows, and re-running it gives the same pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import OvirtConsole, make_app
from console.ui.screens.main import MainScreen
from console.ui.widgets.detail.detail_pane import DetailPane
from console.ui.widgets.tree.inventory_tree import InventoryTree

Step = Callable[[Pilot], Awaitable[None]]


async def until(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the console did not reach the expected state")
        await pilot.pause(0.05)


def ready(app: OvirtConsole) -> bool:
    screen = app.screen
    return (isinstance(screen, MainScreen) and not screen.progress and app.inventory.count_of("vms") > 0
            and not screen._tree_pending and bool(screen.query_one(InventoryTree).root.children))


async def main_vms(pilot: Pilot) -> None:
    tree = pilot.app.screen.query_one(InventoryTree)
    first = tree.root.children[0]
    first.expand()
    await pilot.pause()
    if first.children:
        first.children[0].expand()
        await pilot.pause()
    await pilot.press("down", "down")


async def hosts(pilot: Pilot) -> None:
    await pilot.press("2")


async def storage(pilot: Pilot) -> None:
    await pilot.press("5")


async def events(pilot: Pilot) -> None:
    await pilot.press("9", "end")


async def vm_detail(pilot: Pilot) -> None:
    app = pilot.app
    await pilot.press("t", "slash", *"db-01", "enter", "enter")
    await pilot.pause()
    tabs = app.screen.query_one(TabbedContent)
    tabs.active = "tab-nics"
    pane = app.screen.query_one(DetailPane)
    await until(pilot, lambda: "nics" in pane.loaded)


async def host_detail(pilot: Pilot) -> None:
    await pilot.press("t", "2", "enter")


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")


async def jobs(pilot: Pilot) -> None:
    """Jobs after running two stopped VMs from the console (marked as started here)."""
    app = pilot.app
    screen = app.screen
    down = sorted((vm for vm in app.inventory.records("vms") if str(vm.status) == "down"), key=lambda v: v.name)
    for vm in down[:2]:
        screen.table.select(vm.id)
        await pilot.pause()
        await pilot.press("s")
        await until(pilot, lambda: type(app.screen).__name__ != "MainScreen")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "MainScreen")
    await until(pilot, lambda: app.inventory.count_of("jobs") >= 2)
    await pilot.press("0")


async def top(pilot: Pilot) -> None:
    await pilot.press("percent_sign")
    await pilot.pause(0.3)


async def migrate(pilot: Pilot) -> None:
    """The migrate dialog for an up VM: target hosts with their load and free memory."""
    app = pilot.app
    await pilot.press("slash", *"web-0", "enter")
    await pilot.press("m")
    await until(pilot, lambda: type(app.screen).__name__ != "MainScreen")
    await pilot.pause(0.3)


async def engines(pilot: Pilot) -> None:
    """Two engines open, one header tab each; the second tab shown."""
    app = pilot.app
    app.open_engine(EngineSettings(url=SECOND_ENGINE[0], password="ovirt", profile="lab"))
    await until(pilot, lambda: len(app.sessions) == 2 and ready(app))
    await pilot.press("2")


async def search(pilot: Pilot) -> None:
    app = pilot.app
    await pilot.press("colon", *"search vms status=up and cluster=prod-a sortby name", "enter")
    await until(pilot, lambda: app.screen.search is not None)


SHOTS: dict[str, Step] = {
    "main": main_vms,
    "hosts": hosts,
    "storage": storage,
    "events": events,
    "vm-detail": vm_detail,
    "host-detail": host_detail,
    "search": search,
    "help": help_screen,
    "jobs": jobs,
    "top": top,
    "migrate": migrate,
    "engines": engines,
}
SECOND_ENGINE: list[str] = []  # the lab engine's URL for the engines shot


async def shoot(url: str, clock: ManualClock, name: str, step: Step, size: tuple[int, int]) -> Path:
    # A profile name gives the engine tab a stable label (not the simulator's random port).
    profile = "prod" if name == "engines" else None
    app = make_app(EngineSettings(url=url, password="ovirt", profile=profile), clock=clock)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: ready(app))
        await step(pilot)
        await pilot.pause()
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()
        path = HERE / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"ovirt-console: {name}"))
    return path


async def shoot_login(size: tuple[int, int]) -> Path:
    app = make_app(None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()
        path = HERE / "login.svg"
        path.write_text(app.export_screenshot(title="ovirt-console: login"))
    return path


async def run(size: tuple[int, int], only: list[str]) -> None:
    clock = ManualClock()
    sim = run_in_thread(engine=Engine(seed=1, vms=60, clock=clock))
    lab = run_in_thread(engine=Engine(seed=2, vms=25, clock=clock))
    SECOND_ENGINE[:] = [lab.url]
    try:
        if not only or "login" in only:
            print(await shoot_login(size))
        for name, step in SHOTS.items():
            if not only or name in only:
                print(await shoot(sim.url, clock, name, step, size))
    finally:
        sim.stop()
        lab.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40", help="terminal WIDTHxHEIGHT (default 120x40)")
    parser.add_argument("only", nargs="*", help=f"shots to take (default all): login {' '.join(SHOTS)}")
    args = parser.parse_args()
    width, height = (int(p) for p in args.size.lower().split("x"))
    asyncio.run(run((width, height), args.only))


if __name__ == "__main__":
    main()
