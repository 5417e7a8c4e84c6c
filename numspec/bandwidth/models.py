"""Typed results of the Bandwidth numbers API; nothing above the client sees XML."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from numspec.bandwidth.states import OrderState


@dataclass(frozen=True)
class SiteInfo:
    """A sub-account (site)."""

    site_id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Location:
    """A location (SIP peer) of a site."""

    location_id: str
    name: str
    site_id: str
    is_default: bool = False


@dataclass(frozen=True)
class AvailableNumber:
    """A number a search found; attributes are set when the search asked for details."""

    number: str  # E.164
    country: str | None = None
    type: str | None = None
    city: str | None = None
    state: str | None = None
    rate_center: str | None = None
    lata: str | None = None
    area_code: str | None = None
    tier: str | None = None


@dataclass(frozen=True, slots=True)
class NumberDetail:
    """Attributes of a number the account holds (from the /tns listing).

    Slotted, as HeldNumber is: a plan reads one per held number (a million on a large account).
    """

    number: str  # E.164
    status: str = "Inservice"
    country: str | None = None
    type: str | None = None
    city: str | None = None
    state: str | None = None
    rate_center: str | None = None
    lata: str | None = None
    tier: str | None = None
    area_code: str | None = None  # NANP NPA; elsewhere the national area code


@dataclass(frozen=True)
class NumberStatus:
    """What Bandwidth says about one number (GET /tns/{tn}): its status and holder.

    `status` as the API spells it: Available, Inservice, Aging (disconnected, about 30 days),
    Reserved, PortInPendingFoc, and others (Disconnected, PortOut, ...). `account_id` and
    `site_id` are set when the number is on one of the credentials' accounts.
    """

    number: str  # E.164
    status: str
    account_id: str | None = None
    site_id: str | None = None


@dataclass(frozen=True, slots=True)
class HeldNumber:
    """A number in service on one of the account's sites, with what the matcher needs.

    Slotted: a plan keeps one per held number, and without a `__dict__` each takes about half
    the memory (112 instead of 208 bytes).
    """

    number: str  # E.164
    site_id: str
    location_id: str | None
    country: str  # ISO alpha-3
    type: str | None = None  # GEOGRAPHIC | NATIONAL | MOBILE | TOLL_FREE | SHARED_COST
    area_code: str | None = None  # NANP NPA; elsewhere the national area code
    city: str | None = None
    state: str | None = None
    rate_center: str | None = None
    lata: str | None = None


@dataclass(frozen=True)
class ErrorEntry:
    """One entry of an order's ErrorList."""

    code: str
    description: str
    number: str | None = None


@dataclass(frozen=True)
class OrderSummary:
    """One entry of the orders listing."""

    order_id: str
    status: OrderState
    customer_order_id: str | None = None
    order_date: datetime | None = None
    count_of_tns: int = 0


@dataclass(frozen=True)
class Order:
    """An order and its state (GET /orders/{id}, or the 201 answer to a POST)."""

    order_id: str
    status: OrderState
    customer_order_id: str | None = None
    name: str | None = None
    site_id: str | None = None
    location_id: str | None = None
    requested_numbers: tuple[str, ...] = ()
    requested_quantity: int = 0
    completed_numbers: tuple[str, ...] = ()
    failed_numbers: tuple[str, ...] = ()
    errors: tuple[ErrorEntry, ...] = ()
    summary: str | None = None
    created: datetime | None = None


class SearchOrderType(StrEnum):
    """The search-and-order order types numspec sends, by their order type element."""

    AREA_CODE = "AreaCodeSearchAndOrderType"
    RATE_CENTER = "RateCenterSearchAndOrderType"
    CITY = "CitySearchAndOrderType"
    STATE = "StateSearchAndOrderType"
    ZIP = "ZIPSearchAndOrderType"
    LATA = "LATASearchAndOrderType"
    TOLL_FREE_WILDCARD = "TollFreeWildCharSearchAndOrderType"
    COMBINED = "CombinedSearchAndOrderType"


@dataclass(frozen=True)
class _OrderFields:
    """What every order says besides what it orders."""

    site_id: str
    customer_order_id: str
    name: str
    location_id: str | None = field(default=None, kw_only=True)
    voice_package: str | None = field(default=None, kw_only=True)
    requirements_package: str | None = field(default=None, kw_only=True)
    auto_activate: bool | None = field(default=None, kw_only=True)
    partial_allowed: bool = field(default=True, kw_only=True)


@dataclass(frozen=True)
class NumbersOrder(_OrderFields):
    """Order these exact numbers (the Existing order type), optionally with reservations."""

    numbers: tuple[str, ...]
    reservation_ids: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class SearchOrder(_OrderFields):
    """Search and order `quantity` numbers (NANP only), optionally as a backorder.

    `fields`: the order type's children besides Quantity, in the order sent, e.g.
    (("AreaCode", "919"),) for `SearchOrderType.AREA_CODE`.
    """

    order_type: SearchOrderType
    fields: tuple[tuple[str, str], ...]
    quantity: int
    backorder: bool = field(default=False, kw_only=True)


# What to order: exact numbers, or a search-and-order.
OrderRequest = NumbersOrder | SearchOrder


@dataclass(frozen=True)
class Restriction:
    """A country restriction (GET /restrictions)."""

    country: str
    type: str
    category: str
    description: str


@dataclass(frozen=True)
class Disconnect:
    """A disconnect order and its state."""

    order_id: str
    status: OrderState
    customer_order_id: str | None = None
    numbers: tuple[str, ...] = ()  # the numbers the disconnect order names
    errors: tuple[ErrorEntry, ...] = ()
    # the reply's DisconnectedTelephoneNumberList (GET /disconnects/{id}), when it has one
    disconnected_numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reservation:
    """A TN reservation (4 hours by default)."""

    reservation_id: str
    number: str
    expires_in_seconds: int | None = None
