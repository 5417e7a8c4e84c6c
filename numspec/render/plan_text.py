"""Render a Plan as text: a table per site, then what needs attention, then one summary line.

Colour on a terminal; plain (no escape codes) with NO_COLOR or when piped. The renderer only
reads the plan.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from numspec.plan.plan_model import Change, GroupPlan, Plan

_STYLE = {
    "ok": "green",
    "pending": "blue",
    "order": "cyan",
    "surplus": "yellow",
    "blocked": "bold red",
    "disconnect": "red",
    "change": "magenta",
    "move": "magenta",
}
_SHOW_NUMBERS = 10
_VERBS = {"assign_voice_package": "re-assign"}  # the summary line's words for other actions


def summary_line(plan: Plan) -> str:
    """Return the last line: `Plan: 6 to order, 1 to disconnect, 0 blocked.` or no changes.

    Surplus the plan keeps is always mentioned, so a table showing it never ends in "No changes".
    """
    s = plan.summary()
    if not plan.changes and not s["blocked"] and not s["surplus_kept"]:
        pending = sum(g.pending for g in plan.groups)
        if pending:
            noun = "number is" if pending == 1 else "numbers are"
            return f"No changes. {pending} {noun} still on order and counted toward their groups."
        return "No changes. The account matches the inventory."
    return counts_line(plan)


def no_changes_line(plan: Plan) -> str:
    """Return what apply says when the plan lists no changes: `No changes. ...`."""
    line = summary_line(plan)
    if line.startswith("No changes"):
        return line
    kept = plan.kept_surplus()
    noun = "number is" if kept == 1 else "numbers are"
    return f"No changes. {kept} surplus {noun} kept (policy.surplus is keep)."


def counts_line(plan: Plan) -> str:
    """Return `Plan: 6 to order, 1 to disconnect, 0 blocked.` (whether or not anything changes)."""
    s = plan.summary()
    extra = "".join(
        f", {count} to {_VERBS.get(action, action)}"
        for action, count in s.items()
        if action not in ("order", "disconnect", "blocked", "surplus_kept")
    )
    line = f"Plan: {s['order']} to order, {s['disconnect']} to disconnect{extra}"
    line += f", {s['blocked']} blocked"
    kept = s["surplus_kept"]
    if kept:
        noun = "number" if kept == 1 else "numbers"
        line += f"; {kept} surplus {noun} kept"
    return line + "."


def change_line(change: Change) -> str:
    """Return `assign 3 numbers to voice package X: +1..., ...` for a re-assignment."""
    noun = "number" if len(change.numbers) == 1 else "numbers"
    return (
        f"assign {len(change.numbers)} {noun} to voice package {change.voice_package}: "
        f"{_numbers(change.numbers)}"
    )


def approval_lines(plan: Plan) -> list[str]:
    """Return what apply shows before it asks: exactly the changes it will make, then the counts.

    Blocked groups are listed too (apply changes nothing for them).
    """
    marks = {"order": "+", "disconnect": "-", "move": ">"}
    lines = []
    for c in plan.changes:
        lines.append(f"  {marks.get(c.action, '~')} {c.address}: {c.kind.describe(c)}")
        if len(c.numbers) > 5:  # the description shortens the list; approval shows every one
            lines.append(f"      {', '.join(c.numbers)}")
    for group in plan.groups:
        if group.blocked:
            lines.append(f"  ! {group.address}: blocked ({group.shortfall} short): {group.blocked}")
    lines.append(counts_line(plan))
    return lines


def status_label(plan: Plan, g: GroupPlan) -> str:
    """Return the group's status as the tables show it (`surplus 2`: how many)."""
    status = plan.status(g)
    return f"surplus {len(g.surplus)}" if status == "surplus" else status


def _status(plan: Plan, g: GroupPlan) -> Text:
    return Text(status_label(plan, g), style=_STYLE.get(plan.status(g), ""))


