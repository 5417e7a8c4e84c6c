"""Disconnects, last: only what the plan lists, never a pinned number, each waited for."""

from __future__ import annotations

import logging

from numspec.bandwidth.models import Disconnect
from numspec.bandwidth.states import DISCONNECT_FINAL, OrderState
from numspec.errors import ApiError
from numspec.reconcile import ordering, tags
from numspec.reconcile.context import RunContext
from numspec.reconcile.events import ApplyEvent
from numspec.reconcile.model import Change, Plan
from numspec.reconcile.polling import Timeout, wait_final
from numspec.spec.model import Inventory

log = logging.getLogger(__name__)

# Attempt numbers of disconnects start here so their CustomerOrderIds never meet an order's.
_ATTEMPT_BASE = 900000


def disconnect_surplus(
    ctx: RunContext, plan: Plan, inventory: Inventory
) -> dict[str, tuple[tuple[str, ...], str | None]]:
    """Carry out the plan's disconnects; return, per group, what went and any problem."""
    pinned = {n for g in inventory.groups for n in g.numbers}
    results: dict[str, tuple[tuple[str, ...], str | None]] = {}
    changes = [c for c in plan.changes if c.action == "disconnect"]
    for index, change in enumerate(changes):
        numbers = [n for n in change.numbers if n not in pinned]
        if numbers:
            results[change.address] = _disconnect(ctx, change, numbers, _ATTEMPT_BASE + index)
    return results


def _disconnect(
    ctx: RunContext, change: Change, numbers: list[str], attempt: int
) -> tuple[tuple[str, ...], str | None]:
    if ctx.expired():
        return (), "timed out before disconnecting"
    done: list[str] = []
    try:
        for part, chunk in enumerate(ordering.chunks(numbers)):
            coid = tags.customer_order_id(change.address, ctx.run_id, attempt + part * 1000)
            created = ctx.api.create_disconnect(chunk, coid)
            ctx.send(
                ApplyEvent(
                    change.address, "disconnecting", f"{len(chunk)} numbers", created.order_id
                )
            )
            final = _wait(ctx, created)
            failed = {e.number for e in final.errors if e.number}
            done.extend(n for n in chunk if n not in failed and final.status != OrderState.FAILED)
            if final.status != OrderState.COMPLETE:
                return tuple(done), f"disconnect {final.order_id} ended {final.status}"
    except (ApiError, Timeout) as e:
        return tuple(done), f"disconnect failed: {e}"
    return tuple(done), None


def _wait(ctx: RunContext, created: Disconnect) -> Disconnect:
    finals = wait_final(
        ctx.api.get_disconnect,
        [created.order_id],
        is_final=lambda d: d.status in DISCONNECT_FINAL,
        clock=ctx.clock,
        deadline=ctx.deadline,
        backoff=ctx.options.backoff,
        rng=ctx.rng(),
    )
    return finals[created.order_id]
