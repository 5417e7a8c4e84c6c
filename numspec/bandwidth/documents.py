"""Request documents (XML bodies), built with lxml."""

from __future__ import annotations

from collections.abc import Iterable

from numspec.bandwidth.models import NumbersOrder, OrderRequest, SearchOrder
from numspec.bandwidth.xmlio import element, sub, to_bytes


def _flag(value: bool) -> str:
    return "true" if value else "false"


def order(request: OrderRequest) -> bytes:
    """Return the `<Order>` body for POST /orders (Existing numbers or a search-and-order)."""
    root = element("Order")
    sub(root, "CustomerOrderId", request.customer_order_id)
    sub(root, "Name", request.name[:50])
    if isinstance(request, NumbersOrder):
        if not request.numbers:
            raise ValueError("an order of exact numbers names at least one number")
        kind = sub(root, "ExistingTelephoneNumberOrderType")
        tns = sub(kind, "TelephoneNumberList")
        for number in request.numbers:
            sub(tns, "TelephoneNumber", number)
        if request.reservation_ids:
            ids = sub(kind, "ReservationIdList")
            for reservation_id in request.reservation_ids:
                sub(ids, "ReservationId", reservation_id)
    else:
        kind = sub(root, request.order_type.value)
        for name, value in request.fields:
            sub(kind, name, value)
        sub(kind, "Quantity", str(request.quantity))
    sub(root, "SiteId", request.site_id)
    if request.location_id:
        sub(root, "PeerId", request.location_id)
    if request.voice_package:
        sub(root, "VoiceConfigurationPackageId", request.voice_package)
    if request.requirements_package:
        sub(root, "RequirementsPackageId", request.requirements_package)
    if request.auto_activate is not None:
        sub(root, "AutoActivate", _flag(request.auto_activate))
    sub(root, "PartialAllowed", _flag(request.partial_allowed))
    if isinstance(request, SearchOrder) and request.backorder:
        sub(root, "BackOrderRequested", "true")
    return to_bytes(root)


def disconnect(numbers: Iterable[str], customer_order_id: str) -> bytes:
    """Return the `<DisconnectTelephoneNumberOrder>` body for POST /disconnects."""
    root = element("DisconnectTelephoneNumberOrder")
    sub(root, "CustomerOrderId", customer_order_id)
    sub(root, "Name", f"numspec {customer_order_id}"[:50])
    kind = sub(root, "DisconnectTelephoneNumberOrderType")
    tns = sub(kind, "TelephoneNumberList")
    for number in numbers:
        sub(tns, "TelephoneNumber", number)
    return to_bytes(root)


def reservation(number: str) -> bytes:
    """Return the `<Reservation>` body for POST /tnreservation."""
    root = element("Reservation")
    sub(root, "ReservedTn", number)
    return to_bytes(root)
