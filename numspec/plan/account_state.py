"""Read what the account holds and has on order, for the sites a plan covers.

Order of reads matters: in-flight orders first, then holdings. An order that completes between
the two reads then shows its numbers as held, and the pending count subtracts every number of
it already held, so nothing is counted twice and nothing is ordered again.

Requests: one sites listing, two orders listings (the last two days, and every BACKORDERED
order; plus one order GET per pending numspec order), per site one locations listing and the
pages of each location's numbers, one account-wide /tns listing only when some group needs
attributes beyond the digits, and one GET /tns/{tn} per pinned number that no site in scope
holds (pinned numbers are few). Sites are read concurrently on a bounded pool.

Backorders: the listing of the last two days finds orders still RECEIVED or PROCESSING (their
status filter is not documented for those states), but a BACKORDERED order stays open for
weeks. The second listing (`status=BACKORDERED`, no dates: the API's default covers two years)
always runs, not only when a group says `backorder: true`: a backorder placed before the flag
was removed from the file still brings numbers, and one request (usually one page) is cheaper
than ordering a group twice.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import HeldNumber, Location, NumberDetail, NumberStatus, Order
from numspec.bandwidth.states import BROUGHT_NUMBERS, STILL_BRINGING, OrderState, names
from numspec.inventory.model import Group
from numspec.plan import tags
from numspec.plan.account_checks import check_account, check_locations
from numspec.plan.details import Chain, plan_chains, read_chains, rivals, wanted_numbers
from numspec.plan.eligibility import needs_details, needs_provenance
from numspec.plan.heap import release_free_memory
from numspec.plan.numbers import held_number

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
PENDING_STATUSES = STILL_BRINGING
PROVENANCE_STATUSES = names(BROUGHT_NUMBERS)
IN_FLIGHT_WINDOW = timedelta(days=2)
MAX_WORKERS = 8
# /tns chains read at once: 4 keep 10 requests/s going at 100 ms a reply (to 40/s), and each
# chain holds a 2,500-entry reply in memory while it parses.
DETAIL_CHAINS = 4


@dataclass(frozen=True)
class PendingOrder:
    """A numspec order still in flight, and what it will still bring to its group."""

    order_id: str
    address: str
    status: str
    count: int
    numbers: tuple[str, ...] = ()  # requested numbers not held yet (exact-number orders)


@dataclass(frozen=True)
class State:
    """What the account holds on the sites in scope, and what it has on order for groups."""

    account_id: str
    site_ids: tuple[str, ...]
    locations: Mapping[str, tuple[str, ...]]
    numbers: tuple[HeldNumber, ...]  # every number on the sites in scope, sorted
    pending: tuple[PendingOrder, ...] = ()
    provenance: Mapping[str, frozenset[str]] = field(default_factory=dict)
    site_names: Mapping[str, str] = field(default_factory=dict)  # every site of the account
    # GET /tns/{tn} of each pinned number no site in scope holds (None: Bandwidth knows it not)
    pinned_status: Mapping[str, NumberStatus | None] = field(default_factory=dict)


class _Counter:
    """A thread-safe progress reporter for one stage."""

    def __init__(self, progress: Progress | None, stage: str, total: int | None) -> None:
        self._progress, self._stage, self._total = progress, stage, total
        self._done = 0
        self._lock = threading.Lock()
        self.add(0)

    def add(self, n: int) -> None:
        if self._progress is None:
            return
        with self._lock:
            self._done += n
            self._progress(self._stage, self._done, self._total)


def read_state(
    api: NumbersApi,
    groups: Sequence[Group],
    *,
    account_id: str,
    inventory_path: str = "",
    progress: Progress | None = None,
    now: datetime | None = None,
    scope: Sequence[Group] | None = None,
    account_line: int = 0,
) -> State:
    """Read holdings and pending orders for the sites of `groups` (checked first).

    `scope`: the groups the plan shows (default: all of `groups`); only their pinned numbers
    are looked up.
    """
    every_site = check_account(
        api, groups, account_id=account_id, path=inventory_path, line=account_line
    )
    sites = sorted({g.site_id for g in groups})
    now = now or datetime.now(UTC)
    with ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="numspec-read") as pool:
        pending = read_pending(api, pool, groups, now, progress)
        provenance = _read_provenance(api, pool, [g for g in groups if needs_provenance(g)])
        counter = _Counter(progress, "numbers", None)
        per_site = read_sites(api, sites, pool, counter)
        locations = {
            site.site_id: tuple(sorted(loc.location_id for loc in site.locations))
            for site in per_site
        }
        check_locations(groups, locations, path=inventory_path)
        # Under --target, only the groups that can compete with the scope for a number need
        # their attributes read (numspec.plan.details.rivals).
        entries_read = ((n, s) for site in per_site for n, s, _ in site.entries)
        reach = groups if scope is None else rivals(scope, groups, entries_read)
        numbers = held_numbers(api, per_site, pool, [g for g in reach if needs_details(g)])
        held = {h.number for h in numbers}
        entries = pending_entries(pending, held)
        wanted = _unplaced_pins(groups if scope is None else scope, held, entries)
        statuses = dict(zip(wanted, pool.map(api.number_status, wanted), strict=True))
    return State(
        account_id=account_id,
        site_ids=tuple(sites),
        locations=locations,
        numbers=numbers,
        pending=tuple(entries),
        provenance=provenance,
        site_names={s.site_id: s.name for s in every_site},
        pinned_status=statuses,
    )


def _tag_map(groups: Iterable[Group]) -> dict[str, str]:
    return {tags.group_tag(g.address): g.address for g in groups}


def read_pending(
    api: NumbersApi,
    pool: ThreadPoolExecutor,
    groups: Sequence[Group],
    now: datetime,
    progress: Progress | None,
) -> list[tuple[str, Order]]:
    """Return (address, order) for every numspec order of these groups still in flight."""
    by_tag = _tag_map(groups)
    recent = pool.submit(api.list_orders, since=now - IN_FLIGHT_WINDOW)
    backorders = api.list_orders(statuses=(OrderState.BACKORDERED,))
    found: dict[str, str] = {}
    for summary in [*recent.result(), *backorders]:
        parsed = tags.parse(summary.customer_order_id)
        if parsed and parsed.group in by_tag and summary.status in PENDING_STATUSES:
            found[summary.order_id] = by_tag[parsed.group]
    wanted = [(address, order_id) for order_id, address in found.items()]
    counter = _Counter(progress, "orders", len(wanted)) if wanted else None

    def get(item: tuple[str, str]) -> tuple[str, Order]:
        order = api.get_order(item[1])
        if counter is not None:
            counter.add(1)
        return item[0], order

    return list(pool.map(get, sorted(wanted)))


def pending_entries(orders: list[tuple[str, Order]], held: set[str]) -> list[PendingOrder]:
    """Count what each in-flight order will still bring, minus numbers already held."""
    out = []
    for address, order in orders:
        if order.status not in PENDING_STATUSES:
            continue  # finished between the listing and the GET: its numbers are held now
        if order.requested_numbers:
            gone = held | set(order.failed_numbers)
            numbers = tuple(sorted(n for n in set(order.requested_numbers) if n not in gone))
            out.append(PendingOrder(order.order_id, address, order.status, len(numbers), numbers))
            continue
        done = set(order.completed_numbers) | set(order.failed_numbers)
        count = max(0, order.requested_quantity - len(done))
        out.append(PendingOrder(order.order_id, address, order.status, count))
    return sorted(out, key=lambda p: (p.address, p.order_id))


def _read_provenance(
    api: NumbersApi, pool: ThreadPoolExecutor, groups: list[Group]
) -> dict[str, frozenset[str]]:
    """Return, per group, the numbers its own COMPLETE/PARTIAL orders brought."""
    if not groups:
        return {}
    by_tag = _tag_map(groups)
    wanted = []
    for summary in api.list_orders(statuses=PROVENANCE_STATUSES):
        parsed = tags.parse(summary.customer_order_id)
        if parsed and parsed.group in by_tag:
            wanted.append((by_tag[parsed.group], summary.order_id))
    found: dict[str, set[str]] = {g.address: set() for g in groups}
    for address, order in pool.map(lambda w: (w[0], api.get_order(w[1])), sorted(wanted)):
        found[address].update(order.completed_numbers)
    return {a: frozenset(v) for a, v in found.items()}


@dataclass(frozen=True)
class SiteHoldings:
    """One site's locations and the numbers in service on them."""

    site_id: str
    locations: tuple[Location, ...]
    # location id -> its numbers as listed: one list per location, not a tuple per number
    listed: Mapping[str, Sequence[str]]

    @property
    def entries(self) -> Iterator[tuple[str, str, str]]:
        """Yield (number, site, location) for every number the site holds."""
        for location, numbers in self.listed.items():
            for number in numbers:
                yield number, self.site_id, location


