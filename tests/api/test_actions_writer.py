"""The body writer and query builder in isolation: escaping, round trips, rendering."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from console.api.query import build_query
from console.api.writer import Ref, reference, write, write_action

# Any text XML 1.0 can carry.
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(0x20) if c not in (9, 10, 13)]
        + ["\ufffe", "\uffff"],
    )
)


@given(XML_TEXT, XML_TEXT)
def test_text_and_ids_survive_a_round_trip(text: str, ident: str) -> None:
    body = write_action(reason=text, host=Ref(id=ident))
    root = etree.fromstring(body)
    assert root.findtext("reason") == text
    assert root.find("host").get("id") == ident


@pytest.mark.parametrize("bad", ["\x00", "nul\x00in", "bell\x07", "\ud800"])
def test_characters_xml_cannot_carry_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="cannot be sent in XML"):
        write_action(reason=bad)


def test_values_render_as_the_sdk_writes_them() -> None:
    class Color(enum.Enum):
        RED = "red"

    when = datetime(2024, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    body = write("snapshot", {"a": True, "b": 3, "c": Color.RED, "d": when, "e": None})
    assert body == (
        b"<snapshot>\n  <a>true</a>\n  <b>3</b>\n  <c>red</c>\n"
        b"  <d>2024-05-01T10:00:00+02:00</d>\n</snapshot>"
    )
    assert write("vm") == b"<vm/>"
    assert write("vm", {"id": "1", "href": "/x"}) == b'<vm href="/x" id="1"/>'


def test_reference_reduces_records_to_an_id_or_a_name() -> None:
    class Named:
        id = None
        name = "host1"

    assert reference("123") == Ref(id="123")
    assert reference(Named()) == Ref(name="host1")
    assert reference({"name": "x"}) == {"name": "x"}
    with pytest.raises(TypeError):
        reference(object())
    with pytest.raises(ValueError):
        Ref()


@pytest.mark.parametrize(
    ("params", "extra", "expected"),
    [
        ({}, None, ""),
        ({"search": None, "max": None}, None, ""),
        ({"from_": 5, "async_": False}, None, "async=false&from=5"),
        ({"search": "x"}, {"search": "overridden-by-named"}, "search=x"),
        ({}, {"b": 1, "a": True}, "a=true&b=1"),
        (
            {"follow": ("nics", "disk_attachments.disk")},
            None,
            "follow=nics%2Cdisk_attachments.disk",
        ),
        ({"search": "Vms: name = é"}, None, "search=Vms%3A+name+%3D+%C3%A9"),
    ],
)
def test_query_strings(params: dict, extra: dict | None, expected: str) -> None:
    assert build_query(params, extra) == expected
