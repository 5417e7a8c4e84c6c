"""The SQL over the sandbox's orders, numbers, sites and reservations, returning typed records.

Callers pass a connection: `Store.conn` to read, the one a `Store.write()` yields to change
things inside a transaction. Besides this module only the store layer speaks SQL: store.py (the
schema), matching.py (the search query), the listings' keyset pages in holdings.py and
moves.py, and voice_store.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from numspec.sandbox.order_states import OrderStatus
from numspec.sandbox.records import (
    NewOrder,
    NumberRecord,
    OrderRecord,
    PeerRecord,
    ReservationRecord,
    SiteRecord,
    number_from_row,
    order_from_row,
    peer_from_row,
)
from numspec.sandbox.store import CountingConnection


# -- orders -----------------------------------------------------------------------------------
def next_seq(conn: sqlite3.Connection) -> int:
    """Take the next order sequence number (inside a write transaction)."""
    seq = int(conn.execute("SELECT value FROM meta WHERE key = 'order_seq'").fetchone()[0]) + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'order_seq'", (str(seq),))
    return seq


def insert_order(conn: sqlite3.Connection, new: NewOrder) -> None:
    """Store a RECEIVED order of any kind (inside a write transaction)."""
    conn.execute(
        "INSERT INTO orders (id, seq, kind, customer_order_id, status, created, processing_at,"
        " due, modified, site_id, peer_id, race_rate, request, result)"
        " VALUES (?, ?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.id,
            new.seq,
            new.kind,
            new.customer_order_id,
            new.created,
            new.processing_at,
            new.due,
            new.created,
            new.site_id,
            new.peer_id,
            new.race_rate,
            new.request,
            new.result,
        ),
    )


def order(conn: sqlite3.Connection, order_id: str, kind: str) -> OrderRecord | None:
    row = conn.execute("SELECT * FROM orders WHERE id = ? AND kind = ?", (order_id, kind))
    found = row.fetchone()
    return None if found is None else order_from_row(found)


def anything_due(conn: sqlite3.Connection, now: float) -> bool:
    """Return whether an order, reservation or aging number has a move to make at `now`."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM orders WHERE status = 'RECEIVED' AND processing_at <= ?)"
        " OR EXISTS (SELECT 1 FROM orders WHERE status = 'PROCESSING' AND due <= ?)"
        " OR EXISTS (SELECT 1 FROM numbers WHERE status = 'Reserved' AND until <= ?)"
        " OR EXISTS (SELECT 1 FROM numbers WHERE status = 'Aging' AND until <= ?)",
        (now, now, now, now),
    ).fetchone()
    return bool(row[0])


def start_processing(conn: sqlite3.Connection, now: float) -> None:
    """RECEIVED orders half-way to their due time become PROCESSING."""
    conn.execute(
        "UPDATE orders SET status = 'PROCESSING', modified = ? WHERE status = 'RECEIVED'"
        " AND processing_at <= ? AND due > ?",
        (now, now, now),
    )


def due_orders(conn: sqlite3.Connection, now: float) -> list[OrderRecord]:
    """Return the orders still waiting whose due time has come, oldest first."""
    rows = conn.execute(
        "SELECT * FROM orders WHERE status IN ('RECEIVED', 'PROCESSING') AND due <= ? ORDER BY seq",
        (now,),
    ).fetchall()
    return [order_from_row(r) for r in rows]


