"""apply's rails on the plan it is given: a plan that does not fit the inventory changes nothing."""

from __future__ import annotations

import dataclasses

import pytest
from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.polling import Backoff
from numspec.errors import PlanError
from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory
from numspec.plan.plan_model import Change
from numspec.plan.planner import make_plan

FAST = Backoff(initial=0.001, maximum=0.005, direct=0.001)


def inventory() -> Inventory:
    text = """version: 1
account_id: "9900000"
policy:
  surplus: disconnect
  max_disconnects: 3
sites:
  us-sales:
    site_id: "1001"
    groups:
      raleigh: {quantity: 5, country: USA, area_code: "919"}
      more: {quantity: 3, country: USA, area_code: "828"}
"""
    return parse_inventory(text.encode())


@pytest.mark.parametrize("address", ["us-sales/ghost", "us-sales/more"])
def test_a_plan_whose_changes_name_a_group_it_does_not_plan_is_refused_before_any_change(
    address: str,
) -> None:
    market = Market(pool=nanp("919", 20) + nanp("828", 5))
    market.populate("1001", [a.number for a in market.pool[:7]])
    inv = inventory()
    plan = make_plan(inv, market, targets=["us-sales/raleigh"])
    held = plan.group("us-sales/raleigh").numbers
    edited = dataclasses.replace(
        plan, changes=(*plan.changes, Change(address, "disconnect", 1, held[:1]))
    )
    options = ApplyOptions(allow_disconnect=True)
    with pytest.raises(PlanError, match=address):
        apply(edited, inv, market, options=options, runtime=Runtime(backoff=FAST))
    assert market.requests["create_order"] == 0
    assert market.requests["create_disconnect"] == 0
