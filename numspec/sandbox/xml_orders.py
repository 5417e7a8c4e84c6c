"""XML answers for orders and disconnects, in the shapes of captured replies.

The shapes and their sources: docs/bandwidth-api.md §3 and §9.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from numspec.phone import country_of
from numspec.sandbox.order_machine import (
    DisconnectResult,
    OrderResult,
    disconnect_request,
    order_request,
)
from numspec.sandbox.order_states import COMPLETE, FAILED, FINAL, PARTIAL
from numspec.sandbox.orders import EXISTING, OrderRequest
from numspec.sandbox.records import OrderRecord
from numspec.sandbox.wire import dump, el, error_list, fields, iso, link, links, listing, root

CREATED_BY = "sandbox-user"


def _type_element(parent: etree._Element, req: OrderRequest, *, bare: bool = False) -> None:
    kind = el(parent, req.type)
    if bare:  # captured: a FAILED or PARTIAL order's echo names no numbers
        return
    if req.type == EXISTING:
        listing(kind, "TelephoneNumberList", "TelephoneNumber", req.numbers)
        if req.reservation_ids:
            listing(kind, "ReservationIdList", "ReservationId", req.reservation_ids)
        return
    for tag, value in req.fields.items():
        el(kind, tag, value)


def order_echo(
    parent: etree._Element, row: OrderRecord, *, with_id: bool, bare: bool = False
) -> None:
    """Append `Order`: the request as stored, with OrderCreateDate, PeerId (and id).

    `bare`: the order type element is echoed empty (`<ExistingTelephoneNumberOrderType/>`).
    """
    req = order_request(row)
    order = el(parent, "Order")
    fields(
        order,
        [
            ("CustomerOrderId", req.customer_order_id),
            ("Name", req.name),
            ("OrderCreateDate", iso(row.created)),
            ("PeerId", row.peer_id),
            ("AutoActivate", req.auto_activate),
            ("BackOrderRequested", req.backorder),
            ("id", row.id if with_id else None),
        ],
    )
    _type_element(order, req, bare=bare and req.type == EXISTING)
    fields(
        order,
        [
            ("PartialAllowed", req.partial_allowed),
            ("SiteId", req.site_id),
            ("VoiceConfigurationPackageId", req.voice_package),
            ("RequirementsPackageId", req.requirements_package),
        ],
    )


def order_created(row: OrderRecord, *, captured: bool) -> bytes:
    """The 201 answer to POST /orders; captured: without OrderStatus."""
    doc = root("OrderResponse")
    order_echo(doc, row, with_id=True)
    if not captured:
        el(doc, "OrderStatus", row.status)
    return dump(doc)


def _status_name(status: str, *, captured: bool) -> str:
    """The Order Numbers guide spells a finished order COMPLETED; every capture says COMPLETE."""
    return "COMPLETED" if status == COMPLETE and not captured else status


def _completed_numbers(parent: etree._Element, numbers: list[str], *, captured: bool) -> None:
    """captured: `TelephoneNumber/{FullNumber, CountryCodeA3}`; seed: bare `FullNumber`."""
    node = el(parent, "CompletedNumbers")
    for n in numbers:
        if captured:
            entry = el(node, "TelephoneNumber")
            el(entry, "FullNumber", n)
            el(entry, "CountryCodeA3", country_of(n))
        else:
            el(node, "FullNumber", n)


def order_status(row: OrderRecord, *, captured: bool) -> bytes:
    """GET /orders/{id}: the children in the order of the captured samples."""
    req = order_request(row)
    result = OrderResult.from_json(row.result)
    status = row.status
    final = status in FINAL
    completed = list(result.completed)
    errors = [e.to_json() for e in result.failed] if final else []
    failed_numbers = [e.number for e in result.failed if e.number]
    lost = captured and status in (FAILED, PARTIAL)  # the echo names no numbers
    doc = root("OrderResponse")
    el(doc, "CompletedQuantity", len(completed))
    el(doc, "CreatedByUser", CREATED_BY)
    if errors or not captured:  # captured COMPLETE replies carry no ErrorList
        error_list(doc, errors)
    if final and failed_numbers:
        listing(doc, "FailedNumbers", "FullNumber", failed_numbers)
    el(doc, "LastModifiedDate", iso(row.modified))
    if final:
        el(doc, "OrderCompleteDate", iso(row.completed))
    order_echo(doc, row, with_id=False, bare=lost)
    el(doc, "OrderStatus", _status_name(status, captured=captured))
    if not (captured and status == FAILED):  # a captured FAILED has neither of these
        _completed_numbers(doc, completed, captured=captured)
    if final and not (captured and status == FAILED):
        el(doc, "Summary", result.summary or "")
    failed = req.quantity - len(completed) - result.backordered
    el(doc, "FailedQuantity", max(0, failed) if final else 0)
    return dump(doc)


def order_errors(code: str, description: str) -> bytes:
    """400 for an order refused at once."""
    doc = root("OrderResponse")
    error_list(doc, [{"code": code, "description": description}])
    return dump(doc)


def orders_listing(
    rows: list[OrderRecord],
    total: int,
    next_page: str | None,
    url: str,
    q: Mapping[str, str],
    *,
    dashed_dates: bool = False,
) -> bytes:
    """GET /orders: ResponseSelectWrapper/ListOrderIdUserIdDate.

    `dashed_dates`: dates in the disconnect listing's captured form, `2014-01-10T17-34-15.797Z`.
    """
    stamp = _dashed if dashed_dates else iso
    doc = root("ResponseSelectWrapper")
    wrapper = el(doc, "ListOrderIdUserIdDate")
    el(wrapper, "TotalCount", total)
    links(wrapper, url, q, next_page)
    for row in rows:
        count = _count_of_tns(row)
        item = el(wrapper, "OrderIdUserIdDate")
        fields(
            item,
            [
                ("CountOfTNs", count),
                ("CustomerOrderId", row.customer_order_id),
                ("lastModifiedDate", stamp(row.modified)),
                ("OrderDate", stamp(row.created)),
                ("OrderType", "disconnect" if row.kind == "disconnect" else "new_number"),
                ("orderId", row.id),
                ("OrderStatus", row.status),
                ("userId", CREATED_BY),
            ],
        )
    return dump(doc)


def links_only(url: str, q: Mapping[str, str]) -> bytes:
    """A bare `<Links><first>` document: the body of an empty disconnects listing's 404."""
    doc = root("Links")
    el(doc, "first", link("first", url, {**q, "page": "1"}))
    return dump(doc)


