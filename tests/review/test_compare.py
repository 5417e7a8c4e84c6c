"""compare(base, head): each kind of change, named in the inventory's own words."""

from __future__ import annotations

from support.inventories import BASE, REFORMATTED, edit, inventory

from numspec.review import compare
from numspec.review.intent import IntentChange


def changes(head: str, base: str = BASE) -> list[IntentChange]:
    return list(compare(inventory(base), inventory(head)).changes)


def test_a_reformatted_file_is_no_change_in_intent() -> None:
    assert REFORMATTED != BASE
    assert compare(inventory(BASE), inventory(REFORMATTED)).is_empty


def test_quantity_change_carries_both_values() -> None:
    head = edit(("quantity: 10", "quantity: 14"))
    assert changes(head) == [IntentChange("quantity", "us-sales/raleigh", None, 10, 14)]


def test_criteria_changed_added_and_removed_are_named_by_key() -> None:
    head = edit(('area_code: "20"', 'area_code: "161"'), ("city: RALEIGH", "rate_center: DURHAM"))
    assert changes(head) == [
        IntentChange("criteria", "uk-support/london", "area_code", "20", "161"),
        IntentChange("criteria", "us-sales/raleigh", "city", "RALEIGH", None),
        IntentChange("criteria", "us-sales/raleigh", "rate_center", None, "DURHAM"),
    ]


def test_pinned_numbers_added_and_removed() -> None:
    head = edit(('"+19195550101"', '"+19195550102", "+19195550103"'))
    found = changes(head)
    assert IntentChange("pinned_added", "us-sales/main-line", "numbers", None,
                        ["+19195550102", "+19195550103"]) in found  # fmt: skip
    assert IntentChange("pinned_removed", "us-sales/main-line", "numbers",
                        ["+19195550101"], None) in found  # fmt: skip
    # the quantity follows the pinned count when it is not written
    assert IntentChange("quantity", "us-sales/main-line", None, 2, 3) in found


def test_policy_changes() -> None:
    head = edit(
        ("ITA: [LEGAL]", "ITA: [LEGAL, SERVICE]\n    DEU: [LEGAL, PURCHASE]"),
        ("surplus: keep", "surplus: disconnect"),
        ("max_disconnects: 0", "max_disconnects: 4\n  max_moves: 500"),
    )
    assert changes(head) == [
        IntentChange("restrictions", "DEU", None, [], ["LEGAL", "PURCHASE"]),
        IntentChange("restrictions", "ITA", None, ["LEGAL"], ["LEGAL", "SERVICE"]),
        IntentChange("policy", "policy", "max_disconnects", 0, 4),
        IntentChange("policy", "policy", "max_moves", 100, 500),
        IntentChange("policy", "policy", "surplus", "keep", "disconnect"),
    ]


def test_a_policy_written_out_with_its_defaults_is_no_change() -> None:
    base = edit(("  surplus: keep\n  max_disconnects: 0\n", ""))
    assert changes(BASE, base=base) == []


def test_voice_and_requirements_package_changes() -> None:
    head = edit(
        ("voice_package: d21315af-9b5b-4b45-a6f4-9106cbfe87d1",
         "voice_package: 11111111-2222-4333-8444-555555555555\n"
         "      requirements_package: 3fa85f64-5717-4562-b3fc-2c963f66afa6"),
    )  # fmt: skip
    assert changes(head) == [
        IntentChange("package", "uk-support/london", "requirements_package", None,
                     "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        IntentChange("package", "uk-support/london", "voice_package",
                     "d21315af-9b5b-4b45-a6f4-9106cbfe87d1",
                     "11111111-2222-4333-8444-555555555555"),
    ]  # fmt: skip


def test_a_default_moved_into_each_group_is_no_change_but_dropping_it_is() -> None:
    head = edit(
        ("      auto_activate: true\n", ""),
        ('area_code: "20"', 'area_code: "20"\n        auto_activate: true'),
    )
    assert changes(head) == []
    dropped = edit(("      auto_activate: true\n", ""))
    assert changes(dropped) == [
        IntentChange("setting", "uk-support/london", "auto_activate", True, None)
    ]


