"""The pure renderers: literal engine text, glyphs, numbers, each kind's columns."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone

import pytest
from rich.text import Text

from console.ui.render import COLUMNS
from console.ui.render.common import (
    fmt_bytes,
    fmt_duration,
    fmt_time,
    glyph_for,
    literal,
    row_of,
    safe,
    status_text,
    usage_bar,
)
from console.ui.render.general import general
from console.ui.render.subtabs import TABLES
from console.ui.state.inventory import Inventory
from tests.ui.fakes import FROZEN_NOW, dataset, load


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    inv = Inventory()
    for kind, records in dataset().items():
        inv.apply_batch(kind, records, replace=True, final=True)
    return inv


def cells(kind: str, record, inv: Inventory) -> dict[str, str]:
    ctx = inv.context(FROZEN_NOW)
    return {c.key: t.plain for c, t in zip(COLUMNS[kind], row_of(COLUMNS[kind], record, ctx))}


def test_literal_never_parses_markup_and_strips_escapes():
    assert literal("[red]x").plain == "[red]x" and literal("[red]x").spans == []
    assert literal("web[1]").plain == "web[1]"
    assert safe("a\x1b[31mb\x1b]0;title\x07c") == "abc"
    assert safe("tab\there\nnew") == "tab here new"
    assert safe(None) == ""


@pytest.mark.parametrize("status,char,style", [
    ("up", "▲", "green"), ("down", "▼", "red"), ("maintenance", "◆", "yellow"),
    ("migrating", "⟳", "cyan"), ("non_responsive", "!", "bold red"), ("paused", "‖", "yellow"),
    ("something_new", "?", "magenta"),
])
def test_status_glyphs(status, char, style):
    assert (glyph_for(status).char, glyph_for(status).style) == (char, style)
    assert status_text(status).plain.startswith(char + " ")


def test_numbers():
    assert fmt_bytes(1073741824) == "1 GiB"
    assert fmt_bytes(1536 * 1024**3) == "1.5 TiB"
    assert fmt_bytes(None) == ""
    assert fmt_duration(3 * 86400 + 4 * 3600 + 5) == "3d 4h"
    assert fmt_duration(5 * 3600 + 12 * 60) == "5h 12m"
    assert fmt_duration(40) == "40s"
    assert fmt_duration(None) == ""
    assert fmt_time(datetime(2020, 1, 2, 5, 6, 7, tzinfo=timezone(timedelta(hours=3)))) == "2020-01-02 02:06:07"


def test_usage_bar_colours_by_fullness():
    assert usage_bar(95, 100).plain == "██████████  95%"
    assert usage_bar(95, 100).style == "red"
    assert usage_bar(50, 100).style == "green"
    assert usage_bar(None, None).plain == ""


def test_vm_row(inventory):
    vm_on = next(v for v in inventory.records("vms") if v.name == "vm_on")
    row = cells("vms", vm_on, inventory)
    assert row["status"] == "▲ up"
    assert row["host"] == "bodh1"
    assert row["cluster"] == "newd1_cluster"
    assert row["data_center"] == "newd1"
    assert row["memory"] == fmt_bytes(vm_on.memory)
    assert row["fqdn"].startswith("dhcp-8-199")
    started = vm_on.start_time
    assert row["uptime"] == fmt_duration((FROZEN_NOW - started).total_seconds())
    vm_off = next(v for v in inventory.records("vms") if v.name == "vm_off")
    assert cells("vms", vm_off, inventory)["uptime"] == ""  # a down VM has no uptime


def test_vm_ip_addresses_from_reported_devices(inventory):
    from console.ui.render.vms import ip_addresses

    nic = load("v4-real-vm-nics.xml")[0]
    devices = load("v4-real-vm-reporteddevices.xml")
    vm = dataclasses.replace(inventory.records("vms")[0], nics=[dataclasses.replace(nic, reported_devices=devices)])
    addresses = ip_addresses(vm)
    assert addresses and all(":" not in a for a in addresses[:1])


def test_vm_statistics_percentages():
    from console.ui.render.vms import cpu_percent, memory_percent

    stats = load("model-doc-vm-statistics-list.xml")
    used = dataclasses.replace(stats[0], name="memory.used",
                               values=[dataclasses.replace(stats[0].values[0], datum=536870912)])
    cpu = dataclasses.replace(stats[0], name="cpu.current.total",
                              values=[dataclasses.replace(stats[0].values[0], datum=37.5)])
    vm = dataclasses.replace(dataset()["vms"][0], statistics=[stats[0], used, cpu])
    assert memory_percent(vm) == 50.0
    assert cpu_percent(vm) == 37.5


def test_host_row(inventory):
    host = next(h for h in inventory.records("hosts") if h.name == "bodh1")
    row = cells("hosts", host, inventory)
    assert row["status"] == "▲ up"
    assert row["address"] == host.address
    assert row["cluster"] == "newd1_cluster"
    assert row["vms"] == str(host.summary.active)


def test_storage_domain_row(inventory):
    sd = next(s for s in inventory.records("storage_domains") if s.used is not None)
    row = cells("storage_domains", sd, inventory)
    assert row["used"] == fmt_bytes(sd.used) and row["available"] == fmt_bytes(sd.available)
    assert row["usage"].endswith("%") and "█" in row["usage"] or "░" in row["usage"]


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_every_kind_renders_every_record(kind, inventory):
    columns = COLUMNS[kind]
    assert len({c.key for c in columns}) == len(columns)
    letters = [c.sort_letter for c in columns]
    assert len(set(letters)) == len(letters) and all(len(x) == 1 and x.isupper() for x in letters)
    ctx = inventory.context(FROZEN_NOW)
    for record in inventory.records(kind):
        row = row_of(columns, record, ctx)
        assert len(row) == len(columns) and all(isinstance(c, Text) for c in row)
        for column in columns:
            column.key_for(record, ctx)  # sortable without error
        fields = general(kind, record, ctx)
        assert fields and all(isinstance(v, Text) and v.plain for _, v in fields)


def test_events_and_jobs(inventory):
    event = inventory.records("events")[0]
    row = cells("events", event, inventory)
    assert row["severity"] == event.severity.value and row["code"] == str(event.code)
    job = inventory.records("jobs")[0]
    row = cells("jobs", job, inventory)
    assert row["status"] == "! failed" and row["duration"] != ""


def test_detail_subtables_render_real_responses(inventory):
    ctx = inventory.context(FROZEN_NOW)
    nic = TABLES["vm_nics"].row(load("v4-real-vm-nics.xml")[0], ctx)
    assert nic[0].plain == "nic1" and len(nic) == len(TABLES["vm_nics"].titles)
    host_nic = TABLES["host_nics"].row(load("v4-real-host-nics.xml")[0], ctx)
    assert len(host_nic) == len(TABLES["host_nics"].titles)
    attachment = load("v4-real-vm-diskattachments.xml")[0]
    row = TABLES["disk_attachments"].row(attachment, ctx)
    disk = inventory.get("disks", attachment.disk.id)
    if disk is not None:  # joined with the disks inventory for size and domain
        assert row[1].plain == fmt_bytes(disk.provisioned_size)
    stat = TABLES["statistics"].row(load("model-doc-vm-statistics-list.xml")[0], ctx)
    assert [c.plain for c in stat[:3]] == ["memory.installed", "1 GiB", "bytes"]
