"""Which /tns reads a plan makes: only numbers some group compares, as page-aligned chains."""

from __future__ import annotations

import textwrap
from concurrent.futures import ThreadPoolExecutor

from fakes import FakeApi

from numspec.bandwidth.details_query import DetailsQuery
from numspec.inventory import Inventory, parse_inventory
from numspec.inventory.model import Group
from numspec.plan.account_state import SiteHoldings, held_numbers
from numspec.plan.details import CHAIN_PAGES, PAGE, plan_chains, rivals, wanted_numbers
from numspec.plan.planner import make_plan


def inventory(body: str) -> Inventory:
    text = 'version: 1\naccount_id: "9900000"\nsites:\n'
    return parse_inventory((text + textwrap.indent(textwrap.dedent(body), "  ")).encode())


def block(npa: str, count: int, start: int = 0) -> list[str]:
    return [f"+1{npa}555{start + i:04d}" for i in range(count)]


def test_a_long_read_is_cut_at_page_boundaries_into_one_chain_per_worker() -> None:
    held = block("919", 4 * PAGE + 10)
    chains = plan_chains(held, held, workers=8)
    assert [c.query.start for c in chains] == [held[i * PAGE] for i in range(5)]
    assert [c.last for c in chains] == [held[i * PAGE - 1] for i in range(1, 5)] + [held[-1]]
    assert sum(c.pages for c in chains) == 5  # the pages the data needs, no more


def test_only_the_wanted_run_is_read_when_a_page_or_more_lies_between() -> None:
    held = sorted(block("212", 3 * PAGE) + block("919", 100))
    chains = plan_chains(held, block("919", 100), workers=8)
    assert [(c.query, c.last, c.pages) for c in chains] == [
        (DetailsQuery(start="+19195550000"), "+19195550099", 1)
    ]


def test_numbers_of_other_sites_between_wanted_ones_are_read_when_under_a_page() -> None:
    held = block("919", 3 * PAGE)
    wanted = held[::100]
    chains = plan_chains(held, wanted, workers=1)
    assert [(c.query.start, c.last, c.pages) for c in chains] == [(held[0], wanted[-1], 3)]


def test_nothing_wanted_reads_nothing() -> None:
    assert plan_chains(block("919", 10), [], workers=8) == []


def test_wanted_numbers_are_those_a_group_on_their_site_compares_attributes_of() -> None:
    inv = inventory(
        """\
        a:
          site_id: "1001"
          groups:
            raleigh: {quantity: 1, country: USA, state: NC, area_code: "919"}
            digits: {quantity: 1, country: USA, area_code: "212"}
        b:
          site_id: "1002"
          groups:
            digits: {quantity: 1, country: USA, area_code: "919"}
        """
    )
    held = [("+19195550000", "1001"), ("+12125550000", "1001"), ("+19195550001", "1002")]
    assert wanted_numbers(inv.groups, held) == ["+19195550000"]


def test_plan_target_reads_the_attributes_of_its_site_only() -> None:
    api = FakeApi(page_size=PAGE)
    api.hold_many(block("919", 3000), "1001", state="NC", city="RALEIGH")
    api.hold_many(block("212", 3000), "1002", state="NY", city="NEW YORK")
    inv = inventory(
        """\
        nc:
          site_id: "1001"
          groups:
            raleigh: {quantity: 5, country: USA, state: NC, city: RALEIGH}
        ny:
          site_id: "1002"
          groups:
            nyc: {quantity: 5, country: USA, state: NY, city: NEW YORK}
        """
    )
    plan = make_plan(inv, api, targets=["nc"])
    assert plan.group("nc/raleigh").held == 5
    reads = [c for c in api.calls if c[0] == "iter_number_details"]
    assert reads and all(c[-1].startswith("+1919") for c in reads)
    assert len(reads) == 2  # 3,000 numbers: two pages, not the account's three
    full = FakeApi(page_size=PAGE)
    full.holdings, full.details = api.holdings, api.details
    assert make_plan(inv, full).group("ny/nyc").held == 5
    assert full.count("iter_number_details") == 3


