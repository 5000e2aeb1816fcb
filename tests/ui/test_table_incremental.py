"""Batches applied to a table model: the same rows and order as a full rebuild, for a
cost in proportion to the batch (what a streaming 10,000-VM reload needs)."""

from __future__ import annotations

import dataclasses
import random

import pytest
from textual.app import App, ComposeResult

from console.ui.render import COLUMNS
from console.ui.state.inventory import Inventory
from console.ui.widgets.table import backlog, ordering
from console.ui.widgets.table.model import TableModel
from console.ui.widgets.table.resource_table import ResourceTable
from tests.ui.fakes import FROZEN_NOW, dataset


def _inventory(extra: int = 40) -> Inventory:
    inv = Inventory()
    for kind, records in dataset(extra_vms=extra).items():
        inv.apply_batch(kind, records, replace=True, final=True)
    return inv


def _model(inv: Inventory) -> TableModel:
    return TableModel(COLUMNS["vms"], lambda: inv.context(FROZEN_NOW))


def _rebuilt(inv: Inventory, like: TableModel) -> TableModel:
    """A model built from scratch over the inventory, with ``like``'s scope, sort and filter."""
    fresh = _model(inv)
    fresh.set_records(inv.records("vms"))
    fresh.scope = like.scope
    fresh.filter = like.filter
    fresh.sort_column, fresh.sort_reverse = like.sort_column, like.sort_reverse
    fresh.recompute()
    return fresh


SETTINGS = [
    (None, False, "", None),
    ("name", False, "", None),
    ("name", True, "", None),
    ("status", True, "", None),  # many ties: arrival order breaks them, also descending
    ("name", False, "vm-000", None),
    (None, False, "!vm-001", lambda vm: vm.description != "hidden"),
    ("status", False, "~^vm-00[0-2]", lambda vm: vm.description != "hidden"),
]


@pytest.mark.parametrize("bisect_limit", [ordering.BISECT_LIMIT, 0])  # one by one, and merged
@pytest.mark.parametrize(("column", "reverse", "text", "scope"), SETTINGS)
def test_batches_give_the_order_a_full_rebuild_gives(column, reverse, text, scope, bisect_limit, monkeypatch):
    monkeypatch.setattr(ordering, "BISECT_LIMIT", bisect_limit)
    rng = random.Random(f"{column}{reverse}{text}")
    inv = _inventory()
    model = _model(inv)
    model.set_records(inv.records("vms"))
    if column:
        model.sort_by(column, reverse)
    model.set_filter(text)
    model.set_scope(scope)
    statuses = ["up", "down", "paused"]
    for step in range(30):
        records = inv.records("vms")
        batch = []
        for record in rng.sample(records, k=min(len(records), rng.randint(1, 12))):
            change = rng.choice(["name", "status", "description", "same"])
            if change == "name":
                record = dataclasses.replace(record, name=f"vm-{rng.randint(0, 60):05d}{rng.choice('ab')}")
            elif change == "status":
                record = dataclasses.replace(record, status=type(record.status)(rng.choice(statuses)))
            elif change == "description":
                record = dataclasses.replace(record, description=rng.choice(["hidden", "shown", None]))
            else:
                record = dataclasses.replace(record)  # an equal copy: adopted, nothing moves
            batch.append(record)
        if step % 3 == 0:  # a new object arrives
            batch.append(dataclasses.replace(records[0], id=f"new-{step}", name=f"vm-{step:05d}n"))
        removed = [r.id for r in rng.sample(records, k=rng.randint(0, 2))]
        cursor = model.cursor_id
        for record in batch:
            inv.apply_update("vms", record.id, record)
        for ident in removed:
            inv.apply_update("vms", ident, None)
        model.apply(batch, removed)
        fresh = _rebuilt(inv, model)
        assert model.order == fresh.order, step
        assert model.total == fresh.total
        if cursor in model.order:
            assert model.cursor_id == cursor  # the cursor stays on its object
        for n, ident in enumerate(model.order):
            assert model.index_of(ident) == n


def test_a_batch_costs_its_own_rows_not_the_tables():
    inv = _inventory(extra=5000)
    model = _model(inv)
    model.set_records(inv.records("vms"))
    model.sort_by("name")
    asked: list[str] = []

    def scope(vm):
        asked.append(vm.id)
        return True

    model.set_scope(scope)
    asked.clear()
    records = inv.records("vms")
    batch = [dataclasses.replace(r, description="changed") for r in records[100:150]]
    batch += [dataclasses.replace(r) for r in records[200:300]]  # equal copies: not even looked at
    model.apply(batch, removed=[records[400].id])
    assert sorted(asked) == sorted(r.id for r in records[100:150])
    # Only rows whose record changed lost their cells; the rest were never rendered.
    assert sum(1 for row in model._rows.values() if row.cells is not None) <= 50


def test_cursor_keeps_its_object_and_its_place_when_the_object_goes():
    inv = _inventory()
    model = _model(inv)
    model.set_records(inv.records("vms"))
    model.sort_by("name", reverse=True)
    target = model.order[10]
    model.cursor_id = target
    first = model.record(model.order[0])
    model.apply([dataclasses.replace(first, name="000-now-last")])
    assert model.cursor_id == target and model.cursor_index == 9
    model.apply([], removed=[target])
    assert model.cursor_index == 9 and model.cursor_id != target
    model.apply([], removed=list(model.order))
    assert model.order == [] and model.cursor_id is None


