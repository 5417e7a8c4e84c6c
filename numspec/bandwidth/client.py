"""`BandwidthClient`: the one class that talks to Bandwidth's numbers API (v2, XML).

Endpoint methods are short: build a `Call`, send it through the exchange (transport: retries,
rate limit, auth, typed errors; then the safe XML parse and paging), parse the reply into
models. Nothing above this module sees XML or HTTP.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import TypeVar
from urllib.parse import quote

import requests

from numspec.bandwidth import documents, exactly_once, jwt_claims, parse, parse_orders, parse_tns
from numspec.bandwidth.asked import AskedFor
from numspec.bandwidth.auth import TokenCache, token_fetcher
from numspec.bandwidth.details_query import EVERYTHING, DetailsQuery
from numspec.bandwidth.error_replies import reply_error
from numspec.bandwidth.exchange import Exchange
from numspec.bandwidth.listing import Listings
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
from numspec.bandwidth.moves import Move, MoveOrders, MoveRequest, MoveSummary
from numspec.bandwidth.ratelimit import BUCKETS, BucketLimits
from numspec.bandwidth.retrying import RetryPolicy
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.settings import settings_from_env
from numspec.bandwidth.transport import REQUEST_DEADLINE, Call, Transport, new_session
from numspec.bandwidth.voice_packages import VoicePackageClient, voice_override, voice_root
from numspec.bandwidth.xmlio import child
from numspec.errors import ApiError, NotFoundError, UnknownNumberError
from numspec.version import __version__

T = TypeVar("T")

LOCATION_PAGE = 5000  # sippeers/{p}/tns: default and largest page (docs/bandwidth-api.md §4)
DETAILS_PAGE = 2500  # /tns: size > 2500 is refused with 1006
INSERVICE_PAGE = 1000  # inserviceNumbers (docs/wire.md)
# How far the server's clock may lag ours when a disconnect is looked up by its time.
CLOCK_SKEW = timedelta(minutes=10)


class BandwidthClient:
    """A thread-safe client of the numbers API; implements `NumbersApi`."""

    def __init__(
        self,
        *,
        account_id: str,
        api_url: str,
        token_url: str,
        client_id: str,
        client_secret: str,
        rate_limit: float = 10.0,
        rate_limits: Mapping[str, float] | None = None,
        pool_size: int = 16,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_retries: int = 6,
        max_retry_seconds: float = 120.0,
        request_deadline: float = REQUEST_DEADLINE,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        voice_api_url: str | None = None,
    ) -> None:
        self._account_id = account_id
        self._api_url = api_url.rstrip("/")
        self._voice_root = voice_root(self._api_url, voice_api_url)
        self._sleep = sleep
        self._max_posts = max(1, max_retries)
        self._session = new_session(pool_size, f"numspec/{__version__}")
        self._transport = Transport(
            self._session,
            limiter=BucketLimits(
                {**dict.fromkeys(BUCKETS, rate_limit), **(rate_limits or {})},
                clock=clock,
                sleep=sleep,
            ),
            timeouts=(connect_timeout, read_timeout),
            policy=RetryPolicy(max_retries=max_retries, max_retry_seconds=max_retry_seconds),
            sleep=sleep,
            clock=clock,
            now=now,
            rng=rng,
            secrets=(client_secret,),
            request_deadline=request_deadline,
        )
        fetch = token_fetcher(self._transport, token_url, client_id, client_secret)
        self._transport.tokens = TokenCache(fetch, clock)
        self._exchange = Exchange(self._transport)
        self._now = now
        self._moves = MoveOrders(self._exchange, self._account, self._post_once, now)
        self._asked = AskedFor()
        self._listings = Listings(self._exchange, self._account, now)

    @classmethod
    def from_env(cls, account_id: str, env: Mapping[str, str]) -> BandwidthClient:
        """Build a client from BANDWIDTH_* variables (README.md, "Connecting to a real account")."""
        return cls(
            account_id=account_id, voice_api_url=voice_override(env), **settings_from_env(env)
        )

    @property
    def account_id(self) -> str:
        return self._account_id

    def limit_run(self, seconds: float) -> None:
        """Make every request from now on end within `seconds` from now (a run's --timeout)."""
        self._transport.limit_run(seconds)

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> BandwidthClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"BandwidthClient(account_id={self._account_id!r}, api_url={self._api_url!r})"

    @property
    def voice_packages(self) -> VoicePackageClient:
        """The voice configuration package endpoints (JSON, on the host root)."""
        return VoicePackageClient(self._transport, self._voice_root, self._account_id)

    def token_accounts(self) -> frozenset[str] | None:
        """Return the account ids the access token's `accounts` claim lists, None if unknown."""
        tokens = self._transport.tokens
        return jwt_claims.accounts(tokens.get()) if tokens is not None else None

    # -- urls ---------------------------------------------------------------------------------

    def _url(self, *segments: str) -> str:
        return "/".join([self._api_url, *(quote(s, safe="") for s in segments)])

    def _account(self, *segments: str) -> str:
        return self._url("accounts", self._account_id, *segments)

    # -- account structure --------------------------------------------------------------------

    def list_sites(self) -> list[SiteInfo]:
        """Return every site (sub-account) of the account."""
        return self._exchange.fetch(Call("GET", self._account("sites")), parse.sites)

    def list_locations(self, site_id: str) -> list[Location]:
        """Return the locations (SIP peers) of a site."""
        return self._exchange.fetch(
            Call("GET", self._account("sites", site_id, "sippeers")), parse.locations, site_id
        )

    # -- holdings -----------------------------------------------------------------------------

    def iter_location_numbers(self, site_id: str, location_id: str) -> Iterator[str]:
        """Yield the E.164 numbers in service on a location, following every page."""
        url = self._account("sites", site_id, "sippeers", location_id, "tns")
        return self._exchange.pages(url, [("size", str(LOCATION_PAGE))], parse.location_numbers)

    def iter_number_details(self, query: DetailsQuery = EVERYTHING) -> Iterator[NumberDetail]:
        """Yield the attributes of the account's in-service numbers (/tns, paged) from a number."""
        params = [
            ("accountId", self._account_id),
            ("size", str(DETAILS_PAGE)),
            ("status", "Inservice"),
        ]
        return self._exchange.pages(
            self._url("tns"), params, parse.number_details, first=query.start or "1"
        )

    def iter_inservice_numbers(self, site_id: str | None = None, **filters: str) -> Iterator[str]:
        """Yield in-service numbers of the account or one site; filters are query parameters."""
        url = (
            self._account("inserviceNumbers")
            if site_id is None
            else self._account("sites", site_id, "inserviceNumbers")
        )
        params = [("size", str(INSERVICE_PAGE)), *((k, str(v)) for k, v in filters.items())]
        return self._exchange.pages(url, params, parse.inservice_numbers)

    def number_status(self, number: str) -> NumberStatus | None:
        """Return one number's status and holder (GET /tns/{tn}), or None when unknown."""
        call = Call("GET", self._url("tns", number))
        try:
            response, root = self._exchange.send(call)
        except (NotFoundError, UnknownNumberError):
            return None  # not on the credentials' accounts, or no such number (docs/wire.md)
        return self._exchange.read(call, response, parse_tns.number_status, root, number)

    # -- searching ----------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> list[AvailableNumber]:
        """Search available numbers with the query's parameters, sent as given."""
        params = [(k, v) for k, v in query.params if k != "quantity"]
        params.append(("quantity", str(query.quantity)))
        call = Call("GET", self._account("availableNumbers"), params=params)
        response, root = self._exchange.send(call)
        if child(root, "Error") is not None:  # an error shape inside a 2xx reply
            raise reply_error(call.method, call.path, response.status_code, root)
        return self._exchange.read(call, response, parse.search_result, root)

    def restrictions(self, country: str) -> list[Restriction]:
        """Return the restrictions of a country (ISO alpha-3)."""
        return self._exchange.fetch(
            Call("GET", self._url("restrictions"), params=[("countryCodeA3", country)]),
            parse.restrictions,
        )

    # -- orders -------------------------------------------------------------------------------

    def create_order(self, request: OrderRequest) -> Order:
        """Place an order; never creates a second order for the same CustomerOrderId.

        What the order asked for is remembered by its id: later reads of it report that, not
        the echo (a FAILED order can echo an empty order type).
        """
        call = Call(
            "POST", self._account("orders"), body=documents.order(request), idempotent=False
        )
        order = self._post_once(call, request.customer_order_id, self.find_order, self._new_order)
        self._asked.remember(order.order_id, request)
        return self._asked.fill(order)

    def _new_order(self, call: Call, response: requests.Response) -> Order:
        made, root = self._exchange.created(call, response, parse_orders.order)
        if not made.order_id:
            raise ApiError("the API created an order without an id", method="POST", path=call.path)
        return made if root is not None else self.get_order(made.order_id)

    def get_order(self, order_id: str) -> Order:
        """Return an order's current state."""
        order = self._exchange.fetch(
            Call("GET", self._account("orders", order_id)), parse_orders.order, order_id
        )
        return self._asked.fill(order)

    def list_orders(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[OrderSummary]:
        """Return orders, newest first, following every page."""
        return self._listing("orders", customer_order_id, statuses, since)

    def find_order(self, customer_order_id: str) -> Order | None:
        """Return the newest order with exactly this CustomerOrderId, or None."""
        found = self._listings.read("orders", customer_order_id, (), None)
        return self.get_order(found[0].order_id) if found else None

    def _listing(
        self,
        kind: str,
        customer_order_id: str | None,
        statuses: Iterable[str],
        since: datetime | None,
    ) -> list[OrderSummary]:
        return self._listings.read(kind, customer_order_id, statuses, since)

    def _post_once(
        self,
        call: Call,
        customer_order_id: str | None,
        lookup: Callable[[str], T | None] | None,
        made: Callable[[Call, requests.Response], T],
    ) -> T:
        return exactly_once.post_once(
            self._transport,
            call,
            customer_order_id,
            lookup,
            made,
            attempts=self._max_posts,
            sleep=self._sleep,
        )

    # -- disconnects --------------------------------------------------------------------------

    def create_disconnect(self, numbers: Iterable[str], customer_order_id: str) -> Disconnect:
        """Disconnect numbers; after a lost reply, never disconnects the same numbers twice.

        The disconnects listing carries no CustomerOrderId (nor documents it as a filter), so a
        disconnect whose reply was lost is looked up by its numbers and the time it was sent.
        """
        wanted = tuple(numbers)
        body = documents.disconnect(wanted, customer_order_id)
        call = Call("POST", self._account("disconnects"), body=body, idempotent=False)
        sent = datetime.fromtimestamp(self._now(), UTC)
        return self._post_once(
            call,
            customer_order_id,
            lambda _: self.find_disconnect(wanted, sent),
            self._new_disconnect,
        )

    def _new_disconnect(self, call: Call, response: requests.Response) -> Disconnect:
        return self._exchange.created(call, response, parse_orders.disconnect)[0]

    def get_disconnect(self, order_id: str) -> Disconnect:
        """Return a disconnect order's current state."""
        return self._exchange.fetch(
            Call("GET", self._account("disconnects", order_id), params=[("tndetail", "true")]),
            parse_orders.disconnect,
            order_id,
        )

    def find_disconnect(self, numbers: Iterable[str], since: datetime) -> Disconnect | None:
        """Return the newest disconnect of exactly these numbers made since `since`, or None."""
        wanted = frozenset(numbers)
        earliest = since - CLOCK_SKEW
        for entry in self._listings.read("disconnects", None, (), earliest):
            if entry.count_of_tns not in (0, len(wanted)):
                continue
            found = self.get_disconnect(entry.order_id)
            if frozenset(found.numbers) == wanted:
                return found
        return None

    # -- moves (numspec.bandwidth.moves) -------------------------------------------------------

    def create_move(self, request: MoveRequest) -> Move:
        """Place a move order; never creates a second one for the same CustomerOrderId."""
        return self._moves.create(request)

    def get_move(self, order_id: str) -> Move:
        """Return a move order's current state."""
        return self._moves.get(order_id)

    def list_moves(
        self,
        *,
        customer_order_id: str | None = None,
        statuses: Iterable[str] = (),
        since: datetime | None = None,
    ) -> list[MoveSummary]:
        """Return move orders, newest first, following every page."""
        return self._moves.list(customer_order_id=customer_order_id, statuses=statuses, since=since)

    # -- reservations -------------------------------------------------------------------------

    def reserve(self, number: str) -> Reservation:
        """Reserve an available NANP number (4 hours by default)."""
        body = documents.reservation(number)
        call = Call("POST", self._account("tnreservation"), body=body, idempotent=False)
        response = self._post_once(call, None, None, lambda c, r: r)
        held = self._exchange.created(call, response, parse_orders.reservation)[0]
        return held if held.number else Reservation(held.reservation_id, number, None)

    def get_reservation(self, reservation_id: str) -> Reservation:
        """Return a reservation."""
        return self._exchange.fetch(
            Call("GET", self._account("tnreservation", reservation_id)),
            parse_orders.reservation,
            reservation_id,
        )

    def delete_reservation(self, reservation_id: str) -> None:
        """Release a reservation."""
        self._transport.request(Call("DELETE", self._account("tnreservation", reservation_id)))
