"""Pinned numbers the account does not hold: looked up one by one, ordered or blocked."""

from __future__ import annotations

import textwrap

import pytest
from fakes import FakeApi

from numspec.inventory import Inventory, parse_inventory
from numspec.plan.planner import make_plan

MAIN = "+19195550100"
SPARE = "+19195550101"


def inventory(body: str) -> Inventory:
    text = 'version: 1\naccount_id: "9900000"\nsites:\n'
    return parse_inventory((text + textwrap.indent(textwrap.dedent(body), "  ")).encode())


PINNED = f"""\
us-sales:
  site_id: "1001"
  groups:
    main-line: {{country: USA, numbers: ["{MAIN}", "{SPARE}"]}}
    nc: {{quantity: 1, country: USA, area_code: "919"}}
"""


def lookups(api: FakeApi) -> list[str]:
    return sorted(c[1] for c in api.calls if c[0] == "number_status")


def test_an_available_pinned_number_is_ordered_after_one_lookup() -> None:
    api = FakeApi()
    api.hold(MAIN)
    api.set_status(SPARE, "Available")
    plan = make_plan(inventory(PINNED), api)
    main = plan.group("us-sales/main-line")
    assert main.blocked is None and main.pinned_to_order == (SPARE,)
    assert [(c.address, c.numbers) for c in plan.changes] == [
        ("us-sales/main-line", (SPARE,)),
        ("us-sales/nc", ()),
    ]
    assert lookups(api) == [SPARE]  # the held pinned number is not looked up


def test_held_numbers_are_never_looked_up_one_by_one() -> None:
    api = FakeApi(page_size=100)
    for i in range(500):
        api.hold(f"+1919555{2000 + i:04d}")
    api.hold(MAIN)
    api.hold(SPARE)
    plan = make_plan(inventory(PINNED), api)
    assert plan.group("us-sales/main-line").held == 2
    assert lookups(api) == []
    assert api.count("iter_number_details") == 0  # no account-wide /tns read for pins either


def test_a_pinned_number_held_by_a_site_outside_the_inventory_is_moved_from_it() -> None:
    api = FakeApi()
    api.hold(MAIN)
    api.hold(SPARE, "1004")
    plan = make_plan(inventory(PINNED), api)
    main = plan.group("us-sales/main-line")
    assert main.blocked is None and main.to_move == (SPARE,)
    assert [(c.action, c.sources) for c in plan.changing(main.address)] == [("move", ("1004",))]
    assert main.pinned_to_order == () and lookups(api) == [SPARE]


@pytest.mark.parametrize(
    ("status", "account", "expected"),
    [
        ("Aging", "9900000", "not available (status Aging: disconnected recently"),
        ("Reserved", None, "not available (status Reserved: a reservation holds it)"),
        ("PortInPendingFoc", None, "(status PortInPendingFoc: a port-in of it is pending)"),
        ("Disconnected", None, "not available (status Disconnected)"),
        ("Inservice", "7700000", "is in service on another account (7700000)"),
    ],
)
def test_a_pinned_number_that_is_not_available_blocks_with_its_status(
    status: str, account: str | None, expected: str
) -> None:
    api = FakeApi()
    api.hold(MAIN)
    api.set_status(SPARE, status, account)
    plan = make_plan(inventory(PINNED), api)
    main = plan.group("us-sales/main-line")
    assert main.blocked is not None and main.blocked.startswith(f"pinned number {SPARE} is ")
    assert expected in main.blocked
    assert plan.status(main) == "blocked" and plan.summary()["blocked"] == 1
    assert [c.address for c in plan.changes] == ["us-sales/nc"]


def test_a_pinned_number_bandwidth_does_not_know_is_blocked() -> None:
    api = FakeApi()
    main = make_plan(inventory(PINNED), api).group("us-sales/main-line")
    assert main.blocked == (
        f"pinned number {MAIN} is not available: Bandwidth does not know it on this account "
        "(another customer's number, or no such number); "
        f"pinned number {SPARE} is not available: Bandwidth does not know it on this account "
        "(another customer's number, or no such number)"
    )
    assert lookups(api) == [MAIN, SPARE]


def test_a_pinned_number_on_a_pending_order_of_its_group_is_neither_looked_up_nor_ordered() -> None:
    api = FakeApi()
    api.hold(MAIN)
    api.add_order("us-sales/main-line", "PROCESSING", numbers=[SPARE])
    main = make_plan(inventory(PINNED), api).group("us-sales/main-line")
    assert (main.blocked, main.pending, main.shortfall) == (None, 1, 0)
    assert lookups(api) == []


def test_a_targeted_plan_looks_up_only_the_pins_of_its_groups() -> None:
    api = FakeApi()
    plan = make_plan(inventory(PINNED), api, targets=["us-sales/nc"])
    assert [g.address for g in plan.groups] == ["us-sales/nc"]
    assert lookups(api) == []
