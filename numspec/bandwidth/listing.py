"""The orders and disconnects listings, read as the real API answers them (docs/wire.md).

- An empty orders listing may be a 200 with `TotalCount` 0 or a 204; an empty disconnects
  listing is documented as a 404 whose body is still a listing (`<Links><first>`): all empty.
- A `status` filter the server refuses (400) falls back, for the rest of the client's life, to a
  date-bounded listing filtered on the client.
- Every filter is applied again on the client: servers may ignore some of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from numspec.bandwidth import exactly_once, parse_orders
from numspec.bandwidth.exchange import Exchange
from numspec.bandwidth.models import OrderSummary
from numspec.errors import ApiError, NotFoundError

logger = logging.getLogger(__name__)

# Without dates the listings cover the last two years; the fallback bounds itself the same way.
DEFAULT_SPAN = timedelta(days=730)


class Listings:
    """Read `/orders` or `/disconnects` listings of one account; thread-safe."""

    def __init__(
        self, exchange: Exchange, url: Callable[[str], str], now: Callable[[], float]
    ) -> None:
        self._exchange = exchange
        self._url = url
        self._now = now
        self._status_filter = True  # False once the server refused a status filter

    def read(
        self,
        kind: str,
        customer_order_id: str | None,
        statuses: Iterable[str],
        since: datetime | None,
    ) -> list[OrderSummary]:
        """Return the entries of a listing that pass every filter, newest first."""
        statuses = tuple(statuses)
        if statuses and self._status_filter:
            try:
                entries = self._entries(kind, customer_order_id, statuses, since)
            except ApiError as e:
                if type(e) is not ApiError or e.status != 400:
                    raise
                logger.warning(
                    "the %s listing refused the status filter (%s); listing by date and "
                    "filtering here from now on",
                    kind,
                    e,
                )
                self._status_filter = False
                return self.read(kind, customer_order_id, statuses, since)
        else:
            bound = since
            if statuses and bound is None:
                bound = datetime.fromtimestamp(self._now(), UTC) - DEFAULT_SPAN
            entries = self._entries(kind, customer_order_id, (), bound)
        kept = [e for e in entries if exactly_once.keep(e, customer_order_id, statuses, since)]
        return exactly_once.newest_first(kept)

    def _entries(
        self,
        kind: str,
        customer_order_id: str | None,
        statuses: tuple[str, ...],
        since: datetime | None,
    ) -> list[OrderSummary]:
        params = exactly_once.listing_params(customer_order_id, statuses, since, self._now())
        entries: list[OrderSummary] = []
        try:
            for entry in self._exchange.pages(self._url(kind), params, parse_orders.order_list):
                entries.append(entry)
        except NotFoundError as e:
            if entries or not parse_orders.is_listing(e.body):
                raise
        return entries
