"""What a review needs to know about the account, taken from a plan that read it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from numspec.plan.plan_model import Plan


@dataclass(frozen=True)
class AccountView:
    """How many numbers each planned group holds, and how many fit no group, per site."""

    held: Mapping[str, int]  # SITE/GROUP -> numbers that fit the group, surplus included
    unclaimed: Mapping[str, int]  # site id -> numbers on the site that fit no group

    def holds(self, address: str) -> int | None:
        """Return what the group holds, or None when the plan did not cover it."""
        return self.held.get(address)


def account_view(plan: Plan) -> AccountView:
    """Return the holdings a plan found (of the head inventory, under its criteria)."""
    return AccountView(
        # GroupPlan.held counts up to the quantity; what fits beyond it is the group's surplus.
        held={g.address: g.held + len(g.surplus) for g in plan.groups},
        unclaimed={u.site_id: len(u.numbers) for u in plan.unclaimed if u.numbers},
    )
