"""How a run paces itself: checks never wait, looks wait for the latency seen, and the groups
with most numbers still to get go first."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from numspec.apply.admission import Admission
from numspec.apply.lease import OrderListing
from numspec.apply.polling import Backoff, Clock, InFlight, wait_final
from numspec.bandwidth.models import OrderSummary


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    @property
    def clock(self) -> Clock:
        return Clock(now=lambda: self.now, sleep=self.sleep)


def test_a_check_uses_a_listing_sent_within_the_pace_and_otherwise_lists_at_once() -> None:
    fake = FakeTime()
    sent: list[float] = []

    class Api:
        def list_orders(self, **_: object) -> list[OrderSummary]:
            sent.append(fake.now)
            return []

    listing = OrderListing(
        Api(),  # type: ignore[arg-type]
        datetime.now(),
        clock=lambda: fake.now,
        sleep=fake.sleep,
        gap=0.5,
    )
    listing.for_check()
    fake.now = 0.4
    listing.for_check()  # the listing sent 0.4 s ago serves it
    assert sent == [0.0]
    fake.now = 0.7
    listing.for_check()  # too old: a new one, sent at once (the pace allows it)
    assert sent == [0.0, 0.7]
    assert fake.slept == []  # a check never waited


@dataclass(frozen=True)
class _State:
    status: str


def _wait(fake: FakeTime, in_flight: InFlight, order_id: str, done_at: float) -> float:
    """Wait for one order finishing at `done_at`; return when the wait saw it final."""

    def fetch(_: str) -> _State:
        return _State("COMPLETE" if fake.now >= done_at else "PROCESSING")

    wait_final(
        fetch,
        [order_id],
        is_final=lambda s: s.status == "COMPLETE",
        clock=fake.clock,
        deadline=lambda: 1000.0,
        backoff=Backoff(fraction=0.25),
        rng=random.Random(1),
        first={order_id: _State("RECEIVED")},
        in_flight=in_flight,
    )
    return fake.now


def test_once_an_order_was_seen_finished_the_next_is_looked_at_once_after_that_latency() -> None:
    fake = FakeTime()
    finish = {"a": 2.0}
    listed: list[float] = []

    def running() -> list[str]:
        listed.append(fake.now)
        return [i for i, at in finish.items() if fake.now < at]

    in_flight = InFlight(running, lambda: fake.now)
    seen = _wait(fake, in_flight, "a", done_at=2.0)
    first_wait = len(listed)
    assert first_wait >= 4  # no latency known yet: the backoff's looks
    latency = in_flight.latency()
    assert latency is not None and 2.0 <= latency <= seen

    start = fake.now = 10.0
    finish["b"] = start + 2.0
    seen_b = _wait(fake, in_flight, "b", done_at=start + 2.0)
    assert listed[first_wait:] == [start + latency]  # one listing, when it could be done
    assert seen_b - (start + 2.0) <= seen - 2.0  # seen no later after its end than the first


def test_a_listing_another_group_sent_that_shows_the_order_finished_serves_the_look() -> None:
    fake = FakeTime()
    finish = {"a": 1.0, "b": 10.4}
    listed: list[float] = []

    def running() -> list[str]:
        listed.append(fake.now)
        return [i for i, at in finish.items() if fake.now < at]

    in_flight = InFlight(running, lambda: fake.now)
    _wait(fake, in_flight, "a", done_at=1.0)
    latency = in_flight.latency()
    assert latency is not None and latency >= 1.0
    count = len(listed)
    pause = fake.sleep

    def sleep(seconds: float) -> None:  # another group's look lists in the middle of the pause
        pause(seconds / 2)
        in_flight.ids(after=fake.now)
        pause(seconds / 2)

    fake.sleep = sleep  # type: ignore[method-assign]
    fake.now = 10.0
    seen = _wait(fake, in_flight, "b", done_at=10.4)
    assert listed[count:] == [10.0 + latency / 2]  # that listing showed b finished: no other
    assert seen == 10.0 + latency


def test_a_freed_place_goes_to_the_waiting_group_with_most_numbers_still_to_get() -> None:
    admission = Admission(1)
    served: list[int] = []
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with admission.slot(0):
            holding.set()
            release.wait(5)

    def wait_for_place(rank: int) -> None:
        with admission.slot(rank):
            served.append(rank)

    first = threading.Thread(target=hold)
    first.start()
    holding.wait(5)
    waiters = [threading.Thread(target=wait_for_place, args=(r,)) for r in (1, 20, 4, 4)]
    for thread in waiters:
        thread.start()
        time.sleep(0.05)  # each is waiting before the next asks
    release.set()
    for thread in [first, *waiters]:
        thread.join(5)
    assert served == [20, 4, 4, 1]


def test_groups_of_equal_rank_are_admitted_up_to_the_limit_at_once() -> None:
    admission = Admission(2)
    inside = threading.Barrier(2, timeout=5)  # both must be in at the same time

    def enter() -> None:
        with admission.slot(3):
            inside.wait()

    threads = [threading.Thread(target=enter) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert not inside.broken
