"""Move orders (moveTns): numbers change site or location without leaving the account.

`POST /accounts/{id}/moveTns` places an asynchronous move of 1 to 5,000 numbers to a site (and
location); `GET …/moveTns/{id}` reads it, `GET …/moveTns` lists them (docs/bandwidth-api.md
§8). A POST whose reply may have been lost is looked up by its CustomerOrderId before it is sent
again, as orders are (numspec.bandwidth.exactly_once), so a move is never placed twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import requests

from numspec import phone
from numspec.bandwidth.exchange import Exchange
from numspec.bandwidth.models import ErrorEntry
from numspec.bandwidth.parse import fields
from numspec.bandwidth.parse_orders import status as order_status
from numspec.bandwidth.parse_orders import timestamp
from numspec.bandwidth.transport import Call
from numspec.bandwidth.xmlio import Element, child, children, element, sub, text, to_bytes
from numspec.errors import ApiError

MAX_MOVE = 5000  # numbers per move order
MOVES_PAGE = 1000  # move orders per listing request
FINAL = frozenset({"COMPLETE", "PARTIAL", "FAILED"})
CUSTOMER_ORDER_ID = re.compile(r"[A-Za-z0-9 -]{1,40}")  # as on orders (docs/bandwidth-api.md §3)


@dataclass(frozen=True)
class MoveRequest:
    """A move of numbers (already on the account) to a site and, optionally, a location."""

    site_id: str
    numbers: tuple[str, ...]
    customer_order_id: str
    location_id: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= len(self.numbers) <= MAX_MOVE:
            raise ValueError(f"a move order names 1 to {MAX_MOVE} numbers, not {len(self.numbers)}")
        if not CUSTOMER_ORDER_ID.fullmatch(self.customer_order_id):
            raise ValueError(
                "a move order's CustomerOrderId has 1 to 40 letters, digits, dashes or spaces"
            )


@dataclass(frozen=True)
class Move:
    """A move order as the API reports it."""

    order_id: str
    status: str  # RECEIVED | PROCESSING | COMPLETE | PARTIAL | FAILED
    customer_order_id: str | None = None
    site_id: str | None = None
    location_id: str | None = None
    numbers: tuple[str, ...] = ()  # the numbers the order names
    errors: tuple[ErrorEntry, ...] = ()  # one per number not moved (7518: not active)
    created: datetime | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def failed_numbers(self) -> tuple[str, ...]:
        return tuple(e.number for e in self.errors if e.number)

    @property
    def moved_numbers(self) -> tuple[str, ...]:
        """The numbers moved: all on COMPLETE, none on FAILED, the others on PARTIAL."""
        if self.status == "COMPLETE":
            return self.numbers
        if self.status != "PARTIAL":
            return ()
        failed = set(self.failed_numbers)
        return tuple(n for n in self.numbers if n not in failed)


@dataclass(frozen=True)
class MoveSummary:
    """One entry of the move-order listing."""

    order_id: str
    status: str
    customer_order_id: str | None = None
    order_date: datetime | None = None
    count_of_tns: int = 0


# -- documents and replies ------------------------------------------------------------------


def document(request: MoveRequest) -> bytes:
    """Return the `<MoveTnsOrder>` body for POST /moveTns."""
    root = element("MoveTnsOrder")
    sub(root, "CustomerOrderId", request.customer_order_id)
    sub(root, "SiteId", request.site_id)
    if request.location_id:
        sub(root, "SipPeerId", request.location_id)
    tns = sub(root, "TelephoneNumbers")
    for number in request.numbers:
        sub(tns, "TelephoneNumber", number)
    return to_bytes(root)


def _numbers(holder: Element | None) -> tuple[str, ...]:
    return tuple(
        phone.to_e164(n) for n in (text(e) for e in children(holder, "TelephoneNumber")) if n
    )


def _errors(order: Element | None) -> tuple[ErrorEntry, ...]:
    """`Errors/Error/{Code, Description, TelephoneNumbers/TelephoneNumber*}`: one per number."""
    out: list[ErrorEntry] = []
    for holder in children(order, "Errors"):
        for error in [*children(holder, "Error")] or [holder]:
            code, description = text(error, "Code") or "", text(error, "Description") or ""
            numbers = _numbers(child(error, "TelephoneNumbers"))
            out += [ErrorEntry(code, description, n) for n in numbers]
            if not numbers and code:
                out.append(ErrorEntry(code, description))
    return tuple(out)


def parse_move(root: Element | None, fallback_id: str | None = None) -> Move:
    """Parse a bare `MoveTnsOrder` (GET) or `MoveTnsOrderResponse/MoveTnsOrder` (POST 201)."""
    inner = child(root, "MoveTnsOrder")
    order = inner if inner is not None else root
    order_id = text(order, "OrderId") or fallback_id
    if not order_id:
        raise ValueError("a move order without an OrderId")
    return Move(
        order_id=order_id,
        status=order_status(text(order, "ProcessingStatus") or text(root, "ProcessingStatus")),
        customer_order_id=text(order, "CustomerOrderId"),
        site_id=text(order, "SiteId"),
        location_id=text(order, "SipPeerId"),
        numbers=_numbers(child(order, "TelephoneNumbers")),
        errors=_errors(order),
        created=timestamp(text(order, "OrderCreateDate")),
    )


def parse_listing(root: Element | None) -> list[MoveSummary]:
    """Parse `MoveTnsOrders/MoveTnsOrderSummary` entries."""
    out: list[MoveSummary] = []
    for f in map(fields, children(root, "MoveTnsOrderSummary")):
        order_id = f.get("OrderId") or f.get("orderId")
        if not order_id:
            continue
        count = f.get("CountOfTNs", "0")
        out.append(
            MoveSummary(
                order_id=order_id,
                status=order_status(f.get("OrderStatus")),
                customer_order_id=f.get("CustomerOrderId"),
                order_date=timestamp(f.get("OrderDate")),
                count_of_tns=int(count) if count.isdigit() else 0,
            )
        )
    return out


def chunks(numbers: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """Split numbers into move orders of at most MAX_MOVE, in the given order."""
    batch: list[str] = []
    for number in numbers:
        batch.append(number)
        if len(batch) == MAX_MOVE:
            yield tuple(batch)
            batch = []
    if batch:
        yield tuple(batch)


# -- the endpoint methods -------------------------------------------------------------------


class PostOnce(Protocol):
    def __call__(
        self,
        call: Call,
        customer_order_id: str | None,
        lookup: Callable[[str], Move | None] | None,
        made: Callable[[Call, requests.Response], Move],
    ) -> Move: ...


class MoveOrders:
    """moveTns over a client's exchange; `BandwidthClient` exposes these methods."""

    def __init__(
        self,
        exchange: Exchange,
        account_url: Callable[..., str],
        post_once: PostOnce,
        now: Callable[[], float],
    ) -> None:
        self._exchange = exchange
        self._url = account_url
        self._post_once = post_once
        self._now = now

    def create(self, request: MoveRequest) -> Move:
        """Place a move order; never creates a second one for the same CustomerOrderId."""
        call = Call("POST", self._url("moveTns"), body=document(request), idempotent=False)
        return self._post_once(call, request.customer_order_id, self.find, self._made)

    def _made(self, call: Call, response: requests.Response) -> Move:
        made, root = self._exchange.created(call, response, parse_move)
        if not made.order_id:
            raise ApiError("the API created a move without an id", method="POST", path=call.path)
        return made if made.numbers else self.get(made.order_id)

    def get(self, order_id: str) -> Move:
        """Return a move order's current state."""
        return self._exchange.fetch(
            Call("GET", self._url("moveTns", order_id)), parse_move, order_id
        )

    def list(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[MoveSummary]:
        """Return move orders, newest first, following every page (filters checked again)."""
        wanted = {s.upper() for s in statuses}
        params = [("size", str(MOVES_PAGE))]
        if customer_order_id:
            params.append(("customerOrderId", customer_order_id))
        if since is not None:
            tomorrow = datetime.fromtimestamp(self._now(), UTC).date() + timedelta(days=1)
            params += [
                ("createdDateFrom", _utc(since).date().isoformat()),
                ("createdDateTo", tomorrow.isoformat()),
            ]
        found = self._exchange.pages(self._url("moveTns"), params, parse_listing)
        kept = [
            m
            for m in found
            if (not customer_order_id or (m.customer_order_id or "").strip() == customer_order_id)
            and (not wanted or m.status in wanted)
            and not (since and m.order_date and _utc(m.order_date) < _utc(since))
        ]
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(
            kept, key=lambda m: _utc(m.order_date) if m.order_date else oldest, reverse=True
        )

    def find(self, customer_order_id: str) -> Move | None:
        """Return the newest move order with exactly this CustomerOrderId, or None."""
        found = self.list(customer_order_id=customer_order_id)
        return self.get(found[0].order_id) if found else None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
