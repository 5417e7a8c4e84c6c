"""Wait for asynchronous orders: poll with a growing, jittered interval until a final state.

Many orders of one run are waited for at once. Instead of asking for each of them on every
poll, a group may consult `InFlight`: one listing of the account's orders still RECEIVED or
PROCESSING, shared by every group of the run. An order absent from a listing sent after the
group's last look has (most likely) finished, and only then is it fetched on its own; the
order's own state stays the only truth, the listing is a hint. A safety net fetches every order
directly at least every `Backoff.direct` seconds, in case a listing lags behind.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from numspec.bandwidth.states import WAITING, names
from numspec.errors import RateLimitError, ServerError, TransportError

log = logging.getLogger(__name__)

# Errors worth polling through: the client has spent its own retries, but a GET is idempotent
# and the order keeps running on the server, so apply keeps asking until its deadline.
TRANSIENT = (ServerError, TransportError, RateLimitError)


class HasStatus(Protocol):
    @property
    def status(self) -> str: ...


T = TypeVar("T", bound=HasStatus)


@dataclass(frozen=True)
class Clock:
    """Time as apply sees it; tests inject a fake one."""

    now: Callable[[], float]
    sleep: Callable[[float], None]


@dataclass(frozen=True)
class Backoff:
    """The interval between polls: a fraction of the time waited so far, in [initial, maximum].

    Growing with the elapsed time keeps the number of polls logarithmic in the order's latency
    while the last poll lands at most `fraction` after the order finished (a doubling interval
    can land 100% after it). Jitter spreads the polls of many orders placed together.
    """

    initial: float = 0.25
    maximum: float = 5.0
    jitter: float = 0.2
    direct: float = 30.0  # fetch each order at least this often, whatever a listing says
    fraction: float = 0.5

    @property
    def listing_gap(self) -> float:
        """Seconds between two orders listings of a run (three times the first poll interval).

        A poll that needs a newer listing waits at most this long for it, a pre-order check
        uses one at most this old, and every check and poll of the run that asks meanwhile
        shares it, instead of each costing a listing. Measured at 50 groups, 20% races and
        10 requests/s: 0.5 s cost 34 listings, 0.75 s 22 at the same wall time, 1 s 19 and
        a round later.
        """
        return 3 * self.initial

    def interval(self, elapsed: float, rng: random.Random) -> float:
        base = min(self.maximum, max(self.initial, elapsed * self.fraction))
        return base * (1 + rng.uniform(-self.jitter, self.jitter))


class Timeout(Exception):
    """The deadline passed before every order reached a final state."""

    def __init__(self, unfinished: dict[str, str], *, interrupted: bool = False) -> None:
        self.unfinished = unfinished
        ids = ", ".join(f"{i} ({s})" for i, s in sorted(unfinished.items()))
        if interrupted:
            super().__init__(
                f"interrupted while waiting for order {ids}; the next run waits for it"
            )
        else:
            super().__init__(f"timed out waiting for order {ids}")


# apply's polls: a look costs at most one listing shared by every group of the run, so looks can
# be more frequent than one GET per order each would allow (an order is seen <= ~25% late).
SHARED = Backoff(fraction=0.25)

# An order's states before it is final, as the orders listing's `status` filter names them.
IN_FLIGHT = names(WAITING)


class InFlight:
    """The ids of the account's orders still in flight, listed at most once per poll round.

    `ids(after)` returns the ids of a listing sent at or after `after` (fetching one if the
    last is older), or None if the listing failed: the caller then polls each order itself.
    A listing may give each id's status (a mapping): ids in WAITING states are in flight, and
    `listed(order_id)` tells the state the last listing showed for a finished one.
    """

    def __init__(
        self,
        list_ids: Callable[[], Iterable[str] | Mapping[str, str]] | None,
        clock: Callable[[], float],
        *,
        read: Callable[[float], tuple[float, Iterable[str] | Mapping[str, str]]] | None = None,
    ) -> None:
        # `read(after)`: (when it was sent, a listing sent at or after `after`), for a listing
        # shared with other readers (lease.OrderListing); else `list_ids` is called afresh.
        self._list_ids = list_ids
        self._read = read
        self._clock = clock
        self._lock = threading.Lock()
        self._sent = float("-inf")
        self._ids: frozenset[str] = frozenset()
        self._finished: dict[str, str] = {}
        self._latency: float | None = None  # the shortest order latency seen in the run
        self._placed: dict[str, float] = {}  # orders being measured: when their POST answered

    @property
    def sent(self) -> float:
        """When the last listing was sent (-inf: none yet)."""
        with self._lock:
            return self._sent

    def latency(self) -> float | None:
        """Return the shortest time seen from a POST's answer to a listing showing it finished.

        Every listing of the run measures the orders being tracked, whoever asked for it, so
        the figure comes within the listings' spacing of the true latency (it never falls
        below it: a listing shows an order finished only after it finished).
        """
        with self._lock:
            return self._latency

    def ids(self, after: float) -> frozenset[str] | None:
        with self._lock:
            # A shared listing may be newer than the last this object saw (another reader
            # asked for it): ask it whenever there is one, it answers from what it has.
            if self._sent < after or self._read is not None:
                try:
                    sent, listing = self._fetch(after)
                except TRANSIENT as e:
                    log.info("listing orders in flight: %s; polling each order", e)
                    return None
                if sent > self._sent:
                    self._remember(listing)
                    self._sent = sent
                    # Now, not `sent`: a listing may wait for its rate limit after it is sent.
                    self._measure(self._clock())
            return self._ids

    def track(self, ids: Iterable[str], answered: float) -> None:
        """Measure the latency of orders whose POSTs were answered at `answered`."""
        with self._lock:
            self._placed.update(dict.fromkeys(ids, answered))

    def _measure(self, read: float) -> None:
        """Record the latency of tracked orders a listing read by `read` shows finished."""
        for order_id in [i for i in self._placed if i not in self._ids]:
            seconds = read - self._placed.pop(order_id)
            if seconds > 0 and (self._latency is None or seconds < self._latency):
                self._latency = seconds

    def _fetch(self, after: float) -> tuple[float, Iterable[str] | Mapping[str, str]]:
        if self._read is not None:
            return self._read(after)
        assert self._list_ids is not None, "InFlight needs list_ids or read"
        sent = self._clock()
        return sent, self._list_ids()

    def listed(self, order_id: str) -> str | None:
        """Return the finished state the last listing showed for an order, if it showed one."""
        with self._lock:
            return self._finished.get(order_id)

    def _remember(self, listing: Iterable[str] | Mapping[str, str]) -> None:
        if not isinstance(listing, Mapping):
            self._ids, self._finished = frozenset(listing), {}
            return
        self._ids = frozenset(i for i, state in listing.items() if state in IN_FLIGHT)
        self._finished = {i: state for i, state in listing.items() if state not in IN_FLIGHT}


def wait_final(
    fetch: Callable[[str], T],
    ids: Iterable[str],
    *,
    is_final: Callable[[T], bool],
    clock: Clock,
    deadline: Callable[[], float],
    backoff: Backoff,
    rng: random.Random,
    first: dict[str, T] | None = None,
    in_flight: InFlight | None = None,
    settled: Callable[[T, str], T | None] | None = None,
) -> dict[str, T]:
    """Poll every id until its state is final; return the final states, or raise Timeout.

    With `first` holding the state of every id (the answers to the POSTs just made), the first
    look waits one interval, or, once an order of the run has been listed finished, until the
    shortest latency seen (`InFlight.latency`): no look can find an order done sooner, and
    the look then asks for a listing sent no earlier. With `in_flight`, an order a recent
    listing shows still running is not fetched (at most every `backoff.direct` seconds), and
    `settled(last, listed_state)` may turn an order the listing shows finished into its final
    state without fetching it (None: fetch it; the listing cannot tell).
    """
    last: dict[str, T] = dict(first or {})
    waiting = [i for i in ids if i not in last or not is_final(last[i])]
    started = clock.now()
    fetched = {i: started for i in waiting if i in last}
    looked = started if waiting and len(fetched) == len(waiting) else None
    expect = None
    if in_flight is not None and looked is not None:
        in_flight.track(waiting, started)
        expect = in_flight.latency()
    while waiting:
        if looked is not None:
            elapsed = clock.now() - started
            pause = backoff.interval(elapsed, rng)
            if expect is not None and elapsed < expect:
                pause = expect - elapsed
            _pause(clock, deadline, pause, waiting, last)
        woke = clock.now()
        due = list(waiting)
        if looked is not None and in_flight is not None:
            # A listing sent in the second half of the pause shows what this look would see,
            # unless it was sent before any of the orders could have finished.
            since = woke - (woke - looked) / 2
            if expect is not None:
                since = max(since, min(woke, started + expect))
            listed = _listing(in_flight, waiting, started, since)
            due = [
                i for i in waiting if i not in (listed or ()) or woke - fetched[i] >= backoff.direct
            ]
        for order_id in due:
            fetched[order_id] = woke
            if _from_listing(order_id, last, in_flight, settled) or (
                _fetch(fetch, order_id, last) and is_final(last[order_id])
            ):
                waiting.remove(order_id)
        looked = woke
    return last


def _listing(
    in_flight: InFlight, waiting: list[str], started: float, since: float
) -> frozenset[str] | None:
    """Return the ids in flight per the last listing if it shows an order finished, else per
    one sent at or after `since`.

    A listing sent after the wait began that no longer shows an order running tells all this
    look needs, however soon it was sent; only "still running" needs a recent listing.
    """
    listed = in_flight.ids(after=started)
    if listed is None or in_flight.sent >= since or any(i not in listed for i in waiting):
        return listed
    return in_flight.ids(after=since)


def _from_listing(
    order_id: str,
    last: dict[str, T],
    in_flight: InFlight | None,
    settled: Callable[[T, str], T | None] | None,
) -> bool:
    """Take an order's final state from the listing when that says all; return whether it did."""
    if in_flight is None or settled is None or order_id not in last:
        return False
    state = in_flight.listed(order_id)
    final = settled(last[order_id], state) if state is not None else None
    if final is None:
        return False
    last[order_id] = final
    return True


def _fetch(fetch: Callable[[str], T], order_id: str, last: dict[str, T]) -> bool:
    try:
        last[order_id] = fetch(order_id)
    except TRANSIENT as e:
        log.info("polling %s: %s; will ask again", order_id, e)
        return False
    return True


def _pause(
    clock: Clock,
    deadline: Callable[[], float],
    interval: float,
    waiting: list[str],
    last: dict[str, T],
) -> None:
    """Sleep one interval, or raise Timeout if the deadline has passed."""
    now, end = clock.now(), deadline()
    if now >= end:
        raise Timeout(
            {i: last[i].status if i in last else "unknown" for i in waiting},
            interrupted=end == float("-inf"),  # Deadline.cancel(): an interrupt, not the clock
        )
    clock.sleep(min(interval, end - now))
