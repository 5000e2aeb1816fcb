"""Engine-supplied text is shown literally and can never drive the terminal.

A VM name, description, event message or guest-agent value may carry Rich markup,
escape sequences (CSI, OSC 52 clipboard writes, DCS), BEL or other controls. Every
renderer must show the markup as typed and neutralise the controls, and the bytes the
screen would send to the terminal must never contain the hostile sequences.
"""

from __future__ import annotations

import dataclasses
import io
import time
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from console.backend.settings import EngineSettings
from console.simulator import Engine, ManualClock, run_in_thread
from console.ui.app import make_app
from console.ui.render import COLUMNS
from console.ui.render.common import RenderContext, literal, row_of, safe
from console.ui.render.general import general
from console.ui.render.subtabs import TABLES
from tests.ui.fakes import DETAILS, FROZEN_NOW, dataset, load

MARKUP = "[red]evil[/red][link=https://x.test]l[/link]"
HOSTILE = [
    MARKUP,
    "clear\x1b[2J\x1b[Hscreen",
    "clip\x1b]52;c;ZWNobyBwd25lZA==\x07board",
    "title\x1b]0;owned\x1b\\bar",
    "dcs\x1bP+q544e\x1b\\x",
    "bell\x07\x07",
    "c1csi\x9b31mred",
    "nul\x00cr\rlf\nbs\x08del\x7f",
]
# What must never reach the terminal from engine text (Rich emits none of these itself).
FORBIDDEN = ["\x1b[2J", "\x1b[H", "\x1b]52", "\x1b]0;", "\x1bP", "\x07", "\x9b", "\x00", "\x08", "\r"]


def is_control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F


def assert_clean(text: Text | str, where: str) -> None:
    plain = text.plain if isinstance(text, Text) else text
    bad = [hex(ord(c)) for c in plain if is_control(c)]
    assert not bad, f"{where}: control characters {bad} in {plain!r}"
    if isinstance(text, Text):
        assert all("link" not in str(span.style) for span in text.spans), f"{where}: markup interpreted"
    terminal = io.StringIO()
    Console(file=terminal, force_terminal=True, color_system="truecolor", width=200).print(text)
    for seq in FORBIDDEN:
        assert seq not in terminal.getvalue(), f"{where}: {seq!r} would reach the terminal"


def poison(record: Any, text: str, depth: int = 0) -> Any:
    """The record with every engine string (not ids or hrefs) replaced by ``text``."""
    if depth > 4 or not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name, None)
        if f.name in ("id", "href") or value is None:
            continue
        if isinstance(value, str):
            changes[f.name] = text
        elif isinstance(value, list):
            changes[f.name] = [poison(v, text, depth + 1) for v in value]
        elif dataclasses.is_dataclass(value):
            changes[f.name] = poison(value, text, depth + 1)
    return dataclasses.replace(record, **changes)


def context(text: str) -> RenderContext:
    return RenderContext(now=FROZEN_NOW, names=lambda kind, id: text, cluster_dc=lambda cid: text)


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("kind", sorted(COLUMNS))
def test_table_cells_and_general_tab_are_literal(kind: str, text: str) -> None:
    ctx = context(text)
    records = [poison(r, text) for r in dataset()[kind][:3]]
    assert records
    for record in records:
        for column, cell in zip(COLUMNS[kind], row_of(COLUMNS[kind], record, ctx), strict=True):
            assert_clean(cell, f"{kind}.{column.key}")
        for label, value in general(kind, record, ctx):
            assert_clean(value, f"{kind} general {label}")
    if kind in ("vms", "hosts", "events", "data_centers"):
        name_cell = row_of(COLUMNS[kind], records[0], ctx)
        if text == MARKUP:
            assert any(MARKUP in cell.plain for cell in name_cell), "markup must show as typed"


# A severity the engine invents is engine text like any other (once rendered raw).
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_event_severity_is_literal(text: str) -> None:
    from console.ui.render.events import severity_text

    event = dataclasses.replace(dataset()["events"][0], severity=text)
    assert_clean(severity_text(event), "events.severity")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_detail_sub_tables_are_literal(text: str) -> None:
    ctx = context(text)
    sources = {"vm_nics": DETAILS["vms", "nics"], "host_nics": DETAILS["hosts", "nics"],
               "disk_attachments": DETAILS["vms", "disk_attachments"],
               "statistics": DETAILS["vms", "statistics"], "events": DETAILS["vms", "events"]}  # fmt: skip
    for table, name in sources.items():
        for record in load(name)[:3]:
            for cell in TABLES[table].row(poison(record, text), ctx):
                assert_clean(cell, table)


def test_literal_keeps_markup_and_printable_text() -> None:
    assert literal(MARKUP).plain == MARKUP
    assert safe("clip\x1b]52;c;ZWNobyBwd25lZA==\x07board") == "clipboard"
    assert safe("ok – ünïcode ✓") == "ok – ünïcode ✓"


# -- through the whole console: simulator -> api -> backend -> screen ---------------------


async def test_hostile_vm_name_and_description_on_the_screen() -> None:
    from tests.ui.screen_text import screen_text
    from tests.ui.test_simulator_e2e import until

    clock = ManualClock()
    engine = Engine(seed=3, vms=12, clock=clock, life=False)
    vm = next(iter(engine.vms.values()))
    # What XML 1.0 can carry (C0 controls other than tab/CR/LF cannot): markup, C1 CSI
    # and OSC 52 (\x9b, \x9d ... \x9c), carriage returns.
    vm.name = "[red]pwn[/red]\x9d52;c;ZXZpbA==\x9c\x9b2J"
    vm.description = "desc\x9b31m[bold]x[/bold]\r"
    sim = run_in_thread(engine=engine)
    try:
        app = make_app(EngineSettings(url=sim.url, password="ovirt"), clock=clock)
        async with app.run_test(size=(160, 90)) as pilot:
            await until(pilot, lambda: app.inventory.count_of("vms") == 12)
            await pilot.pause()
            screen = screen_text(app)
            assert "[red]pwn[/red]" in screen  # literal, not red
            assert not [c for c in screen if is_control(c) and c != "\n"]
            # the raw bytes a terminal would get for the whole screen
            raw = io.StringIO()
            Console(file=raw, force_terminal=True, color_system="truecolor", width=160, height=90).print(
                app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
            for seq in FORBIDDEN:
                assert seq not in raw.getvalue(), f"{seq!r} reached the terminal"
            # open the detail pane so the description is rendered too
            await pilot.press("slash", *"pwn", "enter", "enter")
            deadline = time.monotonic() + 10
            while "desc" not in screen_text(app) and time.monotonic() < deadline:
                await pilot.pause(0.05)
            screen = screen_text(app)
            assert "desc 31m[bold]x[/bold]" in screen  # CSI neutralised, markup literal
            assert not [c for c in screen if is_control(c) and c != "\n"]
    finally:
        sim.stop()
