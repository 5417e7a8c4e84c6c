"""A plan says when held numbers now count for another group than the one that ordered them."""

from __future__ import annotations

import json

from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.polling import Backoff
from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory
from numspec.plan.planner import make_plan
from numspec.plan.reassignments import Reassigned, reassigned, swap_back
from numspec.render.plan_json import render_json
from numspec.render.plan_markdown import render_markdown
from numspec.render.plan_text import render_text, summary_line

FAST = Backoff(initial=0.001, maximum=0.005, direct=0.001)


def inventory(groups: str) -> Inventory:
    text = 'version: 1\naccount_id: "9900000"\nsites:\n  us-sales:\n    site_id: "1001"\n'
    return parse_inventory((text + f"    groups:\n{groups}").encode())


TRIANGLE = '      triangle: {quantity: 3, country: USA, area_code: "919"}\n'
SPLIT = (
    '      raleigh: {quantity: 2, country: USA, area_code: "919", state: NC}\n'
    '      triangle: {quantity: 1, country: USA, area_code: "919"}\n'
)


def test_numbers_ordered_for_one_group_that_now_count_for_another_are_stated() -> None:
    market = Market(pool=nanp("919", 10))
    first = inventory(TRIANGLE)
    runtime = Runtime(backoff=FAST, seed=1)
    apply(make_plan(first, market), first, market, options=ApplyOptions(), runtime=runtime)
    ordered = market.held_on("1001")
    plan = make_plan(inventory(SPLIT), market)
    raleigh = plan.group("us-sales/raleigh")
    assert raleigh.reassigned == (Reassigned("us-sales/triangle", raleigh.numbers),)
    assert set(raleigh.numbers) < set(ordered) and not plan.changes
    assert plan.group("us-sales/triangle").reassigned == ()
    line = "us-sales: 2 numbers now count for raleigh instead of triangle"
    assert line in render_text(plan)
    assert "2 numbers now count for `us-sales/raleigh` instead of `us-sales/triangle`" in (
        render_markdown(plan)
    )
    group = next(
        g for g in json.loads(render_json(plan))["groups"] if g["address"] == raleigh.address
    )
    assert group["reassigned"] == [{"from": "us-sales/triangle", "numbers": list(raleigh.numbers)}]
    assert summary_line(plan) == "No changes. The account matches the inventory."


def test_groups_that_share_no_number_read_no_orders_for_it() -> None:
    market = Market(pool=nanp("919", 5) + nanp("984", 5))
    groups = (
        '      raleigh: {quantity: 1, country: USA, area_code: "919"}\n'
        '      cary: {quantity: 1, country: USA, area_code: "984"}\n'
    )
    market.populate("1001", [market.pool[0].number, market.pool[5].number])
    plan = make_plan(inventory(groups), market)
    assert all(g.reassigned == () for g in plan.groups)
    assert market.requests["get_order"] == 0


def test_crossed_numbers_go_back_to_the_groups_that_ordered_them() -> None:
    ordered_for = {
        "s/a": frozenset({"+1001", "+1002"}),
        "s/b": frozenset({"+2001", "+2002"}),
    }
    counted = {"s/a": ("+1001", "+2001"), "s/b": ("+1002", "+2002")}
    back = swap_back(counted, ordered_for, lambda address, number: True)
    assert back == {"s/a": ("+1001", "+1002"), "s/b": ("+2001", "+2002")}


def test_a_crossed_number_stays_where_it_counts_when_it_no_longer_fits_its_own_group() -> None:
    ordered_for = {"s/a": frozenset({"+1001"}), "s/b": frozenset({"+2001"})}
    counted = {"s/a": ("+2001",), "s/b": ("+1001",)}
    back = swap_back(counted, ordered_for, lambda address, number: number != "+1001")
    assert back == {"s/a": ("+2001",), "s/b": ("+1001",)}  # a's criteria no longer fit +1001
    assert set(reassigned(back, ordered_for)) == {"s/a", "s/b"}  # so the plan still says so


def test_only_as_many_pairs_swap_back_as_cross_and_counts_never_change() -> None:
    ordered_for = {"s/a": frozenset({"+1001", "+1002", "+1003"}), "s/b": frozenset({"+2001"})}
    counted = {"s/a": ("+2001", "+1001"), "s/b": ("+1002", "+1003")}
    back = swap_back(counted, ordered_for, lambda address, number: True)
    assert {a: len(n) for a, n in back.items()} == {"s/a": 2, "s/b": 2}
    assert back["s/a"] == ("+1001", "+1002") and back["s/b"] == ("+1003", "+2001")
