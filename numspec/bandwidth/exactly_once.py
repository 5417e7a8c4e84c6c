"""Exactly-once POSTs for orders and disconnects, and the listing queries that make it possible.

A POST that may have reached the server (a read timeout after sending, a dropped connection, a
5xx) is never blindly repeated: the order is first looked up by its CustomerOrderId; if it is
there, that order is the answer; only if it is not is the POST sent again, a bounded number of
times. A 429 or a refused connection means the request was not processed, and the
transport repeats those itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import requests

from numspec.bandwidth.models import OrderSummary
from numspec.bandwidth.transport import Call, MaybeSent, Transport
from numspec.errors import NotFoundError

logger = logging.getLogger(__name__)

T = TypeVar("T")

ORDERS_PAGE = 1000  # orders and disconnects listings (docs/bandwidth-api.md §3)


def post_once(
    transport: Transport,
    call: Call,
    customer_order_id: str | None,
    lookup: Callable[[str], T | None] | None,
    made: Callable[[Call, requests.Response], T],
    *,
    attempts: int,
    sleep: Callable[[float], None],
) -> T:
    """Send a POST; after an uncertain failure, look the result up before sending it again."""
    tries = 0
    while True:
        try:
            return made(call, transport.request(call))
        except MaybeSent as e:
            tries += 1
            if lookup is None or customer_order_id is None or tries >= attempts:
                raise e.cause from e
            logger.warning(
                "%s %s may have reached the server (%s); looking for CustomerOrderId %s before "
                "trying again",
                call.method,
                call.path,
                e.cause,
                customer_order_id,
            )
            sleep(transport.backoff(tries))
            try:
                found = lookup(customer_order_id)
            except NotFoundError as lookup_failed:  # no listing to check: do not risk a repeat
                raise e.cause from lookup_failed
            if found is not None:
                logger.info(
                    "found CustomerOrderId %s on the server; not posting again", customer_order_id
                )
                return found


def listing_params(
    customer_order_id: str | None, statuses: Iterable[str], since: datetime | None, now: float
) -> list[tuple[str, str]]:
    """Return the query of an orders (or disconnects) listing."""
    params = [("size", str(ORDERS_PAGE))]
    if customer_order_id:
        params.append(("customerOrderId", customer_order_id))
    wanted = sorted({s.upper() for s in statuses})
    if wanted:
        params.append(("status", ",".join(wanted)))
    if since is not None:
        tomorrow = datetime.fromtimestamp(now, UTC).date() + timedelta(days=1)
        params += [("startdate", _utc(since).date().isoformat()), ("enddate", tomorrow.isoformat())]
    return params


def keep(
    entry: OrderSummary,
    customer_order_id: str | None,
    statuses: Iterable[str],
    since: datetime | None,
) -> bool:
    """Apply the listing's filters again on the client: servers may ignore some of them."""
    wanted = {s.upper() for s in statuses}
    if customer_order_id and (entry.customer_order_id or "").strip() != customer_order_id:
        return False
    if wanted and entry.status not in wanted:
        return False
    return not (since and entry.order_date and _utc(entry.order_date) < _utc(since))


def newest_first(entries: list[OrderSummary]) -> list[OrderSummary]:
    """Sort a listing newest first (entries without a date last), stable otherwise."""
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(
        entries, key=lambda e: _utc(e.order_date) if e.order_date else oldest, reverse=True
    )


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
