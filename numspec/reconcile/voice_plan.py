"""Fold voice package findings into a Plan: blocks, `assign_voice_package` changes, notes.

with_voice(plan, findings, notes) -> Plan       (pure)
raise_if_too_many(plan, max_reassign)           (the policy.max_reassign rail)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from numspec.errors import UnsafePlanError
from numspec.reconcile.model import Change, GroupPlan, Plan
from numspec.reconcile.voice import Finding

ASSIGN = "assign_voice_package"


def _group(g: GroupPlan, finding: Finding | None, note: str | None) -> GroupPlan:
    if finding is not None and finding.blocked and g.blocked is None:
        g = replace(g, blocked=finding.blocked)
    if note is not None:
        g = replace(g, notes=(*g.notes, note))
    return g


def with_voice(
    plan: Plan, findings: Mapping[str, Finding], notes: Mapping[str, str] | None = None
) -> Plan:
    """Return the plan with missing packages blocking their groups and drift as changes."""
    notes = notes or {}
    groups = tuple(_group(g, findings.get(g.address), notes.get(g.address)) for g in plan.groups)
    blocked = {g.address for g in groups if g.blocked}
    newly = blocked - {g.address for g in plan.groups if g.blocked}
    kept = [c for c in plan.changes if c.address not in newly]
    assigns = [
        Change(a, "assign_voice_package", len(f.drift), f.drift, voice_package=f.package)
        for a, f in sorted(findings.items())
        if f.drift and f.blocked is None  # a group blocked from ordering may still re-route
    ]
    orders = [c for c in kept if c.action == "order"]
    rest = [c for c in kept if c.action != "order"]
    return replace(plan, groups=groups, changes=(*orders, *assigns, *rest))


def reassign_count(plan: Plan) -> int:
    """Return how many numbers the plan moves between voice packages."""
    return sum(len(c.numbers) for c in plan.changes if c.action == ASSIGN)


def raise_if_too_many(plan: Plan, max_reassign: int | None) -> None:
    """Refuse a plan that re-assigns more numbers than policy.max_reassign allows."""
    count = reassign_count(plan)
    if max_reassign is None or count <= max_reassign:
        return
    where = ", ".join(c.address for c in plan.changes if c.action == ASSIGN)
    raise UnsafePlanError(
        f"the plan re-assigns {count} numbers to their voice package ({where}), more than "
        f"policy.max_reassign ({max_reassign}); raise policy.max_reassign to at least {count} "
        "in the inventory to allow it"
    )
