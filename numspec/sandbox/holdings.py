"""What the account holds and has asked for: listings with keyset pages, reservations, populate.

Keyset pages (reference section 4): `page=1` starts; after that `page` is the first number (or
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
from typing import Any

from numspec.sandbox.store import CountingConnection, Store
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


MAX_COUNTS = 256  # remembered listing counts per connection


class ListingError(Refused):
    """A listing query the API refuses (400 in the endpoint's error shape)."""


@dataclass(frozen=True)
class Page:
    """One page of a keyset listing."""

    rows: list[sqlite3.Row]
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
    columns: str = "*",
) -> Page:
    """Return a keyset page of numbers ordered by number."""
    clauses, args = _number_where(q)
    where = " AND ".join([*base, *clauses])
    count = _count(conn, f"SELECT COUNT(*) FROM numbers WHERE {where}", [*base_args, *args])
    page = q.get("page", "1")
    offset = 0
    if page.startswith("+"):
        where += " AND number >= ?"
        args.append(page)
    elif page.isdigit():
        offset = (int(page) - 1) * size
    else:
        raise ListingError("4018", f"The page '{page}' is invalid")
    rows = conn.execute(
        f"SELECT {columns} FROM numbers WHERE {where} ORDER BY number LIMIT ? OFFSET ?",
        [*base_args, *args, size + 1, offset],
    ).fetchall()
    next_page = str(rows[size]["number"]) if len(rows) > size else None
    return Page(rows[:size], count, next_page)


def _count(conn: sqlite3.Connection, sql: str, args: list[Any]) -> int:
    """Run a COUNT query, or return its remembered result while the database is unchanged."""
    if not isinstance(conn, CountingConnection):
        return int(conn.execute(sql, args).fetchone()[0])
    key, version = (sql, tuple(args)), conn.version()
    known = conn.counts.get(key)
    if known is not None and known[0] == version:
        return known[1]
    count = int(conn.execute(sql, args).fetchone()[0])
    if len(conn.counts) >= MAX_COUNTS:
        conn.counts.clear()
    conn.counts[key] = (version, count)
    return count


def orders_page(
    conn: sqlite3.Connection, q: Mapping[str, str], size: int, kind: str = "order"
) -> Page:
    """Return a keyset page of orders of one kind (order | disconnect), newest first."""
    clauses: list[str] = ["kind = ?"]
    args: list[Any] = [kind]
    if q.get("customerorderid"):
        clauses.append("customer_order_id = ?")
        args.append(q["customerorderid"])
    if q.get("status"):
        statuses = [s.strip().upper() for s in q["status"].split(",") if s.strip()]
        clauses.append(f"status IN ({','.join('?' * len(statuses))})")
        args += statuses
    if q.get("startdate"):
        clauses.append("created >= ?")
        args.append(_day(q["startdate"], "startdate"))
    if q.get("enddate"):
        clauses.append("created < ?")
        args.append(_day(q["enddate"], "enddate") + 86400)
    where = " AND ".join(clauses)
    count = int(conn.execute(f"SELECT COUNT(*) FROM orders WHERE {where}", args).fetchone()[0])
    page = q.get("page", "1")
    if page != "1":
        row = conn.execute(
            "SELECT seq FROM orders WHERE id = ? AND kind = ?", (page, kind)
        ).fetchone()
        if row is None:
            raise ListingError("4018", f"The page '{page}' is invalid")
        where += " AND seq <= ?"
        args.append(row["seq"])
    rows = conn.execute(
        f"SELECT * FROM orders WHERE {where} ORDER BY seq DESC LIMIT ?", [*args, size + 1]
    ).fetchall()
    next_page = str(rows[size]["id"]) if len(rows) > size else None
    return Page(rows[:size], count, next_page)


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
    now = time.time()
    with store.write() as conn:
        done = conn.execute(
            "UPDATE numbers SET status = 'Reserved', hold = ?, until = ?"
            " WHERE number = ? AND status = 'Available'",
            (rid, now + lifetime, number),
        ).rowcount
        if not done:
            raise ReservationError(
                "5041", f"Reservation failed: telephone number {number} is not available."
            )
        conn.execute("INSERT INTO reservations VALUES (?, ?, ?)", (rid, number, now + lifetime))
    return rid


def reservation(store: Store, rid: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = store.conn.execute(
        "SELECT * FROM reservations WHERE id = ? AND expires > ?", (rid, time.time())
    ).fetchone()
    return row


def release(store: Store, rid: str) -> bool:
    """Delete a reservation; return whether it existed."""
    with store.write() as conn:
        row = conn.execute("SELECT number FROM reservations WHERE id = ?", (rid,)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM reservations WHERE id = ?", (rid,))
        conn.execute(
            "UPDATE numbers SET status = 'Available', hold = NULL, until = NULL"
            " WHERE number = ? AND status = 'Reserved' AND hold = ?",
            (row["number"], rid),
        )
    return True


# populate's filters: body key -> column (values compared as the listings compare them)
POPULATE_FILTERS = {
    "type": "type",
    "area_code": "area_code",
    "state": "state",
    "rate_center": "rate_center",
}


def populate(
    store: Store,
    site_id: str,
    peer_id: str,
    count: int,
    country: str,
    filters: Mapping[str, str] | None = None,
) -> list[str]:
    """Put `count` available pool numbers of a country (and filters) in service on a location."""
    clauses = ["status = 'Available'", "country = ?"]
    args: list[Any] = [country]
    for key, value in (filters or {}).items():
        clauses.append(f"{POPULATE_FILTERS[key]} = ?")
        args.append(value)
    now = time.time()
    with store.write() as conn:
        rows = conn.execute(
            f"SELECT number FROM numbers WHERE {' AND '.join(clauses)} ORDER BY number LIMIT ?",
            [*args, count],
        ).fetchall()
        numbers = [r[0] for r in rows]
        conn.executemany(
            "UPDATE numbers SET status = 'Inservice', site_id = ?, peer_id = ?, order_id = NULL,"
            " in_service = ?, modified = ? WHERE number = ?",
            [(site_id, peer_id, now, now, n) for n in numbers],
        )
    return numbers
