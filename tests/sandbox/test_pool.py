"""The sandbox's number pool: valid numbers, real-looking geography, deterministic from a seed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import phonenumbers
import pytest

from numspec.inventory.geo_codes import nanp_area_code_problem
from numspec.phone import NumberFacts, describe, keypad_digits, number_type
from numspec.sandbox import geo_intl, geo_nanp
from numspec.sandbox.pool import (
    COUNTRIES,
    MAX_SCALE,
    NANP_PER_NXX,
    generate_pool,
)
from numspec.sandbox.records import AvailableNumber


@pytest.fixture(scope="module")
def pool() -> list[AvailableNumber]:
    return list(generate_pool(0))


def test_every_pool_number_is_valid_for_its_country_type_and_area_code(
    pool: list[AvailableNumber],
) -> None:
    # describe derives the country too, so the area code is checked under the entry's country.
    bad = [
        entry
        for entry in pool
        if not phonenumbers.is_valid_number(phonenumbers.parse(entry.number, None))
        or describe(entry.number) != NumberFacts(entry.country, entry.type, entry.area_code)
    ]
    assert bad == []


def test_every_block_is_valid_at_both_ends_so_any_seed_stays_valid() -> None:
    heads = [f"+1{npa}{nxx}" for *_, npa, nxxs in geo_nanp.nxx_plan() for nxx in nxxs]
    heads += [f"+1{prefix}{nxx}" for prefix, nxxs in geo_nanp.toll_free_plan() for nxx in nxxs]
    heads += [f"+{geo_intl.COUNTRY_CODES[c]}{p}" for c, *_, p in geo_intl.INTL_BLOCKS]
    invalid = [h for h in heads for end in ("0000", "9999") if number_type(h + end) is None]
    assert invalid == []


def test_the_same_seed_gives_the_same_pool_and_another_seed_differs(
    pool: list[AvailableNumber],
) -> None:
    assert list(generate_pool(0)) == pool
    assert [e.number for e in generate_pool(1)] != [e.number for e in pool]


def test_the_pool_holds_200000_numbers_150000_in_the_us_and_ten_countries_more(
    pool: list[AvailableNumber],
) -> None:
    by_country = Counter(entry.country for entry in pool)
    assert len(pool) >= 200_000
    assert by_country["USA"] >= 150_000
    assert "CAN" in by_country
    assert len(set(by_country) - {"USA", "CAN"}) >= 8
    assert len({entry.number for entry in pool}) == len(pool)


def test_countries_lists_exactly_the_types_the_pool_holds(pool: list[AvailableNumber]) -> None:
    held: dict[str, set[str]] = defaultdict(set)
    for entry in pool:
        held[entry.country].add(entry.type)
    assert {c: set(kinds) for c, kinds in COUNTRIES.items()} == held
    assert set(COUNTRIES["GBR"]) == {"GEOGRAPHIC", "MOBILE", "TOLL_FREE", "NATIONAL"}
    assert "SHARED_COST" in COUNTRIES["DEU"] and "NATIONAL" in COUNTRIES["FRA"]


def test_raleigh_area_has_its_npas_rate_centers_lata_and_zips(pool: list[AvailableNumber]) -> None:
    nc = [e for e in pool if e.state == "NC"]
    raleigh = [e for e in nc if e.city == "RALEIGH"]
    assert {e.area_code for e in raleigh} == {"919", "984"}
    assert {e.lata for e in raleigh} == {"426"}
    assert len({e.zip for e in raleigh}) >= 5
    assert {"RALEIGH", "DURHAM", "CARY", "CHAPELHILL"} <= {e.rate_center for e in nc}
    assert {"RALEIGH", "DURHAM", "CARY", "CHAPEL HILL"} <= {e.city for e in nc}
    assert sum(e.number.startswith("+1919555") for e in pool) >= 100


def test_nanp_geography_looks_real(pool: list[AvailableNumber]) -> None:
    nanp = [e for e in pool if e.country in ("USA", "CAN") and e.type == "GEOGRAPHIC"]
    assert {"NC", "NY", "CA", "TX", "IL", "FL", "WA", "GA"} <= {e.state for e in nanp}
    assert {"ON", "QC", "BC", "AB"} <= {e.state for e in nanp if e.country == "CAN"}
    assert all(e.rate_center and len(e.rate_center) <= 10 for e in nanp)
    assert all(e.city == e.city.upper() and e.rate_center == e.rate_center.upper() for e in nanp)
    assert all(e.zip and len(e.zip) == 5 and e.lata for e in nanp if e.country == "USA")
    nxx_per_rc: dict[str, set[str]] = defaultdict(set)
    rcs_per_city: dict[str, set[str]] = defaultdict(set)
    for e in nanp:
        nxx_per_rc[e.rate_center or ""].add(e.number[2:8])
        rcs_per_city[e.city or ""].add(e.rate_center or "")
    assert min(len(nxxs) for nxxs in nxx_per_rc.values()) >= 3
    assert len(rcs_per_city["NEW YORK"]) == 3


def test_every_nanp_area_code_in_the_pool_passes_the_validator(pool: list[AvailableNumber]) -> None:
    npas = {e.number[2:5] for e in pool if e.country in ("USA", "CAN")}
    assert {npa: nanp_area_code_problem(npa) for npa in npas if nanp_area_code_problem(npa)} == {}


def test_every_npa_nxx_holds_dozens_of_numbers(pool: list[AvailableNumber]) -> None:
    per_block = Counter(e.number[:8] for e in pool if e.number.startswith("+1"))
    assert min(per_block[h] for h, n in per_block.items() if n > 10) >= 100


def test_toll_free_numbers_use_every_prefix_and_carry_no_geography(
    pool: list[AvailableNumber],
) -> None:
    toll_free = [e for e in pool if e.type == "TOLL_FREE" and e.country == "USA"]
    assert {e.area_code for e in toll_free} == {"800", "833", "844", "855", "866", "877", "888"}
    assert all(e.number[2:5] == e.area_code for e in toll_free)
    assert all(e.city is e.state is e.rate_center is e.lata is e.zip is None for e in toll_free)


def test_vanity_words_are_in_the_pool(pool: list[AvailableNumber]) -> None:
    numbers = {e.number for e in pool}
    endings = {(e.number[2:5], e.number[-k:]) for e in pool for k in (4, 5)}
    assert ("919", "74992") in endings
    assert "+19193569377" in numbers and "+12123569377" in numbers
    for prefix in geo_nanp.TOLL_FREE_PREFIXES:
        for word in geo_nanp.TOLL_FREE_VANITY_WORDS:
            assert f"+1{prefix}{keypad_digits(word)}" in numbers
    for npa in geo_nanp.LOCAL_VANITY_NPAS:
        for word in geo_nanp.LOCAL_VANITY_WORDS:
            assert len(word) == 7 or (npa, keypad_digits(word)) in endings, (npa, word)


@pytest.mark.parametrize(
    ("country", "city", "area_code"),
    [
        ("GBR", "London", "20"),
        ("GBR", "Manchester", "161"),
        ("GBR", "Birmingham", "121"),
        ("GBR", "Edinburgh", "131"),
        ("DEU", "Berlin", "30"),
        ("DEU", "Munich", "89"),
        ("DEU", "Hamburg", "40"),
        ("DEU", "Frankfurt", "69"),
        ("FRA", "Paris", "1"),
        ("FRA", "Lyon", "4"),
        ("ITA", "Milan", "02"),
        ("ITA", "Rome", "06"),
        ("ESP", "Madrid", "91"),
        ("ESP", "Barcelona", "93"),
        ("NLD", "Amsterdam", "20"),
        ("NLD", "Rotterdam", "10"),
        ("IRL", "Dublin", "1"),
        ("AUS", "Sydney", "2"),
        ("AUS", "Melbourne", "3"),
        ("BEL", "Brussels", "2"),
        ("SWE", "Stockholm", "8"),
    ],
)
def test_international_cities_have_their_area_codes(
    pool: list[AvailableNumber], country: str, city: str, area_code: str
) -> None:
    found = {e.area_code for e in pool if e.country == country and e.city == city}
    assert found == {area_code}


def test_international_numbers_carry_no_nanp_fields(pool: list[AvailableNumber]) -> None:
    intl = [e for e in pool if e.country not in ("USA", "CAN")]
    assert all(e.state is e.rate_center is e.lata is e.zip is None for e in intl)
    assert all((e.city is None) == (e.type != "GEOGRAPHIC") for e in intl)
    assert all(e.area_code is None for e in intl if e.type == "MOBILE")


@pytest.mark.parametrize("seed", [0, 1])
def test_the_numbers_the_docs_and_examples_pin_are_in_the_pool_for_every_seed(seed: int) -> None:
    numbers = {entry.number: entry for entry in generate_pool(seed)}
    pinned = ["+19195550100", "+19195550101", "+19195550111", "+442079460000", "+442079460001"]
    assert [(numbers[n].city, numbers[n].type) for n in pinned] == [
        ("RALEIGH", "GEOGRAPHIC"),
        ("RALEIGH", "GEOGRAPHIC"),
        ("RALEIGH", "GEOGRAPHIC"),
        ("London", "GEOGRAPHIC"),
        ("London", "GEOGRAPHIC"),
    ]
    assert sum(n.startswith("+1919460") and e.rate_center == "CARY" for n, e in numbers.items())


def test_a_scaled_pool_draws_more_lines_in_the_same_nanp_blocks(
    pool: list[AvailableNumber],
) -> None:
    def blocks(entries: Iterable[AvailableNumber]) -> Counter[str]:
        return Counter(e.number[:8] for e in entries if e.type == "GEOGRAPHIC" and e.area_code)

    nanp = {"USA", "CAN"}
    base = blocks(e for e in pool if e.country in nanp)
    scaled_entries = [e for e in generate_pool(0, scale=3) if e.country in nanp]
    scaled = blocks(scaled_entries)
    assert set(scaled) == set(base)
    assert all(scaled[head] >= 3 * NANP_PER_NXX for head in scaled)
    assert len({e.number for e in scaled_entries}) == len(scaled_entries)
    assert sum(1 for e in scaled_entries if e.country == "USA") >= 3 * 150_000


def test_scale_one_is_the_default_pool_and_a_scale_out_of_range_is_refused(
    pool: list[AvailableNumber],
) -> None:
    assert list(generate_pool(0, scale=1)) == pool
    for scale in (0, MAX_SCALE + 1):
        with pytest.raises(ValueError, match="pool scale must be an integer from 1 to 50"):
            next(generate_pool(0, scale=scale))
