"""The sandbox's switches: realism (latency, races, faults, rate limits) and request stats."""

from __future__ import annotations

import math
import random
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from numspec.sandbox.dialect import DIALECTS, MIXED

# Endpoint buckets of the real rate limiter (docs/bandwidth-api.md §6).
BUCKETS: tuple[str, ...] = ("ORDER", "SEARCH", "DISCONNECT", "HISTORY", "INSERVICE_NPANXX")
BUCKETS += ("ACCOUNT", "TOKEN", "MOVE_TNS")
DAY = 86400.0


@dataclass
class Switches:
    """Runtime settings; `/_sandbox/config` reads and changes them."""

    order_latency: float = 0.5
    request_latency: float = 0.0  # seconds every API request waits before it is answered
    race_rate: float = 0.0
    fault_rate: float = 0.0
    token_lifetime: int = 3600
    reservation_lifetime: int = 4 * 3600
    aging_period: float = 30 * DAY
    rate_limits: dict[str, float] = field(default_factory=dict)  # bucket -> requests/second
    allowed_countries: list[str] | None = None  # None: every country of the pool
    denied_types: list[list[str]] = field(default_factory=lambda: [["AUS", "MOBILE"]])
    dialect: str = MIXED  # captured | seed | mixed: the shapes of the replies (dialect.py)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def update(self, changes: dict[str, Any]) -> None:
        """Apply a JSON object of changes; raise ValueError on unknown keys or bad values."""
        known = {f.name: f for f in fields(self)}
        for key, value in changes.items():
            if key not in known:
                raise ValueError(f"unknown switch {key!r}; known: {', '.join(sorted(known))}")
            setattr(self, key, _coerce(key, value))

    def denied(self) -> list[tuple[str, str]]:
        return [(c, t) for c, t in self.denied_types]

    def may_order(self, country: str, kind: str) -> bool:
        """Return whether the account's limits allow this country and number type."""
        if self.allowed_countries is not None and country not in self.allowed_countries:
            return False
        return (country, kind) not in self.denied()


def _coerce(key: str, value: Any) -> Any:
    if key == "dialect":
        if value not in DIALECTS:
            raise ValueError(f"dialect is one of {', '.join(DIALECTS)}")
        return value
    if key in ("order_latency", "aging_period", "request_latency"):
        return _number(key, value, 0.0, math.inf)
    if key in ("race_rate", "fault_rate"):
        return _number(key, value, 0.0, 1.0)
    if key in ("token_lifetime", "reservation_lifetime"):
        return int(_number(key, value, 1.0, math.inf))
    if key == "rate_limits":
        if not isinstance(value, dict) or not all(b in BUCKETS for b in value):
            raise ValueError(f"rate_limits maps buckets ({', '.join(BUCKETS)}) to requests/s")
        return {b: _number(b, v, 0.0, math.inf) for b, v in value.items()}
    if key == "allowed_countries":
        if value is not None and not (
            isinstance(value, list) and all(isinstance(c, str) for c in value)
        ):
            raise ValueError("allowed_countries is null or a list of ISO alpha-3 codes")
        return value
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p) for p in value
    ):
        raise ValueError("denied_types is a list of [country, type] pairs")
    return value


def _number(key: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key} must be a number")
    if not math.isfinite(float(value)):
        raise ValueError(f"{key} must be a finite number")
    if not low <= float(value) <= high:
        raise ValueError(f"{key} must be between {low} and {high}")
    return float(value)


@dataclass(frozen=True)
class Fault:
    """An injected failure: the status to answer, and whether to store the request first."""

    status: int
    after_commit: bool = False


class FaultInjector:
    """Draws faults from a generator seeded by --seed, so a run's failures reproduce."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"faults:{seed}")
        self._lock = threading.Lock()

    def draw(self, rate: float, *, may_lose_reply: bool) -> Fault | None:
        """Return a fault with probability `rate`."""
        if rate <= 0:
            return None
        with self._lock:
            if self._rng.random() >= rate:
                return None
            status = self._rng.choice((500, 503, 429))
            after = may_lose_reply and self._rng.random() < 0.5
            if after and status == 429:  # a 429 always means "not processed": lose a 5xx
                status = self._rng.choice((500, 503))
        return Fault(status, after_commit=after)


class RateLimiter:
    """A token bucket per endpoint bucket; answers when a refused caller may retry."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, float] = {}
        self._stamp: dict[str, float] = {}

    def check(self, bucket: str, rate: float | None) -> float | None:
        """Take a token; return None when allowed, else the epoch second the bucket refills."""
        if not rate:
            return None
        now = time.monotonic()
        with self._lock:
            burst = max(rate, 1.0)
            tokens = self._tokens.get(bucket, burst)
            tokens = min(burst, tokens + (now - self._stamp.get(bucket, now)) * rate)
            self._stamp[bucket] = now
            if tokens >= 1.0:
                self._tokens[bucket] = tokens - 1.0
                return None
            self._tokens[bucket] = tokens
            return time.time() + (1.0 - tokens) / rate


class Stats:
    """Request counts by method and route template; final order counts by status."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.orders: Counter[str] = Counter()

    def request(self, key: str) -> None:
        with self._lock:
            self.requests[key] += 1

    def order_final(self, status: str) -> None:
        with self._lock:
            self.orders[status] += 1

    def snapshot(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {"requests": dict(self.requests), "orders": dict(self.orders)}

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.orders.clear()
