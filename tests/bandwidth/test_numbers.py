"""Number facts derived on the client: E.164, country, type, area code."""

from __future__ import annotations

import pytest

from numspec.bandwidth.numbers import area_code_of, country_of, number_type, to_e164


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("9195550100", "+19195550100"),
        ("19195550100", "+19195550100"),
        ("+19195550100", "+19195550100"),
        (" +390212345678 ", "+390212345678"),
        ("(919) 555-0100", "+19195550100"),
        ("442071234567", "+442071234567"),
    ],
)
def test_numbers_are_normalised_to_e164(raw: str, e164: str) -> None:
    assert to_e164(raw) == e164


def test_garbage_is_not_a_number() -> None:
    with pytest.raises(ValueError):
        to_e164("call me")


@pytest.mark.parametrize(
    ("number", "country", "kind", "area"),
    [
        ("+19195550100", "USA", "GEOGRAPHIC", "919"),
        ("+14165550100", "CAN", "GEOGRAPHIC", "416"),
        ("+18005550100", "USA", "TOLL_FREE", "800"),
        ("+442071234567", "GBR", "GEOGRAPHIC", "20"),
        ("+390212345678", "ITA", "GEOGRAPHIC", "02"),
        ("+4930123456", "DEU", "GEOGRAPHIC", "30"),
        ("+33612345678", "FRA", "MOBILE", None),
        ("+33123456789", "FRA", "GEOGRAPHIC", "1"),
        ("+34911234567", "ESP", "GEOGRAPHIC", "91"),
        ("+34971234567", "ESP", "GEOGRAPHIC", "971"),
        ("+448001234567", "GBR", "TOLL_FREE", "800"),
    ],
)
def test_country_type_and_area_code_come_from_the_number(
    number: str, country: str, kind: str, area: str | None
) -> None:
    assert country_of(number) == country
    assert number_type(number) == kind
    assert area_code_of(number, country) == area


def test_unknown_facts_are_none() -> None:
    assert country_of("+999") is None
    assert number_type("+999") is None
    assert area_code_of("+999") is None
