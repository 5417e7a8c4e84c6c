"""A fake number market for apply's tests: an account, a pool, and other customers.

Implements the whole NumbersApi in memory. Orders are asynchronous: an order reaches its final
state after `steps` polls (GET). Numbers can be taken by another customer between search and
order (`race_rate`, or `steal()` for exact numbers), countries can be denied (4014), and hooks
let a test act at the moment of a POST (a crash, a concurrent run).
"""

from __future__ import annotations

import itertools
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from fakes import listed

from numspec.bandwidth.details_query import EVERYTHING, DetailsQuery
from numspec.bandwidth.models import (
    AvailableNumber,
    Disconnect,
    ErrorEntry,
    Location,
    NumberDetail,
    NumbersOrder,
    NumberStatus,
    Order,
    OrderRequest,
    OrderSummary,
    Reservation,
    Restriction,
    SearchOrder,
    SiteInfo,
)
from numspec.bandwidth.moves import Move, MoveRequest, MoveSummary
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.states import FINAL
from numspec.errors import AccessDeniedError, ApiError, NotFoundError, NumberTakenError

ACCOUNT = "9900000"


def nanp(
    area_code: str, count: int, start: int = 5550100, state: str = "NC"
) -> list[AvailableNumber]:
    """Return `count` sorted NANP pool numbers in an area code."""
    return [
        AvailableNumber(
            f"+1{area_code}{start + i:07d}", "USA", "GEOGRAPHIC", state=state, area_code=area_code
        )
        for i in range(count)
    ]


@dataclass
class _Order:
    order: Order
    request: OrderRequest
    polls: int = 0


