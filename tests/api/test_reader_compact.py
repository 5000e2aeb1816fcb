"""Collapsed ``<actions>`` and ``<link>`` blocks read exactly as the elements they replace.

Every document is read twice, with the byte-level collapsing (``compact``) and with
it switched off, and the records must be equal: same fields, actions and links.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.api.errors import ParseError
from console.api.reader import compact as compact_module
from console.api.reader import parse
from console.api.reader.compact import Compactor
from tests.api.reader_fixtures import example, example_names, feed_in_chunks
from tests.benchmarks.vm_corpus import vms_document

H = "/ovirt-engine/api/vms/1"


def read_plain(data: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(Compactor, "compact", lambda self, run, table: run)
        return parse(data)


def read_both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """(collapsed, plain) records of ``data``; a ParseError must be the same either way."""
    try:
        plain = read_plain(data, monkeypatch)
    except ParseError:
        with pytest.raises(ParseError):
            parse(data)
        return None, None
    return parse(data), plain


def links_of(records: list) -> list:
    return [(r.actions, r.links, r._links) for r in records]


def vm(body: str, href: str | None = H) -> str:
    attrs = f' href="{href}" id="1"' if href is not None else ' id="1"'
    return f"<vm{attrs}>{body}<name>x</name></vm>"


def actions(*rels: str, base: str = H) -> str:
    return (
        "<actions>"
        + "".join(f'<link href="{base}/{r}" rel="{r}"/>' for r in rels)
        + "</actions>"
    )


def links(*rels: str, base: str = H) -> str:
    return "".join(f'<link href="{base}/{r}" rel="{r}"/>\n  ' for r in rels)


def test_engine_blocks_are_collapsed_into_placeholders() -> None:
    data = vms_document(3)
    body = data[data.index(b"<vm ") : data.rindex(b"</vms>")]
    compactor, table = Compactor(), []
    out = compactor.compact(b"<vms>" + body + b"</vms>", table)
    assert len(table) == 6  # one actions and one links block per VM
    assert out.count(b"<link") == 3 and out.count(b"<actions") == 3
    assert compactor.actions_key.encode() in out and b"rel=" not in out
    assert "start" in table[0] and table[1][0].startswith("/ovirt-engine/api/vms/")


def test_placeholder_names_differ_per_document() -> None:
    assert Compactor().actions_key != Compactor().actions_key


@pytest.mark.parametrize("count", [1, 2, 40])
def test_benchmark_corpus_reads_the_same(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    collapsed, plain = read_both(vms_document(count), monkeypatch)
    assert collapsed == plain and len(collapsed) == count
    assert links_of(collapsed) == links_of(plain)
    assert "start" in collapsed[0].actions and collapsed[0].links["nics"].endswith(
        "/nics"
    )


@pytest.mark.parametrize(
    "name", [n for n in example_names() if n.endswith("s-list.xml")]
)
def test_engine_examples_read_the_same(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    collapsed, plain = read_both(example(name), monkeypatch)
    assert collapsed == plain
    assert links_of(collapsed) == links_of(plain)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(actions("start", "stop") + links("nics", "disks"), id="engine-form"),
        pytest.param(actions() + links("nics"), id="empty-actions"),
        pytest.param("<actions/>" + links("nics"), id="self-closed-actions"),
        pytest.param(links("nics", base="/other/vms/2"), id="links-of-another-href"),
        pytest.param(links("nics") + '<link href="/elsewhere" rel="odd"/>' + links("tags"), id="odd-between"),
        pytest.param('<link rel="nics" href="' + H + '/nics"/>' + links("tags"), id="rel-first"),
        pytest.param('<link href="' + H + '/nics" rel="nics" title="x"/>', id="extra-attribute"),
        pytest.param('<link href="' + H + '/nics" rel="disks"/>', id="rel-not-rule"),
        pytest.param('<link href="/nics" rel="nics"/>' + links("tags"), id="href-without-base"),
        pytest.param(links("events/search"), id="rel-with-slash"),
        pytest.param('<link href="' + H + '/a&amp;b" rel="a&amp;b"/>', id="entity-in-value"),
        pytest.param('<link href="' + H + '/n\u00e9" rel="n\u00e9"/>', id="non-ascii"),
        pytest.param('<link href="' + H + '/x" rel=""/>', id="empty-rel"),
        pytest.param("<actions>" + links("a") + "<name>y</name></actions>", id="actions-with-element"),
        pytest.param("<actions>text" + links("a") + "</actions>", id="actions-with-text"),
        pytest.param(actions("start") + actions("stop", "reboot"), id="repeated-actions"),
        pytest.param(
            "<host href='/h/1' id='1'>" + actions("fence", base="/h/1") + links("nics", base="/h/1") + "</host>",
            id="inlined-entity",
        ),
        pytest.param(
            "<nics><nic href='" + H + "/nics/3' id='3'>" + links("statistics", base=H + "/nics/3")
            + "</nic></nics>",
            id="inlined-list-member",
        ),
        pytest.param("<!-- " + actions("start") + " -->" + links("nics"), id="comment"),
        pytest.param(
            "<description><![CDATA[" + actions("start") + "]]></description>" + links("nics"), id="cdata"
        ),
        pytest.param("<?pi " + actions("start") + " ?>" + links("nics"), id="processing-instruction"),
        pytest.param(links("nics").replace("/>", " />"), id="blank-before-slash"),
        pytest.param(links(*[f"r{i}" for i in range(400)]), id="link-run-past-remembered-size"),
        pytest.param("<actions>" + " " * 300 + links("a") + "</actions>", id="long-gap-in-actions"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("href", [H, None, "/ovirt-engine/api/vms/2"])
def test_odd_blocks_read_the_same(
    body: str, href: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = f"<vms>{vm(body, href)}{vm(actions('start') + links('nics'))}</vms>".encode()
    collapsed, plain = read_both(data, monkeypatch)
    assert collapsed == plain
    assert links_of(collapsed) == links_of(plain)


def test_a_document_cannot_forge_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    # Attribute names like the placeholders' are ordinary attributes of the document.
    forged = '<actions _a0000000000000000="0"/><link _l0000000000000000="0"/>'
    data = f"<vms>{vm(forged)}{vm(actions('start') + links('nics'))}</vms>".encode()
    collapsed, plain = read_both(data, monkeypatch)
    assert collapsed == plain
    assert collapsed[0].actions == () and collapsed[0].links == {}


@pytest.mark.parametrize("size", [1, 100, 4096])
def test_collapsing_is_the_same_in_any_chunking(
    size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = vms_document(5)
    assert feed_in_chunks(data, size) == read_plain(data, monkeypatch)


def test_new_block_forms_stop_being_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compact_module, "MAX_FORMS", 4)
    body = "".join(vm(actions(f"a{i}") + links(f"l{i}")) for i in range(20))
    collapsed, plain = read_both(f"<vms>{body}</vms>".encode(), monkeypatch)
    assert collapsed == plain and [r.actions for r in collapsed][-1] == ("a19",)


_TAGS = re.compile(rb"<[^<>]*>")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_blocks_read_the_same(data: st.DataObject) -> None:
    doc = bytearray(vms_document(2))
    spots = [
        m.span()
        for m in _TAGS.finditer(bytes(doc))
        if b"link" in m[0] or b"actions" in m[0]
    ]
    for _ in range(data.draw(st.integers(1, 3))):
        start, end = data.draw(st.sampled_from(spots))
        at = data.draw(st.integers(start, max(start, end - 1)))
        how = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if how == "flip":
            doc[at] = data.draw(st.sampled_from(b' "/<>&!x\t'))
        elif how == "delete":
            del doc[at : at + data.draw(st.integers(1, 8))]
        else:
            doc[at:at] = data.draw(
                st.sampled_from([b"<!--c-->", b" a='1'", b"<x/>", b"/", b'"', b"&amp;"])
            )
        spots = [(s, e) for s, e in spots if e <= len(doc)] or [(0, len(doc))]
    with pytest.MonkeyPatch.context() as monkeypatch:
        collapsed, plain = read_both(bytes(doc), monkeypatch)
    assert collapsed == plain
    if collapsed is not None:
        assert links_of(collapsed) == links_of(plain)
