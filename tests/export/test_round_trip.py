"""Any holdings export to a file that validates and that the planner finds already satisfied.

The property behind `numspec export`: plan the exported file against the same holdings and
every exported number lands in a group, every group is full, nothing is surplus or unclaimed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from numspec.bandwidth.models import HeldNumber, Location, SiteInfo
from numspec.export import GROUP_BY_CHOICES, GroupBy, export_sites, to_document
from numspec.inventory import Inventory, parse_inventory
from numspec.plan.account_state import State
from numspec.plan.assess import assess
from numspec.plan.plan_model import Plan
from numspec.plan.planner import build_plan
from numspec.render.inventory_yaml import render_inventory

SITES = [SiteInfo("1001", "US Sales"), SiteInfo("1002", "UK support"), SiteInfo("1003", "Lab")]
LOCATIONS = [
    Location("2001", "Default", "1001", True),
    Location("2011", "Backup", "1001", False),
    Location("2002", "Default", "1002", True),
    Location("2003", "Default", "1003", True),
]
PLACES = [("1001", "2001"), ("1001", "2011"), ("1002", "2002"), ("1003", "2003"), ("1003", None)]

RATE_CENTERS = st.sampled_from([None, "RALEIGH", "DURHAM", "CARY", "X" * 70])
CITIES = st.sampled_from([None, "RALEIGH", "CARY", "NEW YORK"])


@st.composite
def nanp(draw: st.DrawFn) -> HeldNumber:
    npa, country, state = draw(
        st.sampled_from(
            [
                ("919", "USA", "NC"),
                ("984", "USA", "NC"),
                ("212", "USA", "NY"),
                ("416", "CAN", "ON"),
                ("804", "USA", "VA"),
            ]
        )
    )
    line = draw(st.integers(2_000_000, 9_999_999))
    site, location = draw(st.sampled_from(PLACES))
    return HeldNumber(
        f"+1{npa}{line}",
        site,
        location,
        country,
        draw(st.sampled_from([None, "GEOGRAPHIC", "MOBILE"])),
        npa,
        draw(CITIES),
        draw(st.sampled_from([None, state, "XX", "BC"])),
        draw(RATE_CENTERS),
    )


@st.composite
def toll_free(draw: st.DrawFn) -> HeldNumber:
    npa = draw(st.sampled_from(["800", "833", "888", "822"]))
    line = draw(st.integers(2_000_000, 9_999_999))
    site, location = draw(st.sampled_from(PLACES))
    kind = draw(st.sampled_from([None, "TOLL_FREE"]))
    return HeldNumber(f"+1{npa}{line}", site, location, "USA", kind, npa)


@st.composite
def international(draw: st.DrawFn) -> HeldNumber:
    prefix, country, area, kind = draw(
        st.sampled_from(
            [
                ("+4420", "GBR", "20", "GEOGRAPHIC"),
                ("+4930", "DEU", "30", "GEOGRAPHIC"),
                ("+447400", "GBR", None, "MOBILE"),
                ("+4420", "GBR", "0", None),
            ]
        )
    )
    rest = draw(st.integers(10**5, 10**8 - 1 if prefix.endswith("0") else 10**6 - 1))
    site, location = draw(st.sampled_from(PLACES))
    city = draw(st.sampled_from([None, "LONDON", "BERLIN"]))
    return HeldNumber(f"{prefix}{rest}", site, location, country, kind, area, city)


holdings = st.lists(
    nanp() | toll_free() | international(), max_size=40, unique_by=lambda h: h.number
)


def export_text(held: list[HeldNumber], group_by: GroupBy) -> str:
    doc = to_document("9900000", export_sites(held, SITES, LOCATIONS, group_by))
    return render_inventory(doc, exported_at=datetime(2026, 1, 1, tzinfo=UTC))


def plan_in_memory(inventory: Inventory, held: list[HeldNumber]) -> Plan:
    """Return the planner's plan of `inventory` against `held`, without any API."""
    numbers = tuple(sorted(held, key=lambda h: h.number))  # as read_state sorts them
    locations = {
        p[0]: tuple(sorted({loc for s, loc in PLACES if s == p[0] and loc})) for p in PLACES
    }
    state = State("9900000", tuple(sorted(locations)), locations, numbers)
    assessment = assess(inventory, state, inventory.groups)
    return build_plan(inventory, state, assessment, inventory.groups, {})


@settings(max_examples=100, deadline=None)
@given(holdings, st.sampled_from(GROUP_BY_CHOICES))
def test_exported_file_validates_and_plans_to_no_changes(
    held: list[HeldNumber], group_by: GroupBy
) -> None:
    inventory = parse_inventory(export_text(held, group_by).encode(), "exported.yaml")
    skipped = {n for s in export_sites(held, SITES, LOCATIONS, group_by) for n in s.skipped}
    plan = plan_in_memory(inventory, held)
    assert not plan.has_changes
    assert all(g.held == g.desired and not g.surplus and not g.blocked for g in plan.groups)
    assert {n for u in plan.unclaimed for n in u.numbers} == skipped
    assert sum(g.held for g in plan.groups) == len(held) - len(skipped)


def test_only_numbers_invalid_for_their_country_are_skipped() -> None:
    held = [
        HeldNumber("+1555", "1001", "2001", "USA"),
        HeldNumber("+19195550101", "1001", "2001", "USA"),
    ]
    (site, *_) = export_sites(held, SITES, LOCATIONS)
    assert site.skipped == ("+1555",)
