"""Planning moves: pinned numbers, location changes, `policy.surplus: move`, moves in flight."""

from __future__ import annotations

import textwrap

import pytest
from fakes import FakeApi

from numspec.bandwidth.moves import Move
from numspec.errors import UnsafePlanError
from numspec.inventory import Inventory, parse_inventory
from numspec.plan import tags
from numspec.plan.changes import Change, differences
from numspec.plan.move_plan import raise_if_too_many
from numspec.plan.plan_model import Plan
from numspec.plan.planner import make_plan


def inventory(body: str, policy: str = "") -> Inventory:
    text = f'version: 1\naccount_id: "9900000"\n{textwrap.dedent(policy)}sites:\n'
    return parse_inventory((text + textwrap.indent(textwrap.dedent(body), "  ")).encode())


def numbers(start: int, count: int) -> list[str]:
    return [f"+1919555{start + i:04d}" for i in range(count)]


TWO_SITES = """\
us-sales:
  site_id: "1001"
  groups:
    main: {quantity: 2, country: USA, area_code: "919"}
us-support:
  site_id: "1002"
  groups:
    main: {quantity: 3, country: USA, area_code: "919"}
"""


def test_surplus_move_moves_numbers_that_fit_a_short_group_before_ordering() -> None:
    api = FakeApi()
    api.hold_many(numbers(1000, 4), "1001")  # two beyond us-sales/main's quantity
    plan = make_plan(inventory(TWO_SITES, "policy:\n  surplus: move\n"), api)
    (move,) = [c for c in plan.changes if c.action == "move"]
    assert move.address == "us-support/main" and move.target == "1002"
    assert len(move.numbers) == 2 and move.sources == ("1001/2001", "1001/2001")
    assert [(c.action, c.quantity) for c in plan.changing("us-support/main")] == [
        ("order", 1),
        ("move", 2),
    ]
    assert plan.group("us-sales/main").surplus == ()  # nothing surplus remains
    assert plan.summary() == {
        "order": 1,
        "disconnect": 0,
        "move": 2,
        "blocked": 0,
        "surplus_kept": 0,
    }
    support = plan.group("us-support/main")
    assert support.to_move == move.numbers and support.shortfall == 1


def test_without_surplus_move_the_surplus_is_kept_and_the_short_group_orders() -> None:
    api = FakeApi()
    api.hold_many(numbers(1000, 4), "1001")
    plan = make_plan(inventory(TWO_SITES), api)
    assert [c.action for c in plan.changes] == ["order"]
    assert plan.to_order("us-support/main") == 3 and plan.summary()["surplus_kept"] == 2


def test_surplus_that_does_not_fit_the_short_group_stays_surplus() -> None:
    api = FakeApi()
    api.hold_many([f"+1984555{i:04d}" for i in range(3)], "1001", area_code="984")
    body = TWO_SITES.replace(
        'main: {quantity: 2, country: USA, area_code: "919"}',
        'main: {quantity: 1, country: USA, area_code: "984"}',
    )
    plan = make_plan(inventory(body, "policy:\n  surplus: move\n"), api)
    assert [c.action for c in plan.changes] == ["order"]
    assert len(plan.group("us-sales/main").surplus) == 2


LOCATIONS = """\
us-sales:
  site_id: "1001"
  location_id: "2009"
  groups:
    main: {quantity: 3, country: USA, area_code: "919"}
"""


def test_a_group_naming_a_location_moves_its_numbers_from_other_locations_of_the_site() -> None:
    api = FakeApi(sites={"1001": ["2001", "2009"], "1002": ["2002"]})
    api.hold_many(numbers(1000, 2), "1001")  # on 2001, the old location
    api.hold(numbers(2000, 1)[0], "1001", "2009")
    plan = make_plan(inventory(LOCATIONS), api)
    group = plan.group("us-sales/main")
    assert group.held == 1  # only the number on location 2009 counts
    (move,) = plan.changes
    assert (move.action, move.numbers, move.target) == (
        "move",
        tuple(numbers(1000, 2)),
        "1001/2009",
    )
    assert move.sources == ("1001/2001", "1001/2001")
    assert plan.unclaimed == ()  # the moved numbers no longer show as fitting no group


def test_a_move_in_flight_counts_as_pending_and_is_not_planned_again() -> None:
    api = FakeApi(sites={"1001": ["2001", "2009"], "1002": ["2002"]})
    api.hold_many(numbers(1000, 2), "1001")
    api.hold(numbers(2000, 1)[0], "1001", "2009")
    coid = tags.customer_order_id("us-sales/main", "0badcafe", 800000)
    api.moves["m-1"] = Move("m-1", "PROCESSING", coid, "1001", "2009", tuple(numbers(1000, 2)))
    plan = make_plan(inventory(LOCATIONS), api)
    group = plan.group("us-sales/main")
    assert plan.changes == () and group.pending == 2 and group.pending_orders == ("m-1",)
    assert ("get_move", "m-1") in api.calls


def test_the_guard_refuses_more_moves_than_policy_max_moves() -> None:
    move = Change(
        "a/b", "move", 3, ("+19195550100", "+19195550101", "+19195550102"), ("1001",) * 3, "1002"
    )
    raise_if_too_many([move], 3)
    with pytest.raises(
        UnsafePlanError, match=r"moves 3 numbers \(a/b\), more than policy.max_moves \(2\)"
    ):
        raise_if_too_many([move], 2)


def test_a_saved_move_round_trips_and_a_tampered_one_is_refused_or_reported() -> None:
    api = FakeApi()
    api.hold_many(numbers(1000, 4), "1001")
    plan = make_plan(inventory(TWO_SITES, "policy:\n  surplus: move\n"), api)
    data = plan.to_dict()
    assert Plan.from_dict(data).changes == plan.changes
    (move,) = [c for c in data["changes"] if c["action"] == "move"]
    move["sources"] = move["sources"][:1]
    with pytest.raises(ValueError, match="one source per number"):
        Plan.from_dict(data)
    move["sources"] = ["1003/2003", "1003/2003"]
    tampered = Plan.from_dict(data).changes
    (said,) = differences(tampered, plan.changes)
    assert said.startswith("the saved plan moves") and "from 1003/2003" in said
