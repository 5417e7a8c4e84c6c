"""Property: a saved plan applied untouched does exactly what it lists, and nothing else.

Random worlds (groups, quantities, pins, numbers already held, surplus policy) on the in-memory
market: plan, save the plan file, read it back, verify it against a fresh plan, apply it, and
compare what the market did with what the plan's changes said.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.polling import Backoff
from numspec.inventory import parse_inventory
from numspec.plan import planfile
from numspec.plan.planner import make_plan

FAST = Backoff(initial=0.001, maximum=0.005, direct=0.001)
POOL = nanp("919", 25) + nanp("984", 25, start=5550200)
CRITERIA = ('area_code: "919"', 'area_code: "984"', "state: NC")


@st.composite
def worlds(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Return (inventory text, numbers the account holds on site 1001 before the run)."""
    count = draw(st.integers(1, 3))
    held = draw(st.lists(st.sampled_from(POOL[:10] + POOL[25:35]), max_size=8, unique=True))
    free = [a.number for a in POOL if a not in held]
    pins = draw(st.lists(st.sampled_from(free), max_size=2, unique=True))
    lines = []
    for i in range(count):
        quantity = draw(st.integers(0, 5))
        mine = [p for j, p in enumerate(pins) if j % count == i]
        pinned = f", numbers: [{', '.join(repr(p) for p in mine)}]" if mine else ""
        criteria = draw(st.sampled_from(CRITERIA))
        quantity = max(quantity, len(mine))
        lines.append(f"      g{i}: {{quantity: {quantity}, country: USA, {criteria}{pinned}}}")
    surplus = draw(st.sampled_from(["keep", "disconnect"]))
    text = (
        f'version: 1\naccount_id: "9900000"\npolicy:\n  surplus: {surplus}\n'
        f'  max_disconnects: 50\nsites:\n  us-sales:\n    site_id: "1001"\n    groups:\n'
        + "\n".join(lines)
        + "\n"
    )
    return text, [a.number for a in held]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_a_saved_plan_applied_untouched_does_exactly_what_it_lists(
    world: tuple[str, list[str]],
) -> None:
    text, held = world
    inventory = parse_inventory(text.encode())
    market = Market(pool=list(POOL))
    market.populate("1001", held)
    before = set(market.held_on("1001"))
    saved = planfile.loads(planfile.dumps(make_plan(inventory, market)), "plan.json")
    planfile.verify(saved, make_plan(inventory, market))
    options = ApplyOptions(allow_disconnect=True)
    runtime = Runtime(backoff=FAST, seed=1)
    report = apply(saved, inventory, market, options=options, runtime=runtime)

    ordered = Counter({c.address: c.quantity for c in saved.changes if c.action == "order"})
    pinned = {n for c in saved.changes if c.action == "order" for n in c.numbers}
    dropped = {n for c in saved.changes if c.action == "disconnect" for n in c.numbers}
    assert report.converged
    assert Counter({g.address: g.ordered for g in report.groups if g.ordered}) == ordered
    assert sum(market.ordered_numbers.values()) == sum(ordered.values())
    drops = [c for c in saved.changes if c.action == "disconnect"]
    assert market.requests["create_disconnect"] == len(drops)  # one order per change
    after = set(market.held_on("1001"))
    assert after - before >= pinned and len(after - before) == sum(ordered.values())
    assert before - after == dropped
    assert {n for g in report.groups for n in g.disconnected} == dropped
