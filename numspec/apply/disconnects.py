"""Disconnect orders: placed in chunks, each waited for (numbers come from a plan's change)."""

from __future__ import annotations

import logging

from numspec.apply import order_requests
from numspec.apply.context import RunContext
from numspec.apply.events import ApplyEvent
from numspec.apply.polling import Timeout, wait_final
from numspec.bandwidth.models import Disconnect
from numspec.bandwidth.states import DISCONNECT_FINAL, OrderState
from numspec.errors import ApiError
from numspec.plan import tags
from numspec.plan.changes import Change

log = logging.getLogger(__name__)

# Attempt numbers of disconnects start here so their CustomerOrderIds never meet an order's.
DISCONNECT_ATTEMPT_BASE = 900000


def disconnect_numbers(
    ctx: RunContext, change: Change, numbers: list[str], attempt: int
) -> tuple[tuple[str, ...], str | None]:
    """Disconnect `numbers` for the change's group; return what went and any problem."""
    if ctx.expired():
        return (), "timed out before disconnecting"
    done: list[str] = []
    try:
        for part, chunk in enumerate(order_requests.chunks(numbers)):
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
        backoff=ctx.runtime.backoff,
        rng=ctx.rng(),
    )
    return finals[created.order_id]
