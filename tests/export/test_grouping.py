"""Held numbers are grouped by the attributes a human would declare."""

from __future__ import annotations

from numspec.bandwidth.models import HeldNumber
from numspec.export import ExportGroup, group_numbers


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
    groups = by_name(group_numbers(held))
    assert set(groups) == {"nc-raleigh", "nc-durham"}
    raleigh = groups["nc-raleigh"]
    assert raleigh.quantity == 2 and raleigh.country == "USA"
    assert dict(raleigh.criteria) == {"state": "NC", "rate_center": "RALEIGH", "lca": False}


def test_area_code_grouping_puts_one_area_code_in_one_group() -> None:
    held = [nanp("+19195550101"), nanp("+19195550103", rc="DURHAM"), nanp("+19845550102")]
    groups = by_name(group_numbers(held, "area-code"))
    assert {n: g.quantity for n, g in groups.items()} == {"usa-919": 2, "usa-984": 1}
    assert dict(groups["usa-919"].criteria) == {"area_code": "919"}


def test_city_and_state_grouping() -> None:
    held = [nanp("+19195550101", city="CARY"), nanp("+19195550102"), nanp("+18045550101", "VA")]
    assert {g.name for g in group_numbers(held, "city")} == {"nc-cary", "nc-raleigh", "va-raleigh"}
    states = by_name(group_numbers(held, "state"))
    assert dict(states["usa-nc"].criteria) == {"state": "NC"} and states["usa-nc"].quantity == 2


def test_toll_free_numbers_group_by_wildcard_of_their_area_code() -> None:
    held = [toll_free("+18885550101"), toll_free("+18885550102"), toll_free("+18005550101", None)]
    groups = by_name(group_numbers(held))
    assert dict(groups["toll-free-888"].criteria) == {"toll_free_wildcard": "88*"}
    assert groups["toll-free-888"].quantity == 2
    assert dict(groups["toll-free-800"].criteria) == {"toll_free_wildcard": "80*"}


def test_toll_free_number_no_wildcard_describes_is_pinned() -> None:
    (group,) = group_numbers([toll_free("+18225550101")])
    assert group.pinned and group.numbers == ("+18225550101",) and group.criteria == ()


def test_nanp_number_without_rate_center_falls_back_to_its_area_code() -> None:
    (group,) = group_numbers([nanp("+12125550101", state=None, rc=None)])
    assert group.name == "usa-212" and dict(group.criteria) == {"area_code": "212"}


def test_number_no_criteria_describe_is_pinned_in_its_country() -> None:
    odd = HeldNumber("+1555", "1001", None, "USA")
    (group,) = group_numbers([odd])
    assert group.name == "usa-pinned" and group.pinned and group.numbers == ("+1555",)


def test_international_numbers_group_by_type_area_code_and_city() -> None:
    held = [
        HeldNumber("+442071230001", "1001", None, "GBR", "GEOGRAPHIC", "20", "LONDON"),
        HeldNumber("+442071230002", "1001", None, "GBR", "GEOGRAPHIC", "20", "LONDON"),
        HeldNumber("+447700900001", "1001", None, "GBR", "MOBILE", "7700"),
    ]
    groups = by_name(group_numbers(held))
    london = groups["gbr-geographic-20-london"]
    assert london.quantity == 2
    assert dict(london.criteria) == {"type": "GEOGRAPHIC", "city": "LONDON", "area_code": "20"}
    assert dict(groups["gbr-mobile-7700"].criteria) == {"type": "MOBILE", "area_code": "7700"}


def test_city_grouping_abroad_drops_the_area_code() -> None:
    held = [HeldNumber("+442071230001", "1001", None, "GBR", "GEOGRAPHIC", "20", "LONDON")]
    (group,) = group_numbers(held, "city")
    assert dict(group.criteria) == {"type": "GEOGRAPHIC", "city": "LONDON"}


def test_groups_and_numbers_come_out_sorted() -> None:
    held = [nanp("+19195550109"), nanp("+19195550101", rc="APEX"), nanp("+19195550102")]
    groups = group_numbers(held)
    assert [g.name for g in groups] == ["nc-apex", "nc-raleigh"]
    assert groups[1].numbers == ("+19195550102", "+19195550109")


def test_rate_center_padding_is_stripped_like_the_holdings_reader_does() -> None:
    (group,) = group_numbers([nanp("+19195550101", rc="RALEIGH   ")])
    assert dict(group.criteria)["rate_center"] == "RALEIGH"
