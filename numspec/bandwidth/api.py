"""The seam between the core and the wire: what plan and apply need from the API.

`BandwidthClient` implements it over HTTP; tests pass fakes without patching anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Protocol

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


class NumbersApi(Protocol):
    """The Bandwidth numbers API, as numspec uses it."""

    @property
    def account_id(self) -> str: ...

    def list_sites(self) -> list[SiteInfo]:
        """Return every site (sub-account) of the account."""
        ...

    def list_locations(self, site_id: str) -> list[Location]:
        """Return the locations (SIP peers) of a site."""
        ...

    def iter_location_numbers(self, site_id: str, location_id: str) -> Iterator[str]:
        """Yield the E.164 numbers in service on a location, following every page."""
        ...

    def iter_number_details(self, query: DetailsQuery = EVERYTHING) -> Iterator[NumberDetail]:
        """Yield the attributes of the numbers the account holds (/tns, paged) from a number."""
        ...

    def number_status(self, number: str) -> NumberStatus | None:
        """Return one number's status and holder (GET /tns/{tn}), or None when unknown.

        None: Bandwidth does not know the number on the credentials' accounts (another
        customer's number, or no such number).
        """
        ...

    def search(self, query: SearchQuery) -> list[AvailableNumber]:
        """Search available numbers with the query's parameters, sent as given."""
        ...

    def restrictions(self, country: str) -> list[Restriction]:
        """Return the restrictions of a country (ISO alpha-3)."""
        ...

    def create_order(self, request: OrderRequest) -> Order:
        """Place an order; never creates a second order for the same CustomerOrderId."""
        ...

    def get_order(self, order_id: str) -> Order:
        """Return an order's current state."""
        ...

    def list_orders(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[OrderSummary]:
        """Return orders, newest first, following every page."""
        ...

    def create_disconnect(self, numbers: Iterable[str], customer_order_id: str) -> Disconnect:
        """Disconnect numbers from the account."""
        ...

    def get_disconnect(self, order_id: str) -> Disconnect:
        """Return a disconnect order's current state."""
        ...

    def reserve(self, number: str) -> Reservation:
        """Reserve an available NANP number."""
        ...

    def delete_reservation(self, reservation_id: str) -> None:
        """Release a reservation."""
        ...

    def create_move(self, request: MoveRequest) -> Move:
        """Place a move order (numspec.bandwidth.moves); never twice for one CustomerOrderId."""
        ...

    def get_move(self, order_id: str) -> Move:
        """Return a move order's current state."""
        ...

    def list_moves(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[MoveSummary]:
        """Return move orders, newest first, following every page."""
        ...
