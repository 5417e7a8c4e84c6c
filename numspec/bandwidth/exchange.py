"""One request and its XML reply: send a `Call`, parse the reply safely, follow pages.

A reply numspec cannot read, or an XML document that is not one of Bandwidth's reply shapes,
becomes an `ApiError` naming the request; nothing here knows an endpoint. `BandwidthClient`
builds the calls and picks the parsers.

Listings are checked as they page: an entry seen on an earlier page is counted once (with a
warning), and a listing that keeps paging past what it reported (its `TotalCount`, plus a page
of slack) or past `max_pages` is refused as inconsistent rather than read on for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import requests

from numspec.bandwidth import failures, replies
from numspec.bandwidth.paging import location_id, next_cursor, reported_count
from numspec.bandwidth.transport import Call, Transport
from numspec.bandwidth.xmlio import Element, parse_xml
from numspec.errors import ApiError

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_PAGES = 2000  # far beyond any account: 2000 pages of 1000-5000 numbers


class Exchange:
    """Send calls over a transport and read their replies; thread-safe as the transport is."""

    def __init__(self, transport: Transport, *, max_pages: int = MAX_PAGES) -> None:
        self.transport = transport
        self.max_pages = max_pages

    def send(self, call: Call) -> tuple[requests.Response, Element | None]:
        """Send a call; return the response and its parsed body (None when empty)."""
        response = self.transport.request(call)
        root = self.read(call, response, parse_xml, response.content)
        foreign = replies.foreign_root(root)
        if foreign is not None:
            raise failures.foreign_root(call, response, foreign)
        if root is None and call.method == "GET" and response.status_code == 200:
            if not replies.fits_kind(replies.media_type(response), "xml"):
                raise failures.empty_reply(call, response)  # a proxy's blank page is not "none"
        return response, root

    def fetch(self, call: Call, parser: Callable[..., T], *args: object) -> T:
        """Send a call and parse its reply with `parser(root, *args)`."""
        response, root = self.send(call)
        return self.read(call, response, parser, root, *args)

    @staticmethod
    def read(call: Call, response: requests.Response, fn: Callable[..., T], *a: object) -> T:
        """Run a parser on a reply; a reply numspec cannot read becomes an ApiError."""
        try:
            return fn(*a)
        except ValueError as e:
            raise ApiError(
                f"unreadable reply: {e}; check {call.setting}",
                method=call.method,
                path=call.path,
                url=call.shown,
                status=response.status_code,
            ) from e

    def created(
        self, call: Call, response: requests.Response, parser: Callable[..., T]
    ) -> tuple[T, Element | None]:
        """Parse a POST's reply; the new resource's id falls back to the Location header."""
        root = self.read(call, response, parse_xml, response.content)
        return self.read(call, response, parser, root, location_id(response.headers)), root

    def pages(
        self,
        url: str,
        params: list[tuple[str, str]],
        items: Callable[[Element | None], Iterable[T]],
        *,
        first: str = "1",
    ) -> Iterator[T]:
        """Yield each distinct item of every page from cursor `first`, following `<Links><next>`.

        204 is empty. The next page is asked for only once every item of this one is taken.
        """
        listing = _Listing(url, dict(params).get("size"), self.max_pages)
        cursor, seen = first, set()
        while True:
            call = Call("GET", url, params=[*params, ("page", cursor)])
            response, root = self.send(call)
            if response.status_code == 204:
                return
            listing.page(call, root)
            page = self.read(call, response, lambda r: list(items(r)), root)
            yield from listing.fresh(call, page)
            cursor = self.read(call, response, next_cursor, root) or ""
            del response, root, page  # not kept through the next request (a page's tree is MBs)
            if cursor in seen:
                logger.warning("%s repeated page cursor %r; stopping there", call.shown, cursor)
            if not cursor or cursor in seen:
                listing.done(call)
                return
            seen.add(cursor)


class _Listing:
    """Keep one listing honest: each entry once, and no more pages than it can have."""

    def __init__(self, url: str, size: str | None, max_pages: int) -> None:
        self.url = url
        self.size = int(size) if size and size.isdigit() else None
        self.max_pages = max_pages
        self.pages = 0
        self.reported: int | None = None
        self.keys: set[object] = set()
        self.repeats = 0

    def page(self, call: Call, root: Element | None) -> None:
        self.pages += 1
        if self.reported is None:
            self.reported = reported_count(root)
        limit = self.max_pages
        if self.reported is not None and self.size:
            limit = min(limit, -(-self.reported // self.size) + 1)  # one page of slack
        if self.pages > max(1, limit):
            said = f" though it reported {self.reported} entries" if self.reported else ""
            raise ApiError(
                f"the listing did not end after {self.pages - 1} pages{said}; refusing it as "
                "inconsistent (a broken proxy or API?)",
                method=call.method,
                path=call.path,
                url=call.shown,
            )

    def fresh(self, call: Call, page: list[T]) -> Iterator[T]:
        for item in page:
            key = _key(item)
            if key in self.keys:
                self.repeats += 1
                continue
            self.keys.add(key)
            yield item
        if self.reported is not None and self.size and len(self.keys) > self.reported + self.size:
            raise ApiError(
                f"the listing holds more than the {self.reported} entries it reported; refusing "
                "it as inconsistent",
                method=call.method,
                path=call.path,
                url=call.shown,
            )

    def done(self, call: Call) -> None:
        if self.repeats:
            logger.warning(
                "the listing %s named %d entries more than once; each is counted once",
                self.url,
                self.repeats,
            )


def _key(item: object) -> object:
    """What makes a listing entry the same entry: its number or order id, else itself."""
    if isinstance(item, str):  # a listing of numbers (the hot path: no failed lookups)
        return item
    for name in ("number", "order_id"):
        value = getattr(item, name, None)
        if value:
            return value
    return item
