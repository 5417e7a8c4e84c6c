"""An in-memory account for plan's tests: every read method of NumbersApi, no HTTP.

`FakeApi` holds sites, locations, numbers (with /tns details), orders and country restrictions,
and records every call in `calls`, so a test can assert what plan read (and that it wrote
nothing: every write method raises). apply's tests may subclass it to add ordering.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from numspec.bandwidth.details_query import EVERYTHING, DetailsQuery
from numspec.bandwidth.models import (
    AvailableNumber,
    Disconnect,
    Location,
    NumberDetail,
    NumberStatus,
    Order,
    OrderRequest,
    OrderSummary,
    Reservation,
    Restriction,
    SiteInfo,
)
from numspec.bandwidth.moves import Move, MoveRequest, MoveSummary
from numspec.bandwidth.search_query import SearchQuery
from numspec.errors import NotFoundError
from numspec.plan import tags

ACCOUNT = "9900000"


@dataclass
class FakeApi:
    """A Bandwidth account in memory; read methods only (writes raise)."""

    account: str = ACCOUNT
    sites: dict[str, list[str]] = field(
        default_factory=lambda: {f"100{i}": [f"200{i}"] for i in range(1, 6)}
    )
    holdings: dict[str, tuple[str, str]] = field(default_factory=dict)  # number -> site, loc
    details: dict[str, NumberDetail] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    order_dates: dict[str, datetime] = field(default_factory=dict)
    country_restrictions: dict[str, list[Restriction]] = field(default_factory=dict)
    statuses: dict[str, NumberStatus] = field(default_factory=dict)  # numbers not held
    moves: dict[str, Move] = field(default_factory=dict)  # move orders by id
    calls: list[tuple[str, ...]] = field(default_factory=list)
    page_size: int = 1000
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # --- setting up the world -------------------------------------------------------------

    def hold(
        self,
        number: str,
        site_id: str = "1001",
        location_id: str | None = None,
        **attrs: str | None,
    ) -> None:
        """Put a number in service on a site (its first location unless given)."""
        location = location_id or self.sites[site_id][0]
        self.holdings[number] = (site_id, location)
        country = attrs.pop("country", None) or ("USA" if number.startswith("+1") else None)
        self.details[number] = NumberDetail(number=number, country=country, **attrs)  # type: ignore[arg-type]

    def set_status(
        self, number: str, status: str = "Available", account_id: str | None = None
    ) -> None:
        """Say what GET /tns/{tn} answers for a number the account does not hold."""
        self.statuses[number] = NumberStatus(number, status, account_id)

    def hold_many(self, numbers: Iterable[str], site_id: str = "1001", **attrs: str | None) -> None:
        for n in numbers:
            self.hold(n, site_id, **dict(attrs))

    def add_order(
        self,
        address: str,
        status: str,
        *,
        numbers: Iterable[str] = (),
        quantity: int = 0,
        completed: Iterable[str] = (),
        site_id: str = "1001",
        when: datetime | None = None,
        attempt: int = 1,
    ) -> Order:
        """Record a numspec order for a group address, as apply would have placed it."""
        order_id = f"order-{len(self.orders) + 1:04d}"
        requested = tuple(numbers)
        order = Order(
            order_id=order_id,
            status=status,
            customer_order_id=tags.customer_order_id(address, "0badcafe", attempt),
            site_id=site_id,
            requested_numbers=requested,
            requested_quantity=quantity or len(requested),
            completed_numbers=tuple(completed),
        )
        self.orders[order_id] = order
        self.order_dates[order_id] = when or datetime.now(UTC)
        return order

    def _record(self, *call: str) -> None:
        with self._lock:
            self.calls.append(call)

    def count(self, name: str) -> int:
        return sum(1 for c in self.calls if c[0] == name)

    # --- NumbersApi: reads ----------------------------------------------------------------

    @property
    def account_id(self) -> str:
        return self.account

    def list_sites(self) -> list[SiteInfo]:
        self._record("list_sites")
        return [SiteInfo(s, f"site {s}") for s in sorted(self.sites)]

    def list_locations(self, site_id: str) -> list[Location]:
        self._record("list_locations", site_id)
        if site_id not in self.sites:
            raise NotFoundError("site not found", status=404)
        locs = self.sites[site_id]
        return [Location(loc, f"loc {loc}", site_id, i == 0) for i, loc in enumerate(locs)]

    def iter_location_numbers(self, site_id: str, location_id: str) -> Iterator[str]:
        found = sorted(n for n, where in self.holdings.items() if where == (site_id, location_id))
        for start in range(0, max(len(found), 1), self.page_size):
            self._record("iter_location_numbers", site_id, location_id)
            yield from found[start : start + self.page_size]

    def iter_number_details(self, query: DetailsQuery = EVERYTHING) -> Iterator[NumberDetail]:
        every = (self.details.get(n) or NumberDetail(n) for n in sorted(self.holdings))
        found = [d for d in every if listed(query, d)]
        for start in range(0, max(len(found), 1), self.page_size):
            self._record("iter_number_details", query.start or "")
            yield from found[start : start + self.page_size]

    def number_status(self, number: str) -> NumberStatus | None:
        self._record("number_status", number)
        where = self.holdings.get(number)
        if where is not None:
            return NumberStatus(number, "Inservice", self.account, where[0])
        return self.statuses.get(number)

    def restrictions(self, country: str) -> list[Restriction]:
        self._record("restrictions", country)
        return list(self.country_restrictions.get(country, []))

    def get_order(self, order_id: str) -> Order:
        self._record("get_order", order_id)
        try:
            return self.orders[order_id]
        except KeyError as e:
            raise NotFoundError("order not found", status=404) from e

    def list_orders(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[OrderSummary]:
        wanted = set(statuses)
        self._record("list_orders", ",".join(sorted(wanted)), since.isoformat() if since else "")
        out = []
        for oid, order in self.orders.items():
            when = self.order_dates[oid]
            if customer_order_id and order.customer_order_id != customer_order_id:
                continue
            if (wanted and order.status not in wanted) or (since and when.date() < since.date()):
                continue
            out.append(
                OrderSummary(
                    oid, order.status, order.customer_order_id, when, order.requested_quantity
                )
            )
        return sorted(out, key=lambda s: (s.order_date or datetime.min, s.order_id), reverse=True)

    # --- NumbersApi: writes (plan never calls them) ---------------------------------------

    def search(self, query: SearchQuery) -> list[AvailableNumber]:
        self._record("search")
        return []

    def create_order(self, request: OrderRequest) -> Order:
        raise AssertionError("plan must not place orders")

    def create_disconnect(self, numbers: Iterable[str], customer_order_id: str) -> Disconnect:
        raise AssertionError("plan must not disconnect")

    def get_disconnect(self, order_id: str) -> Disconnect:
        raise AssertionError("plan does not read disconnects")

    def reserve(self, number: str) -> Reservation:
        raise AssertionError("plan must not reserve")

    def delete_reservation(self, reservation_id: str) -> None:
        raise AssertionError("plan must not release reservations")

    # --- move orders: read (plan counts those in flight), never placed --------------------

    def list_moves(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[MoveSummary]:
        wanted = set(statuses)
        self._record("list_moves", ",".join(sorted(wanted)))
        return [
            MoveSummary(m.order_id, m.status, m.customer_order_id, m.created, len(m.numbers))
            for m in self.moves.values()
            if (not wanted or m.status in wanted)
            and (not customer_order_id or m.customer_order_id == customer_order_id)
        ]

    def get_move(self, order_id: str) -> Move:
        self._record("get_move", order_id)
        try:
            return self.moves[order_id]
        except KeyError as e:
            raise NotFoundError("move order not found", status=404) from e

    def create_move(self, request: MoveRequest) -> Move:
        raise AssertionError("plan must not move numbers")


def listed(query: DetailsQuery, detail: NumberDetail) -> bool:
    """Return whether the /tns read `query` lists this number (it starts at query.start)."""
    return detail.number >= (query.start or "")
