"""Whole-file rules, the built Inventory, and the shipped examples."""

from __future__ import annotations

from pathlib import Path

import pytest
from inventory_text import HEAD, inventory, problems

from numspec.inventory import load_inventory

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_there_are_at_least_five_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("path", [*EXAMPLES, ROOT / "inventory.yaml"], ids=lambda p: p.name)
def test_every_example_and_the_demo_are_valid(path: Path) -> None:
    assert load_inventory(path).groups


def test_the_demo_targets_the_sandbox_account_and_sites() -> None:
    demo = load_inventory(ROOT / "inventory.yaml")
    assert demo.account_id == "9900000"
    assert {s.site_id for s in demo.sites} <= {"1001", "1002", "1003", "1004", "1005"}
    assert sum(g.quantity for g in demo.groups) <= 25
    assert demo.policy.accept_restrictions["DEU"] == frozenset({"LEGAL", "SERVICE"})


def test_every_problem_of_a_broken_file_is_listed_at_once() -> None:
    text = (
        "version: 2\n"
        "account_id: 9900000\n"
        "extra: 1\n"
        "policy:\n"
        "  accept_restrictions:\n"
        "    XYZ: [LEGAL]\n"
        "    uk: [LEGAL]\n"
        "    ITA: [LEGAL, LEGAL, OTHER]\n"
        "    FRA: []\n"
        "  surplus: delete\n"
        "  max_disconnects: -1\n"
        "sites:\n"
        "  Bad_Name:\n"
        "    site_id: 1001\n"
        "    groups: {}\n"
        "  ok:\n"
        "    site_id: 'x1'\n"
        "    groups:\n"
        "      BAD: {quantity: 1, country: GBR}\n"
    )
    assert problems(text) == [
        "inv.yaml:1:10: version: 2 is not supported; use 1",
        "inv.yaml:2:13: account_id: 9900000 is read as the number 9900000; write it in quotes:"
        ' "9900000"',
        'inv.yaml:3:1: extra: unknown key "extra"; allowed: version, account_id, policy, sites',
        'inv.yaml:6:5: policy.accept_restrictions.XYZ: "XYZ" is not an ISO 3166-1 alpha-3 country'
        " code",
        'inv.yaml:7:5: policy.accept_restrictions.uk: "uk" is not a country code; use an ISO'
        ' 3166-1 alpha-3 code ("uk" looks like an alpha-2 code: use "GBR")',
        'inv.yaml:8:18: policy.accept_restrictions.ITA[1]: "LEGAL" is listed twice; list it once',
        'inv.yaml:8:25: policy.accept_restrictions.ITA[2]: "OTHER" is not one of LEGAL, PURCHASE,'
        " SERVICE",
        "inv.yaml:9:10: policy.accept_restrictions.FRA: list at least 1 value",
        'inv.yaml:10:12: policy.surplus: "delete" is not one of keep, disconnect, move',
        "inv.yaml:11:20: policy.max_disconnects: -1 is below the minimum 0",
        'inv.yaml:13:3: sites.Bad_Name: site name "Bad_Name" is not allowed; use lower-case'
        " letters, digits and dashes, starting with a letter or digit, e.g. us-sales",
        "inv.yaml:14:14: sites.Bad_Name.site_id: 1001 is read as the number 1001; write it in"
        ' quotes: "1001"',
        'inv.yaml:17:14: sites.ok.site_id: "x1" is not valid; use the id\'s digits, quoted, e.g.'
        ' "1001"',
        'inv.yaml:19:7: sites.ok.groups.BAD: group name "BAD" is not allowed; use lower-case'
        " letters, digits and dashes, starting with a letter or digit, e.g. us-sales",
    ]


def test_missing_top_level_keys_are_named() -> None:
    assert problems("version: 1\n") == [
        'inv.yaml:1:1: missing required key "account_id"',
        'inv.yaml:1:1: missing required key "sites"',
    ]


