"""The engine search language, parsed and applied in memory (no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

from console.simulator.search import Field, SearchError, apply, parse


@dataclass
class Obj:
    name: str
    status: str
    cluster: str
    memory: int
    severity: str = "normal"
    ips: tuple[str, ...] = ()
    created: datetime = datetime(2026, 1, 1, tzinfo=timezone.utc)


OBJS = [
    Obj("web-01", "up", "prod", 2048, "warning", ("10.0.0.1",), datetime(2026, 1, 3, tzinfo=timezone.utc)),
    Obj("web-02", "down", "prod", 4096, "error"),
    Obj("db-01", "up", "Dev", 8192, "alert", ("10.0.0.9", "fe80::1")),
    Obj("Web-03", "powering_up", "dev", 1024),
]
FIELDS = {
    "name": Field(lambda o: o.name),
    "status": Field(lambda o: o.status, normalize=lambda s: s.replace("_", "")),
    "cluster": Field(lambda o: o.cluster),
    "memory": Field(lambda o: o.memory, kind="num"),
    "severity": Field(lambda o: o.severity, kind="rank", ranks={"normal": 0, "warning": 1, "error": 2, "alert": 10}),
    "ip": Field(lambda o: list(o.ips)),
    "creationdate": Field(lambda o: o.created, kind="date"),
}


def names(text: str | None, **kwargs: object) -> list[str]:
    return [o.name for o in apply(parse(text), OBJS, FIELDS, default_sort=(("name", False),), **kwargs)]


def test_empty_query_returns_everything_in_default_order() -> None:
    assert names(None) == ["db-01", "web-01", "web-02", "Web-03"]
    assert names("   ") == ["db-01", "web-01", "web-02", "Web-03"]


def test_wildcards_are_case_insensitive_by_default() -> None:
    assert names("name=web*") == ["web-01", "web-02", "Web-03"]
    assert names("name=*-0?") == []  # only * is a wildcard
    assert names("name=*01") == ["db-01", "web-01"]
    assert names("name=w*b-0*") == ["web-01", "web-02", "Web-03"]


def test_case_sensitive_matching() -> None:
    assert names("name=web*", case_sensitive=True) == ["web-01", "web-02"]
    assert names("cluster=dev", case_sensitive=True) == ["Web-03"]


def test_and_binds_tighter_than_or() -> None:
    assert names("name=web* and status=up or cluster=dev") == ["db-01", "web-01", "Web-03"]
    assert names("status=up and cluster=prod") == ["web-01"]
    assert names("status=up cluster=prod") == ["web-01"]  # juxtaposition is AND
    assert names("(name=db* or name=web-02) and status=down") == ["web-02"]


def test_status_uses_engine_internal_names() -> None:
    assert names("status=poweringup") == ["Web-03"]
    assert names("status=powering_up") == ["Web-03"]
    assert names("status!=up") == ["web-02", "Web-03"]


def test_numeric_and_rank_comparisons() -> None:
    assert names("memory>=4096") == ["db-01", "web-02"]
    assert names("memory<2048") == ["Web-03"]
    assert names("severity>=warning") == ["db-01", "web-01", "web-02"]
    assert names("severity>normal sortby severity desc") == ["db-01", "web-02", "web-01"]


def test_multi_valued_fields_match_any_value() -> None:
    assert names("ip=10.0.0.*") == ["db-01", "web-01"]
    assert names("ip=fe80*") == ["db-01"]
    assert names("ip!=10.0.0.9") == ["web-01", "web-02", "Web-03"]


def test_dates() -> None:
    assert names("creationdate>2026-01-02") == ["web-01"]


def test_sortby_and_paging() -> None:
    assert names("sortby memory desc") == ["db-01", "web-02", "web-01", "Web-03"]
    assert names("name=web* sortby name desc") == ["Web-03", "web-02", "web-01"]
    assert names("sortby name page 2", max_results=3) == ["Web-03"]
    assert names("page 1", max_results=2) == ["db-01", "web-01"]
    assert names("page 2") == []  # without max the page size is unlimited
    assert names(None, max_results=1) == ["db-01"]


def test_quoted_values_and_prefix() -> None:
    assert names('name="web-01"') == ["web-01"]
    assert names("Vms: name=db-01") == ["db-01"]


@pytest.mark.parametrize("text", [
    "name", "name=", "name=web and", "= up", "sortby", "page x", "page 0", "name=a )", "(name=a",
    "status>up", "memory>lots", "severity>=huge", "nosuchfield=1", "sortby nosuchfield",
])
def test_syntax_errors(text: str) -> None:
    with pytest.raises(SearchError):
        apply(parse(text), OBJS, FIELDS)
