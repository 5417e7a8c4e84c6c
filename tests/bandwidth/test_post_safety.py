"""A POST that may have reached Bandwidth is never blindly repeated (no second order)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
import responses
from bw_support import ACCT, FakeTime, add_token, api_calls, fixture, make_client, query_of
from urllib3.exceptions import MaxRetryError, NewConnectionError

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumbersOrder
from numspec.errors import ServerError, TransportError

XML = "application/xml"
CID = "ns-0123456789-abcdef01-1"
ORDER_ID = "f3a5b6c2-4e6f-4d5b-9a4c-0b7c2e5f1a11"
REQUEST = NumbersOrder("1001", CID, "order", numbers=("+19192755378",))


def posts(rsps: responses.RequestsMock) -> list[responses.Call]:
    return [c for c in api_calls(rsps) if c.request.method == "POST"]


def listing_has_the_order(rsps: responses.RequestsMock) -> None:
    rsps.get(f"{ACCT}/orders", body=fixture("orders_list_page1.xml"), content_type=XML)
    rsps.get(f"{ACCT}/orders/{ORDER_ID}", body=fixture("order_complete.xml"), content_type=XML)


def refused() -> requests.ConnectionError:
    reason = NewConnectionError(None, "Failed to establish a new connection: refused")  # type: ignore[arg-type]
    return requests.ConnectionError(MaxRetryError(None, "/x", reason))  # type: ignore[arg-type]


def test_a_5xx_on_create_order_finds_the_order_instead_of_posting_again(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", status=503)
    listing_has_the_order(rsps)
    order = client.create_order(REQUEST)
    assert len(posts(rsps)) == 1
    lookup = [c for c in api_calls(rsps) if c.request.method == "GET"][0]
    assert query_of(lookup)["customerOrderId"] == CID
    assert (order.order_id, order.status) == (ORDER_ID, "COMPLETE")


@pytest.mark.parametrize(
    "failure",
    [requests.ReadTimeout("read timed out"), requests.ConnectionError("Connection aborted.")],
    ids=["read-timeout", "dropped-connection"],
)
def test_an_uncertain_post_that_did_not_land_is_posted_again_after_the_lookup(
    client: BandwidthClient, rsps: responses.RequestsMock, failure: Exception
) -> None:
    rsps.post(f"{ACCT}/orders", body=failure)
    rsps.post(f"{ACCT}/orders", body=fixture("order_created.xml"), status=201, content_type=XML)
    rsps.get(f"{ACCT}/orders", body=fixture("orders_list_empty.xml"), content_type=XML)
    order = client.create_order(REQUEST)
    methods = [c.request.method for c in api_calls(rsps)]
    assert methods == ["POST", "GET", "POST"]
    assert order.status == "RECEIVED"


def test_a_429_on_create_order_is_repeated_without_a_lookup(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", status=429, headers={"Retry-After": "1"})
    rsps.post(f"{ACCT}/orders", body=fixture("order_created.xml"), status=201, content_type=XML)
    client.create_order(REQUEST)
    assert [c.request.method for c in api_calls(rsps)] == ["POST", "POST"]


def test_a_refused_connection_on_create_order_is_repeated_without_a_lookup(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/orders", body=refused())
    rsps.post(f"{ACCT}/orders", body=fixture("order_created.xml"), status=201, content_type=XML)
    client.create_order(REQUEST)
    assert [c.request.method for c in api_calls(rsps)] == ["POST", "POST"]


def test_repeated_posts_are_bounded(rsps: responses.RequestsMock, fake_time: FakeTime) -> None:
    add_token(rsps)
    rsps.post(f"{ACCT}/orders", status=500)
    rsps.get(f"{ACCT}/orders", body=fixture("orders_list_empty.xml"), content_type=XML)
    with make_client(fake_time, max_retries=3) as client, pytest.raises(ServerError):
        client.create_order(REQUEST)
    assert len(posts(rsps)) == 3
    assert [c.request.method for c in api_calls(rsps)] == ["POST", "GET"] * 2 + ["POST"]


def test_a_lookup_that_cannot_be_made_stops_instead_of_posting_again(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/disconnects", body=requests.ReadTimeout("read timed out"))
    rsps.get(f"{ACCT}/disconnects", status=404)
    with pytest.raises(TransportError, match="timed out"):
        client.create_disconnect(["+19192755378"], "ns-d1")
    assert len(posts(rsps)) == 1


def _disconnect_entry(order_id: str, count: int, date: str) -> str:
    # The v2 spec's disconnect listing: no CustomerOrderId, the time written with dashes.
    return (
        f"<OrderIdUserIdDate><CountOfTNs>{count}</CountOfTNs><lastModifiedDate>{date}"
        f"</lastModifiedDate><OrderDate>{date}</OrderDate><OrderType>disconnect</OrderType>"
        f"<orderId>{order_id}</orderId><OrderStatus>COMPLETE</OrderStatus>"
        "<userId>api-user</userId></OrderIdUserIdDate>"
    )


def _disconnect(order_id: str, numbers: list[str]) -> str:
    listed = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers)
    return (
        "<DisconnectTelephoneNumberOrderResponse><orderRequest>"
        f"<id>{order_id}</id><DisconnectTelephoneNumberOrderType><TelephoneNumberList>"
        f"{listed}</TelephoneNumberList></DisconnectTelephoneNumberOrderType></orderRequest>"
        "<OrderStatus>COMPLETE</OrderStatus></DisconnectTelephoneNumberOrderResponse>"
    )


def test_a_5xx_on_create_disconnect_finds_the_disconnect_by_its_numbers_and_time(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    # fake time: 2023-11-14T22:30Z. Newest first: another run's disconnect of other numbers,
    # ours, and an old one of the same numbers from last year.
    listing = (
        "<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>3</TotalCount>"
        + _disconnect_entry("d-other", 1, "2023-11-14T22-30-05.100Z")
        + _disconnect_entry("d-ours", 1, "2023-11-14T22-30-01.797Z")
        + _disconnect_entry("d-old", 1, "2022-11-14T10-00-00.000Z")
        + "</ListOrderIdUserIdDate></ResponseSelectWrapper>"
    )
    rsps.post(f"{ACCT}/disconnects", status=502)
    rsps.get(f"{ACCT}/disconnects", body=listing, content_type=XML)
    rsps.get(
        f"{ACCT}/disconnects/d-other",
        body=_disconnect("d-other", ["+19195550000"]),
        content_type=XML,
    )
    rsps.get(
        f"{ACCT}/disconnects/d-ours",
        body=_disconnect("d-ours", ["+19192755378"]),
        content_type=XML,
    )
    made = client.create_disconnect(["+19192755378"], "ns-0123456789-abcdef01-d1")
    assert len(posts(rsps)) == 1
    assert (made.order_id, made.status) == ("d-ours", "COMPLETE")
    (listed,) = [c for c in rsps.calls if urlsplit(c.request.url).path.endswith("/disconnects")][1:]
    query = query_of(listed)
    assert "customerOrderId" not in query
    assert query["startdate"] == "2023-11-14"
    fetched = [urlsplit(c.request.url).path.rsplit("/", 1)[-1] for c in rsps.calls]
    assert "d-old" not in fetched


def test_a_lost_disconnect_reply_with_an_empty_404_listing_is_posted_again(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    empty = (
        "<ResponseSelectWrapper><ListOrderIdUserIdDate><TotalCount>0</TotalCount><Links>"
        '<first>Link=&lt;https://h/disconnects?page=1&amp;size=1000&gt;;rel="first";</first>'
        "</Links></ListOrderIdUserIdDate></ResponseSelectWrapper>"
    )
    rsps.post(f"{ACCT}/disconnects", status=502)
    rsps.get(f"{ACCT}/disconnects", body=empty, status=404, content_type=XML)
    rsps.post(
        f"{ACCT}/disconnects",
        body=_disconnect("d-new", ["+19192755378"]),
        status=201,
        content_type=XML,
    )
    made = client.create_disconnect(["+19192755378"], "ns-0123456789-abcdef01-d1")
    assert len(posts(rsps)) == 2
    assert made.order_id == "d-new"


def test_an_uncertain_reservation_is_not_repeated(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/tnreservation", status=503)
    with pytest.raises(ServerError):
        client.reserve("+14354770625")
    assert len(posts(rsps)) == 1