def test_groups_and_sites_added_and_removed() -> None:
    head = edit(
        ("      main-line: {country: USA, numbers: [\"+19195550100\", \"+19195550101\"]}\n", ""),
        ("  us-sales:", "  de-support:\n    site_id: \"1003\"\n    groups:\n"
         "      berlin: {quantity: 2, country: DEU, type: GEOGRAPHIC}\n  us-sales:"),
        ("city: RALEIGH}",
         "city: RALEIGH}\n      zip: {quantity: 1, country: USA, zip: \"27601\"}"),
    )  # fmt: skip
    kinds = [(c.kind, c.subject) for c in changes(head)]
    assert kinds == [
        ("site_added", "de-support"),
        ("group_removed", "us-sales/main-line"),
        ("group_added", "us-sales/zip"),
    ]
    removed = changes(BASE, base=head)
    assert ("site_removed", "de-support") in [(c.kind, c.subject) for c in removed]


def test_a_group_renamed_with_the_same_criteria_is_a_rename_and_its_other_changes_follow() -> None:
    head = edit(("raleigh: {quantity: 10", "raleigh-nc: {quantity: 12"))
    assert changes(head) == [
        IntentChange("group_renamed", "us-sales/raleigh-nc", None, "us-sales/raleigh",
                     "us-sales/raleigh-nc"),
        IntentChange("quantity", "us-sales/raleigh-nc", None, 10, 12),
    ]  # fmt: skip


def test_a_group_renamed_and_given_new_criteria_is_removed_and_added() -> None:
    head = edit(("raleigh: {quantity: 10, country: USA, state: NC, city: RALEIGH}",
                 "durham: {quantity: 10, country: USA, state: NC, city: DURHAM}"))  # fmt: skip
    kinds = [(c.kind, c.subject) for c in changes(head)]
    assert kinds == [("group_added", "us-sales/durham"), ("group_removed", "us-sales/raleigh")]


def test_a_group_moved_to_another_site_is_not_a_rename() -> None:
    head = edit(
        ("    groups:\n      london:", "    groups:\n      raleigh: {quantity: 10, country: USA, "
         "state: NC, city: RALEIGH}\n      london:"),
        ("      raleigh: {quantity: 10, country: USA, state: NC, city: RALEIGH}\n      main",
         "      main"),
    )  # fmt: skip
    kinds = [(c.kind, c.subject) for c in changes(head)]
    assert kinds == [("group_added", "uk-support/raleigh"), ("group_removed", "us-sales/raleigh")]


def test_a_site_renamed_with_the_same_site_id_is_a_rename() -> None:
    head = edit(("  us-sales:\n", "  sales-us:\n"))
    assert changes(head) == [IntentChange("site_renamed", "sales-us", None, "us-sales", "sales-us")]


def test_site_fields_and_the_account() -> None:
    head = edit(('site_id: "1002"', 'site_id: "1002"\n    location_id: "2002"'),
                ('account_id: "9900000"', 'account_id: "9900001"'))  # fmt: skip
    assert changes(head) == [
        IntentChange("account", "account", "account_id", "9900000", "9900001"),
        IntentChange("site_changed", "us-sales", "location_id", None, "2002"),
    ]


def test_renamed_groups_with_identical_criteria_pair_deterministically() -> None:
    two = edit(("      main-line", "      a: {quantity: 1, country: USA, state: NC}\n"
                "      b: {quantity: 2, country: USA, state: NC}\n      main-line"))  # fmt: skip
    head = edit(
        ("a: {quantity: 1", "c: {quantity: 1"), ("b: {quantity: 2", "d: {quantity: 2"), text=two
    )
    renames = [(c.old, c.new) for c in changes(head, base=two) if c.kind == "group_renamed"]
    assert renames == [("us-sales/a", "us-sales/c"), ("us-sales/b", "us-sales/d")]
    # a group equal in full to a new one pairs with it first (a is d, b is c)
    swapped = edit(
        ("a: {quantity: 1", "c: {quantity: 2"), ("b: {quantity: 2", "d: {quantity: 1"), text=two
    )
    renames = [(c.old, c.new) for c in changes(swapped, base=two) if c.kind == "group_renamed"]
    assert renames == [("us-sales/b", "us-sales/c"), ("us-sales/a", "us-sales/d")]


def test_a_mapping_replaced_outright_is_still_named_key_by_key() -> None:
    # deepdiff reports a mapping that shares few keys as one changed value; the names still come
    head = edit(("state: NC, city: RALEIGH", 'zip: "27601"'), ("ITA: [LEGAL]", "DEU: [LEGAL]"))
    assert changes(head) == [
        IntentChange("restrictions", "DEU", None, [], ["LEGAL"]),
        IntentChange("restrictions", "ITA", None, ["LEGAL"], []),
        IntentChange("criteria", "us-sales/raleigh", "city", "RALEIGH", None),
        IntentChange("criteria", "us-sales/raleigh", "state", "NC", None),
        IntentChange("criteria", "us-sales/raleigh", "zip", None, "27601"),
    ]
