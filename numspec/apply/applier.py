"""Carry out a Plan's changes, and nothing else, then recount.

    apply(plan, inventory, api, options=ApplyOptions()) -> ApplyReport

`options` are the user's choices; `runtime` (clock, backoff, seed, limits) defaults to
production and is given only by tests and benchmarks.

`Plan.changes` is the one truth: each change goes to the handler of its action
(numspec.apply.dispatch); orders run concurrently, at most `options.parallelism` searching
and ordering at once, disconnects after them. Nothing is ordered before the plan's safety rails
pass. docs/safety.md states the guarantee.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from numspec.apply.admission import Admission
from numspec.apply.context import (
    PRODUCTION,
    AccountAtStart,
    ApplyOptions,
    Deadline,
    Events,
    Jitter,
    RunContext,
    Runtime,
    lookback,
)
from numspec.apply.dispatch import run_changes
from numspec.apply.events import EventSink, ignore
from numspec.apply.lease import OrderListing
from numspec.apply.polling import IN_FLIGHT, InFlight
from numspec.apply.recount import recount
from numspec.apply.report import ApplyReport, GroupReport, Outcome
from numspec.bandwidth.api import NumbersApi
from numspec.errors import ApiError, PlanError
from numspec.inventory.model import Inventory
from numspec.plan import move_plan, tags
from numspec.plan.changes import Change
from numspec.plan.plan_model import GroupPlan, Plan
from numspec.plan.voice_plan import ASSIGN, check_assignments, raise_if_too_many

__all__ = ["ApplyOptions", "Runtime", "apply"]

log = logging.getLogger(__name__)


def apply(
    plan: Plan,
    inventory: Inventory,
    api: NumbersApi,
    *,
    options: ApplyOptions,
    runtime: Runtime = PRODUCTION,
    events: EventSink | None = None,
) -> ApplyReport:
    """Converge the account to the inventory as the plan says; return what happened.

    The plan's groups are the targeted ones (make_plan plans only those).
    """
    started = time.monotonic()
    check(plan, inventory, options)
    ctx = _context(plan, api, options, runtime, events or ignore)
    outcomes = run_changes(ctx, plan, inventory)
    final = _replan(plan, inventory, api, runtime, outcomes)
    held = {n for g in final.values() for n in g.numbers} if final else None
    reports = tuple(
        _report(g, final.get(g.address), outcomes.get(g.address), held) for g in plan.groups
    )
    return ApplyReport(plan.account_id, ctx.run_id, reports, time.monotonic() - started)


def check(plan: Plan, inventory: Inventory, options: ApplyOptions) -> None:
    """Refuse a plan that does not fit the inventory or would disconnect without permission."""
    if plan.account_id != inventory.account_id:
        raise PlanError(
            f"the plan is for account {plan.account_id}, the inventory for {inventory.account_id}"
        )
    addresses = {g.address for g in inventory.groups}
    unknown = sorted(g.address for g in plan.groups if g.address not in addresses)
    if unknown:
        raise PlanError(f"the plan names groups the inventory does not have: {', '.join(unknown)}")
    # A change acts on a group the plan shows (and apply reports): a plan edited by hand must
    # not disconnect numbers of a group outside it, nor of one the inventory lacks.
    planned = {g.address for g in plan.groups}
    stray = sorted({c.address for c in plan.changes if c.address not in planned})
    if stray:
        raise PlanError(f"the plan changes groups it does not plan: {', '.join(stray)}")
    for change in plan.changes:
        _check_change(plan.group(change.address), change)
    plan.raise_if_unsafe(options.allow_disconnect, inventory.policy.max_disconnects)
    move_plan.raise_if_too_many(plan.changes, inventory.policy.max_moves)
    check_assignments(plan, inventory)
    raise_if_too_many(plan, inventory.policy.max_reassign)


def _check_change(group: GroupPlan, change: Change) -> None:
    """Refuse a change its group's figures do not support (a plan not made by make_plan)."""
    if group.blocked and change.action != ASSIGN:  # held numbers may be re-routed anyway
        raise PlanError(f"the plan {change.describe()}, but that group is blocked")
    if change.action == "order" and not set(change.numbers) <= set(group.pinned_to_order):
        raise PlanError(f"the plan {change.describe()}, but not all are pinned to that group")
    if change.action == "disconnect" and not set(change.numbers) <= set(group.surplus):
        raise PlanError(f"the plan {change.describe()}, but not all are surplus of that group")
    if change.action == "move" and not set(change.numbers) <= set(group.to_move):
        raise PlanError(f"the plan {change.describe()}, but the group does not move them")


