"""The sandbox's own copy of the order states (the sandbox never imports numspec's client).

It must name the same states and sets as numspec.bandwidth.states; a test compares them.
RECEIVED -> PROCESSING -> COMPLETE | PARTIAL | FAILED | BACKORDERED; a BACKORDERED order is
finished for the poller but still brings numbers (it completes when the pool can fill it).
"""

from __future__ import annotations

RECEIVED = "RECEIVED"
PROCESSING = "PROCESSING"
COMPLETE = "COMPLETE"
PARTIAL = "PARTIAL"
FAILED = "FAILED"
BACKORDERED = "BACKORDERED"

ALL = (RECEIVED, PROCESSING, COMPLETE, PARTIAL, FAILED, BACKORDERED)
WAITING = frozenset({RECEIVED, PROCESSING})
FINAL = frozenset({COMPLETE, PARTIAL, FAILED, BACKORDERED})
STILL_BRINGING = frozenset({RECEIVED, PROCESSING, BACKORDERED})
BROUGHT_NUMBERS = frozenset({COMPLETE, PARTIAL})
DISCONNECT_FINAL = frozenset({COMPLETE, PARTIAL, FAILED})
