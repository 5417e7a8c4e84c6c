"""Wait for asynchronous orders: poll with a growing, jittered interval until a final state."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

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
    """The interval between polls: half the time waited so far, within [initial, maximum].

    Growing with the elapsed time keeps the number of polls logarithmic in the order's latency
    while the last poll lands at most ~50% after the order finished (a doubling interval can
    land 100% after it). Jitter spreads the polls of many orders placed together.
    """

    initial: float = 0.25
    maximum: float = 5.0
    jitter: float = 0.2

    def interval(self, elapsed: float, rng: random.Random) -> float:
        base = min(self.maximum, max(self.initial, elapsed / 2))
        return base * (1 + rng.uniform(-self.jitter, self.jitter))


class Timeout(Exception):
    """The deadline passed before every order reached a final state."""

    def __init__(self, unfinished: dict[str, str]) -> None:
        self.unfinished = unfinished
        ids = ", ".join(f"{i} ({s})" for i, s in sorted(unfinished.items()))
        super().__init__(f"timed out waiting for order {ids}")


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
) -> dict[str, T]:
    """Poll every id until its state is final; return the final states, or raise Timeout."""
    last: dict[str, T] = dict(first or {})
    waiting = [i for i in ids if i not in last or not is_final(last[i])]
    started = clock.now()
    while waiting:
        for order_id in list(waiting):
            try:
                last[order_id] = fetch(order_id)
            except TRANSIENT as e:
                log.info("polling %s: %s; will ask again", order_id, e)
                continue
            if is_final(last[order_id]):
                waiting.remove(order_id)
        if not waiting:
            break
        now, end = clock.now(), deadline()
        if now >= end:
            raise Timeout({i: last[i].status if i in last else "unknown" for i in waiting})
        clock.sleep(min(backoff.interval(now - started, rng), end - now))
    return last
