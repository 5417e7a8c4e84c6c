"""What the account holds and has asked for: listings with keyset pages, reservations, populate.

Keyset pages (docs/bandwidth-api.md §4): `page=1` starts; after that `page` is the first number (or
order id) of the next page. A plain integer page above 1 is taken as a page index, because the
official CLI sends those (UNCONFIRMED on the real service; docs/sandbox.md).
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from numspec.sandbox import repository
from numspec.sandbox.records import (
    NumberRecord,
    OrderRecord,
    ReservationRecord,
    number_from_row,
)
from numspec.sandbox.store import Store
from numspec.sandbox.wire import Refused

# Listing filters: lower-cased query name -> (column, how to compare).
NUMBER_FILTERS: dict[str, tuple[str, str]] = {
    "areacode": ("area_code", "="),
    "npa": ("area_code", "="),
    "npanxx": ("number", "prefix"),
    "npanxxx": ("number", "prefix"),
    "lata": ("lata", "="),
    "state": ("state", "="),
    "ratecenter": ("rate_center", "="),
    "city": ("city", "="),
    "tier": ("tier", "="),
    "countrycodea3": ("country", "="),
    "phonenumbertype": ("type", "="),
    "fullnumber": ("number", "="),
}


class ListingError(Refused):
    """A listing query the API refuses (400 in the endpoint's error shape)."""


Row = TypeVar("Row")


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of a keyset listing."""

    rows: list[Row]
    total: int
    next_page: str | None


def lower(params: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in params.items()}


def page_size(q: Mapping[str, str], default: int, maximum: int, code: str = "4018") -> int:
    raw = q.get("size", str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ListingError(code, f"The page size '{raw}' must be between 1 and {maximum}")
    return int(raw)


def _day(value: str, name: str) -> float:
    for fmt in ("%Y-%m-%d", "%y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC).timestamp()
        except ValueError:
            continue
    raise ListingError("4018", f"The {name} '{value}' must be yyyy-mm-dd or yy-mm-dd")


def _number_where(q: Mapping[str, str]) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    for name, (column, how) in NUMBER_FILTERS.items():
        value = q.get(name)
        if not value:
            continue
        if how == "prefix":
            prefix = "+1" + value
            clauses.append("number >= ? AND number < ?")
            args += [prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)]
        else:
            clauses.append(f"{column} = ?")
            args.append(value.upper() if column in ("state", "country", "type") else value)
    if q.get("startdate"):
        clauses.append("in_service >= ?")
        args.append(_day(q["startdate"], "startdate"))
    if q.get("enddate"):
        clauses.append("in_service < ?")
        args.append(_day(q["enddate"], "enddate") + 86400)
    return clauses, args


def number_page(
    conn: sqlite3.Connection,
    base: list[str],
    base_args: list[Any],
    q: Mapping[str, str],
    size: int,
) -> Page[NumberRecord]:
    """Return a keyset page of numbers ordered by number, every column of each."""
    page = _number_rows(conn, base, base_args, q, size, "*")
    return Page([number_from_row(r) for r in page.rows], page.total, page.next_page)


def number_list_page(
    conn: sqlite3.Connection,
    base: list[str],
    base_args: list[Any],
    q: Mapping[str, str],
    size: int,
) -> Page[str]:
    """Return a keyset page of bare numbers (an index alone answers it)."""
    page = _number_rows(conn, base, base_args, q, size, "number")
    return Page([str(r["number"]) for r in page.rows], page.total, page.next_page)


def _number_rows(
    conn: sqlite3.Connection,
    base: list[str],
    base_args: list[Any],
    q: Mapping[str, str],
    size: int,
    columns: str,
) -> Page[sqlite3.Row]:
    """Return a keyset page of number rows ordered by number."""
    clauses, args = _number_where(q)
    where = " AND ".join([*base, *clauses])
    count = repository.count_numbers(conn, where, [*base_args, *args])
    page = q.get("page", "1")
    offset = 0
    if page.startswith("+"):
        where += " AND number >= ?"
        args.append(page)
    elif page.isdigit():
        offset = (int(page) - 1) * size
    else:
        raise ListingError("4018", f"The page '{page}' is invalid")
    rows = repository.number_rows(conn, columns, where, [*base_args, *args], size + 1, offset)
    next_page = str(rows[size]["number"]) if len(rows) > size else None
    return Page(rows[:size], count, next_page)


def orders_page(
    conn: sqlite3.Connection, q: Mapping[str, str], size: int, kind: str = "order"
) -> Page[OrderRecord]:
    """Return a keyset page of orders of one kind (order | disconnect), newest first."""
    clauses, args = repository.order_filters(q, kind)
    if q.get("startdate"):
        clauses.append("created >= ?")
        args.append(_day(q["startdate"], "startdate"))
    if q.get("enddate"):
        clauses.append("created < ?")
        args.append(_day(q["enddate"], "enddate") + 86400)
    page = q.get("page", "1")
    found = repository.orders_page(conn, kind, clauses, args, page, size)
    if found is None:
        raise ListingError("4018", f"The page '{page}' is invalid")
    return Page(*found)


class ReservationError(ValueError):
    """A reservation refused: 400 ReservationResponse/ResponseStatus/ErrorCode."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def reserve(store: Store, number: str, lifetime: float) -> str:
    """Reserve an available NANP number; return the reservation id."""
    if not re.fullmatch(r"\+1[2-9]\d{9}", number):
        raise ReservationError("5040", f"Reservation failed: {number} is not a NANP number.")
    rid = secrets.token_hex(16)
    rid = f"{rid[:8]}-{rid[8:12]}-{rid[12:16]}-{rid[16:20]}-{rid[20:]}"
    with store.write() as conn:
        if not repository.reserve(conn, rid, number, time.time() + lifetime):
            raise ReservationError(
                "5041", f"Reservation failed: telephone number {number} is not available."
            )
    return rid


def reservation(store: Store, rid: str) -> ReservationRecord | None:
    """Return a reservation that has not expired."""
    found = repository.reservation(store.conn, rid)
    return found if found is not None and found.expires > time.time() else None


def release(store: Store, rid: str) -> bool:
    """Delete a reservation; return whether it existed."""
    with store.write() as conn:
        found = repository.reservation(conn, rid)
        if found is None:
            return False
        repository.drop_reservation(conn, rid)
        repository.unreserve(conn, rid, found.number)
    return True


def populate(
    store: Store,
    site_id: str,
    peer_id: str,
    count: int,
    country: str,
    filters: Mapping[str, str] | None = None,
) -> list[str]:
    """Put `count` available pool numbers of a country (and filters) in service on a location."""
    with store.write() as conn:
        numbers = repository.available(conn, count, country, filters or {})
        repository.into_service(conn, numbers, (site_id, peer_id), None, time.time())
    return numbers
