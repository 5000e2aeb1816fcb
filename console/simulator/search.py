"""The engine's search language (protocol reference §14), parsed and applied in memory.

``<condition> [and|or <condition>]… [sortby <field> [asc|desc]] [page <n>]`` where a
condition is ``field op value``; ``*`` is a wildcard in string values, AND binds tighter
than OR, comparisons are case-insensitive unless ``case_sensitive=true``. Each collection
supplies its searchable fields as ``Field`` getters, so this module knows no model types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Sequence

OPS = ("<=", ">=", "!=", "=", "<", ">")
_TOKEN = re.compile(r"""\s*(?:(<=|>=|!=|=|<|>)|(\(|\))|"([^"]*)"|'([^']*)'|([^\s=<>!()"']+))""")
_PREFIX = re.compile(r"^\s*[A-Za-z]+\s*:\s*")
KEYWORDS = {"and", "or", "sortby", "page", "asc", "desc"}


class SearchError(ValueError):
    """Invalid search text; the server answers 400 ``Operation Failed``."""


@dataclass(frozen=True)
class Field:
    """How to read one searchable field of an object.

    kind: "str" (wildcards, = and != only), "num", "date", or "rank" (an enum whose
    values are ordered by ``ranks``, e.g. event severity). ``normalize`` maps both sides
    of a string comparison to a canonical spelling (e.g. VM status ``poweringup``).
    """

    get: Callable[[Any], Any]
    kind: str = "str"
    ranks: dict[str, int] | None = None
    normalize: Callable[[str], str] | None = None


@dataclass
class Cond:
    name: str
    op: str
    value: str


@dataclass
class BoolOp:
    op: str  # "and" | "or"
    parts: list[Any]


@dataclass
class Query:
    where: Cond | BoolOp | None = None
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    page: int | None = None


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos, text = 0, text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise SearchError(f"Unexpected character at position {pos}: {text[pos:]!r}")
        op, paren, dq, sq, word = match.groups()
        if op:
            tokens.append(("op", op))
        elif paren:
            tokens.append((paren, paren))
        elif dq is not None or sq is not None:
            tokens.append(("str", dq if dq is not None else sq))
        else:
            low = word.lower()
            tokens.append((low, word) if low in KEYWORDS else ("word", word))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.pos = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self, *kinds: str) -> str:
        kind = self.peek()
        if kind not in kinds:
            found = self.tokens[self.pos][1] if kind else "end of query"
            raise SearchError(f"Syntax error: expected {' or '.join(kinds)} but found {found!r}")
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    def query(self) -> Query:
        query = Query()
        if self.peek() not in (None, "sortby", "page"):
            query.where = self.expr()
        if self.peek() == "sortby":
            self.take("sortby")
            while True:
                name = self.take("word").lower()
                desc = False
                if self.peek() in ("asc", "desc"):
                    desc = self.take("asc", "desc").lower() == "desc"
                query.sort.append((name, desc))
                if self.peek() != "word":
                    break
        if self.peek() == "page":
            self.take("page")
            number = self.take("word")
            if not number.isdigit() or int(number) < 1:
                raise SearchError(f"Syntax error: page must be a positive number, got {number!r}")
            query.page = int(number)
        if self.peek() is not None:
            raise SearchError(f"Syntax error: unexpected {self.tokens[self.pos][1]!r}")
        return query

    def expr(self) -> Cond | BoolOp:
        parts = [self.conjunction()]
        while self.peek() == "or":
            self.take("or")
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else BoolOp("or", parts)

    def conjunction(self) -> Cond | BoolOp:
        parts = [self.atom()]
        while self.peek() in ("and", "word", "("):
            if self.peek() == "and":
                self.take("and")
            parts.append(self.atom())
        return parts[0] if len(parts) == 1 else BoolOp("and", parts)

    def atom(self) -> Cond | BoolOp:
        if self.peek() == "(":
            self.take("(")
            node = self.expr()
            self.take(")")
            return node
        name = self.take("word")
        op = self.take("op")
        if self.peek() in ("word", "str"):
            value = self.take("word", "str")
        elif self.peek() in KEYWORDS:  # a value that happens to spell a keyword
            value = self.tokens[self.pos][1]
            self.pos += 1
        else:
            raise SearchError(f"Syntax error: missing value after '{name}{op}'")
        return Cond(name.lower(), op, value)


def parse(text: str | None) -> Query:
    """Parse search text; an empty or missing text is the query that matches everything."""
    if not text or not text.strip():
        return Query()
    return _Parser(_tokenize(_PREFIX.sub("", text, count=1))).query()


