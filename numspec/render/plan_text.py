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

from numspec.reconcile.model import Change, GroupPlan, Plan

_STYLE = {
    "ok": "green",
    "pending": "blue",
    "order": "cyan",
    "surplus": "yellow",
    "blocked": "bold red",
}
_SHOW_NUMBERS = 10


def summary_line(plan: Plan) -> str:
    """Return the last line: `Plan: 6 to order, 1 to disconnect, 0 blocked.` or no changes."""
    s = plan.summary()
    if not plan.changes and not s["blocked"]:
        pending = sum(g.pending for g in plan.groups)
        if pending:
            noun = "number is" if pending == 1 else "numbers are"
            return (
                f"No changes. {pending} {noun} still on order and counted toward their groups; "
                "apply waits for them."
            )
        return "No changes. The account matches the inventory."
    return counts_line(plan)


def counts_line(plan: Plan) -> str:
    """Return `Plan: 6 to order, 1 to disconnect, 0 blocked.` (whether or not anything changes)."""
    s = plan.summary()
    reassign = f"{s['reassign']} to re-assign, " if s.get("reassign") else ""
    return (
        f"Plan: {s['order']} to order, {s['disconnect']} to disconnect, {reassign}"
        f"{s['blocked']} blocked."
    )


def change_line(change: Change) -> str:
    """Return `assign 3 numbers of site/group to voice package X` for a re-assignment."""
    noun = "number" if len(change.numbers) == 1 else "numbers"
    return (
        f"assign {len(change.numbers)} {noun} of {change.address} to voice package "
        f"{change.voice_package}"
    )


def approval_lines(plan: Plan) -> list[str]:
    """Return what apply shows before it asks: each change, each wait, each block, the counts."""
    lines = []
    for change in plan.changes:
        if change.action == "order":
            lines.append(f"  + {change.address}: order {change.quantity}")
        elif change.action == "assign_voice_package":
            lines.append(f"  ~ {change_line(change)}: {_numbers(change.numbers)}")
        else:
            lines.append(f"  - {change.address}: disconnect {', '.join(change.numbers)}")
    for group in plan.groups:
        if group.pending_orders:
            lines.append(f"  ~ {group.address}: wait for {len(group.pending_orders)} order(s)")
        if group.blocked:
            lines.append(f"  ! {group.address}: blocked: {group.blocked}")
    lines.append(counts_line(plan))
    return lines


def status_label(g: GroupPlan) -> str:
    """Return the group's status as the tables show it (`surplus 2`: how many)."""
    return f"surplus {len(g.surplus)}" if g.status == "surplus" else g.status


def _status(g: GroupPlan) -> Text:
    return Text(status_label(g), style=_STYLE.get(g.status, ""))


def _site_table(site: str, site_id: str, groups: list[GroupPlan]) -> Table:
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
            str(g.to_order) if g.to_order else "-",
            _status(g),
        )
    return table


def _numbers(numbers: Iterable[str]) -> str:
    items = list(numbers)
    shown = ", ".join(items[:_SHOW_NUMBERS])
    return shown + (f" and {len(items) - _SHOW_NUMBERS} more" if len(items) > _SHOW_NUMBERS else "")


def _attention(plan: Plan) -> list[Text]:
    """Return the lines under the tables: blocks, notes, disconnects, re-assignments, unclaimed."""
    lines: list[Text] = []
    dropping = {c.address for c in plan.changes if c.action == "disconnect"}
    for g in plan.groups:
        if g.blocked:
            lines.append(Text(f"{g.address}: blocked: {g.blocked}", style="red"))
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
        elif c.action == "assign_voice_package":
            lines.append(Text(f"~ {change_line(c)}: {_numbers(c.numbers)}", style="cyan"))
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
        console.print(_site_table(site, site_id, groups))
    attention = _attention(plan)
    for line in attention:
        console.print(line, soft_wrap=True)
    if attention:
        console.print()
    console.print(Text(summary_line(plan), style="bold"))
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines()) + "\n"
