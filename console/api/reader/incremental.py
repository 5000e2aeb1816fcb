"""Streaming reader: bytes in as they arrive, records out as soon as they are complete.

The root tag decides the document type. It is learnt with a small probe parser over
the first bytes (fed in 4 KiB pieces, so it never parses much).

A collection (``<vms>``) is read in runs of whole members: its bytes are cut after
the last ``</vm>`` each chunk completes (``segments``), each run is parsed by one
plain lxml call into a small tree, its members are converted into slotted records
and the tree is dropped. 10,000 VMs therefore cost the records, not a DOM of the
whole document, and lxml parses without a Python callback per element. Before a
run is parsed, its ``<actions>`` and ``<link>`` blocks are collapsed into one
placeholder element each (``compact``): half of a VM's bytes that lxml then never
builds and Python never walks.

Collections the cut cannot be trusted with (a DOCTYPE, comments or namespaces
before the root, another encoding, a run that does not parse) are read by lxml's
``XMLPullParser`` listening for the end of member elements: each member is
converted the moment it closes, then cleared and detached.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from console.api.errors import ParseError
from console.api.reader.compact import Compactor
from console.api.reader.convert import Context
from console.api.reader.documents import COLLECTIONS, SINGULAR, describe_supported
from console.api.reader.schema import READERS
from console.api.reader.segments import MAX_PENDING, MemberRuns, body_offset

# No entity expansion or network access: a hostile or broken proxy cannot make the
# client read local files or fetch URLs (XXE). Comments and PIs are dropped early.
PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "remove_comments": True,
    "remove_pis": True,
    "collect_ids": False,
    # Indentation between elements is never read; not building it saves ~10%.
    "remove_blank_text": True,
}
_PROBE_PIECE = 4096
# Bigger chunks are fed in slices so events are drained (and members cleared)
# before lxml has built much tree: a 100 MB bytes object never becomes a 100 MB DOM.
_FEED_SLICE = 1 << 16


class IncrementalReader:
    """Reads one document fed in chunks.

    ``feed(chunk)`` returns the collection members completed so far, in document
    order ([] for single-object documents). ``close()`` finishes the document: it
    returns the record of a single-object document (entity, ``<action>``,
    ``<fault>``, ``<api>``), and for a collection the members that only completed
    at end of input (normally none: ``feed`` already returned them all; members
    written as empty elements, ``<vm id="1"/>``, after a chunk's last ``</vm>``
    come with the next run or at close). Both raise
    ``ParseError`` - never an lxml error - for malformed, truncated, empty or
    unsupported input; ``feed`` raises as soon as that is known (an HTML error page
    fails on its first chunk), after which the reader refuses further input.
    """

    __slots__ = (
        "_closed",
        "_compactor",
        "_ctx",
        "_failed",
        "_member_tag",
        "_parser",
        "_prefix",
        "_probe",
        "_read",
        "_runs",
        "is_collection",
        "root_tag",
    )

    def __init__(self) -> None:
        self.root_tag: str | None = None
        # None until the root is known; then whether close() returns a list.
        self.is_collection: bool | None = None
        self._probe: Any = etree.XMLPullParser(events=("start",), **PARSER_OPTIONS)
        self._prefix: list[bytes] = []
        self._parser: Any = None
        self._read: Any = None
        self._member_tag: str | None = None
        self._runs: MemberRuns | None = None  # set while a collection is read in runs
        self._ctx = Context()
        self._compactor = Compactor()
        self._ctx.actions_key = self._compactor.actions_key
        self._ctx.links_key = self._compactor.links_key
        self._failed = False
        self._closed = False

    # -- public ---------------------------------------------------------------

    def feed(self, chunk: bytes) -> list:
        self._check_usable()
        if not chunk:
            return []
        if isinstance(chunk, str):
            chunk = chunk.encode("utf-8")
        elif not isinstance(chunk, bytes):
            chunk = bytes(chunk)  # bytearray / memoryview from a transport
        try:
            if self._parser is None:
                return self._probe_root(chunk)
            return self._feed(chunk)
        except ParseError:
            self._failed = True
            raise
        except Exception as exc:  # lxml errors and anything a broken document provokes
            self._failed = True
            raise ParseError(f"unreadable XML document: {exc}") from exc

    def close(self) -> Any:
        self._check_usable()
        self._closed = True
        try:
            if self._parser is None:
                self._finish_probe()
            if self.is_collection:
                members: list = []
                if self._runs is not None:
                    last = self._read_run(self._runs.rest())
                    if last is not None:
                        return last
                    members = self._read_rest_as_events([])  # reports the real error
                self._parser.close()
                return members + self._drain()
            root = self._parser.close()
            if root is None:
                raise ParseError("empty XML document")
            return self._read(root, self._ctx)
        except ParseError:
            self._failed = True
            raise
        except Exception as exc:
            self._failed = True
            raise ParseError(f"unreadable XML document: {exc}") from exc

    # -- root detection ----------------------------------------------------------

    def _probe_root(self, chunk: bytes) -> list:
        self._prefix.append(chunk)
        for start in range(0, len(chunk), _PROBE_PIECE):
            self._probe.feed(chunk[start : start + _PROBE_PIECE])
            for _event, element in self._probe.read_events():
                self._start(element.tag)
                return self._replay()
        return []

    def _finish_probe(self) -> None:
        """End of input before the root was seen: the probe has the last word."""
        if not self._prefix:
            raise ParseError("empty response: no XML document")
        self._probe.close()  # raises for truncated or non-XML input
        for _event, element in self._probe.read_events():
            self._start(element.tag)
            self._replay()
            return
        raise ParseError("no root element in XML document")

    def _start(self, tag: Any) -> None:
        if not isinstance(tag, str):
            raise ParseError("no root element in XML document")
        self.root_tag = tag
        self._probe = None
        if tag in COLLECTIONS:
            member_tag, cls = COLLECTIONS[tag]
            self.is_collection = True
            self._read = READERS[cls]
            self._member_tag = member_tag
            self._parser = etree.XMLParser(**PARSER_OPTIONS)  # parses the runs
        elif tag in SINGULAR:
            self.is_collection = False
            self._read = READERS[SINGULAR[tag]]
            self._parser = etree.XMLParser(**PARSER_OPTIONS)
        else:
            raise ParseError(
                f"unsupported document <{tag}>; expected one of: {describe_supported()}"
            )

    def _replay(self) -> list:
        prefix, self._prefix = self._prefix, []
        if self.is_collection:
            data = prefix[0] if len(prefix) == 1 else b"".join(prefix)
            assert self.root_tag is not None and self._member_tag is not None
            start = body_offset(data, self.root_tag)
            if start is not None:
                self._runs = MemberRuns(self.root_tag, self._member_tag)
                return self._feed_runs(data, start)
            return self._to_events(data)
        members: list = []
        for chunk in prefix:
            members.extend(self._feed(chunk))
        return members

    def _to_events(self, data: bytes) -> list:
        """Read the rest of a collection with the event parser, from ``data`` on.

        ``data`` is either the whole document so far, or (leaving runs) what follows
        the last run that parsed, preceded by a bare root start tag.
        """
        self._runs = None
        self._parser = etree.XMLPullParser(
            events=("end",), tag=self._member_tag, **PARSER_OPTIONS
        )
        return self._feed_events(data)

    # -- parsing ----------------------------------------------------------------------

    def _feed(self, chunk: bytes) -> list:
        if not self.is_collection:
            self._parser.feed(chunk)  # single objects are small: built whole, read at close
            return []
        if self._runs is not None:
            return self._feed_runs(chunk, 0)
        return self._feed_events(chunk)

    def _feed_runs(self, chunk: bytes, start: int) -> list:
        runs = self._runs
        assert runs is not None
        runs.add(chunk, start)
        members: list = []
        while (run := runs.next_run()) is not None:
            read = self._read_run(run)
            if read is None:  # not cut at member depth: the event parser reads on
                return members + self._read_rest_as_events([run])
            members += read
        if runs.pending > MAX_PENDING:  # no member end in sight: stop buffering
            members += self._read_rest_as_events([])
        return members

    def _read_run(self, run: bytes) -> list | None:
        """The members of one run; None if the run is not a document of its own."""
        table: list = []
        data = self._compactor.compact(run, table)  # it parses exactly when run does
        try:
            root = etree.fromstring(data, self._parser)
        except etree.XMLSyntaxError:
            return None
        if data is run:
            return self._members_of(root)
        self._ctx.placeholders = table
        try:
            return self._members_of(root)
        finally:
            self._ctx.placeholders = None

    def _members_of(self, root: Any) -> list:
        read, ctx = self._read, self._ctx
        return [read(element, ctx) for element in root.iterchildren(self._member_tag)]

    def _read_rest_as_events(self, unread: list[bytes]) -> list:
        runs = self._runs
        assert runs is not None
        opening = runs.opening()
        skip, drop = len(opening), -len(opening) - 1  # the wrapper around each run
        tail = runs.take_pending()
        members = self._to_events(opening)
        for run in unread:
            members.extend(self._feed_events(run[skip:drop]))
        members.extend(self._feed_events(tail))
        return members

    def _feed_events(self, chunk: bytes) -> list:
        parser = self._parser
        if not chunk:
            return []
        if len(chunk) <= _FEED_SLICE:
            parser.feed(chunk)
            return self._drain()
        members: list = []
        view = memoryview(chunk)
        for start in range(0, len(chunk), _FEED_SLICE):
            parser.feed(bytes(view[start : start + _FEED_SLICE]))
            members.extend(self._drain())
        return members

    def _drain(self) -> list:
        members = []
        read, ctx = self._read, self._ctx
        for _event, element in self._parser.read_events():
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # same tag nested inside a member: read as part of it
            members.append(read(element, ctx))
            # Free what is converted: the member's subtree and the emptied members
            # (plus any unknown siblings) before it.
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
        return members

    def _check_usable(self) -> None:
        if self._failed:
            raise ParseError("the document already failed to parse")
        if self._closed:
            raise ParseError("the reader is closed")


def parse(data: bytes) -> Any:
    """A whole document -> its record, or the list of records of a collection."""
    reader = IncrementalReader()
    members = reader.feed(data)
    last = reader.close()
    if reader.is_collection:
        members.extend(last)
        return members
    return last
