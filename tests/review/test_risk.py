"""Risk notes: each with its reason; the ones that need the account decided by what it holds."""

from __future__ import annotations

from support.inventories import BASE, edit, inventory

from numspec.review import AccountView, assess_risk, compare
from numspec.review.intent import RiskNote


def notes(head: str, account: AccountView | None = None, base: str = BASE) -> list[RiskNote]:
    found, unchecked = assess_risk(
        compare(inventory(base), inventory(head)), inventory(head), account
    )
    assert not (found and unchecked and account is not None and unchecked)
    return list(found)


def unchecked(head: str, base: str = BASE) -> list[RiskNote]:
    return list(assess_risk(compare(inventory(base), inventory(head)), inventory(head), None)[1])


def holding(held: dict[str, int], unclaimed: dict[str, int] | None = None) -> AccountView:
    return AccountView(held=held, unclaimed=unclaimed or {})


def kinds(found: list[RiskNote]) -> list[tuple[str, str]]:
    return [(n.kind, n.subject) for n in found]


def test_newly_accepted_restrictions_are_named_with_the_groups_they_unblock() -> None:
    head = edit(("ITA: [LEGAL]", "ITA: [LEGAL, SERVICE]\n    GBR: [LEGAL, PURCHASE]"))
    found = notes(head)
    assert kinds(found) == [("restrictions_accepted", "GBR"), ("restrictions_accepted", "ITA")]
    assert "GBR's LEGAL, PURCHASE restrictions" in found[0].message
    assert "uk-support/london" in found[0].reason
    assert "ITA's SERVICE restrictions" in found[1].message  # only what is new
    assert found[1].reason


def test_accepting_fewer_restrictions_is_no_risk() -> None:
    assert notes(BASE, base=edit(("ITA: [LEGAL]", "ITA: [LEGAL, SERVICE]"))) == []
    assert notes(edit(("  accept_restrictions:\n    ITA: [LEGAL]\n", ""))) == []


def test_surplus_disconnect_and_a_raised_max_disconnects() -> None:
    head = edit(
        ("surplus: keep", "surplus: disconnect"), ("max_disconnects: 0", "max_disconnects: 7")
    )
    found = notes(head)
    assert kinds(found) == [("max_disconnects_raised", "policy"), ("surplus_disconnect", "policy")]
    assert "from 0 to 7" in found[0].message and "up to 7 numbers" in found[0].reason
    assert "disconnect numbers a group holds beyond its quantity" in found[1].reason


def test_a_raised_max_disconnects_under_surplus_keep_says_so() -> None:
    found = notes(edit(("max_disconnects: 0", "max_disconnects: 2")))
    assert kinds(found) == [("max_disconnects_raised", "policy")]
    assert "once policy.surplus is disconnect" in found[0].reason
    assert (
        notes(
            edit(("max_disconnects: 0", "max_disconnects: 2")),
            base=edit(("max_disconnects: 0", "max_disconnects: 5")),
        )
        == []
    )


def test_pinned_numbers_removed() -> None:
    head = edit((', "+19195550101"', ""))
    found = notes(head)
    assert ("pinned_removed", "us-sales/main-line") in kinds(found)
    note = next(n for n in found if n.kind == "pinned_removed")
    assert "+19195550101" in note.message and "left unclaimed" in note.reason


def test_a_removed_group_that_pinned_numbers_drops_the_pins() -> None:
    head = edit(
        ('      main-line: {country: USA, numbers: ["+19195550100", "+19195550101"]}\n', "")
    )
    note = next(n for n in notes(head, holding({})) if n.kind == "pinned_removed")
    assert "+19195550100, +19195550101" in note.message


def test_quantity_lowered_below_what_the_group_holds_needs_the_account() -> None:
    head = edit(("quantity: 10", "quantity: 3"))
    assert kinds(unchecked(head)) == [("quantity_below_held", "us-sales/raleigh")]
    assert "plan --base" in unchecked(head)[0].reason
    found = notes(head, holding({"us-sales/raleigh": 8}))
    assert kinds(found) == [("quantity_below_held", "us-sales/raleigh")]
    assert "holds 8 numbers, so 5 numbers become surplus" in found[0].reason
    assert "stay on the account" in found[0].reason
    assert notes(head, holding({"us-sales/raleigh": 3})) == []  # holds no more than it keeps
    assert notes(edit(("quantity: 10", "quantity: 12")), holding({"us-sales/raleigh": 12})) == []


def test_quantity_lowered_under_surplus_disconnect_says_apply_disconnects() -> None:
    base = edit(("surplus: keep", "surplus: disconnect"))
    head = edit(("quantity: 10", "quantity: 3"), text=base)
    found = notes(head, holding({"us-sales/raleigh": 4}), base=base)
    assert "apply will disconnect them" in found[0].reason


def test_criteria_changed_on_a_group_that_holds_numbers() -> None:
    head = edit(("city: RALEIGH", "city: DURHAM"))
    assert kinds(unchecked(head)) == [("criteria_on_held", "us-sales/raleigh")]
    assert notes(head, holding({"us-sales/raleigh": 0})) == []
    found = notes(head, holding({"us-sales/raleigh": 0}, {"1002": 6}))
    assert kinds(found) == [("criteria_on_held", "us-sales/raleigh")]
    assert "city RALEIGH -> DURHAM" in found[0].message
    assert "site 1002 holds 6 numbers that fit no group" in found[0].reason
    held = notes(head, holding({"us-sales/raleigh": 2}))
    assert "holds 2 numbers that fit the new criteria" in held[0].reason


def test_packages_changed_on_numbers_in_service() -> None:
    head = edit(("voice_package: d21315af-9b5b-4b45-a6f4-9106cbfe87d1",
                 "voice_package: 11111111-2222-4333-8444-555555555555"))  # fmt: skip
    assert kinds(unchecked(head)) == [("packages_on_held", "uk-support/london")]
    assert notes(head, holding({"uk-support/london": 0})) == []
    found = notes(head, holding({"uk-support/london": 5}))
    assert kinds(found) == [("packages_on_held", "uk-support/london")]
    assert "5 numbers in service" in found[0].reason


def test_a_removed_group_whose_numbers_now_fit_no_group() -> None:
    head = edit(("      raleigh: {quantity: 10, country: USA, state: NC, city: RALEIGH}\n", ""))
    assert kinds(unchecked(head)) == [("group_removed_held", "us-sales/raleigh")]
    assert notes(head, holding({}, {})) == []
    found = notes(head, holding({}, {"1002": 9}))
    assert kinds(found) == [("group_removed_held", "us-sales/raleigh")]
    assert "9 numbers that fit no group" in found[0].reason


def test_a_reformatted_or_unchanged_file_has_no_notes() -> None:
    from support.inventories import REFORMATTED

    assert notes(REFORMATTED) == [] and unchecked(REFORMATTED) == []


def test_account_notes_for_groups_outside_the_plan_stay_unchecked() -> None:
    head = edit(("quantity: 10", "quantity: 3"))
    found, left = assess_risk(
        compare(inventory(BASE), inventory(head)), inventory(head), holding({})
    )
    assert found == () and [n.kind for n in left] == ["quantity_below_held"]