RIVALS = """\
    nc:
      site_id: "1001"
      groups:
        new: {quantity: 20, country: USA, area_code: "980"}
        raleigh: {quantity: 1, country: USA, state: NC, area_code: "919"}
        durham: {quantity: 1, country: USA, state: NC, npa_nxx: "919555"}
        nyc: {quantity: 1, country: USA, state: NY, area_code: "212"}
    ny:
      site_id: "1002"
      groups:
        nyc: {quantity: 1, country: USA, state: NY, area_code: "980"}
    """


def addresses(groups: list[Group]) -> list[str]:
    return [g.address for g in groups]


def test_a_target_whose_digits_no_held_number_has_competes_with_nobody() -> None:
    inv = inventory(RIVALS)
    held = [("+19195550000", "1001"), ("+12125550000", "1001"), ("+19805550000", "1002")]
    (new,) = [g for g in inv.groups if g.address == "nc/new"]
    assert addresses(rivals([new], inv.groups, held)) == ["nc/new"]


def test_groups_that_can_match_a_number_the_target_can_match_are_its_rivals() -> None:
    inv = inventory(RIVALS)
    held = [("+19195550000", "1001"), ("+12125550000", "1001")]
    (raleigh,) = [g for g in inv.groups if g.address == "nc/raleigh"]
    # durham's NPA-NXX lies inside raleigh's area code and the site holds such a number.
    assert addresses(rivals([raleigh], inv.groups, held)) == ["nc/raleigh", "nc/durham"]
    # Without a held number in 919-555, the two cannot meet.
    assert addresses(rivals([raleigh], inv.groups, [("+19196660000", "1001")])) == ["nc/raleigh"]


def test_rivals_are_found_through_a_chain_of_groups() -> None:
    inv = inventory(
        """\
        nc:
          site_id: "1001"
          groups:
            target: {quantity: 1, country: USA, area_code: "919"}
            anywhere: {quantity: 1, country: USA, state: NC}
            nyc: {quantity: 1, country: USA, state: NY, area_code: "212"}
        """
    )
    held = [("+19195550000", "1001"), ("+12125550000", "1001")]
    (target,) = [g for g in inv.groups if g.address == "nc/target"]
    # `anywhere` can match any number, so it reaches nyc's 212 numbers: all three compete.
    assert len(rivals([target], inv.groups, held)) == 3


def test_a_target_no_held_number_can_fit_reads_no_attributes_and_plans_as_the_full_plan() -> None:
    api = FakeApi(page_size=PAGE)
    api.hold_many(block("919", 3000), "1001", state="NC", city="RALEIGH")
    inv = inventory(RIVALS)
    plan = make_plan(inv, api, targets=["nc/new"])
    assert api.count("iter_number_details") == 0
    full = FakeApi(page_size=PAGE)
    full.holdings, full.details = api.holdings, api.details
    whole = make_plan(inv, full)
    assert full.count("iter_number_details") > 0
    assert plan.group("nc/new") == whole.group("nc/new")
    assert plan.to_order("nc/new") == 20


def test_a_long_read_is_cut_into_chains_of_ten_pages_on_page_boundaries_at_no_extra_page() -> None:
    held = [f"+1919{i:07d}" for i in range(25 * PAGE)]
    chains = plan_chains(held, held, workers=1)
    assert [c.pages for c in chains] == [CHAIN_PAGES, CHAIN_PAGES, 5]
    assert [c.query.start for c in chains] == [held[0], held[10 * PAGE], held[20 * PAGE]]
    assert [c.last for c in chains] == [held[10 * PAGE - 1], held[20 * PAGE - 1], held[-1]]


def test_attributes_reach_every_holding_of_a_number_and_skip_numbers_not_read() -> None:
    api = FakeApi(page_size=2)
    api.hold("+19195550100", city="RALEIGH")
    api.hold("+19195550101", city="CARY")
    api.hold("+19195550102", city="DURHAM")  # listed by /tns, not on the locations read
    api.hold("+19195550103", city="APEX")
    listed = {"2001": ["+19195550100", "+19195550101"], "2002": ["+19195550101", "+19195550103"]}
    with ThreadPoolExecutor(max_workers=4) as pool:
        held = held_numbers(api, [SiteHoldings("1001", (), listed)], pool)
    assert [(h.number, h.location_id, h.city) for h in held] == [
        ("+19195550100", "2001", "RALEIGH"),
        ("+19195550101", "2001", "CARY"),
        ("+19195550101", "2002", "CARY"),
        ("+19195550103", "2002", "APEX"),
    ]
