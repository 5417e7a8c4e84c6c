"""The states of a number order or a disconnect, and the named sets the core reasons with.

The API spells a finished order `COMPLETE` (every captured reply); an older guide says
`COMPLETED`, read as the same state. See docs/wire.md, "Order states".

BACKORDERED has two meanings, so it sits in two sets on purpose:
- it is FINAL for waiting: the order placed what it could now, polling it again in this run
  brings nothing new;
- it is STILL_BRINGING for planning: the rest of its quantity arrives over days or weeks, so the
  plan counts it as on order and never orders those numbers a second time.
"""

from __future__ import annotations

from enum import StrEnum


class OrderState(StrEnum):
    """The `OrderStatus` of a number order or a disconnect."""

    RECEIVED = "RECEIVED"
    PROCESSING = "PROCESSING"
    COMPLETE = "COMPLETE"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"
    BACKORDERED = "BACKORDERED"


# The server has not decided yet: keep polling.
WAITING = frozenset({OrderState.RECEIVED, OrderState.PROCESSING})
# Nothing more to wait for in this run (BACKORDERED included: see the module docstring).
FINAL = frozenset(
    {OrderState.COMPLETE, OrderState.PARTIAL, OrderState.FAILED, OrderState.BACKORDERED}
)
# The order may still bring numbers to the account: the plan counts them as on order.
STILL_BRINGING = frozenset({OrderState.RECEIVED, OrderState.PROCESSING, OrderState.BACKORDERED})
# Finished orders that brought numbers: where a held number's group tag can be read from.
BROUGHT_NUMBERS = frozenset({OrderState.COMPLETE, OrderState.PARTIAL})
# A disconnect is never backordered: these are its final states.
DISCONNECT_FINAL = frozenset({OrderState.COMPLETE, OrderState.PARTIAL, OrderState.FAILED})

# Spellings seen in the wild -> the state they mean.
_ALIASES = {"COMPLETED": OrderState.COMPLETE}


def order_state(raw: str | None) -> OrderState:
    """Read an `OrderStatus` value; absent means RECEIVED (a 201 may carry none).

    Raise ValueError for a value no source documents, so the reply is reported as unreadable
    instead of being waited on until the deadline.
    """
    value = (raw or "").strip().upper()
    if not value:
        return OrderState.RECEIVED
    if value in _ALIASES:
        return _ALIASES[value]
    try:
        return OrderState(value)
    except ValueError:
        raise ValueError(f"unknown order status {raw!r}") from None


def names(states: frozenset[OrderState]) -> tuple[str, ...]:
    """Return the states of a set as the orders listing's `status` filter names them, sorted."""
    return tuple(sorted(s.value for s in states))
