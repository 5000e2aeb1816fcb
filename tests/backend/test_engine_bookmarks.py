"""The engine's own bookmarks: read from /bookmarks, prefix mapped to the console's view."""

from __future__ import annotations

import asyncio

import pytest

from console.api.errors import ParseError
from console.backend.engine_bookmarks import (
    EngineBookmark,
    engine_bookmarks,
    parse_bookmarks,
    split_value,
)
from console.backend.login import log_in
from console.backend.settings import EngineSettings

BODY = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<bookmarks>
  <bookmark href="/ovirt-engine/api/bookmarks/b1" id="b1">
    <name>prod up</name>
    <value>Vms: status = up and cluster = prod</value>
  </bookmark>
  <bookmark href="/ovirt-engine/api/bookmarks/b2" id="b2">
    <name>Broken hosts</name>
    <value>Host: status = nonresponsive</value>
  </bookmark>
  <bookmark href="/ovirt-engine/api/bookmarks/b3" id="b3">
    <name>odd</name>
    <value>Quota: name = x</value>
  </bookmark>
</bookmarks>
"""


def test_parse_maps_the_webadmin_prefix_to_a_view() -> None:
    assert parse_bookmarks(BODY) == [
        EngineBookmark("b2", "Broken hosts", "Host: status = nonresponsive", "hosts", "status = nonresponsive"),
        EngineBookmark("b3", "odd", "Quota: name = x", None, "Quota: name = x"),
        EngineBookmark("b1", "prod up", "Vms: status = up and cluster = prod", "vms", "status = up and cluster = prod"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Storage: type = data", ("storage_domains", "type = data")),
        ("DataCenter:status=up", ("data_centers", "status=up")),
        ("events: severity = error", ("events", "severity = error")),
        ("status = up", (None, "status = up")),
    ],
)
def test_split_value(value: str, expected: tuple[str | None, str]) -> None:
    assert split_value(value) == expected


def test_entities_are_not_expanded() -> None:
    evil = b"""<?xml version="1.0"?><!DOCTYPE b [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<bookmarks><bookmark id="1"><name>&x;</name><value>Vms: a</value></bookmark></bookmarks>"""
    [mark] = parse_bookmarks(evil)
    assert "root:" not in mark.name


def test_not_a_bookmarks_document() -> None:
    with pytest.raises(ParseError, match="expected <bookmarks>, got <vms>"):
        parse_bookmarks(b"<vms/>")
    with pytest.raises(ParseError, match="not XML"):
        parse_bookmarks(b"<bookmarks")


def test_read_from_the_simulated_engine(sim) -> None:
    async def read() -> list[EngineBookmark]:
        conn, _ = await log_in(EngineSettings(url=sim.url, password="ovirt"))
        try:
            return await engine_bookmarks(conn)
        finally:
            await conn.close()

    assert asyncio.run(read()) == []  # the simulator keeps none; the request itself is checked
    assert any(r["path"] == "/ovirt-engine/api/bookmarks" and r["status"] == 200 for r in sim.requests())
