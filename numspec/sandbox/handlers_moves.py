"""Handlers of the moveTns routes: create, read, list and the history of move orders."""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from numspec.sandbox import account_numbers, xml_moves
from numspec.sandbox.backend import Backend
from numspec.sandbox.handlers import Args, account_url, not_found, query, xml
from numspec.sandbox.move_orders import FILTERS, MoveError, moves_page, parse_move
from numspec.sandbox.orders import OrderError
from numspec.sandbox.wire import XmlError, now, parse, response_status

PAGE = 1000  # at most 1,000 move orders per listing request


def create_move(backend: Backend, request: Request, args: Args) -> Response:
    """`POST .../moveTns` with `<MoveTnsOrder>`."""
    try:
        order_id = backend.create_move(parse_move(parse(request.get_data(cache=False))))
    except XmlError as e:
        return xml(xml_moves.move_errors([("5002", str(e))]), 400)
    except MoveError as e:
        return xml(xml_moves.move_errors(e.errors), 400)
    row = backend.order(order_id, "move")
    assert row is not None
    location = account_url(request, args, "moveTns", order_id)
    return xml(xml_moves.move_created(row), 201, {"Location": location})


def _missing(order_id: str) -> Response:
    return not_found("ErrorResponse", f"The move order {order_id} was not found")


def get_move(backend: Backend, request: Request, args: Args) -> Response:
    row = backend.order(args["orderId"], "move")
    return _missing(args["orderId"]) if row is None else xml(xml_moves.move(row))


def move_history(backend: Backend, request: Request, args: Args) -> Response:
    row = backend.order(args["orderId"], "move")
    if row is None:
        return _missing(args["orderId"])
    return xml(xml_moves.move_history(row, now()))


def list_moves(backend: Backend, request: Request, args: Args) -> Response:
    q = account_numbers.lower(query(request))
    try:
        size = account_numbers.page_size(q, PAGE, PAGE)
        page = moves_page(backend.store.conn, q, size)
    except (account_numbers.ListingError, OrderError) as e:
        return xml(response_status("MoveTnsOrders", e.code, e.description), 400)
    keep = {k: v for k, v in query(request).items() if k.lower() in FILTERS}
    return xml(
        xml_moves.moves_listing(page.rows, page.total, page.next_page, request.base_url, keep)
    )
