"""The Plan: a value object with a stable dict form; it never renders itself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from numspec.bandwidth.models import Restriction
from numspec.errors import UnsafePlanError
from numspec.plan.changes import Change
from numspec.plan.reassignments import Reassigned

__all__ = ["FORMAT_VERSION", "Change", "GroupPlan", "Plan", "Unclaimed"]

FORMAT_VERSION = 1


@dataclass(frozen=True)
class GroupPlan:
    """What one group holds, has on order, and needs."""

    address: str
    site_id: str
    desired: int
    held: int
    pending: int
    shortfall: int  # numbers the group lacks beyond those on order (ordered or not: blocked)
    numbers: tuple[str, ...] = ()  # held numbers assigned to the group, sorted
    pending_numbers: tuple[str, ...] = ()  # numbers on in-flight orders for the group
    pending_orders: tuple[str, ...] = ()  # ids of in-flight (or backordered) orders
    surplus: tuple[str, ...] = ()  # held numbers that fit the group beyond its quantity
    pinned_to_order: tuple[str, ...] = ()  # pinned numbers the account does not hold yet
    blocked: str | None = None
    restrictions: tuple[Restriction, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. how criteria the holdings cannot confirm were counted
    to_move: tuple[str, ...] = ()  # numbers held elsewhere on the account that moves bring
    reassigned: tuple[Reassigned, ...] = ()  # held numbers other groups' orders brought

    def to_dict(self, to_order: int, status: str) -> dict[str, Any]:
        """Return the JSON form; `to_order` and `status` come from the plan's changes."""
        return {
            "address": self.address,
            "site_id": self.site_id,
            "desired": self.desired,
            "held": self.held,
            "pending": self.pending,
            "to_order": to_order,
            "shortfall": self.shortfall,
            "surplus": list(self.surplus),
            "numbers": list(self.numbers),
            "blocked": self.blocked,
            "restrictions": [_restriction_dict(r) for r in self.restrictions],
            "status": status,
            "pending_numbers": list(self.pending_numbers),
            "pending_orders": list(self.pending_orders),
            "pinned_to_order": list(self.pinned_to_order),
            "notes": list(self.notes),
            "to_move": list(self.to_move),
            "reassigned": [r.to_dict() for r in self.reassigned],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupPlan:
        """Read the JSON form back."""
        return cls(
            address=str(data["address"]),
            site_id=str(data["site_id"]),
            desired=int(data["desired"]),
            held=int(data["held"]),
            pending=int(data["pending"]),
            shortfall=int(data["shortfall"]),
            numbers=_strs(data.get("numbers")),
            pending_numbers=_strs(data.get("pending_numbers")),
            pending_orders=_strs(data.get("pending_orders")),
            surplus=_strs(data.get("surplus")),
            pinned_to_order=_strs(data.get("pinned_to_order")),
            blocked=None if data.get("blocked") is None else str(data["blocked"]),
            restrictions=tuple(
                Restriction(
                    country=str(r.get("country", "")),
                    type=str(r["type"]),
                    category=str(r.get("category", "")),
                    description=str(r.get("description", "")),
                )
                for r in data.get("restrictions") or ()
            ),
            notes=_strs(data.get("notes")),
            to_move=_strs(data.get("to_move")),
            reassigned=tuple(
                Reassigned(str(r["from"]), _strs(r.get("numbers")))
                for r in data.get("reassigned") or ()
            ),
        )


@dataclass(frozen=True)
class Unclaimed:
    """Numbers held on a site that fit no group."""

    site_id: str
    numbers: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"site_id": self.site_id, "numbers": list(self.numbers)}


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

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def to_order(self, address: str) -> int:
        """Return how many numbers the plan's changes order for a group."""
        return sum(c.quantity for c in self.changes if c.action == "order" and c.address == address)

    def changing(self, address: str) -> tuple[Change, ...]:
        """Return the changes that act on one group."""
        return tuple(c for c in self.changes if c.address == address)

    def status(self, group: GroupPlan) -> str:
        """Return `blocked`, `order`, `disconnect`, `move`, `change`, `surplus`, `pending`, `ok`.

        From the changes: a group shows `order` only when a change orders for it.
        """
        if group.blocked:
            return "blocked"
        actions = {c.action for c in self.changing(group.address)}
        if actions:
            return next((a for a in ("order", "disconnect", "move") if a in actions), "change")
        if group.surplus:
            return "surplus"
        return "pending" if group.pending else "ok"

    def kept_surplus(self) -> int:
        """Return how many surplus numbers the plan keeps (shows, but does not disconnect)."""
        going = {n for c in self.changes if c.action == "disconnect" for n in c.numbers}
        return sum(1 for g in self.groups for n in g.surplus if n not in going)

    def summary(self) -> dict[str, int]:
        """Return counts from the changes: numbers per action (order, disconnect, ...), then
        groups blocked and surplus numbers kept."""
        out = {"order": 0, "disconnect": 0}
        for c in self.changes:
            out[c.action] = out.get(c.action, 0) + c.quantity
        out["blocked"] = sum(1 for g in self.groups if g.blocked)
        out["surplus_kept"] = self.kept_surplus()
        return out

    def group(self, address: str) -> GroupPlan:
        """Return the plan of one group, or raise KeyError."""
        for g in self.groups:
            if g.address == address:
                return g
        raise KeyError(address)

    def to_dict(self, *, saved: bool = True) -> dict[str, Any]:
        """Return the JSON form; `saved` adds what apply needs to detect a stale plan."""
        out: dict[str, Any] = {
            "format_version": FORMAT_VERSION,
            "account_id": self.account_id,
            "groups": [g.to_dict(self.to_order(g.address), self.status(g)) for g in self.groups],
            "unclaimed": [u.to_dict() for u in self.unclaimed],
            "changes": [c.to_dict() for c in self.changes],
            "summary": self.summary(),
        }
        if saved:
            out["targets"] = list(self.targets)
            out["inventory_path"] = self.inventory_path
            out["inventory_digest"] = self.inventory_digest
            out["holdings_fingerprint"] = self.holdings_fingerprint
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Read the JSON form back (a saved plan file); raises ValueError when it is not one."""
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise ValueError(f"unsupported plan format_version {version!r} (expected 1)")
        try:
            changes = []
            for index, c in enumerate(data.get("changes") or ()):
                try:
                    changes.append(Change.from_dict(c))
                except ValueError as e:
                    raise ValueError(f"changes[{index}]: {e}") from e
            return cls(
                account_id=str(data["account_id"]),
                groups=tuple(GroupPlan.from_dict(g) for g in data["groups"]),
                unclaimed=tuple(
                    Unclaimed(str(u["site_id"]), _strs(u.get("numbers")))
                    for u in data.get("unclaimed") or ()
                ),
                changes=tuple(changes),
                targets=_strs(data.get("targets")),
                inventory_path=str(data.get("inventory_path", "")),
                inventory_digest=str(data.get("inventory_digest", "")),
                holdings_fingerprint=str(data.get("holdings_fingerprint", "")),
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"not a numspec plan: missing or malformed {e}") from e
        except ValueError as e:
            raise ValueError(f"not a numspec plan: {e}") from e

    def raise_if_unsafe(self, allow_disconnect: bool, max_disconnects: int) -> None:
        """Raise UnsafePlanError when the plan disconnects numbers it has no permission for."""
        count = self.summary()["disconnect"]
        if count == 0:
            return
        where = ", ".join(c.address for c in self.changes if c.action == "disconnect")
        noun = "number" if count == 1 else "numbers"
        if not allow_disconnect:
            raise UnsafePlanError(
                f"the plan disconnects {count} {noun} ({where}); rerun with --allow-disconnect "
                f"to allow it (policy.max_disconnects must also be at least {count}), or set "
                "policy.surplus to keep"
            )
        if count > max_disconnects:
            raise UnsafePlanError(
                f"the plan disconnects {count} {noun} ({where}), more than "
                f"policy.max_disconnects ({max_disconnects}); raise policy.max_disconnects to "
                f"at least {count} in the inventory to allow it"
            )


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def _restriction_dict(r: Restriction) -> dict[str, str]:
    return {
        "type": r.type,
        "category": r.category,
        "description": r.description,
        "country": r.country,
    }
