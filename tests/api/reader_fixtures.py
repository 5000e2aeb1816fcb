"""Helpers for the reader tests: the recorded engine documents and chunked feeding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from console.api.reader import IncrementalReader

# Verbatim copies of /shared/reference/xml-examples (provenance in its README.md),
# kept in the repository so a fresh clone's test run has them.
EXAMPLES = Path(__file__).parent / "xml_examples"


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def example_names() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.xml"))


def feed_in_chunks(data: bytes, size: int) -> Any:
    """Read ``data`` through an IncrementalReader fed ``size`` bytes at a time."""
    reader = IncrementalReader()
    members: list[Any] = []
    for start in range(0, len(data), size):
        members.extend(reader.feed(data[start : start + size]))
    last = reader.close()
    if reader.is_collection:
        return members + last
    assert members == []
    return last


Check = Callable[[Any], None]


def checker(registry: dict[str, Check]) -> Callable[[str], Callable[[Check], Check]]:
    """``@check("file.xml")`` registers the assertions for one recorded document."""

    def check(name: str) -> Callable[[Check], Check]:
        def register(fn: Check) -> Check:
            registry[name] = fn
            return fn

        return register

    return check
