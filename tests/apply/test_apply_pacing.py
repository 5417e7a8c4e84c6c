"""How a run paces its orders listings: checks never wait, looks wait for the latency seen."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

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
    time = FakeTime()
    sent: list[float] = []

    class Api:
        def list_orders(self, **_: object) -> list[OrderSummary]:
            sent.append(time.now)
            return []

    listing = OrderListing(
        Api(),  # type: ignore[arg-type]
        datetime.now(),
        clock=lambda: time.now,
        sleep=time.sleep,
        gap=0.5,
    )
    listing.for_check()
    time.now = 0.4
    listing.for_check()  # the listing sent 0.4 s ago serves it
    assert sent == [0.0]
    time.now = 0.7
    listing.for_check()  # too old: a new one, sent at once (the pace allows it)
    assert sent == [0.0, 0.7]
    assert time.slept == []  # a check never waited


@dataclass(frozen=True)
class _State:
    status: str


def _wait(time: FakeTime, in_flight: InFlight, order_id: str, done_at: float) -> float:
    """Wait for one order finishing at `done_at`; return when the wait saw it final."""

    def fetch(_: str) -> _State:
        return _State("COMPLETE" if time.now >= done_at else "PROCESSING")

    wait_final(
        fetch,
        [order_id],
        is_final=lambda s: s.status == "COMPLETE",
        clock=time.clock,
        deadline=lambda: 1000.0,
        backoff=Backoff(fraction=0.25),
        rng=random.Random(1),
        first={order_id: _State("RECEIVED")},
        in_flight=in_flight,
    )
    return time.now


def test_once_an_order_was_seen_finished_the_next_is_looked_at_once_after_that_latency() -> None:
    time = FakeTime()
    finish = {"a": 2.0}
    listed: list[float] = []

    def running() -> list[str]:
        listed.append(time.now)
        return [i for i, at in finish.items() if time.now < at]

    in_flight = InFlight(running, lambda: time.now)
    seen = _wait(time, in_flight, "a", done_at=2.0)
    first_wait = len(listed)
    assert first_wait >= 4  # no latency known yet: the backoff's looks
    latency = in_flight.latency()
    assert latency is not None and 2.0 <= latency <= seen

    start = time.now = 10.0
    finish["b"] = start + 2.0
    seen_b = _wait(time, in_flight, "b", done_at=start + 2.0)
    assert listed[first_wait:] == [start + latency]  # one listing, when it could be done
    assert seen_b - (start + 2.0) <= seen - 2.0  # seen no later after its end than the first


def test_a_listing_another_group_sent_that_shows_the_order_finished_serves_the_look() -> None:
    time = FakeTime()
    finish = {"a": 1.0, "b": 10.4}
    listed: list[float] = []

    def running() -> list[str]:
        listed.append(time.now)
        return [i for i, at in finish.items() if time.now < at]

    in_flight = InFlight(running, lambda: time.now)
    _wait(time, in_flight, "a", done_at=1.0)
    latency = in_flight.latency()
    assert latency is not None and latency >= 1.0
    count = len(listed)
    pause = time.sleep

    def sleep(seconds: float) -> None:  # another group's look lists in the middle of the pause
        pause(seconds / 2)
        in_flight.ids(after=time.now)
        pause(seconds / 2)

    time.sleep = sleep  # type: ignore[method-assign]
    time.now = 10.0
    seen = _wait(time, in_flight, "b", done_at=10.4)
    assert listed[count:] == [10.0 + latency / 2]  # that listing showed b finished: no other
    assert seen == 10.0 + latency
