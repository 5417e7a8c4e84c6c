"""The plan renderers: text, JSON and Markdown read the same Plan and say the same thing."""

from __future__ import annotations

import json

from numspec.bandwidth.models import Restriction
from numspec.plan.plan_model import Change, GroupPlan, Plan, Unclaimed
from numspec.render.plan_json import render_json
from numspec.render.plan_markdown import LIMIT, MARKER, render_markdown
from numspec.render.plan_text import no_changes_line, render_text, summary_line


def sample() -> Plan:
    groups = (
        GroupPlan("us-sales/raleigh", "1002", 10, 4, 0, 6, numbers=("+19195550101",)),
        GroupPlan(
            "us-sales/zip",
            "1002",
            1,
            2,
            0,
            0,
            numbers=("+19195550141", "+19195550142"),
            surplus=("+19195550142",),
            notes=("zip: counted from numspec's own orders.",),
        ),
        GroupPlan(
            "it/milan",
            "1003",
            2,
            0,
            0,
            2,
            blocked="ITA has restrictions of type SERVICE ...",
            restrictions=(Restriction("ITA", "SERVICE", "Outbound call", "No emergency."),),
        ),
    )
    changes = (
        Change("us-sales/raleigh", "order", quantity=6),
        Change("us-sales/zip", "disconnect", quantity=1, numbers=("+19195550142",)),
    )
    return Plan(
        "9900000",
        tuple(sorted(groups, key=lambda g: g.address)),
        unclaimed=(Unclaimed("1002", ("+19195550999",)),),
        changes=changes,
    )


def test_text_ends_with_the_summary_line_and_has_no_escape_codes_when_plain() -> None:
    text = render_text(sample(), color=False)
    assert text.splitlines()[-1] == "Plan: 6 to order, 1 to disconnect, 1 blocked."
    assert "\x1b[" not in text
    assert "raleigh" in text and "us-sales (site 1002)" in text
    assert "SERVICE (Outbound call): No emergency." in text


def test_text_is_coloured_only_when_asked() -> None:
    assert "\x1b[" in render_text(sample(), color=True)


def test_text_of_an_account_in_order_says_so() -> None:
    plan = Plan("9900000", (GroupPlan("a/b", "1001", 1, 1, 0, 0, numbers=("+19195550100",)),))
    assert render_text(plan).splitlines()[-1] == "No changes. The account matches the inventory."


def test_json_follows_the_contract_and_omits_the_saved_keys() -> None:
    data = json.loads(render_json(sample()))
    assert data["format_version"] == 1
    assert data["summary"] == {"order": 6, "disconnect": 1, "blocked": 1, "surplus_kept": 0}
    assert data["changes"][1] == {
        "address": "us-sales/zip",
        "action": "disconnect",
        "numbers": ["+19195550142"],
    }
    milan = data["groups"][0]
    assert milan["restrictions"][0]["type"] == "SERVICE"
    assert {"desired", "held", "pending", "to_order", "surplus", "numbers", "blocked"} <= set(milan)
    assert "holdings_fingerprint" not in data
    assert "holdings_fingerprint" in json.loads(render_json(sample(), saved=True))


def test_saved_json_reads_back_to_the_same_plan() -> None:
    plan = sample()
    assert Plan.from_dict(json.loads(render_json(plan, saved=True))) == plan


def test_markdown_has_the_marker_a_table_and_collapsible_details() -> None:
    text = render_markdown(sample())
    assert text.startswith(MARKER)
    assert "| `us-sales/raleigh` | 1002 | 10 | 4 | 0 | 6 | order |" in text
    assert "<details>" in text and "Blocked:" in text


def test_markdown_of_a_huge_plan_stays_under_githubs_limit() -> None:
    groups = tuple(
        GroupPlan(
            f"site-{i:04d}/group",
            "1001",
            500,
            0,
            0,
            500,
            numbers=tuple(f"+1919{i:03d}{j:04d}" for j in range(100)),
        )
        for i in range(3000)
    )
    changes = tuple(Change(g.address, "order", quantity=500) for g in groups)
    text = render_markdown(Plan("9900000", groups, changes=changes))
    assert len(text) < LIMIT
    assert text.startswith(MARKER)
    assert "Plan: 1500000 to order, 0 to disconnect, 0 blocked." in text


def test_groups_waiting_for_orders_say_pending_and_the_summary_says_how_many() -> None:
    waiting = GroupPlan("us-sales/raleigh", "1002", 5, 3, 2, 0, pending_orders=("o-1",))
    plan = Plan("9900000", (waiting,))
    text = render_text(plan, color=False)
    row = next(line for line in text.splitlines() if line.strip().startswith("raleigh"))
    assert row.split()[-1] == "pending"
    assert text.rstrip().endswith(
        "No changes. 2 numbers are still on order and counted toward their groups."
    )
    assert json.loads(render_json(plan))["groups"][0]["status"] == "pending"


def test_kept_surplus_is_in_the_summary_line_and_apply_still_says_no_changes() -> None:
    extra = ("+19195550101", "+19195550102")
    group = GroupPlan("a/b", "1001", 1, 1, 0, 0, numbers=("+19195550100",), surplus=extra)
    plan = Plan("9900000", (group,))
    assert (
        summary_line(plan)
        == "Plan: 0 to order, 0 to disconnect, 0 blocked; 2 surplus numbers kept."
    )
    assert (
        no_changes_line(plan) == "No changes. 2 surplus numbers are kept (policy.surplus is keep)."
    )
