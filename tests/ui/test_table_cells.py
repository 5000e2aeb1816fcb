"""Packed table cells (cells.py): render exactly as the Text they replace, and cost the
garbage collector nothing."""

from __future__ import annotations

import gc
import io
from collections import Counter

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Span, Text

from console.ui.render import COLUMNS
from console.ui.render.common import literal, right, status_text, usage_bar
from console.ui.state.inventory import Inventory
from console.ui.widgets.table.cells import pack, pack_row, plain, unpack
from console.ui.widgets.table.model import TableModel
from tests.ui.fakes import FROZEN_NOW, dataset

CONSOLE = Console(width=200, color_system="truecolor", force_terminal=True, file=io.StringIO())


def segments(text: Text) -> list:
    return list(CONSOLE.render(text))


def assert_faithful(text: Text) -> None:
    packed = pack(text)
    back = unpack(packed)
    assert back.plain == plain(packed) == text.plain
    assert segments(back) == segments(text)


def usage_series(kind: str, ident: str, metric: str) -> list[float | None]:
    """Samples the live layer would have collected: some missing, some high."""
    return [None, 3.0, 25.0, 50.0, 75.0, 99.5, None, 12.0]


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    inv = Inventory()
    for kind, records in dataset(extra_vms=3).items():
        inv.apply_batch(kind, records, replace=True, final=True)
    return inv


@pytest.mark.parametrize("kind", sorted(COLUMNS))
@pytest.mark.parametrize("sampled", [False, True], ids=["unsampled", "sampled"])
def test_every_renderer_cell_packs_and_renders_identically(inventory, kind, sampled):
    ctx = inventory.context(FROZEN_NOW)
    if sampled:  # trend columns draw sparklines instead of empty cells
        ctx.extra["usage_series"] = usage_series
    records = inventory.records(kind)
    assert records, kind
    forms: Counter[str] = Counter()
    for record in records:
        for column in COLUMNS[kind]:
            cell = column.cell(record, ctx)
            packed = pack(cell)
            # Renderers never put a link or meta in a style: no cell is kept as a Text.
            assert not isinstance(packed, Text), (kind, column.key, cell)
            forms["str" if isinstance(packed, str) else f"tuple{len(packed)}"] += 1
            back = unpack(packed)
            assert back.plain == plain(packed) == cell.plain, (kind, column.key)
            assert segments(back) == segments(cell), (kind, column.key, cell.plain)
    assert sum(forms.values()) == len(records) * len(COLUMNS[kind])
    if kind in ("vms", "hosts", "storage_domains"):
        # Styled glyphs (spans), right-justified numbers (layout) and plain names all occur.
        assert forms["str"] and forms["tuple3"] and forms["tuple4"], forms


def test_empty_text():
    for text in (Text(""), Text("", end=""), literal(""), Text("", style="bold", no_wrap=True, end="")):
        assert_faithful(text)
    assert pack(literal("")) == ""


def test_the_compact_forms():
    assert pack(literal("vm-1")) == "vm-1"
    assert pack(literal("vm-1", "bold red")) == ("vm-1", "bold red")
    assert pack(status_text("up")) == ("▲ up", "green", ((2, 4, "green"),))
    packed = pack(right("4 GiB"))
    assert packed[:3] == ("4 GiB", "", ()) and packed[3] == ("right", None, True, "", None)
    assert packed[3] is pack(right("8 GiB"))[3]  # one layout tuple shared by every such cell


def test_spans_with_style_objects():
    text = Text("host-1 up 97%", no_wrap=True, end="")
    text.stylize(Style(color="red", bold=True), 0, 6)
    text.stylize(Style(color="#ff8800", bgcolor="rgb(10,20,30)", italic=True, underline=False), 7, 9)
    text.stylize(Style(color="color(200)", dim=True, strike=True), 10, 13)
    text.stylize(Style.null(), 0, 1)
    text.stylize("reverse", 2, 4)
    packed = pack(text)
    assert isinstance(packed, tuple) and all(type(style) is str for _s, _e, style in packed[2])
    assert_faithful(text)
    assert_faithful(Text("ab", spans=[Span(0, 1, Style.null()), Span(1, 2, Style(bold=True))], end=""))


