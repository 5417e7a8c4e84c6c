"""The apply side of a `move` change: place move orders, wait for them, say what moved.

A change's numbers go out in move orders of at most 5,000 (docs/bandwidth-api.md §8), each
tagged with a CustomerOrderId of the group (numspec.plan.tags), so the client finds a move
whose reply was lost instead of placing it again, and a later plan counts a move still in
flight as pending instead of planning it again (numspec.plan.move_plan.in_flight): a run
killed mid-move never moves twice. Every move of the run is polled to a final state through one
shared listing of the account's moves still in flight (`RunContext.moves_in_flight`); a move is
fetched on its own only once the listing stops showing it. A PARTIAL or FAILED move names the
numbers it could not move and why (7518: not active); the final re-plan counts what the group
still lacks.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from numspec.apply.events import ApplyEvent
from numspec.apply.polling import Timeout, wait_final
from numspec.apply.report import Outcome
from numspec.bandwidth.moves import Move, MoveRequest, chunks
from numspec.errors import ApiError
from numspec.plan import tags

if TYPE_CHECKING:
    from numspec.apply.context import RunContext
    from numspec.apply.dispatch import Step

log = logging.getLogger(__name__)

# Attempt numbers of moves: MOVE_ATTEMPT_BASE + change index * 1000 + chunk (never an order's).
MOVE_ATTEMPT_BASE = 800000


def handle(step: Step) -> Outcome:
    """Move exactly the change's numbers to its target; wait for every move order."""
    ctx, change = step.ctx, step.change
    out = Outcome()
    if ctx.expired():
        out.status, out.reason = "failed", "timed out before moving"
        return out
    site, _, location = change.target.partition("/")
    made: dict[str, Move] = {}
    problem = None
    for part, chunk in enumerate(chunks(change.numbers)):
        attempt = MOVE_ATTEMPT_BASE + step.index * 1000 + part
        coid = tags.customer_order_id(change.address, ctx.run_id, attempt)
        try:
            move = ctx.api.create_move(MoveRequest(site, chunk, coid, location or None))
        except ApiError as e:
            problem = f"move to {change.target} refused: {e}"
            break
        made[move.order_id] = move
        out.orders.append(move.order_id)
        ctx.send(ApplyEvent(change.address, "moving", f"{len(chunk)} numbers", move.order_id))
    finals = _wait(ctx, made)
    moved: list[str] = []
    for move in finals.values():
        moved += move.moved_numbers
        if move.status != "COMPLETE" and problem is None:
            problem = _partial(move, change.target)
    if len(finals) < len(made):
        unfinished = ", ".join(sorted(set(made) - set(finals)))
        problem = problem or f"move {unfinished} still running; the next run waits for it"
    out.moved = tuple(sorted(moved))
    if problem:
        out.status, out.reason = "failed", problem
    return out


def _wait(ctx: RunContext, made: dict[str, Move]) -> dict[str, Move]:
    """Poll the moves to a final state; on timeout return those that finished."""
    if not made:
        return {}
    try:
        return wait_final(
            ctx.api.get_move,
            list(made),
            is_final=lambda m: m.final,
            clock=ctx.clock,
            deadline=ctx.deadline,
            backoff=ctx.runtime.backoff,
            rng=ctx.rng(),
            first=made,
            in_flight=ctx.account.moves_in_flight,
        )
    except Timeout as e:
        log.warning("%s", e)
        return {}


def _partial(move: Move, target: str) -> str:
    """`move 7d1e… to 1002/2002 ended PARTIAL: +1919… not moved (7518 Telephone Number …)`."""
    reasons: dict[str, list[str]] = {}
    for error in move.errors:
        if error.number:
            reasons.setdefault(f"{error.code} {error.description}".strip(), []).append(error.number)
    why = "; ".join(f"{', '.join(numbers)} not moved ({r})" for r, numbers in reasons.items())
    return f"move {move.order_id} to {target} ended {move.status}" + (f": {why}" if why else "")
