"""What every group of one apply run shares: options, the API, time, the run id."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from numspec.bandwidth.api import NumbersApi
from numspec.reconcile.claims import Claims
from numspec.reconcile.events import ApplyEvent, EventSink
from numspec.reconcile.lease import OrderListing
from numspec.reconcile.polling import SHARED, Backoff, Clock, InFlight

if TYPE_CHECKING:
    from numspec.reconcile.model import Plan
    from numspec.spec.model import Inventory


class Planner(Protocol):
    """make_plan's signature: when ApplyOptions has one, apply re-plans with it at the end."""

    def __call__(
        self, inventory: Inventory, api: NumbersApi, *, targets: tuple[str, ...] = ...
    ) -> Plan: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


SYSTEM_CLOCK = Clock(now=time.monotonic, sleep=time.sleep)


@dataclass(frozen=True)
class ApplyOptions:
    """How apply runs; the defaults are the CLI's."""

    timeout: float = 1800.0  # seconds for the whole run
    parallelism: int = 8  # groups searching and ordering at once
    reserve: bool = False  # reserve NANP numbers between search and order
    allow_disconnect: bool = False
    max_rounds: int = 5  # search-and-order rounds per group when numbers are taken
    backoff: Backoff = SHARED
    clock: Clock = SYSTEM_CLOCK
    wall_clock: Callable[[], datetime] = _utcnow
    run_id: str | None = None  # fresh per run unless given (tests)
    seed: int | None = None  # jitter seed (tests)
    planner: Planner | None = None  # re-plan at the end; default: recount the sites changed
    lease_lookback: float = 600.0  # seconds before the run's start an order may count as new
    waiting_threads: int = 64  # groups that may wait for orders at once

    def __post_init__(self) -> None:
        if self.parallelism < 1:
            raise ValueError("parallelism must be at least 1")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")
        if self.max_rounds < 1:
            raise ValueError("max_rounds must be at least 1")


class Deadline:
    """The end of the run; cancel() ends it at once (an interrupt in the main thread)."""

    def __init__(self, at: float) -> None:
        self._at = at

    def __call__(self) -> float:
        return self._at

    def cancel(self) -> None:
        self._at = float("-inf")


@dataclass
class RunContext:
    """Shared, thread-safe state of one run."""

    api: NumbersApi
    options: ApplyOptions
    run_id: str
    deadline: Deadline
    since: datetime  # orders placed after this may be another run's and unaccounted for
    known: frozenset[str]  # every number the plan saw the account hold
    emit: EventSink
    active: threading.BoundedSemaphore
    listing: OrderListing  # the account's recent orders, for the pre-order check
    in_flight: InFlight  # the account's orders still running, for polling
    moves_in_flight: InFlight | None = None  # the account's move orders still running
    claims: Claims = field(default_factory=Claims)  # numbers the run's groups have on order
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _rng: random.Random = field(default_factory=random.Random)

    @property
    def clock(self) -> Clock:
        return self.options.clock

    def expired(self) -> bool:
        return self.clock.now() >= self.deadline()

    def rng(self) -> random.Random:
        """Return a generator for one group's jitter (seeded from the run's)."""
        with self._lock:
            return random.Random(self._rng.random())

    def seed(self, seed: int) -> None:
        self._rng.seed(seed)

    def send(self, event: ApplyEvent) -> None:
        with self._lock:
            self.emit(event)


def lookback(options: ApplyOptions) -> datetime:
    """Return the instant after which orders of a group are checked for being unaccounted."""
    return options.wall_clock() - timedelta(seconds=options.lease_lookback)
