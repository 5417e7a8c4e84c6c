"""The Plan: a value object with a stable dict form; it never renders itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from numspec.bandwidth.models import Restriction

FORMAT_VERSION = 1


@dataclass(frozen=True)
class GroupPlan:
    """What one group holds, has on order, and needs."""

    address: str
    site_id: str
    desired: int
    held: int
    pending: int
    to_order: int
    numbers: tuple[str, ...] = ()  # held numbers assigned to the group, sorted
    pending_numbers: tuple[str, ...] = ()  # numbers on in-flight orders for the group
    pending_orders: tuple[str, ...] = ()  # ids of in-flight (or backordered) orders
    surplus: tuple[str, ...] = ()  # held numbers that fit the group beyond its quantity
    pinned_to_order: tuple[str, ...] = ()  # pinned numbers the account does not hold yet
    blocked: str | None = None
    restrictions: tuple[Restriction, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. how criteria the holdings cannot confirm were counted


@dataclass(frozen=True)
class Change:
    """One action apply will take."""

    address: str
    action: Literal["order", "disconnect"]
    quantity: int = 0
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unclaimed:
    """Numbers held on a site that fit no group."""

    site_id: str
    numbers: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """The difference between an inventory and an account, and what apply would do."""

    account_id: str
    groups: tuple[GroupPlan, ...]
    unclaimed: tuple[Unclaimed, ...] = ()
    changes: tuple[Change, ...] = ()
    targets: tuple[str, ...] = ()  # --target addresses; empty means everything
    inventory_path: str = ""
    inventory_digest: str = ""  # sha256 of the inventory file's bytes
    holdings_fingerprint: str = ""  # sha256 of what the account held and had on order
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        """Return counts: numbers to order, numbers to disconnect, groups blocked."""
        return {
            "order": sum(c.quantity for c in self.changes if c.action == "order"),
            "disconnect": sum(len(c.numbers) for c in self.changes if c.action == "disconnect"),
            "blocked": sum(1 for g in self.groups if g.blocked),
        }

    def group(self, address: str) -> GroupPlan:
        """Return the plan of one group, or raise KeyError."""
        for g in self.groups:
            if g.address == address:
                return g
        raise KeyError(address)
