"""Handlers of the v2 API routes: read the request, ask the Backend, answer the API's XML."""

from __future__ import annotations

import re
import time

from lxml import etree
from werkzeug.wrappers import Request, Response

from numspec.sandbox import account_numbers, xml_numbers, xml_orders
from numspec.sandbox.backend import Backend
from numspec.sandbox.orders import OrderError, parse_disconnect, parse_order
from numspec.sandbox.records import NumberRecord
from numspec.sandbox.search import SearchError, parse_search
from numspec.sandbox.wire import XmlError, parse, response_status, search_error, text

Args = dict[str, str]
XML = "application/xml"


def xml(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, content_type=XML, headers=headers)


def query(request: Request) -> dict[str, str]:
    """The query, with a `+` that arrived unescaped (read as a space) put back."""
    return {
        k: ("+" + v[1:] if re.fullmatch(r" \d{6,15}", v) else v) for k, v in request.args.items()
    }


def _url(request: Request) -> str:
    return request.base_url


def account_url(request: Request, args: Args, *segments: str) -> str:
    """The absolute URL of an account's resource, as the API's Location headers give it."""
    host = request.host_url.rstrip("/")
    return "/".join([host, "api/v2/accounts", args["accountId"], *segments])


def not_found(root_tag: str, description: str, code: str = "404") -> Response:
    return xml(response_status(root_tag, code, description), 404)


# -- search ---------------------------------------------------------------------------------
def search(backend: Backend, request: Request, args: Args) -> Response:
    try:
        criteria = parse_search(query(request))
        backend.check_limits(criteria)
    except (SearchError, OrderError) as e:
        return xml(search_error(e.code, e.description), 400)
    return xml(xml_numbers.search_result(backend.search(criteria), criteria.detail))


# -- sites and locations --------------------------------------------------------------------
def sites(backend: Backend, request: Request, args: Args) -> Response:
    return xml(xml_numbers.sites(backend.sites()))


def _unknown_site(site_id: str) -> Response:
    return not_found("ErrorResponse", f"Site {site_id} is not valid for this account", "5016")


def site(backend: Backend, request: Request, args: Args) -> Response:
    row = backend.site(args["siteId"])
    return _unknown_site(args["siteId"]) if row is None else xml(xml_numbers.site(row))


def peers(backend: Backend, request: Request, args: Args) -> Response:
    if backend.site(args["siteId"]) is None:
        return _unknown_site(args["siteId"])
    return xml(xml_numbers.peers(backend.peers(args["siteId"])))


def _listing_error(root_tag: str, e: account_numbers.ListingError) -> Response:
    return xml(response_status(root_tag, e.code, e.description), 400)


def location_tns(backend: Backend, request: Request, args: Args) -> Response:
    if backend.peer(args["siteId"], args["peerId"]) is None:
        return not_found(
            "ErrorResponse", f"Location {args['peerId']} is not in site {args['siteId']}", "13563"
        )
    q = account_numbers.lower(query(request))
    try:
        size = account_numbers.page_size(q, 5000, 5000)
        page = account_numbers.number_list_page(
            backend.store.conn,
            ["status = 'Inservice'", "site_id = ?", "peer_id = ?"],
            [args["siteId"], args["peerId"]],
            q,
            size,
        )
    except account_numbers.ListingError as e:
        return _listing_error("SipPeerTelephoneNumbersResponse", e)
    if not page.rows:
        return Response(status=204)
    body = xml_numbers.location_numbers(page, _url(request), _keep(request))
    return xml(_cursors(backend, request, body))


def _cursors(backend: Backend, request: Request, body: bytes) -> bytes:
    """captured: an E.164 cursor's `+` left unencoded in `next` links (`page=+12012082912`)."""
    if backend.captured("links", request.full_path):
        return body.replace(b"page=%2B", b"page=+")
    return body


def _keep(request: Request) -> dict[str, str]:
    """The query to repeat in paging links (without page)."""
    return {k: v for k, v in query(request).items() if k.lower() != "page"}


def _in_service(
    backend: Backend, request: Request, base: list[str], base_args: list[str]
) -> Response:
    q = account_numbers.lower(query(request))
    try:
        size = account_numbers.page_size(q, 300, 1000)
        page = account_numbers.number_list_page(
            backend.store.conn, ["status = 'Inservice'", *base], base_args, q, size
        )
    except account_numbers.ListingError as e:
        return _listing_error("TNs", e)
    if not page.rows:
        return Response(status=204)
    body = xml_numbers.in_service(page, _url(request), _keep(request))
    return xml(_cursors(backend, request, body))


def site_in_service(backend: Backend, request: Request, args: Args) -> Response:
    if backend.site(args["siteId"]) is None:
        return _unknown_site(args["siteId"])
    return _in_service(backend, request, ["site_id = ?"], [args["siteId"]])


def account_in_service(backend: Backend, request: Request, args: Args) -> Response:
    return _in_service(backend, request, [], [])


def in_service_totals(backend: Backend, request: Request, args: Args) -> Response:
    return xml(xml_numbers.quantity(backend.in_service_count()))


def in_service_one(backend: Backend, request: Request, args: Args) -> Response:
    row = backend.number(args["tn"])
    return Response(status=200 if row is not None and row.status == "Inservice" else 404)


# -- orders ---------------------------------------------------------------------------------
def _body(request: Request) -> etree._Element:
    return parse(request.get_data(cache=False))


