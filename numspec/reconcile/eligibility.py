"""Which held numbers fit which group, and how honestly the holdings can tell.

A number fits a group when it is on the group's site (and location, when the group names one)
and its attributes satisfy every criterion they can confirm. Two kinds of criteria cannot be
confirmed from a held number:

- `zip`: no listing gives a held number's ZIP code. Only numbers numspec ordered for the group
  (its COMPLETE/PARTIAL orders, found by the group's tag) count, if they match the rest.
- LCA-widened searches (`npa_nxx`, `npa_nxxx` or `rate_center` with `lca` absent or true): the
  search may return numbers of neighbouring rate centres. Exact matches count, and so do numbers
  numspec ordered for the group that match the other criteria.

Indexes are built per site and lazily per attribute, so a group costs set intersections, not a
scan of every number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from numspec.bandwidth.models import HeldNumber
from numspec.reconcile.numbers import TOLL_FREE_NPAS, national
from numspec.spec.model import Criteria, Group

_KEYPAD = {
    c: str(d)
    for d, letters in enumerate(["", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"])
    for c in letters
}
_ATTRS = ("city", "state", "rate_center", "lata")


def lca_widened(c: Criteria) -> bool:
    """Return whether the group's search may return numbers beyond its exact criteria."""
    return bool(c.npa_nxx or c.npa_nxxx or c.rate_center) and c.lca is not False


def needs_provenance(group: Group) -> bool:
    """Return whether counting the group's holdings needs the numbers numspec ordered for it."""
    return group.criteria.zip is not None or lca_widened(group.criteria)


def needs_details(group: Group) -> bool:
    """Return whether the group's criteria need the /tns attributes (not only the digits)."""
    c = group.criteria
    return any(getattr(c, a) is not None for a in _ATTRS) or (not c.is_nanp and c.type is not None)


def notes(group: Group) -> tuple[str, ...]:
    """Return how the group's holdings were counted, where the holdings cannot tell."""
    c = group.criteria
    out: list[str] = []
    if c.zip is not None:
        out.append(
            "zip: held numbers do not show their ZIP code; only numbers numspec ordered for "
            "this group (found through its orders) that match its other criteria are counted."
        )
    if lca_widened(c):
        out.append(
            "lca: the search may return numbers of neighbouring rate centres; exact matches "
            "and numbers numspec ordered for this group are counted. Set `lca: false` to "
            "order exact matches only."
        )
    if c.protected is not None:
        out.append("protected: not visible on held numbers; not checked.")
    return tuple(out)


def vanity_pattern(text: str) -> str:
    """Return the digit regex of a vanity pattern (`_` one character, `*` any run)."""
    parts = []
    for ch in text.upper():
        if ch == "_":
            parts.append(r"\d")
        elif ch == "*":
            parts.append(r"\d*")
        else:
            parts.append(_KEYPAD.get(ch, re.escape(ch)))
    return "".join(parts)


class SiteIndex:
    """Lazy indexes over the held numbers of one site."""

    def __init__(self, numbers: Sequence[HeldNumber], indices: list[int]) -> None:
        self._numbers = numbers
        self.all = frozenset(indices)
        self._indices = indices
        self._by: dict[str, dict[str | None, set[int]]] = {}
        self._national: dict[int, str] = {}

    def where(self, attr: str, value: str) -> set[int] | frozenset[int]:
        table = self._by.get(attr)
        if table is None:
            table = {}
            for i in self._indices:
                table.setdefault(getattr(self._numbers[i], attr), set()).add(i)
            self._by[attr] = table
        return table.get(value, frozenset())

    def nsn(self, i: int) -> str:
        value = self._national.get(i)
        if value is None:
            value = self._national[i] = national(self._numbers[i].number)
        return value

    def prefix(self, digits: str) -> set[int] | frozenset[int]:
        key = f"prefix{len(digits)}"
        table = self._by.get(key)
        if table is None:
            table = {}
            for i in self._indices:
                table.setdefault(self.nsn(i)[: len(digits)], set()).add(i)
            self._by[key] = table
        return table.get(digits, frozenset())


# A lookup: ("where", attribute, value) or ("prefix", digits, ...) (any of the prefixes).
Lookup = tuple[str, ...]


def _lookups(group: Group, *, relaxed: bool) -> list[Lookup]:
    """Return index lookups for every criterion the holdings can confirm."""
    c = group.criteria
    relaxed = relaxed and lca_widened(c)
    out: list[Lookup] = [("where", "country", c.country)]
    if group.location_id:
        out.append(("where", "location_id", group.location_id))
    if c.type:
        out.append(("where", "type", c.type))
    if c.toll_free_vanity:
        out.append(("where", "type", "TOLL_FREE"))
    for attr in _ATTRS:
        value = getattr(c, attr)
        if value is not None and not (relaxed and attr == "rate_center"):
            out.append(("where", attr, value.strip().upper()))
    for p in [c.area_code] + ([] if relaxed else [c.npa_nxx, c.npa_nxxx]):
        if p:
            out.append(("prefix", p))
    if c.toll_free_wildcard:
        rx = re.compile(c.toll_free_wildcard.replace("*", r"\d"))
        out.append(("prefix", *(n for n in sorted(TOLL_FREE_NPAS) if rx.fullmatch(n))))
    return out


def _lookup(ix: SiteIndex, lookup: Lookup) -> set[int] | frozenset[int]:
    if lookup[0] == "where":
        return ix.where(lookup[1], lookup[2])
    if len(lookup) == 2:
        return ix.prefix(lookup[1])
    return set().union(*(ix.prefix(p) for p in lookup[1:]))


def _vanity(group: Group) -> re.Pattern[str] | None:
    c = group.criteria
    text = c.local_vanity or c.toll_free_vanity
    if not text:
        return None
    pattern = vanity_pattern(text)
    return re.compile(pattern + "$" if c.ends_in else pattern)


def _select(ix: SiteIndex, group: Group, *, relaxed: bool) -> set[int]:
    sets = sorted((_lookup(ix, q) for q in _lookups(group, relaxed=relaxed)), key=len)
    result = set(sets[0]).intersection(*sets[1:]) if sets else set(ix.all)
    rx = _vanity(group)
    if rx is not None:
        result = {i for i in result if rx.search(ix.nsn(i)[-7:])}
    return result


def eligible(
    groups: Iterable[Group],
    numbers: Sequence[HeldNumber],
    *,
    provenance: Mapping[str, frozenset[str]] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> dict[str, set[int]]:
    """Return, per group address, the indices of the numbers that fit it.

    `provenance` maps an address to numbers numspec ordered for that group; `exclude` holds
    numbers that count for no criteria group (pinned numbers).
    """
    by_site: dict[str, list[int]] = {}
    for i, held in enumerate(numbers):
        if held.number not in exclude:
            by_site.setdefault(held.site_id, []).append(i)
    indexes = {site: SiteIndex(numbers, idx) for site, idx in by_site.items()}
    position = {held.number: i for i, held in enumerate(numbers)} if provenance else {}
    out: dict[str, set[int]] = {}
    for group in groups:
        ix = indexes.get(group.site_id)
        if ix is None:
            out[group.address] = set()
            continue
        exact = set() if group.criteria.zip else _select(ix, group, relaxed=False)
        if needs_provenance(group) and provenance:
            ordered = {position[n] for n in provenance.get(group.address, ()) if n in position}
            if ordered:
                exact |= ordered & _select(ix, group, relaxed=True)
        out[group.address] = exact
    return out
