"""Every reply of the golden corpus (tests/fixtures/bandwidth/) parses to the values it holds.

The corpus is rebuilt from Bandwidth's public SDK test suites and the v2 spec's examples; its
README names the repository, file and line of each. A new file there without a test here fails
`test_every_file_of_the_corpus_is_checked`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import responses
from bw_support import ACCT, API

from numspec.bandwidth import parse, parse_orders, parse_tns
from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.error_replies import error_of_xml
from numspec.bandwidth.paging import next_cursor
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.states import OrderState
from numspec.bandwidth.xmlio import Element, parse_xml
from numspec.errors import ApiError, NumberTakenError

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bandwidth"
XML = "application/xml"


def root(name: str) -> Element:
    parsed = parse_xml((CORPUS / name).read_bytes())
    assert parsed is not None
    return parsed


def _order(name: str, fallback: str = "id-from-location") -> Any:
    return parse_orders.order(root(name), fallback)


# --- orders ----------------------------------------------------------------------------------


def check_php_order_created() -> None:
    order = _order("php_order_created.xml")
    assert (order.order_id, order.status) == ("f30a31a1-1de4-4939-b094-4521bbe5c8df", "RECEIVED")
    assert order.requested_numbers == ("+19193752369", "+19193752720", "+19193752648")
    assert (order.customer_order_id, order.site_id) == ("123456789", "2297")


def check_php_order_failed_empty_echo() -> None:
    order = _order("php_order_failed_empty_echo.xml")
    assert order.status == OrderState.FAILED
    assert order.order_id == "id-from-location"  # the GET echo has no id
    assert (order.requested_numbers, order.requested_quantity) == ((), 0)  # the empty echo
    assert order.failed_numbers == ("+19193752369", "+19193752648", "+19193752720")
    assert [(e.code, e.number) for e in order.errors] == [
        ("5005", "+19193752369"),
        ("5005", "+19193752648"),
        ("5005", "+19193752720"),
    ]
    assert order.completed_numbers == () and order.summary is None


def check_java_order_created_no_status() -> None:
    order = _order("java_order_created_no_status.xml")
    assert (order.order_id, order.status) == ("someid", OrderState.RECEIVED)
    assert order.requested_numbers == ("+12052865046",)


def check_csharp_order_created_no_status() -> None:
    order = _order("csharp_order_created_no_status.xml")
    assert (order.order_id, order.status, order.site_id) == ("1", OrderState.RECEIVED, "2858")
    assert order.requested_numbers == ("+12052865046",)


def check_java_combined_order_created() -> None:
    order = _order("java_combined_order_created.xml")
    assert (order.status, order.requested_numbers, order.requested_quantity) == (
        OrderState.RECEIVED,
        (),
        1,
    )


def check_v2_order_created() -> None:
    order = _order("v2_order_created.xml")
    assert (order.order_id, order.status) == ("34adcd9f-2c4a-4631-9dae-d1f318ed57bc", "RECEIVED")
    assert (order.name, order.requested_quantity, order.site_id) == ("Zip Order", 1, "3013")
    assert order.created == datetime(2014, 7, 11, 17, 13, 57, 788000, tzinfo=UTC)


def check_v2_order_error_5016() -> None:
    errors = _order("v2_order_error_5016.xml").errors
    assert [(e.code, e.description) for e in errors] == [
        ("5016", "The SiteId submitted is invalid.")
    ]


def check_java_order_failed_5018() -> None:
    order = _order("java_order_failed_5018.xml")
    assert (order.order_id, order.status, order.requested_quantity) == ("errorid", "FAILED", 1)
    assert [(e.code, e.number) for e in order.errors] == [("5018", None)]
    assert order.completed_numbers == () and order.summary == "1 number requested"


def check_java_order_partial() -> None:
    order = _order("java_order_partial.xml")
    assert order.status == OrderState.PARTIAL
    assert order.requested_numbers == ("+12055551212", "+12055551213")
    assert order.completed_numbers == ("+12055551213",)
    assert order.failed_numbers == ("+12055551212",)
    assert order.summary == "1 out of 2 numbers ordered in (833)"


def check_numbers_java_order_complete() -> None:
    order = _order("numbers_java_order_complete.xml")
    assert order.status == OrderState.COMPLETE and order.errors == ()
    assert order.completed_numbers == ("+19192052533",)
    assert (order.requested_quantity, order.location_id) == (1, "616387")


# --- listings --------------------------------------------------------------------------------


def check_php_orders_listing() -> None:
    entries = parse_orders.order_list(root("php_orders_listing.xml"))
    assert [(e.order_id, e.status, e.customer_order_id) for e in entries] == [
        ("016c1aef-a873-4a90-8374-60771cba9452", "FAILED", "123456789"),
        ("77659f47-d527-42ad-bf72-34b6841016ac", "FAILED", "123456789"),
    ]
    assert next_cursor(root("php_orders_listing.xml")) is None


def check_php_orders_listing_empty() -> None:
    assert parse_orders.order_list(root("php_orders_listing_empty.xml")) == []


def _dashed_listing(name: str) -> None:
    entries = parse_orders.order_list(root(name))
    assert [(e.order_id, e.status, e.count_of_tns, e.order_date) for e in entries] == [
        (
            "6d7da966-e071-4741-b31c-1d8932f4b8da",
            OrderState.COMPLETE,
            1,
            datetime(2014, 1, 10, 17, 34, 15, 797000, tzinfo=UTC),
        ),
        (
            "4ffe9262-1965-4479-a1d5-b8584440667d",
            OrderState.COMPLETE,
            1,
            datetime(2013, 12, 4, 21, 59, 32, 243000, tzinfo=UTC),
        ),
    ]
    assert all(e.customer_order_id is None for e in entries)


def check_php_disconnects_listing_dashed_dates() -> None:
    _dashed_listing("php_disconnects_listing_dashed_dates.xml")


def check_v2_disconnects_listing() -> None:
    _dashed_listing("v2_disconnects_listing.xml")


def check_v2_disconnects_empty_404() -> None:
    assert parse_orders.is_listing((CORPUS / "v2_disconnects_empty_404.xml").read_text())


def check_csharp_orders_listing_next_without_cursor() -> None:
    doc = root("csharp_orders_listing_next_without_cursor.xml")
    entries = parse_orders.order_list(doc)
    assert [(e.order_id, e.status) for e in entries] == [
        ("c5d8d076-345c-45d7-87b3-803a35cca89b", "COMPLETE"),
        ("27da9f39-81f3-44ed-80ce-05ddf2db612d", "FAILED"),
        ("2bab589e-2cda-453b-9999-8f35441d4a1a", "COMPLETE"),
    ]
    with pytest.raises(ValueError, match="without a page cursor"):
        next_cursor(doc)


def check_php_inservice_numbers() -> None:
    doc = root("php_inservice_numbers.xml")
    assert list(parse.inservice_numbers(doc)) == [
        "+18183386247",
        "+18183386249",
        "+18183386251",
        "+18183386252",
    ]
    assert next_cursor(doc) is None


def check_php_inservice_empty_first_link() -> None:
    doc = root("php_inservice_empty_first_link.xml")
    assert list(parse.inservice_numbers(doc)) == ["+14158714245", "+14352154439"]
    assert next_cursor(doc) is None


def check_python_disconnected_numbers() -> None:
    assert list(parse.inservice_numbers(root("python_disconnected_numbers.xml"))) == [
        "+14158714245",
        "+14352154439",
    ]


def check_java_inservice_placeholder_link() -> None:
    doc = root("java_inservice_placeholder_link.xml")
    assert list(parse.inservice_numbers(doc)) == ["+19195551212"]
    assert next_cursor(doc) is None


def check_php_tns_listing() -> None:
    details = list(parse.number_details(root("php_tns_listing.xml")))
    assert [(d.number, d.status, d.rate_center, d.lata, d.area_code) for d in details] == [
        ("+17576768750", "PortInPendingFoc", "NRFOLKZON1", "252", "757"),
        ("+18183386247", "Inservice", "AGOURA", "730", "818"),  # "AGOURA    " unpadded
    ]


def check_java_tns_listing() -> None:
    details = list(parse.number_details(root("java_tns_listing.xml")))
    assert [(d.number, d.city, d.rate_center) for d in details] == [
        ("+19193491234", "RALEIGH", "RALEIGH"),
        ("+19193499473", "RALEIGH", "RALEIGH"),
    ]


def check_v2_tns_plus_cursor() -> None:
    doc = root("v2_tns_plus_cursor.xml")
    details = list(parse.number_details(doc))
    assert len(details) == 5 and details[0].number == "+19192381138"
    assert {d.country for d in details} == {"USA"}
    assert next_cursor(doc) == "+12012082912"  # the unencoded "+" is not read as a space


# --- one number ------------------------------------------------------------------------------


def check_php_tn_status() -> None:
    status = parse_tns.number_status(root("php_tn_status.xml"), "+10000000000")
    assert status is not None
    assert (status.number, status.status, status.account_id, status.site_id) == (
        "+17576768750",
        "PortInPendingFoc",
        "9500249",
        "2297",
    )


def check_php_tn_details() -> None:
    status = parse_tns.number_status(root("php_tn_details.xml"), "+10000000000")
    assert status is not None
    assert (status.number, status.status, status.account_id) == ("+12018981023", "Inservice", "14")


def check_java_tn_details() -> None:
    status = parse_tns.number_status(root("java_tn_details.xml"), "+10000000000")
    assert status is not None
    assert (status.number, status.status, status.account_id) == (
        "+19195551212",
        "Inservice",
        "9900096",
    )


# --- search ----------------------------------------------------------------------------------


def _numbers(name: str) -> list[str]:
    return [a.number for a in parse.search_result(root(name))]


def check_php_search_detail() -> None:
    (found,) = parse.search_result(root("php_search_detail.xml"))
    assert (found.number, found.city, found.rate_center, found.lata, found.state) == (
        "+19192956932",
        "KNIGHTDALE",
        "KNIGHTDALE",
        "426",
        "NC",
    )


def check_php_search_list() -> None:
    assert _numbers("php_search_list.xml") == [
        "+19194390154",
        "+19194390158",
        "+19194390176",
        "+19194390179",
        "+19194390185",
    ]


def check_php_search_empty() -> None:
    assert _numbers("php_search_empty.xml") == []


def check_php_search_error_4000() -> None:
    assert error_of_xml(root("php_search_error_4000.xml")) == (
        "4000",
        "The area code of telephone numbers can not end with 11.",
    )


def check_python_search_error_4010() -> None:
    assert error_of_xml(root("python_search_error_4010.xml")) == (
        "4010",
        "Unable to perform search.",
    )


def check_python_search_list() -> None:
    assert _numbers("python_search_list.xml") == ["+16093252507", "+16093570994", "+16093574598"]


def check_python_search_detail() -> None:
    found = parse.search_result(root("python_search_detail.xml"))
    assert [(a.number, a.rate_center, a.area_code) for a in found] == [
        ("+16093252507", "ALLENTOWN", "609"),
        ("+16093570994", "ALLENTOWN", "609"),
        ("+16093574598", "ALLENTOWN", "609"),
    ]


def check_numbers_java_search_detail() -> None:
    found = parse.search_result(root("numbers_java_search_detail.xml"))
    assert len(found) == 10 and {a.city for a in found} == {"CARY"}
    assert found[0].number == "+19192972578" and found[-1].number == "+19192978903"


def check_numbers_java_search_list() -> None:
    found = _numbers("numbers_java_search_list.xml")
    assert len(found) == 10 and found[0] == "+19192972578"


# --- disconnects and reservations ------------------------------------------------------------


def check_php_disconnect_created() -> None:
    made = parse_orders.disconnect(root("php_disconnect_created.xml"))
    assert (made.order_id, made.status, made.customer_order_id) == (
        "b902dee1-0585-4258-becd-5c7e51ccf5e1",
        "RECEIVED",
        "Disconnect1234",
    )
    assert made.numbers == ("+19192755378", "+19192755703")


def check_php_disconnect_failed_5006() -> None:
    failed = parse_orders.disconnect(root("php_disconnect_failed_5006.xml"))
    assert failed.status == OrderState.FAILED
    assert [(e.code, e.number) for e in failed.errors] == [
        ("5006", "+19192755703"),
        ("5006", "+19192755378"),
    ]


def check_java_disconnect_created_no_status() -> None:
    made = parse_orders.disconnect(root("java_disconnect_created_no_status.xml"))
    assert (made.order_id, made.status, made.numbers) == (
        "disconnectId",
        "RECEIVED",
        ("+12055551212",),
    )


def check_java_disconnect_failed_5006() -> None:
    failed = parse_orders.disconnect(root("java_disconnect_failed_5006.xml"))
    assert (failed.status, [e.code for e in failed.errors]) == ("FAILED", ["5006"])


def check_java_disconnect_complete() -> None:
    done = parse_orders.disconnect(root("java_disconnect_complete.xml"))
    assert (done.status, done.disconnected_numbers) == ("COMPLETE", ("+12055551212",))


def check_csharp_reservation() -> None:
    held = parse_orders.reservation(root("csharp_reservation.xml"))
    assert (held.reservation_id, held.number, held.expires_in_seconds) == ("1", "+19195551212", 30)


def check_csharp_reservation_error_5041() -> None:
    assert error_of_xml(root("csharp_reservation_error_5041.xml")) == (
        "5041",
        "Reservation failed: telephone number 9195551212 is not available.",
    )


CHECKS: dict[str, Callable[[], None]] = {
    name.removeprefix("check_") + ".xml": fn
    for name, fn in list(globals().items())
    if name.startswith("check_") and callable(fn)
}


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_captured_reply_parses_to_its_values(name: str) -> None:
    CHECKS[name]()


def test_every_file_of_the_corpus_is_checked_and_named_in_the_readme() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.xml"))
    assert files == sorted(CHECKS)
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert [f for f in files if f"`{f}`" not in readme] == []


# --- through the client: the replies that change what the client does -----------------------


def test_a_captured_4000_search_refusal_is_an_api_error_with_its_code(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (CORPUS / "php_search_error_4000.xml").read_bytes()
    rsps.get(f"{ACCT}/availableNumbers", body=body, status=400, content_type=XML)
    with pytest.raises(ApiError) as caught:
        client.search(SearchQuery.of({"areaCode": "911"}, 1))
    assert caught.value.code == "4000" and "end with 11" in (caught.value.description or "")


def test_a_captured_reservation_refusal_is_number_taken(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (CORPUS / "csharp_reservation_error_5041.xml").read_bytes()
    rsps.post(f"{ACCT}/tnreservation", body=body, status=400, content_type=XML)
    with pytest.raises(NumberTakenError):
        client.reserve("+19195551212")


def test_the_captured_tns_next_cursor_is_followed_with_its_plus(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(
        f"{API}/tns",
        body=(CORPUS / "v2_tns_plus_cursor.xml").read_bytes(),
        content_type=XML,
        match=[responses.matchers.query_param_matcher({"page": "1"}, strict_match=False)],
    )
    rsps.get(
        f"{API}/tns",
        body=(CORPUS / "java_tns_listing.xml").read_bytes(),
        content_type=XML,
        match=[
            responses.matchers.query_param_matcher({"page": "+12012082912"}, strict_match=False)
        ],
    )
    numbers = [d.number for d in client.iter_number_details()]
    assert len(numbers) == 7 and numbers[-1] == "+19193499473"


def test_the_captured_listing_without_a_cursor_stops_the_client_with_an_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (CORPUS / "csharp_orders_listing_next_without_cursor.xml").read_bytes()
    rsps.get(f"{ACCT}/orders", body=body, content_type=XML)
    with pytest.raises(ApiError, match="without a page cursor"):
        client.list_orders()


def test_the_captured_empty_disconnects_404_reads_as_no_disconnect(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (CORPUS / "v2_disconnects_empty_404.xml").read_bytes()
    rsps.get(f"{ACCT}/disconnects", body=body, status=404, content_type=XML)
    assert client.find_disconnect(["+19195551212"], datetime(2023, 11, 14, tzinfo=UTC)) is None