def _site_table(plan: Plan, site: str, site_id: str, groups: list[GroupPlan]) -> Table:
    table = Table(title=f"{site} (site {site_id})", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("group")
    for name in ("wanted", "held", "pending", "to order"):
        table.add_column(name, justify="right")
    table.add_column("status")
    for g in groups:
        table.add_row(
            g.address.split("/", 1)[1],
            str(g.desired),
            str(g.held),
            str(g.pending),
            str(plan.to_order(g.address) or "-"),
            _status(plan, g),
        )
    return table


def _numbers(numbers: Iterable[str]) -> str:
    items = list(numbers)
    shown = ", ".join(items[:_SHOW_NUMBERS])
    return shown + (f" and {len(items) - _SHOW_NUMBERS} more" if len(items) > _SHOW_NUMBERS else "")


def reassignment_lines(plan: Plan) -> list[str]:
    """Return `us-sales: 2 numbers now count for raleigh instead of triangle` per move."""
    lines = []
    for g in plan.groups:
        site, name = g.address.split("/", 1)
        for r in g.reassigned:
            source_site, source = r.source.split("/", 1)
            before = source if source_site == site else r.source
            noun = "number now counts" if len(r.numbers) == 1 else "numbers now count"
            lines.append(
                f"{site}: {len(r.numbers)} {noun} for {name} instead of {before} "
                f"({_numbers(r.numbers)})"
            )
    return lines


def _attention(plan: Plan) -> list[Text]:
    """Return the lines under the tables: blocks, restrictions, notes, disconnects, unclaimed."""
    lines: list[Text] = []
    dropping = {c.address for c in plan.changes if c.action == "disconnect"}
    for g in plan.groups:
        if g.blocked:
            short = f" ({g.shortfall} short)" if g.shortfall else ""
            lines.append(Text(f"{g.address}: blocked{short}: {g.blocked}", style="red"))
            for r in g.restrictions:
                lines.append(Text(f"    {r.type} ({r.category}): {r.description}"))
        if g.pinned_to_order and not g.blocked:
            lines.append(Text(f"{g.address}: will order {_numbers(g.pinned_to_order)}"))
        if g.surplus and g.address not in dropping:
            lines.append(Text(f"{g.address}: surplus {_numbers(g.surplus)}", style="yellow"))
        for note in g.notes:
            lines.append(Text(f"{g.address}: note: {note}", style="dim"))
    for c in plan.changes:
        if c.action == "disconnect":
            lines.append(Text(f"{c.address}: will disconnect {_numbers(c.numbers)}", style="red"))
        elif c.action == "move":
            lines.append(Text(f"{c.address}: {c.kind.describe(c)}", style="magenta"))
        elif c.action == "assign_voice_package":
            lines.append(Text(f"{c.address}: will {change_line(c)}", style="cyan"))
    lines += [Text(line, style="magenta") for line in reassignment_lines(plan)]
    for u in plan.unclaimed:
        noun = "number fits" if len(u.numbers) == 1 else "numbers fit"
        lines.append(
            Text(
                f"site {u.site_id}: {len(u.numbers)} {noun} no group: {_numbers(u.numbers)}",
                style="dim",
            )
        )
    return lines


def render_text(plan: Plan, *, color: bool = False, width: int = 100) -> str:
    """Return the plan as text (ANSI colour only when `color`)."""
    out = io.StringIO()
    console = Console(
        file=out,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        emoji=False,
    )
    by_site: dict[tuple[str, str], list[GroupPlan]] = {}
    for g in plan.groups:
        by_site.setdefault((g.address.split("/", 1)[0], g.site_id), []).append(g)
    console.print(f"Account {plan.account_id}")
    for (site, site_id), groups in sorted(by_site.items()):
        console.print(_site_table(plan, site, site_id, groups))
    attention = _attention(plan)
    for line in attention:
        console.print(line, soft_wrap=True)
    if attention:
        console.print()
    console.print(Text(summary_line(plan), style="bold"))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
