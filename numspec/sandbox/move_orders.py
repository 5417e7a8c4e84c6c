"""Move orders (moveTns): read `<MoveTnsOrder>` bodies, store them, finish them when due.

A move order is a row of the orders table with kind `move`: RECEIVED -> PROCESSING (half-way)
-> COMPLETE | PARTIAL | FAILED after the order latency (docs/bandwidth-api.md §8). At the end
each number still in service on the account goes to the target site and location; a number
that is not (never was, or was disconnected while the move waited) fails with 7518 "Telephone
Number Not Active.". Races are drawn per number from the seed and the order's sequence, like
orders: with `race_rate`, someone else disconnected the number (it ages) or moved it to another
site of the account before this move ran (it stays there); both fail with 7518.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from numspec.sandbox import repository
from numspec.sandbox.order_machine import Timing, order_uuid
from numspec.sandbox.order_states import COMPLETE, FAILED, PARTIAL, OrderStatus
from numspec.sandbox.orders import CUSTOMER_ORDER_ID, E164, OrderError
from numspec.sandbox.records import NewOrder, OrderRecord
from numspec.sandbox.wire import text, texts

MAX_MOVE = 5000
NOT_ACTIVE = "Telephone Number Not Active."
SITE_INVALID = "The site id was not supplied or is invalid."
PEER_INVALID = "The sippeer id is invalid or does not belong to the site."
FILTERS = frozenset(
    ("status", "tn", "customerorderid", "size", "createddatefrom", "createddateto")
    + ("modifieddatefrom", "modifieddateto")
)


class MoveError(ValueError):
    """A move order refused at once: 400 with one `Errors` element per problem."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(d for _, d in errors))
        self.errors = errors


@dataclass(frozen=True)
class MoveRequest:
    """A validated move order."""

    site_id: str
    numbers: tuple[str, ...]
    peer_id: str | None = None
    customer_order_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MoveRequest:
        return cls(**{**data, "numbers": tuple(data["numbers"])})


def parse_move(node: etree._Element) -> MoveRequest:
    """Validate the shape of a `<MoveTnsOrder>` body (the site is checked against the store)."""
    if node.tag != "MoveTnsOrder":
        raise MoveError([("5002", "The request body's root must be MoveTnsOrder")])
    coid = text(node, "CustomerOrderId")
    if coid is not None and not CUSTOMER_ORDER_ID.fullmatch(coid):
        raise MoveError(
            [
                (
                    "5052",
                    "CustomerOrderId may contain only letters, digits, dashes and spaces, "
                    "and be at most 40 characters",
                )
            ]
        )
    if text(node, "SourceAccountId"):
        raise MoveError([("5002", "The sandbox has one account: SourceAccountId is not served")])
    numbers = list(dict.fromkeys(texts(node, "TelephoneNumbers/TelephoneNumber")))
    if not 1 <= len(numbers) <= MAX_MOVE:
        raise MoveError([("5002", f"A move order names 1 to {MAX_MOVE} telephone numbers")])
    bad = [n for n in numbers if not E164.fullmatch(n)]
    if bad:
        raise MoveError([("5002", f"Telephone number {bad[0]} is not in E.164 format")])
    return MoveRequest(
        site_id=text(node, "SiteId") or "",
        numbers=tuple(numbers),
        peer_id=text(node, "SipPeerId") or None,
        customer_order_id=coid,
    )


def target(conn: sqlite3.Connection, req: MoveRequest) -> MoveRequest:
    """Check the site (7309) and location (7312); return the request naming its location."""
    if repository.site(conn, req.site_id) is None:
        errors = [("7309", SITE_INVALID)]
        if req.peer_id is not None:
            errors.append(("7312", PEER_INVALID))
        raise MoveError(errors)
    if req.peer_id is None:
        default = repository.default_peer(conn, req.site_id)
        if default is None:
            raise MoveError([("7312", PEER_INVALID)])
        return MoveRequest(req.site_id, req.numbers, default, req.customer_order_id)
    if repository.peer(conn, req.site_id, req.peer_id) is None:
        raise MoveError([("7312", PEER_INVALID)])
    return req


