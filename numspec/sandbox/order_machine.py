"""The order state machine: store new orders and disconnects, finish them when they fall due.

RECEIVED -> PROCESSING (half-way) -> COMPLETE | PARTIAL | FAILED | BACKORDERED (after the order
latency); a BACKORDERED order completes as numbers come back to the pool. Numbers an order names
are held (status Held) from the moment it is stored, so no search or other order sees them.
A race ("another customer") is drawn per number from a generator keyed by the seed and the
order's sequence number, so runs reproduce. Each order's outcome is an `OrderResult` (a
disconnect's a `DisconnectResult`), stored as JSON in the order's `result` column.
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from dataclasses import dataclass, replace
from typing import Any

from numspec.sandbox import repository, voice_store
from numspec.sandbox.matching import find
from numspec.sandbox.order_states import OrderStatus
from numspec.sandbox.orders import EXISTING, DisconnectRequest, OrderRequest
from numspec.sandbox.records import NewOrder, OrderRecord
from numspec.sandbox.search import parse_search

UNAVAILABLE = "The telephone number is unavailable for ordering"
BACKORDER_CODE = "5520"


@dataclass(frozen=True)
class Timing:
    """When a new order moves on, and what it risks."""

    now: float
    latency: float
    race_rate: float
    seed: int

    @property
    def halfway(self) -> float:
        """When an order stored now turns PROCESSING (RECEIVED until then)."""
        return self.now + self.latency / 2

    @property
    def due(self) -> float:
        """When an order stored now is decided."""
        return self.now + self.latency


@dataclass(frozen=True)
class Failure:
    """One entry of an order's ErrorList: a number that failed, or a shortfall (no number)."""

    code: str
    description: str
    number: str | None = None

    def to_json(self) -> dict[str, str]:
        data = {"code": self.code, "description": self.description}
        if self.number is not None:
            data["number"] = self.number
        return data

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Failure:
        return cls(data["code"], data["description"], data.get("number"))


def _unavailable(number: str) -> Failure:
    return Failure("5005", UNAVAILABLE, number)


def _failures(data: dict[str, Any]) -> tuple[Failure, ...]:
    return tuple(Failure.from_json(f) for f in data.get("failed", ()))


@dataclass(frozen=True)
class OrderResult:
    """What a new-number order held, brought, and failed to bring.

    `held`: numbers held when it was stored; `reserved`: those the account had reserved (no
    race takes them); `backordered`: numbers still to come; `summary`: set once it finished.
    """

    held: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    completed: tuple[str, ...] = ()
    backordered: int = 0
    reserved: tuple[str, ...] = ()
    summary: str | None = None

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "held": list(self.held),
            "failed": [f.to_json() for f in self.failed],
            "completed": list(self.completed),
            "backordered": self.backordered,
        }
        if self.reserved:
            data["reserved"] = list(self.reserved)
        if self.summary is not None:
            data["summary"] = self.summary
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> OrderResult:
        data = json.loads(text)
        return cls(
            held=tuple(data.get("held", ())),
            failed=_failures(data),
            completed=tuple(data.get("completed", ())),
            backordered=int(data.get("backordered", 0)),
            reserved=tuple(data.get("reserved", ())),
            summary=data.get("summary"),
        )


@dataclass(frozen=True)
class DisconnectResult:
    """What a disconnect took out of service, and the numbers it could not."""

    completed: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()

    def to_json(self) -> str:
        failed = [f.to_json() for f in self.failed]
        return json.dumps({"completed": list(self.completed), "failed": failed})

    @classmethod
    def from_json(cls, text: str) -> DisconnectResult:
        data = json.loads(text)
        return cls(tuple(data.get("completed", ())), _failures(data))


def order_request(order: OrderRecord) -> OrderRequest:
    return OrderRequest.from_json(json.loads(order.request))


def disconnect_request(order: OrderRecord) -> DisconnectRequest:
    return DisconnectRequest.from_json(json.loads(order.request))


