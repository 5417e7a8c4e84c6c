"""Read the /tns attributes a plan needs: only those numbers, as concurrent cursor chains.

The account-wide `/tns` listing is the costliest read of a plan (2,500 entries a page, each page
waiting for the previous one's cursor). Holdings are listed per location first, so by the time
attributes are read numspec knows every held number's digits. That is enough to decide:

- which numbers need attributes: those on the site of a group whose criteria compare them
  (city, state, rate centre, LATA), and, when the group names an area code, NPA-NXX or
  NPA-NXXX, only numbers with those digits. Other groups compare digits only.
- which pages cover them: the listing is sorted by number and its `page` cursor is a number
  the page starts at (docs/wire.md), so numspec reads runs of the listing that start at a
  wanted number and end at the last wanted one before a page or more of unwanted numbers.
- whose attributes matter under `--target`: only the groups that can compete with the targeted
  ones for a held number (`rivals`). Two groups can share a number only when both can match
  its digits, so a targeted group whose area code the site does not hold needs no peer's
  attributes at all.
- how to read them at once: runs are cut at page boundaries into chains that start at known
  numbers and stop after their last wanted number (never asking for a page beyond it), read
  concurrently within the rate limit.

Why not the listing's own filters: the digit filters (`npa`, `npaNxx`, `npaNxxX`) select a
range of a listing sorted by number, which a run that starts and stops at known numbers already
is, without a read per prefix. The attribute filters (`state`, `lata`, `city`, `rateCenter`)
match numbers the digits cannot tell in advance, so their pages cannot be counted or cut into
chains, and how the API compares city and rate-centre values (case, padding) is not documented.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.details_query import DetailsQuery
from numspec.bandwidth.models import NumberDetail
from numspec.inventory.model import Group
from numspec.plan.eligibility import needs_details

PAGE = 2500  # /tns entries per page, the largest size the API takes
# Pages a chain reads at most: longer reads are cut into more chains (no more requests: the
# cuts fall on page boundaries), so a chain's listing state stays small (25,000 numbers).
CHAIN_PAGES = 10


@dataclass(frozen=True)
class Chain:
    """One cursor chain: a query from its start number, read until its last wanted number."""

    query: DetailsQuery
    last: str  # stop after this number: the next page holds nothing wanted
    pages: int  # pages it takes when the account still holds what it listed


def wanted_numbers(groups: Iterable[Group], held: Iterable[tuple[str, str]]) -> list[str]:
    """Return, sorted, the held (number, site) whose attributes some group compares."""
    prefixes: dict[str, set[str]] = defaultdict(set)
    for g in groups:
        if needs_details(g):
            prefixes[g.site_id].add(_prefix(g))
    out = []
    for number, site in held:
        heads = prefixes.get(site)
        if heads and ("" in heads or any(number.startswith(h) for h in heads)):
            out.append(number)
    return sorted(out)


def rivals(
    scope: Sequence[Group], groups: Sequence[Group], held: Iterable[tuple[str, str]]
) -> list[Group]:
    """Return the groups of `groups` whose holdings can change what the `scope` groups hold.

    Matching gives each held number to at most one group, so a group counts for the scope when
    some held number fits both it and a scope group, or fits it and another such group (and so
    on). Fitting is judged by what the digits tell, a necessary condition: the number is on the
    group's site and starts with the group's area code, NPA-NXX or NPA-NXX-X (any number, for
    a group without one or with pinned numbers). Groups outside the scope's reach share no
    number with it, so their attributes are not needed for its plan.
    """
    reach = {g.address for g in scope}
    if reach.issuperset(g.address for g in groups):
        return list(groups)  # nothing is outside the scope: the holdings need no look
    on_site: dict[str, list[str]] = defaultdict(list)
    for number, site in held:
        on_site[site].append(number)
    for numbers in on_site.values():
        numbers.sort()
    grew = True
    while grew:
        grew = False
        for g in groups:
            if g.address not in reach and any(
                h.site_id == g.site_id
                and h.address in reach
                and _share(on_site.get(g.site_id, []), _reach_prefix(g), _reach_prefix(h))
                for h in groups
            ):
                reach.add(g.address)
                grew = True
    return [g for g in groups if g.address in reach]


def _reach_prefix(group: Group) -> str:
    return "" if group.numbers else _prefix(group)


def _share(numbers: Sequence[str], a: str, b: str) -> bool:
    """Return whether some number of the sorted `numbers` starts with both prefixes."""
    if not (a.startswith(b) or b.startswith(a)):
        return False
    longer = max(a, b, key=len)
    at = bisect.bisect_left(numbers, longer)
    return at < len(numbers) and numbers[at].startswith(longer)


def _prefix(group: Group) -> str:
    c = group.criteria
    digits = c.npa_nxxx or c.npa_nxx or c.area_code
    return "+1" + digits if c.is_nanp and digits else ""


def plan_chains(held: Sequence[str], wanted: Sequence[str], workers: int) -> list[Chain]:
    """Return the chains that read `wanted` (sorted) in the fewest pages, cut for `workers`.

    `held`: every number the account holds on the sites read, sorted (a superset of `wanted`).
    """
    if not wanted:
        return []
    runs = _runs(DetailsQuery(), held, wanted)
    per_chain = max(1, min(CHAIN_PAGES, math.ceil(_pages(runs) / max(1, workers))))
    return [piece for run in runs for piece in _cut(run, per_chain)]


def read_chains(
    api: NumbersApi,
    chains: Sequence[Chain],
    pool: Executor,
    held: Sequence[str],
    take: Callable[[int, NumberDetail], None],
    *,
    lanes: int,
) -> None:
    """Read every chain, `lanes` at once on `pool`, handing each held number's attributes over.

    `held`: the sorted numbers the chains were planned over; `take(i, detail)` receives the
    attributes of `held[i]` as each page is read, so no page's details outlive it (at a
    million numbers a dict of every detail would be the largest thing a plan holds). A chain
    hands over only numbers between its start and its last: chains never share a number.
    Each lane reads its chains one after another, so what a listing keeps while it pages (the
    numbers it has named, to count each once) is freed chain by chain.
    """
    count = max(1, min(lanes, len(chains)))

    def lane(first: int) -> None:
        for chain in chains[first::count]:
            _hand_over(api, chain, held, take)

    list(pool.map(lane, range(count)))


def _hand_over(
    api: NumbersApi, chain: Chain, held: Sequence[str], take: Callable[[int, NumberDetail], None]
) -> None:
    lo = bisect.bisect_left(held, chain.query.start or "")
    hi = bisect.bisect_right(held, chain.last, lo)
    i = lo
    for detail in _read(api, chain):
        number = detail.number
        if i >= hi or held[i] != number:  # the listing skipped a number, or holds others
            i = bisect.bisect_left(held, number, lo, hi)
        while i < hi and held[i] == number:  # a number held twice gets its attributes twice
            take(i, detail)
            i += 1


def _read(api: NumbersApi, chain: Chain) -> Iterator[NumberDetail]:
    for detail in api.iter_number_details(chain.query):
        yield detail
        if detail.number >= chain.last:
            return  # the next page holds nothing wanted: do not ask for it


@dataclass(frozen=True)
class _Run:
    query: DetailsQuery
    numbers: Sequence[str]  # what the query lists from its start, as far as it is read


def _pages(runs: Sequence[_Run]) -> int:
    return sum(math.ceil(len(r.numbers) / PAGE) for r in runs)


def _runs(query: DetailsQuery, listed: Sequence[str], wanted: Sequence[str]) -> list[_Run]:
    """Cut `listed` (what `query` lists) into runs that skip a page or more of unwanted numbers."""
    spots = _spots(listed, wanted)
    start = last = next(spots, -1)
    if start < 0:
        return []
    runs: list[_Run] = []
    for i in spots:
        if i - last > PAGE:
            runs.append(_Run(query, listed[start : last + 1]))
            start = i
        last = i
    runs.append(_Run(query, listed[start : last + 1]))
    return runs


def _spots(listed: Sequence[str], wanted: Sequence[str]) -> Iterator[int]:
    """Yield the positions in `listed` of the numbers in `wanted` (both sorted; no set of them)."""
    if len(wanted) == len(listed) and wanted[0] == listed[0] and wanted[-1] == listed[-1]:
        yield from range(len(listed))  # everything is wanted (a subset as long as the whole)
        return
    j, end = 0, len(wanted)
    for i, number in enumerate(listed):
        while j < end and wanted[j] < number:
            j += 1
        if j == end:
            return
        if wanted[j] == number:
            yield i


def _cut(run: _Run, per_chain: int) -> Iterator[Chain]:
    """Cut a run at page boundaries into chains of at most `per_chain` pages."""
    step = per_chain * PAGE
    for begin in range(0, len(run.numbers), step):
        part = run.numbers[begin : begin + step]
        yield Chain(replace(run.query, start=part[0]), part[-1], math.ceil(len(part) / PAGE))
