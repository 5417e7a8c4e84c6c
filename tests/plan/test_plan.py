"""make_plan against an in-memory account: what it counts, orders, blocks, and reads."""

from __future__ import annotations

import textwrap

import pytest
from fakes import FakeApi

from numspec.bandwidth.models import Restriction
from numspec.errors import PlanError, UsageError
from numspec.inventory import Inventory, parse_inventory
from numspec.plan.planner import make_plan


def inventory(body: str, policy: str = "") -> Inventory:
    text = f'version: 1\naccount_id: "9900000"\n{textwrap.dedent(policy)}sites:\n'
    return parse_inventory((text + textwrap.indent(textwrap.dedent(body), "  ")).encode())


US = """\
us-sales:
  site_id: "1001"
  groups:
    raleigh: {quantity: 4, country: USA, state: NC, city: RALEIGH}
    nc: {quantity: 2, country: USA, state: NC}
"""


def raleigh(api: FakeApi, count: int, start: int = 1000, site: str = "1001") -> list[str]:
    numbers = [f"+1919555{start + i:04d}" for i in range(count)]
    for n in numbers:
        api.hold(n, site, state="NC", city="RALEIGH", rate_center="RALEIGH")
    return numbers


def test_plan_orders_only_the_shortfall() -> None:
    api = FakeApi()
    raleigh(api, 3)
    plan = make_plan(inventory(US), api)
    g = plan.group("us-sales/raleigh")
    assert (g.desired, g.held, g.shortfall) == (4, 3, 1)
    assert plan.group("us-sales/nc").shortfall == 2
    assert [(c.address, c.quantity) for c in plan.changes] == [
        ("us-sales/nc", 2),
        ("us-sales/raleigh", 1),
    ]
    assert plan.summary() == {"order": 3, "disconnect": 0, "blocked": 0, "surplus_kept": 0}


def test_a_number_fitting_two_groups_is_counted_once_where_it_avoids_an_order() -> None:
    api = FakeApi()
    raleigh(api, 5)
    api.hold("+17045550000", state="NC", city="CHARLOTTE")
    plan = make_plan(inventory(US), api)
    assert plan.group("us-sales/raleigh").held == 4
    assert plan.group("us-sales/nc").held == 2
    assert plan.group("us-sales/nc").numbers == ("+17045550000", "+19195551004")
    assert not plan.changes


def test_in_flight_orders_count_as_pending_and_are_not_ordered_again() -> None:
    api = FakeApi()
    raleigh(api, 2)
    api.add_order("us-sales/raleigh", "PROCESSING", numbers=["+19195559998", "+19195559999"])
    plan = make_plan(inventory(US), api)
    g = plan.group("us-sales/raleigh")
    assert (g.held, g.pending, g.shortfall) == (2, 2, 0)
    assert g.pending_numbers == ("+19195559998", "+19195559999")


def test_an_order_that_completed_between_the_reads_is_not_counted_twice() -> None:
    api = FakeApi()
    raleigh(api, 3)  # +19195551002 came from the order below, which still says PROCESSING
    api.add_order("us-sales/raleigh", "PROCESSING", numbers=["+19195551002", "+19195559999"])
    g = make_plan(inventory(US), api).group("us-sales/raleigh")
    assert (g.held, g.pending, g.shortfall) == (3, 1, 0)


def test_finished_and_foreign_orders_are_not_pending() -> None:
    api = FakeApi()
    api.add_order("us-sales/raleigh", "FAILED", numbers=["+19195559999"])
    api.add_order("elsewhere/other", "PROCESSING", quantity=3)
    g = make_plan(inventory(US), api).group("us-sales/raleigh")
    assert (g.pending, g.shortfall) == (0, 4)
    assert api.count("get_order") == 0


