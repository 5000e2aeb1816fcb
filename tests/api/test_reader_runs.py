"""Collections read in runs cut at ``</member>``: every cut that is not at member depth
falls back to the event parser and reads exactly like the whole document."""

from __future__ import annotations

import pytest

from console.api import types as t
from console.api.errors import ParseError
from console.api.reader import IncrementalReader, parse
from console.api.reader.segments import MAX_PENDING, RUN_BYTES, MemberRuns, body_offset
from tests.api.reader_fixtures import feed_in_chunks

SIZES = [1, 7, 64, 4096, 1 << 20]


def all_runs(runs: MemberRuns) -> list[bytes]:
    out = []
    while (run := runs.next_run()) is not None:
        out.append(run)
    return out


def names(records: list) -> list[str | None]:
    return [r.name for r in records]


@pytest.mark.parametrize("size", SIZES)
def test_end_tag_inside_cdata_and_comments_is_not_a_member_end(size: int) -> None:
    data = (
        b"<vms><vm id='1'><name>a</name><description><![CDATA[x</vm>y]]></description></vm>"
        b"<vm id='2'><!-- </vm> --><name>b</name></vm>"
        b"<vm id='3'><name>c</name></vm></vms>"
    )
    vms = feed_in_chunks(data, size)
    assert names(vms) == ["a", "b", "c"]
    assert vms[0].description == "x</vm>y"


@pytest.mark.parametrize("size", SIZES)
def test_nested_member_tag_is_not_a_member_end(size: int) -> None:
    data = (
        b"<vms><vm id='1'><snapshots><snapshot id='s'><vm id='1'><name>inner</name></vm>"
        b"</snapshot></snapshots><name>outer</name></vm><vm id='2'><name>b</name></vm></vms>"
    )
    vms = feed_in_chunks(data, size)
    assert names(vms) == ["outer", "b"]
    assert vms[0].snapshots[0].vm.name == "inner"


@pytest.mark.parametrize(
    "prolog",
    [
        b"",
        b"\xef\xbb\xbf",
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        b"<?xml version='1.0' encoding='utf8'?>",
        b"<!-- engine 4.5 -->\n",
        b"<!DOCTYPE vms>",
    ],
)
def test_prologs_cut_or_not_read_the_same(prolog: bytes) -> None:
    data = prolog + b"<vms>\n  <vm id='1'><name>a</name></vm>\n  <vm id='2'/>\n</vms>\n"
    for size in (1, len(data)):
        assert [vm.id for vm in feed_in_chunks(data, size)] == ["1", "2"]


def test_only_plain_utf8_roots_are_cut() -> None:
    assert body_offset(b"<vms>", "vms") == 5
    assert body_offset(b'<?xml version="1.0"?>\n<vms >', "vms") == 28
    assert body_offset(b"<vms/>", "vms") is None
    assert body_offset(b"<vms a='b'>", "vms") is None
    assert body_offset(b"<vms xmlns='urn:x'>", "vms") is None
    assert body_offset(b"<!DOCTYPE vms><vms>", "vms") is None
    assert body_offset(b"<?xml version='1.1'?><vms>", "vms") is None
    assert body_offset(b"<?xml version='1.0' encoding='ISO-8859-1'?><vms>", "vms") is None


def test_latin1_collection_is_read_by_the_event_parser() -> None:
    data = "<?xml version='1.0' encoding='ISO-8859-1'?><vms><vm><name>caf\xe9</name></vm></vms>"
    assert names(parse(data.encode("latin-1"))) == ["café"]


def test_runs_are_cut_after_the_last_complete_member() -> None:
    runs = MemberRuns("vms", "vm")
    runs.add(b"<vm id='1'></vm><vm id='2'></v")
    assert all_runs(runs) == [b"<vms><vm id='1'></vm></vms>"]
    runs.add(b"m><vm id='3'>")
    assert all_runs(runs) == [b"<vms><vm id='2'></vm></vms>"]
    assert runs.rest() == b"<vms><vm id='3'>"


def test_a_large_chunk_is_cut_into_runs_of_bounded_size() -> None:
    member = b"<vm><name>" + b"x" * 1000 + b"</name></vm>"
    count = 3 * RUN_BYTES // len(member)
    cutter = MemberRuns("vms", "vm")
    cutter.add(member * count)
    runs = all_runs(cutter)
    assert len(runs) >= 3 and all(len(run) <= RUN_BYTES + 11 for run in runs)
    assert sum(run.count(b"</vm>") for run in runs) == count


