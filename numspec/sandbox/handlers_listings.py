"""Handlers of the orders and disconnects listings, in the dialect of the reply (dialect.py)."""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from numspec.sandbox import account_numbers, xml_orders
from numspec.sandbox.backend import Backend
from numspec.sandbox.handlers import Args, query, xml
from numspec.sandbox.wire import response_status


def list_orders(backend: Backend, request: Request, args: Args) -> Response:
    return _listing(backend, request, "order")


def list_disconnects(backend: Backend, request: Request, args: Args) -> Response:
    return _listing(backend, request, "disconnect")


# The orders and disconnects listings' query parameters, spelled as documented. Under the
# captured dialect a name spelled otherwise is not recognised (docs/sandbox.md).
LISTING_PARAMETERS = ("page", "size", "customerOrderId", "status", "startdate", "enddate", "userid")


# The listing's documented `status` values, one at a time. Whether a comma list or the states of
# an order in flight are accepted is UNCONFIRMED: the captured dialect refuses them (15518) so
# that clients meet the refusal (docs/sandbox.md).
DOCUMENTED_STATUSES = ("BACKORDERED", "COMPLETE", "PARTIAL", "FAILED")


def _documented_status(value: str | None) -> None:
    if value is not None and value.strip().upper() not in DOCUMENTED_STATUSES:
        raise account_numbers.ListingError(
            "15518",
            f"The status '{value}' is invalid; use one of backordered, complete, partial, failed",
        )


def _listing(backend: Backend, request: Request, kind: str) -> Response:
    asked = query(request)
    captured = backend.captured("listing", kind, sorted(asked.items()))
    if captured:
        asked = {k: v for k, v in asked.items() if k in LISTING_PARAMETERS}
    q = account_numbers.lower(asked)
    try:
        if captured:
            _documented_status(q.get("status"))
        size = account_numbers.page_size(q, 300, 1000)
        page = account_numbers.orders_page(backend.store.conn, q, size, kind)
    except account_numbers.ListingError as e:
        return _listing_error("ResponseSelectWrapper", e)
    if captured and page.total == 0 and kind == "order":
        return Response(status=204)  # an empty orders listing (numbers-java-sdk)
    if captured and page.total == 0:  # v2 spec ReadDisconnectOrders: 404, a bare Links body
        return xml(xml_orders.links_only(_url(request), _keep(request)), 404)
    body = xml_orders.orders_listing(
        page.rows,
        page.total,
        page.next_page,
        _url(request),
        _keep(request),
        dashed_dates=captured and kind == "disconnect",
    )
    return xml(body)


def _keep(request: Request) -> dict[str, str]:
    """The query to repeat in paging links (without page)."""
    return {k: v for k, v in query(request).items() if k.lower() != "page"}


def _url(request: Request) -> str:
    return str(request.base_url)


def _listing_error(root_tag: str, e: account_numbers.ListingError) -> Response:
    return xml(response_status(root_tag, e.code, e.description), 400)