def test_whole_text_style_object():
    assert_faithful(Text("web-01", style=Style(color="green", bgcolor="black", bold=True), no_wrap=True, end=""))
    assert_faithful(Text("x", style=Style(bold=False, frame=True, overline=True)))
    assert pack(Text("plain", style=Style(), no_wrap=True, end="")) == "plain"


def test_a_style_with_a_link_or_meta_keeps_the_text():
    linked = Text("docs", style=Style(link="https://ovirt.org", color="blue"), no_wrap=True, end="")
    assert pack(linked) is linked
    back = unpack(pack(linked))
    assert back is not linked and back.plain == "docs" and back.style == linked.style
    assert segments(back) == segments(linked)
    meta = Text("click", no_wrap=True, end="")
    meta.stylize(Style(meta={"@click": "app.bell()"}), 0, 2)
    assert pack(meta) is meta
    assert_faithful(meta)


def test_unicode():
    for text in (literal("仮想マシン-01"), literal("café ☃ 🖥️"), literal("e\u0301 combining"),
                 status_text("migrating"), usage_bar(7, 8), Text("‖ paused", style="yellow", no_wrap=True, end="")):
        assert_faithful(text)


def test_layouts_other_than_literals_round_trip():
    for text in (Text("tabs\there", tab_size=2, end=""), Text("long name", overflow="ellipsis", justify="center"),
                 Text("wraps", no_wrap=False, end="\n"), right("12%")):
        assert_faithful(text)


def test_unpack_builds_a_new_text_each_time():
    packed = pack(status_text("up"))
    first = unpack(packed)
    first.truncate(1)
    first.stylize("reverse")
    assert unpack(packed).plain == "▲ up" and segments(unpack(packed)) == segments(status_text("up"))


def test_a_vm_row_is_untracked_by_the_collector(inventory):
    model = TableModel(COLUMNS["vms"], lambda: inventory.context(FROZEN_NOW))
    model.set_records(inventory.records("vms"))
    row_cells = model.packed_cells(model.order[0])
    def nested(cell) -> bool:
        return isinstance(cell, tuple) and len(cell) > 2 and bool(cell[2])

    assert any(nested(cell) for cell in row_cells)
    # A collection untracks a tuple whose items are untracked already, and visits a
    # container before what it holds: one level of row -> cell -> spans -> span per
    # collection (the first untracks the spans' items and every flat cell).
    gc.collect()
    assert not any(gc.is_tracked(cell) for cell in row_cells if not nested(cell))
    for _level in range(3):
        gc.collect()
    assert gc.is_tracked(row_cells) is False
    assert not any(gc.is_tracked(cell) for cell in row_cells)


def test_the_model_gives_texts_built_from_its_packed_cells(inventory):
    ctx = inventory.context(FROZEN_NOW)
    model = TableModel(COLUMNS["vms"], lambda: ctx)
    model.set_records(inventory.records("vms"))
    for ident in model.order:
        expected = [column.cell(model.record(ident), ctx) for column in COLUMNS["vms"]]
        texts = model.cells(ident)
        assert all(isinstance(text, Text) for text in texts)
        assert [segments(t) for t in texts] == [segments(t) for t in expected]
        assert model.packed_cells(ident) == pack_row(expected)
        assert model._haystack(ident) == tuple(t.plain for t in expected)


def test_plain_of_each_form():
    assert plain("a") == "a"
    assert plain(("b", "red")) == "b"
    assert plain(("c", "", ((0, 1, "bold"),))) == "c"
    linked = Text("d", style=Style(link="https://ovirt.org"))
    assert plain(linked) == "d"
    assert unpack(("e", "", ((0, 1, "bold"),))).spans == [Span(0, 1, "bold")]
