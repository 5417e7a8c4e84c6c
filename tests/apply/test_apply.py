"""apply against an in-memory market: shortfall only, recovery, blocking, waiting, never twice."""

from __future__ import annotations

import pytest
from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.events import ApplyEvent
from numspec.apply.polling import Backoff
from numspec.apply.report import ApplyReport
from numspec.bandwidth.models import NumbersOrder, OrderRequest, SearchOrder
from numspec.errors import (
    AccessDeniedError,
    ApiError,
    CountryNotAllowedError,
    InvalidSiteError,
    NumberTakenError,
    UnsafePlanError,
)
from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory
from numspec.plan import tags
from numspec.plan.planner import make_plan

# The fake market moves an order on only when it is fetched, so fetch directly on every look.
FAST = Backoff(initial=0.001, maximum=0.005, direct=0.001)


def inventory(groups: str, policy: str = "") -> Inventory:
    text = f"""version: 1
account_id: "9900000"
{policy}
sites:
  us-sales:
    site_id: "1001"
    groups:
{groups}
"""
    return parse_inventory(text.encode())


RALEIGH5 = '      raleigh: {quantity: 5, country: USA, area_code: "919"}'


def run(
    inv: Inventory,
    market: Market,
    options: ApplyOptions | None = None,
    **seams: object,
) -> ApplyReport:
    runtime = Runtime(backoff=FAST, seed=1, **seams)  # type: ignore[arg-type]
    plan = make_plan(inv, market)
    return apply(plan, inv, market, options=options or ApplyOptions(), runtime=runtime)


def test_apply_orders_only_the_shortfall() -> None:
    market = Market(pool=nanp("919", 20))
    market.populate("1001", [a.number for a in market.pool[:2]])
    report = run(inventory(RALEIGH5), market)
    group = report.groups[0]
    assert (group.status, group.held, group.ordered) == ("converged", 5, 3)
    assert sum(market.ordered_numbers.values()) == 3
    assert report.converged


def test_numbers_taken_by_another_customer_are_searched_again_for_the_remainder_only() -> None:
    market = Market(pool=nanp("919", 20))
    taken: list[str] = []

    def race(request: OrderRequest) -> None:
        if not taken:
            taken.extend(request.numbers[:2])
            market.steal(*taken)

    market.before_post = race
    report = run(inventory(RALEIGH5), market)
    group = report.groups[0]
    assert (group.status, group.held, len(group.orders)) == ("converged", 5, 2)
    second = market.orders[group.orders[1]].request
    assert len(second.numbers) == 2 and not set(second.numbers) & set(taken)
    assert market.duplicates() == []


def test_numbers_lost_to_a_race_are_replaced_from_the_same_search_before_searching_again() -> None:
    market = Market(pool=nanp("919", 40))
    taken: list[str] = []

    def race(request: OrderRequest) -> None:
        if not taken:
            taken.extend(request.numbers[:2])
            market.steal(*taken)

    market.before_post = race
    report = run(inventory('      raleigh: {quantity: 8, country: USA, area_code: "919"}'), market)
    group = report.groups[0]
    assert (group.status, group.held, len(group.orders)) == ("converged", 8, 2)
    assert market.requests["search"] == 1  # the replacements were spares of the first search
    assert market.duplicates() == []
    first = market.orders[group.orders[0]]
    assert first.request.numbers and market.requests["get_order"] >= 1  # which were lost: read


def test_without_races_the_spares_a_search_found_are_not_ordered() -> None:
    market = Market(pool=nanp("919", 40))
    report = run(inventory('      raleigh: {quantity: 8, country: USA, area_code: "919"}'), market)
    assert report.groups[0].held == 8 and sum(market.ordered_numbers.values()) == 8
    assert market.requests["search"] == 1


def test_a_pool_too_small_fails_the_group_with_the_numbers_it_did_get() -> None:
    market = Market(pool=nanp("919", 3))
    report = run(inventory(RALEIGH5), market)
    group = report.groups[0]
    assert (group.status, group.held) == ("failed", 3)
    assert "only 3 of the 5" in (group.reason or "")
    assert not report.converged


def test_an_account_error_blocks_its_group_and_the_others_still_converge() -> None:
    market = Market(pool=nanp("919", 20), denied=frozenset({"GBR"}))
    groups = (
        RALEIGH5 + '\n      london: {quantity: 2, country: GBR, type: GEOGRAPHIC, area_code: "20"}'
    )
    report = run(inventory(groups), market)
    by = {g.address: g for g in report.groups}
    assert by["us-sales/london"].status == "blocked"
    assert "Access denied" in (by["us-sales/london"].reason or "")
    assert by["us-sales/raleigh"].status == "converged"
    assert market.requests["create_order"] == 1


