"""The apply report as text for people."""

from __future__ import annotations

import textwrap

from numspec.apply.report import ApplyReport, GroupReport
from numspec.wording import count

_MARK = {"converged": "ok", "blocked": "BLOCKED", "failed": "FAILED"}
_WIDTH = 100


def _group_line(group: GroupReport) -> list[str]:
    counts = f"holds {group.held}/{group.desired}"
    if group.pending:
        counts += f", {group.pending} pending"
    if group.ordered:
        counts += f", gained {group.ordered}"
    if group.disconnected:
        counts += f", disconnected {len(group.disconnected)}"
    if group.moved:
        counts += f", moved in {len(group.moved)}"
    if group.voice_reassigned:
        counts += f", re-assigned {len(group.voice_reassigned)} to its voice package"
    lines = [f"{_MARK[group.status]:<8} {group.address}: {counts}"]
    if group.reason:
        lines.append(f"         {group.reason}")
    if group.orders:
        lines.append(f"         orders: {', '.join(group.orders)}")
    if group.gained:
        lines.extend(_wrapped("gained: ", group.gained))
    if group.voice_reassigned:
        lines.append(f"         re-assigned: {', '.join(group.voice_reassigned)}")
    return lines


def _wrapped(label: str, numbers: tuple[str, ...]) -> list[str]:
    """Return `label` and the numbers, comma-separated, wrapped under the group line."""
    indent = " " * 9
    return textwrap.wrap(
        ", ".join(numbers),
        width=_WIDTH,
        initial_indent=indent + label,
        subsequent_indent=indent + " " * len(label),
        break_on_hyphens=False,
    )


def render(report: ApplyReport) -> str:
    """Return the report as lines of text, ending with a one-line verdict."""
    lines: list[str] = []
    for group in report.groups:
        lines.extend(_group_line(group))
    s = report.summary()
    verdict = "Apply converged" if report.converged else "Apply did NOT converge"
    moved = (
        f"({s['voice_reassigned']} re-assigned to their voice package) "
        if s["voice_reassigned"]
        else ""
    )
    lines.append(
        f"{verdict}: {s['converged']} converged, {s['blocked']} blocked, {s['failed']} failed; "
        f"{count(s['ordered'], 'number')} gained, {s['disconnected']} disconnected"
        + (f", {s['moved']} moved" if s["moved"] else "")
        + f" {moved}"
        f"in {report.elapsed_seconds:.1f}s."
    )
    return "\n".join(lines) + "\n"
