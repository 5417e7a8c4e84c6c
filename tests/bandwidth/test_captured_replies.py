"""The client against the forms the real API's captured replies take (docs/wire.md)."""

from __future__ import annotations

from datetime import UTC, datetime

import responses
from bw_support import ACCT, query_of

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumbersOrder, SearchOrder, SearchOrderType
from numspec.bandwidth.parse_orders import timestamp

XML = "application/xml"
ORDER_ID = "c8b7e2a4-5e52-4e28-8b4b-8c3c6d1e0f01"
ASKED = ("+19195551001", "+19195551002", "+19195551003")

# php-bandwidth-iris tests/OrderTest.php: a FAILED existing-number order read back with GET.
FAILED_EMPTY_ECHO = """<?xml version="1.0"?>
<OrderResponse>
  <CompletedQuantity>0</CompletedQuantity>
  <CreatedByUser>api-user</CreatedByUser>
  <ErrorList><Error><Code>5005</Code>
    <Description>The telephone number is unavailable for ordering</Description>
    <TelephoneNumber>9195551001</TelephoneNumber></Error></ErrorList>
  <FailedNumbers><FullNumber>9195551001</FullNumber></FailedNumbers>
  <LastModifiedDate>2023-11-14T22:30:02.000Z</LastModifiedDate>
  <OrderCompleteDate>2023-11-14T22:30:02.000Z</OrderCompleteDate>
  <Order>
    <CustomerOrderId>ns-1</CustomerOrderId>
    <OrderCreateDate>2023-11-14T22:30:01.000Z</OrderCreateDate>
    <PeerId>2001</PeerId>
    <BackOrderRequested>false</BackOrderRequested>
    <ExistingTelephoneNumberOrderType/>
    <PartialAllowed>true</PartialAllowed>
    <SiteId>1001</SiteId>
  </Order>
  <OrderStatus>FAILED</OrderStatus>
  <FailedQuantity>3</FailedQuantity>
</OrderResponse>"""

# The v2 spec's CreateOrder 201: no OrderStatus.
CREATED_NO_STATUS = f"""<OrderResponse><Order><CustomerOrderId>ns-1</CustomerOrderId>
<OrderCreateDate>2023-11-14T22:30:01.000Z</OrderCreateDate><id>{ORDER_ID}</id>
<ExistingTelephoneNumberOrderType><TelephoneNumberList>
<TelephoneNumber>+19195551001</TelephoneNumber><TelephoneNumber>+19195551002</TelephoneNumber>
<TelephoneNumber>+19195551003</TelephoneNumber></TelephoneNumberList>
</ExistingTelephoneNumberOrderType><SiteId>1001</SiteId></Order></OrderResponse>"""


def test_an_order_read_back_with_an_empty_echo_still_says_what_it_asked_for(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/orders",
        body=CREATED_NO_STATUS,
        status=201,
        content_type=XML,
        headers={"Location": f"{ACCT}/orders/{ORDER_ID}"},
    )
    rsps.get(f"{ACCT}/orders/{ORDER_ID}", body=FAILED_EMPTY_ECHO, content_type=XML)
    made = client.create_order(
        NumbersOrder(site_id="1001", customer_order_id="ns-1", name="n", numbers=ASKED)
    )
    assert (made.status, made.requested_numbers) == ("RECEIVED", ASKED)
    failed = client.get_order(ORDER_ID)
    assert failed.status == "FAILED"
    assert failed.requested_numbers == ASKED and failed.requested_quantity == 3
    assert failed.failed_numbers == ("+19195551001",)
    assert failed.completed_numbers == ()


def test_an_order_this_client_did_not_place_keeps_the_echo(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders/{ORDER_ID}", body=FAILED_EMPTY_ECHO, content_type=XML)
    other = client.get_order(ORDER_ID)
    assert (other.order_id, other.requested_numbers, other.requested_quantity) == (
        ORDER_ID,
        (),
        0,
    )


def test_a_backorder_remembers_its_quantity(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(
        f"{ACCT}/orders",
        body=f"<OrderResponse><Order><id>{ORDER_ID}</id></Order></OrderResponse>",
        status=201,
        content_type=XML,
    )
    made = client.create_order(
        SearchOrder(
            site_id="1001",
            customer_order_id="ns-2",
            name="n",
            order_type=SearchOrderType.AREA_CODE,
            fields=(("AreaCode", "919"),),
            quantity=7,
            backorder=True,
        )
    )
    assert (made.requested_numbers, made.requested_quantity) == ((), 7)


def _listing(entries: str) -> str:
    return (
        "<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>2</TotalCount>"
        f"{entries}</ListOrderIdUserIdDate></ResponseSelectWrapper>"
    )


def _entry(order_id: str, status: str, date: str) -> str:
    return (
        f"<OrderIdUserIdDate><CountOfTNs>1</CountOfTNs><OrderDate>{date}</OrderDate>"
        f"<orderId>{order_id}</orderId><OrderStatus>{status}</OrderStatus></OrderIdUserIdDate>"
    )


def test_a_refused_status_filter_falls_back_to_a_date_bounded_listing_filtered_here(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    refusal = (
        "<ResponseSelectWrapper><ErrorList><Error><Code>15518</Code><Description>status "
        "must be one of received, processing, complete, partial, failed</Description>"
        "</Error></ErrorList></ResponseSelectWrapper>"
    )
    rsps.get(f"{ACCT}/orders", body=refusal, status=400, content_type=XML)
    rsps.get(
        f"{ACCT}/orders",
        body=_listing(
            _entry("o-done", "COMPLETE", "2023-11-14T10:00:00.000Z")
            + _entry("o-back", "BACKORDERED", "2023-11-13T10:00:00.000Z")
        ),
        content_type=XML,
    )
    found = client.list_orders(statuses=("BACKORDERED",))
    assert [o.order_id for o in found] == ["o-back"]
    first, second = (query_of(c) for c in rsps.calls if "/orders" in c.request.url)
    assert first["status"] == "BACKORDERED"
    assert "status" not in second
    assert second["startdate"] == "2021-11-14"  # two years back from the fake clock
    # The client remembers: the next filtered listing goes straight to dates.
    client.list_orders(statuses=("RECEIVED", "PROCESSING"))
    assert "status" not in query_of(rsps.calls[-1])


def test_an_empty_orders_listing_may_be_a_204(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/orders", status=204)
    assert client.list_orders(customer_order_id="ns-1") == []
    assert client.find_order("ns-1") is None


def test_disconnect_listing_dates_with_dashes_in_the_time_parse() -> None:
    assert timestamp("2014-01-10T17-34-15.797Z") == datetime(
        2014, 1, 10, 17, 34, 15, 797000, tzinfo=UTC
    )
    assert timestamp("2014-01-10T17:34:15.797Z") == timestamp("2014-01-10T17-34-15.797Z")
    assert timestamp("not a date") is None


def test_a_5019_in_an_orders_error_list_means_pending_not_failed(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (
        "<OrderResponse><ErrorList><Error><Code>5019</Code><Description>Order is pending"
        "</Description></Error></ErrorList><Order><CustomerOrderId>ns-1</CustomerOrderId>"
        "</Order><OrderStatus>RECEIVED</OrderStatus></OrderResponse>"
    )
    rsps.get(f"{ACCT}/orders/{ORDER_ID}", body=body, content_type=XML)
    order = client.get_order(ORDER_ID)
    assert (order.status, order.errors) == ("RECEIVED", ())
