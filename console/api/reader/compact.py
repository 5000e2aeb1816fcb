"""Collapsing an entity's ``<actions>`` and ``<link>``s before a run is parsed.

A VM carries ~20 ``<link rel href>`` in ``<actions>`` and ~17 sub-collection
``<link>``s: a quarter of its elements and half of its bytes, built into the tree
by lxml and walked in Python only to end as a tuple of rel names. Before a run of
members is parsed (``segments``), each such block is replaced in the bytes by one
empty placeholder element whose attribute indexes a per-run table::

    <actions><link href="/vms/1/start" rel="start"/>...</actions>  ->  <actions _a3f...="0"/>
    <link href="/vms/1/nics" rel="nics"/><link ...>...             ->  <link _l3f...="1"/>

The readers (``convert.read_actions``, ``convert.read_links``) read a placeholder as
exactly the links it stands for. Only blocks of the engine's exact form are
collapsed: ``<link href="H" rel="R"/>`` with printable-ASCII values without ``"&<>``
(so the bytes are the values lxml would read), separated by blanks, every href
``<P>/<rel>`` for one ``P``. Anything else stays in the bytes for lxml.

Why this is safe on bytes: the run has no comment or CDATA section (else it is
left alone), so ``<actions>`` or ``<link`` can only start a tag or sit in a
processing instruction (dropped by the parser, placeholder and all), and a
collapsed block is a whole element sequence replaced by one empty element: the run
parses after collapsing exactly when it parsed before, at the same depths. The
placeholder attribute names carry a random part drawn per document, so a document
cannot forge one.

A block's bytes differ between VMs only by ``P`` (the VM's own href): with ``P``
cut out, the block is looked up in a cache, so each distinct block form is
checked by a regular expression once per document.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

# Attribute values copied as is: printable ASCII except the quote, & and the tag brackets.
_V = rb"[!#-%'-;=?-~]"
_BLANK = rb"[ \t\r\n]*"
_LINK = rb'<link href="' + _V + rb'*" rel="' + _V + rb'+"/>' + _BLANK
_ACTIONS_FORM = re.compile(rb"<actions>" + _BLANK + rb"(?:" + _LINK + rb")*</actions>")
_LINK_RUN = re.compile(_LINK + rb"(?:" + _LINK + rb")*")
# A canonical link run (``P`` cut out): every link follows the <P>/<rel> rule.
_RULE_RUN = re.compile(rb'(?:<link href="/(' + _V + rb'+)" rel="\1"/>' + _BLANK + rb")+")
_REL = re.compile(rb'rel="(' + _V + rb'+)"')
_VALUE = re.compile(_V + rb"*")

_ACTIONS_OPEN, _ACTIONS_CLOSE = b"<actions>", b"</actions>"
_LINK_OPEN = b'<link href="'
_CUT = b'href="/'
_BLANKS = b" \t\r\n"
_MAX_GAP = 256
# Distinct block forms remembered per document, and the largest remembered: others
# are checked (in linear time) each time they occur. Bounds a hostile document's cost.
MAX_FORMS = 1024
MAX_FORM_BYTES = 1 << 14

# A collapsible form: its rels, and its canonical bytes split at each href="/, so
# that joining them with href="<P>/ gives back the block of a given P exactly.
_Form = tuple[tuple[str, ...], list[bytes]]


class Compactor:
    """Collapses the blocks of a document's runs, remembering the block forms it saw."""

    __slots__ = ("_forms", "_last", "_open", "actions_key", "links_key")

    def __init__(self) -> None:
        # Canonical block -> its form, or None: a form that is not collapsible.
        self._forms: dict[bytes, _Form | None] = {}
        # Per kind (actions, links), the last form collapsed: the next block most
        # likely has it too, which one comparison in place then proves.
        self._last: list[_Form | None] = [None, None]
        nonce = secrets.token_hex(8)
        self.actions_key, self.links_key = f"_a{nonce}", f"_l{nonce}"
        self._open = (f'<actions {self.actions_key}="'.encode(), f'<link {self.links_key}="'.encode())

    def compact(self, run: bytes, table: list) -> bytes:
        """``run`` with its collapsible blocks replaced; ``table`` gets what they held.

        ``table[i]`` is a rel tuple for ``<actions {actions_key}="i"/>`` and a
        ``(P, rels)`` pair for ``<link {links_key}="i"/>``. Returns ``run`` itself
        when nothing was collapsed.
        """
        if b"!" in run and b"<!" in run:  # memchr first: "<!" is a slow search
            return run  # a comment or CDATA section could hold what looks like a block
        find = run.find
        pieces: list[bytes] = []
        pos = 0  # run[pos:] is not in pieces yet
        actions, link = find(_ACTIONS_OPEN), find(_LINK_OPEN)
        while link >= 0 or actions >= 0:
            kind = 0 if actions >= 0 and (link < 0 or actions < link) else 1
            start = actions if kind == 0 else link
            end, entry = self._block(run, start, kind)
            if entry is not None:
                pieces += (run[pos:start], self._open[kind], b'%d"/>' % len(table))
                table.append(entry)
                pos = end
            elif end < 0:  # not a block: look further on
                end = start + 1
                if kind == 0:  # an <actions> left whole keeps its links: lxml reads them
                    end = max(end, find(_ACTIONS_CLOSE, start))
            # Search again only what this block passed (-1: none left).
            if 0 <= actions < end:
                actions = find(_ACTIONS_OPEN, end)
            if 0 <= link < end:
                link = find(_LINK_OPEN, end)
        if not pieces:
            return run
        pieces.append(run[pos:])
        return b"".join(pieces)

    def _block(self, run: bytes, start: int, kind: int) -> tuple[int, Any]:
        """(end, what it holds) for the block at ``start``; (-1, None) if it is none.

        An actions block holds its rels; a link block ``(P, rels)``.
        """
        # P: the first href up to its last "/".
        at = run.find(_LINK_OPEN, start) if kind == 0 else start
        if at < 0:
            return -1, None
        if kind == 0:  # only blanks between <actions> and its first link
            gap = run[start + len(_ACTIONS_OPEN) : at]
            if len(gap) > _MAX_GAP or gap.strip(_BLANKS):
                return -1, None
        at += len(_LINK_OPEN)
        quote = run.find(b'"', at)
        slash = run.rfind(b"/", at, quote) if quote >= 0 else -1
        if slash < 0:
            return -1, None
        base = run[at:slash]
        if _VALUE.fullmatch(base) is None:
            return -1, None
        full = b'href="' + base + b"/"
        last = self._last[kind]
        if last is not None:  # most blocks have the last form: compared in place
            expected = full.join(last[1])
            if run.startswith(expected, start):
                return start + len(expected), self._entry(kind, base, last[0])
        if kind == 0:
            end = run.find(_ACTIONS_CLOSE, start)
            if end < 0:
                return -1, None
            end += len(_ACTIONS_CLOSE)
        else:
            match = _LINK_RUN.match(run, start)
            if match is None:
                return -1, None
            end = match.end()
        block = run[start:end]
        canonical = block.replace(full, _CUT)
        forms = self._forms
        if canonical in forms:
            form = forms[canonical]
        else:
            form = self._form(canonical, kind)
            if len(forms) < MAX_FORMS and len(canonical) <= MAX_FORM_BYTES:
                forms[canonical] = form
        # Every href="/ of the form must come back as href="<P>/: an href="/ of the
        # block's own (outside P) would otherwise be read back with P in front.
        if form is None or full.join(form[1]) != block:
            return end, None
        self._last[kind] = form
        return end, self._entry(kind, base, form[0])

    @staticmethod
    def _form(canonical: bytes, kind: int) -> _Form | None:
        if (_ACTIONS_FORM if kind == 0 else _RULE_RUN).fullmatch(canonical) is None:
            return None
        rels = tuple(rel.decode("ascii") for rel in _REL.findall(canonical))
        return rels, canonical.split(_CUT)

    @staticmethod
    def _entry(kind: int, base: bytes, rels: tuple[str, ...]) -> Any:
        return rels if kind == 0 else (base.decode("ascii"), rels)