# -- evaluation ---------------------------------------------------------------------------
def _parse_date(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SearchError(f"Invalid date value {text!r}") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _as_number(text: str, name: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SearchError(f"Invalid value {text!r} for numeric field '{name}'") from None


def _compare(left: Any, op: str, right: Any) -> bool:
    if left is None:
        return op == "!="
    if op == "=":
        return left == right
    if op == "!=":
        return left != right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    if op == "<=":
        return left <= right
    return left >= right


def _converter(spec: Field) -> Callable[[Any], Any]:
    """Entity value -> comparable value for numeric, date and rank fields."""
    if spec.kind == "num":
        return lambda v: None if v is None else float(v)
    if spec.kind == "date":
        return lambda v: v if v is None or v.tzinfo else v.replace(tzinfo=timezone.utc)
    ranks = spec.ranks or {}
    return lambda v: None if v is None else ranks.get(str(v).lower())


def _compile(node: Cond | BoolOp, fields: dict[str, Field], case_sensitive: bool) -> Callable[[Any], bool]:
    if isinstance(node, BoolOp):
        preds = [_compile(part, fields, case_sensitive) for part in node.parts]
        if node.op == "and":
            return lambda obj: all(p(obj) for p in preds)
        return lambda obj: any(p(obj) for p in preds)
    spec = fields.get(node.name)
    if spec is None:
        raise SearchError(f"Invalid search field '{node.name}'. Known fields: {', '.join(sorted(fields))}")
    op, raw = node.op, node.value
    if spec.kind == "str":
        if op not in ("=", "!="):
            raise SearchError(f"Operator '{op}' is not supported for field '{node.name}'")
        norm = spec.normalize or (lambda s: s)
        want = norm(raw if case_sensitive else raw.lower())
        flags = 0 if case_sensitive else re.IGNORECASE
        pattern = re.compile("^" + ".*".join(re.escape(p) for p in want.split("*")) + "$", flags)

        def match_one(value: Any) -> bool:
            text = "" if value is None else str(value)
            return bool(pattern.match(norm(text if case_sensitive else text.lower())))
    else:
        conv = _converter(spec)
        if spec.kind == "num":
            want_v: Any = _as_number(raw, node.name)
        elif spec.kind == "date":
            want_v = _parse_date(raw)
        else:  # rank
            ranks = spec.ranks or {}
            if raw.lower() not in ranks:
                raise SearchError(f"Invalid value {raw!r} for field '{node.name}' ({', '.join(ranks)})")
            want_v = ranks[raw.lower()]

        def match_one(value: Any) -> bool:
            return _compare(conv(value), op, want_v)

    negated = op == "!="
    get = spec.get

    def predicate(obj: Any) -> bool:
        value = get(obj)
        if isinstance(value, (list, tuple, set, frozenset)):
            # Multi-valued fields (IPs, a host's VMs): = matches any, != matches none.
            hit = any(match_one(v) for v in value)
        else:
            hit = match_one(value)
        return not hit if (negated and spec.kind == "str") else hit

    return predicate


def _sort_key(spec: Field, case_sensitive: bool) -> Callable[[Any], tuple]:
    def key(obj: Any) -> tuple:
        value = spec.get(obj)
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is None:
            return (0, "")
        if spec.kind == "rank" and spec.ranks:
            return (1, spec.ranks.get(str(value).lower(), -1))
        if isinstance(value, str) and not case_sensitive:
            return (1, value.lower())
        return (1, value)

    return key


def apply(
    query: Query,
    items: Iterable[Any],
    fields: dict[str, Field],
    *,
    default_sort: Sequence[tuple[str, bool]] = (),
    case_sensitive: bool = False,
    max_results: int | None = None,
) -> list[Any]:
    """Filter, sort and page ``items`` as the engine's search would."""
    result = list(items)
    if query.where is not None:
        predicate = _compile(query.where, fields, case_sensitive)
        result = [obj for obj in result if predicate(obj)]
    sort = query.sort or list(default_sort)
    for name, desc in reversed(sort):  # stable sorts, last key first
        spec = fields.get(name)
        if spec is None:
            raise SearchError(f"Invalid sort field '{name}'")
        result.sort(key=_sort_key(spec, case_sensitive), reverse=desc)
    if query.page is not None:
        if max_results is None:
            return result if query.page == 1 else []
        start = (query.page - 1) * max_results
        return result[start : start + max_results]
    if max_results is not None:
        return result[: max(max_results, 0)]
    return result
