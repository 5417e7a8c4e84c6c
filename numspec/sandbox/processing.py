"""The order state machine, first half: store new orders and claim their numbers.

RECEIVED -> PROCESSING (half-way) -> COMPLETE | PARTIAL | FAILED | BACKORDERED (after the order
latency). Numbers an order names are held (status Held) from the moment it is stored, so no
search or other order sees them. Finishing due orders: numspec.sandbox.fulfilment.
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from dataclasses import dataclass

from numspec.sandbox.matching import find
from numspec.sandbox.orders import EXISTING, DisconnectRequest, OrderRequest
from numspec.sandbox.search import parse_search

UNAVAILABLE = "The telephone number is unavailable for ordering"


@dataclass(frozen=True)
class Timing:
    """When a new order moves on, and what it risks."""

    now: float
    latency: float
    race_rate: float
    seed: int


def next_seq(conn: sqlite3.Connection) -> int:
    """Take the next order sequence number (inside a write transaction)."""
    seq = int(conn.execute("SELECT value FROM meta WHERE key = 'order_seq'").fetchone()[0]) + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'order_seq'", (str(seq),))
    return seq


def order_uuid(seed: int, seq: int) -> str:
    """Order ids are GUIDs, reproducible from the seed and the sequence."""
    return str(uuid.UUID(bytes=random.Random(f"id:{seed}:{seq}").randbytes(16), version=4))


def _claim_existing(
    conn: sqlite3.Connection, order_id: str, req: OrderRequest
) -> tuple[list[str], list[dict[str, str]], list[str]]:
    held: list[str] = []
    failed: list[dict[str, str]] = []
    reserved: list[str] = []  # held for the account already: no other customer can take them
    for number in req.numbers:
        row = conn.execute(
            "SELECT status, hold FROM numbers WHERE number = ?", (number,)
        ).fetchone()
        mine = (
            row is not None and row["status"] == "Reserved" and row["hold"] in req.reservation_ids
        )
        if row is not None and (row["status"] == "Available" or mine):
            held.append(number)
            if mine:
                conn.execute("DELETE FROM reservations WHERE id = ?", (row["hold"],))
                reserved.append(number)
        elif row is not None and row["status"] == "Held":
            failed.append(
                {
                    "code": "5218",
                    "number": number,
                    "description": f"Telephone number {number} is already processing "
                    "on another order",
                }
            )
        else:
            failed.append({"code": "5005", "number": number, "description": UNAVAILABLE})
    _hold(conn, order_id, held)
    return held, failed, reserved


def _hold(conn: sqlite3.Connection, order_id: str, numbers: list[str]) -> None:
    conn.executemany(
        "UPDATE numbers SET status = 'Held', hold = ?, until = NULL WHERE number = ?",
        [(order_id, n) for n in numbers],
    )


def insert_order(
    conn: sqlite3.Connection, req: OrderRequest, t: Timing, denied: list[tuple[str, str]]
) -> str:
    """Store a new order and hold its numbers; return its id (inside a write transaction)."""
    seq = next_seq(conn)
    order_id = order_uuid(t.seed, seq)
    reserved: list[str] = []
    if req.type == EXISTING:
        held, failed, reserved = _claim_existing(conn, order_id, req)
    else:
        rows = find(conn, parse_search(req.query), denied, limit=req.quantity)
        held, failed = [r["number"] for r in rows], []
        _hold(conn, order_id, held)
    result = {"held": held, "failed": failed, "completed": [], "backordered": 0}
    if reserved:
        result["reserved"] = reserved
    conn.execute(
        "INSERT INTO orders (id, seq, kind, customer_order_id, status, created, processing_at,"
        " due, modified, site_id, peer_id, race_rate, request, result)"
        " VALUES (?, ?, 'order', ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            order_id,
            seq,
            req.customer_order_id,
            t.now,
            t.now + t.latency / 2,
            t.now + t.latency,
            t.now,
            req.site_id,
            req.peer_id,
            t.race_rate,
            json.dumps(req.to_json()),
            json.dumps(result),
        ),
    )
    return order_id


def insert_disconnect(conn: sqlite3.Connection, req: DisconnectRequest, t: Timing) -> str:
    """Store a disconnect order; numbers leave service when it falls due."""
    seq = next_seq(conn)
    order_id = order_uuid(t.seed, seq)
    conn.execute(
        "INSERT INTO orders (id, seq, kind, customer_order_id, status, created, processing_at,"
        " due, modified, request) VALUES (?, ?, 'disconnect', ?, 'RECEIVED', ?, ?, ?, ?, ?)",
        (
            order_id,
            seq,
            req.customer_order_id,
            t.now,
            t.now + t.latency,
            t.now + t.latency,
            t.now,
            json.dumps(req.to_json()),
        ),
    )
    return order_id
