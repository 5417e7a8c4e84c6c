"""Reply shapes -> models, for orders, disconnects and reservations.

Tolerates every documented variant (docs/bandwidth-api.md §3): `COMPLETE` and the seed
guide's `COMPLETED`; `CompletedNumbers/TelephoneNumber/FullNumber` and the seed's
`CompletedNumbers/FullNumber`; `FailedNumbers/FullNumber`; an empty `<ErrorList/>`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime

from numspec import phone
from numspec.bandwidth import error_codes
from numspec.bandwidth.models import (
    Disconnect,
    ErrorEntry,
    Order,
    OrderSummary,
    Reservation,
)
from numspec.bandwidth.parse import fields
from numspec.bandwidth.states import OrderState, order_state
from numspec.bandwidth.xmlio import Element, child, children, local, path, text

logger = logging.getLogger(__name__)


def status(raw: str | None) -> OrderState:
    """Return an order status as its state (COMPLETED -> COMPLETE); ValueError if unknown."""
    return order_state(raw)


# The v2 spec's disconnect listing writes the time with dashes: 2014-01-10T17-34-15.797Z.
_DASHED_TIME = re.compile(r"T(\d{2})-(\d{2})-(\d{2})")


def timestamp(raw: str | None) -> datetime | None:
    """Parse an ISO-8601 timestamp (`2024-09-05T23:34:31.553Z`, or with dashes in the time as
    `2014-01-10T17-34-15.797Z`); None if absent or odd."""
    if not raw:
        return None
    value = _DASHED_TIME.sub(r"T\1:\2:\3", raw.strip(), count=1)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _numbers_in(holder: Element | None) -> Iterator[str]:
    """Yield numbers held as `TelephoneNumber`, `TelephoneNumber/FullNumber` or `FullNumber`."""
    for el in holder if holder is not None else ():
        if not isinstance(el.tag, str):
            continue
        name = local(el.tag)
        if name == "FullNumber" or (name == "TelephoneNumber" and len(el) == 0):
            raw = text(el)
        elif name == "TelephoneNumber":
            raw = text(el, "FullNumber")
        else:
            continue
        if raw is not None:
            yield phone.to_e164(raw)


def order_errors(holder: Element | None) -> tuple[ErrorEntry, ...]:
    """Parse `ErrorList/Error/{Code,Description,TelephoneNumber}` entries."""
    out: list[ErrorEntry] = []
    for error in children(holder, "Error"):
        number = text(error, "TelephoneNumber")
        out.append(
            ErrorEntry(
                code=text(error, "Code") or "",
                description=text(error, "Description") or "",
                number=phone.to_e164(number) if number else None,
            )
        )
    return tuple(out)


def _requested(order: Element | None) -> tuple[tuple[str, ...], int]:
    """Return the numbers an order asked for (Existing type) and its quantity (search types)."""
    existing = path(order, "ExistingTelephoneNumberOrderType", "TelephoneNumberList")
    if existing is not None:
        found = tuple(_numbers_in(existing))
        return found, len(found)
    for el in order if order is not None else ():
        if isinstance(el.tag, str) and local(el.tag).endswith("SearchAndOrderType"):
            quantity = text(el, "Quantity")
            return (), int(quantity) if quantity and quantity.isdigit() else 0
    return (), 0


def order(root: Element | None, fallback_id: str | None = None) -> Order:
    """Parse `OrderResponse` from POST (201) or GET /orders/{id}."""
    echo = child(root, "Order")
    requested, quantity = _requested(echo)
    order_id = text(echo, "id") or text(echo, "OrderId") or text(root, "OrderId") or fallback_id
    errors = order_errors(child(root, "ErrorList")) + order_errors(child(echo, "ErrorList"))
    # numbers-java-sdk: 5019 in an order's ErrorList says "order is pending", not a failure.
    errors = tuple(e for e in errors if not error_codes.is_pending(e.code))
    return Order(
        order_id=order_id or "",
        status=status(text(root, "OrderStatus")),
        customer_order_id=text(echo, "CustomerOrderId"),
        name=text(echo, "Name"),
        site_id=text(echo, "SiteId"),
        location_id=text(echo, "PeerId"),
        requested_numbers=requested,
        requested_quantity=quantity,
        completed_numbers=tuple(_numbers_in(child(root, "CompletedNumbers"))),
        failed_numbers=tuple(_numbers_in(child(root, "FailedNumbers"))),
        errors=errors,
        summary=text(root, "Summary"),
        created=timestamp(text(echo, "OrderCreateDate")),
    )


def order_list(root: Element | None) -> list[OrderSummary]:
    """Parse `ResponseSelectWrapper/ListOrderIdUserIdDate/OrderIdUserIdDate` entries."""
    listing = child(root, "ListOrderIdUserIdDate")
    out: list[OrderSummary] = []
    for f in map(fields, children(listing, "OrderIdUserIdDate")):
        order_id = f.get("orderId") or f.get("OrderId") or f.get("id")
        if not order_id:
            continue
        try:
            state = status(f.get("OrderStatus"))
        except ValueError as e:  # one odd entry must not hide the others
            logger.warning("orders listing: %s in order %s; entry skipped", e, order_id)
            continue
        count = f.get("CountOfTNs", "0")
        out.append(
            OrderSummary(
                order_id=order_id,
                status=state,
                customer_order_id=f.get("CustomerOrderId"),
                order_date=timestamp(f.get("OrderDate")),
                count_of_tns=int(count) if count.isdigit() else 0,
            )
        )
    return out


def is_listing(body: str) -> bool:
    """Return whether an error reply's body is still a listing (an empty disconnects listing
    is documented as a 404 holding `ListOrderIdUserIdDate` with `<Links><first>`)."""
    return "ListOrderIdUserIdDate" in body or "<Links>" in body


def disconnect(root: Element | None, fallback_id: str | None = None) -> Disconnect:
    """Parse `DisconnectTelephoneNumberOrderResponse` (POST 201 and GET)."""
    request = child(root, "orderRequest")
    if request is None:
        request = child(root, "OrderRequest")
    kind = child(request, "DisconnectTelephoneNumberOrderType")
    requested = tuple(_numbers_in(child(kind, "TelephoneNumberList")))
    done = tuple(_numbers_in(child(root, "DisconnectedTelephoneNumberList")))
    order_id = text(request, "id") or text(root, "OrderId") or fallback_id
    return Disconnect(
        order_id=order_id or "",
        status=status(text(root, "OrderStatus")),
        customer_order_id=text(request, "CustomerOrderId"),
        numbers=requested or done,
        errors=order_errors(child(root, "ErrorList")),
        disconnected_numbers=done,
    )


def reservation(root: Element | None, fallback_id: str = "") -> Reservation:
    """Parse `ReservationResponse/Reservation`."""
    held = child(root, "Reservation")
    raw_tn = text(held, "ReservedTn")
    expires = text(held, "ReservationExpires")
    return Reservation(
        reservation_id=text(held, "ReservationId") or fallback_id,
        number=phone.to_e164(raw_tn) if raw_tn else "",
        expires_in_seconds=int(expires) if expires and expires.isdigit() else None,
    )
