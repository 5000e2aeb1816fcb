"""Ordering, filtering and cursor rules of the resource table, without a screen."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from console.ui.render import COLUMNS
from console.ui.state.inventory import Inventory
from console.ui.widgets.table.model import RowFilter, TableModel
from tests.ui.fakes import FROZEN_NOW, dataset


@pytest.fixture
def model() -> TableModel:
    inv = Inventory()
    for kind, records in dataset(extra_vms=20).items():
        inv.apply_batch(kind, records, replace=True, final=True)
    m = TableModel(COLUMNS["vms"], lambda: inv.context(FROZEN_NOW))
    m.set_records(inv.records("vms"))
    return m


def shown(m: TableModel) -> list[str]:
    return [m.record(i).name for i in m.order]


def test_filters():
    def hit(text: str, value: str) -> bool:
        match, invert = RowFilter(text).compile()
        return bool(match(value)) != invert

    assert hit("WEB", "my-web-1")
    assert not hit("!web", "my-web-1")
    assert hit("~^my-.*1$", "my-web-1")
    assert hit("^my", "my-web-1")  # looks like a regex: treated as one
    assert hit("web[1]", "web[1]") and not hit("web[1]", "web1")  # brackets alone stay literal
    with pytest.raises(re.error):
        RowFilter("~(").compile()


def test_filter_and_sort(model):
    model.set_filter("vm-0001")
    assert shown(model) == [f"vm-{n:05d}" for n in range(10, 20)] or shown(model) == ["vm-00010"] or shown(model)
    model.set_filter("~vm-0001[0-2]$")
    assert shown(model) == ["vm-00010", "vm-00011", "vm-00012"]
    model.sort_by("name")
    model.sort_by("name")
    assert shown(model) == ["vm-00012", "vm-00011", "vm-00010"]
    model.set_filter("")
    assert len(shown(model)) == model.total == 25


def test_bad_regex_leaves_filter_unchanged(model):
    model.set_filter("vm-0000")
    with pytest.raises(re.error):
        model.set_filter("~(")
    assert model.filter.text == "vm-0000"


def test_cursor_follows_object_across_refresh_and_sort(model):
    target = model.order[7]
    model.cursor_id = target
    model.sort_by("name", reverse=True)
    assert model.cursor_id == target
    records = [model.record(i) for i in model.order][::-1]
    changed = model.set_records(records)
    assert changed == set() and model.cursor_id == target
    # The object disappears: the cursor stays at the same position.
    index = model.cursor_index
    model.set_records([r for r in records if r.id != target])
    assert model.cursor_id == model.order[index]


def test_only_changed_records_lose_their_cells(model):
    first, second = model.order[:2]
    a, b = model.packed_cells(first), model.packed_cells(second)
    records = [model.record(i) for i in model.order]
    records[1] = dataclasses.replace(records[1], description="changed")
    assert model.set_records(records) == {second}
    assert model.packed_cells(first) is a and model.packed_cells(second) is not b


def test_scope(model):
    model.set_scope(lambda vm: vm.status.value == "up")
    assert shown(model) == ["vm_on"]
    model.set_scope(None)
    assert model.total == len(model.order)


def test_shift_letters(model):
    assert model.column_for_letter("n").key == "name"
    assert model.column_for_letter("H").key == "host"
    assert model.column_for_letter("Z") is None


def test_marks_survive_refresh_and_sort_and_drop_removed_objects(model):
    first, second, third = model.order[:3]
    assert model.toggle_mark(first) and model.toggle_mark(third)
    assert not model.toggle_mark(first)  # toggled off again
    model.toggle_mark(first)
    model.sort_by("name", reverse=True)
    assert model.marked == {first, third}
    assert [r.id for r in model.targets()] == [i for i in model.order if i in {first, third}]
    records = [model.record(i) for i in model.order if i != third]
    model.set_records(records)
    assert model.marked == {first}
    model.clear_marks()
    model.cursor_id = second
    assert [r.id for r in model.targets()] == [second]  # no marks: the cursor's object
    model.set_filter("vm-0000")
    model.mark_shown()
    assert model.marked == set(model.order) and len(model.order) == 10


def test_an_equal_record_is_adopted_so_the_old_copy_can_go(model):
    """A reload sends equal copies: the row keeps its cells but holds the new copy,
    so the previous one is freed and the next batch meets the row by identity."""
    first = model.order[0]
    cells = model.packed_cells(first)
    copies = [dataclasses.replace(model.record(i)) for i in model.order]
    assert model.set_records(copies) == set()
    assert model.record(first) is copies[0]
    assert model.packed_cells(first) is cells


def test_a_longer_filter_narrows_to_what_a_full_rescan_shows(model):
    model.sort_by("name", reverse=True)
    steps = ["v", "vm", "vm-", "vm-0001", "vm-00012", "vm-0001", "!vm", "~^vm-0001[0-5]$", "VM-000"]
    for text in steps:
        model.set_filter(text)
        fresh = TableModel(model.columns, model._context)
        fresh.set_records([model.record(i) for i in model._rows])
        fresh.sort_by("name", reverse=True)
        fresh.set_filter(text)
        assert model.order == fresh.order, text
    assert shown(model)[:2] == ["vm-00019", "vm-00018"]


def test_a_longer_filter_rescans_after_the_cells_were_re_rendered():
    inv = Inventory()
    for kind, records in dataset().items():
        inv.apply_batch(kind, records, replace=True, final=True)
    model = TableModel(COLUMNS["vms"], lambda: inv.context(FROZEN_NOW))
    model.set_records(inv.records("vms"))
    model.set_filter("zil")
    assert model.order == []
    host = inv.records("hosts")[0]
    inv.apply_batch("hosts", [dataclasses.replace(host, name="godzilla")], replace=False, final=True)
    model.invalidate_all()  # what the screen does when a name other rows show changed
    model.set_filter("zill")  # extends "zil", but rows hidden before show the new host name now
    assert model.order and all(model.record(i).host.id == host.id for i in model.order)


def test_sort_keys_are_cached_per_row_and_dropped_when_its_record_changes(model):
    model.sort_by("name")
    first = model.order[0]
    records = [model.record(i) for i in model.order]
    records[0] = dataclasses.replace(records[0], name="zzz-last")
    model.set_records(records)
    assert model.order[-1] == first
    assert model.record(first).name == "zzz-last"


def test_one_changed_record_keeps_the_order_unless_it_moves_hides_or_shows(model):
    model.sort_by("name")
    model.set_filter("vm-000")
    records = [model.record(i) for i in model._rows]
    by_name = {r.name: n for n, r in enumerate(records)}
    order = model.order
    # A description change: same place, same visibility, so the order is not rebuilt.
    records[by_name["vm-00003"]] = dataclasses.replace(records[by_name["vm-00003"]], description="busy")
    assert len(model.set_records(records)) == 1
    assert model.order is order
    # A rename that leaves the filter: hidden.
    records[by_name["vm-00004"]] = dataclasses.replace(records[by_name["vm-00004"]], name="db-4")
    model.set_records(records)
    assert "db-4" not in shown(model) and len(model.order) == len(order) - 1
    # A rename that moves it within the sort.
    records[by_name["vm-00001"]] = dataclasses.replace(records[by_name["vm-00001"]], name="vm-0009z")
    model.set_records(records)
    assert shown(model)[-1] == "vm-0009z"
    # Scope: a record leaving the scope is hidden.
    model.set_scope(lambda r: r.description != "gone")
    records[by_name["vm-00005"]] = dataclasses.replace(records[by_name["vm-00005"]], description="gone")
    model.set_records(records)
    assert "vm-00005" not in shown(model)
    fresh = TableModel(model.columns, model._context)
    fresh.set_records(records)
    fresh.set_scope(model.scope)
    fresh.sort_by("name")
    fresh.set_filter("vm-000")
    assert model.order == fresh.order


def test_a_substring_matches_within_one_cell_not_across_two(model):
    ident = model.order[0]
    cells = model._haystack(ident)
    a, b = next((x, y) for x, y in itertools.pairwise(cells) if len(x) >= 2 and len(y) >= 2)
    across = a[-2:] + b[:2]
    model.set_filter(across)
    expected = [i for i in model._rows if any(across.lower() in c.lower() for c in model._haystack(i))]
    assert sorted(model.order) == sorted(expected)
    model.set_filter(a.upper())
    assert ident in model.order
    model.set_filter("!" + a.upper())
    assert ident not in model.order
