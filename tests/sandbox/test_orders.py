"""Orders: the state machine, races, holds, search-and-order types, validation, listing."""

from __future__ import annotations

import threading
import time

import pytest
from sandbox_api import Api, xml


def _final(api: Api, r) -> object:  # type: ignore[no-untyped-def]
    assert r.status_code == 201, r.text
    return api.wait(r.headers["Location"])


def test_an_order_goes_received_processing_complete_after_the_latency(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(order_latency=0.6))
    numbers = api.search(areaCode="919", quantity=2)
    start = time.monotonic()
    r = api.order(numbers)
    assert r.status_code == 201
    assert r.headers["Location"].endswith("/orders/" + xml(r).findtext("Order/id", ""))
    assert xml(r).findtext("OrderStatus") is None  # captured: a 201 carries no OrderStatus
    seen = []
    while (status := xml(api.get(r.headers["Location"])).findtext("OrderStatus")) not in (
        "COMPLETE",
        "FAILED",
    ):
        seen.append(status)
        time.sleep(0.02)
    assert time.monotonic() - start >= 0.6
    assert "RECEIVED" in seen and "PROCESSING" in seen
    doc = xml(api.get(r.headers["Location"]))
    assert doc.findtext("CompletedQuantity") == "2"
    assert [e.text for e in doc.findall("CompletedNumbers/TelephoneNumber/FullNumber")] == numbers
    held = xml(api.get("/sites/1001/inserviceNumbers")).findall("TelephoneNumbers/TelephoneNumber")
    assert [e.text for e in held] == numbers


def test_numbers_on_an_order_in_flight_are_hidden_from_searches_and_other_orders(
    sandbox_factory,  # type: ignore[no-untyped-def]
) -> None:
    api = Api(sandbox_factory(order_latency=0.5))
    first = api.search(npaNxx="919555", LCA="false", quantity=1)[0]
    r1 = api.order([first])
    assert first not in api.search(npaNxx="919555", LCA="false", quantity=5000)
    doc = _final(api, api.order([first]))
    assert doc.findtext("OrderStatus") == "FAILED"
    assert doc.findtext("ErrorList/Error/Code") == "5218"
    assert doc.findtext("FailedNumbers/FullNumber") == first
    assert _final(api, r1).findtext("OrderStatus") == "COMPLETE"