def test_new_rows_arrive_after_the_others_and_an_unchanged_batch_keeps_the_order():
    inv = _inventory()
    model = _model(inv)
    records = inv.records("vms")
    model.apply(records[:10])
    model.apply(records[10:])
    assert model.order == [r.id for r in records]
    order = model.order
    assert model.apply([dataclasses.replace(r) for r in records]) == set()
    assert model.order is order  # nothing moved: the same list, so no relayout


def test_marks_of_removed_rows_go():
    inv = _inventory()
    model = _model(inv)
    model.set_records(inv.records("vms"))
    first, second = model.order[:2]
    model.toggle_mark(first)
    model.toggle_mark(second)
    model.apply([], removed=[first])
    assert model.marked == {second}


def test_descending_keys_keep_ties_in_arrival_order():
    keys = [((1, "b"), 1), ((1, "b"), 4), ((1, "a"), 2), ((0, 0), 3)]
    pairs = [(k, str(k[1])) for k in keys]
    shuffled = pairs[::-1]
    ordering.sort_pairs(shuffled, descending=True)
    assert shuffled == pairs
    sorted_keys = [k for k, _ in pairs]
    for n, key in enumerate(sorted_keys):
        assert ordering.find(sorted_keys, key, True) == n
    assert ordering.find(sorted_keys, ((1, "b"), 3), True) == 1
    order, new_keys = ordering.splice([i for _, i in pairs], sorted_keys, drop=[(((1, "a"), 2), "2")],
                                      add=[(((2, "z"), 9), "9")], descending=True)
    assert order == ["9", "1", "4", "3"]
    assert new_keys[0] == ((2, "z"), 9)


def test_many_changes_merge_in_one_pass():
    keys = [(n,) for n in range(0, 200, 2)]
    order = [str(k[0]) for k in keys]
    add = [((n,), str(n)) for n in range(1, 200, 2)]
    drop = [((n,), str(n)) for n in range(0, 40, 2)]
    new_order, new_keys = ordering.splice(order, keys, drop, add, descending=False)
    assert new_keys == sorted(new_keys) and len(new_order) == len(order) - len(drop) + len(add)
    assert order == [str(k[0]) for k in keys]  # the lists given are left as they were


def _table_app() -> tuple[App[None], Inventory]:
    """An app showing only a VM table, and the inventory (a few CHUNKs of VMs) it reads."""
    inv = _inventory(extra=3 * backlog.CHUNK)

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield ResourceTable("vms", COLUMNS["vms"], lambda: inv.context(FROZEN_NOW), id="t")

    return TableApp(), inv


async def test_a_big_batch_is_applied_in_slices_between_frames_and_in_order():
    app, inv = _table_app()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(ResourceTable)
        records = inv.records("vms")
        table.apply(records[: backlog.CHUNK])  # small: at once
        assert len(table.model.order) == backlog.CHUNK
        table.apply(records[backlog.CHUNK:])  # big: queued, then a slice per loop turn
        first_gone = records[0].id
        table.apply([dataclasses.replace(records[1], name="after-the-big-one")], removed=[first_gone])
        assert len(table.model.order) == backlog.CHUNK  # nothing overtook the queued batch
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert table.model.order == [r.id for r in records[1:]]
        assert table.model.record(records[1].id).name == "after-the-big-one"
        # Whatever needs every row drains the queue first.
        table.apply(records[: 2 * backlog.CHUNK + 5])
        table.set_filter("vm-")
        assert not table._backlog


async def test_the_cursor_record_is_the_newest_queued_copy_and_reading_it_applies_nothing():
    app, inv = _table_app()
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.query_one(ResourceTable)
        records = inv.records("vms")
        table.apply(records)
        await app.workers.wait_for_complete()
        table.select(records[5].id)
        assert table.cursor_record is records[5]
        newer = [dataclasses.replace(r, description="re-read") for r in records]
        table.apply(newer)  # big: queued
        table.apply([dataclasses.replace(records[5], description="newest")])  # queued behind it
        assert table.cursor_record.description == "newest"
        table.apply([], removed=[records[5].id])
        assert table.cursor_record is None  # a queued batch removes it
        assert table._backlog and table.model.record(records[5].id) is records[5]  # nothing applied
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not table._backlog and table.model.record(records[5].id) is None
        assert table.cursor_record is table.model.record(table.cursor_id) is not None


def test_a_row_not_where_its_key_says_is_still_dropped_and_the_rest_applied():
    order, keys = ["a", "b", "c"], [(1,), (2,), (3,)]
    # "b" is asked to go with a stale key: found by its id instead; the other changes hold.
    new_order, new_keys = ordering.splice(order, keys, drop=[((9,), "b"), ((1,), "a")],
                                          add=[((4,), "d")], descending=False)
    assert new_order == ["c", "d"] and new_keys == [(3,), (4,)]