def test_a_restricted_country_blocks_the_group_and_names_the_policy_key() -> None:
    api = FakeApi()
    api.country_restrictions["ITA"] = [
        Restriction("ITA", "LEGAL", "Sub allocation", "Must be a registered operator."),
        Restriction("ITA", "SERVICE", "Outbound call", "No emergency services."),
    ]
    inv = inventory(
        'it:\n  site_id: "1002"\n  groups:\n'
        '    milan: {quantity: 2, country: ITA, area_code: "02"}\n',
        policy="policy:\n  accept_restrictions:\n    ITA: [LEGAL]\n",
    )
    plan = make_plan(inv, api)
    g = plan.group("it/milan")
    assert (
        g.blocked is not None
        and "SERVICE" in g.blocked
        and "LEGAL" not in g.blocked.split(";")[0].split("type")[1].split("that")[0]
    )
    assert "policy.accept_restrictions" in g.blocked
    assert [(r.type, r.category) for r in g.restrictions] == [
        ("LEGAL", "Sub allocation"),
        ("SERVICE", "Outbound call"),
    ]
    assert plan.changes == ()
    assert plan.summary()["blocked"] == 1


def test_acknowledged_restrictions_do_not_block_and_each_country_is_read_once() -> None:
    api = FakeApi()
    api.country_restrictions["ITA"] = [Restriction("ITA", "LEGAL", "c", "d")]
    inv = inventory(
        """\
        it:
          site_id: "1002"
          groups:
            milan: {quantity: 2, country: ITA, area_code: "02"}
            rome: {quantity: 1, country: ITA, area_code: "06"}
        """,
        policy="policy:\n  accept_restrictions:\n    ITA: [LEGAL]\n",
    )
    plan = make_plan(inv, api)
    assert all(g.blocked is None for g in plan.groups)
    assert api.count("restrictions") == 1
    assert plan.summary()["order"] == 3


def test_groups_without_a_shortfall_read_no_restrictions() -> None:
    api = FakeApi()
    raleigh(api, 4)
    api.hold("+17045550000", state="NC")
    api.hold("+17045550001", state="NC")
    make_plan(inventory(US), api)
    assert api.count("restrictions") == 0


PINNED = """\
us-sales:
  site_id: "1001"
  groups:
    main-line: {country: USA, numbers: ["+19195550100", "+19195550101"]}
    nc: {quantity: 1, country: USA, state: NC}
"""


def test_pinned_numbers_held_count_for_their_group_only_and_missing_ones_are_ordered() -> None:
    api = FakeApi()
    api.hold("+19195550100", state="NC")
    api.set_status("+19195550101", "Available")
    plan = make_plan(inventory(PINNED), api)
    main = plan.group("us-sales/main-line")
    assert main.numbers == ("+19195550100",)
    assert main.pinned_to_order == ("+19195550101",)
    assert plan.group("us-sales/nc").held == 0  # the pinned number never counts elsewhere
    order = [c for c in plan.changes if c.address == "us-sales/main-line"]
    assert [(c.quantity, c.numbers) for c in order] == [(1, ("+19195550101",))]


def test_a_pinned_number_held_by_another_site_is_moved_not_blocked() -> None:
    api = FakeApi()
    api.hold("+19195550100", "1003", state="NC")
    api.hold("+19195550101", "1001", state="NC")
    plan = make_plan(inventory(PINNED), api)
    main = plan.group("us-sales/main-line")
    assert main.blocked is None and main.to_move == ("+19195550100",)
    (move,) = [c for c in plan.changes if c.address == "us-sales/main-line"]
    assert (move.action, move.numbers, move.sources, move.target) == (
        "move",
        ("+19195550100",),
        ("1003",),
        "1001",
    )
    assert move.describe() == "moves +19195550100 from 1003 to 1001 for us-sales/main-line"
    assert plan.status(main) == "move" and plan.summary()["move"] == 1