def test_an_inventory_needs_a_site() -> None:
    assert problems('version: 1\naccount_id: "1"\nsites: {}\n') == [
        "inv.yaml:3:8: sites: define at least one site"
    ]


def test_a_site_id_and_location_are_used_by_one_site_only() -> None:
    text = (
        HEAD
        + "        {quantity: 1, country: GBR}\n"
        + (
            "  t:\n    site_id: '1001'\n    groups: {}\n"
            "  u:\n    site_id: '1001'\n    location_id: '2001'\n    groups: {}\n"
        )
    )
    assert problems(text) == [
        'inv.yaml:10:14: sites.t.site_id: site_id "1001" is already used by site s (line 4); put'
        " these groups under that site"
    ]


def test_a_number_is_pinned_in_one_group_only() -> None:
    text = HEAD + (
        "        {country: USA, numbers: ['+19195550100']}\n"
        "      h: {country: USA, numbers: ['+1 919 555 0100']}\n"
    )
    assert problems(text) == [
        "inv.yaml:9:35: sites.s.groups.h.numbers[0]: +19195550100 is already pinned in s/g"
        " (line 8); a number is pinned in one group only"
    ]


FULL = """\
version: 1
account_id: "9900000"
policy:
  accept_restrictions: {ITA: [LEGAL, SERVICE]}
  surplus: disconnect
  max_disconnects: 3
sites:
  us:
    site_id: "1002"
    location_id: "2002"
    defaults:
      voice_package: d21315af-9b5b-4b45-a6f4-9106cbfe87d1
      auto_activate: true
    groups:
      raleigh: {quantity: 4, country: USA, state: NC, city: RALEIGH}
      pinned:
        country: USA
        numbers: ["+1 (919) 555-0100", "+19195550101"]
        auto_activate: false
        requirements_package: 3fa85f64-5717-4562-b3fc-2c963f66afa6
  it:
    site_id: "1005"
    groups:
      milan: {quantity: 0, country: ITA, area_code: "02", backorder: false}
"""


def test_the_inventory_carries_every_setting() -> None:
    inv = inventory(FULL)
    assert inv.account_id == "9900000"
    assert inv.policy.surplus == "disconnect"
    assert inv.policy.max_disconnects == 3
    assert inv.policy.accept_restrictions == {"ITA": frozenset({"LEGAL", "SERVICE"})}
    assert [g.address for g in inv.groups] == ["us/raleigh", "us/pinned", "it/milan"]
    raleigh = inv.group("us/raleigh")
    assert raleigh.criteria.to_query() == {
        "countryCodeA3": "USA",
        "state": "NC",
        "city": "RALEIGH",
    }
    assert (raleigh.site_id, raleigh.location_id, raleigh.line) == ("1002", "2002", 15)


def test_groups_inherit_site_defaults_and_may_override_them() -> None:
    inv = inventory(FULL)
    raleigh, pinned = inv.group("us/raleigh"), inv.group("us/pinned")
    assert raleigh.voice_package == "d21315af-9b5b-4b45-a6f4-9106cbfe87d1"
    assert (raleigh.auto_activate, raleigh.requirements_package) == (True, None)
    assert pinned.voice_package == raleigh.voice_package
    assert pinned.auto_activate is False
    assert pinned.requirements_package == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert inv.group("it/milan").voice_package is None


def test_pinned_numbers_are_e164_and_set_the_default_quantity() -> None:
    pinned = inventory(FULL).group("us/pinned")
    assert pinned.numbers == ("+19195550100", "+19195550101")
    assert pinned.quantity == 2


def test_quantity_zero_is_kept() -> None:
    assert inventory(FULL).group("it/milan").quantity == 0


def test_the_digest_is_the_sha256_of_the_file(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "inventory.yaml"
    path.write_text(FULL)
    inv = load_inventory(path)
    assert inv.digest == hashlib.sha256(FULL.encode()).hexdigest()
    assert inv.path == str(path)
