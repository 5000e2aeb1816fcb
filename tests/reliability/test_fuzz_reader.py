"""Fuzz the XML reader with mutated real engine documents.

Whatever the engine (or a proxy, or a broken disk) sends, the only exceptions that
may leave ``console.api.parse`` and ``IncrementalReader`` are the api's own
``ApiError`` subclasses: the UI catches that one type and shows its message.
The documents are the copies in tests/api/xml_examples/ so CI needs no shared folder.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.api import parse
from console.api.errors import ApiError
from console.api.reader import IncrementalReader

EXAMPLES = sorted((Path(__file__).parents[1] / "api" / "xml_examples").glob("*.xml"))
DOCUMENTS = [p.read_bytes() for p in EXAMPLES]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TAG = re.compile(rb"<([a-z_]+)[ >/]")
TEXT = re.compile(rb">([^<]+)<")
NASTY_TEXT = [
    b"", b"-1", b"99999999999999999999999999999999", b"1e309", b"NaN", b"not-a-number",
    b"totally_new_status", b"\xff\xfe", b"&undefined;", b"&#0;", b"&#x1b;[31m", b"]]>",
    b"true false", b"2026-13-45T99:99:99", b"\x00", "\u202e\u0000".encode(),
]  # fmt: skip
NASTY_TAG = [b"<unknown_element>x</unknown_element>", b"<vm>", b"</vms>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
             b"<![CDATA[", b"<?xml version='1.0'?>", b"<a:b xmlns:a='urn:x'/>", b"<link rel='x'/>",
             b"<statistics><statistic><values><value><datum>1e999</datum></value></values></statistic></statistics>"]  # fmt: skip


def check_parse(data: bytes) -> None:
    try:
        result = parse(data)
    except ApiError:
        return
    repr(result)  # a degraded record still prints (logs, XML view)


def check_incremental(data: bytes, cuts: list[int]) -> None:
    reader = IncrementalReader()
    try:
        last = 0
        for cut in sorted({c % (len(data) + 1) for c in cuts}):
            for member in reader.feed(data[last:cut]):
                repr(member)
            last = cut
        reader.feed(data[last:])
        repr(reader.close())
    except ApiError:
        return


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    doc = bytearray(draw(st.sampled_from(DOCUMENTS)))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "text", "tag", "rename"]))
        n = len(doc)
        if n == 0:
            break
        at = draw(st.integers(0, n - 1))
        if how == "flip":
            doc[at] = draw(st.integers(0, 255))
        elif how == "truncate":
            del doc[at:]
        elif how == "insert":
            doc[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif how == "delete":
            del doc[at : at + draw(st.integers(1, 64))]
        elif how == "text":
            texts = list(TEXT.finditer(bytes(doc)))
            if texts:
                m = draw(st.sampled_from(texts))
                doc[m.start(1) : m.end(1)] = draw(st.sampled_from(NASTY_TEXT))
        elif how == "tag":
            doc[at:at] = draw(st.sampled_from(NASTY_TAG))
        elif how == "rename":
            tags = list(TAG.finditer(bytes(doc)))
            if tags:
                m = draw(st.sampled_from(tags))
                doc[m.start(1) : m.end(1)] = draw(st.sampled_from([b"zz_unknown", b"status", b"vm", b"fault", b"id"]))
    return bytes(doc)


def test_examples_are_present() -> None:
    assert len(DOCUMENTS) >= 20  # the fuzz below would be hollow without them


@FUZZ
@given(mutated())
def test_parse_raises_only_api_errors(data: bytes) -> None:
    check_parse(data)


@FUZZ
@given(mutated(), st.lists(st.integers(0, 1 << 20), max_size=8))
def test_incremental_reader_raises_only_api_errors(data: bytes, cuts: list[int]) -> None:
    check_incremental(data, cuts)


@FUZZ
@given(st.binary(max_size=512))
def test_arbitrary_bytes(data: bytes) -> None:
    check_parse(data)
    check_incremental(data, [len(data) // 2])


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><body><h1>502 Proxy Error</h1></body></html>",
        b"<!DOCTYPE html><html><head><title>Login</title></head></html>",
        gzip.compress(DOCUMENTS[0]),  # a gzip body the transport failed to inflate
        gzip.compress(DOCUMENTS[0])[:40],
        b"\xef\xbb\xbf" + DOCUMENTS[0][: len(DOCUMENTS[0]) // 2],  # BOM then truncated
        b'<?xml version="1.0" encoding="klingon"?><vms/>',
        b"<vms>" + b"<vm id='x'>" * 5000,  # deep and unclosed
        (
            b'<!DOCTYPE v [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
            b"<vm><name>&d;&d;&d;&d;&d;&d;&d;&d;</name></vm>"
        ),  # entity expansion bomb
        b'<!DOCTYPE v [<!ENTITY x SYSTEM "file:///etc/passwd">]><vm><name>&x;</name></vm>',
    ],
    ids=[
        "empty", "proxy-html", "login-html", "gzip", "gzip-cut", "bom-cut", "bad-encoding",
        "deep-unclosed", "billion-laughs", "external-entity",
    ],
)
def test_hostile_bodies(body: bytes) -> None:
    try:
        result = parse(body)
    except ApiError as exc:
        assert str(exc)  # a message the UI can show
        return
    text = repr(result)
    assert "root:" not in text  # an external entity is never resolved
    assert len(text) < 1_000_000  # an entity bomb is not expanded


def test_unknown_elements_and_enum_values_degrade_one_field() -> None:
    vm = next(d for p, d in zip(EXAMPLES, DOCUMENTS, strict=True) if re.search(rb"^<vm[ >]", d.lstrip(), re.MULTILINE)
              and b"<status>" in d)  # fmt: skip
    changed = re.sub(rb"<status>[^<]*</status>", b"<status>quantum_superposition</status>", vm, count=1)
    changed = changed.replace(b"</name>", b"</name><brand_new_element><x>1</x></brand_new_element>", 1)
    record = parse(changed)
    assert record.name == parse(vm).name  # the rest of the record is intact
    status = getattr(record, "status", None)
    assert status is None or "quantum_superposition" in str(getattr(status, "value", status))


def test_absurd_sizes_degrade_not_crash() -> None:
    doc = b"<vm id='1'><name>big</name><memory>" + b"9" * 400 + b"</memory><cpu><topology><cores>-5</cores></topology></cpu></vm>"
    record = parse(doc)
    assert record.name == "big"
