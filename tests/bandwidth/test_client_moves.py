"""Move orders over HTTP: the body sent, replies read, errors, no second move after a lost reply."""

from __future__ import annotations

from typing import Any

import pytest
import responses
from bw_support import ACCT, api_calls, fixture, query_of
from lxml import etree
from support.sandbox import populate
from test_sandbox_e2e import connect, wait_final

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.moves import MAX_MOVE, MoveRequest, chunks
from numspec.errors import ApiError

XML = "application/xml"
MOVE_ID = "7d1e2c7a-5b0e-4f3e-9c1d-2f6a8b9c0d11"
REQUEST = MoveRequest("1002", ("+19195550100", "+19195550101"), "ns-move-1", "2002")


def test_create_move_sends_the_documented_body_and_reads_the_201(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/moveTns", body=fixture("move_created.xml"), status=201, content_type=XML)
    move = client.create_move(REQUEST)
    sent = etree.fromstring(
        [c for c in api_calls(rsps) if c.request.method == "POST"][0].request.body
    )
    assert sent.tag == "MoveTnsOrder"
    assert sent.findtext("CustomerOrderId") == "ns-move-1"
    assert (sent.findtext("SiteId"), sent.findtext("SipPeerId")) == ("1002", "2002")
    assert [e.text for e in sent.iter("TelephoneNumber")] == list(REQUEST.numbers)
    assert (move.order_id, move.status, move.final) == (MOVE_ID, "RECEIVED", False)
    assert (move.site_id, move.location_id) == ("1002", "2002")
    assert move.numbers == REQUEST.numbers


def test_a_partial_move_names_the_numbers_not_moved(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/moveTns/{MOVE_ID}", body=fixture("move_partial.xml"), content_type=XML)
    move = client.get_move(MOVE_ID)
    assert (move.status, move.final, move.customer_order_id) == ("PARTIAL", True, "ns-move-1")
    assert move.failed_numbers == ("+19195550101",)
    assert move.moved_numbers == ("+19195550100",)
    assert [e.code for e in move.errors] == ["7518"]


def test_a_refused_move_raises_with_the_code(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/moveTns", body=fixture("move_error_7309.xml"), status=400, content_type=XML)
    with pytest.raises(ApiError) as e:
        client.create_move(REQUEST)
    assert e.value.code == "7309"
    assert "site id" in (e.value.description or "")


def test_a_lost_reply_finds_the_move_instead_of_posting_again(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(f"{ACCT}/moveTns", status=503)
    rsps.get(f"{ACCT}/moveTns", body=fixture("moves_list.xml"), content_type=XML)
    rsps.get(f"{ACCT}/moveTns/{MOVE_ID}", body=fixture("move_partial.xml"), content_type=XML)
    move = client.create_move(REQUEST)
    assert [c.request.method for c in api_calls(rsps)] == ["POST", "GET", "GET"]
    assert query_of(api_calls(rsps)[1])["customerOrderId"] == "ns-move-1"
    assert (move.order_id, move.status) == (MOVE_ID, "PARTIAL")


def test_the_listing_is_filtered_again_on_the_client(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/moveTns", body=fixture("moves_list.xml"), content_type=XML)
    assert [m.order_id for m in client.list_moves(customer_order_id="ns-move-1")] == [MOVE_ID]
    assert [m.status for m in client.list_moves(statuses=("COMPLETE",))] == ["COMPLETE"]
    every = client.list_moves()
    assert [m.count_of_tns for m in every] == [2, 1]  # newest first


def test_a_move_order_holds_1_to_5000_numbers_and_chunks_split_them() -> None:
    with pytest.raises(ValueError):
        MoveRequest("1002", (), "x")
    with pytest.raises(ValueError):
        MoveRequest("1002", tuple(f"+1919{i:07d}" for i in range(MAX_MOVE + 1)), "x")
    with pytest.raises(ValueError, match="CustomerOrderId"):
        MoveRequest("1002", ("+19195550100",), "ns_move!")
    with pytest.raises(ValueError, match="CustomerOrderId"):
        MoveRequest("1002", ("+19195550100",), "x" * 41)
    numbers = [f"+1919{i:07d}" for i in range(12_001)]
    assert [len(c) for c in chunks(numbers)] == [5000, 5000, 2001]


def test_a_move_against_the_sandbox_is_read_back_and_listed(sandbox_factory: Any) -> None:
    box = sandbox_factory()
    populate(box, "1001", 3)
    with connect(box) as api:
        numbers = tuple(api.iter_location_numbers("1001", "2001"))
        made = api.create_move(MoveRequest("1004", numbers, "ns-move-sandbox"))
        assert made.status == "RECEIVED" and made.numbers == numbers
        done = wait_final(api.get_move, made.order_id)
        assert (done.status, done.moved_numbers, done.location_id) == ("COMPLETE", numbers, "2004")
        assert tuple(api.iter_location_numbers("1004", "2004")) == numbers
        (listed,) = api.list_moves(customer_order_id="ns-move-sandbox")
        assert (listed.order_id, listed.status, listed.count_of_tns) == (
            made.order_id,
            "COMPLETE",
            3,
        )
        assert api.list_moves(statuses=("RECEIVED", "PROCESSING")) == []
