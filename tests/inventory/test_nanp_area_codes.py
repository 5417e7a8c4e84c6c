"""The NANP area-code rules, for area_code and the NPA of npa_nxx / npa_nxxx, each named."""

from __future__ import annotations

from pathlib import Path

import pytest
from inventory_text import group_problems

from numspec.inventory import load_inventory
from numspec.inventory.geo_codes import nanp_area_code_problem

G = "sites.s.groups.g"
USA = ("quantity: 1", "country: USA")
ROOT = Path(__file__).resolve().parents[2]

# (area code, the rule it breaks)
BROKEN = [
    ("019", "an area code cannot begin with 0 or 1"),
    ("119", "an area code cannot begin with 0 or 1"),
    ("911", "an area code cannot end with 11 (N11 codes such as 911 are service codes)"),
    ("411", "an area code cannot end with 11 (N11 codes such as 911 are service codes)"),
    ("370", "area codes beginning with 37 or 96 are reserved"),
    ("379", "area codes beginning with 37 or 96 are reserved"),
    ("960", "area codes beginning with 37 or 96 are reserved"),
    ("290", "an area code cannot have 9 as its second digit (reserved for expansion)"),
    ("599", "an area code cannot have 9 as its second digit (reserved for expansion)"),
]


@pytest.mark.parametrize(("code", "rule"), BROKEN)
def test_area_code_names_the_rule_it_breaks(code: str, rule: str) -> None:
    assert group_problems(*USA, f"area_code: '{code}'") == [
        f'10:20: {G}.area_code: "{code}" is not a NANP area code: {rule}'
    ]


@pytest.mark.parametrize(("code", "rule"), [b for b in BROKEN if b[0][0] not in "01"])
def test_npa_nxx_names_the_rule_its_area_code_breaks(code: str, rule: str) -> None:
    assert group_problems(*USA, f"npa_nxx: '{code}555'") == [
        f'10:18: {G}.npa_nxx: "{code}555" does not start with a NANP area code: {rule}'
    ]


@pytest.mark.parametrize(("code", "rule"), [b for b in BROKEN if b[0][0] not in "01"])
def test_npa_nxxx_names_the_rule_its_area_code_breaks(code: str, rule: str) -> None:
    assert group_problems(*USA, f"npa_nxxx: '{code}5551'") == [
        f'10:19: {G}.npa_nxxx: "{code}5551" does not start with a NANP area code: {rule}'
    ]


def test_an_npa_nxx_starting_with_0_or_1_is_reported_once_by_the_schema() -> None:
    (only,) = group_problems(*USA, "npa_nxx: '119555'")
    assert only.startswith(f'10:18: {G}.npa_nxx: "119555" is not valid; use 6 digits')


@pytest.mark.parametrize("code", ["919", "984", "212", "800", "888", "416", "604", "202"])
def test_real_area_codes_pass(code: str) -> None:
    assert group_problems(*USA, f"area_code: '{code}'") == []
    assert group_problems(*USA, f"npa_nxx: '{code}555'") == []


def test_canadian_groups_follow_the_same_rules() -> None:
    assert group_problems("quantity: 1", "country: CAN", "area_code: '960'") == [
        f'10:20: {G}.area_code: "960" is not a NANP area code: area codes beginning with 37'
        " or 96 are reserved"
    ]


def test_international_area_codes_are_not_held_to_nanp_rules() -> None:
    assert group_problems("quantity: 1", "country: GBR", "area_code: '911'") == []


def test_the_rules_leave_every_other_three_digit_code() -> None:
    allowed = [f"{n:03d}" for n in range(1000) if nanp_area_code_problem(f"{n:03d}") is None]
    # 800 codes start with 2-9; less 8 N11 codes, 20 of 37x and 96x, 80 of the form N9X.
    assert len(allowed) == 800 - 8 - 20 - 80
    assert "911" not in allowed and "370" not in allowed and "290" not in allowed


def test_demo_and_examples_stay_valid() -> None:
    files = [ROOT / "inventory.yaml", *sorted((ROOT / "examples").glob("*.yaml"))]
    assert len(files) > 1
    for path in files:
        load_inventory(path)  # raises SpecError on any problem