def test_a_pinned_number_on_another_site_in_scope_moves_from_that_site_and_location() -> None:
    api = FakeApi()
    api.hold("+19195550100", "1002", state="NC")
    api.hold("+19195550101", "1001", state="NC")
    inv = inventory(
        PINNED + 'other:\n  site_id: "1002"\n  groups:\n    x: {quantity: 0, country: USA}\n'
    )
    plan = make_plan(inv, api)
    (move,) = [c for c in plan.changes if c.action == "move"]
    assert move.sources == ("1002/2002",) and move.target == "1001"


def test_a_pinned_number_of_another_account_stays_blocked_and_says_why() -> None:
    api = FakeApi()
    api.hold("+19195550101", "1001", state="NC")
    api.set_status("+19195550100", "Inservice", "7777777")
    main = make_plan(inventory(PINNED), api).group("us-sales/main-line")
    assert main.blocked == (
        "pinned number +19195550100 is in service on another account (7777777); numspec moves "
        "numbers only within one account (a move across accounts needs both accounts' "
        "credentials)"
    )


ZIP = """\
us-sales:
  site_id: "1001"
  groups:
    zip: {quantity: 2, country: USA, zip: "27601"}
"""


def test_zip_counts_only_numbers_numspec_ordered_for_the_group_and_says_so() -> None:
    api = FakeApi()
    mine = raleigh(api, 1)
    raleigh(api, 1, start=2000)  # held on the site, but nothing shows its ZIP code
    api.add_order("us-sales/zip", "COMPLETE", numbers=mine, completed=mine)
    g = make_plan(inventory(ZIP), api).group("us-sales/zip")
    assert g.numbers == tuple(mine)
    assert g.shortfall == 1
    assert any(n.startswith("zip:") for n in g.notes)


LCA = """\
us-sales:
  site_id: "1001"
  groups:
    npanxx: {quantity: 3, country: USA, npa_nxx: "919555"}
"""


def test_lca_counts_exact_matches_and_neighbours_numspec_ordered_for_the_group() -> None:
    api = FakeApi()
    exact = raleigh(api, 1)
    api.hold("+19194440001", state="NC")  # a neighbour the group's own order brought
    api.hold("+19194440002", state="NC")  # a neighbour nobody ordered for the group
    api.add_order(
        "us-sales/npanxx", "PARTIAL", numbers=["+19194440001"], completed=["+19194440001"]
    )
    g = make_plan(inventory(LCA), api).group("us-sales/npanxx")
    assert g.numbers == ("+19194440001", exact[0])
    assert any(n.startswith("lca:") for n in g.notes)


def test_lca_false_counts_exact_matches_only() -> None:
    api = FakeApi()
    api.hold("+19194440001", state="NC")
    api.add_order(
        "us-sales/npanxx", "COMPLETE", numbers=["+19194440001"], completed=["+19194440001"]
    )
    g = make_plan(inventory(LCA.replace('"919555"', '"919555", lca: false')), api).group(
        "us-sales/npanxx"
    )
    assert g.held == 0 and g.notes == ()
    listed = sorted(c[1] for c in api.calls if c[0] == "list_orders")
    assert listed == ["", "BACKORDERED"]  # no provenance read for an exact group


def test_surplus_is_listed_and_disconnected_only_when_the_policy_says_so() -> None:
    api = FakeApi()
    numbers = raleigh(api, 7)
    keep = make_plan(inventory(US), api)
    assert keep.group("us-sales/raleigh").surplus == tuple(numbers[6:])
    assert not keep.changes
    drop = make_plan(
        inventory(US, policy="policy:\n  surplus: disconnect\n  max_disconnects: 5\n"), api
    )
    assert [(c.action, c.numbers) for c in drop.changes] == [("disconnect", (numbers[6],))]
    assert drop.summary()["disconnect"] == 1


def test_numbers_fitting_no_group_are_unclaimed_per_site() -> None:
    api = FakeApi()
    api.hold("+12125550000", state="NY")
    plan = make_plan(inventory(US), api)
    assert [(u.site_id, u.numbers) for u in plan.unclaimed] == [("1001", ("+12125550000",))]


TWO_SITES = (
    US
    + """\
de:
  site_id: "1003"
  groups:
    berlin: {quantity: 1, country: DEU, area_code: "30"}
"""
)


