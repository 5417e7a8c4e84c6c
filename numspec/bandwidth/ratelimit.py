"""Client-side token buckets, one per Bandwidth rate-limit bucket, shared by a client's threads.

Keeps numspec under the service's request rate instead of bouncing off it; a 429 also pauses
its whole bucket until the server's reset time, so other threads stop hammering it too, while
requests of other buckets go on.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping

# How much the requests the current thread sends matter to its caller: while a bucket has
# waiters of higher priority, a waiter of lower priority lets them take the tokens first.
_PRIORITY: contextvars.ContextVar[float] = contextvars.ContextVar("priority", default=0.0)


@contextlib.contextmanager
def priority(value: float) -> Iterator[None]:
    """Send the requests of this block ahead of waiting ones of lower priority (default 0)."""
    token = _PRIORITY.set(value)
    try:
        yield
    finally:
        _PRIORITY.reset(token)


class TokenBucket:
    """Allow `rate` requests per second on average, bursts of up to `burst`."""

    def __init__(
        self,
        rate: float,
        *,
        burst: float | None = None,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.capacity = max(1.0, burst if burst is not None else rate)
        self._tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()
        self._waiting: Counter[float] = Counter()  # priorities of the callers waiting

    def acquire(self) -> float:
        """Take one token, sleeping as needed; return the seconds waited.

        Among callers waiting at once, a higher `priority` goes first; equal ones in no
        particular order.
        """
        rank = _PRIORITY.get()
        waited = 0.0
        with self._lock:
            self._waiting[rank] += 1
        try:
            while True:
                with self._lock:
                    ahead = any(r > rank for r in self._waiting)
                    delay = self._take() if not ahead else self._next_token()
                if delay <= 0:
                    return waited
                self._sleep(delay)
                waited += delay
        finally:
            with self._lock:
                self._waiting[rank] -= 1
                if not self._waiting[rank]:
                    del self._waiting[rank]

    def pause_until(self, deadline: float) -> None:
        """Hold every caller until `deadline` (on the bucket's clock)."""
        with self._lock:
            self._paused_until = max(self._paused_until, deadline)

    def _next_token(self) -> float:
        """Return the seconds until the next token, at least a small step (no busy wait)."""
        now = self._clock()
        tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        return max(0.2 / self.rate, max(0.0, self._paused_until - now), (1.0 - tokens) / self.rate)

    def _take(self) -> float:
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate


# Bandwidth limits requests per endpoint bucket (docs/rate-limits.md): searching, ordering and
# reading history do not share one budget, so neither do numspec's buckets.
BUCKETS = ("search", "order", "history", "inservice", "disconnect", "move", "other")
DEFAULT_RATE = 10.0  # requests per second per bucket; Bandwidth publishes no figures

_SEARCH_PATHS = ("availableNumbers", "availableNpaNxx", "cities", "rateCenters", "csrs")
_HISTORY_PATHS = ("orders", "disconnects", "moveTns", "tns")


def bucket_of(method: str, path: str) -> str:
    """Return the bucket a request counts against (docs/rate-limits.md)."""
    parts = [p for p in path.split("/") if p]
    if "accounts" in parts:
        parts = parts[parts.index("accounts") + 2 :]  # what follows /accounts/{id}
    else:
        parts = parts[parts.index("tns") :] if "tns" in parts else []  # /tns, /tns/{tn}
    head = parts[0] if parts else ""
    if any(p.startswith("inserviceNumbers") for p in parts):
        return "inservice"
    if head in _SEARCH_PATHS:
        return "search"
    if head == "moveTns":
        return "move" if method == "POST" else "history"
    if head == "orders" and method in ("POST", "PUT"):
        return "order"
    if head == "disconnects" and method == "POST":
        return "disconnect"
    if head in _HISTORY_PATHS:
        return "history"
    return "other"


class BucketLimits:
    """One token bucket per Bandwidth bucket, each at its own rate; thread-safe."""

    def __init__(
        self,
        rates: Mapping[str, float],
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        unknown = sorted(set(rates) - set(BUCKETS))
        if unknown:
            raise ValueError(f"unknown rate-limit bucket {', '.join(unknown)}")
        self.rates = {b: float(rates.get(b, DEFAULT_RATE)) for b in BUCKETS}
        self._buckets = {
            b: TokenBucket(rate, clock=clock, sleep=sleep) for b, rate in self.rates.items()
        }

    def bucket(self, method: str, path: str) -> TokenBucket:
        """Return the token bucket a request takes its token from (and a 429 pauses)."""
        return self._buckets[bucket_of(method, path)]
