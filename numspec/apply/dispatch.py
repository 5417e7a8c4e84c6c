"""The apply side of each kind of change: one handler per action, looked up in a table.

    run_changes(ctx, plan, inventory) -> {address: Outcome}

apply carries out `Plan.changes` and nothing else. Each change goes to the handler registered
for its action; handlers run in phases (lower first: every order is settled before the first
disconnect), and within a phase either concurrently (orders: one thread per change, at most
`options.parallelism` searching or ordering at once) or one after another (disconnects).

Adding a kind of change (the extension point; the plan side is numspec.plan.changes):
write `def handle(step: Step) -> Outcome` that carries out `step.change` for `step.group` and
returns what it did (numbers gained in `gained`, numbers it took away in `disconnected`, a
`status`/`reason` when it failed), then `register_handler("action", handle, phase=N,
concurrent=...)`. A handler must do exactly what its change lists and raise nothing but
interrupts: an API error ends its own change only, as a `failed` Outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from numspec.apply import move_apply
from numspec.apply.context import Deadline, RunContext
from numspec.apply.disconnects import DISCONNECT_ATTEMPT_BASE, disconnect_numbers
from numspec.apply.group_run import GroupRun
from numspec.apply.reassign import reassign
from numspec.apply.report import Outcome
from numspec.inventory.model import Group, Inventory
from numspec.plan.changes import CHANGE_KINDS, Change
from numspec.plan.plan_model import GroupPlan, Plan


@dataclass(frozen=True)
class Step:
    """One change to carry out, with what its handler needs to know."""

    ctx: RunContext
    change: Change
    group: Group  # the inventory's group the change acts on
    plan: GroupPlan  # what the plan saw the group hold
    index: int  # position among the plan's changes of the same action
    pinned: frozenset[str]  # every number the inventory pins (never disconnected)


Handle = Callable[[Step], Outcome]


@dataclass(frozen=True)
class Handler:
    """How apply carries out one action."""

    handle: Handle
    phase: int  # lower phases run first
    concurrent: bool  # run the phase's changes of this action at once


HANDLERS: dict[str, Handler] = {}


def register_handler(action: str, handle: Handle, *, phase: int, concurrent: bool) -> None:
    """Make apply carry out changes of `action` with `handle` (the kind must be registered)."""
    if action not in CHANGE_KINDS:
        raise ValueError(f"register the change kind {action!r} first (numspec.plan.changes)")
    HANDLERS[action] = Handler(handle, phase, concurrent)


def _order(step: Step) -> Outcome:
    """Order the change's quantity: its named numbers exactly, the rest by search."""
    return GroupRun(step.ctx, step.group, step.plan, step.change).run()


def _disconnect(step: Step) -> Outcome:
    """Disconnect exactly the change's numbers (never a pinned one), waiting for each order."""
    numbers = [n for n in step.change.numbers if n not in step.pinned]
    out = Outcome()
    if not numbers:
        return out
    attempt = DISCONNECT_ATTEMPT_BASE + step.index
    out.disconnected, problem = disconnect_numbers(step.ctx, step.change, numbers, attempt)
    if problem:
        out.status, out.reason = "failed", problem
    return out


def _assign_voice(step: Step) -> Outcome:
    """Move exactly the change's numbers into its voice package, verified by reading back."""
    return reassign(step.ctx.api, step.change)


register_handler("order", _order, phase=0, concurrent=True)
# Phase 1 runs one change after another in the plan's order: re-assignments, then disconnects.
register_handler("assign_voice_package", _assign_voice, phase=1, concurrent=False)
register_handler("disconnect", _disconnect, phase=1, concurrent=False)
register_handler("move", move_apply.handle, phase=-1, concurrent=True)  # before any order


def run_changes(ctx: RunContext, plan: Plan, inventory: Inventory) -> dict[str, Outcome]:
    """Carry out every change of the plan through its handler; return the outcome per group."""
    pinned = frozenset(n for g in inventory.groups for n in g.numbers)
    steps: list[tuple[Handler, Step]] = []
    seen: dict[str, int] = {}
    for change in plan.changes:
        index = seen.get(change.action, 0)
        seen[change.action] = index + 1
        step = Step(
            ctx,
            change,
            inventory.group(change.address),
            plan.group(change.address),
            index,
            pinned,
        )
        steps.append((HANDLERS[change.action], step))
    outcomes: dict[str, Outcome] = {}
    for phase in sorted({h.phase for h, _ in steps}):
        now = [(h, s) for h, s in steps if h.phase == phase]
        together = [(h, s) for h, s in now if h.concurrent]
        workers = max(ctx.options.parallelism, ctx.runtime.waiting_threads)
        for step, outcome in _concurrently(together, workers, ctx.deadline):
            _merge(outcomes, step.change.address, outcome)
        for handler, step in now:
            if not handler.concurrent:
                _merge(outcomes, step.change.address, handler.handle(step))
    return outcomes


def _concurrently(
    work: list[tuple[Handler, Step]], workers: int, deadline: Deadline
) -> list[tuple[Step, Outcome]]:
    """Run the steps on at most `workers` threads; an interrupt cancels the run's deadline."""
    if not work:
        return []
    pool = ThreadPoolExecutor(
        max_workers=min(len(work), workers), thread_name_prefix="numspec-apply"
    )
    try:
        futures = [(s, pool.submit(h.handle, s)) for h, s in work]
        return [(s, f.result()) for s, f in futures]
    except BaseException:
        deadline.cancel()  # interrupted: let the workers stop at their next check
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _merge(outcomes: dict[str, Outcome], address: str, new: Outcome) -> None:
    """Fold one change's outcome into its group's (a group may have several changes)."""
    old = outcomes.get(address)
    if old is None:
        outcomes[address] = new
        return
    old.orders.extend(o for o in new.orders if o not in old.orders)
    old.gained |= new.gained
    old.backordered += new.backordered
    old.disconnected = (*old.disconnected, *new.disconnected)
    old.moved = (*old.moved, *new.moved)
    old.voice_reassigned = (*old.voice_reassigned, *new.voice_reassigned)
    if old.status is None and new.status is not None:
        old.status, old.reason = new.status, new.reason
