"""The sandbox's stored rows as typed records: orders, numbers, sites, locations, reservations.

numspec.sandbox.repository reads and writes them; nothing above it sees a database row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from numspec.sandbox.order_states import OrderStatus


@dataclass(frozen=True)
class OrderRecord:
    """One row of `orders`: an order, a disconnect (or another kind), request and result as JSON.

    `request` and `result` hold the JSON text as stored; the order state machine reads them
    into typed values (numspec.sandbox.order_machine).
    """

    id: str
    seq: int
    kind: str
    customer_order_id: str | None
    status: OrderStatus
    created: float
    processing_at: float
    due: float
    modified: float
    completed: float | None
    site_id: str | None
    peer_id: str | None
    race_rate: float
    request: str
    result: str


@dataclass(frozen=True)
class NewOrder:
    """What `insert_order` stores: a RECEIVED order of a kind, with its times and JSON."""

    id: str
    seq: int
    kind: str
    customer_order_id: str | None
    created: float
    processing_at: float
    due: float
    request: str
    result: str = "{}"
    site_id: str | None = None
    peer_id: str | None = None
    race_rate: float = 0.0


@dataclass(frozen=True)
class AvailableNumber:
    """A number a search found on sale: what availableNumbers tells about it."""

    number: str
    country: str
    type: str
    area_code: str | None
    city: str | None
    state: str | None
    rate_center: str | None
    lata: str | None
    zip: str | None
    tier: str
    vendor_id: str
    vendor_name: str


@dataclass(frozen=True)
class NumberRecord(AvailableNumber):
    """One row of `numbers`: what a search tells about a pool number, and where it stands."""

    status: str  # Available | Held | Reserved | Inservice | Aging | Taken
    hold: str | None
    until: float | None
    site_id: str | None
    peer_id: str | None
    order_id: str | None
    in_service: float | None
    modified: float | None


@dataclass(frozen=True)
class SiteRecord:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class PeerRecord:
    """A location (SIP peer) of a site."""

    id: str
    site_id: str
    name: str
    description: str
    is_default: bool


@dataclass(frozen=True)
class ReservationRecord:
    id: str
    number: str
    expires: float


def order_from_row(row: sqlite3.Row) -> OrderRecord:
    """Read an `orders` row (a listing's query selects them) as a record."""
    values = dict(row)
    values["status"] = OrderStatus(values["status"])
    return OrderRecord(**values)


def number_from_row(row: sqlite3.Row) -> NumberRecord:
    """Read a whole `numbers` row as a record."""
    return NumberRecord(**dict(row))


def peer_from_row(row: sqlite3.Row) -> PeerRecord:
    values = dict(row)
    values["is_default"] = bool(values["is_default"])
    return PeerRecord(**values)


def available_from_row(row: sqlite3.Row) -> AvailableNumber:
    """Read a search's row (matching.COLUMNS) as a record."""
    return AvailableNumber(**dict(row))