# -- storing new orders -----------------------------------------------------------------------
def order_uuid(seed: int, seq: int) -> str:
    """Order ids are GUIDs, reproducible from the seed and the sequence."""
    return str(uuid.UUID(bytes=random.Random(f"id:{seed}:{seq}").randbytes(16), version=4))


def _claim_existing(conn: sqlite3.Connection, req: OrderRequest) -> OrderResult:
    held: list[str] = []
    failed: list[Failure] = []
    reserved: list[str] = []  # held for the account already: no other customer can take them
    for number in req.numbers:
        row = repository.number(conn, number)
        mine = row is not None and row.status == "Reserved" and row.hold in req.reservation_ids
        if row is not None and (row.status == "Available" or mine):
            held.append(number)
            if mine and row.hold is not None:
                repository.drop_reservation(conn, row.hold)
                reserved.append(number)
        elif row is not None and row.status == "Held":
            description = f"Telephone number {number} is already processing on another order"
            failed.append(Failure("5218", description, number))
        else:
            failed.append(_unavailable(number))
    return OrderResult(held=tuple(held), failed=tuple(failed), reserved=tuple(reserved))


def insert_order(
    conn: sqlite3.Connection, req: OrderRequest, t: Timing, denied: list[tuple[str, str]]
) -> str:
    """Store a new order and hold its numbers; return its id (inside a write transaction)."""
    seq = repository.next_seq(conn)
    order_id = order_uuid(t.seed, seq)
    if req.type == EXISTING:
        result = _claim_existing(conn, req)
    else:
        rows = find(conn, parse_search(req.query), denied, limit=req.quantity)
        result = OrderResult(held=tuple(r.number for r in rows))
    repository.hold(conn, order_id, result.held)
    repository.insert_order(
        conn,
        NewOrder(
            id=order_id,
            seq=seq,
            kind="order",
            customer_order_id=req.customer_order_id,
            created=t.now,
            processing_at=t.halfway,
            due=t.due,
            request=json.dumps(req.to_json()),
            result=result.to_json(),
            site_id=req.site_id,
            peer_id=req.peer_id,
            race_rate=t.race_rate,
        ),
    )
    return order_id


def insert_disconnect(conn: sqlite3.Connection, req: DisconnectRequest, t: Timing) -> str:
    """Store a disconnect order; numbers leave service when it falls due."""
    seq = repository.next_seq(conn)
    order_id = order_uuid(t.seed, seq)
    repository.insert_order(
        conn,
        NewOrder(
            id=order_id,
            seq=seq,
            kind="disconnect",
            customer_order_id=req.customer_order_id,
            created=t.now,
            processing_at=t.due,  # a disconnect stays RECEIVED until it is decided
            due=t.due,
            request=json.dumps(req.to_json()),
        ),
    )
    return order_id


# -- finishing due orders ---------------------------------------------------------------------
def _summary(conn: sqlite3.Connection, numbers: tuple[str, ...], requested: int) -> str:
    completed, areas = len(numbers), repository.area_codes(conn, numbers[:50])
    where = f" in ({', '.join(areas)})" if areas else ""
    if completed == requested:
        return f"{completed} number{'s' if completed != 1 else ''} ordered{where}"
    return f"{completed} out of {requested} numbers ordered{where}"


def _outcome(req: OrderRequest, done: int) -> OrderStatus:
    if done == req.quantity:
        return OrderStatus.COMPLETE
    if req.backorder and req.type != EXISTING:
        return OrderStatus.BACKORDERED
    if done == 0 or not req.partial_allowed:
        return OrderStatus.FAILED
    return OrderStatus.PARTIAL


def _shortfall(req: OrderRequest, done: int, status: OrderStatus) -> Failure | None:
    """The ErrorList entry for numbers a search-and-order could not bring."""
    short = req.quantity - done
    if req.type == EXISTING or short <= 0:
        return None
    if status == OrderStatus.BACKORDERED:
        return Failure(BACKORDER_CODE, f"{short} telephone numbers were backordered")
    if done:
        return Failure("5017", f"Only {done} of {req.quantity} numbers could be fulfilled")
    return Failure("5018", "The requested quantity of numbers is unavailable")


