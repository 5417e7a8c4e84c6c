"""availableNumbers: the Order Numbers guide's search rules, matching, and error shapes."""

from __future__ import annotations

import pytest
from sandbox_api import Api, xml


def _error(api: Api, **params: str) -> tuple[int, str | None]:
    r = api.get("/availableNumbers", **params)
    doc = xml(r)
    assert doc.tag == "SearchResult"
    return r.status_code, doc.findtext("Error/Code")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"city": "RALEIGH"}, "4005"),  # city needs state
        ({"rateCenter": "RALEIGH"}, "4001"),  # rate centre needs state
        ({"areaCode": "119"}, "4000"),
        ({"npaNxx": "91955"}, "4002"),
        ({"zip": "2760"}, "4007"),
        ({"state": "North Carolina"}, "4006"),
        ({"lata": "abc"}, "4008"),
        ({"tollFreeWildCardPattern": "8*8"}, "4004"),
        ({"tollFreeVanity": "ab"}, "4003"),
        ({"areaCode": "919", "quantity": "5001"}, "5215"),
        ({"areaCode": "919", "quantity": "0"}, "4010"),
        ({"areaCode": "919", "npaNxx": "919555"}, "4010"),
        ({"tollFreeVanity": "FLOWERS", "state": "NC"}, "4010"),
        ({"localVanity": "PIZZA", "zip": "27601"}, "4010"),
        ({"areaCode": "919", "endsIn": "true"}, "4010"),
        ({"state": "NC", "LCA": "false"}, "4010"),
        ({"areaCode": "919", "orderBy": "fullNumber"}, "4021"),
        ({"npaNxx": "919555", "orderBy": "price"}, "4020"),
        ({"areaCode": "919", "protected": "SOMETIMES"}, "4022"),
        ({"countryCodeA3": "GBR", "state": "NC"}, "4010"),
        ({"countryCodeA3": "AUS", "phoneNumberType": "MOBILE"}, "4014"),  # account limit
    ],
)
def test_bad_searches_get_400_with_the_search_error_shape(
    shared_api: Api, params: dict[str, str], code: str
) -> None:
    assert _error(shared_api, **params) == (400, code)


_NPA_RULES = [
    ("911", "can not end with 11"),
    ("370", "can not begin with 37 or 96"),
    ("960", "can not begin with 37 or 96"),
    ("290", "can not have 9 as its second digit"),
]


@pytest.mark.parametrize(
    ("form", "value", "rule"),
    [
        ("areaCode", "119", "can not begin with 0 or 1"),
        *[("areaCode", npa, rule) for npa, rule in _NPA_RULES],
        *[("npaNxx", npa + "555", rule) for npa, rule in _NPA_RULES],
        *[("npaNxxx", npa + "5551", rule) for npa, rule in _NPA_RULES],
    ],
)
def test_invalid_nanp_area_codes_are_refused_with_4000_naming_the_rule(
    shared_api: Api, form: str, value: str, rule: str
) -> None:
    r = shared_api.get("/availableNumbers", **{form: value, "quantity": "1"})
    assert r.status_code == 400
    doc = xml(r)
    assert doc.findtext("Error/Code") == "4000"
    assert doc.findtext("Error/Description") == f"The area code of telephone numbers {rule}."


def test_international_area_codes_are_not_held_to_nanp_rules(shared_api: Api) -> None:
    r = shared_api.get("/availableNumbers", countryCodeA3="GBR", areaCode="911", quantity="1")
    assert r.status_code == 200


def test_detail_entries_carry_country_type_and_nanp_geography(shared_api: Api) -> None:
    r = shared_api.get("/availableNumbers", areaCode="919", quantity=3, enableTNDetail="true")
    entries = xml(r).findall("TelephoneNumberDetailList/TelephoneNumberDetail")
    assert len(entries) == 3
    tags = [c.tag for c in entries[0]]
    assert tags == [
        "CountryCodeA3",
        "PhoneNumberType",
        "City",
        "LATA",
        "RateCenter",
        "State",
        "FullNumber",
        "Tier",
        "VendorId",
        "VendorName",
    ]
    assert all(e.findtext("FullNumber", "").startswith("+1919") for e in entries)


