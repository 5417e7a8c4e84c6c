"""The apply report as text for people."""

from __future__ import annotations

from numspec.reconcile.report import ApplyReport, GroupReport

_MARK = {"converged": "ok", "blocked": "BLOCKED", "failed": "FAILED"}


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
    lines = [f"{_MARK[group.status]:<8} {group.address}: {counts}"]
    if group.reason:
        lines.append(f"         {group.reason}")
    if group.orders:
        lines.append(f"         orders: {', '.join(group.orders)}")
    return lines


def render(report: ApplyReport) -> str:
    """Return the report as lines of text, ending with a one-line verdict."""
    lines: list[str] = []
    for group in report.groups:
        lines.extend(_group_line(group))
    s = report.summary()
    verdict = "Apply converged" if report.converged else "Apply did NOT converge"
    lines.append(
        f"{verdict}: {s['converged']} converged, {s['blocked']} blocked, {s['failed']} failed; "
        f"{s['ordered']} numbers gained, {s['disconnected']} disconnected"
        + (f", {s['moved']} moved" if s["moved"] else "")
        + " "
        f"in {report.elapsed_seconds:.1f}s."
    )
    return "\n".join(lines) + "\n"