def _into_service(
    conn: sqlite3.Connection, numbers: tuple[str, ...], order: OrderRecord, now: float
) -> None:
    repository.into_service(conn, numbers, (order.site_id, order.peer_id), order.id, now)
    package = order_request(order).voice_package
    voice_store.place(conn, numbers, package, now)  # VoiceConfigurationPackageId on the order


def _race(order: OrderRecord, result: OrderResult, seed: int) -> tuple[list[str], list[str]]:
    """Split the held numbers into (brought, taken by another customer)."""
    rng = random.Random(f"race:{seed}:{order.seq}")
    brought: list[str] = list(result.completed)
    taken: list[str] = []
    for number in result.held:
        # A number reserved by the account cannot be taken by another customer; draw anyway so
        # the other numbers of the order meet the same races as before.
        if rng.random() < order.race_rate and number not in result.reserved:
            taken.append(number)
        else:
            brought.append(number)
    return brought, taken


def finish_order(
    conn: sqlite3.Connection, order: OrderRecord, now: float, seed: int, aging: float
) -> OrderStatus:
    """Decide a due order: races, numbers into service, status, errors, summary."""
    req, before = order_request(order), OrderResult.from_json(order.result)
    completed, taken = _race(order, before, seed)
    for number in taken:
        repository.take(conn, number)
    failed = [*before.failed, *(_unavailable(n) for n in taken)]
    status = _outcome(req, len(completed))
    if status == OrderStatus.FAILED and completed:
        repository.release(conn, completed)
        failed += [_unavailable(n) for n in completed]
        completed = []
    _into_service(conn, tuple(completed), order, now)
    shortfall = _shortfall(req, len(completed), status)
    backordered = before.backordered
    if shortfall is not None and shortfall.code == BACKORDER_CODE:
        backordered = req.quantity - len(completed)
    result = replace(
        before,
        failed=(*failed, *([shortfall] if shortfall else [])),
        completed=tuple(completed),
        backordered=backordered,
        summary=_summary(conn, tuple(completed), req.quantity),
    )
    repository.finish(conn, order.id, status, now, result.to_json())
    return status


def finish_disconnect(
    conn: sqlite3.Connection, order: OrderRecord, now: float, seed: int, aging: float
) -> OrderStatus:
    """Take a due disconnect's numbers out of service into Aging."""
    req = disconnect_request(order)
    done: list[str] = []
    failed: list[Failure] = []
    for number in req.numbers:
        found = repository.number(conn, number)
        if found is not None and found.status == "Inservice":
            done.append(number)
        else:
            description = (
                f"The telephone number {number} could not be disconnected"
                " since it is not associated with your account"
            )
            failed.append(Failure("5006", description, number))
    repository.into_aging(conn, done, now + aging, now)
    voice_store.release(conn, done)
    status = (
        OrderStatus.COMPLETE if not failed else OrderStatus.PARTIAL if done else OrderStatus.FAILED
    )
    result = DisconnectResult(tuple(done), tuple(failed))
    repository.finish(conn, order.id, status, now, result.to_json())
    return status


def fill_backorder(
    conn: sqlite3.Connection, order: OrderRecord, now: float, denied: list[tuple[str, str]]
) -> bool:
    """Give a backordered order numbers that came back; return whether it completed."""
    req, before = order_request(order), OrderResult.from_json(order.result)
    rows = find(conn, parse_search(req.query), denied, limit=before.backordered)
    if not rows:
        return False
    got = tuple(r.number for r in rows)
    _into_service(conn, got, order, now)
    completed = (*before.completed, *got)
    backordered = before.backordered - len(got)
    done = backordered == 0
    failed = tuple(f for f in before.failed if f.code != BACKORDER_CODE) if done else before.failed
    result = replace(
        before,
        completed=completed,
        backordered=backordered,
        failed=failed,
        summary=_summary(conn, completed, req.quantity),
    )
    status = OrderStatus.COMPLETE if done else OrderStatus.BACKORDERED
    repository.update_result(conn, order.id, status, now, result.to_json())
    return done
