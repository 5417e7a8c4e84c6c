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
from collections.abc import Callable

from numspec.sandbox import repository, voice_store
from numspec.sandbox.dialect import captured
from numspec.sandbox.matching import find
from numspec.sandbox.move_orders import MoveRequest, finish_move, insert_move
from numspec.sandbox.order_machine import (
    Timing,
    fill_backorder,
    finish_disconnect,
    finish_order,
    insert_disconnect,
    insert_order,
)
from numspec.sandbox.order_states import OrderStatus
from numspec.sandbox.orders import DisconnectRequest, OrderError, OrderRequest
from numspec.sandbox.records import (
    AvailableNumber,
    NumberRecord,
    OrderRecord,
    PeerRecord,
    SiteRecord,
)
from numspec.sandbox.search import Criteria
from numspec.sandbox.store import ACCOUNT_ID, Store
from numspec.sandbox.switches import FaultInjector, RateLimiter, Stats, Switches

log = logging.getLogger(__name__)

CLIENT_ID = "sandbox"
CLIENT_SECRET = "sandbox"
BACKORDER_INTERVAL = 1.0

# How a due order of each kind finishes: (connection, order, now, seed, aging period) -> status.
Finisher = Callable[[sqlite3.Connection, OrderRecord, float, int, float], OrderStatus]
FINISHERS: dict[str, Finisher] = {
    "order": finish_order,
    "disconnect": finish_disconnect,
    "move": finish_move,
}


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
        store.ensure_meta("token_key", secrets.token_hex(32))
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
        if repository.anything_due(self.store.conn, now):
            with self._tick_lock, self.store.write() as conn:
                self._advance(conn, now)
        if now - self._last_backorder >= BACKORDER_INTERVAL:
            self._last_backorder = now
            self._backorders(now)

    def _advance(self, conn: sqlite3.Connection, now: float) -> None:
        repository.start_processing(conn, now)
        for order in repository.due_orders(conn, now):
            status = FINISHERS[order.kind](conn, order, now, self.seed, self.switches.aging_period)
            if order.kind == "order":
                self.stats.order_final(status)
        repository.expire(conn, now)

    def _backorders(self, now: float) -> None:
        if repository.any_backordered(self.store.conn):
            with self._tick_lock, self.store.write() as conn:
                for order in repository.backordered_orders(conn):
                    if fill_backorder(conn, order, now, self.switches.denied()):
                        self.stats.order_final(OrderStatus.COMPLETE)

    # -- sites ---------------------------------------------------------------------------
    def sites(self) -> list[SiteRecord]:
        return repository.sites(self.store.conn)

    def site(self, site_id: str) -> SiteRecord | None:
        return repository.site(self.store.conn, site_id)

    def peers(self, site_id: str) -> list[PeerRecord]:
        return repository.peers(self.store.conn, site_id)

    def peer(self, site_id: str, peer_id: str) -> PeerRecord | None:
        return repository.peer(self.store.conn, site_id, peer_id)

    def peer_of(self, site_id: str) -> str | None:
        """Return the id of a site's default location."""
        return repository.default_peer(self.store.conn, site_id)

    # -- search and orders ----------------------------------------------------------------
    def search(self, criteria: Criteria) -> list[AvailableNumber]:
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
        if repository.site(conn, req.site_id) is None:
            raise OrderError("5016", f"Site {req.site_id} is not valid for this account")
        peer_id = req.peer_id
        if peer_id is None:
            peer_id = repository.default_peer(conn, req.site_id)
            if peer_id is None:
                raise OrderError("5020", f"Site {req.site_id} has no default location")
        elif repository.peer(conn, req.site_id, peer_id) is None:
            raise OrderError("5023", f"Location {peer_id} is not in site {req.site_id}")
        for n in req.numbers:
            row = repository.number(conn, n)
            if row is not None and not self.switches.may_order(row.country, row.type):
                self._refuse_country(n, row.country)
                raise OrderError(
                    "4014",
                    f"Access denied: the account may not order "
                    f"{row.type} numbers in {row.country} ({n})",
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

    def number(self, tn: str) -> NumberRecord | None:
        """Return a number of the pool, whatever its status."""
        return repository.number(self.store.conn, tn)

    def in_service_count(self) -> int:
        return repository.count_in_service(self.store.conn)

    def order(self, order_id: str, kind: str = "order") -> OrderRecord | None:
        return repository.order(self.store.conn, order_id, kind)
