"""Helpers for apply's end-to-end tests: an inventory, and what the account holds after apply.

Connecting to the sandbox and its admin routes: tests/support/sandbox.py.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from support.sandbox import client

from numspec.inventory import load_inventory
from numspec.plan.plan_model import Plan
from numspec.plan.planner import make_plan
from numspec.sandbox.server import EmbeddedSandbox

GROUPS = """\
      raleigh: {quantity: 6, country: USA, area_code: "919"}
      durham: {quantity: 4, country: USA, state: NC, rate_center: DURHAM}
      npanxx: {quantity: 5, country: USA, npa_nxx: "919555", lca: false}
"""


def write_inventory(directory: Path, groups: str = GROUPS, policy: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "inventory.yaml"
    path.write_text(
        f'version: 1\naccount_id: "9900000"\n{policy}\nsites:\n  us-sales:\n'
        f'    site_id: "1001"\n    groups:\n{groups}',
        encoding="utf-8",
    )
    return path


def fresh_plan(box: EmbeddedSandbox, inventory: Path) -> Plan:
    api = client(box)
    try:
        return make_plan(load_inventory(inventory), api)
    finally:
        api.close()


def completed_counts(box: EmbeddedSandbox) -> Counter[str]:
    """How many orders of the account completed each number (more than 1: a duplicate)."""
    api = client(box)
    try:
        counts: Counter[str] = Counter()
        for summary in api.list_orders():
            counts.update(api.get_order(summary.order_id).completed_numbers)
        return counts
    finally:
        api.close()


def assert_exact(box: EmbeddedSandbox, inventory: Path) -> None:
    """Every group holds exactly its quantity, nothing extra, no number ordered twice."""
    plan = fresh_plan(box, inventory)
    for group in plan.groups:
        assert (group.address, group.held, group.pending) == (group.address, group.desired, 0)
        assert group.surplus == ()
    assert all(not u.numbers for u in plan.unclaimed)
    counts = completed_counts(box)
    assert [n for n, c in counts.items() if c > 1] == []
    assert sum(counts.values()) == sum(g.desired for g in plan.groups)
