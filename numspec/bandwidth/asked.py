"""What each order placed by this client asked for, by order id.

A FAILED or PARTIAL order read back with GET can echo `<ExistingTelephoneNumberOrderType/>`
empty: no number list, no quantity (docs/wire.md, "Order echoes"). The client therefore never
reads what an order asked for from the echo when it placed the order itself: it remembers.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from numspec.bandwidth.models import NumbersOrder, Order, OrderRequest


def quantity_of(request: OrderRequest) -> int:
    """Return how many numbers a request asks for (its numbers, or its search's Quantity)."""
    if isinstance(request, NumbersOrder):
        return len(request.numbers)
    return request.quantity


class AskedFor:
    """Thread-safe: order id -> (numbers asked for, quantity asked for)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._asked: dict[str, tuple[tuple[str, ...], int]] = {}

    def remember(self, order_id: str, request: OrderRequest) -> None:
        """Record what the order with this id asked for."""
        with self._lock:
            numbers = request.numbers if isinstance(request, NumbersOrder) else ()
            self._asked[order_id] = (numbers, quantity_of(request))

    def fill(self, order: Order) -> Order:
        """Return the order with what it asked for taken from memory (the echo when unknown)."""
        with self._lock:
            asked = self._asked.get(order.order_id)
        if asked is None:
            return order
        numbers, quantity = asked
        return replace(order, requested_numbers=numbers, requested_quantity=quantity)
