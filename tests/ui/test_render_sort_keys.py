"""Columns with a fast sort key order rows exactly as their cells' text would."""

from __future__ import annotations

import dataclasses

from console.ui.render import COLUMNS
from console.ui.render.common import literal_key, status_key, status_text
from console.ui.state.inventory import Inventory
from tests.ui.fakes import FROZEN_NOW, dataset

# The VM columns whose sort key stands in for their cell's text.
TEXT_KEYED = ("status", "name", "host", "fqdn", "cluster", "data_center", "description")


def test_every_vm_column_key_equals_its_cells_text_key():
    data = dataset()
    inventory = Inventory()
    for kind, records in data.items():
        inventory.apply_batch(kind, records, replace=True, final=True)
    ctx = inventory.context(FROZEN_NOW)
    odd = dataclasses.replace(data["vms"][0], name="Web\x1b[31m-01", description=None, fqdn=None, status=None)
    for vm in [*data["vms"], odd]:
        for column in COLUMNS["vms"]:
            if column.key not in TEXT_KEYED:
                continue  # numbers and trends sort by value, not by text
            assert column.key_for(vm, ctx) == (1, column.cell(vm, ctx).plain.lower()), column.key


def test_status_key_is_the_status_texts_for_any_value():
    for status in ("up", "down", "migrating", "wait_for_launch", "some_new_state", "", None):
        assert status_key(status) == status_text(status).plain.lower()


def test_literal_key_cleans_like_the_cell():
    key = literal_key(lambda record, ctx: record)
    assert key("Name\x1b[2J\x07X", None) == "name x"
    assert key(None, None) == ""


def test_a_table_with_its_cells_drawn_sorts_by_their_text_exactly_as_by_the_keys():
    from console.ui.widgets.table.model import TableModel

    data = dataset(extra_vms=30)
    inventory = Inventory()
    for kind, records in data.items():
        inventory.apply_batch(kind, records, replace=True, final=True)
    cold, warm = (TableModel(COLUMNS["vms"], lambda: inventory.context(FROZEN_NOW)) for _ in range(2))
    for model in (cold, warm):
        model.set_records(inventory.records("vms"))
    warm.warm(list(warm._rows))  # every cell drawn: literal columns' keys come from the cells
    marked = [c.key for c in COLUMNS["vms"] if getattr(c.sort_key, "cell_text", False)]
    assert set(marked) == set(TEXT_KEYED) - {"status"}
    for key in marked:
        for reverse in (False, True):
            cold.sort_by(key, reverse)
            warm.sort_by(key, reverse)
            assert warm.order == cold.order, key
            assert [warm._rows[i].sort_keys[key] for i in warm.order] == [
                cold._rows[i].sort_keys[key] for i in cold.order]
    # One key per distinct text: 30 clones on one host share it.
    host_keys = {id(row.sort_keys["host"]) for row in warm._rows.values()}
    assert len(host_keys) == len({row.sort_keys["host"] for row in warm._rows.values()})
