"""Risk notes: the parts of a change a reviewer should weigh, each with its reason.

Some notes follow from the two files alone (a policy that accepts restrictions, disconnects
allowed, pinned numbers dropped). Others depend on what the account holds: a quantity lowered
below what a group holds, criteria or packages changed on a group that holds numbers, a group
removed while its numbers stay. Those are decided from an `AccountView` (the plan that
`numspec plan --base` makes reads it); without one they are returned as unchecked, so an
offline `numspec diff` says what it could not check instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

from numspec.inventory.model import Inventory
from numspec.review.account import AccountView
from numspec.review.intent import IntentChange, IntentDiff, RiskKind, RiskNote
from numspec.wording import count

CHECK = "whether it does needs the account: `numspec plan --base` checks it for the groups it plans"


def assess_risk(
    diff: IntentDiff, head: Inventory, account: AccountView | None
) -> tuple[tuple[RiskNote, ...], tuple[RiskNote, ...]]:
    """Return (risk notes, notes left unchecked because the account was not read)."""
    by_group: list[RiskNote] = []
    unchecked: list[RiskNote] = []
    disconnect = head.policy.surplus == "disconnect"
    by_group += _pinned(diff, disconnect)
    for note, certain in _held(diff, head, account, disconnect):
        (by_group if certain else unchecked).append(note)
    notes = _restrictions(diff, head) + _policy(diff, head) + _by_subject(by_group)
    return tuple(notes), tuple(_by_subject(unchecked))


def _by_subject(notes: list[RiskNote]) -> list[RiskNote]:
    """Return notes in address order (stable, so a group's notes keep their order)."""
    return sorted(notes, key=lambda n: n.subject)


def _restrictions(diff: IntentDiff, head: Inventory) -> list[RiskNote]:
    out = []
    for c in diff.of_kind("restrictions"):
        added = sorted(set(c.new) - set(c.old))
        if not added:
            continue
        groups = sorted(g.address for g in head.groups if g.criteria.country == c.subject)
        where = f" ({', '.join(groups)})" if groups else ""
        out.append(
            RiskNote(
                "restrictions_accepted",
                c.subject,
                f"policy now accepts {c.subject}'s {', '.join(added)} restrictions",
                f"apply will order {c.subject} numbers{where} under the obligations these "
                "restriction types carry; the plan lists each restriction: read them, and accept "
                "them only if the account meets them",
            )
        )
    return out


def _policy(diff: IntentDiff, head: Inventory) -> list[RiskNote]:
    out = []
    for c in diff.of_kind("policy"):
        if c.field == "surplus" and c.new == "disconnect":
            out.append(
                RiskNote(
                    "surplus_disconnect",
                    "policy",
                    f"policy.surplus: {c.old} -> disconnect",
                    "apply will disconnect numbers a group holds beyond its quantity (with "
                    f"--allow-disconnect, up to policy.max_disconnects = "
                    f"{head.policy.max_disconnects} a run); a disconnected number may not be "
                    "recoverable",
                )
            )
        if c.field == "max_disconnects" and c.new > c.old:
            kept = (
                "" if head.policy.surplus == "disconnect" else " once policy.surplus is disconnect"
            )
            out.append(
                RiskNote(
                    "max_disconnects_raised",
                    "policy",
                    f"policy.max_disconnects raised from {c.old} to {c.new}",
                    f"one apply may now disconnect up to {count(c.new)}{kept}",
                )
            )
    return out


def _pinned(diff: IntentDiff, disconnect: bool) -> list[RiskNote]:
    out = []
    for c in diff.of_kind("pinned_removed", "group_removed"):
        numbers = c.old if c.kind == "pinned_removed" else c.old["numbers"]
        if not numbers:
            continue
        fate = (
            "one that still fits a group counts toward its quantity and may be disconnected as "
            "surplus (policy.surplus: disconnect)"
            if disconnect
            else "one that still fits a group counts toward its quantity, one that fits none "
            "is left unclaimed"
        )
        out.append(
            RiskNote(
                "pinned_removed",
                c.subject,
                f"{c.subject} no longer pins {', '.join(numbers)}",
                f"{'these numbers are' if len(numbers) > 1 else 'this number is'} no longer "
                f"kept by name: {fate}",
            )
        )
    return out


def _held(
    diff: IntentDiff, head: Inventory, account: AccountView | None, disconnect: bool
) -> list[tuple[RiskNote, bool]]:
    """Return the notes that depend on holdings, each with whether the account decided it."""
    out: list[tuple[RiskNote, bool]] = []
    for c in diff.of_kind("quantity"):
        if c.new < c.old:
            out += _quantity(c, account, disconnect)
    by_group: dict[str, list[IntentChange]] = {}
    for c in diff.of_kind("criteria", "package"):
        by_group.setdefault(f"{c.kind}:{c.subject}", []).append(c)
    site_ids = {g.address: g.site_id for g in head.groups}
    for changes in by_group.values():
        out += _on_held(changes, site_ids[changes[0].subject], account)
    for c in diff.of_kind("group_removed", "site_removed"):
        out += _removed(c, head, account)
    return out


def _quantity(
    c: IntentChange, account: AccountView | None, disconnect: bool
) -> list[tuple[RiskNote, bool]]:
    message = f"quantity of {c.subject} lowered from {c.old} to {c.new}"
    held = account.holds(c.subject) if account else None
    if held is None:
        reason = f"numbers it holds above {c.new} would become surplus; {CHECK}"
        return [(RiskNote("quantity_below_held", c.subject, message, reason), False)]
    if held <= c.new:
        return []
    fate = (
        "apply will disconnect them (policy.surplus: disconnect)"
        if disconnect
        else "they stay on the account as surplus (policy.surplus: keep)"
    )
    reason = f"the group holds {count(held)}, so {count(held - c.new)} become surplus: {fate}"
    note = RiskNote("quantity_below_held", c.subject, f"{message}, below what it holds", reason)
    return [(note, True)]


def _describe(changes: Sequence[IntentChange]) -> str:
    parts = []
    for c in changes:
        old = "unset" if c.old is None else c.old
        new = "unset" if c.new is None else c.new
        parts.append(f"{c.field} {old} -> {new}")
    return "; ".join(parts)


def _on_held(
    changes: Sequence[IntentChange], site_id: str, account: AccountView | None
) -> list[tuple[RiskNote, bool]]:
    first = changes[0]
    address = first.subject
    criteria = first.kind == "criteria"
    what = "criteria" if criteria else "packages"
    message = f"{what} of {address} changed ({_describe(changes)})"
    kind: RiskKind = "criteria_on_held" if criteria else "packages_on_held"
    held = account.holds(address) if account else None
    if account is None or held is None:
        effect = (
            "those that no longer fit would stop counting toward it (apply orders replacements)"
            if criteria
            else "those in service would be configured differently"
        )
        return [
            (
                RiskNote(kind, address, message, f"if the group holds numbers, {effect}; {CHECK}"),
                False,
            )
        ]
    stray = account.unclaimed.get(site_id, 0) if criteria else 0
    if not held and not stray:
        return []
    if not criteria:
        reason = (
            f"{count(held)} in service in this group carry the old package; the change decides "
            "how they are routed or which regulatory documents cover them"
        )
        return [(RiskNote(kind, address, f"{message} on numbers in service", reason), True)]
    parts = [f"the group holds {count(held)} that fit the new criteria"] if held else []
    if stray:
        parts.append(
            f"site {site_id} holds {count(stray)} that fit no group now, which the old criteria "
            "may have claimed: they stop counting toward any group (kept, never disconnected) and "
            "apply orders replacements"
        )
    return [
        (
            RiskNote(kind, address, f"{message} on a group that holds numbers", "; ".join(parts)),
            True,
        )
    ]


def _removed(
    c: IntentChange, head: Inventory, account: AccountView | None
) -> list[tuple[RiskNote, bool]]:
    if c.kind == "site_removed":
        message = f"site {c.subject} (site_id {c.old['site_id']}) removed"
        reason = (
            "the numbers it holds are no longer managed by this inventory: nothing orders for "
            "it any more, and its numbers stay as they are"
        )
        return [(RiskNote("site_removed", c.subject, message, reason), True)]
    message = f"group {c.subject} removed"
    effect = (
        "numbers it held stop counting toward any group and are left unclaimed (kept, never "
        "disconnected) unless another group of the site claims them"
    )
    site = c.subject.split("/", 1)[0]
    site_ids = {s.name: s.site_id for s in head.sites}
    if account is None or site not in site_ids:
        note = RiskNote("group_removed_held", c.subject, message, f"{effect}; {CHECK}")
        return [(note, False)]
    stray = account.unclaimed.get(site_ids[site], 0)
    if not stray:
        return []
    reason = f"site {site_ids[site]} now holds {count(stray)} that fit no group: {effect}"
    return [(RiskNote("group_removed_held", c.subject, message, reason), True)]