def test_orders_in_flight_from_a_killed_run_count_for_the_group_and_are_not_repeated() -> None:
    market = Market(pool=nanp("919", 20))
    inv = inventory(RALEIGH5)
    numbers = tuple(a.number for a in market.pool[:5])
    coid = tags.customer_order_id("us-sales/raleigh", "deadbeef", 1)
    market.create_order(NumbersOrder("1001", coid, "numspec us-sales/raleigh", numbers))
    report = run(inv, market)
    assert report.groups[0].status == "converged"
    assert market.requests["create_order"] == 1  # only the killed run's
    assert report.groups[0].orders == ()  # the plan lists no change: apply placed nothing


def test_another_runs_order_seen_before_the_post_is_waited_for_instead_of_ordering() -> None:
    market = Market(pool=nanp("919", 20))
    inv = inventory(RALEIGH5)
    plan = make_plan(inv, market)
    # The other run ordered after this run's plan was made, before this run's POST.
    coid = tags.customer_order_id("us-sales/raleigh", "0a0a0a0a", 1)
    numbers = tuple(a.number for a in market.pool[:5])
    market.create_order(NumbersOrder("1001", coid, "numspec us-sales/raleigh", numbers))
    report = apply(plan, inv, market, options=ApplyOptions(), runtime=Runtime(backoff=FAST))
    assert report.groups[0].status == "converged"
    assert report.groups[0].held == 5
    assert market.requests["create_order"] == 1
    assert len(market.held_on("1001")) == 5


def test_numbers_always_taken_fail_the_group_after_the_bounded_rounds() -> None:
    market = Market(pool=nanp("919", 200), race_rate=1.0)
    report = run(inventory(RALEIGH5), market, max_rounds=3)
    group = report.groups[0]
    assert group.status == "failed" and "after 3 rounds" in (group.reason or "")
    assert market.requests["create_order"] == 3


def test_a_group_that_gets_some_numbers_every_round_goes_on_past_max_rounds() -> None:
    market = Market(pool=nanp("919", 200))
    # Another customer takes all but one of the numbers of every order before it completes.
    market.before_post = lambda request: market.steal(*_numbers_of(request)[1:])
    report = run(
        inventory('      raleigh: {quantity: 4, country: USA, area_code: "919"}'),
        market,
        max_rounds=1,
    )
    group = report.groups[0]
    assert group.status == "converged" and group.held == 4
    assert market.requests["create_order"] == 4  # one number a round, none beyond the quantity
    assert not market.duplicates()


def _numbers_of(request: OrderRequest) -> tuple[str, ...]:
    assert isinstance(request, NumbersOrder)
    return tuple(request.numbers)


def test_reserve_orders_the_first_round_directly_when_nobody_races_the_group() -> None:
    market = Market(pool=nanp("919", 20))
    report = run(inventory(RALEIGH5), market, ApplyOptions(reserve=True))
    assert report.groups[0].status == "converged"
    (order,) = market.orders.values()
    assert len(order.request.numbers) == 5 and order.request.reservation_ids == ()
    assert market.requests["reserve"] == 0  # nothing lost: nothing shown to be contested


def test_after_a_loss_the_group_reserves_and_reserved_numbers_are_not_lost_to_a_race() -> None:
    market = Market(pool=nanp("919", 20), race_rate=1.0)
    refused: list[OrderRequest] = []

    def refuse_once(request: OrderRequest) -> None:
        if not refused:
            refused.append(request)
            raise NumberTakenError(
                "refused", status=400, code="5218", description="on another order"
            )

    market.before_post = refuse_once
    report = run(inventory(RALEIGH5), market, ApplyOptions(reserve=True))
    assert report.groups[0].status == "converged"
    (order,) = market.orders.values()
    assert refused[0].reservation_ids == ()  # the first round orders directly
    assert len(order.request.reservation_ids) == 5  # after the loss, the next round reserves
    assert market.requests["reserve"] == 5
    assert not set(order.request.numbers) & set(refused[0].numbers)
    assert market.reserved == {}  # used ones consumed


def test_an_order_that_outlives_the_timeout_fails_the_group_and_stays_pending() -> None:
    market = Market(pool=nanp("919", 20), steps=10**9)
    report = run(inventory(RALEIGH5), market, ApplyOptions(timeout=0.05))
    group = report.groups[0]
    assert group.status == "failed" and "timed out waiting for order" in (group.reason or "")
    assert group.pending == 5


