"""A streaming load reaching the screen batch by batch: the inventory says what went,
the table follows each batch, and the costly follow-ups are throttled."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from console.backend import messages as m
from console.ui.state.inventory import EVENTS_KEPT, Inventory
from console.ui.state.throttle import Throttle
from tests.ui.conftest import SIZE, Harness, engine_settings
from tests.ui.fakes import dataset


def test_a_full_load_reports_the_ids_it_dropped():
    inv = Inventory()
    vms = dataset()["vms"]
    assert inv.apply_batch("vms", vms, replace=True, final=True) == []
    assert inv.apply_batch("vms", vms[:2], replace=True, final=False) == []
    assert inv.apply_batch("vms", vms[2:3], replace=False, final=True) == [v.id for v in vms[3:]]
    assert [v.id for v in inv.records("vms")] == [v.id for v in vms[:3]]
    # A page of a rolling refresh (not a full load) drops nothing.
    assert inv.apply_batch("vms", vms[:1], replace=False, final=True) == []


def test_the_events_kind_keeps_only_the_newest_events():
    # The tail appends every event the engine logs: over days that must not grow forever.
    inv = Inventory()
    def event(n: int) -> SimpleNamespace:
        return SimpleNamespace(id=str(n), description=f"event {n}")

    first = [event(n) for n in range(1, EVENTS_KEPT - 9)]
    assert inv.apply_batch("events", first, replace=True, final=True) == []
    tail = [event(n) for n in range(EVENTS_KEPT - 9, EVENTS_KEPT + 26)]
    gone = inv.apply_batch("events", tail, replace=False, final=True)
    assert gone == [str(n) for n in range(1, 26)]  # the oldest, for the table to drop
    kept = [e.id for e in inv.records("events")]
    assert len(kept) == EVENTS_KEPT
    assert kept[0] == "26" and kept[-1] == str(EVENTS_KEPT + 25)
    # Other kinds are never trimmed.
    vms = [SimpleNamespace(id=f"vm-{n}", name=f"vm-{n}") for n in range(EVENTS_KEPT + 5)]
    assert inv.apply_batch("vms", vms, replace=True, final=True) == []
    assert len(inv.records("vms")) == EVENTS_KEPT + 5


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0
        self.due: list[tuple[float, object]] = []

    def later(self, delay: float, callback) -> None:
        self.due.append((self.now + delay, callback))

    def run_due(self) -> None:
        ready = [(t, c) for t, c in self.due if t <= self.now]
        self.due = [(t, c) for t, c in self.due if t > self.now]
        for _t, callback in ready:
            callback()


def test_throttle_runs_at_once_then_folds_a_stream_into_one_run_per_interval():
    clock = _Clock()
    runs: list[float] = []
    throttle = Throttle(lambda: runs.append(clock.now), 0.5, clock.later, clock=lambda: clock.now, sync=True)
    throttle()
    assert runs == [100.0]  # the first change shows at once
    for step in range(10):  # ten batches within the interval
        clock.now = 100.0 + step * 0.04
        throttle()
    assert runs == [100.0] and throttle.pending and len(clock.due) == 1
    clock.now = 100.5
    clock.run_due()
    assert runs == [100.0, 100.5] and not throttle.pending  # the last state is shown
    clock.now = 101.2
    throttle()
    assert runs == [100.0, 100.5, 101.2]
    throttle.now()  # one object changed: no waiting
    assert runs[-1] == 101.2 and len(runs) == 4


def test_throttle_without_sync_runs_its_leading_call_through_later():
    clock = _Clock()
    runs: list[float] = []
    throttle = Throttle(lambda: runs.append(clock.now), 0.5, clock.later, clock=lambda: clock.now)
    throttle()
    throttle()
    assert runs == [] and clock.due[0][0] == 100.0
    clock.run_due()
    assert runs == [100.0]


async def test_a_streamed_reload_keeps_the_cursor_and_drops_what_went():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        table = screen.table
        await pilot.press("down", "down")
        target = table.cursor_id
        vms = h.app.inventory.records("vms")
        gone = next(v for v in vms if v.id != target)
        kept = [dataclasses.replace(v) for v in vms if v.id != gone.id]  # equal copies, as a reload sends
        renamed = dataclasses.replace(kept[-1], name="renamed-in-reload")
        kept[-1] = renamed
        index = table.model.cursor_index
        screen.handle(m.RecordsLoaded("vms", tuple(kept[:2]), replace=True, final=False))
        assert gone.id in table.model.order  # only the end of the load says what went
        screen.handle(m.RecordsLoaded("vms", tuple(kept[2:]), replace=False, final=True))
        await pilot.pause()
        assert gone.id not in table.model.order
        assert table.model.order == [v.id for v in h.app.inventory.records("vms")]
        assert table.cursor_id == target or (target == gone.id and table.model.cursor_index == index)
        assert table.model.record(renamed.id).name == "renamed-in-reload"
        assert table.model.record(kept[0].id) is kept[0]  # the new copy is held, the old one freed


async def test_a_hidden_view_catches_up_when_shown():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        host = h.app.inventory.records("hosts")[0]
        screen.handle(m.RecordsLoaded("hosts", (dataclasses.replace(host, name="host-renamed"),),
                                      replace=False, final=True))
        screen.show_view("hosts")
        await pilot.pause()
        assert screen.table.model.record(host.id).name == "host-renamed"


async def test_vm_rows_re_render_only_for_names_they_show_and_a_hidden_table_catches_up():
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        vms_table = screen.table
        calls: list[str] = []
        original = vms_table.invalidate
        vms_table.invalidate = lambda: (calls.append("vms"), original())[1]  # type: ignore[method-assign]
        template = h.app.inventory.records("templates")[0]
        screen.handle(m.RecordUpdated("templates", template.id, dataclasses.replace(template, name="tpl-new")))
        assert calls == []  # VM rows show no template name: 10,000 rows keep their cells
        screen.show_view("hosts")
        await pilot.pause()
        hosts_table = screen.table
        screen.show_view("vms")
        host = h.app.inventory.records("hosts")[0]
        cluster = h.app.inventory.get("clusters", host.cluster.id)
        screen.handle(m.RecordUpdated("clusters", cluster.id, dataclasses.replace(cluster, name="cl-new")))
        assert calls == ["vms"]  # VM rows show the cluster's name
        seen: list[str] = []
        original_hosts = hosts_table.invalidate
        hosts_table.invalidate = lambda: (seen.append("hosts"), original_hosts())[1]  # type: ignore[method-assign]
        screen.show_view("hosts")  # host rows name their cluster: stale while hidden
        assert seen == ["hosts"]
        await pilot.pause()
        assert "cl-new" in [cell.plain for cell in hosts_table.model.cells(host.id)]


async def test_engine_search_results_during_a_reload_do_not_end_it():
    """A search answer lands mid-reload: it updates rows, but only the reload's end says what went."""
    h = Harness(engine_settings())
    async with h.app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = h.app.screen
        vms = [dataclasses.replace(v) for v in h.app.inventory.records("vms")]
        screen.handle(m.RecordsLoaded("vms", tuple(vms[:2]), replace=True, final=False))
        screen.handle(m.SearchResults("vms", "name=x", tuple(vms[:1])))
        await pilot.pause()
        assert {v.id for v in h.app.inventory.records("vms")} == {v.id for v in vms}  # nothing dropped yet
        screen.handle(m.RecordsLoaded("vms", tuple(vms[2:]), replace=False, final=True))
        await pilot.pause()
        assert {v.id for v in h.app.inventory.records("vms")} == {v.id for v in vms}
