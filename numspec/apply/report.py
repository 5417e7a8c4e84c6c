"""The result of apply: per group what it holds now, what it gained, and whether it converged."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Literal

from numspec.bandwidth.models import Order
from numspec.plan.plan_model import GroupPlan, Plan

log = logging.getLogger(__name__)

GroupStatus = Literal["converged", "blocked", "failed"]


@dataclass
class Outcome:
    """What the loop did for one group; the final recount (recount.py) decides `converged`."""

    status: GroupStatus | None = None  # None: the loop finished without a problem
    reason: str | None = None
    orders: list[str] = field(default_factory=list)  # placed by this run or waited for
    gained: set[str] = field(default_factory=set)
    backordered: int = 0
    disconnected: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()  # numbers this run's move orders brought to the group
    voice_reassigned: tuple[str, ...] = ()  # moved into the group's voice package (read back)

    def held(self, start: GroupPlan) -> int:
        """Return the group's count: the plan's `held` plus the numbers this run gained."""
        return start.held + len(self.gained) + len(self.moved)

    def shortfall(self, start: GroupPlan) -> int:
        """Return what the group still lacks once its backorders are counted."""
        return max(0, start.desired - self.held(start) - self.backordered)


def ordered_numbers(order: Order) -> set[str]:
    """Return the completed numbers this order asked for; any other is the server's error.

    An order for named numbers gains only those; one by quantity (a search order) at most its
    quantity. An unrequested number in CompletedNumbers must not inflate "gained".
    """
    completed = set(order.completed_numbers)
    if order.requested_numbers:
        kept = completed & set(order.requested_numbers)
    elif order.requested_quantity:
        kept = set(sorted(completed)[: order.requested_quantity])
    else:
        kept = completed
    if kept != completed:
        log.warning(
            "order %s completed %d numbers it did not ask for; they are not counted as gained",
            order.order_id,
            len(completed - kept),
        )
    return kept


@dataclass(frozen=True)
class GroupReport:
    """What apply did for one targeted group."""

    address: str
    desired: int
    held: int  # after apply: the run's gains checked against a re-read of the sites changed
    ordered: int  # numbers gained by this run's orders
    orders: tuple[str, ...]  # ids of the orders this run placed
    status: GroupStatus
    reason: str | None = None
    pending: int = 0  # numbers still on order (e.g. backordered) after apply
    disconnected: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()  # numbers moved to the group from another site or location
    gained: tuple[str, ...] = ()  # the numbers this run's orders brought, sorted
    voice_reassigned: tuple[str, ...] = ()  # numbers moved into the group's voice package

    def to_dict(self) -> dict[str, Any]:
        """Return the stable dict form (schemas/apply-report.schema.json)."""
        return {
            "address": self.address,
            "desired": self.desired,
            "held": self.held,
            "pending": self.pending,
            "ordered": self.ordered,
            "orders": list(self.orders),
            "gained": list(self.gained),
            "disconnected": list(self.disconnected),
            "moved": list(self.moved),
            "voice_reassigned": list(self.voice_reassigned),
            "status": self.status,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class ApplyReport:
    """What apply did for every targeted group."""

    account_id: str
    run_id: str
    groups: tuple[GroupReport, ...]
    elapsed_seconds: float = 0.0

    @property
    def converged(self) -> bool:
        return all(g.status == "converged" for g in self.groups)

    def summary(self) -> dict[str, int]:
        """Return counts: numbers ordered and disconnected, groups by status."""
        out = {
            "ordered": sum(g.ordered for g in self.groups),
            "disconnected": sum(len(g.disconnected) for g in self.groups),
            "moved": sum(len(g.moved) for g in self.groups),
            "voice_reassigned": sum(len(g.voice_reassigned) for g in self.groups),
        }
        for status in ("converged", "blocked", "failed"):
            out[status] = sum(1 for g in self.groups if g.status == status)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the stable dict form (schemas/apply-report.schema.json)."""
        return {
            "format_version": 1,
            "account_id": self.account_id,
            "run_id": self.run_id,
            "converged": self.converged,
            "groups": [g.to_dict() for g in self.groups],
            "summary": self.summary(),
            "elapsed_seconds": round(self.elapsed_seconds, 3),
        }


def unchanged(plan: Plan) -> ApplyReport:
    """Return the report of an apply that had nothing to do (the plan lists no changes)."""
    groups = tuple(
        GroupReport(g.address, g.desired, g.held, 0, (), "converged", None, g.pending)
        for g in plan.groups
    )
    return ApplyReport(plan.account_id, "", groups)