def _dashed(ts: float | None) -> str | None:
    """A timestamp with dashes in the time, as the v2 spec's disconnect listing shows it."""
    value = iso(ts)
    return None if value is None else value[:11] + value[11:19].replace(":", "-") + value[19:]


def _count_of_tns(row: OrderRecord) -> int:
    if row.kind == "disconnect":
        return len(disconnect_request(row).numbers)
    if row.status in FINAL:
        return len(OrderResult.from_json(row.result).completed)
    return order_request(row).quantity


def _disconnect_request(parent: etree._Element, row: OrderRecord) -> None:
    req = disconnect_request(row)
    node = el(parent, "orderRequest")
    fields(
        node,
        [
            ("CustomerOrderId", req.customer_order_id),
            ("Name", req.name),
            ("OrderCreateDate", iso(row.created)),
            ("id", row.id),
        ],
    )
    kind = el(node, "DisconnectTelephoneNumberOrderType")
    listing(kind, "TelephoneNumberList", "TelephoneNumber", req.numbers)
    el(kind, "DisconnectMode", req.mode)


def disconnect(row: OrderRecord) -> bytes:
    """The answer to POST and GET /disconnects."""
    doc = root("DisconnectTelephoneNumberOrderResponse")
    if row.status in FINAL:
        result = DisconnectResult.from_json(row.result)
        listing(doc, "DisconnectedTelephoneNumberList", "TelephoneNumber", result.completed)
        if result.failed:
            error_list(doc, [e.to_json() for e in result.failed])
    _disconnect_request(doc, row)
    el(doc, "OrderStatus", row.status)
    return dump(doc)


def disconnect_errors(code: str, description: str) -> bytes:
    doc = root("DisconnectTelephoneNumberOrderResponse")
    error_list(doc, [{"code": code, "description": description}])
    return dump(doc)
