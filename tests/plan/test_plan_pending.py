"""Orders that count as pending: in flight in the last two days, and backorders of any age."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

from fakes import FakeApi

from numspec.inventory import Inventory, parse_inventory
from numspec.plan.planner import make_plan

RALEIGH = """\
us-sales:
  site_id: "1001"
  groups:
    raleigh: {quantity: 5, country: USA, area_code: "919", backorder: true}
"""


def inventory(body: str = RALEIGH) -> Inventory:
    text = 'version: 1\naccount_id: "9900000"\nsites:\n'
    return parse_inventory((text + textwrap.indent(textwrap.dedent(body), "  ")).encode())


def test_a_backorder_older_than_two_days_is_pending_and_not_ordered_again() -> None:
    api = FakeApi()
    old = datetime.now(UTC) - timedelta(days=30)
    order = api.add_order("us-sales/raleigh", "BACKORDERED", quantity=5, when=old)
    plan = make_plan(inventory(), api)
    g = plan.group("us-sales/raleigh")
    assert (g.pending, g.shortfall, g.pending_orders) == (5, 0, (order.order_id,))
    assert not plan.changes


def test_a_recent_backorder_is_counted_once_though_both_listings_find_it() -> None:
    api = FakeApi()
    api.add_order("us-sales/raleigh", "BACKORDERED", quantity=3)
    g = make_plan(inventory(), api).group("us-sales/raleigh")
    assert (g.pending, g.shortfall) == (3, 2)
    assert api.count("get_order") == 1


def test_a_backorder_still_counts_after_the_file_drops_backorder_true() -> None:
    api = FakeApi()
    old = datetime.now(UTC) - timedelta(days=10)
    api.add_order("us-sales/raleigh", "BACKORDERED", quantity=2, when=old)
    g = make_plan(inventory(RALEIGH.replace(", backorder: true", "")), api).group(
        "us-sales/raleigh"
    )
    assert (g.pending, g.shortfall) == (2, 3)


def test_old_orders_in_other_states_are_not_read() -> None:
    api = FakeApi()
    old = datetime.now(UTC) - timedelta(days=30)
    api.add_order("us-sales/raleigh", "PROCESSING", quantity=5, when=old)
    api.add_order("us-sales/raleigh", "COMPLETE", quantity=5, when=old)
    g = make_plan(inventory(), api).group("us-sales/raleigh")
    assert (g.pending, g.shortfall) == (0, 5)
    assert api.count("get_order") == 0


def test_pending_orders_cost_two_listings_the_window_and_the_backorders() -> None:
    api = FakeApi()
    make_plan(inventory(), api)
    listings = sorted(c[1:] for c in api.calls if c[0] == "list_orders")
    assert len(listings) == 2
    assert listings[0][0] == "" and listings[0][1]  # the last two days, any status
    assert listings[1] == ("BACKORDERED", "")  # every backorder, no date window
