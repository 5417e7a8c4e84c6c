"""Fold voice package findings into a Plan: blocks, `assign_voice_package` changes, notes.

with_voice(plan, findings, notes) -> Plan       (pure)
check_assignments(plan, inventory)              (a saved plan asks only what the file says)
raise_if_too_many(plan, max_reassign)           (the policy.max_reassign rail)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from numspec.errors import PlanError, UnsafePlanError
from numspec.inventory.model import Inventory
from numspec.plan.changes import Change, sort_key
from numspec.plan.plan_model import GroupPlan, Plan
from numspec.plan.voice_findings import Finding

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
    return replace(plan, groups=groups, changes=tuple(sorted([*kept, *assigns], key=sort_key)))


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


def check_assignments(plan: Plan, inventory: Inventory) -> None:
    """Refuse an assignment the inventory does not ask for (a plan edited by hand)."""
    for change in plan.changes:
        if change.action != ASSIGN:
            continue
        wanted = inventory.group(change.address).voice_package
        if change.voice_package != wanted:
            raise PlanError(
                f"the plan {change.describe()}, but the inventory gives that group "
                f"{f'voice package {wanted}' if wanted else 'no voice package'}"
            )
        if not set(change.numbers) <= set(plan.group(change.address).numbers):
            raise PlanError(f"the plan {change.describe()}, but not all are held by that group")
