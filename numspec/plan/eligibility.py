"""Which held numbers fit which group, and how honestly the holdings can tell.

A number fits a group when it is on the group's site (and location, when the group names one)
and its attributes satisfy every criterion they can confirm. Two kinds of criteria cannot be
confirmed from a held number:

- `zip`: no listing gives a held number's ZIP code. Only numbers numspec ordered for the group
  (its COMPLETE/PARTIAL orders, found by the group's tag) count, if they match the rest.
- LCA-widened searches (`npa_nxx`, `npa_nxxx` or `rate_center` with `lca` absent or true): the
  search may return numbers of neighbouring rate centres. Exact matches count, and so do numbers
  numspec ordered for the group that match the other criteria.

Indexes (SiteIndex, below) are built per site and lazily per attribute, so a group costs a few
bisections and set intersections, not a scan of every number: the site's numbers are sorted by
E.164, so every prefix criterion (area code, NPA-NXX, NPA-NXX-X, toll-free NPA) is a contiguous
range found by bisection; attribute lookups build one table per attribute on first use, and
results are frozensets shared between groups, which keeps memory flat at scale.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterable, Mapping, Sequence

from numspec.bandwidth.models import HeldNumber
from numspec.inventory.criteria import BY_KEY, CRITERIA
from numspec.inventory.model import Criteria, Group
from numspec.phone import KEYPAD, TOLL_FREE_NPAS, calling_code


def lca_widened(c: Criteria) -> bool:
    """Return whether the group's search may return numbers beyond its exact criteria."""
    return any(BY_KEY[k].lca for k in c.items()) and c.lca is not False


def unconfirmable(c: Criteria) -> bool:
    """Return whether a criterion is set that no held number shows (only orders tell)."""
    return any(BY_KEY[k].confirm == "ordered" for k in c.items())


def needs_provenance(group: Group) -> bool:
    """Return whether counting the group's holdings needs the numbers numspec ordered for it."""
    return unconfirmable(group.criteria) or lca_widened(group.criteria)


def needs_details(group: Group) -> bool:
    """Return whether the group's criteria need the /tns attributes (not only the digits)."""
    return any(BY_KEY[k].details for k in group.criteria.items())


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
            parts.append(KEYPAD.get(ch, re.escape(ch)))
    return "".join(parts)


# A lookup: ("where", attribute, value) or ("prefix", digits, ...) (any of the prefixes).
Lookup = tuple[str, ...]


def _lookups(group: Group, *, relaxed: bool) -> list[Lookup]:
    """Return index lookups for every criterion the holdings can confirm."""
    c = group.criteria
    relaxed = relaxed and lca_widened(c)
    code = "+" + (calling_code(c.country) or "")
    out: list[Lookup] = []
    if group.location_id:
        out.append(("where", "location_id", group.location_id))
    present = c.texts()
    for row in CRITERIA:
        value = present.get(row.key)
        if value is None or (relaxed and row.lca):  # the local calling area widens these
            continue
        if row.confirm == "equal" and row.held:
            out.append(("where", row.held, value.strip().upper()))
        elif row.confirm == "prefix":
            out.append(("prefix", code + value))
    if c.toll_free_vanity:
        out.append(("where", "type", "TOLL_FREE"))
    if c.toll_free_wildcard:
        rx = re.compile(c.toll_free_wildcard.replace("*", r"\d"))
        out.append(("prefix", *(code + n for n in sorted(TOLL_FREE_NPAS) if rx.fullmatch(n))))
    return out


def _lookup(ix: SiteIndex, lookup: Lookup) -> frozenset[int]:
    if lookup[0] == "where":
        return ix.where(lookup[1], lookup[2])
    if len(lookup) == 2:
        return ix.prefix(lookup[1])
    return frozenset().union(*(ix.prefix(p) for p in lookup[1:]))


def _vanity(group: Group) -> tuple[str, int] | None:
    """Return (regex, how many trailing digits it searches) for a vanity group."""
    c = group.criteria
    text = c.local_vanity or c.toll_free_vanity
    if not text:
        return None
    pattern = vanity_pattern(text)
    # As the search does: within the 7-digit line number; a toll-free vanity longer than 7
    # digits spills into the NPA, so it must end the number.
    if c.toll_free_vanity and len(c.toll_free_vanity) > 7:
        return pattern + "$", 10
    return (pattern + "$" if c.ends_in else pattern), 7


def _select(ix: SiteIndex, group: Group, *, relaxed: bool) -> frozenset[int]:
    lookups = tuple(_lookups(group, relaxed=relaxed))
    vanity = _vanity(group)
    key = (lookups, vanity)
    found = ix.memo.get(key)
    if found is None:
        found = ix.memo[key] = _intersect(ix, lookups, vanity)
    return found