@pytest.mark.parametrize(
    ("npa", "criteria", "kind", "field"),
    [
        ("919", 'area_code: "919"', "AreaCodeSearchAndOrderType", ("AreaCode", "919")),
        (
            "888",
            'toll_free_wildcard: "88*"',
            "TollFreeWildCharSearchAndOrderType",
            ("TollFreeWildCardPattern", "88*"),
        ),
    ],
)
def test_backorder_groups_backorder_what_the_search_cannot_fill(
    npa: str, criteria: str, kind: str, field: tuple[str, str]
) -> None:
    market = Market(pool=nanp(npa, 2))
    report = run(
        inventory(f"      g: {{quantity: 5, country: USA, {criteria}, backorder: true}}"), market
    )
    group = report.groups[0]
    assert group.status == "converged" and group.held == 2 and group.pending == 3
    backorder = market.orders[group.orders[-1]].request
    assert isinstance(backorder, SearchOrder)
    assert backorder.backorder and backorder.order_type == kind
    assert (backorder.fields, backorder.quantity) == ((field,), 3)


def test_pinned_numbers_are_ordered_exactly_and_a_taken_one_fails_the_group() -> None:
    market = Market(pool=nanp("919", 20))
    pinned = [a.number for a in market.pool[3:5]]
    # Taken by another customer after plan saw it available (taken before, plan blocks it).
    market.before_post = lambda request: market.steal(pinned[1])
    group_yaml = f'      main: {{country: USA, numbers: ["{pinned[0]}", "{pinned[1]}"]}}'
    report = run(inventory(group_yaml), market)
    group = report.groups[0]
    assert group.status == "failed" and pinned[1] in (group.reason or "")
    assert market.orders["order-0001"].request.numbers == tuple(pinned)
    assert market.held_on("1001") == [pinned[0]]


MORE3 = '      more: {quantity: 3, country: USA, area_code: "828"}'
SURPLUS = """policy:
  surplus: disconnect
  max_disconnects: 2"""


def test_disconnects_without_permission_are_refused_before_any_order() -> None:
    market = Market(pool=nanp("919", 20) + nanp("828", 5))
    market.populate("1001", [a.number for a in market.pool[:7]])
    groups = f"{RALEIGH5}\n{MORE3}"
    inv = inventory(groups, SURPLUS)
    with pytest.raises(UnsafePlanError, match="--allow-disconnect"):
        run(inv, market)
    assert market.requests["create_order"] == 0


def test_allowed_disconnects_run_after_orders_and_are_waited_for() -> None:
    market = Market(pool=nanp("919", 20) + nanp("828", 5))
    market.populate("1001", [a.number for a in market.pool[:7]])
    groups = f"{RALEIGH5}\n{MORE3}"
    events: list[ApplyEvent] = []
    inv = inventory(groups, SURPLUS)
    report = apply(
        make_plan(inv, market),
        inv,
        market,
        options=ApplyOptions(allow_disconnect=True),
        runtime=Runtime(backoff=FAST),
        events=events.append,
    )
    by = {g.address: g for g in report.groups}
    assert len(by["us-sales/raleigh"].disconnected) == 2
    assert by["us-sales/raleigh"].held == 5 and by["us-sales/more"].held == 3
    kinds = [e.kind for e in events]
    assert kinds.index("disconnecting") > max(i for i, k in enumerate(kinds) if k == "ordering")
    assert report.converged


def test_report_dict_has_the_contract_keys() -> None:
    market = Market(pool=nanp("919", 20))
    data = run(inventory(RALEIGH5), market).to_dict()
    assert data["converged"] is True
    assert {"address", "desired", "held", "ordered", "orders", "status"} <= set(data["groups"][0])


@pytest.mark.parametrize(
    ("refusal", "status", "reason"),
    [
        (
            CountryNotAllowedError("x", code="5257", description="non +1 not allowed"),
            "blocked",
            "non +1",
        ),
        (
            AccessDeniedError("x", code="4014", description="Access denied"),
            "blocked",
            "Access denied",
        ),
        (
            InvalidSiteError("x", code="4014", description="The SiteId submitted is invalid."),
            "failed",
            "site is not valid",
        ),
    ],
)
def test_a_refused_order_ends_its_group_as_its_kind_says(
    refusal: ApiError, status: str, reason: str
) -> None:
    market = Market(pool=nanp("919", 20))

    def refuse(request: OrderRequest) -> None:
        raise refusal

    market.before_post = refuse
    report = run(inventory(RALEIGH5), market)
    (group,) = report.groups
    assert group.status == status
    assert reason in (group.reason or "")
    assert market.orders == {}
