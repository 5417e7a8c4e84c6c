"""The values of a review: one change of intent, the whole difference, a risk note.

They hold data only; the renderers under `numspec.render` phrase them for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# Each change is one of these kinds, listed in the order a reviewer reads them.
ChangeKind = Literal[
    "account",  # account_id or version; field names which
    "policy",  # policy.surplus or policy.max_disconnects; field names which
    "restrictions",  # policy.accept_restrictions of one country (subject); old/new: types
    "site_added",
    "site_removed",
    "site_renamed",  # subject: the new name; old/new: the names
    "site_changed",  # site_id or location_id; field names which
    "group_added",  # new: the group's normalised intent
    "group_removed",  # old: the group's normalised intent
    "group_renamed",  # subject: the new address; old/new: the addresses
    "quantity",
    "criteria",  # field: the criteria key; None on one side means not set
    "pinned_added",  # new: the numbers now pinned
    "pinned_removed",  # old: the numbers no longer pinned
    "package",  # voice_package or requirements_package; None means not set
    "setting",  # auto_activate or backorder
]
KIND_ORDER: tuple[str, ...] = ChangeKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class IntentChange:
    """One difference in what the inventory asks for, named as the inventory names it."""

    kind: ChangeKind
    subject: str  # "account", "policy", a country, a site name, or a SITE/GROUP address
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def section(self) -> int:
        """Return 0 for the account, 1 for the policy, 2 for sites and groups."""
        if self.kind == "account":
            return 0
        return 1 if self.kind in ("policy", "restrictions") else 2

    def sort_key(self) -> tuple[int, str, int, str]:
        return (self.section, self.subject, KIND_ORDER.index(self.kind), self.field or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class IntentDiff:
    """Every change of intent between two inventories, sorted for reading."""

    changes: tuple[IntentChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def of_kind(self, *kinds: str) -> tuple[IntentChange, ...]:
        """Return the changes of the given kinds, in order."""
        return tuple(c for c in self.changes if c.kind in kinds)

    def counts(self) -> dict[str, int]:
        """Return how many changes of each kind there are (kinds with none left out)."""
        out: dict[str, int] = {}
        for c in self.changes:
            out[c.kind] = out.get(c.kind, 0) + 1
        return out


RiskKind = Literal[
    "restrictions_accepted",
    "surplus_disconnect",
    "max_disconnects_raised",
    "quantity_below_held",
    "pinned_removed",
    "criteria_on_held",
    "packages_on_held",
    "group_removed_held",
    "site_removed",
]


@dataclass(frozen=True)
class RiskNote:
    """A part of the change a reviewer should weigh, and why."""

    kind: RiskKind
    subject: str
    message: str  # what changed
    reason: str  # why it matters

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "message": self.message,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Review:
    """What a change means: its sides, the diff of intent, and its risk notes.

    `unchecked` holds the notes that depend on what the account holds when the account was not
    read (`numspec diff` works offline; `numspec plan --base` reads the account and checks them).
    """

    base: str  # how the base was named: a file, or REV:path
    head: str
    diff: IntentDiff
    notes: tuple[RiskNote, ...] = ()
    unchecked: tuple[RiskNote, ...] = ()
    account_read: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "head": self.head,
            "changed": not self.diff.is_empty,
            "changes": [c.to_dict() for c in self.diff.changes],
            "risks": [n.to_dict() for n in self.notes],
            "unchecked": [n.to_dict() for n in self.unchecked],
            "account_read": self.account_read,
        }
