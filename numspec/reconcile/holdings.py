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

import logging
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import HeldNumber, NumberStatus, Order
from numspec.bandwidth.states import BROUGHT_NUMBERS, STILL_BRINGING, OrderState, names
from numspec.reconcile import tags
from numspec.reconcile.checks import check_account, check_locations
from numspec.reconcile.eligibility import needs_details, needs_provenance
from numspec.reconcile.numbers import held_number, read_details
from numspec.spec.model import Group

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int | None], None]
PENDING_STATUSES = STILL_BRINGING
PROVENANCE_STATUSES = names(BROUGHT_NUMBERS)
IN_FLIGHT_WINDOW = timedelta(days=2)
MAX_WORKERS = 8


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
        pending = _read_pending(api, pool, groups, now, progress)
        provenance = _read_provenance(api, pool, [g for g in groups if needs_provenance(g)])
        details = pool.submit(read_details, api) if any(map(needs_details, groups)) else None
        counter = _Counter(progress, "numbers", None)
        per_site = list(pool.map(lambda s: _read_site(api, s, counter), sites))
        locations = {site: locs for site, locs, _ in per_site}
        check_locations(groups, locations, path=inventory_path)
        raw = sorted(entry for _, _, entries in per_site for entry in entries)
        detail_map = details.result() if details is not None else None
        numbers = tuple(
            held_number(n, s, loc, detail_map.get(n) if detail_map else None) for n, s, loc in raw
        )
        held = {h.number for h in numbers}
        entries = _pending_entries(pending, held)
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


def _read_pending(
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


def _pending_entries(orders: list[tuple[str, Order]], held: set[str]) -> list[PendingOrder]:
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


def _read_site(
    api: NumbersApi, site_id: str, counter: _Counter
) -> tuple[str, tuple[str, ...], list[tuple[str, str, str]]]:
    """Return (site, its location ids, (number, site, location) for every held number)."""
    locations = tuple(sorted(loc.location_id for loc in api.list_locations(site_id)))
    entries: list[tuple[str, str, str]] = []
    for location in locations:
        batch = 0
        for number in api.iter_location_numbers(site_id, location):
            entries.append((number, site_id, location))
            batch += 1
            if batch == 1000:
                counter.add(batch)
                batch = 0
        counter.add(batch)
    return site_id, locations, entries


def _unplaced_pins(
    groups: Sequence[Group], held: set[str], pending: Sequence[PendingOrder]
) -> list[str]:
    """Return the pinned numbers no site in scope holds and no pending order of theirs brings."""
    coming = {(p.address, n) for p in pending for n in p.numbers}
    return sorted(
        {n for g in groups for n in g.numbers if n not in held and (g.address, n) not in coming}
    )
