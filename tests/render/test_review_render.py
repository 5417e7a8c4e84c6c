"""The review in text, Markdown and JSON; with a plan, one comment under GitHub's limit."""

from __future__ import annotations

import json

from support.inventories import BASE, REFORMATTED, edit, inventory

from numspec.plan.plan_model import Change, GroupPlan, Plan, Unclaimed
from numspec.render.plan_markdown import LIMIT, MARKER
from numspec.render.plan_review import (
    render_plan_review_json,
    render_plan_review_markdown,
    render_plan_review_text,
)
from numspec.render.review_json import render_review_json
from numspec.render.review_markdown import render_review_markdown
from numspec.render.review_text import render_review_text
from numspec.review import AccountView, Side, account_view, make_review
from numspec.review.intent import IntentChange, IntentDiff, Review, RiskNote

CHANGED = edit(("quantity: 10", "quantity: 4"), ("raleigh:", "raleigh-nc:"))


def review(head: str = CHANGED, account: AccountView | None = None) -> Review:
    base = Side("origin/main:inventory.yaml (abc)", inventory(BASE))
    return make_review(base, Side("inventory.yaml", inventory(head)), account)


def test_text_lists_each_change_then_the_notes_with_their_reasons() -> None:
    text = render_review_text(review())
    assert text.splitlines()[0] == "Intent: origin/main:inventory.yaml (abc) -> inventory.yaml"
    assert (
        "  > group us-sales/raleigh renamed to us-sales/raleigh-nc (same site and criteria)" in text
    )
    assert "  ~ us-sales/raleigh-nc: quantity 10 -> 4 (-6)" in text
    assert "2 changes of intent." in text
    assert "  ? quantity of us-sales/raleigh-nc lowered from 10 to 4\n      why: " in text


def test_text_of_a_formatting_only_change() -> None:
    text = render_review_text(review(REFORMATTED))
    assert text.endswith("\nNo change in intent.\n") and "Risk" not in text


def test_json_is_stable_and_complete() -> None:
    data = json.loads(
        render_review_json(review(account=AccountView({"us-sales/raleigh-nc": 9}, {})))
    )
    assert data["base"] == "origin/main:inventory.yaml (abc)" and data["changed"] is True
    assert data["account_read"] is True and data["unchecked"] == []
    assert data["risks"][0]["kind"] == "quantity_below_held" and data["risks"][0]["reason"]
    assert render_review_json(review()) == render_review_json(review())


def test_markdown_marks_each_change_and_the_risks() -> None:
    text = render_review_markdown(review(account=AccountView({"us-sales/raleigh-nc": 9}, {})))
    assert text.startswith("<!-- numspec-diff -->\n### What this change means\n")
    assert "- 🔀 group `us-sales/raleigh` renamed to `us-sales/raleigh-nc`" in text
    assert "#### ⚠️ Risk notes" in text and "Not checked" not in text


def _huge_review(n: int) -> Review:
    changes = tuple(
        IntentChange("pinned_added", f"site/group-{i:05d}", "numbers", None,
                     [f"+1919{i % 1000:03d}{j:04d}" for j in range(200)])
        for i in range(n)
    )  # fmt: skip
    notes = tuple(RiskNote("pinned_removed", f"site/g{i}", "m" * 80, "r" * 200) for i in range(50))
    return Review("a", "b", IntentDiff(changes), notes)


def test_a_huge_review_is_cut_to_its_budget_and_keeps_the_risk_notes() -> None:
    text = render_review_markdown(_huge_review(3000), 30_000)
    assert len(text) < 30_000
    assert "more changes not shown; run `numspec diff` for all." in text
    assert text.count("- **" + "m" * 80) == 50


def _huge_plan() -> Plan:
    groups = tuple(
        GroupPlan(f"site-{i:04d}/group", "1001", 500, 0, 0, 500,
                  numbers=tuple(f"+1919{i:03d}{j:04d}" for j in range(100)))
        for i in range(3000)
    )  # fmt: skip
    return Plan(
        "9900000", groups, changes=tuple(Change(g.address, "order", quantity=500) for g in groups)
    )


def test_review_and_plan_make_one_comment_with_one_marker_under_the_limit() -> None:
    for rev, plan in ((review(), _huge_plan()), (_huge_review(3000), _huge_plan())):
        text = render_plan_review_markdown(rev, plan)
        assert len(text) < LIMIT - 1000  # room left for the CI recipe's footer
        assert text.startswith(MARKER + "\n### What this change means")
        assert text.count(MARKER) == 1 and "<!-- numspec-diff -->" not in text
        assert "### numspec plan for account 9900000" in text
        assert "Plan: 1500000 to order, 0 to disconnect, 0 blocked." in text
        assert text.index("What this change means") < text.index("numspec plan for account")


def test_a_small_plan_with_its_review_is_shown_in_full() -> None:
    surplus = tuple(f"+1919555010{i}" for i in range(5))  # held 4 (its quantity), 5 beyond it
    plan = Plan("9900000", (GroupPlan("us-sales/raleigh-nc", "1002", 4, 4, 0, 0, surplus=surplus),),
                unclaimed=(Unclaimed("1002", ("+2",)),))  # fmt: skip
    rev = review(account=account_view(plan))
    assert [n.kind for n in rev.notes] == ["quantity_below_held"]
    text = render_plan_review_markdown(rev, plan)
    assert "holds 9 numbers, so 5 numbers become surplus" in text
    assert "<summary><code>us-sales/raleigh-nc</code>: surplus</summary>" in text
    as_text = render_plan_review_text(rev, "PLAN TEXT\n")
    assert as_text.endswith("\nPLAN TEXT\n") and as_text.startswith("Intent: ")
    data = json.loads(render_plan_review_json(rev, plan))
    assert (
        data["format_version"] == 1 and data["review"]["risks"][0]["kind"] == "quantity_below_held"
    )
    assert data["groups"][0]["address"] == "us-sales/raleigh-nc"


def test_markdown_shows_note_text_as_written() -> None:
    note = RiskNote(
        "surplus_disconnect", "policy", "a | b *c* <b>x</b> [l](u)", "_x_ max_disconnects"
    )
    text = render_review_markdown(Review("a", "b", IntentDiff(), (note,)))
    assert "- **a \\| b \\*c\\* \\<b>x\\</b> \\[l\\](u)**: \\_x\\_ max_disconnects" in text


def test_the_json_follows_its_schema_and_the_plan_schema_allows_the_review() -> None:
    from pathlib import Path

    from jsonschema import Draft202012Validator

    schemas = Path(__file__).resolve().parents[2] / "schemas"
    review_schema = json.loads((schemas / "review.schema.json").read_text(encoding="utf-8"))
    checked = review(account=AccountView({"us-sales/raleigh-nc": 9}, {}))
    for data in (json.loads(render_review_json(review())), json.loads(render_review_json(checked))):
        Draft202012Validator(review_schema).validate(data)
    combined = json.loads(render_plan_review_json(checked, Plan("9900000", ())))
    Draft202012Validator(review_schema).validate(combined["review"])
    plan_schema = json.loads((schemas / "plan.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(plan_schema).validate(combined)
    # every kind the code can emit is in the schema, and nothing else
    from numspec.review.intent import KIND_ORDER, RiskKind

    defs = review_schema["$defs"]
    assert defs["change"]["properties"]["kind"]["enum"] == list(KIND_ORDER)
    assert defs["note"]["properties"]["kind"]["enum"] == list(RiskKind.__args__)  # type: ignore[attr-defined]
