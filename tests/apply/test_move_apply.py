"""apply carries out move changes: tagged move orders of at most 5,000, polled, reported."""

from __future__ import annotations

import pytest
from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.polling import Backoff
from numspec.apply.report import ApplyReport
from numspec.errors import UnsafePlanError
from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory
from numspec.plan import tags
from numspec.plan.planner import make_plan

FAST = Backoff(initial=0.001, maximum=0.005, direct=0.001)


def inventory(
    quantity: int, policy: str = "policy:\n  surplus: move\n  max_moves: 6000\n"
) -> Inventory:
    text = f"""version: 1
account_id: "9900000"
{policy}
sites:
  us-sales:
    site_id: "1001"
    groups:
      main: {{quantity: 1, country: USA, area_code: "919"}}
  us-support:
    site_id: "1002"
    groups:
      main: {{quantity: {quantity}, country: USA, area_code: "919"}}
"""
    return parse_inventory(text.encode())


def run(inv: Inventory, market: Market) -> ApplyReport:
    runtime = Runtime(backoff=FAST, seed=1)
    return apply(make_plan(inv, market), inv, market, options=ApplyOptions(), runtime=runtime)


def test_surplus_moves_instead_of_ordering_and_the_report_says_so() -> None:
    market = Market(pool=nanp("919", 20))
    market.populate("1001", [a.number for a in market.pool[:4]])
    report = run(inventory(3), market)
    support = next(g for g in report.groups if g.address == "us-support/main")
    assert (support.status, support.held, support.ordered, len(support.moved)) == (
        "converged",
        3,
        0,
        3,
    )
    assert market.requests["create_move"] == 1 and market.requests["create_order"] == 0
    assert len(market.held_on("1002")) == 3 and len(market.held_on("1001")) == 1
    (move,) = [m for m, _ in market.moves.values()]
    parsed = tags.parse(move.customer_order_id)
    assert parsed is not None and parsed.group == tags.group_tag("us-support/main")
    assert report.summary()["moved"] == 3
    assert not make_plan(inventory(3), market).changes


def test_numbers_beyond_one_move_order_go_out_in_chunks_polled_through_one_listing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("numspec.bandwidth.moves.MAX_MOVE", 2)  # 5,000 in real life
    market = Market(pool=nanp("919", 10), steps=3)
    market.populate("1001", [a.number for a in market.pool[:6]])
    inv = inventory(5)
    plan = make_plan(inv, market)
    listed = market.requests["list_moves"]
    runtime = Runtime(backoff=FAST, seed=1)
    report = apply(plan, inv, market, options=ApplyOptions(), runtime=runtime)
    assert [len(m.numbers) for m, _ in market.moves.values()] == [2, 2, 1]
    assert all(m.status == "COMPLETE" for m, _ in market.moves.values())
    assert len(market.held_on("1002")) == 5 and report.converged
    # Three moves in flight: each look lists the account's moves once for all of them.
    assert market.requests["list_moves"] > listed


def test_a_partial_move_is_reported_with_the_numbers_not_moved_and_replanned() -> None:
    market = Market(pool=nanp("919", 10))
    market.populate("1001", [a.number for a in market.pool[:4]])
    gone: list[str] = []
    real_get = market.get_move

    def disconnected_meanwhile(order_id: str):  # type: ignore[no-untyped-def]
        if not gone:
            move, _ = market.moves[order_id]
            gone.append(move.numbers[0])
            market.held.pop(gone[0])  # someone else disconnected it while the move waited
        return real_get(order_id)

    market.get_move = disconnected_meanwhile  # type: ignore[method-assign]
    report = run(inventory(3), market)
    support = next(g for g in report.groups if g.address == "us-support/main")
    assert support.status == "failed"
    assert support.reason is not None and "ended PARTIAL" in support.reason
    assert f"{gone[0]} not moved (7518 Telephone Number Not Active.)" in support.reason
    assert support.reason.endswith("; the next plan orders 1")  # re-planned into the report
    assert len(support.moved) == 2 and support.held == 2
    assert [(c.action, c.quantity) for c in make_plan(inventory(3), market).changes] == [
        ("order", 1)
    ]


def test_apply_refuses_a_plan_that_moves_more_than_policy_max_moves() -> None:
    market = Market(pool=nanp("919", 10))
    market.populate("1001", [a.number for a in market.pool[:4]])
    inv = inventory(3, "policy:\n  surplus: move\n  max_moves: 2\n")
    with pytest.raises(UnsafePlanError, match="more than policy.max_moves"):
        run(inv, market)
    assert market.requests["create_move"] == 0
