"""Carry out a Plan: order each group's shortfall, then disconnect what is allowed, then recount.

    apply(plan, inventory, api, options=ApplyOptions()) -> ApplyReport

Groups run concurrently (numspec.reconcile.rounds does one group); at most
`options.parallelism` of them search and order at once, and any number wait for their orders.
Nothing is ordered before the plan's safety rails pass. docs/safety.md is the contract.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from numspec.bandwidth.api import NumbersApi
from numspec.errors import ApiError, PlanError
from numspec.reconcile import tags
from numspec.reconcile.context import ApplyOptions, Deadline, Planner, RunContext, lookback
from numspec.reconcile.disconnects import disconnect_surplus
from numspec.reconcile.events import EventSink, ignore
from numspec.reconcile.lease import OrderListing
from numspec.reconcile.model import GroupPlan, Plan
from numspec.reconcile.polling import IN_FLIGHT, InFlight
from numspec.reconcile.report import ApplyReport, GroupReport, Outcome
from numspec.reconcile.rounds import GroupRun
from numspec.spec.model import Inventory

__all__ = ["ApplyOptions", "apply"]

log = logging.getLogger(__name__)


def apply(
    plan: Plan,
    inventory: Inventory,
    api: NumbersApi,
    *,
    options: ApplyOptions,
    events: EventSink | None = None,
) -> ApplyReport:
    """Converge the account to the inventory as the plan says; return what happened.

    The plan's groups are the targeted ones (make_plan plans only those).
    """
    started = time.monotonic()
    check(plan, inventory, options)
    ctx = _context(plan, api, options, events or ignore)
    outcomes = _run_groups(ctx, inventory, [g for g in plan.groups if needs_work(g)])
    for address, (disconnected, problem) in disconnect_surplus(ctx, plan, inventory).items():
        outcome = outcomes.setdefault(address, Outcome())
        outcome.disconnected = disconnected
        if problem and outcome.status is None:
            outcome.status, outcome.reason = "failed", problem
    final = _replan(plan, inventory, api, options.planner)
    reports = tuple(_report(g, final.get(g.address), outcomes.get(g.address)) for g in plan.groups)
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
    # A change acts on a group the plan shows (and apply reports): a saved plan edited by hand
    # must not disconnect numbers of a group outside it, nor of one the inventory lacks.
    planned = {g.address for g in plan.groups}
    stray = sorted({c.address for c in plan.changes if c.address not in planned})
    if stray:
        raise PlanError(f"the plan changes groups it does not plan: {', '.join(stray)}")
    plan.raise_if_unsafe(options.allow_disconnect, inventory.policy.max_disconnects)


def needs_work(group: GroupPlan) -> bool:
    """Return whether the loop has anything to do (or report) for a group."""
    return bool(group.blocked or group.to_order or group.pending_orders or group.pinned_to_order)


def _context(plan: Plan, api: NumbersApi, options: ApplyOptions, emit: EventSink) -> RunContext:
    known = {n for g in plan.groups for n in (*g.numbers, *g.surplus)}
    known.update(n for u in plan.unclaimed for n in u.numbers)
    since = lookback(options)
    clock = options.clock.now
    ctx = RunContext(
        api=api,
        options=options,
        run_id=options.run_id or tags.new_run_id(),
        deadline=Deadline(clock() + options.timeout),
        since=since,
        known=frozenset(known),
        emit=emit,
        active=threading.BoundedSemaphore(options.parallelism),
        listing=OrderListing(api, since, clock=clock),
        in_flight=InFlight(lambda: _in_flight(api, since), clock),
    )
    for group in plan.groups:
        ctx.claims.pin(group.address, group.pinned_to_order)
    if options.seed is not None:
        ctx.seed(options.seed)
    return ctx


def _in_flight(api: NumbersApi, since: datetime) -> list[str]:
    return [s.order_id for s in api.list_orders(statuses=IN_FLIGHT, since=since)]


def _run_groups(ctx: RunContext, inventory: Inventory, work: list[GroupPlan]) -> dict[str, Outcome]:
    if not work:
        return {}
    workers = min(len(work), max(ctx.options.parallelism, ctx.options.waiting_threads))
    runs = [GroupRun(ctx, inventory.group(g.address), g) for g in work]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="numspec-apply")
    try:
        futures = {r.group.address: pool.submit(r.run) for r in runs}
        return {address: f.result() for address, f in futures.items()}
    except BaseException:
        ctx.deadline.cancel()  # interrupted: let the workers stop at their next check
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _replan(
    plan: Plan, inventory: Inventory, api: NumbersApi, planner: Planner | None
) -> dict[str, GroupPlan]:
    """Read the account again for the report's `held` and `converged`."""
    if planner is None:
        from numspec.reconcile.plan import make_plan

        planner = make_plan
    try:
        fresh = planner(inventory, api, targets=plan.targets)
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
        return _Final(fresh.held, fresh.pending, fresh.to_order, fresh.blocked)
    # The account could not be read again: count from what the run saw.
    seen = outcome or Outcome()
    return _Final(seen.held(start), seen.backordered, seen.shortfall(start), start.blocked)


def _report(start: GroupPlan, fresh: GroupPlan | None, outcome: Outcome | None) -> GroupReport:
    final = _final(start, fresh, outcome)
    out = outcome or Outcome()
    status, reason = out.status, out.reason
    if status is None and final.blocked:
        status, reason = "blocked", final.blocked
    elif status is None and final.short:
        status, reason = "failed", f"still {final.short} short of {start.desired} after apply"
    elif status is None:
        status = "converged"
        if out.backordered:
            reason = f"{out.backordered} numbers backordered"
    return GroupReport(
        address=start.address,
        desired=start.desired,
        held=final.held,
        ordered=len(out.gained & set(fresh.numbers)) if fresh is not None else len(out.gained),
        orders=tuple(out.orders),
        status=status,
        reason=reason,
        pending=final.pending,
        disconnected=tuple(out.disconnected),
    )
