"""Held numbers are grouped by the attributes a human would declare."""

from __future__ import annotations

from numspec.bandwidth.models import HeldNumber
from numspec.export import ExportGroup, group_numbers
from numspec.export.grouping import KEY_ORDER
from numspec.inventory.criteria import BY_KEY
from numspec.plan.numbers import held_number


def nanp(
    number: str, state: str | None = "NC", rc: str | None = "RALEIGH", **kw: str
) -> HeldNumber:
    city = kw.pop("city", rc)
    return HeldNumber(
        number,
        "1001",
        "2001",
        kw.pop("country", "USA"),
        kw.pop("type", "GEOGRAPHIC"),
        number[2:5],
        city,
        state,
        rc,
        None,
    )


def toll_free(number: str, type_: str | None = "TOLL_FREE") -> HeldNumber:
    return HeldNumber(number, "1001", "2001", "USA", type_, number[2:5])


def by_name(groups: list[ExportGroup]) -> dict[str, ExportGroup]:
    return {g.name: g for g in groups}


def test_nanp_numbers_group_by_state_and_rate_center_with_lca_off() -> None:
    held = [nanp("+19195550101"), nanp("+19845550102"), nanp("+19195550103", rc="DURHAM")]
    groups = by_name(group_numbers(held).groups)
    assert set(groups) == {"nc-raleigh", "nc-durham"}
    raleigh = groups["nc-raleigh"]
    assert raleigh.quantity == 2 and raleigh.country == "USA"
    assert dict(raleigh.criteria) == {"state": "NC", "rate_center": "RALEIGH", "lca": False}


def test_area_code_grouping_puts_one_area_code_in_one_group() -> None:
    held = [nanp("+19195550101"), nanp("+19195550103", rc="DURHAM"), nanp("+19845550102")]
    groups = by_name(group_numbers(held, "area-code").groups)
    assert {n: g.quantity for n, g in groups.items()} == {"usa-919": 2, "usa-984": 1}
    assert dict(groups["usa-919"].criteria) == {"area_code": "919"}


def test_city_and_state_grouping() -> None:
    held = [nanp("+19195550101", city="CARY"), nanp("+19195550102"), nanp("+18045550101", "VA")]
    assert {g.name for g in group_numbers(held, "city").groups} == {
        "nc-cary",
        "nc-raleigh",
        "va-raleigh",
    }
    states = by_name(group_numbers(held, "state").groups)
    assert dict(states["usa-nc"].criteria) == {"state": "NC"} and states["usa-nc"].quantity == 2


def test_toll_free_numbers_group_by_wildcard_of_their_area_code() -> None:
    held = [toll_free("+18885550101"), toll_free("+18885550102"), toll_free("+18005550101", None)]
    groups = by_name(group_numbers(held).groups)
    assert dict(groups["toll-free-888"].criteria) == {"toll_free_wildcard": "88*"}
    assert groups["toll-free-888"].quantity == 2
    assert dict(groups["toll-free-800"].criteria) == {"toll_free_wildcard": "80*"}


def test_toll_free_number_outside_the_codes_in_use_is_grouped_by_its_area_code() -> None:
    (group,) = group_numbers([toll_free("+18225550101")]).groups
    assert dict(group.criteria) == {"area_code": "822"}


def test_nanp_number_without_rate_center_falls_back_to_its_area_code() -> None:
    (group,) = group_numbers([nanp("+12125550101", state=None, rc=None)]).groups
    assert group.name == "usa-212" and dict(group.criteria) == {"area_code": "212"}


def test_number_no_criteria_describe_is_pinned_in_its_country() -> None:
    mobile = HeldNumber("+447400123456", "1001", None, "GBR", "MOBILE")
    (group,) = group_numbers([mobile]).groups
    assert group.name == "gbr-pinned" and group.pinned and group.numbers == ("+447400123456",)


