"""The ``:`` language, the action registry (bindings, help, palette) and the inventory store."""

from __future__ import annotations

import dataclasses

import pytest

from console.backend.messages import KINDS
from console.ui.actions.registry import (
    ACTIONS,
    RESERVED_KEYS,
    bindings,
    display_key,
    for_view,
)
from console.ui.commands import (
    Help,
    Invalid,
    Quit,
    Search,
    ShowView,
    completions,
    parse,
)
from console.ui.state.inventory import Inventory
from console.ui.views import VIEWS, view_for
from tests.ui.fakes import dataset


@pytest.mark.parametrize("line,command", [
    ("vms", ShowView("vms")), (":hosts", ShowView("hosts")), ("dcs", ShowView("data_centers")),
    ("datacenters", ShowView("data_centers")), ("storage", ShowView("storage_domains")),
    ("sds", ShowView("storage_domains")), ("networks", ShowView("networks")), ("templates", ShowView("templates")),
    ("disks", ShowView("disks")), ("events", ShowView("events")), ("jobs", ShowView("jobs")),
    ("clusters", ShowView("clusters")), ("VMS", ShowView("vms")),
    ("search vms status=up and cluster=prod sortby name", Search("vms", "status=up and cluster=prod sortby name")),
    ("search hosts  status = up ", Search("hosts", "status = up")),
    ("vms name=web*", Search("vms", "name=web*")),
    ("q", Quit()), ("help", Help()),
])
def test_parse(line, command):
    assert parse(line) == command


@pytest.mark.parametrize("line,reason", [
    ("", "type a view"), ("bogus", "unknown command 'bogus'"), ("search", "usage: search KIND QUERY"),
    ("search things x=1", "unknown kind 'things'"), ("search vms", "search needs a query"),
])
def test_parse_rejects_with_a_reason(line, reason):
    result = parse(line)
    assert isinstance(result, Invalid) and result.message.startswith(reason)


def test_views_cover_every_backend_kind_and_completion_offers_them():
    assert {v.kind for v in VIEWS} == set(KINDS)
    assert sorted(v.number for v in VIEWS) == list("0123456789")
    assert view_for("Storage").kind == "storage_domains"
    words = completions()
    assert "vms" in words and "dcs" in words and "search vms " in words


async def test_completion_offers_the_live_layers_commands_as_typed():
    from textual.suggester import SuggestFromList

    assert "top" in completions()
    suggester = SuggestFromList(completions(), case_sensitive=False)
    assert await suggester.get_suggestion("to") == "top"


def test_registry_ids_unique_and_reserved_keys_unbound():
    ids = [a.id for a in ACTIONS]
    assert len(ids) == len(set(ids))
    keys = [a.key for a in ACTIONS] + [a.also for a in ACTIONS if a.also]  # priority extras count too
    assert len(keys) == len(set(keys))
    assert not RESERVED_KEYS & set(keys)
    for scope in ("app", "main"):
        for binding in bindings(scope):
            assert binding.id and binding.key not in RESERVED_KEYS
    # Each action's binding has its id; an action's extra priority key is remapped as ``ID.also``.
    also = {f"{a.id}.also" for a in ACTIONS if a.also}
    assert {b.id for b in bindings("app")} | {b.id for b in bindings("main")} == set(ids) | also


def test_escape_is_back_and_q_quits():
    by_key = {a.key: a for a in ACTIONS}
    assert by_key["escape"].action == "back" and not by_key["escape"].mutating
    assert by_key["q"].action == "app.quit"


def test_read_only_hides_mutating_actions():
    mutating = dataclasses.replace(ACTIONS[0], id="vm.start", key="s", action="start", mutating=True,
                                   kinds=("vms",))
    from console.ui.actions import registry

    original = registry.ACTIONS
    registry.ACTIONS = (*original, mutating)
    try:
        assert mutating in for_view("vms")
        assert mutating not in for_view("vms", read_only=True)
        assert mutating not in for_view("hosts")
        assert registry.allowed("start", "vms", read_only=True) is False
        assert registry.allowed("start", "vms", read_only=False) is True
        assert registry.allowed("start", "hosts", read_only=False) is None
        assert registry.allowed("show_xml", "hosts", read_only=True) is True
    finally:
        registry.ACTIONS = original


def test_display_key_honours_keymap():
    xml = next(a for a in ACTIONS if a.id == "main.xml")
    assert display_key(xml) == "x"
    assert display_key(xml, {"main.xml": "X"}) == "X"


def test_inventory_replace_drops_gone_objects_only_at_the_final_batch():
    data = dataset()
    inv = Inventory()
    inv.apply_batch("vms", data["vms"], replace=True, final=True)
    assert inv.count_of("vms") == 5
    inv.apply_batch("vms", data["vms"][:2], replace=True, final=False)
    assert inv.count_of("vms") == 5  # still loading: nothing dropped yet
    inv.apply_batch("vms", data["vms"][2:3], replace=False, final=True)
    assert [v.name for v in inv.records("vms")] == ["vm_off", "vm_on", "web[1]"]
    inv.apply_update("vms", data["vms"][0].id, None)
    assert inv.count_of("vms") == 2


def test_inventory_indexes_follow_changes():
    data = dataset()
    inv = Inventory()
    for kind, records in data.items():
        inv.apply_batch(kind, records, replace=True, final=True)
    host = next(h for h in data["hosts"] if h.name == "bodh1")
    assert [v.name for v in inv.running_on(host.id)] == ["vm_on"]
    vm_on = next(v for v in data["vms"] if v.name == "vm_on")
    inv.apply_update("vms", vm_on.id, dataclasses.replace(vm_on, status="down", host=None))
    assert inv.running_on(host.id) == []
    cluster_id = vm_on.cluster.id
    assert "vm_on" in [v.name for v in inv.not_running_in(cluster_id)]
    assert inv.name("clusters", cluster_id) == "newd1_cluster"
    assert inv.name("data_centers", inv.cluster_dc(cluster_id)) == "newd1"


def test_help_sections_come_from_the_registry_and_the_view_columns():
    from console.ui.render import COLUMNS
    from console.ui.screens.help import help_sections

    sections = dict(help_sections("vms", {"main.xml": "ctrl+x"}, read_only=True))
    shown = {text.plain for rows in sections.values() for _, text in rows}
    for action in for_view("vms", read_only=True):
        assert action.description in shown or f"{action.description} (changes the engine)" in shown
    assert not any(a.mutating for a in ACTIONS if a.description in shown and a.mutating)
    keys = {text.plain: key for rows in sections.values() for key, text in rows}
    assert keys["Show XML"] == "ctrl+x"
    sort = next(rows for title, rows in sections.items() if title.startswith("Sort Virtual Machines"))
    assert [key for key, _ in sort] == [c.sort_letter for c in COLUMNS["vms"]]


def test_styles_are_found_from_the_package():
    from console.ui.paths import styles_dir, stylesheets

    names = {path.name for path in stylesheets()}
    assert {"console.tcss", "dialogs.tcss"} <= names
    assert styles_dir().is_dir()
