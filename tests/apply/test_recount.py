"""After apply, the report counts from what the run did plus a re-read of the sites it changed."""

from __future__ import annotations

from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.events import ApplyEvent
from numspec.apply.polling import Backoff
from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory
from numspec.plan.planner import make_plan

FAST = Backoff(initial=0.001, maximum=0.005, direct=0.001)
TWO_SITES = """version: 1
account_id: "9900000"
sites:
  east:
    site_id: "1001"
    groups:
      raleigh: {quantity: 5, country: USA, area_code: "919"}
  west:
    site_id: "1002"
    groups:
      seattle: {quantity: 30, country: USA, area_code: "206"}
"""


def two_sites() -> tuple[Market, Inventory]:
    market = Market(pool=nanp("919", 20) + nanp("206", 40))
    market.populate("1002", [a.number for a in market.pool[20:50]])
    return market, parse_inventory(TWO_SITES.encode())


def test_apply_re_reads_only_the_site_it_ordered_for() -> None:
    market, inv = two_sites()
    plan = make_plan(inv, market)
    read_before = market.requests["location_numbers"]
    runtime = Runtime(backoff=FAST, seed=1)
    report = apply(plan, inv, market, options=ApplyOptions(), runtime=runtime)
    assert report.converged
    assert {g.address: (g.status, g.held) for g in report.groups} == {
        "east/raleigh": ("converged", 5),
        "west/seattle": ("converged", 30),
    }
    assert market.requests["location_numbers"] - read_before == 1  # site 1001, not 1002
    assert make_plan(inv, market).changes == ()


def test_a_number_gone_from_the_site_by_the_end_is_not_counted() -> None:
    market, inv = two_sites()
    plan = make_plan(inv, market)

    def lose_one(event: ApplyEvent) -> None:
        if event.kind == "done" and event.address == "east/raleigh":
            with market.lock:  # say, disconnected by hand while apply finished
                market.held.pop(min(n for n, (s, _) in market.held.items() if s == "1001"))

    runtime = Runtime(backoff=FAST, seed=1)
    report = apply(plan, inv, market, options=ApplyOptions(), runtime=runtime, events=lose_one)
    east = next(g for g in report.groups if g.address == "east/raleigh")
    # 5 were ordered, one is gone: the report's gained counts only the 4 still held
    assert (east.ordered, east.held, east.status) == (4, 4, "failed")
    assert len(east.gained) == 4
    assert not report.converged