def test_number_that_is_not_valid_for_its_country_is_skipped() -> None:
    grouping = group_numbers([HeldNumber("+1555", "1001", None, "USA")])
    assert grouping.groups == () and grouping.skipped == ("+1555",)


def test_invalid_state_falls_back_to_the_area_code() -> None:
    (group,) = group_numbers([nanp("+19195550101", state="XX")]).groups
    assert dict(group.criteria) == {"area_code": "919"}


def test_more_than_5000_numbers_split_into_groups_of_the_same_criteria() -> None:
    held = [nanp(f"+1919555{i:04d}") for i in range(5001)]
    groups = group_numbers(held).groups
    assert [(g.name, g.quantity) for g in groups] == [("nc-raleigh", 5000), ("nc-raleigh-2", 1)]
    assert groups[0].criteria == groups[1].criteria


def test_international_numbers_group_by_type_area_code_and_city() -> None:
    held = [
        HeldNumber("+442079460001", "1001", None, "GBR", "GEOGRAPHIC", "20", "LONDON"),
        HeldNumber("+442079460002", "1001", None, "GBR", "GEOGRAPHIC", "20", "LONDON"),
        HeldNumber("+447400123456", "1001", None, "GBR", "MOBILE", "7400"),
    ]
    groups = by_name(group_numbers(held).groups)
    london = groups["gbr-geographic-20-london"]
    assert london.quantity == 2
    assert dict(london.criteria) == {"type": "GEOGRAPHIC", "city": "LONDON", "area_code": "20"}
    assert dict(groups["gbr-mobile-7400"].criteria) == {"type": "MOBILE", "area_code": "7400"}


def test_held_numbers_abroad_export_by_the_area_code_the_sandbox_and_the_api_give() -> None:
    # Spain's 91/93 rule and a toll-free number's national destination code (numspec.phone).
    held = [held_number(n, "1001", None) for n in ("+34911234567", "+448001234567")]
    groups = by_name(group_numbers(held).groups)
    assert dict(groups["esp-geographic-91"].criteria) == {"type": "GEOGRAPHIC", "area_code": "91"}
    assert dict(groups["gbr-toll-free-800"].criteria) == {"type": "TOLL_FREE", "area_code": "800"}


def test_city_grouping_abroad_drops_the_area_code() -> None:
    held = [HeldNumber("+442079460001", "1001", None, "GBR", "GEOGRAPHIC", "20", "LONDON")]
    (group,) = group_numbers(held, "city").groups
    assert dict(group.criteria) == {"type": "GEOGRAPHIC", "city": "LONDON"}


def test_groups_and_numbers_come_out_sorted() -> None:
    held = [nanp("+19195550109"), nanp("+19195550101", rc="APEX"), nanp("+19195550102")]
    groups = group_numbers(held).groups
    assert [g.name for g in groups] == ["nc-apex", "nc-raleigh"]
    assert groups[1].numbers == ("+19195550102", "+19195550109")


def test_rate_center_padding_is_stripped_like_the_holdings_reader_does() -> None:
    (group,) = group_numbers([nanp("+19195550101", rc="RALEIGH   ")]).groups
    assert dict(group.criteria)["rate_center"] == "RALEIGH"


def test_an_area_code_the_validator_refuses_is_never_written() -> None:
    # 370 is reserved; a number there (however it came to be held) is pinned or skipped, never
    # exported as `area_code: "370"`, which validate would refuse.
    grouping = group_numbers([nanp("+13705550101", state=None, rc=None)])
    assert all(dict(g.criteria).get("area_code") != "370" for g in grouping.groups)


def test_values_the_schema_refuses_are_not_written() -> None:
    long_city = "X" * 65
    (group,) = group_numbers([nanp("+19195550101", rc=None, city=long_city)], "city").groups
    assert "city" not in dict(group.criteria)


def test_exported_keys_are_ones_the_holdings_confirm() -> None:
    for key in KEY_ORDER:
        row = BY_KEY[key]
        assert row.confirm in ("equal", "prefix", "pattern") or key == "lca", key
