"""Lazy indexes over the held numbers of one site, for eligibility lookups.

The site's numbers are sorted by E.164, so every prefix criterion (area code, NPA-NXX,
NPA-NXX-X, toll-free NPA) is a contiguous range found by bisection, with no per-number work.
Attribute lookups build one table per attribute on first use; results are frozensets shared
between groups (the whole site is one shared object), which keeps memory flat at scale.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence

from numspec.bandwidth.models import HeldNumber

EMPTY: frozenset[int] = frozenset()


class SiteIndex:
    """Indexes over one site's numbers (by their positions in the caller's list)."""

    def __init__(self, numbers: Sequence[HeldNumber], indices: list[int]) -> None:
        self.numbers = numbers
        # Sorted by E.164 (linear when the caller's list already is), so prefixes bisect.
        self.indices = sorted(indices, key=lambda i: numbers[i].number)
        self.keys = [numbers[i].number for i in self.indices]
        self.all = frozenset(indices)
        self._tables: dict[str, dict[str | None, frozenset[int]]] = {}
        self.memo: dict[object, frozenset[int]] = {}

    def where(self, attr: str, value: str) -> frozenset[int]:
        """Return the numbers whose attribute equals `value`."""
        table = self._tables.get(attr)
        if table is None:
            table = self._tables[attr] = self._table(attr)
        return table.get(value, EMPTY)

    def _table(self, attr: str) -> dict[str | None, frozenset[int]]:
        values = list(map(operator.attrgetter(attr), map(self.numbers.__getitem__, self.indices)))
        if len(set(values)) <= 1:
            return {values[0]: self.all} if values else {}
        groups: dict[str | None, list[int]] = {}
        for value, i in zip(values, self.indices, strict=True):
            slot = groups.get(value)
            if slot is None:
                groups[value] = [i]
            else:
                slot.append(i)
        return {v: frozenset(members) for v, members in groups.items()}

    def prefix(self, e164: str) -> frozenset[int]:
        """Return the numbers whose E.164 form starts with `e164` (a range: bisection)."""
        lo = bisect.bisect_left(self.keys, e164)
        hi = bisect.bisect_left(self.keys, e164 + ":", lo)  # ':' sorts right after '9'
        if lo == 0 and hi == len(self.keys):
            return self.all
        return frozenset(self.indices[lo:hi]) if hi > lo else EMPTY
