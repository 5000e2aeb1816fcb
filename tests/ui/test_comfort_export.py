"""``:export FILE``: the table as shown, to CSV or JSON; errors in the status line."""

from __future__ import annotations

import csv
import io
import json

from textual.widgets import Input

from console.ui.comfort.commands import (
    BookmarkAdd,
    BookmarkList,
    BookmarkRemove,
    Export,
    Usage,
    parse_comfort,
)
from console.ui.commands import completions
from console.ui.widgets.chrome.status_line import StatusLine
from tests.ui.conftest import SIZE, Harness, engine_settings


def test_comfort_commands_parse():
    assert parse_comfort(":export /tmp/my vms.csv") == Export("/tmp/my vms.csv")
    assert parse_comfort("export") == Usage("usage: export FILE.csv|FILE.json")
    assert parse_comfort("bookmark add up vms") == BookmarkAdd("up vms")
    assert parse_comfort("bookmark rm up") == BookmarkRemove("up")
    assert parse_comfort("bookmarks") == BookmarkList()
    assert isinstance(parse_comfort("bookmark frob x"), Usage)
    assert parse_comfort("vms") is None
    assert {"export ", "bookmark add ", "bookmark rm ", "bookmarks", "theme ", "profile "} <= set(completions())


async def test_the_prompt_completes_comfort_commands():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("colon", *"expo")
        await pilot.pause()
        await pilot.press("tab")
        assert h.app.screen.query_one("#prompt", Input).value == "export "


async def test_export_writes_the_visible_filtered_sorted_rows(tmp_path):
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("slash", *"web", "enter")
        await pilot.pause()
        table = screen.table
        shown = [table.model.record(i).name for i in table.model.order]
        assert shown and len(shown) < table.model.total  # the filter hides some rows
        screen.run_command(f"export {tmp_path / 'vms.csv'}")
        screen.run_command(f"export {tmp_path / 'vms.json'}")
        await pilot.pause()
        assert screen.query_one(StatusLine).message == ""
    lines = list(csv.reader(io.StringIO((tmp_path / "vms.csv").read_bytes().decode("utf-8"), newline="")))
    titles = [c.title for c in table.model.columns]
    assert lines[0] == titles
    name_at = titles.index("NAME")
    assert [row[name_at] for row in lines[1:]] == shown
    objects = json.loads((tmp_path / "vms.json").read_text(encoding="utf-8"))
    assert [o["NAME"] for o in objects] == shown
    assert list(objects[0]) == titles
    # Plain text, never markup: the cells' own text exactly.
    first = table.model.order[0]
    assert lines[1] == [cell.plain for cell in table.model.cells(first)]


async def test_export_errors_go_to_the_status_line(tmp_path):
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        await pilot.press("colon", *f"export {tmp_path / 'vms.txt'}", "enter")
        await pilot.pause()
        assert "name it .csv or .json" in screen.query_one(StatusLine).message
        await pilot.press("colon", *f"export {tmp_path / 'missing' / 'vms.csv'}", "enter")
        await pilot.pause()
        message = screen.query_one(StatusLine).message
        assert message.startswith("export: cannot write") and "missing" in message
        assert not (tmp_path / "vms.txt").exists()
        assert list(tmp_path.iterdir()) == []
