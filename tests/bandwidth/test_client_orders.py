"""Orders, disconnects and reservations: the documents sent and every documented reply shape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import responses
from bw_support import ACCT, fixture, query_of, texts, xml_of

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import ErrorEntry, NumbersOrder, SearchOrder, SearchOrderType
from numspec.bandwidth.states import FINAL, WAITING
from numspec.errors import ApiError

XML = "application/xml"
ORDER_ID = "f3a5b6c2-4e6f-4d5b-9a4c-0b7c2e5f1a11"

UK_ORDER = NumbersOrder(
    site_id="1001",
    customer_order_id="ns-0123456789-abcdef01-1",
    name="UK Number Order",
    numbers=("+441224003908",),
    location_id="2001",
    voice_package="d21315af-9b5b-4b45-a6f4-9106cbfe87d1",
    requirements_package="3fa85f64-5717-4562-b3fc-2c963f66afa6",
    auto_activate=True,
)


def test_create_order_posts_an_existing_number_order_document(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/orders",
        body=fixture("order_created.xml"),
        status=201,
        content_type=XML,
        headers={"Location": f"{ACCT}/orders/0aac5809-a57f-4cf8-a5ad-d0c458e6e317"},
    )
    order = client.create_order(UK_ORDER)
    sent = rsps.calls[-1].request
    assert sent.headers["Content-Type"] == "application/xml"
    doc = xml_of(rsps.calls[-1])
    assert doc.tag == "Order"
    assert texts(doc, "CustomerOrderId/text()") == ["ns-0123456789-abcdef01-1"]
    assert texts(doc, "Name/text()") == ["UK Number Order"]
    assert texts(doc, "SiteId/text()") == ["1001"]
    assert texts(doc, "PeerId/text()") == ["2001"]
    assert texts(
        doc, "ExistingTelephoneNumberOrderType/TelephoneNumberList/TelephoneNumber/text()"
    ) == ["+441224003908"]
    assert texts(doc, "VoiceConfigurationPackageId/text()") == [UK_ORDER.voice_package]
    assert texts(doc, "RequirementsPackageId/text()") == [UK_ORDER.requirements_package]
    assert texts(doc, "AutoActivate/text()") == ["true"]
    assert texts(doc, "PartialAllowed/text()") == ["true"]
    assert texts(doc, "BackOrderRequested/text()") == []
    assert order.order_id == "0aac5809-a57f-4cf8-a5ad-d0c458e6e317"
    assert order.status == "RECEIVED"
    assert order.status in WAITING
    assert order.requested_numbers == ("+441224003908",)
    assert order.created == datetime(2024, 9, 5, 23, 34, 31, 553000, tzinfo=UTC)


def test_search_and_order_with_reservations_and_backorder(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", body=fixture("order_created.xml"), status=201, content_type=XML)
    client.create_order(
        SearchOrder(
            site_id="1002",
            customer_order_id="c-1",
            name="npa",
            order_type=SearchOrderType.AREA_CODE,
            fields=(("AreaCode", "919"),),
            quantity=3,
            backorder=True,
            partial_allowed=False,
        )
    )
    doc = xml_of(rsps.calls[-1])
    assert texts(doc, "AreaCodeSearchAndOrderType/AreaCode/text()") == ["919"]
    assert texts(doc, "AreaCodeSearchAndOrderType/Quantity/text()") == ["3"]
    assert texts(doc, "BackOrderRequested/text()") == ["true"]
    assert texts(doc, "PartialAllowed/text()") == ["false"]
    assert texts(doc, "ExistingTelephoneNumberOrderType") == []


def test_order_names_reservations_of_reserved_numbers(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", body=fixture("order_created.xml"), status=201, content_type=XML)
    client.create_order(
        NumbersOrder("1001", "c-2", "r", numbers=("+19195550100",), reservation_ids=("res-1",))
    )
    doc = xml_of(rsps.calls[-1])
    assert texts(
        doc, "ExistingTelephoneNumberOrderType/ReservationIdList/ReservationId/text()"
    ) == ["res-1"]


def test_values_with_markup_are_escaped_not_injected(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", body=fixture("order_created.xml"), status=201, content_type=XML)
    client.create_order(NumbersOrder("1001", "c-3", "a</Name><SiteId>666", numbers=("+1919",)))
    doc = xml_of(rsps.calls[-1])
    assert texts(doc, "SiteId/text()") == ["1001"]
    assert texts(doc, "Name/text()") == ["a</Name><SiteId>666"]


def test_order_validation_error_carries_code_5016(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/orders", body=fixture("order_create_error_5016.xml"), status=400, content_type=XML
    )
    with pytest.raises(ApiError) as e:
        client.create_order(UK_ORDER)
    assert (e.value.method, e.value.status, e.value.code) == ("POST", 400, "5016")
    assert e.value.path == "/api/v2/accounts/9900000/orders"
    assert len(rsps.calls) == 2  # token + one POST: a 400 is never repeated


def test_created_order_without_body_takes_its_id_from_location_then_reads_it(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", status=201, headers={"Location": f"{ACCT}/orders/{ORDER_ID}"})
    rsps.get(f"{ACCT}/orders/{ORDER_ID}", body=fixture("order_complete.xml"), content_type=XML)
    order = client.create_order(UK_ORDER)
    assert order.order_id == ORDER_ID
    assert order.status == "COMPLETE"


def test_complete_order_reads_completed_numbers_in_the_wrapped_shape(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders/{ORDER_ID}", body=fixture("order_complete.xml"), content_type=XML)
    order = client.get_order(ORDER_ID)
    assert order.status == "COMPLETE" and order.status in FINAL
    assert order.completed_numbers == ("+19192755378", "+19192755703")
    assert order.failed_numbers == () and order.errors == ()
    assert (order.site_id, order.location_id) == ("1001", "2001")
    assert order.customer_order_id == "ns-0123456789-abcdef01-1"
    assert order.summary == "2 numbers ordered in (919)"


def test_seed_guide_shape_completed_with_bare_full_numbers_reads_as_complete(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders/x", body=fixture("order_completed_seed.xml"), content_type=XML)
    order = client.get_order("x")
    assert order.status == "COMPLETE"
    assert order.completed_numbers == ("+448000488968",)
    assert order.order_id == "x"


def test_failed_order_lists_failed_numbers_and_per_number_errors(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders/x", body=fixture("order_failed_5005.xml"), content_type=XML)
    order = client.get_order("x")
    assert order.status == "FAILED"
    assert order.failed_numbers == ("+19199918388",)
    assert order.errors == (
        ErrorEntry("5005", "The telephone number is unavailable for ordering", "+19199918388"),
    )


def test_failed_search_and_order_carries_5018_and_its_quantity(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders/x", body=fixture("order_failed_5018.xml"), content_type=XML)
    order = client.get_order("x")
    assert [e.code for e in order.errors] == ["5018"]
    assert order.requested_quantity == 2 and order.requested_numbers == ()


def test_partial_order_splits_completed_and_failed(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders/x", body=fixture("order_partial.xml"), content_type=XML)
    order = client.get_order("x")
    assert order.status == "PARTIAL"
    assert order.completed_numbers == ("+18335550100",)
    assert order.failed_numbers == ("+18335550101",)
    assert order.errors[0].number == "+18335550101"


def test_list_orders_follows_pages_filters_and_returns_newest_first(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(
        f"{ACCT}/orders",
        body=fixture("orders_list_page1.xml"),
        content_type=XML,
        match=[
            responses.matchers.query_param_matcher(
                {
                    "page": "1",
                    "size": "1000",
                    "status": "COMPLETE,PROCESSING,RECEIVED",
                    "startdate": "2024-09-01",
                    "enddate": "2023-11-15",
                }
            )
        ],
    )
    rsps.get(
        f"{ACCT}/orders",
        body=fixture("orders_list_page2.xml"),
        content_type=XML,
        match=[
            responses.matchers.query_param_matcher(
                {
                    "page": "9b5e1c1c-2f0b-4a45-8b3a-3d1f0a2e6c77",
                    "size": "1000",
                    "status": "COMPLETE,PROCESSING,RECEIVED",
                    "startdate": "2024-09-01",
                    "enddate": "2023-11-15",
                }
            )
        ],
    )
    found = client.list_orders(
        statuses=["RECEIVED", "PROCESSING", "COMPLETE"], since=datetime(2024, 9, 1)
    )
    assert [(o.order_id[:8], o.status, o.count_of_tns) for o in found] == [
        ("f3a5b6c2", "PROCESSING", 2),
        ("1c2d3e4f", "COMPLETE", 1),
        ("9b5e1c1c", "COMPLETE", 5),  # COMPLETED in the reply
    ]


def test_list_orders_by_customer_order_id_keeps_only_exact_matches(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders", body=fixture("orders_list_page2.xml"), content_type=XML)
    found = client.list_orders(customer_order_id="someone-else")
    assert query_of(rsps.calls[-1]) == {
        "size": "1000",
        "customerOrderId": "someone-else",
        "page": "1",
    }
    assert found == []


def test_list_orders_with_no_match(client: BandwidthClient, rsps: responses.RequestsMock) -> None:
    rsps.get(f"{ACCT}/orders", body=fixture("orders_list_empty.xml"), content_type=XML)
    assert client.list_orders(customer_order_id="nothing") == []


def test_create_disconnect_posts_the_numbers(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/disconnects", body=fixture("disconnect_created.xml"), status=201, content_type=XML
    )
    made = client.create_disconnect(["+19192755378", "+19192755703"], "ns-d1")
    doc = xml_of(rsps.calls[-1])
    assert doc.tag == "DisconnectTelephoneNumberOrder"
    assert texts(doc, "CustomerOrderId/text()") == ["ns-d1"]
    assert texts(
        doc, "DisconnectTelephoneNumberOrderType/TelephoneNumberList/TelephoneNumber/text()"
    ) == ["+19192755378", "+19192755703"]
    assert made.order_id == "b902dee1-0585-4258-becd-5c7e51ccf5e1"
    assert made.status == "RECEIVED"
    assert made.numbers == ("+19192755378", "+19192755703")


def test_get_disconnect_reads_the_disconnected_list(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/disconnects/d-1", body=fixture("disconnect_complete.xml"), content_type=XML)
    done = client.get_disconnect("d-1")
    assert query_of(rsps.calls[-1]) == {"tndetail": "true"}
    assert done.status == "COMPLETE"
    assert done.disconnected_numbers == ("+19192755378",)


def test_get_disconnect_reads_per_number_errors(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/disconnects/d-1", body=fixture("disconnect_error_5006.xml"), content_type=XML)
    done = client.get_disconnect("d-1")
    assert done.status == "PARTIAL"
    assert [(e.code, e.number) for e in done.errors] == [("5006", "+19192755703")]


def test_reserve_posts_the_number_and_reads_the_id_from_location(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/tnreservation",
        status=201,
        headers={"Location": f"{ACCT}/tnreservation/0099ff73-da96"},
    )
    made = client.reserve("+14354770625")
    doc = xml_of(rsps.calls[-1])
    assert doc.tag == "Reservation"
    assert texts(doc, "ReservedTn/text()") == ["+14354770625"]
    assert (made.reservation_id, made.number) == ("0099ff73-da96", "+14354770625")


def test_reserve_a_taken_number_is_error_5041(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/tnreservation",
        body=fixture("reservation_error_5041.xml"),
        status=400,
        content_type=XML,
    )
    with pytest.raises(ApiError) as e:
        client.reserve("+14354770625")
    assert e.value.code == "5041"


def test_get_and_delete_reservation(client: BandwidthClient, rsps: responses.RequestsMock) -> None:
    rsps.get(f"{ACCT}/tnreservation/r-1", body=fixture("reservation.xml"), content_type=XML)
    rsps.delete(f"{ACCT}/tnreservation/r-1", status=200)
    held = client.get_reservation("r-1")
    assert held.reservation_id == "0099ff73-da96-4303-8a0a-00ff316c07aa"
    assert held.number == "+14354770625"
    assert held.expires_in_seconds == 13157
    client.delete_reservation("r-1")
    assert rsps.calls[-1].request.method == "DELETE"