def any_backordered(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM orders WHERE status = 'BACKORDERED' LIMIT 1").fetchone()
    return row is not None


def backordered_orders(conn: sqlite3.Connection) -> list[OrderRecord]:
    rows = conn.execute("SELECT * FROM orders WHERE status = 'BACKORDERED' ORDER BY seq")
    return [order_from_row(r) for r in rows.fetchall()]


def finish(
    conn: sqlite3.Connection, order_id: str, status: OrderStatus, now: float, result: str
) -> None:
    """Record an order's final status and result; it completed at `now`."""
    conn.execute(
        "UPDATE orders SET status = ?, modified = ?, completed = ?, result = ? WHERE id = ?",
        (status.value, now, now, result, order_id),
    )


def update_result(
    conn: sqlite3.Connection, order_id: str, status: OrderStatus, now: float, result: str
) -> None:
    """Record a later status and result (a backorder filling) without a new completion time."""
    conn.execute(
        "UPDATE orders SET status = ?, modified = ?, result = ? WHERE id = ?",
        (status.value, now, result, order_id),
    )


# -- numbers ----------------------------------------------------------------------------------
def number(conn: sqlite3.Connection, tn: str) -> NumberRecord | None:
    """Return a number of the pool, whatever its status."""
    row = conn.execute("SELECT * FROM numbers WHERE number = ?", (tn,)).fetchone()
    return None if row is None else number_from_row(row)


def area_codes(conn: sqlite3.Connection, numbers: Sequence[str]) -> list[str]:
    """Return the distinct area codes of `numbers`, in their order."""
    found: dict[str, None] = {}
    for n in numbers:
        row = conn.execute("SELECT area_code FROM numbers WHERE number = ?", (n,)).fetchone()
        if row is not None and row[0]:
            found[row[0]] = None
    return list(found)


def hold(conn: sqlite3.Connection, order_id: str, numbers: Sequence[str]) -> None:
    """Hold numbers for an order in flight: no search or other order sees them."""
    conn.executemany(
        "UPDATE numbers SET status = 'Held', hold = ?, until = NULL WHERE number = ?",
        [(order_id, n) for n in numbers],
    )


def take(conn: sqlite3.Connection, tn: str) -> None:
    """Another customer took the number."""
    conn.execute("UPDATE numbers SET status = 'Taken', hold = NULL WHERE number = ?", (tn,))


def release(conn: sqlite3.Connection, numbers: Sequence[str]) -> None:
    """Held numbers go back on sale."""
    conn.executemany(
        "UPDATE numbers SET status = 'Available', hold = NULL WHERE number = ?",
        [(n,) for n in numbers],
    )


def into_service(
    conn: sqlite3.Connection,
    numbers: Sequence[str],
    where: tuple[str | None, str | None],
    order_id: str | None,
    now: float,
) -> None:
    """Put numbers in service on (site, location), brought by `order_id`."""
    site_id, peer_id = where
    conn.executemany(
        "UPDATE numbers SET status = 'Inservice', hold = NULL, until = NULL, site_id = ?,"
        " peer_id = ?, order_id = ?, in_service = ?, modified = ? WHERE number = ?",
        [(site_id, peer_id, order_id, now, now, n) for n in numbers],
    )


def into_aging(conn: sqlite3.Connection, numbers: Sequence[str], until: float, now: float) -> None:
    """Take numbers out of service; they age until `until`."""
    conn.executemany(
        "UPDATE numbers SET status = 'Aging', until = ?, site_id = NULL, peer_id = NULL,"
        " order_id = NULL, in_service = NULL, modified = ? WHERE number = ?",
        [(until, now, n) for n in numbers],
    )


def relocate(
    conn: sqlite3.Connection, numbers: Sequence[str], where: tuple[str, str | None], now: float
) -> None:
    """Move numbers in service to (site, location)."""
    site_id, peer_id = where
    conn.executemany(
        "UPDATE numbers SET site_id = ?, peer_id = ?, modified = ? WHERE number = ?",
        [(site_id, peer_id, now, n) for n in numbers],
    )


def expire(conn: sqlite3.Connection, now: float) -> None:
    """Reservations and aging that ran out put their numbers back on sale."""
    conn.execute("DELETE FROM reservations WHERE expires <= ?", (now,))
    conn.execute(
        "UPDATE numbers SET status = 'Available', hold = NULL, until = NULL"
        " WHERE status IN ('Reserved', 'Aging') AND until <= ?",
        (now,),
    )


def count_in_service(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT COUNT(*) FROM numbers WHERE status = 'Inservice'").fetchone()
    return int(row[0])


# -- reservations -----------------------------------------------------------------------------
def reserve(conn: sqlite3.Connection, rid: str, tn: str, expires: float) -> bool:
    """Reserve an available number until `expires`; return whether it was available."""
    done = conn.execute(
        "UPDATE numbers SET status = 'Reserved', hold = ?, until = ?"
        " WHERE number = ? AND status = 'Available'",
        (rid, expires, tn),
    ).rowcount
    if done:
        conn.execute("INSERT INTO reservations VALUES (?, ?, ?)", (rid, tn, expires))
    return bool(done)


def reservation(conn: sqlite3.Connection, rid: str) -> ReservationRecord | None:
    """Return a reservation, expired or not."""
    row = conn.execute("SELECT * FROM reservations WHERE id = ?", (rid,)).fetchone()
    return None if row is None else ReservationRecord(**dict(row))


def drop_reservation(conn: sqlite3.Connection, rid: str) -> None:
    conn.execute("DELETE FROM reservations WHERE id = ?", (rid,))


def unreserve(conn: sqlite3.Connection, rid: str, tn: str) -> None:
    """Put a number reserved under `rid` back on sale."""
    conn.execute(
        "UPDATE numbers SET status = 'Available', hold = NULL, until = NULL"
        " WHERE number = ? AND status = 'Reserved' AND hold = ?",
        (tn, rid),
    )


# -- sites and locations ----------------------------------------------------------------------
def sites(conn: sqlite3.Connection) -> list[SiteRecord]:
    return [SiteRecord(**dict(r)) for r in conn.execute("SELECT * FROM sites ORDER BY id")]


def site(conn: sqlite3.Connection, site_id: str) -> SiteRecord | None:
    row = conn.execute("SELECT * FROM sites WHERE id = ?", (site_id,)).fetchone()
    return None if row is None else SiteRecord(**dict(row))


def peers(conn: sqlite3.Connection, site_id: str) -> list[PeerRecord]:
    rows = conn.execute("SELECT * FROM peers WHERE site_id = ? ORDER BY id", (site_id,))
    return [peer_from_row(r) for r in rows.fetchall()]


def peer(conn: sqlite3.Connection, site_id: str, peer_id: str) -> PeerRecord | None:
    row = conn.execute("SELECT * FROM peers WHERE site_id = ? AND id = ?", (site_id, peer_id))
    found = row.fetchone()
    return None if found is None else peer_from_row(found)


def default_peer(conn: sqlite3.Connection, site_id: str) -> str | None:
    """Return the id of a site's default location."""
    row = conn.execute(
        "SELECT id FROM peers WHERE site_id = ? AND is_default = 1", (site_id,)
    ).fetchone()
    return None if row is None else str(row["id"])


def default_peer_elsewhere(
    conn: sqlite3.Connection, avoid: tuple[str, str | None]
) -> tuple[str, str] | None:
    """Return (site, default location) of the first site that is neither of `avoid`."""
    row = conn.execute(
        "SELECT site_id, id FROM peers WHERE is_default = 1 AND site_id NOT IN (?, ?)"
        " ORDER BY site_id LIMIT 1",
        avoid,
    ).fetchone()
    return None if row is None else (str(row["site_id"]), str(row["id"]))


def peer_named(conn: sqlite3.Connection, site_id: str, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM peers WHERE site_id = ? AND name = ?", (site_id, name))
    return row.fetchone() is not None


def _next_id(conn: sqlite3.Connection, table: str, first: int) -> str:
    row = conn.execute(f"SELECT MAX(CAST(id AS INTEGER)) FROM {table}").fetchone()  # noqa: S608
    return str(max(first, int(row[0] or 0) + 1))


def insert_site(conn: sqlite3.Connection, name: str, description: str) -> str:
    """Store a site after the highest site id (at least 1001); return its id."""
    site_id = _next_id(conn, "sites", 1001)
    conn.execute("INSERT INTO sites VALUES (?, ?, ?)", (site_id, name, description))
    return site_id


def insert_peer(
    conn: sqlite3.Connection, site_id: str, name: str, description: str, is_default: bool
) -> str:
    """Store a location after the highest location id (at least 2001); return its id.

    A new default takes the flag from the site's previous default.
    """
    if is_default:
        conn.execute("UPDATE peers SET is_default = 0 WHERE site_id = ?", (site_id,))
    peer_id = _next_id(conn, "peers", 2001)
    conn.execute(
        "INSERT INTO peers VALUES (?, ?, ?, ?, ?)",
        (peer_id, site_id, name, description, int(is_default)),
    )
    return peer_id


# populate's filters: body key -> column (values compared as the listings compare them)
POPULATE_FILTERS = {
    "type": "type",
    "area_code": "area_code",
    "state": "state",
    "rate_center": "rate_center",
}


def available(
    conn: sqlite3.Connection, count: int, country: str, filters: Mapping[str, str]
) -> list[str]:
    """Return up to `count` available numbers of a country matching populate's filters."""
    clauses = ["status = 'Available'", "country = ?"]
    args: list[Any] = [country]
    for key, value in filters.items():
        clauses.append(f"{POPULATE_FILTERS[key]} = ?")
        args.append(value)
    rows = conn.execute(
        f"SELECT number FROM numbers WHERE {' AND '.join(clauses)} ORDER BY number LIMIT ?",
        [*args, count],
    ).fetchall()
    return [str(r[0]) for r in rows]


def order_filters(q: Mapping[str, str], kind: str) -> tuple[list[str], list[Any]]:
    """Return the WHERE clauses and arguments every order listing shares.

    The kind, and the `customerOrderId` (exact) and `status` (comma-separated) filters; `q` has
    lower-case keys.
    """
    clauses, args = ["kind = ?"], [kind]
    if q.get("customerorderid"):
        clauses.append("customer_order_id = ?")
        args.append(q["customerorderid"])
    if q.get("status"):
        statuses = [s.strip().upper() for s in q["status"].split(",") if s.strip()]
        clauses.append(f"status IN ({','.join('?' * len(statuses))})")
        args += statuses
    return clauses, args


def orders_page(
    conn: sqlite3.Connection,
    kind: str,
    clauses: Sequence[str],
    args: Sequence[Any],
    page: str,
    size: int,
) -> tuple[list[OrderRecord], int, str | None] | None:
    """Return a keyset page of matching orders, newest first: (rows, total, next page id).

    `page` is "1" or the id of the order that starts the page; None when no such order exists.
    """
    where, params = " AND ".join(clauses), list(args)
    count = int(conn.execute(f"SELECT COUNT(*) FROM orders WHERE {where}", params).fetchone()[0])
    if page != "1":
        row = conn.execute(
            "SELECT seq FROM orders WHERE id = ? AND kind = ?", (page, kind)
        ).fetchone()
        if row is None:
            return None
        where += " AND seq <= ?"
        params.append(row["seq"])
    rows = conn.execute(
        f"SELECT * FROM orders WHERE {where} ORDER BY seq DESC LIMIT ?", [*params, size + 1]
    ).fetchall()
    next_page = str(rows[size]["id"]) if len(rows) > size else None
    return [order_from_row(r) for r in rows[:size]], count, next_page


MAX_COUNTS = 256  # remembered listing counts per connection


def count_numbers(conn: sqlite3.Connection, where: str, args: Sequence[Any]) -> int:
    """Count the numbers matching `where`, or return the remembered count.

    A CountingConnection remembers each listing's count until the database changes, so a page
    costs the same at 1M held numbers as at 10k.
    """
    sql = f"SELECT COUNT(*) FROM numbers WHERE {where}"
    if not isinstance(conn, CountingConnection):
        return int(conn.execute(sql, list(args)).fetchone()[0])
    key, version = (sql, tuple(args)), conn.version()
    known = conn.counts.get(key)
    if known is not None and known[0] == version:
        return known[1]
    count = int(conn.execute(sql, list(args)).fetchone()[0])
    if len(conn.counts) >= MAX_COUNTS:
        conn.counts.clear()
    conn.counts[key] = (version, count)
    return count


def number_rows(
    conn: sqlite3.Connection,
    columns: str,
    where: str,
    args: Sequence[Any],
    limit: int,
    offset: int,
) -> list[sqlite3.Row]:
    """Return `columns` of the numbers matching `where`, ordered by number (one listing page)."""
    return conn.execute(
        f"SELECT {columns} FROM numbers WHERE {where} ORDER BY number LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
