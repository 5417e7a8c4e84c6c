"""The sandbox's own copy of the order states (the sandbox never imports numspec's client).

It must name the same states and sets as numspec.bandwidth.states; a test compares them.
RECEIVED -> PROCESSING -> COMPLETE | PARTIAL | FAILED | BACKORDERED; a BACKORDERED order is
finished for the poller but still brings numbers (it completes when the pool can fill it).
The state machine that moves orders between them: numspec.sandbox.order_machine.
"""

from __future__ import annotations

from enum import StrEnum


class OrderStatus(StrEnum):
    """An order's (or disconnect's) status, spelled as the API and the database spell it."""

    RECEIVED = "RECEIVED"
    PROCESSING = "PROCESSING"
    COMPLETE = "COMPLETE"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"
    BACKORDERED = "BACKORDERED"


RECEIVED = OrderStatus.RECEIVED
PROCESSING = OrderStatus.PROCESSING
COMPLETE = OrderStatus.COMPLETE
PARTIAL = OrderStatus.PARTIAL
FAILED = OrderStatus.FAILED
BACKORDERED = OrderStatus.BACKORDERED

ALL = tuple(OrderStatus)
WAITING = frozenset({RECEIVED, PROCESSING})
FINAL = frozenset({COMPLETE, PARTIAL, FAILED, BACKORDERED})
STILL_BRINGING = frozenset({RECEIVED, PROCESSING, BACKORDERED})
BROUGHT_NUMBERS = frozenset({COMPLETE, PARTIAL})
DISCONNECT_FINAL = frozenset({COMPLETE, PARTIAL, FAILED})
