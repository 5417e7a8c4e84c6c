"""Render a Plan as Markdown for a pull-request comment.

A hidden `<!-- numspec-plan -->` marker lets CI find and update its one comment; a summary
table; the details of each group in collapsible sections. GitHub rejects comments of 65,536
characters or more, so the output degrades (fewer numbers listed, then no details, then the
changed groups only) until it fits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from numspec.plan.plan_model import GroupPlan, Plan
from numspec.render.plan_text import status_label, summary_line
from numspec.render.sanitize import html, line, markdown
from numspec.wording import count

MARKER = "<!-- numspec-plan -->"
LIMIT = 65_536
_BUDGET = LIMIT - 1_024  # room for a caller's own header or footer


def _cell(text: object) -> str:
    """API or file text in a table cell or a line: inert, shown as the text it is."""
    return markdown(text)


def _code(text: object) -> str:
    """An identifier inside a code span (validated names; a backtick would end the span)."""
    return line(str(text)).replace("`", "'").replace("|", "\\|")


def _table(plan: Plan, groups: Iterable[GroupPlan]) -> list[str]:
    rows = [
        "| group | site | wanted | held | pending | to order | status |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for g in groups:
        status = status_label(plan, g)
        rows.append(
            f"| `{_code(g.address)}` | {_cell(g.site_id)} | {g.desired} | {g.held} | {g.pending} | "
            f"{plan.to_order(g.address) or '-'} | {'⛔ ' if g.blocked else ''}{status} |"
        )
    return rows


def _numbers(numbers: tuple[str, ...], limit: int | None) -> str:
    shown = numbers if limit is None else numbers[:limit]
    text = ", ".join(f"`{n}`" for n in shown)
    return text + (f" and {len(numbers) - len(shown)} more" if len(shown) < len(numbers) else "")


def _details(plan: Plan, g: GroupPlan, limit: int | None) -> list[str]:
    body: list[str] = []
    if g.blocked:
        body.append(f"**Blocked:** {_cell(g.blocked)} ({g.shortfall} short)")
    if g.restrictions:
        body += ["", "| type | category | description |", "| --- | --- | --- |"]
        body += [
            f"| {_cell(r.type)} | {_cell(r.category)} | {_cell(r.description)} |"
            for r in g.restrictions
        ]
        body.append("")
    for label, numbers in (
        ("Held", g.numbers),
        ("Pending", g.pending_numbers),
        ("Pinned, to order", g.pinned_to_order),
        ("To move here", g.to_move),
        ("Surplus", g.surplus),
    ):
        if numbers:
            body.append(f"- {label} ({len(numbers)}): {_numbers(numbers, limit)}")
    body += [f"- Note: {_cell(n)}" for n in g.notes]
    if not body:
        return []
    title = f"<code>{html(g.address)}</code>: {plan.status(g)}"
    return ["<details>", f"<summary>{title}</summary>", "", *body, "", "</details>", ""]


def _document(
    plan: Plan, groups: list[GroupPlan], details: Callable[[GroupPlan], list[str]], tail: list[str]
) -> str:
    lines = [
        MARKER,
        f"### numspec plan for account {plan.account_id}",
        "",
        f"**{summary_line(plan)}**",
        "",
    ]
    lines += _table(plan, groups) + [""] if groups else []
    for g in groups:
        lines += details(g)
    for c in plan.changes:
        if c.action == "disconnect":
            lines.append(f"- Disconnect from `{c.address}`: {count(len(c.numbers))}")
        elif c.action == "move":
            sources = ", ".join(f"`{s}`" for s in sorted(set(c.sources)))
            lines.append(
                f"- Move to `{c.address}` (`{c.target}`): {count(len(c.numbers))} from {sources}"
            )
        elif c.action == "assign_voice_package":
            shown = ", ".join(f"`{n}`" for n in c.numbers[:10])
            more = f" and {len(c.numbers) - 10} more" if len(c.numbers) > 10 else ""
            lines.append(
                f"- Assign {count(len(c.numbers))} of `{c.address}` to voice package "
                f"`{c.voice_package}`: {shown}{more}"
            )
    for u in plan.unclaimed:
        lines.append(f"- Site {u.site_id}: {count(len(u.numbers))} fitting no group")
    for g in plan.groups:
        for r in g.reassigned:
            lines.append(
                f"- {count(len(r.numbers))} now count for `{_code(g.address)}` instead of "
                f"`{_code(r.source)}`"
            )
    return "\n".join(lines + tail).rstrip() + "\n"


def render_markdown(plan: Plan, budget: int = _BUDGET) -> str:
    """Return the plan as a pull-request comment, always shorter than GitHub's limit.

    `budget` is the most characters it may take (less when a caller adds its own part).
    """
    groups = list(plan.groups)
    for limit in (None, 50, 10):
        text = _document(plan, groups, functools.partial(_details, plan, limit=limit), [])
        if len(text) < budget:
            return text
    text = _document(plan, groups, lambda g: [], ["", "_Details omitted: the plan is too large._"])
    if len(text) < budget:
        return text
    changed = [g for g in groups if plan.status(g) != "ok"]
    shown = changed[:200]
    note = f"_{len(groups) - len(shown)} more groups not shown; run `numspec plan` for all._"
    text = _document(plan, shown, lambda g: [], ["", note])
    if len(text) < budget:
        return text
    return _document(plan, [], lambda g: [], [note])[:budget]
