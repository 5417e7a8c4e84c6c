"""Progress events apply reports while it works; renderers turn them into a display."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

EventKind = Literal[
    "waiting",  # waiting for an order (the plan's pending ones, or one this run placed)
    "searching",
    "reserving",
    "ordering",
    "backordered",
    "lost",  # numbers taken by another customer; searching again
    "disconnecting",
    "moving",
    "done",
    "blocked",
    "failed",
]


@dataclass(frozen=True)
class ApplyEvent:
    """One step of one group: what apply is doing now."""

    address: str
    kind: EventKind
    detail: str = ""
    order_id: str | None = None
    held: int = 0
    desired: int = 0


EventSink = Callable[[ApplyEvent], None]


def ignore(event: ApplyEvent) -> None:
    """Drop an event (the default sink)."""