def test_parameter_names_match_case_insensitively(shared_api: Api) -> None:
    assert shared_api.search(areacode="919", QUANTITY="2") == shared_api.search(
        areaCode="919", quantity="2"
    )


@pytest.mark.parametrize(
    ("params", "column", "expected"),
    [
        ({"state": "NC", "city": "raleigh"}, "City", "RALEIGH"),
        ({"state": "NC", "rateCenter": "RALEIGH", "LCA": "false"}, "RateCenter", "RALEIGH"),
        ({"state": "NC"}, "State", "NC"),
        ({"lata": "426"}, "LATA", "426"),
    ],
)
def test_searches_return_only_matching_numbers(
    shared_api: Api, params: dict[str, str], column: str, expected: str
) -> None:
    r = shared_api.get("/availableNumbers", quantity=50, enableTNDetail="true", **params)
    values = {e.findtext(column, "").strip().upper() for e in xml(r).iter("TelephoneNumberDetail")}
    assert values == {expected}


def test_npanxx_without_lca_gives_exact_digits_and_with_lca_adds_neighbours(
    shared_api: Api,
) -> None:
    exact = shared_api.search(npaNxx="919555", LCA="false", quantity=5000)
    wide = shared_api.search(npaNxx="919555", quantity=5000)
    assert exact and all(n.startswith("+1919555") for n in exact)
    assert wide[: len(exact)] == exact
    assert len(wide) > len(exact)


def test_zip_search_accepts_nine_digits(shared_api: Api) -> None:
    r = shared_api.get("/availableNumbers", zip="27601-1234", quantity=5, enableTNDetail="true")
    assert r.status_code == 200
    assert xml(r).findtext("ResultCount") is not None


def test_toll_free_wildcard_repeats_the_second_digit(shared_api: Api) -> None:
    numbers = shared_api.search(tollFreeWildCardPattern="83*", quantity=20)
    assert numbers and all(n.startswith("+1833") for n in numbers)
    everything = shared_api.search(tollFreeWildCardPattern="8**", quantity=5000)
    assert {n[2:5] for n in everything} <= {"800", "833", "844", "855", "866", "877", "888"}


def test_toll_free_vanity_spells_the_word_on_the_keypad(shared_api: Api) -> None:
    numbers = shared_api.search(tollFreeVanity="FLOW", quantity=10)
    assert all("3569" in n[5:] for n in numbers)


def test_local_vanity_ends_in(shared_api: Api) -> None:
    numbers = shared_api.search(localVanity="_00", endsIn="true", areaCode="919", quantity=10)
    assert numbers and all(n.endswith("00") and n.startswith("+1919") for n in numbers)


def test_non_nanp_search_by_country_type_and_area_code(shared_api: Api) -> None:
    r = shared_api.get(
        "/availableNumbers",
        countryCodeA3="GBR",
        phoneNumberType="GEOGRAPHIC",
        areaCode="20",
        quantity=5,
        enableTNDetail="true",
    )
    entries = list(xml(r).iter("TelephoneNumberDetail"))
    assert len(entries) == 5
    assert {e.findtext("CountryCodeA3") for e in entries} == {"GBR"}
    assert [c.tag for c in entries[0]] == [
        "CountryCodeA3",
        "PhoneNumberType",
        "City",
        "AreaCode",
        "FullNumber",
        "Tier",
        "VendorId",
        "VendorName",
    ]
    assert all(e.findtext("FullNumber", "").startswith("+4420") for e in entries)


def test_nothing_found_is_an_empty_search_result_with_200(shared_api: Api) -> None:
    r = shared_api.get("/availableNumbers", areaCode="919", protected="ONLY")
    assert r.status_code == 200
    assert xml(r).tag == "SearchResult" and len(xml(r)) == 0


def test_quantity_defaults_to_5000_and_caps_results(shared_api: Api) -> None:
    assert len(shared_api.search(state="NC")) <= 5000
    assert len(shared_api.search(state="NC", quantity=7)) == 7
