"""How concurrent applies stay out of each other's way.

"The order is the lease": an order tagged for a group (its CustomerOrderId carries the group,
not the run) tells every other run that the group's shortfall is being filled. Immediately
before each POST a run lists the account's recent orders (a check uses the run's last listing
if it was sent at most the pace between two listings ago, else sends one) and looks for this
group's orders it has not accounted for; if it finds any it waits for them and counts again
instead of ordering.
The local lock file additionally serialises runs that share one checkout. docs/safety.md states
exactly what this guarantees and the window that remains.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from numspec.bandwidth import ratelimit
from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import OrderSummary
from numspec.plan import tags
from numspec.statedir import state_dir

log = logging.getLogger(__name__)

LOCK_NAME = "apply.lock"
# A listing serves every check and poll of the run: it goes before their own requests.
LISTING_PRIORITY = 1e9


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class OrderListing:
    """The account's recent orders, one listing shared by the checks of a run's groups.

    A check uses a listing sent at most `gap` before it began (`for_check`), so sharing makes
    the listing at most `gap` older than one of its own; a poll asks for one sent after a
    given instant (`read`). Refreshes are single-flight, so every caller that needs a newer
    listing while one is on its way is served by the next one, and a burst of checks and polls
    costs a few listings instead of one each. Orders this run
    places are not added: the check looks for *other runs'* orders of a group; a group accounts
    its own orders itself, and this run's other groups carry other tags.
    """

    def __init__(
        self,
        api: NumbersApi,
        since: datetime,
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], None] | None = None,
        gap: float = 0.0,
    ) -> None:
        self._api = api
        self._since = since
        self._clock = clock
        # Listings are sent at least `gap` seconds apart: a caller that needs a newer one
        # waits out the gap, and every caller that asks meanwhile is served by the same one.
        self._sleep = sleep
        self._gap = gap if sleep is not None else 0.0
        self._lock = threading.Lock()
        self._sent = float("-inf")
        self._orders: list[OrderSummary] = []

    def for_check(self) -> list[OrderSummary]:
        """Return the orders as a pre-order check sees them: listed at most `gap` ago.

        A listing that recent is used as it is; an older one is replaced at once (the pace
        allows it: the last was sent more than `gap` ago), so a check never waits. What this
        costs in the lease's window is stated in docs/safety.md.
        """
        return self.read(after=self._clock() - self._gap)[1]

    def recent(self, *, after: float) -> list[OrderSummary]:
        """Return the orders placed since the run's look-back, as listed at or after `after`."""
        return self.read(after=after)[1]

    def read(self, *, after: float) -> tuple[float, list[OrderSummary]]:
        """Return when the listing `recent` returns was sent, and the listing."""
        with self._lock:
            if self._sent < after:
                wait = self._sent + self._gap - self._clock()
                if wait > 0 and self._sleep is not None:
                    self._sleep(wait)
                sent = self._clock()
                with ratelimit.priority(LISTING_PRIORITY):
                    self._orders = self._api.list_orders(since=self._since)
                self._sent = sent
            return self._sent, self._orders

    def states(self, after: float) -> tuple[float, dict[str, str]]:
        """Return `read`'s listing as each order's state: the polls of a run share it."""
        sent, orders = self.read(after=after)
        return sent, {s.order_id: s.status for s in orders}


def unaccounted_orders(
    orders: Iterable[OrderSummary],
    address: str,
    *,
    accounted: Collection[str],
    since: datetime,
) -> list[OrderSummary]:
    """Return this group's orders placed since `since` that the caller has not accounted for.

    Orders of every run count (the tag names the group), including ones already final: an
    order another run completed after this run read the account adds numbers this run's plan
    does not know of.
    """
    group = tags.group_tag(address)
    found = []
    for summary in orders:
        parsed = tags.parse(summary.customer_order_id)
        if parsed is None or parsed.group != group or summary.order_id in accounted:
            continue
        if summary.order_date is not None and _aware(summary.order_date) < _aware(since):
            continue
        found.append(summary)
    return found


@contextlib.contextmanager
def local_lock(
    inventory_path: Path, *, on_wait: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold `.numspec/apply.lock` beside the inventory; wait while another apply holds it."""
    path = state_dir(inventory_path) / LOCK_NAME
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if on_wait is not None:
                on_wait(f"waiting for another apply in this directory ({holder}) to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
