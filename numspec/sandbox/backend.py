"""The sandbox's state machine behind the HTTP layer: one Backend per running sandbox.

Like moto's backends: everything here speaks Python values, nothing here speaks HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import threading
import time
from typing import Any

from numspec.sandbox import voice_store
from numspec.sandbox.dialect import captured
from numspec.sandbox.faults import FaultInjector, RateLimiter, Stats, Switches
from numspec.sandbox.fulfilment import FINISHERS, fill_backorder
from numspec.sandbox.matching import find
from numspec.sandbox.moves import MoveRequest, insert_move
from numspec.sandbox.orders import DisconnectRequest, OrderError, OrderRequest
from numspec.sandbox.processing import Timing, insert_disconnect, insert_order
from numspec.sandbox.search import Criteria
from numspec.sandbox.states import COMPLETE
from numspec.sandbox.store import ACCOUNT_ID, Store

log = logging.getLogger(__name__)

CLIENT_ID = "sandbox"
CLIENT_SECRET = "sandbox"
BACKORDER_INTERVAL = 1.0


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Backend:
    """State and rules of one sandbox account over one database."""

    def __init__(self, store: Store, switches: Switches, seed: int) -> None:
        self.store = store
        self.switches = switches
        self.seed = seed
        self.stats = Stats()
        self.faults = FaultInjector(seed)
        self.limiter = RateLimiter()
        self.account_id = ACCOUNT_ID
        self._last_backorder = 0.0
        self._tick_lock = threading.Lock()
        with store.write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO meta VALUES ('token_key', ?)", (secrets.token_hex(32),)
            )
        self._key = (store.meta("token_key") or "").encode()
        voice_store.ensure(store, time.time())

    def captured(self, *about: object) -> bool:
        """Return whether the reply about `about` speaks the captured dialect (dialect.py)."""
        return captured(self.switches.dialect, self.seed, *about)

    # -- tokens ---------------------------------------------------------------------------
    def issue_token(self, client_id: str, client_secret: str) -> str | None:
        """Return a signed JWT for the sandbox's client credentials, else None."""
        ok_id = hmac.compare_digest(client_id, CLIENT_ID)
        if not (ok_id and hmac.compare_digest(client_secret, CLIENT_SECRET)):
            return None
        now = int(time.time())
        claims = {
            "sub": client_id,
            "accounts": [self.account_id],
            "roles": ["Ordering"],
            "express": False,
            "iat": now,
            "exp": now + self.switches.token_lifetime,
            "jti": secrets.token_hex(8),
        }
        head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{head}.{body}.{self._sign(head, body)}"

    def _sign(self, head: str, body: str) -> str:
        return _b64(hmac.new(self._key, f"{head}.{body}".encode(), hashlib.sha256).digest())

    def token_valid(self, token: str) -> bool:
        """Return whether a bearer token is ours and not expired."""
        parts = token.split(".")
        if len(parts) != 3 or not hmac.compare_digest(parts[2], self._sign(parts[0], parts[1])):
            return False
        try:
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
            return float(claims["exp"]) > time.time()
        except (ValueError, KeyError, TypeError):
            return False

    # -- the clock: orders falling due, reservations and aging expiring ---------------------
    def tick(self, now: float | None = None) -> None:
        """Move every order and number whose time has come; cheap when nothing is due."""
        now = time.time() if now is None else now
        conn = self.store.conn
        due = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE status = 'RECEIVED' AND processing_at <= ?)"
            " OR EXISTS (SELECT 1 FROM orders WHERE status = 'PROCESSING' AND due <= ?)"
            " OR EXISTS (SELECT 1 FROM numbers WHERE status = 'Reserved' AND until <= ?)"
            " OR EXISTS (SELECT 1 FROM numbers WHERE status = 'Aging' AND until <= ?)",
            (now, now, now, now),
        ).fetchone()[0]
        if due:
            with self._tick_lock, self.store.write() as conn:
                self._advance(conn, now)
        if now - self._last_backorder >= BACKORDER_INTERVAL:
            self._last_backorder = now
            self._backorders(now)

    def _advance(self, conn: sqlite3.Connection, now: float) -> None:
        conn.execute(
            "UPDATE orders SET status = 'PROCESSING', modified = ? WHERE status = 'RECEIVED'"
            " AND processing_at <= ? AND due > ?",
            (now, now, now),
        )
        rows = conn.execute(
            "SELECT * FROM orders WHERE status IN ('RECEIVED', 'PROCESSING') AND due <= ?"
            " ORDER BY seq",
            (now,),
        ).fetchall()
        for row in rows:
            status = FINISHERS[row["kind"]](conn, row, now, self.seed, self.switches.aging_period)
            if row["kind"] == "order":
                self.stats.order_final(status)
        conn.execute("DELETE FROM reservations WHERE expires <= ?", (now,))
        conn.execute(
            "UPDATE numbers SET status = 'Available', hold = NULL, until = NULL"
            " WHERE status IN ('Reserved', 'Aging') AND until <= ?",
            (now,),
        )

    def _backorders(self, now: float) -> None:
        conn = self.store.conn
        if conn.execute("SELECT 1 FROM orders WHERE status = 'BACKORDERED' LIMIT 1").fetchone():
            with self._tick_lock, self.store.write() as conn:
                for row in conn.execute(
                    "SELECT * FROM orders WHERE status = 'BACKORDERED' ORDER BY seq"
                ).fetchall():
                    if fill_backorder(conn, row, now, self.switches.denied()):
                        self.stats.order_final(COMPLETE)

    # -- sites ---------------------------------------------------------------------------
    def sites(self) -> list[sqlite3.Row]:
        return self.store.conn.execute("SELECT * FROM sites ORDER BY id").fetchall()

    def _one(self, sql: str, args: tuple[Any, ...]) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.store.conn.execute(sql, args).fetchone()
        return row

    def site(self, site_id: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM sites WHERE id = ?", (site_id,))

    def peers(self, site_id: str) -> list[sqlite3.Row]:
        return self.store.conn.execute(
            "SELECT * FROM peers WHERE site_id = ? ORDER BY id", (site_id,)
        ).fetchall()

    def peer(self, site_id: str, peer_id: str) -> sqlite3.Row | None:
        return self._one("SELECT * FROM peers WHERE site_id = ? AND id = ?", (site_id, peer_id))

    # -- search and orders ----------------------------------------------------------------
    def search(self, criteria: Criteria) -> list[sqlite3.Row]:
        """Return available numbers for a validated search."""
        return find(self.store.conn, criteria, self.switches.denied())

    def check_limits(self, criteria: Criteria) -> None:
        """Refuse (4014) a search confined to a country or type the account may not order."""
        allowed = self.switches.allowed_countries
        if allowed is not None and not any(c in allowed for c in criteria.countries):
            raise OrderError(
                "4014",
                "Access denied: the account may not order numbers in "
                f"{','.join(criteria.countries)}",
            )
        if criteria.type and all(
            not self.switches.may_order(c, criteria.type) for c in criteria.countries
        ):
            raise OrderError(
                "4014",
                f"Access denied: the account may not order {criteria.type}"
                f" numbers in {','.join(criteria.countries)}",
            )

    def _timing(self) -> Timing:
        s = self.switches
        return Timing(time.time(), s.order_latency, s.race_rate, self.seed)

    def _check_order(self, conn: sqlite3.Connection, req: OrderRequest) -> OrderRequest:
        if self.site(req.site_id) is None:
            raise OrderError("5016", f"Site {req.site_id} is not valid for this account")
        peer_id = req.peer_id
        if peer_id is None:
            default = conn.execute(
                "SELECT id FROM peers WHERE site_id = ? AND is_default = 1", (req.site_id,)
            ).fetchone()
            if default is None:
                raise OrderError("5020", f"Site {req.site_id} has no default location")
            peer_id = default["id"]
        elif self.peer(req.site_id, peer_id) is None:
            raise OrderError("5023", f"Location {peer_id} is not in site {req.site_id}")
        for n in req.numbers:
            row = conn.execute(
                "SELECT country, type FROM numbers WHERE number = ?", (n,)
            ).fetchone()
            if row is not None and not self.switches.may_order(row["country"], row["type"]):
                self._refuse_country(n, row["country"])
                raise OrderError(
                    "4014",
                    f"Access denied: the account may not order "
                    f"{row['type']} numbers in {row['country']} ({n})",
                )
        return OrderRequest.from_json({**req.to_json(), "peer_id": peer_id})

    def _refuse_country(self, number: str, country: str) -> None:
        """captured: a non-+1 number of a country the account may not order is 5257."""
        allowed = self.switches.allowed_countries
        if allowed is None or country in allowed or number.startswith("+1"):
            return
        if self.captured("order-limit", number):
            raise OrderError("5257", "Ordering non +1 telephone numbers is not allowed")

    def create_order(self, req: OrderRequest) -> str:
        """Validate against the account and store the order; return its id."""
        with self.store.write() as conn:
            req = self._check_order(conn, req)
            return insert_order(conn, req, self._timing(), self.switches.denied())

    def create_disconnect(self, req: DisconnectRequest) -> str:
        with self.store.write() as conn:
            return insert_disconnect(conn, req, self._timing())

    def create_move(self, req: MoveRequest) -> str:
        """Check the target site (7309) and location (7312), store the move; return its id."""
        with self.store.write() as conn:
            return insert_move(conn, req, self._timing())

    def order(self, order_id: str, kind: str = "order") -> sqlite3.Row | None:
        return self._one("SELECT * FROM orders WHERE id = ? AND kind = ?", (order_id, kind))

    def peer_of(self, site_id: str) -> str | None:
        row = self.store.conn.execute(
            "SELECT id FROM peers WHERE site_id = ? AND is_default = 1", (site_id,)
        ).fetchone()
        return None if row is None else str(row["id"])

    def config(self) -> dict[str, Any]:
        return self.switches.to_dict()
