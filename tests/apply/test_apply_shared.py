"""What a run's groups share: claimed numbers, one orders listing, one in-flight listing."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.events import ApplyEvent
from numspec.apply.group_run import settle_from_listing
from numspec.apply.lease import OrderListing
from numspec.apply.number_claims import Claims, search_unclaimed
from numspec.apply.polling import Backoff, Clock, InFlight, wait_final
from numspec.bandwidth.models import AvailableNumber, Order, OrderSummary
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.states import FINAL
from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory
from numspec.plan.planner import make_plan

FAST = Backoff(initial=0.005, maximum=0.02)


def inventory(groups: str) -> Inventory:
    text = f"""version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1001"
    groups:
{groups}
"""
    return parse_inventory(text.encode())


def raleigh_pool(count: int) -> list[AvailableNumber]:
    return [
        AvailableNumber(f"+1919555{i:04d}", "USA", "GEOGRAPHIC", "RALEIGH", "NC", area_code="919")
        for i in range(count)
    ]


class TogetherMarket(Market):
    """Every search waits until `parties` searches are under way, so they see the same pool."""

    parties: int = 2

    def __post_init__(self) -> None:
        super().__post_init__()
        self.barrier = threading.Barrier(self.parties, timeout=5)

    def search(self, query: SearchQuery) -> list[AvailableNumber]:
        found = super().search(query)
        if self.requests["search"] <= self.parties:
            self.barrier.wait()
        return found


class TimedMarket(Market):
    """Orders finish `latency` seconds after the POST, whoever asks (GET or listing)."""

    latency: float = 0.05

    def _advance(self) -> None:
        with self.lock:
            for order_id, entry in self.orders.items():
                due = entry.order.created is not None and _age(entry.order.created) > self.latency
                if entry.order.status not in FINAL and due:
                    self.finish(order_id)

    def get_order(self, order_id: str) -> Order:
        self._count("get_order")
        self._advance()
        with self.lock:
            entry = self.orders[order_id]
            if entry.order.status not in FINAL:
                entry.order = replace(entry.order, status="PROCESSING")
            return entry.order

    def list_orders(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[OrderSummary]:
        self._advance()
        return super().list_orders(
            customer_order_id=customer_order_id, statuses=statuses, since=since
        )


def _age(created: datetime) -> float:
    return time.time() - created.timestamp()


OVERLAPPING = """\
      raleigh: {quantity: 5, country: USA, state: NC, city: RALEIGH}
      triangle: {quantity: 2, country: USA, area_code: "919"}"""


def test_groups_searching_the_same_pool_at_once_never_order_the_same_number() -> None:
    market = TogetherMarket(pool=raleigh_pool(30))
    inv = inventory(OVERLAPPING)
    events: list[ApplyEvent] = []
    runtime = Runtime(backoff=replace(FAST, direct=0.001), seed=1)
    plan = make_plan(inv, market)
    report = apply(plan, inv, market, options=ApplyOptions(), runtime=runtime, events=events.append)
    assert report.converged
    assert [len(g.orders) for g in report.groups] == [1, 1]  # one order per group
    assert max(market.ordered_numbers.values()) == 1  # no number asked for twice
    assert not [e for e in events if e.kind == "lost"]
    assert market.requests["create_order"] == 2


def test_a_search_crowded_by_other_groups_claims_asks_for_more() -> None:
    claims = Claims()
    pool = [f"+1919555{i:04d}" for i in range(20)]
    claims.take("us/raleigh", pool[:5], 5)
    sizes: list[int] = []

    def search(size: int) -> list[str]:
        sizes.append(size)
        return pool[:size]

    found, exhausted = search_unclaimed(
        search, claims, "us/triangle", need=2, skip=set(), quantity=2, limit=5000
    )
    assert found == pool[5:7] and not exhausted
    assert sizes == [2, 4, 8]
    assert claims.on_order_elsewhere("us/triangle") == 5  # raleigh's


def test_a_short_answer_means_the_pool_is_exhausted() -> None:
    claims = Claims()
    claims.take("us/raleigh", ["+19195550001"], 1)
    found, exhausted = search_unclaimed(
        lambda size: ["+19195550001", "+19195550002"],
        claims,
        "us/triangle",
        need=3,
        skip=set(),
        quantity=5,
        limit=5000,
    )
    assert (found, exhausted) == (["+19195550002"], True)


def test_pinned_numbers_are_never_ordered_by_a_search_group() -> None:
    market = Market(pool=nanp("919", 6))
    pinned = market.pool[0].number
    groups = (
        f'      main: {{country: USA, numbers: ["{pinned}"]}}\n'
        '      raleigh: {quantity: 5, country: USA, area_code: "919"}'
    )
    inv = inventory(groups)
    runtime = Runtime(backoff=replace(FAST, direct=0.001), seed=1)
    report = apply(make_plan(inv, market), inv, market, options=ApplyOptions(), runtime=runtime)
    assert report.converged
    assert max(market.ordered_numbers.values()) == 1


def test_checks_that_begin_together_share_one_listing_sent_after_they_began() -> None:
    calls: list[float] = []

    class SlowApi:
        def list_orders(self, **_: object) -> list[OrderSummary]:
            calls.append(time.monotonic())
            time.sleep(0.05)
            return []

    listing = OrderListing(SlowApi(), datetime.now(), clock=time.monotonic)  # type: ignore[arg-type]
    asked: list[float] = []

    def check() -> None:
        now = time.monotonic()
        asked.append(now)
        listing.recent(after=now)

    threads = [threading.Thread(target=check) for _ in range(6)]
    for t in threads:
        t.start()
        time.sleep(0.005)
    for t in threads:
        t.join(5)
    assert len(calls) == 2  # the first check's listing, then one for the five that waited
    assert calls[1] >= max(asked)  # never a listing sent before a check began
    listing.recent(after=time.monotonic())
    assert len(calls) == 3


def test_listings_are_paced_and_checks_in_between_share_the_next_one_sent_after_them() -> None:
    calls: list[float] = []

    class CountingApi:
        def list_orders(self, **_: object) -> list[OrderSummary]:
            calls.append(time.monotonic())
            return []

    api = CountingApi()
    listing = OrderListing(
        api,  # type: ignore[arg-type]
        datetime.now(),
        clock=time.monotonic,
        sleep=time.sleep,
        gap=0.2,
    )
    asked: list[float] = []

    def check() -> None:
        now = time.monotonic()
        asked.append(now)
        sent, _ = listing.read(after=now)
        assert sent >= now  # never a listing sent before the check began

    threads = [threading.Thread(target=check) for _ in range(6)]
    for t in threads:
        t.start()
        time.sleep(0.02)
    for t in threads:
        t.join(5)
    assert len(calls) == 2  # the first check's listing, then one (after the gap) for the rest
    assert calls[1] - calls[0] >= 0.2
    assert calls[1] >= max(asked)
    sent, states = listing.states(time.monotonic())  # the polls' view of the same listing
    assert len(calls) == 3 and states == {}


def test_polls_reuse_the_listing_a_check_just_sent_and_ask_again_only_when_it_is_too_old() -> None:
    calls: list[float] = []

    class CountingApi:
        def list_orders(self, **_: object) -> list[OrderSummary]:
            calls.append(time.monotonic())
            return [OrderSummary("o-1", "COMPLETE"), OrderSummary("o-2", "PROCESSING")]

    listing = OrderListing(CountingApi(), datetime.now(), clock=time.monotonic)  # type: ignore[arg-type]
    in_flight = InFlight(None, time.monotonic, read=listing.states)
    began = time.monotonic()
    listing.recent(after=began)  # a group's pre-order check
    assert in_flight.ids(after=began) == {"o-2"}  # a poll served by the check's listing
    assert in_flight.listed("o-1") == "COMPLETE"
    assert len(calls) == 1
    assert in_flight.ids(after=time.monotonic()) == {"o-2"}
    assert len(calls) == 2


@dataclass(frozen=True)
class _State:
    status: str


def test_orders_a_listing_shows_running_are_not_fetched_until_they_leave_it() -> None:
    now = [0.0]
    clock = Clock(now=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    fetched: list[float] = []

    def fetch(_: str) -> _State:
        fetched.append(now[0])
        return _State("COMPLETE" if now[0] >= 10 else "PROCESSING")

    listings = [0]

    def running() -> list[str]:
        listings[0] += 1
        return ["a"] if now[0] < 10 else []

    wait_final(
        fetch,
        ["a"],
        is_final=lambda s: s.status == "COMPLETE",
        clock=clock,
        deadline=lambda: 100.0,
        backoff=Backoff(),
        rng=random.Random(1),
        first={"a": _State("RECEIVED")},
        in_flight=InFlight(running, clock.now),
    )
    assert len(fetched) == 1 and fetched[0] >= 10  # fetched once, when it had finished
    assert 3 <= listings[0] <= 15


def test_a_listing_that_never_lets_go_still_gets_each_order_fetched_now_and_then() -> None:
    now = [0.0]
    clock = Clock(now=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    fetched: list[float] = []

    def fetch(_: str) -> _State:
        fetched.append(now[0])
        return _State("COMPLETE" if now[0] >= 40 else "PROCESSING")

    finals = wait_final(
        fetch,
        ["a"],
        is_final=lambda s: s.status == "COMPLETE",
        clock=clock,
        deadline=lambda: 1000.0,
        backoff=Backoff(direct=30.0),
        rng=random.Random(1),
        first={"a": _State("RECEIVED")},
        in_flight=InFlight(lambda: ["a"], clock.now),  # a stale listing: always "running"
    )
    assert finals["a"].status == "COMPLETE"
    assert len(fetched) == 2 and 30 <= fetched[0] < 40 <= fetched[1] < 70


def test_a_run_polls_its_orders_through_one_listing_and_fetches_each_once() -> None:
    market = TimedMarket(pool=nanp("919", 40) + nanp("828", 40))
    groups = "\n".join(
        f'      g{i}: {{quantity: 4, country: USA, area_code: "{code}"}}'
        for i, code in enumerate(["919", "828"] * 4)
    )
    inv = inventory(groups)
    runtime = Runtime(backoff=FAST)
    report = apply(make_plan(inv, market), inv, market, options=ApplyOptions(), runtime=runtime)
    assert report.converged
    orders = market.requests["create_order"]
    assert orders == 8
    # Every order was of exact numbers and the shared listing showed it COMPLETE: not read again.
    assert market.requests["get_order"] == 0
    assert max(market.ordered_numbers.values()) == 1


def test_only_an_all_or_nothing_order_of_exact_numbers_is_settled_from_the_listing() -> None:
    placed = Order("o-1", "RECEIVED", requested_numbers=("+19195550100", "+19195550101"))
    settled = settle_from_listing(placed, "COMPLETE")
    assert settled is not None and settled.status == "COMPLETE"
    assert settled.completed_numbers == placed.requested_numbers
    assert settle_from_listing(placed, "PARTIAL") is None  # which numbers: only the order says
    failed = settle_from_listing(placed, "FAILED")  # none placed: every number asked for lost
    assert failed is not None and failed.status == "FAILED"
    assert failed.completed_numbers == () and failed.failed_numbers == placed.requested_numbers
    assert settle_from_listing(placed, "BACKORDERED") is None
    assert settle_from_listing(placed, "PROCESSING") is None
    backorder = Order("o-2", "RECEIVED", requested_quantity=5)
    assert settle_from_listing(backorder, "COMPLETE") is None
