"""One request and its XML reply: send a `Call`, parse the reply safely, follow pages.

A reply numspec cannot read becomes an `ApiError` naming the request; nothing here knows an
endpoint. `BandwidthClient` builds the calls and picks the parsers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import requests

from numspec.bandwidth.paging import location_id, next_cursor
from numspec.bandwidth.transport import Call, Transport
from numspec.bandwidth.xmlio import Element, parse_xml
from numspec.errors import ApiError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Exchange:
    """Send calls over a transport and read their replies; thread-safe as the transport is."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def send(self, call: Call) -> tuple[requests.Response, Element | None]:
        """Send a call; return the response and its parsed body (None when empty)."""
        response = self.transport.request(call)
        return response, self.read(call, response, parse_xml, response.content)

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
                f"unreadable reply: {e}",
                method=call.method,
                path=call.path,
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
        """Yield the items of every page from cursor `first`, following `<Links><next>` cursors.

        204 is empty. The next page is asked for only once every item of this one is taken.
        """
        cursor, seen = first, set()
        while True:
            call = Call("GET", url, params=[*params, ("page", cursor)])
            response, root = self.send(call)
            if response.status_code == 204:
                return
            yield from self.read(call, response, lambda r: list(items(r)), root)
            cursor = self.read(call, response, next_cursor, root) or ""
            if cursor in seen:
                logger.warning("%s repeated page cursor %r; stopping there", call.path, cursor)
            if not cursor or cursor in seen:
                return
            seen.add(cursor)
