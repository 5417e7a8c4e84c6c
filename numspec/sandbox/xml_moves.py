"""XML answers for move orders (moveTns), in the shapes of docs/bandwidth-api.md §8."""

from __future__ import annotations

import json
from collections.abc import Mapping

from lxml import etree

from numspec.sandbox.move_orders import NOT_ACTIVE, MoveRequest, history
from numspec.sandbox.order_states import DISCONNECT_FINAL as MOVE_FINAL
from numspec.sandbox.records import OrderRecord
from numspec.sandbox.store import ACCOUNT_ID
from numspec.sandbox.wire import dump, el, fields, iso, links, listing, root

CREATED_BY = "sandbox-user"


def _order(parent: etree._Element, row: OrderRecord) -> etree._Element:
    req = MoveRequest.from_json(json.loads(row.request))
    node = parent if parent.tag == "MoveTnsOrder" else el(parent, "MoveTnsOrder")
    fields(
        node,
        [
            ("CustomerOrderId", req.customer_order_id),
            ("OrderCreateDate", iso(row.created)),
            ("AccountId", ACCOUNT_ID),
            ("CreatedByUser", CREATED_BY),
            ("OrderId", row.id),
            ("LastModifiedDate", iso(row.modified)),
            ("SiteId", req.site_id),
            ("SipPeerId", row.peer_id),
        ],
    )
    listing(node, "TelephoneNumbers", "TelephoneNumber", req.numbers)
    el(node, "ProcessingStatus", row.status)
    if row.status in MOVE_FINAL:  # the same three final states
        failed = json.loads(row.result).get("failed", [])
        if failed:
            error = el(el(node, "Errors"), "Error")
            el(error, "Code", "7518")
            el(error, "Description", NOT_ACTIVE)
            listing(error, "TelephoneNumbers", "TelephoneNumber", failed)
    return node


def move_created(row: OrderRecord) -> bytes:
    """The 201 answer to POST /moveTns."""
    doc = root("MoveTnsOrderResponse")
    _order(doc, row)
    return dump(doc)


def move(row: OrderRecord) -> bytes:
    """The answer to GET /moveTns/{orderId}: a bare MoveTnsOrder."""
    return dump(_order(root("MoveTnsOrder"), row))


def move_errors(errors: list[tuple[str, str]]) -> bytes:
    """400: ProcessingStatus FAILED and one `Errors` sibling per problem."""
    doc = root("MoveTnsOrderResponse")
    el(doc, "ProcessingStatus", "FAILED")
    for code, description in errors:
        node = el(doc, "Errors")
        el(node, "Code", code)
        el(node, "Description", description)
    return dump(doc)


def moves_listing(
    rows: list[OrderRecord], total: int, next_page: str | None, url: str, q: Mapping[str, str]
) -> bytes:
    """GET /moveTns: MoveTnsOrders/{TotalCount, Links, MoveTnsOrderSummary*}."""
    doc = root("MoveTnsOrders")
    el(doc, "TotalCount", total)
    links(doc, url, q, next_page)
    for row in rows:
        req = MoveRequest.from_json(json.loads(row.request))
        item = el(doc, "MoveTnsOrderSummary")
        fields(
            item,
            [
                ("accountId", ACCOUNT_ID),
                ("CountOfTNs", len(req.numbers)),
                ("CustomerOrderId", req.customer_order_id),
                ("userId", CREATED_BY),
                ("lastModifiedDate", iso(row.modified)),
                ("OrderDate", iso(row.created)),
                ("OrderType", "move_tn_orders"),
                ("OrderStatus", row.status),
                ("OrderId", row.id),
            ],
        )
    return dump(doc)


def move_history(row: OrderRecord, now: float) -> bytes:
    """GET /moveTns/{orderId}/history: OrderHistoryWrapper/OrderHistory, lower-case Status."""
    doc = root("OrderHistoryWrapper")
    for when, status in history(row, now):
        entry = el(doc, "OrderHistory")
        fields(
            entry,
            [
                ("OrderDate", iso(when)),
                ("Note", f"Move order {status}"),
                ("Author", CREATED_BY),
                ("Status", status),
            ],
        )
    return dump(doc)