@dataclass
class Market:
    """An account on a first-come-first-served market."""

    pool: list[AvailableNumber] = field(default_factory=list)
    sites: tuple[str, ...] = ("1001", "1002")
    steps: int = 2  # polls before an order is final
    race_rate: float = 0.0
    denied: frozenset[str] = frozenset()  # countries the account may not order (4014)
    restricted: Mapping[str, list[Restriction]] = field(default_factory=dict)
    seed: int = 1
    before_post: Callable[[OrderRequest], None] | None = None
    after_post: Callable[[Order], None] | None = None
    backorder_fills: bool = False
    account_id: str = ACCOUNT

    def __post_init__(self) -> None:
        self.lock = threading.RLock()
        self.available: dict[str, AvailableNumber] = {a.number: a for a in self.pool}
        self.held: dict[str, tuple[str, AvailableNumber]] = {}  # number -> (site, attrs)
        self.taken: set[str] = set()  # by other customers
        self.reserved: dict[str, str] = {}  # reservation id -> number
        self.orders: dict[str, _Order] = {}
        self.disconnects: dict[str, tuple[Disconnect, int]] = {}
        self.moves: dict[str, tuple[Move, int]] = {}  # move orders and the polls they had
        self.requests: Counter[str] = Counter()
        self.ordered_numbers: Counter[str] = Counter()  # every number requested, per order
        self.rng = random.Random(self.seed)
        self._ids = itertools.count(1)
        self.clock = datetime.now(UTC)

    # --- test controls -------------------------------------------------------------------

    def populate(self, site_id: str, numbers: Iterable[str]) -> None:
        """Put pool numbers in service on a site at once."""
        with self.lock:
            for n in numbers:
                self.held[n] = (site_id, self.available.pop(n))

    def steal(self, *numbers: str) -> None:
        """Let another customer take numbers from the pool."""
        with self.lock:
            for n in numbers:
                if self.available.pop(n, None) is not None:
                    self.taken.add(n)

    def held_on(self, site_id: str) -> list[str]:
        with self.lock:
            return sorted(n for n, (s, _) in self.held.items() if s == site_id)

    def duplicates(self) -> list[str]:
        """Numbers that more than one order asked for and that the account received."""
        return [n for n, c in self.ordered_numbers.items() if c > 1 and n in self.held]

    # --- reads ----------------------------------------------------------------------------

    def _count(self, name: str) -> None:
        with self.lock:
            self.requests[name] += 1

    def list_sites(self) -> list[SiteInfo]:
        self._count("list_sites")
        return [SiteInfo(s, f"site {s}") for s in self.sites]

    def list_locations(self, site_id: str) -> list[Location]:
        self._count("list_locations")
        return [Location(f"2{site_id[1:]}", "default", site_id, True)]

    def iter_location_numbers(self, site_id: str, location_id: str) -> Iterator[str]:
        self._count("location_numbers")
        return iter(self.held_on(site_id))

    def iter_number_details(self, query: DetailsQuery = EVERYTHING) -> Iterator[NumberDetail]:
        self._count("number_details")
        with self.lock:
            rows = [
                NumberDetail(
                    n,
                    "Inservice",
                    a.country,
                    a.type,
                    a.city,
                    a.state,
                    a.rate_center,
                    a.lata,
                    a.tier,
                    a.area_code,
                )
                for n, (_, a) in sorted(self.held.items())
            ]
        return iter([d for d in rows if listed(query, d)])

    def number_status(self, number: str) -> NumberStatus | None:
        """Answer GET /tns/{tn}: held, reserved, available, or None (another customer's)."""
        self._count("number_status")
        with self.lock:
            if number in self.held:
                return NumberStatus(number, "Inservice", self.account_id, self.held[number][0])
            if number in self.reserved.values():
                return NumberStatus(number, "Reserved", self.account_id)
            if number in self.available:
                return NumberStatus(number, "Available")
            return None

    def restrictions(self, country: str) -> list[Restriction]:
        self._count("restrictions")
        return list(self.restricted.get(country, []))

    def search(self, query: SearchQuery) -> list[AvailableNumber]:
        self._count("search")
        country = query.get("countryCodeA3", "USA")
        if country in self.denied:
            raise AccessDeniedError(
                "search refused", status=400, code="4014", description="Access denied"
            )
        with self.lock:
            reserved = set(self.reserved.values())
            hits = [
                a
                for n, a in sorted(self.available.items())
                if n not in reserved and _fits(a, query)
            ]
        return hits[: query.quantity]

    # --- orders ---------------------------------------------------------------------------

    def create_order(self, request: OrderRequest) -> Order:
        self._count("create_order")
        if self.before_post is not None:
            self.before_post(request)
        with self.lock:
            for existing in self.orders.values():  # the client's promise: never twice
                if existing.order.customer_order_id == request.customer_order_id:
                    return existing.order
            numbers = _numbers(request)
            country = self.available.get(numbers[0]) if numbers else None
            if country is not None and country.country in self.denied:
                raise AccessDeniedError(
                    "order refused", status=400, code="4014", description="Access denied"
                )
            order_id = f"order-{next(self._ids):04d}"
            quantity = _quantity(request)
            order = Order(
                order_id,
                "RECEIVED",
                request.customer_order_id,
                request.name,
                request.site_id,
                request.location_id,
                numbers,
                quantity,
                created=datetime.now(UTC),
            )
            self.orders[order_id] = _Order(order, request)
            self.ordered_numbers.update(numbers)
        if self.after_post is not None:
            self.after_post(order)
        return order

    def get_order(self, order_id: str) -> Order:
        self._count("get_order")
        with self.lock:
            if order_id not in self.orders:
                raise NotFoundError("no such order", status=404)
            entry = self.orders[order_id]
            entry.polls += 1
            if entry.order.status in ("RECEIVED", "PROCESSING"):
                entry.order = replace(entry.order, status="PROCESSING")
                if entry.polls >= self.steps:
                    self.finish(order_id)
            return entry.order

    def finish(self, order_id: str) -> Order:
        """Process an order now (the server's side of it)."""
        with self.lock:
            entry = self.orders[order_id]
            if entry.order.status in FINAL:
                return entry.order
            if isinstance(entry.request, SearchOrder) and entry.request.backorder:
                entry.order = replace(entry.order, status="BACKORDERED")
                return entry.order
            mine = set(_reservation_ids(entry.request))
            holder = {num: rid for rid, num in self.reserved.items()}
            done, failed = [], []
            for n in _numbers(entry.request):
                rid = holder.get(n)
                if rid is None and n in self.available and self.rng.random() < self.race_rate:
                    self.steal(n)
                if n in self.available and (rid is None or rid in mine):
                    self.held[n] = (entry.request.site_id, self.available.pop(n))
                    self.reserved.pop(rid or "", None)
                    done.append(n)
                else:
                    failed.append(n)
            status = "COMPLETE" if not failed else "PARTIAL" if done else "FAILED"
            errors = tuple(
                ErrorEntry("5005", "The telephone number is unavailable", n) for n in failed
            )
            entry.order = replace(
                entry.order,
                status=status,
                completed_numbers=tuple(done),
                failed_numbers=tuple(failed),
                errors=errors,
            )
            return entry.order

    def list_orders(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[OrderSummary]:
        self._count("list_orders")
        wanted = set(statuses)
        with self.lock:
            rows = [
                OrderSummary(
                    e.order.order_id,
                    e.order.status,
                    e.order.customer_order_id,
                    e.order.created,
                    len(_numbers(e.request)) or e.order.requested_quantity,
                )
                for e in reversed(list(self.orders.values()))
            ]
        return [
            r
            for r in rows
            if (customer_order_id is None or r.customer_order_id == customer_order_id)
            and (not wanted or r.status in wanted)
        ]

    # --- disconnects and reservations ------------------------------------------------------

    def create_disconnect(self, numbers: Iterable[str], customer_order_id: str) -> Disconnect:
        self._count("create_disconnect")
        with self.lock:
            order_id = f"disc-{next(self._ids):04d}"
            d = Disconnect(order_id, "RECEIVED", customer_order_id, tuple(numbers))
            self.disconnects[order_id] = (d, 0)
            return d

    def get_disconnect(self, order_id: str) -> Disconnect:
        self._count("get_disconnect")
        with self.lock:
            d, polls = self.disconnects[order_id]
            if d.status == "RECEIVED" and polls + 1 >= self.steps:
                for n in d.numbers:
                    self.held.pop(n, None)
                d = replace(d, status="COMPLETE", disconnected_numbers=d.numbers)
            self.disconnects[order_id] = (d, polls + 1)
            return d

    def reserve(self, number: str) -> Reservation:
        self._count("reserve")
        with self.lock:
            if number not in self.available or number in self.reserved.values():
                raise NumberTakenError(
                    "reservation failed",
                    status=400,
                    code="5041",
                    description=f"telephone number {number} is not available",
                )
            rid = f"res-{next(self._ids):04d}"
            self.reserved[rid] = number
            return Reservation(rid, number, 14400)

    def delete_reservation(self, reservation_id: str) -> None:
        self._count("delete_reservation")
        with self.lock:
            self.reserved.pop(reservation_id, None)

    # --- move orders: final after `steps` polls; a number not held fails with 7518 ----------

    def create_move(self, request: MoveRequest) -> Move:
        self._count("create_move")
        with self.lock:
            if request.site_id not in self.sites:
                raise ApiError(
                    "the API refused the request",
                    status=400,
                    code="7309",
                    description="The site id was not supplied or is invalid.",
                )
            order_id = f"move-{next(self._ids):04d}"
            move = Move(
                order_id,
                "RECEIVED",
                request.customer_order_id,
                request.site_id,
                request.location_id,
                request.numbers,
                created=self.clock,
            )
            self.moves[order_id] = (move, 0)
            return move

    def get_move(self, order_id: str) -> Move:
        self._count("get_move")
        with self.lock:
            if order_id not in self.moves:
                raise NotFoundError("move not found", status=404)
            move, polls = self.moves[order_id]
            if move.final:
                return move
            polls += 1
            if polls >= self.steps:
                move = self._finish_move(move)
            self.moves[order_id] = (move, polls)
            return move

    def _finish_move(self, move: Move) -> Move:
        failed = [n for n in move.numbers if n not in self.held]
        for n in move.numbers:
            if n in self.held:
                self.held[n] = (move.site_id or "", self.held[n][1])
        errors = tuple(ErrorEntry("7518", "Telephone Number Not Active.", n) for n in failed)
        status = (
            "COMPLETE"
            if not failed
            else "FAILED"
            if len(failed) == len(move.numbers)
            else "PARTIAL"
        )
        return replace(move, status=status, errors=errors)

    def list_moves(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[MoveSummary]:
        self._count("list_moves")
        wanted = set(statuses)
        with self.lock:
            return [
                MoveSummary(m.order_id, m.status, m.customer_order_id, m.created, len(m.numbers))
                for m, _ in reversed(self.moves.values())
                if (customer_order_id is None or m.customer_order_id == customer_order_id)
                and (not wanted or m.status in wanted)
            ]


def _quantity(request: OrderRequest) -> int:
    return len(request.numbers) if isinstance(request, NumbersOrder) else request.quantity


def _numbers(request: OrderRequest) -> tuple[str, ...]:
    return request.numbers if isinstance(request, NumbersOrder) else ()


def _reservation_ids(request: OrderRequest) -> tuple[str, ...]:
    return request.reservation_ids if isinstance(request, NumbersOrder) else ()


def _fits(number: AvailableNumber, search: SearchQuery) -> bool:
    query = search.as_dict()
    checks = {
        "countryCodeA3": number.country,
        "areaCode": number.area_code,
        "state": number.state,
        "city": number.city,
        "phoneNumberType": number.type,
    }
    return all(query[k] == v for k, v in checks.items() if k in query)