def test_a_member_larger_than_a_run_is_one_run() -> None:
    big = b"<vm><name>a</name><description>" + b"d" * (2 * RUN_BYTES) + b"</description></vm>"
    vms = parse(b"<vms>" + big + b"<vm><name>b</name></vm></vms>")
    assert names(vms) == ["a", "b"] and len(vms[0].description) == 2 * RUN_BYTES


def test_bare_references_without_end_tags_are_not_buffered_without_bound() -> None:
    member = b"<vm id='x' padding='" + b"p" * 2000 + b"'/>"  # an unknown attribute
    count = MAX_PENDING // len(member) + 10
    data = b"<vms>" + member * count + b"</vms>"
    reader = IncrementalReader()
    members = reader.feed(data[: len(data) - 6])
    assert members  # read on by the event parser before the end tag arrives
    members += reader.feed(data[len(data) - 6 :]) + reader.close()
    assert len(members) == count


@pytest.mark.parametrize(
    "data",
    [
        b"<vms><vm><name>a</name></vm><vm><name>b</nam></vm></vms>",
        b"<vms><vm><name>a</name></vm></vmz>",
        b"<vms><vm><name>a</name></vm></vms><vms/>",
        b"<vms><vm><name>a</name></vm>",
        b"<vms><vm><name>a &bogus; b</name></vm></vms>",
    ],
)
@pytest.mark.parametrize("size", [1, 5, 1 << 20])
def test_broken_runs_raise_parse_error(data: bytes, size: int) -> None:
    with pytest.raises(ParseError):
        feed_in_chunks(data, size)


def test_members_before_a_broken_run_are_delivered() -> None:
    reader = IncrementalReader()
    first = reader.feed(b"<vms><vm><name>a</name></vm>")
    assert names(first) == ["a"]
    with pytest.raises(ParseError):
        reader.feed(b"<vm><name>b</nam></vm>")


def test_unknown_members_between_runs_are_skipped() -> None:
    data = b"<vms><vm id='1'></vm>text<template id='x'><vm id='n'></vm></template><vm id='2'></vm></vms>"
    for size in (1, 9, len(data)):
        vms = feed_in_chunks(data, size)
        assert [vm.id for vm in vms] == ["1", "2"] and all(isinstance(v, t.Vm) for v in vms)


# --- long collections fed like the network feeds them ------------------------------------


def long_collection(trap: bytes = b"") -> bytes:
    """~3 MB of VMs with ``trap`` inside a member past the first MB."""
    member = b"<vm id='%d'><name>vm-%d</name><description>" + b"d" * 3000 + b"</description></vm>"
    members = [member % (i, i) for i in range(1000)]
    members[600] = members[600].replace(b"<name>", trap + b"<name>")
    return b"<vms>\n" + b"\n".join(members) + b"\n</vms>\n"


@pytest.mark.parametrize("size", [4096, 1 << 16, 1 << 30])
@pytest.mark.parametrize(
    "trap", [b"", b"<!-- </vm> -->", b"<comment><![CDATA[</vm>]]></comment>"], ids=["plain", "comment", "cdata"]
)
def test_long_collections_read_like_the_whole_document(size: int, trap: bytes) -> None:
    data = long_collection(trap)
    vms = feed_in_chunks(data, size)
    assert names(vms) == [f"vm-{i}" for i in range(1000)]
    assert vms[600].id == "600" and len(vms[999].description) == 3000


def test_members_come_back_in_order_and_all_by_close() -> None:
    data = long_collection()
    reader = IncrementalReader()
    delivered = [len(reader.feed(data[start : start + 65536])) for start in range(0, len(data), 65536)]
    last = reader.close()
    assert sum(delivered) + len(last) == 1000
    assert all(delivered[1:]) and len(last) <= 1  # members leave with the chunk that ends them


@pytest.mark.parametrize("size", [4096, 1 << 30])
def test_a_broken_run_far_in_raises_parse_error(size: int) -> None:
    data = long_collection(b"<name>oops</nam>")
    reader = IncrementalReader()
    members: list = []
    with pytest.raises(ParseError):
        for start in range(0, len(data), size):
            members += reader.feed(data[start : start + size])
        reader.close()
    assert [vm.id for vm in members] == [str(i) for i in range(len(members))]
    assert len(members) <= 600