def read_sites(
    api: NumbersApi, site_ids: Sequence[str], pool: Executor, counter: _Counter | None = None
) -> list[SiteHoldings]:
    """Read each site's locations and the numbers on them (sites concurrently on `pool`)."""
    return list(pool.map(lambda s: _read_site(api, s, counter), site_ids))


def held_numbers(
    api: NumbersApi,
    per_site: Sequence[SiteHoldings],
    pool: Executor,
    detail_groups: Sequence[Group] | None = None,
) -> tuple[HeldNumber, ...]:
    """Return the held numbers sorted, with /tns attributes where they are needed.

    `detail_groups`: the groups whose criteria compare attributes; only numbers they could
    match are read (numspec.plan.details). None: every number's attributes.
    """
    numbers, places = _sorted_holdings(per_site)
    release_free_memory()  # what the location reads freed on their threads
    if detail_groups is None:
        wanted = numbers
    else:
        sites = (site for site, _ in places)
        wanted = wanted_numbers(detail_groups, zip(numbers, sites, strict=True))
    chains = plan_chains(numbers, wanted, DETAIL_CHAINS)
    del wanted
    out = _joined(api, chains, pool, numbers, places)
    del numbers, places
    release_free_memory()  # what the /tns reads freed on their threads, before planning
    return out