def test_a_target_limits_the_plan_and_the_reads_to_its_sites() -> None:
    api = FakeApi()
    plan = make_plan(inventory(TWO_SITES), api, targets=["de"])
    assert [g.address for g in plan.groups] == ["de/berlin"]
    assert plan.targets == ("de",)
    assert ("list_locations", "1003") in api.calls  # so the next line is not vacuous
    assert ("list_locations", "1001") not in api.calls


def test_a_group_target_still_matches_against_every_group_of_its_site() -> None:
    api = FakeApi()
    raleigh(api, 4)
    plan = make_plan(inventory(US), api, targets=["us-sales/nc"])
    assert [g.address for g in plan.groups] == ["us-sales/nc"]
    assert plan.group("us-sales/nc").held == 0  # the four Raleigh numbers belong to raleigh


def test_an_unknown_target_names_the_valid_ones() -> None:
    with pytest.raises(UsageError, match="valid targets: de, us-sales, de/berlin"):
        make_plan(inventory(TWO_SITES), FakeApi(), targets=["fr"])


def test_an_unknown_site_id_is_named_at_its_site_id_line() -> None:
    api = FakeApi(sites={"1001": ["2001"]})
    with pytest.raises(PlanError) as e:
        make_plan(inventory(TWO_SITES), api)
    assert e.value.lines() == [
        "inventory.yaml:10: site 'de': site_id 1003 is not a site of account 9900000 "
        "(its sites: 1001)"
    ]


def test_a_location_outside_its_site_is_named() -> None:
    inv = inventory(
        'us:\n  site_id: "1001"\n  location_id: "2999"\n  groups:\n'
        '    a: {quantity: 1, country: USA, area_code: "919"}\n'
    )
    with pytest.raises(PlanError, match="location_id 2999 is not a location of site 1001"):
        make_plan(inv, FakeApi())


def test_plan_reads_pages_not_numbers_and_details_only_when_needed() -> None:
    api = FakeApi(page_size=100)
    raleigh(api, 1000)
    make_plan(inventory(US), api)
    assert api.count("iter_location_numbers") == 10
    assert api.count("iter_number_details") == 10  # city/state need the /tns attributes
    assert len(api.calls) <= 25
    plain = FakeApi(page_size=100)
    raleigh(plain, 1000)
    make_plan(
        inventory(
            'us:\n  site_id: "1001"\n  groups:\n'
            '    a: {quantity: 1, country: USA, area_code: "919"}\n'
        ),
        plain,
    )
    assert plain.count("iter_number_details") == 0


def test_two_plans_of_the_same_world_are_equal_and_round_trip_through_json() -> None:
    from numspec.plan.plan_model import Plan

    api = FakeApi()
    raleigh(api, 7)
    api.add_order("us-sales/raleigh", "RECEIVED", quantity=2)
    first, second = make_plan(inventory(US), api), make_plan(inventory(US), api)
    assert first == second
    assert first.holdings_fingerprint == second.holdings_fingerprint
    assert Plan.from_dict(first.to_dict()) == first


def test_the_fingerprint_changes_when_the_holdings_do() -> None:
    api = FakeApi()
    before = make_plan(inventory(US), api).holdings_fingerprint
    raleigh(api, 1)
    assert make_plan(inventory(US), api).holdings_fingerprint != before


def test_a_location_outside_its_site_is_named_at_its_location_id_line() -> None:
    inv = inventory(
        'us:\n  site_id: "1001"\n  location_id: "2999"\n  groups:\n'
        '    a: {quantity: 1, country: USA, area_code: "919"}\n'
    )
    with pytest.raises(PlanError) as e:
        make_plan(inv, FakeApi(sites={"1001": ["2001"]}))
    assert e.value.lines() == [
        "inventory.yaml:6: group 'us/a': location_id 2999 is not a location of site 1001 "
        "(its locations: 2001)"
    ]
