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
