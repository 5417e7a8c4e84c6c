"""The order state machine, second half: finish orders and disconnects when they fall due.

A race ("another customer") is drawn per number from a generator keyed by the seed and the
order's sequence number, so runs reproduce. Backordered orders fill as numbers come back.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable
from typing import Any

from numspec.sandbox import voice_store
from numspec.sandbox.matching import find
from numspec.sandbox.moves import finish_move
from numspec.sandbox.orders import EXISTING, DisconnectRequest, OrderRequest
from numspec.sandbox.processing import UNAVAILABLE
from numspec.sandbox.search import parse_search
from numspec.sandbox.states import BACKORDERED, COMPLETE, FAILED, PARTIAL


def _summary(conn: sqlite3.Connection, numbers: list[str], requested: int) -> str:
    completed, areas = len(numbers), _areas(conn, numbers)
    where = f" in ({', '.join(areas)})" if areas else ""
    if completed == requested:
        return f"{completed} number{'s' if completed != 1 else ''} ordered{where}"
    return f"{completed} out of {requested} numbers ordered{where}"


def _areas(conn: sqlite3.Connection, numbers: list[str]) -> list[str]:
    found: dict[str, None] = {}
    for n in numbers[:50]:
        row = conn.execute("SELECT area_code FROM numbers WHERE number = ?", (n,)).fetchone()
        if row is not None and row[0]:
            found[row[0]] = None
    return list(found)


def _outcome(req: OrderRequest, result: dict[str, Any]) -> str:
    done, wanted = len(result["completed"]), req.quantity
    if done == wanted:
        return COMPLETE
    if req.backorder and req.type != EXISTING:
        return BACKORDERED
    if done == 0 or not req.partial_allowed:
        return FAILED
    return PARTIAL


def finish_order(
    conn: sqlite3.Connection, row: sqlite3.Row, now: float, seed: int, aging: float
) -> str:
    """Decide a due order: races, numbers into service, status, errors, summary."""
    req = OrderRequest.from_json(json.loads(row["request"]))
    result = json.loads(row["result"])
    rng = random.Random(f"race:{seed}:{row['seq']}")
    reserved = set(result.get("reserved", ()))
    for number in result["held"]:
        # A number reserved by the account cannot be taken by another customer; draw anyway so
        # the other numbers of the order meet the same races as before.
        if rng.random() < row["race_rate"] and number not in reserved:
            conn.execute(
                "UPDATE numbers SET status = 'Taken', hold = NULL WHERE number = ?", (number,)
            )
            result["failed"].append({"code": "5005", "number": number, "description": UNAVAILABLE})
        else:
            result["completed"].append(number)
    status = _outcome(req, result)
    if status == FAILED and result["completed"]:
        _release(conn, result["completed"])
        result["failed"] += [
            {"code": "5005", "number": n, "description": UNAVAILABLE} for n in result["completed"]
        ]
        result["completed"] = []
    _into_service(conn, result["completed"], row, now)
    _shortfall_errors(req, result, status)
    result["summary"] = _summary(conn, result["completed"], req.quantity)
    conn.execute(
        "UPDATE orders SET status = ?, modified = ?, completed = ?, result = ? WHERE id = ?",
        (status, now, now, json.dumps(result), row["id"]),
    )
    return status


def _shortfall_errors(req: OrderRequest, result: dict[str, Any], status: str) -> None:
    if req.type == EXISTING:
        return
    short = req.quantity - len(result["completed"])
    if short <= 0:
        return
    if status == BACKORDERED:
        result["backordered"] = short
        result["failed"].append(
            {"code": "5520", "description": f"{short} telephone numbers were backordered"}
        )
    elif result["completed"]:
        result["failed"].append(
            {
                "code": "5017",
                "description": f"Only {len(result['completed'])} of {req.quantity} numbers "
                "could be fulfilled",
            }
        )
    else:
        result["failed"].append(
            {"code": "5018", "description": "The requested quantity of numbers is unavailable"}
        )


def _release(conn: sqlite3.Connection, numbers: list[str]) -> None:
    conn.executemany(
        "UPDATE numbers SET status = 'Available', hold = NULL WHERE number = ?",
        [(n,) for n in numbers],
    )


def _into_service(
    conn: sqlite3.Connection, numbers: list[str], row: sqlite3.Row, now: float
) -> None:
    conn.executemany(
        "UPDATE numbers SET status = 'Inservice', hold = NULL, until = NULL, site_id = ?,"
        " peer_id = ?, order_id = ?, in_service = ?, modified = ? WHERE number = ?",
        [(row["site_id"], row["peer_id"], row["id"], now, now, n) for n in numbers],
    )
    package = json.loads(row["request"]).get("voice_package")
    voice_store.place(conn, numbers, package, now)  # VoiceConfigurationPackageId on the order


def finish_disconnect(
    conn: sqlite3.Connection, row: sqlite3.Row, now: float, seed: int, aging: float
) -> str:
    """Take a due disconnect's numbers out of service into Aging."""
    req = DisconnectRequest.from_json(json.loads(row["request"]))
    done: list[str] = []
    failed: list[dict[str, str]] = []
    for number in req.numbers:
        found = conn.execute("SELECT status FROM numbers WHERE number = ?", (number,)).fetchone()
        if found is not None and found["status"] == "Inservice":
            done.append(number)
        else:
            failed.append(
                {
                    "code": "5006",
                    "number": number,
                    "description": f"The telephone number {number} could not be disconnected"
                    " since it is not associated with your account",
                }
            )
    conn.executemany(
        "UPDATE numbers SET status = 'Aging', until = ?, site_id = NULL, peer_id = NULL,"
        " order_id = NULL, in_service = NULL, modified = ? WHERE number = ?",
        [(now + aging, now, n) for n in done],
    )
    voice_store.release(conn, done)
    status = COMPLETE if not failed else PARTIAL if done else FAILED
    result = {"completed": done, "failed": failed}
    conn.execute(
        "UPDATE orders SET status = ?, modified = ?, completed = ?, result = ? WHERE id = ?",
        (status, now, now, json.dumps(result), row["id"]),
    )
    return status


Finisher = Callable[[sqlite3.Connection, sqlite3.Row, float, int, float], str]
FINISHERS: dict[str, Finisher] = {
    "order": finish_order,
    "disconnect": finish_disconnect,
    "move": finish_move,
}


def fill_backorder(
    conn: sqlite3.Connection, row: sqlite3.Row, now: float, denied: list[tuple[str, str]]
) -> bool:
    """Give a backordered order numbers that came back; return whether it completed."""
    req = OrderRequest.from_json(json.loads(row["request"]))
    result = json.loads(row["result"])
    rows = find(conn, parse_search(req.query), denied, limit=result["backordered"])
    if not rows:
        return False
    got = [r["number"] for r in rows]
    _into_service(conn, got, row, now)
    result["completed"] += got
    result["backordered"] -= len(got)
    done = result["backordered"] == 0
    if done:
        result["failed"] = [e for e in result["failed"] if e["code"] != "5520"]
    result["summary"] = _summary(conn, result["completed"], req.quantity)
    conn.execute(
        "UPDATE orders SET status = ?, modified = ?, result = ? WHERE id = ?",
        (COMPLETE if done else BACKORDERED, now, json.dumps(result), row["id"]),
    )
    return bool(done)
