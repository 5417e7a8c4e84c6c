"""What an E.164 number tells by itself: E.164 form, country, type, area code, keypad digits."""

from __future__ import annotations

import subprocess
import sys

import pytest

from numspec.phone import (
    NumberFacts,
    alpha3,
    area_code_of,
    calling_code,
    country_of,
    describe,
    describe_held,
    keypad_digits,
    national,
    normalise_number,
    number_type,
    to_e164,
)


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
    assert area_code_of(number) == area
    assert describe(number) == NumberFacts(country, kind, area)
    assert describe_held(number) == NumberFacts(country, kind, area)


def test_unknown_facts_are_none() -> None:
    assert country_of("+999") is None
    assert number_type("+999") is None
    assert area_code_of("+999") is None
    assert describe("+999") == NumberFacts(None, None, None)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("+19195550123", "GEOGRAPHIC"),
        ("+14165551234", "GEOGRAPHIC"),
        ("+18003569377", "TOLL_FREE"),
        ("+442079460000", "GEOGRAPHIC"),
        ("+447400123456", "MOBILE"),
        ("+443301234567", "NATIONAL"),
        ("+33912345678", "NATIONAL"),
        ("+4970012345678", "NATIONAL"),
        ("+4918012345678", "SHARED_COST"),
        ("+448451234567", None),  # premium rate has no v2 type
        ("+1555", None),
        ("not a number", None),
    ],
)
def test_number_type_maps_libphonenumber_types_to_v2_types(
    number: str, expected: str | None
) -> None:
    assert number_type(number) == expected


@pytest.mark.parametrize(
    ("number", "country", "expected"),
    [
        ("+19195550123", "USA", "919"),
        ("+18773569377", "USA", "877"),
        ("+390212345678", "ITA", "02"),
        ("+34954123456", "ESP", "954"),
        ("+34912345678", "ESP", "91"),
        ("+441614960000", "GBR", "161"),
        ("+448001234567", "GBR", "800"),
        ("+447400123456", "GBR", None),
        ("+4412", "GBR", None),
    ],
)
def test_area_code_of_derives_the_area_code_from_the_digits(
    number: str, country: str, expected: str | None
) -> None:
    assert area_code_of(number, country) == expected


def test_the_spanish_rule_follows_the_country_it_is_given() -> None:
    # The client passes the listing's CountryCodeA3; without one the digits decide.
    assert area_code_of("+34954123456") == "954"
    assert area_code_of("+34954123456", "ITA") != "954"


def test_country_of_tells_nanp_countries_apart_by_npa() -> None:
    assert country_of("+19195550123") == "USA"
    assert country_of("+15145550123") == "CAN"
    assert country_of("+390212345678") == "ITA"
    assert country_of("+1555") is None


def test_a_held_nanp_number_is_described_by_its_npa_alone() -> None:
    assert describe_held("+15145550123") == NumberFacts("CAN", "GEOGRAPHIC", "514")
    assert describe_held("+18885550123") == NumberFacts("USA", "TOLL_FREE", "888")
    # An NPA newer than libphonenumber's metadata is still a US geographic number.
    assert describe("+19990000000").country is None
    assert describe_held("+19990000000") == NumberFacts("USA", "GEOGRAPHIC", "999")
    assert describe_held("+15145550123") is describe_held("+15149990000")


def test_held_numbers_outside_nanp_are_described_as_the_client_describes_them() -> None:
    for number in ("+34911234567", "+448001234567", "+447400123456", "+4918012345678"):
        assert describe_held(number) == describe(number)


def test_national_is_the_number_after_its_country_code() -> None:
    assert national("+19195550100") == "9195550100"
    assert national("+390212345678") == "0212345678"
    assert national("+442071234567") == "2071234567"
    assert national("+999") == "999"


def test_country_codes_translate_between_iso_and_calling_codes() -> None:
    assert alpha3("GB") == "GBR"
    assert alpha3("001") is None and alpha3(None) is None and alpha3("ZZ") is None
    assert calling_code("USA") == "1" and calling_code("CAN") == "1"
    assert calling_code("GBR") == "44"
    assert calling_code("XXX") is None


def test_vanity_words_are_spelled_on_the_keypad() -> None:
    assert keypad_digits("PIZZA") == "74992" and keypad_digits("FLOWERS") == "3569377"
    assert keypad_digits("pizza") == "74992"
    assert keypad_digits("1-800-FLOWERS") == "1-800-3569377"
    assert keypad_digits("A_B*") == "2_2*"


def test_a_pinned_number_in_e164_and_of_its_country_is_normalised() -> None:
    assert normalise_number("+19195550100", "USA") == ("+19195550100", None)
    assert normalise_number(" +44 20 7123 4567", "GBR") == ("+442071234567", None)


@pytest.mark.parametrize(
    ("text", "country", "why"),
    [
        ("9195550100", "USA", 'not in E.164; write it with + and the country code: "+19195550100"'),
        ("+442071234567", "USA", "is a GBR number, not a USA number"),
        ("+1919555", "USA", "is not a valid USA number"),
        ("call me", "USA", "is not a phone number"),
    ],
)
def test_a_pinned_number_that_is_not_says_why(text: str, country: str, why: str) -> None:
    e164, problem = normalise_number(text, country)
    assert e164 is None
    assert problem is not None and why in problem


def _loaded_after(imports: str) -> set[str]:
    code = f"import sys, {imports}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_number_rules_load_without_http_yaml_click_or_the_sandbox() -> None:
    loaded = _loaded_after("numspec.phone")
    heavy = {"requests", "yaml", "click", "lxml", "numspec.sandbox", "numspec.inventory"}
    assert not heavy & loaded


def test_the_client_and_the_planner_do_not_load_the_sandbox() -> None:
    loaded = _loaded_after("numspec.bandwidth.client, numspec.plan.numbers")
    assert "numspec.phone" in loaded
    assert not [m for m in loaded if m.startswith("numspec.sandbox")]
