"""Reading the account: sites, locations, holdings, search, restrictions; what is sent and read."""

from __future__ import annotations

import pytest
import responses
from bw_support import ACCT, API, fixture, path_of, query_of

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.details_query import DetailsQuery
from numspec.bandwidth.models import AvailableNumber, Location, NumberDetail, SiteInfo
from numspec.bandwidth.search_query import SearchQuery
from numspec.errors import ApiError, NotFoundError

XML = "application/xml"


def test_list_sites_reads_every_site_and_sends_auth_and_user_agent(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/sites", body=fixture("sites.xml"), content_type=XML)
    assert client.list_sites() == [
        SiteInfo("1001", "uk-support", "UK support desk"),
        SiteInfo("1002", "us-sales", ""),
    ]
    sent = rsps.calls[-1].request
    assert sent.headers["Authorization"] == "Bearer tok-1"
    assert sent.headers["User-Agent"].startswith("numspec/")
    assert sent.headers["Accept"] == "application/xml"


def test_a_single_site_is_still_a_list(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/sites", body=fixture("sites_single.xml"), content_type=XML)
    assert client.list_sites() == [SiteInfo("1001", "only", "")]


def test_list_locations_marks_the_default(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/sites/1001/sippeers", body=fixture("sippeers.xml"), content_type=XML)
    assert client.list_locations("1001") == [
        Location("2001", "default", "1001", is_default=True),
        Location("2011", "backup", "1001", is_default=False),
    ]


def test_unknown_site_is_a_not_found_error_with_the_bandwidth_code(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(
        f"{ACCT}/sites/9999/sippeers",
        body=fixture("site_not_found.xml"),
        status=404,
        content_type=XML,
    )
    with pytest.raises(NotFoundError) as e:
        client.list_locations("9999")
    assert e.value.code == "5016"
    assert e.value.method == "GET"
    assert e.value.path == "/api/v2/accounts/9900000/sites/9999/sippeers"
    assert "Bandwidth 5016" in str(e.value)


def test_location_numbers_follow_the_next_cursor_with_the_largest_page(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    url = f"{ACCT}/sites/1001/sippeers/2001/tns"
    rsps.get(
        url,
        body=fixture("sippeer_tns_page1.xml"),
        content_type=XML,
        match=[responses.matchers.query_param_matcher({"page": "1", "size": "5000"})],
    )
    rsps.get(
        url,
        body=fixture("sippeer_tns_page2.xml"),
        content_type=XML,
        match=[responses.matchers.query_param_matcher({"page": "+19195550102", "size": "5000"})],
    )
    numbers = list(client.iter_location_numbers("1001", "2001"))
    assert numbers == ["+19195550100", "+19195550101", "+19195550102"]
    assert [query_of(c)["page"] for c in rsps.calls[1:]] == ["1", "+19195550102"]


def test_location_with_nothing_answers_204_and_yields_nothing(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/sites/1001/sippeers/2001/tns", status=204)
    assert list(client.iter_location_numbers("1001", "2001")) == []


def test_number_details_page_through_tns_and_derive_missing_attributes(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(
        f"{API}/tns",
        body=fixture("tns_real_page1.xml"),
        content_type=XML,
        match=[
            responses.matchers.query_param_matcher(
                {"accountId": "9900000", "size": "2500", "status": "Inservice", "page": "1"}
            )
        ],
    )
    rsps.get(
        f"{API}/tns",
        body=fixture("tns_real_page2.xml"),
        content_type=XML,
        match=[
            responses.matchers.query_param_matcher(
                {
                    "accountId": "9900000",
                    "size": "2500",
                    "status": "Inservice",
                    "page": "2012082912",
                }
            )
        ],
    )
    details = list(client.iter_number_details())
    assert details == [
        NumberDetail(
            "+19194242227",
            "Inservice",
            "USA",
            "GEOGRAPHIC",
            "RALEIGH",
            "NC",
            "RALEIGH",
            "426",
            "0",
            "919",
        ),
        NumberDetail("+18335550100", "Inservice", "USA", "TOLL_FREE", tier="0", area_code="833"),
        NumberDetail(
            "+390212345678", "Inservice", "ITA", "GEOGRAPHIC", city="MILANO", area_code="02"
        ),
    ]


def test_number_details_prefer_the_attributes_the_reply_carries(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{API}/tns", body=fixture("tns_sandbox.xml"), content_type=XML)
    first, second = client.iter_number_details()
    assert (first.country, first.type, first.area_code, first.city) == (
        "GBR",
        "GEOGRAPHIC",
        "20",
        "LONDON",
    )
    assert (second.rate_center, second.lata, second.area_code) == ("DURHAM", "426", "919")


def test_tns_size_error_carries_response_status_code(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{API}/tns", body=fixture("tns_error_1006.xml"), status=400, content_type=XML)
    with pytest.raises(ApiError) as e:
        list(client.iter_number_details())
    assert (e.value.status, e.value.code) == (400, "1006")
    assert "2500" in (e.value.description or "")


def test_inservice_numbers_of_a_site_pass_filters_and_normalise_numbers(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(
        f"{ACCT}/sites/1002/inserviceNumbers",
        body=fixture("inservice_numbers.xml"),
        content_type=XML,
    )
    numbers = list(client.iter_inservice_numbers("1002", state="VA"))
    assert numbers == ["+18043024183", "+18042121778"]
    assert query_of(rsps.calls[-1]) == {"size": "1000", "state": "VA", "page": "1"}


def test_inservice_numbers_of_the_account_use_the_account_listing(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/inserviceNumbers", status=204)
    assert list(client.iter_inservice_numbers()) == []
    assert path_of(rsps.calls[-1]) == "/api/v2/accounts/9900000/inserviceNumbers"


def test_search_sends_the_query_as_given_with_the_quantity(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/availableNumbers", body=fixture("search_detail_v2.xml"), content_type=XML)
    query = {"countryCodeA3": "USA", "state": "NC", "city": "RALEIGH", "enableTNDetail": "true"}
    found = client.search(SearchQuery.of({**query, "quantity": "9"}, 2))
    assert query_of(rsps.calls[-1]) == {**query, "quantity": "2"}
    assert found == [
        AvailableNumber(
            "+19194242227", "USA", "GEOGRAPHIC", "RALEIGH", "NC", "RALEIGH", "426", "919", "0"
        ),
        AvailableNumber("+390212345678", "ITA", "GEOGRAPHIC", "MILANO", area_code="02"),
    ]


def test_search_reads_v1_detail_with_padded_rate_centers(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/availableNumbers", body=fixture("search_detail_v1.xml"), content_type=XML)
    found = client.search(SearchQuery.of({"areaCode": "610", "enableTNDetail": "true"}, 5))
    assert [(n.number, n.rate_center, n.lata, n.country) for n in found] == [
        ("+16105553482", "ALLENTOWN", "228", "USA"),
        ("+19194242227", "RALEIGH", "426", "USA"),
    ]


@pytest.mark.parametrize(
    ("name", "numbers"),
    [
        ("search_plain_v1.xml", ["+19195551212", "+19195551213"]),
        ("search_single_v2.xml", ["+441224003908"]),
        ("search_empty.xml", []),
    ],
)
def test_search_tolerates_plain_single_and_empty_results(
    client: BandwidthClient, rsps: responses.RequestsMock, name: str, numbers: list[str]
) -> None:
    rsps.get(f"{ACCT}/availableNumbers", body=fixture(name), content_type=XML)
    assert [n.number for n in client.search(SearchQuery.of({"areaCode": "919"}, 2))] == numbers


def test_search_with_an_empty_body_finds_nothing(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/availableNumbers", body=b"", content_type=XML)
    assert client.search(SearchQuery.of({"areaCode": "919"}, 2)) == []


def test_search_single_plain_number_gets_country_and_type_derived(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/availableNumbers", body=fixture("search_single_v2.xml"), content_type=XML)
    (only,) = client.search(SearchQuery.of({"countryCodeA3": "GBR"}, 1))
    assert (only.country, only.area_code) == ("GBR", "1224")


def test_bad_search_is_an_api_error_with_code_4010(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(
        f"{ACCT}/availableNumbers",
        body=fixture("search_error_4010.xml"),
        status=400,
        content_type=XML,
    )
    with pytest.raises(ApiError) as e:
        client.search(SearchQuery.of({"city": "RALEIGH"}, 1))
    assert (e.value.status, e.value.code) == (400, "4010")
    assert type(e.value) is ApiError


def test_search_error_inside_a_200_is_still_an_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/availableNumbers", body=fixture("search_error_4010.xml"), content_type=XML)
    with pytest.raises(ApiError) as e:
        client.search(SearchQuery.of({"city": "RALEIGH"}, 1))
    assert e.value.code == "4010"


def test_restrictions_of_italy(client: BandwidthClient, rsps: responses.RequestsMock) -> None:
    rsps.get(f"{API}/restrictions", body=fixture("restrictions_ita.xml"), content_type=XML)
    found = client.restrictions("ITA")
    assert query_of(rsps.calls[-1]) == {"countryCodeA3": "ITA"}
    assert [(r.country, r.type, r.category) for r in found] == [
        ("ITA", "LEGAL", "Sub allocation"),
        ("ITA", "LEGAL", "Others"),
        ("ITA", "SERVICE", "Outbound call"),
        ("ITA", "SERVICE", "Outbound call"),
    ]
    assert found[0].description.startswith("Customers providing Electronic")


def test_no_restrictions_is_an_empty_list(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{API}/restrictions", body=fixture("restrictions_empty.xml"), content_type=XML)
    assert client.restrictions("GBR") == []


def test_a_reply_that_is_not_xml_is_an_api_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{ACCT}/sites", body=b"<html><body>gateway", content_type="text/xml")
    with pytest.raises(ApiError, match="unreadable reply"):
        client.list_sites()


def test_a_reply_with_a_dtd_is_refused(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<SitesResponse><Sites><Site><Id>&x;</Id></Site></Sites></SitesResponse>"
    )
    rsps.get(f"{ACCT}/sites", body=evil, content_type=XML)
    with pytest.raises(ApiError, match="DTD"):
        client.list_sites()


def test_number_details_can_start_at_a_number_and_stop_when_not_read_on(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(f"{API}/tns", body=fixture("tns_real_page1.xml"), content_type=XML)
    details = client.iter_number_details(DetailsQuery(start="+19194242227"))
    first = next(details)
    assert first.number == "+19194242227"
    tns = [c for c in rsps.calls if "/tns" in c.request.url]
    assert query_of(tns[0]) == {
        "accountId": "9900000",
        "size": "2500",
        "status": "Inservice",
        "page": "+19194242227",
    }
    details.close()
    assert len(tns) == 1  # the next page is asked for only when read on


def test_a_listing_whose_next_link_has_no_cursor_stops_with_an_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    body = (
        "<TNs><TotalCount>3</TotalCount><Links><first>Link=&lt;x?page=1&gt;;</first>"
        '<next>Link=&lt;https://h/api/v2/accounts/9900000/inserviceNumbers?size=1&gt;;rel="next";'
        "</next></Links><TelephoneNumbers><Count>1</Count>"
        "<TelephoneNumber>9195551000</TelephoneNumber></TelephoneNumbers></TNs>"
    )
    rsps.get(f"{ACCT}/inserviceNumbers", body=body, content_type="application/xml")
    with pytest.raises(ApiError, match="without a page cursor") as caught:
        list(client.iter_inservice_numbers())
    assert "inserviceNumbers" in str(caught.value)