def _context(
    plan: Plan, api: NumbersApi, options: ApplyOptions, runtime: Runtime, emit: EventSink
) -> RunContext:
    known = {n for g in plan.groups for n in (*g.numbers, *g.surplus)}
    known.update(n for u in plan.unclaimed for n in u.numbers)
    since = lookback(runtime)
    clock = runtime.clock.now
    # One listing of the run's recent orders (no status filter) serves both the pre-order
    # checks and the polls: whichever asks next uses it if it was sent late enough. Finished
    # orders are listed too, so an order the listing can settle is not read again
    # (numspec.apply.group_run.settle_from_listing).
    listing = OrderListing(
        api, since, clock=clock, sleep=runtime.clock.sleep, gap=runtime.backoff.listing_gap
    )
    account = AccountAtStart(
        known=frozenset(known),
        since=since,
        listing=listing,
        in_flight=InFlight(None, clock, read=listing.states),
        moves_in_flight=InFlight(lambda: _moves_in_flight(api, since), clock),
    )
    ctx = RunContext(
        api=api,
        options=options,
        runtime=runtime,
        run_id=runtime.run_id or tags.new_run_id(),
        deadline=Deadline(clock() + options.timeout),
        account=account,
        events=Events(emit),
        active=Admission(options.parallelism),
        jitter=Jitter(runtime.seed),
    )
    for change in plan.changes:
        if change.action == "order":
            ctx.claims.pin(change.address, change.numbers)
    return ctx


def _moves_in_flight(api: NumbersApi, since: datetime) -> list[str]:
    return [s.order_id for s in api.list_moves(statuses=IN_FLIGHT, since=since)]


def _replan(
    plan: Plan,
    inventory: Inventory,
    api: NumbersApi,
    runtime: Runtime,
    outcomes: Mapping[str, Outcome],
) -> dict[str, GroupPlan]:
    """Count the groups again for the report's `held` and `converged`.

    By default from what the run knows plus a re-read of the sites it changed (recount.py);
    a `planner` given in the runtime re-plans the whole scope instead.
    """
    try:
        if runtime.planner is None:
            return recount(plan, inventory, outcomes, api, runtime.wall_clock())
        fresh = runtime.planner(inventory, api, targets=plan.targets)
    except ApiError as e:
        log.warning("could not read the account after apply: %s", e)
        return {}
    return {g.address: g for g in fresh.groups}


@dataclass(frozen=True)
class _Final:
    held: int
    pending: int
    short: int
    blocked: str | None


def _final(start: GroupPlan, fresh: GroupPlan | None, outcome: Outcome | None) -> _Final:
    if fresh is not None:
        return _Final(fresh.held, fresh.pending, fresh.shortfall, fresh.blocked)
    # The account could not be read again: count from what the run saw.
    seen = outcome or Outcome()
    return _Final(seen.held(start), seen.backordered, seen.shortfall(start), start.blocked)


def _report(
    start: GroupPlan, fresh: GroupPlan | None, outcome: Outcome | None, held: set[str] | None
) -> GroupReport:
    """Report a group; `held`: every number the account holds now (None: not read again)."""
    final = _final(start, fresh, outcome)
    out = outcome or Outcome()
    gained = out.gained if held is None else out.gained & held  # ordered, and held now
    status, reason = out.status, out.reason
    if status is None and final.blocked:
        status, reason = "blocked", final.blocked
    elif status is None and final.short:
        status, reason = "failed", f"still {final.short} short of {start.desired} after apply"
    elif status is None:
        status = "converged"
        if out.backordered:
            reason = f"{out.backordered} numbers backordered"
    if status == "failed" and start.to_move and fresh is not None:
        reason = move_plan.replanned(reason, fresh)
    return GroupReport(
        address=start.address,
        desired=start.desired,
        held=final.held,
        ordered=len(gained),
        orders=tuple(out.orders),
        status=status,
        reason=reason,
        pending=final.pending,
        disconnected=tuple(out.disconnected),
        moved=tuple(out.moved),
        gained=tuple(sorted(gained)),
        voice_reassigned=tuple(out.voice_reassigned),
    )
