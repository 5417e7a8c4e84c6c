"""The client against the sandbox on 127.0.0.1: every method, real HTTP, the same XML dialect."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from support.sandbox import client as sandbox_client
from support.sandbox import populate, requests_made

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumbersOrder
from numspec.bandwidth.search_query import SearchQuery
from numspec.errors import ApiError, AuthError, NotFoundError
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow


def connect(box: EmbeddedSandbox, **kwargs: Any) -> BandwidthClient:
    return sandbox_client(box, rate_limit=1000.0, **kwargs)


@pytest.fixture
def api(sandbox: EmbeddedSandbox) -> Iterator[BandwidthClient]:
    with connect(sandbox) as client:
        yield client


def wait_final(get: Any, order_id: str, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        state = get(order_id)
        if state.status not in ("RECEIVED", "PROCESSING") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def test_sites_and_default_locations(api: BandwidthClient) -> None:
    sites = api.list_sites()
    assert [s.site_id for s in sites] == ["1001", "1002", "1003", "1004", "1005"]
    (location,) = api.list_locations("1001")
    assert (location.location_id, location.is_default) == ("2001", True)


def test_unknown_site_is_not_found(api: BandwidthClient) -> None:
    with pytest.raises(NotFoundError):
        api.list_locations("9999")


def test_wrong_credentials_are_an_auth_error(sandbox: EmbeddedSandbox) -> None:
    client = BandwidthClient(
        account_id=sandbox.account_id,
        api_url=sandbox.api_url,
        token_url=sandbox.token_url,
        client_id="sandbox",
        client_secret="wrong",
    )
    with client, pytest.raises(AuthError, match="BANDWIDTH_CLIENT_SECRET"):
        client.list_sites()


def test_search_order_and_read_holdings_back(api: BandwidthClient) -> None:
    query = {"countryCodeA3": "USA", "state": "NC", "city": "RALEIGH", "enableTNDetail": "true"}
    found = api.search(SearchQuery.of(query, 3))
    assert len(found) == 3
    assert all(n.number.startswith("+1") and n.state == "NC" for n in found)
    assert all(n.rate_center == (n.rate_center or "").strip() for n in found)
    numbers = tuple(n.number for n in found)
    made = api.create_order(NumbersOrder("1001", "ns-e2e-order-1", "e2e", numbers=numbers))
    assert made.status == "RECEIVED" and made.order_id
    done = wait_final(api.get_order, made.order_id)
    assert done.status == "COMPLETE"
    assert sorted(done.completed_numbers) == sorted(numbers)
    assert sorted(api.iter_location_numbers("1001", "2001")) == sorted(numbers)
    assert sorted(api.iter_inservice_numbers("1001")) == sorted(numbers)
    details = {d.number: d for d in api.iter_number_details()}
    assert set(numbers) <= set(details)
    assert {details[n].country for n in numbers} == {"USA"}
    listed = api.list_orders(customer_order_id="ns-e2e-order-1")
    assert [o.order_id for o in listed] == [made.order_id]


def test_international_search_carries_country_type_and_area_code(api: BandwidthClient) -> None:
    found = api.search(SearchQuery.of({"countryCodeA3": "GBR", "phoneNumberType": "GEOGRAPHIC"}, 2))
    assert found and all(n.country == "GBR" and n.type == "GEOGRAPHIC" for n in found)
    assert all(n.area_code for n in found)


def test_bad_search_is_an_api_error_with_a_code(api: BandwidthClient) -> None:
    with pytest.raises(ApiError) as e:
        api.search(SearchQuery.of({"city": "RALEIGH"}, 1))
    assert e.value.status == 400 and e.value.code


def test_restrictions_of_italy(api: BandwidthClient) -> None:
    assert {r.type for r in api.restrictions("ITA")} >= {"LEGAL"}


def test_held_numbers_page_through_every_listing(
    sandbox: EmbeddedSandbox, api: BandwidthClient
) -> None:
    populate(sandbox, "1002", 6000)
    held = list(api.iter_location_numbers("1002", "2002"))
    assert len(held) == len(set(held)) == 6000
    assert sum(1 for _ in api.iter_number_details()) == 6000
    assert len(list(api.iter_inservice_numbers("1002"))) == 6000
    stats = requests_made(sandbox)
    assert stats["GET /api/v2/accounts/{accountId}/sites/{siteId}/sippeers/{peerId}/tns"] == 2
    assert stats["GET /api/v2/tns"] == 3


def test_empty_location_yields_nothing(api: BandwidthClient) -> None:
    assert list(api.iter_location_numbers("1005", "2005")) == []


def test_disconnect_and_reservation_round_trip(api: BandwidthClient) -> None:
    (one, two) = [
        n.number for n in api.search(SearchQuery.of({"countryCodeA3": "USA", "areaCode": "919"}, 2))
    ]
    held = api.reserve(one)
    assert held.reservation_id and held.number == one
    again = api.get_reservation(held.reservation_id)
    assert again.number == one and (again.expires_in_seconds or 0) > 0
    api.delete_reservation(held.reservation_id)
    made = api.create_order(NumbersOrder("1003", "ns-e2e-order-2", "e2e", numbers=(two,)))
    assert wait_final(api.get_order, made.order_id).status == "COMPLETE"
    gone = api.create_disconnect([two], "ns-e2e-disc-1")
    assert gone.order_id and gone.numbers == (two,)
    assert wait_final(api.get_disconnect, gone.order_id).status == "COMPLETE"
    assert list(api.iter_location_numbers("1003", "2003")) == []


def test_orders_survive_faults_without_duplicates(sandbox_factory: Any) -> None:
    box = sandbox_factory(fault_rate=0.3)
    with connect(box, max_retries=10, max_retry_seconds=60.0) as api:
        made = []
        for i in range(6):
            found = api.search(SearchQuery.of({"countryCodeA3": "USA", "state": "NC"}, 1))
            cid = f"ns-e2e-fault-{i}"
            made.append(
                (cid, api.create_order(NumbersOrder("1004", cid, "f", numbers=(found[0].number,))))
            )
        for cid, order in made:
            assert [o.order_id for o in api.list_orders(customer_order_id=cid)] == [order.order_id]


COMBOS = [
    ("GBR", "GEOGRAPHIC"),
    ("ITA", "GEOGRAPHIC"),
    ("ESP", "GEOGRAPHIC"),
    ("FRA", "MOBILE"),
    ("DEU", "NATIONAL"),
    ("USA", "TOLL_FREE"),
    ("AUS", "GEOGRAPHIC"),
    ("CAN", "GEOGRAPHIC"),
]


def test_derived_attributes_agree_with_what_the_sandbox_sends(api: BandwidthClient) -> None:
    """Against the real service (no CountryCodeA3, PhoneNumberType, AreaCode) holdings match."""
    from numspec.phone import area_code_of, country_of, number_type

    checked = 0
    for country, kind in COMBOS:
        try:
            found = api.search(
                SearchQuery.of({"countryCodeA3": country, "phoneNumberType": kind}, 20)
            )
        except ApiError:
            continue  # not in this sandbox's pool
        for n in found:
            derived = (country_of(n.number), number_type(n.number), area_code_of(n.number, country))
            assert derived == (n.country, n.type, n.area_code)
            checked += 1
    assert checked >= 100


def test_one_client_serves_many_threads(api: BandwidthClient) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: len(api.list_sites()), range(40)))
    assert results == [5] * 40
