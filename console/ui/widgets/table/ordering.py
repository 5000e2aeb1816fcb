"""The shown order of a table as two parallel lists: ids and their order keys.

A row's order key is ``(column key, arrival)`` under a column sort, ``(engine rank,
arrival)`` for search results and ``(arrival,)`` otherwise; the arrival number makes
every key unique, so a row is found by bisecting its key (O(log n)) and a changed
row moves by one delete and one insert instead of a re-sort of the whole table.

A descending column sort keeps ties in arrival order, as a stable ``reverse=True``
sort does: keys then order by column key descending, arrival ascending.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

# Up to this many rows placed one by one (bisect + list insert); more re-sort once.
BISECT_LIMIT = 64


def before(a: tuple[Any, ...], b: tuple[Any, ...], descending: bool) -> bool:
    """True when key ``a`` comes strictly before key ``b`` in the shown order."""
    if not descending:
        return a < b
    return a[0] > b[0] or (a[0] == b[0] and a[1] < b[1])


def find(keys: list[tuple[Any, ...]], key: tuple[Any, ...], descending: bool) -> int:
    """Where ``key`` is (or would go) in ``keys``."""
    if not descending:
        return bisect_left(keys, key)
    lo, hi = 0, len(keys)
    k0, k1 = key[0], key[1]
    while lo < hi:
        mid = (lo + hi) // 2
        m = keys[mid]
        if m[0] > k0 or (m[0] == k0 and m[1] < k1):
            lo = mid + 1
        else:
            hi = mid
    return lo


def sort_pairs(pairs: list[tuple[tuple[Any, ...], str]], descending: bool) -> None:
    """Sort ``(key, id)`` pairs into the shown order, in place."""
    if descending:
        pairs.sort(key=lambda p: p[0][1])  # arrival ascending first: the next sort is stable
        pairs.sort(key=lambda p: p[0][0], reverse=True)
    else:
        pairs.sort(key=lambda p: p[0])


def splice(order: list[str], keys: list[tuple[Any, ...]], drop: list[tuple[tuple[Any, ...], str]],
           add: list[tuple[tuple[Any, ...], str]], descending: bool) -> tuple[list[str], list[tuple[Any, ...]]]:
    """New ``(order, keys)`` without the ``drop`` pairs and with the ``add`` pairs in place.

    Work is proportional to the change for a few rows (bisect), one merge pass for
    more; the lists given are left unchanged (callers compare them to see a change).
    """
    if len(drop) + len(add) <= BISECT_LIMIT:
        new_order, new_keys = list(order), list(keys)
        for key, ident in drop:
            at = find(new_keys, key, descending)
            if at >= len(new_order) or new_order[at] != ident:
                # Not where its key says (keys that do not compare consistently): drop by id.
                return _merge(order, keys, drop, add, descending)
            del new_order[at]
            del new_keys[at]
        for key, ident in add:
            at = find(new_keys, key, descending)
            new_order.insert(at, ident)
            new_keys.insert(at, key)
        return new_order, new_keys
    return _merge(order, keys, drop, add, descending)


def _merge(order: list[str], keys: list[tuple[Any, ...]], drop: list[tuple[tuple[Any, ...], str]],
           add: list[tuple[tuple[Any, ...], str]], descending: bool) -> tuple[list[str], list[tuple[Any, ...]]]:
    gone = {ident for _key, ident in drop}
    if gone:
        kept = [(k, i) for k, i in zip(keys, order, strict=True) if i not in gone]
    else:
        kept = list(zip(keys, order, strict=True))
    add = _sorted(add, descending)
    if add and (not kept or before(kept[-1][0], add[0][0], descending)):
        kept.extend(add)  # all after the last row (arrival order: a streaming load)
    else:
        kept.extend(add)
        sort_pairs(kept, descending)
    return [i for _k, i in kept], [k for k, _i in kept]


def _sorted(pairs: list[tuple[tuple[Any, ...], str]], descending: bool) -> list[tuple[tuple[Any, ...], str]]:
    pairs = list(pairs)
    sort_pairs(pairs, descending)
    return pairs
