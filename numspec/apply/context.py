"""What every group of one apply run shares: the user's options, the runtime, the API, time."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from numspec.apply.admission import Admission
from numspec.apply.events import ApplyEvent, EventSink
from numspec.apply.lease import OrderListing
from numspec.apply.number_claims import Claims
from numspec.apply.polling import SHARED, Backoff, Clock, InFlight
from numspec.bandwidth.api import NumbersApi

if TYPE_CHECKING:
    from numspec.inventory.model import Inventory
    from numspec.plan.plan_model import Plan


class Planner(Protocol):
    """make_plan's signature: when the Runtime has one, apply re-plans with it at the end."""

    def __call__(
        self, inventory: Inventory, api: NumbersApi, *, targets: tuple[str, ...] = ...
    ) -> Plan: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


SYSTEM_CLOCK = Clock(now=time.monotonic, sleep=time.sleep)


@dataclass(frozen=True)
class ApplyOptions:
    """What the user chooses for one apply run (the CLI's flags); the defaults are the CLI's."""

    timeout: float = 1800.0  # seconds for the whole run
    parallelism: int = 8  # groups searching and ordering at once
    reserve: bool = False  # reserve NANP numbers between search and order
    allow_disconnect: bool = False

    def __post_init__(self) -> None:
        if self.parallelism < 1:
            raise ValueError("parallelism must be at least 1")
        if self.timeout <= 0:
            raise ValueError("timeout must be positive")


@dataclass(frozen=True)
class Runtime:
    """How a run meets time, chance and its own limits: production defaults, no user choice.

    The CLI never builds one; tests pass their own (a fast backoff, a seed, a fixed run id).
    """

    clock: Clock = SYSTEM_CLOCK
    wall_clock: Callable[[], datetime] = _utcnow
    backoff: Backoff = SHARED
    seed: int | None = None  # jitter seed; None: fresh jitter per run
    run_id: str | None = None  # None: a fresh one per run
    planner: Planner | None = None  # re-plan at the end; default: recount the sites changed
    # A group gives up after this many search-and-order rounds that brought no number (all
    # taken by others); a round that brings any does not count, so a group that makes progress
    # goes on (at most its quantity + max_rounds rounds).
    max_rounds: int = 5
    lease_lookback: float = 600.0  # seconds before the run's start an order may count as new
    waiting_threads: int = 64  # groups that may wait for orders at once

    def __post_init__(self) -> None:
        if self.max_rounds < 1:
            raise ValueError("max_rounds must be at least 1")


PRODUCTION = Runtime()


class Deadline:
    """The end of the run; cancel() ends it at once (an interrupt in the main thread)."""

    def __init__(self, at: float) -> None:
        self._at = at

    def __call__(self) -> float:
        return self._at

    def cancel(self) -> None:
        self._at = float("-inf")


@dataclass(frozen=True)
class AccountAtStart:
    """What the run knows of the account before it changes anything."""

    known: frozenset[str]  # every number the plan saw the account hold
    since: datetime  # orders placed after this may be another run's and unaccounted for
    listing: OrderListing  # the account's recent orders, for the pre-order check
    in_flight: InFlight  # the account's orders still running, for polling
    moves_in_flight: InFlight | None = None  # the account's move orders still running


class Events:
    """The run's event sink, fed by one thread at a time."""

    def __init__(self, emit: EventSink) -> None:
        self._emit = emit
        self._lock = threading.Lock()

    def send(self, event: ApplyEvent) -> None:
        with self._lock:
            self._emit(event)


class Jitter:
    """Hands each group its own generator for jitter, drawn from one seedable source."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def rng(self) -> random.Random:
        with self._lock:
            return random.Random(self._rng.random())


@dataclass
class RunContext:
    """What the groups of one run share; each part is thread-safe."""

    api: NumbersApi
    options: ApplyOptions
    runtime: Runtime
    run_id: str
    deadline: Deadline
    account: AccountAtStart
    events: Events
    active: Admission  # admits `options.parallelism` groups at once, larger shortfalls first
    claims: Claims = field(default_factory=Claims)  # numbers the run's groups have on order
    jitter: Jitter = field(default_factory=Jitter)

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    def expired(self) -> bool:
        return self.clock.now() >= self.deadline()

    def rng(self) -> random.Random:
        """Return a generator for one group's jitter (seeded from the run's)."""
        return self.jitter.rng()

    def send(self, event: ApplyEvent) -> None:
        self.events.send(event)


def lookback(runtime: Runtime) -> datetime:
    """Return the instant after which orders of a group are checked for being unaccounted."""
    return runtime.wall_clock() - timedelta(seconds=runtime.lease_lookback)
