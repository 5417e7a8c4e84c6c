"""A POST that may have reached Bandwidth is never blindly repeated (no second order)."""

from __future__ import annotations

import pytest
import requests
import responses
from bw_support import ACCT, FakeTime, add_token, api_calls, fixture, make_client, query_of
from urllib3.exceptions import MaxRetryError, NewConnectionError

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import OrderRequest
from numspec.errors import ServerError, TransportError

XML = "application/xml"
CID = "ns-0123456789-abcdef01-1"
ORDER_ID = "f3a5b6c2-4e6f-4d5b-9a4c-0b7c2e5f1a11"
REQUEST = OrderRequest("1001", CID, "order", numbers=("+19192755378",))


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


def test_a_5xx_on_create_disconnect_finds_the_disconnect(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/disconnects", status=502)
    rsps.get(f"{ACCT}/disconnects", body=fixture("disconnects_list.xml"), content_type=XML)
    rsps.get(
        f"{ACCT}/disconnects/b902dee1-0585-4258-becd-5c7e51ccf5e1",
        body=fixture("disconnect_complete.xml"),
        content_type=XML,
    )
    made = client.create_disconnect(["+19192755378"], "ns-0123456789-abcdef01-d1")
    assert len(posts(rsps)) == 1
    assert made.status == "COMPLETE"


def test_an_uncertain_reservation_is_not_repeated(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/tnreservation", status=503)
    with pytest.raises(ServerError):
        client.reserve("+14354770625")
    assert len(posts(rsps)) == 1