def _joined(
    api: NumbersApi,
    chains: Sequence[Chain],
    pool: Executor,
    numbers: Sequence[str],
    places: Sequence[tuple[str, str]],
) -> tuple[HeldNumber, ...]:
    """Return a HeldNumber per number, each made as its /tns attributes (if any) arrive."""
    held: list[HeldNumber | None] = [None] * len(numbers)

    def take(i: int, detail: NumberDetail) -> None:
        held[i] = held_number(numbers[i], *places[i], detail)

    if chains:
        read_chains(api, chains, pool, numbers, take, lanes=DETAIL_CHAINS)
    return tuple(
        h or held_number(n, *place) for h, n, place in zip(held, numbers, places, strict=True)
    )


def _sorted_holdings(
    per_site: Sequence[SiteHoldings],
) -> tuple[list[str], list[tuple[str, str]]]:
    """Return every held number sorted (a tie by site, then location) and its (site, location).

    Two flat lists, sorted through the positions: no tuple per number.
    """
    numbers: list[str] = []
    places: list[tuple[str, str]] = []
    for site in sorted(per_site, key=lambda s: s.site_id):
        for location in sorted(site.listed):
            listed = site.listed[location]
            numbers += listed
            places += itertools.repeat((site.site_id, location), len(listed))
    order = sorted(range(len(numbers)), key=numbers.__getitem__)
    return [numbers[i] for i in order], [places[i] for i in order]


def _read_site(api: NumbersApi, site_id: str, counter: _Counter | None) -> SiteHoldings:
    locations = tuple(api.list_locations(site_id))
    listed: dict[str, list[str]] = {}
    for location in sorted(loc.location_id for loc in locations):
        numbers = listed[location] = []
        batch = 0
        for number in api.iter_location_numbers(site_id, location):
            numbers.append(number)
            batch += 1
            if batch == 1000 and counter is not None:
                counter.add(batch)
                batch = 0
        if counter is not None:
            counter.add(batch)
    return SiteHoldings(site_id, locations, listed)


def _unplaced_pins(
    groups: Sequence[Group], held: set[str], pending: Sequence[PendingOrder]
) -> list[str]:
    """Return the pinned numbers no site in scope holds and no pending order of theirs brings."""
    coming = {(p.address, n) for p in pending for n in p.numbers}
    return sorted(
        {n for g in groups for n in g.numbers if n not in held and (g.address, n) not in coming}
    )