def insert_move(conn: sqlite3.Connection, req: MoveRequest, t: Timing) -> str:
    """Store a move order (inside a write transaction); return its id."""
    req = target(conn, req)
    seq = repository.next_seq(conn)
    order_id = order_uuid(t.seed, seq)
    repository.insert_order(
        conn,
        NewOrder(
            id=order_id,
            seq=seq,
            kind="move",
            customer_order_id=req.customer_order_id,
            created=t.now,
            processing_at=t.halfway,
            due=t.due,
            request=json.dumps(req.to_json()),
            site_id=req.site_id,
            peer_id=req.peer_id,
            race_rate=t.race_rate,
        ),
    )
    return order_id


def finish_move(
    conn: sqlite3.Connection, row: OrderRecord, now: float, seed: int, aging: float
) -> OrderStatus:
    """Move a due order's active numbers; fail the others with 7518."""
    req = MoveRequest.from_json(json.loads(row.request))
    rng = random.Random(f"move-race:{seed}:{row.seq}")
    moved: list[str] = []
    failed: list[str] = []
    for number in req.numbers:
        draw = rng.random()
        raced = draw < row.race_rate
        disconnected = draw < row.race_rate / 2  # half the races are disconnects
        found = repository.number(conn, number)
        if found is None or found.status != "Inservice":
            failed.append(number)
        elif raced and disconnected:
            repository.into_aging(conn, [number], now + aging, now)
            failed.append(number)
        elif raced:
            _elsewhere(conn, number, (req.site_id, found.site_id), now)
            failed.append(number)
        else:
            moved.append(number)
    repository.relocate(conn, moved, (req.site_id, row.peer_id), now)
    status = COMPLETE if not failed else PARTIAL if moved else FAILED
    result = {"moved": moved, "failed": failed}
    repository.finish(conn, row.id, status, now, json.dumps(result))
    return status


def _elsewhere(
    conn: sqlite3.Connection, number: str, avoid: tuple[str, str | None], now: float
) -> None:
    """Someone else's move won the race: the number goes to the default location of a site
    that is neither its own nor this move's target (it stays put when there is none)."""
    other = repository.default_peer_elsewhere(conn, avoid)
    if other is not None:
        repository.relocate(conn, [number], other, now)


@dataclass(frozen=True)
class MovePage:
    rows: list[OrderRecord]
    total: int
    next_page: str | None


def moves_page(conn: sqlite3.Connection, q: Mapping[str, str], size: int) -> MovePage:
    """Return a keyset page of move orders, newest first; `q` has lower-case keys."""
    clauses, args = repository.order_filters(q, "move")
    if q.get("tn"):
        clauses.append("instr(request, ?) > 0")
        args.append(json.dumps(q["tn"]))
    for key, column, end in (
        ("createddatefrom", "created", False),
        ("createddateto", "created", True),
        ("modifieddatefrom", "modified", False),
        ("modifieddateto", "modified", True),
    ):
        if q.get(key):
            clauses.append(f"{column} {'<' if end else '>='} ?")
            args.append(_day(q[key], key) + (86400 if end else 0))
    page = q.get("page", "1")
    found = repository.orders_page(conn, "move", clauses, args, page, size)
    if found is None:
        raise OrderError("4018", f"The page '{page}' is invalid")
    return MovePage(*found)


def _day(value: str, key: str) -> float:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
    except ValueError as e:
        raise OrderError("12001", f"{key} must be a date (yyyy-MM-dd), not '{value}'") from e


def history(row: OrderRecord, now: float) -> list[tuple[float, str]]:
    """Return (when, lower-case status) for each state the order has been in."""
    out = [(row.created, "received")]
    if now >= row.processing_at or row.completed is not None:
        out.append((row.processing_at, "processing"))
    if row.completed is not None:
        out.append((row.completed, row.status.lower()))
    return out