def test_two_concurrent_orders_for_one_number_exactly_one_wins(api: Api) -> None:
    number = api.search(areaCode="984", quantity=1)[0]
    results: list[str] = []

    def place() -> None:
        other = Api(api.box)
        doc = _final(other, other.order([number]))
        results.append(doc.findtext("OrderStatus") or "")

    threads = [threading.Thread(target=place) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["COMPLETE"] + ["FAILED"] * 5


def test_race_rate_one_fails_every_number_with_5005(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(race_rate=1.0))
    numbers = api.search(areaCode="919", quantity=3)
    doc = _final(api, api.order(numbers))
    assert doc.findtext("OrderStatus") == "FAILED"
    assert [e.findtext("Code") for e in doc.findall("ErrorList/Error")] == ["5005"] * 3
    assert [e.text for e in doc.findall("FailedNumbers/FullNumber")] == numbers
    assert doc.findtext("FailedQuantity") == "3"
    assert not set(numbers) & set(api.search(areaCode="919", quantity=5000))  # taken for good


def test_races_are_reproducible_from_the_seed(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    outcomes = []
    for _ in range(2):
        api = Api(sandbox_factory(race_rate=0.5, seed=0))
        numbers = api.search(areaCode="919", quantity=20)
        doc = _final(api, api.order(numbers))
        outcomes.append(
            (doc.findtext("OrderStatus"), [e.text for e in doc.findall("FailedNumbers/FullNumber")])
        )
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == "PARTIAL" and 0 < len(outcomes[0][1]) < 20


KINDS = [
    "<AreaCodeSearchAndOrderType><AreaCode>919</AreaCode><Quantity>2</Quantity>"
    "</AreaCodeSearchAndOrderType>",
    "<RateCenterSearchAndOrderType><RateCenter>RALEIGH</RateCenter><State>NC</State>"
    "<Quantity>2</Quantity></RateCenterSearchAndOrderType>",
    "<NPANXXSearchAndOrderType><NpaNxx>919555</NpaNxx><Quantity>2</Quantity>"
    "</NPANXXSearchAndOrderType>",
    "<CitySearchAndOrderType><City>RALEIGH</City><State>NC</State><Quantity>2</Quantity>"
    "</CitySearchAndOrderType>",
    "<StateSearchAndOrderType><State>NC</State><Quantity>2</Quantity></StateSearchAndOrderType>",
    "<ZIPSearchAndOrderType><Zip>27601</Zip><Quantity>2</Quantity></ZIPSearchAndOrderType>",
    "<LATASearchAndOrderType><Lata>426</Lata><Quantity>2</Quantity></LATASearchAndOrderType>",
    "<TollFreeWildCharSearchAndOrderType><TollFreeWildCardPattern>88*</TollFreeWildCardPattern>"
    "<Quantity>2</Quantity></TollFreeWildCharSearchAndOrderType>",
    "<CombinedSearchAndOrderType><AreaCode>919</AreaCode><State>NC</State><Quantity>2</Quantity>"
    "</CombinedSearchAndOrderType>",
]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k[1 : k.index("Type")])
def test_search_and_order_types_complete_with_matching_numbers(shared_api: Api, kind: str) -> None:
    doc = _final(shared_api, shared_api.order(kind=kind, site="1005"))
    assert doc.findtext("OrderStatus") == "COMPLETE", doc.findtext("ErrorList/Error/Description")
    assert doc.findtext("CompletedQuantity") == "2"
    assert doc.find(f"Order/{kind[1 : kind.index('>')]}") is not None


def test_a_shortfall_is_partial_or_backordered_as_asked(shared_api: Api) -> None:
    kind = (
        "<ZIPSearchAndOrderType><Zip>27601</Zip><Quantity>5000</Quantity></ZIPSearchAndOrderType>"
    )
    partial = _final(
        shared_api,
        shared_api.order(kind=kind, site="1004", extra=("<PartialAllowed>false</PartialAllowed>")),
    )
    assert partial.findtext("OrderStatus") == "FAILED"
    assert partial.findtext("CompletedQuantity") == "0"
    back = _final(
        shared_api,
        shared_api.order(
            kind=kind, site="1004", extra=("<BackOrderRequested>true</BackOrderRequested>")
        ),
    )
    assert back.findtext("OrderStatus") == "BACKORDERED"
    listed = xml(shared_api.get("/orders", page=1, size=1000, status="BACKORDERED"))
    assert listed.findtext("ListOrderIdUserIdDate/TotalCount") == "1"


def test_a_toll_free_wildcard_search_and_order_may_be_backordered(api: Api) -> None:
    kind = (
        "<TollFreeWildCharSearchAndOrderType><TollFreeWildCardPattern>88*</TollFreeWildCardPattern>"
        "<Quantity>5000</Quantity></TollFreeWildCharSearchAndOrderType>"
    )
    extra = "<BackOrderRequested>true</BackOrderRequested>"
    back = _final(api, api.order(kind=kind, site="1004", extra=extra))
    assert back.findtext("OrderStatus") == "BACKORDERED"


@pytest.mark.parametrize(
    ("extra", "site", "code"),
    [
        ("", "9999", "5016"),
        ("<PeerId>2002</PeerId>", "1001", "5023"),
        ("<CustomerOrderId>bad_id!</CustomerOrderId>", "1001", "5052"),
        ("<CustomerOrderId>" + "x" * 41 + "</CustomerOrderId>", "1001", "5052"),
        ("<BackOrderRequested>true</BackOrderRequested>", "1001", "5522"),
    ],
)
def test_orders_refused_at_once_get_400_error_list(
    shared_api: Api, extra: str, site: str, code: str
) -> None:
    r = shared_api.order(["+19195550100"], site=site, extra=extra)
    assert r.status_code == 400
    assert xml(r).tag == "OrderResponse"
    assert xml(r).findtext("ErrorList/Error/Code") == code


def test_an_order_outside_the_account_limits_is_refused_with_4014(shared_api: Api) -> None:
    row = shared_api.box.backend.store.conn.execute(
        "SELECT number FROM numbers WHERE country = 'AUS' AND type = 'MOBILE' LIMIT 1"
    ).fetchone()
    r = shared_api.order([row[0]])
    assert (r.status_code, xml(r).findtext("ErrorList/Error/Code")) == (400, "4014")


def test_order_echo_records_packages_activation_and_default_location(shared_api: Api) -> None:
    number = shared_api.search(areaCode="984", quantity=1)[0]
    extra = (
        "<CustomerOrderId>grp-1</CustomerOrderId>"
        "<VoiceConfigurationPackageId>d21315af</VoiceConfigurationPackageId>"
        "<RequirementsPackageId>3fa85f64</RequirementsPackageId><AutoActivate>true"
        "</AutoActivate>"
    )
    doc = _final(shared_api, shared_api.order([number], site="1002", extra=extra))
    order = doc.find("Order")
    assert order is not None
    assert order.findtext("PeerId") == "2002"
    assert order.findtext("VoiceConfigurationPackageId") == "d21315af"
    assert order.findtext("RequirementsPackageId") == "3fa85f64"
    assert order.findtext("AutoActivate") == "true"
    assert order.findtext("CustomerOrderId") == "grp-1"


def test_orders_listing_filters_and_pages_newest_first(api: Api) -> None:
    numbers = api.search(areaCode="919", quantity=5)
    ids = []
    for i, n in enumerate(numbers):
        r = api.order([n], extra=f"<CustomerOrderId>tag-{i % 2}</CustomerOrderId>")
        ids.append(xml(r).findtext("Order/id"))
    seen: list[str] = []
    url: str | None = api.account + "/orders?page=1&size=2"
    while url:
        doc = xml(api.get(url))
        assert doc.findtext("ListOrderIdUserIdDate/TotalCount") == "5"
        seen += [e.text or "" for e in doc.iter("orderId")]
        nxt = doc.findtext("ListOrderIdUserIdDate/Links/next")
        url = nxt.split("<", 1)[1].split(">", 1)[0] if nxt else None
    assert seen == list(reversed(ids))
    tagged = xml(api.get("/orders", page=1, size=10, customerOrderId="tag-1"))
    assert tagged.findtext("ListOrderIdUserIdDate/TotalCount") == "2"
    assert api.get("/orders", page=1, size=10, customerOrderId="nobody").status_code == 204
    # Captured dialect: only the documented single values; a comma list is refused (15518).
    refused = api.get("/orders", page=1, size=10, status="RECEIVED,PROCESSING,COMPLETE")
    assert refused.status_code == 400
    assert xml(refused).findtext("ResponseStatus/ErrorCode") == "15518"