def create_order(backend: Backend, request: Request, args: Args) -> Response:
    try:
        req = parse_order(_body(request))
        order_id = backend.create_order(req)
    except XmlError as e:
        return xml(xml_orders.order_errors("5002", str(e)), 400)
    except OrderError as e:
        return xml(xml_orders.order_errors(e.code, e.description), 400)
    row = backend.order(order_id)
    assert row is not None
    location = account_url(request, args, "orders", order_id)
    captured = backend.captured("order-created", order_id)
    return xml(xml_orders.order_created(row, captured=captured), 201, {"Location": location})


def get_order(backend: Backend, request: Request, args: Args) -> Response:
    row = backend.order(args["orderId"])
    if row is None:
        return not_found("ErrorResponse", f"The order {args['orderId']} was not found")
    captured = backend.captured("order", row.id, row.status)
    return xml(xml_orders.order_status(row, captured=captured))


def create_disconnect(backend: Backend, request: Request, args: Args) -> Response:
    try:
        order_id = backend.create_disconnect(parse_disconnect(_body(request)))
    except XmlError as e:
        return xml(xml_orders.disconnect_errors("5002", str(e)), 400)
    except OrderError as e:
        return xml(xml_orders.disconnect_errors(e.code, e.description), 400)
    row = backend.order(order_id, "disconnect")
    assert row is not None
    location = account_url(request, args, "disconnects", order_id)
    return xml(xml_orders.disconnect(row), 201, {"Location": location})


def get_disconnect(backend: Backend, request: Request, args: Args) -> Response:
    row = backend.order(args["orderId"], "disconnect")
    if row is None:
        return not_found("ErrorResponse", f"The disconnect {args['orderId']} was not found")
    return xml(xml_orders.disconnect(row))


# -- reservations ---------------------------------------------------------------------------
def reserve(backend: Backend, request: Request, args: Args) -> Response:
    try:
        body = _body(request)
        number = text(body, "ReservedTn") if body.tag == "Reservation" else None
        if not number:
            raise account_numbers.ReservationError("5040", "Reservation requires ReservedTn")
        rid = account_numbers.reserve(backend.store, number, backend.switches.reservation_lifetime)
    except XmlError as e:
        return xml(response_status("ReservationResponse", "5040", str(e)), 400)
    except account_numbers.ReservationError as e:
        return xml(response_status("ReservationResponse", e.code, e.description), 400)
    location = account_url(request, args, "tnreservation", rid)
    return Response(status=201, headers={"Location": location})


def get_reservation(backend: Backend, request: Request, args: Args) -> Response:
    row = account_numbers.reservation(backend.store, args["reservationId"])
    if row is None:
        return not_found("ReservationResponse", "Reservation not found", "5042")
    remaining = max(0, int(row.expires - time.time()))
    return xml(xml_numbers.reservation(row, backend.account_id, remaining))


def delete_reservation(backend: Backend, request: Request, args: Args) -> Response:
    if not account_numbers.release(backend.store, args["reservationId"]):
        return not_found("ReservationResponse", "Reservation not found", "5042")
    return Response(status=200)


# -- numbers --------------------------------------------------------------------------------
def tns(backend: Backend, request: Request, args: Args) -> Response:
    q = account_numbers.lower(query(request))
    if q.get("accountid", backend.account_id) != backend.account_id:
        return Response(status=403)
    statuses = [s.strip().capitalize() for s in q.get("status", "Inservice").split(",")]
    statuses = [s for s in statuses if s in ("Inservice", "Aging")] or ["-"]
    try:
        size = account_numbers.page_size(q, 500, 2500, "1006")
        page = account_numbers.number_page(
            backend.store.conn, [f"status IN ({','.join('?' * len(statuses))})"], statuses, q, size
        )
    except account_numbers.ListingError as e:
        return _listing_error("TelephoneNumbersResponse", e)
    body = xml_numbers.tns(page, _url(request), _keep(request), backend.account_id)
    return xml(_cursors(backend, request, body))


def _number(backend: Backend, tn: str) -> NumberRecord | None:
    """The number as the account may see it: another customer's is not there at all."""
    row = backend.number(tn)
    return None if row is None or row.status == "Taken" else row


def _unknown_number(backend: Backend, number: str) -> Response:
    """404: the catalogue's 15610 (captured); the seed sandbox's older 12510."""
    if backend.captured("tn", number):
        description = "Telephone Numbers cannot be found on account(s)"
        return not_found("TelephoneNumberResponse", description, "15610")
    description = "Telephone Numbers cannot be found on accounts"
    return not_found("TelephoneNumberResponse", description, "12510")


def tn(backend: Backend, request: Request, args: Args) -> Response:
    row = _number(backend, args["tn"])
    if row is None:  # no such number, or another customer's: the API tells them apart to no one
        return _unknown_number(backend, args["tn"])
    order = backend.order(row.order_id) if row.order_id else None
    return xml(xml_numbers.tn(row, backend.account_id, order))


def tn_details(backend: Backend, request: Request, args: Args) -> Response:
    if not re.fullmatch(r"\+[1-9]\d{6,14}", args["tn"]):
        return xml(
            response_status(
                "TelephoneNumberResponse", "12512", f"{args['tn']} is not a valid telephone number"
            ),
            400,
        )
    row = _number(backend, args["tn"])
    if row is None or row.status not in ("Inservice", "Aging"):
        return _unknown_number(backend, args["tn"])
    site_row = backend.site(row.site_id) if row.site_id else None
    peer_row = backend.peer(row.site_id, row.peer_id) if row.site_id and row.peer_id else None
    return xml(xml_numbers.tn_details(row, backend.account_id, site_row, peer_row))


def restrictions(backend: Backend, request: Request, args: Args) -> Response:
    q = account_numbers.lower(query(request))
    return xml(xml_numbers.restrictions(q.get("countrycodea3", "")))