def _intersect(
    ix: SiteIndex, lookups: tuple[Lookup, ...], vanity: tuple[str, int] | None
) -> frozenset[int]:
    sets = [s for s in (_lookup(ix, q) for q in lookups) if s is not ix.all]
    sets.sort(key=len)
    result = (
        compact(sets[0].intersection(*sets[1:])) if len(sets) > 1 else sets[0] if sets else ix.all
    )
    if vanity is not None:
        rx, width = re.compile(vanity[0]), vanity[1]
        result = compact(i for i in result if rx.search(ix.numbers[i].number[-width:]))
    return result


def eligible(
    groups: Iterable[Group],
    numbers: Sequence[HeldNumber],
    *,
    provenance: Mapping[str, frozenset[str]] | None = None,
    exclude: frozenset[str] = frozenset(),
) -> dict[str, frozenset[int]]:
    """Return, per group address, the indices of the numbers that fit it.

    `numbers` may come in any order (sorted by E.164 is fastest). `provenance` maps an address
    to numbers numspec ordered for that group; `exclude` holds numbers that count for no
    criteria group (pinned numbers).
    """
    groups = list(groups)
    keys = [held.number for held in numbers]
    # Positions sorted by number; None when the list already is (the planner's: no copy).
    order = None if _ascending(keys) else sorted(range(len(keys)), key=keys.__getitem__)
    ordered_keys = keys if order is None else [keys[i] for i in order]
    by_site = _by_site(
        numbers, {g.site_id for g in groups}, _positions(ordered_keys, order, exclude)
    )
    per_site: dict[str, list[Group]] = {}
    for group in groups:
        per_site.setdefault(group.site_id, []).append(group)
    out: dict[str, frozenset[int]] = {}
    # One site's index at a time: its tables are dropped before the next site's are built.
    for site, members in per_site.items():
        indices = by_site.pop(site, None)
        ix = SiteIndex(numbers, indices, ascending=order is None) if indices else None
        for group in members:
            if ix is None:
                out[group.address] = EMPTY
                continue
            exact = EMPTY if unconfirmable(group.criteria) else _select(ix, group, relaxed=False)
            if needs_provenance(group) and provenance:
                ordered = _positions(ordered_keys, order, provenance.get(group.address, ()))
                if ordered:
                    exact = exact | (ordered & _select(ix, group, relaxed=True))
            out[group.address] = exact
    return {g.address: out[g.address] for g in groups}


def _by_site(
    numbers: Sequence[HeldNumber], sites: set[str], skip: set[int]
) -> dict[str, list[int]]:
    """Return, per site of `sites`, the positions of its numbers (ascending) but `skip`."""
    by_site: dict[str, list[int]] = {}
    for i, site in enumerate(map(operator.attrgetter("site_id"), numbers)):
        if site in sites and i not in skip:
            members = by_site.get(site)
            if members is None:
                by_site[site] = [i]
            else:
                members.append(i)
    return by_site


def _ascending(keys: Sequence[str]) -> bool:
    """Return whether `keys` is sorted (C-level comparisons, no copy)."""
    return all(map(operator.le, keys, itertools.islice(keys, 1, None)))


def _positions(keys: list[str], order: list[int] | None, wanted: Iterable[str]) -> set[int]:
    """Return the indices of `wanted` numbers; `keys` sorted, `order` maps back (no dict)."""
    out = set()
    for number in wanted:
        i = bisect.bisect_left(keys, number)
        if i < len(keys) and keys[i] == number:
            out.add(i if order is None else order[i])
    return out


EMPTY: frozenset[int] = frozenset()


def compact(members: Iterable[int]) -> frozenset[int]:
    """Return `frozenset(members)` with its table sized to its contents.

    A frozenset grown from a list of under 50,000 entries takes up to 4x their number of slots
    (up to 128 bytes an entry); one copied from another set takes 2x. Fitting sets live for the
    whole plan, a million entries at scale: the copy halves them for a moment's work.
    """
    return frozenset(members) | EMPTY


class SiteIndex:
    """Indexes over one site's numbers (by their positions in the caller's list)."""

    def __init__(
        self, numbers: Sequence[HeldNumber], indices: list[int], *, ascending: bool = False
    ) -> None:
        """`ascending`: `numbers` is sorted by E.164 and `indices` ascend (nothing to sort)."""
        self.numbers = numbers
        # Sorted by E.164, so prefixes bisect.
        self.indices = indices if ascending else sorted(indices, key=lambda i: numbers[i].number)
        self.keys = [numbers[i].number for i in self.indices]
        self.all = compact(indices)
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
        return {v: compact(members) for v, members in groups.items()}

    def prefix(self, e164: str) -> frozenset[int]:
        """Return the numbers whose E.164 form starts with `e164` (a range: bisection)."""
        lo = bisect.bisect_left(self.keys, e164)
        hi = bisect.bisect_left(self.keys, e164 + ":", lo)  # ':' sorts right after '9'
        if lo == 0 and hi == len(self.keys):
            return self.all
        return compact(self.indices[lo:hi]) if hi > lo else EMPTY
