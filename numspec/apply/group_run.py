"""One group's way to its quantity: wait, search, check the lease, order, wait, recount.

A group's count is the plan's `held` plus the numbers the orders it accounted for completed
(numbers the plan did not already know). Every order id it has waited for or placed is
"accounted"; an order tagged for the group that is not accounted belongs to another run and
is waited for before this run orders anything (numspec.apply.lease).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Literal

from numspec.apply import lease, number_claims, order_requests, reservations
from numspec.apply.context import RunContext
from numspec.apply.events import ApplyEvent, EventKind
from numspec.apply.polling import Timeout, wait_final
from numspec.apply.report import Outcome, ordered_numbers
from numspec.bandwidth import ratelimit
from numspec.bandwidth.models import NumbersOrder, Order, OrderRequest
from numspec.bandwidth.states import FINAL, OrderState
from numspec.errors import (
    AccessDeniedError,
    ApiError,
    CountryNotAllowedError,
    InvalidSiteError,
    NumberTakenError,
)
from numspec.inventory.model import Group
from numspec.plan import tags
from numspec.plan.changes import Change
from numspec.plan.plan_model import GroupPlan
from numspec.wording import count

log = logging.getLogger(__name__)

Problem = Literal["blocked", "failed"]
# A search asks for this share more than needed: spares the group orders from after a loss
# instead of searching again. The search costs one request whatever its size, and spares are
# never claimed, so a generous share costs nothing (at 20% races a group of 20 needs 25 numbers
# on average and more than 30 about one time in 40; more than 40 almost never).
SPARE_SHARE = 1.0


def settle_from_listing(order: Order, listed: str) -> Order | None:
    """Return the final state of an exact-numbers order the listing shows; None: read it.

    The order's numbers are what the client asked for; the listing's state says which of them
    it brought when that is all or none (docs/safety.md): COMPLETE placed every requested
    number, FAILED placed none. PARTIAL (which ones?) and backorders are read from the order.
    """
    if not order.requested_numbers:
        return None
    asked = tuple(order.requested_numbers)
    if listed == OrderState.COMPLETE:
        return replace(order, status=OrderState.COMPLETE, completed_numbers=asked)
    if listed == OrderState.FAILED:
        return replace(order, status=OrderState.FAILED, completed_numbers=(), failed_numbers=asked)
    return None


def is_final(order: Order) -> bool:
    return order.status in FINAL


class _Stop(Exception):
    """End the group with a status and a reason."""

    def __init__(self, status: Problem, reason: str) -> None:
        self.status = status
        self.reason = reason
        super().__init__(reason)


class GroupRun:
    """The apply loop of one group."""

    def __init__(self, ctx: RunContext, group: Group, plan: GroupPlan, change: Change) -> None:
        self.ctx = ctx
        self.group = group
        self.plan = plan
        self.change = change  # the order: at most its quantity, its numbers exactly
        self.placed: set[str] = set()  # ids of the orders this run placed
        self.used = 0  # of the change's quantity: numbers this run's orders brought or backordered
        self.out = Outcome()
        self.accounted: set[str] = set()
        self.lost: set[str] = set()
        self.spares: list[str] = []  # found by the last search beyond what was ordered
        self.attempt = 0
        self.rng = ctx.rng()

    @property
    def shortfall(self) -> int:
        """What to order still: the group's need, never beyond what the change orders."""
        return max(0, min(self.out.shortfall(self.plan), self.change.quantity - self.used))

    def run(self) -> Outcome:
        """Run the loop; API errors end this group only."""
        try:
            self._run()
            self._emit("done", f"holds {self.out.held(self.plan)}")
        except _Stop as e:
            self._end(e.status, e.reason)
        except Timeout as e:
            self._end("failed", str(e))
        except (AccessDeniedError, CountryNotAllowedError) as e:
            self._end("blocked", e.description or str(e))
        except InvalidSiteError as e:
            self._end("failed", f"the site is not valid for this account: {e}")
        except ApiError as e:
            self._end("failed", str(e))
        return self.out

    def _end(self, status: Problem, reason: str) -> None:
        self.out.status, self.out.reason = status, reason
        self._emit(status, reason)

    def _run(self) -> None:
        if self.plan.blocked:
            raise _Stop("blocked", self.plan.blocked)
        self._settle(self.plan.pending_orders, own=True)
        self._order_pinned()
        fruitless = 0  # rounds that brought no number: the limit is on these, not on rounds
        while self.shortfall > 0:
            if fruitless >= self.ctx.runtime.max_rounds:
                raise _Stop(
                    "failed",
                    f"{self.shortfall} still to order after {fruitless} rounds that brought "
                    "no number: the numbers found kept being taken by other customers",
                )
            before = len(self.out.gained)
            if self._round() and len(self.out.gained) == before:
                fruitless += 1

    # --- one round ----------------------------------------------------------------------

    def _round(self) -> bool:
        """Search for the shortfall and order it; False if another run's order came first."""
        need = self._check_time()
        placed: dict[str, Order] = {}
        reserved: dict[str, str] = {}
        with self.ctx.active.slot(self.shortfall):
            found, exhausted = self._search(need)
            others = self._unaccounted()
            if others:
                self._unclaim(found)
            elif found:
                placed, reserved = self._reserve_and_place(found)
        if others:
            self._settle(others, own=False)
            return False
        try:
            self._settle(list(placed), own=True, first=placed)
        finally:
            self._release(reserved)
        if exhausted and len(found) < need and self.shortfall > 0:
            self._short(len(found), need)
        return True

    def _short(self, found: int, need: int) -> None:
        """The pool cannot fill the group: backorder the rest if allowed, else fail."""
        if self.group.backorder and self._backorder(self.shortfall):
            return
        what = "no numbers" if not found else f"only {found} of the {need} numbers needed"
        raise _Stop("failed", f"the search found {what} ({self._criteria()})")

    def _check_time(self) -> int:
        need = self.shortfall
        if self.ctx.expired():
            raise _Stop("failed", f"timed out with {count(need)} still to order")
        return need

    def _criteria(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.group.criteria.items().items())

    def _search(self, need: int) -> tuple[list[str], bool]:
        """Claim up to `need` numbers no other group of the run has on order; see claims.

        Numbers a search found beyond the need are kept as spares: after a loss the group
        orders from them before it searches again (a search costs a request; spares are free).
        """
        skip = self.ctx.account.known | self.out.gained | self.lost
        spares = [n for n in self.spares if n not in skip]
        taken = self.ctx.claims.take(self.group.address, spares, need)
        if len(taken) >= need:
            self.spares = [n for n in spares if n not in taken]
            return taken, False
        self.ctx.claims.release(self.group.address, taken)
        self._emit("searching", f"{need} needed")
        # Room for what will be skipped: numbers lost before, other groups' numbers on order,
        # and spares for numbers other customers may take before the order.
        elsewhere = min(need, self.ctx.claims.on_order_elsewhere(self.group.address))
        room = len(self.lost) + elsewhere + math.ceil(need * SPARE_SHARE)
        answer: list[str] = []

        def search(size: int) -> list[str]:
            query = order_requests.search_query(self.group.criteria, size)
            answer[:] = [a.number for a in self.ctx.api.search(query)]
            return answer

        found, exhausted = number_claims.search_unclaimed(
            search,
            self.ctx.claims,
            self.group.address,
            need=need,
            skip=skip,
            quantity=min(order_requests.MAX_PER_ORDER, need + room),
            limit=order_requests.MAX_PER_ORDER,
        )
        self.spares = [n for n in answer if n not in skip and n not in found]
        return found, exhausted

    def _unclaim(self, numbers: Iterable[str]) -> None:
        self.ctx.claims.release(self.group.address, numbers)

    def _unaccounted(self) -> list[str]:
        """Return ids of this group's orders from other runs this run has not waited for."""
        found = lease.unaccounted_orders(
            self.ctx.account.listing.for_check(),
            self.group.address,
            accounted=self.accounted,
            since=self.ctx.account.since,
        )
        for summary in found:
            # A final order is an earlier run's (or a concurrent one's, just finished): its
            # numbers are counted, but nobody is ordering for the group any more.
            if summary.status in FINAL:
                detail = f"an earlier run's order, already {summary.status}: counting its numbers"
            else:
                detail = "another apply is ordering for this group"
            self._emit("waiting", detail, summary.order_id)
        return [s.order_id for s in found]

    # --- ordering -----------------------------------------------------------------------

    def _order_pinned(self) -> None:
        """Order the pinned numbers the account does not hold; losing one fails the group."""
        pinned = [n for n in self.change.numbers if n not in self.out.gained]
        if not pinned:
            return
        placed: dict[str, Order] = {}
        with self.ctx.active.slot(self.shortfall):
            others = self._unaccounted()
            if not others:
                placed, _ = self._place(pinned, {})
        if others:
            self._settle(others, own=False)
            return self._order_pinned()
        self._settle(list(placed), own=True, first=placed)
        missing = sorted(set(pinned) - self.out.gained)
        if missing:
            raise _Stop("failed", f"pinned numbers not available: {', '.join(missing)}")

    def _reserve_and_place(self, numbers: Sequence[str]) -> tuple[dict[str, Order], dict[str, str]]:
        reserved: dict[str, str] = {}
        # --reserve reserves only once the group has lost a number to another customer: its
        # numbers are then shown to be contested; the first round orders directly.
        if self.ctx.options.reserve and self.group.criteria.is_nanp and self.lost:
            reserved = self._reserve(numbers)
            self._unclaim(n for n in numbers if n not in reserved)
            numbers = [n for n in numbers if n in reserved]
        try:
            return self._place(numbers, reserved)
        except BaseException:
            self._release(reserved)
            raise

    def _place(
        self, numbers: Sequence[str], reserved: dict[str, str]
    ) -> tuple[dict[str, Order], dict[str, str]]:
        placed = {}
        for start, chunk in enumerate(order_requests.chunks(numbers)):
            request = order_requests.exact_order(
                self.group,
                chunk,
                customer_order_id=self._next_id(),
                reservation_ids=[reserved[n] for n in chunk if n in reserved],
            )
            try:
                order = self._post(request, chunk)
            except BaseException:
                self._unclaim(numbers[start * order_requests.MAX_PER_ORDER :])
                raise
            if order is not None:
                placed[order.order_id] = order
        return placed, reserved

    def _post(self, request: OrderRequest, numbers: Sequence[str]) -> Order | None:
        count = len(request.numbers) if isinstance(request, NumbersOrder) else "backorder"
        noun = "number" if count == 1 else "numbers"
        self._emit("ordering", f"{count} {noun}, {request.customer_order_id}")
        try:
            # A larger order puts more numbers at risk: more rounds are likely still ahead of
            # its group, so it goes first when the run's orders queue for the rate limit.
            with ratelimit.priority(len(numbers)):
                order = self.ctx.api.create_order(request)
        except NumberTakenError as e:
            self.lost.update(numbers)
            self.ctx.claims.settled(numbers)
            self._emit("lost", f"order refused: {e.description or e}")
            return None
        self.accounted.add(order.order_id)
        self.placed.add(order.order_id)
        self.out.orders.append(order.order_id)
        return order

    def _backorder(self, quantity: int) -> bool:
        request = order_requests.backorder(self.group, quantity, customer_order_id=self._next_id())
        if request is None:
            return False
        with self.ctx.active.slot(self.shortfall):
            others = self._unaccounted()
            order = None if others else self._post(request, ())
        self._settle(others or ([order.order_id] if order else []), own=not others)
        return True

    def _next_id(self) -> str:
        self.attempt += 1
        return tags.customer_order_id(self.group.address, self.ctx.run_id, self.attempt)

    # --- reservations -------------------------------------------------------------------

    def _reserve(self, numbers: Sequence[str]) -> dict[str, str]:
        self._emit("reserving", count(len(numbers)))
        reserved, refused = reservations.reserve(self.ctx.api, self.group.address, numbers)
        self.lost |= refused
        return reserved

    def _release(self, reserved: dict[str, str]) -> None:
        """Release the reservations of numbers the group did not get."""
        reservations.release(self.ctx.api, reserved, keep=self.out.gained)

    # --- waiting ------------------------------------------------------------------------

    def _settle(
        self, ids: Sequence[str], *, own: bool, first: Mapping[str, Order] | None = None
    ) -> None:
        """Wait for orders to reach a final state and count what they brought."""
        if not ids:
            return
        self._emit("waiting", "", ids[0] if len(ids) == 1 else ", ".join(ids))
        self.accounted.update(ids)
        finals = wait_final(
            self._read_order,
            ids,
            is_final=is_final,
            clock=self.ctx.clock,
            deadline=self.ctx.deadline,
            backoff=self.ctx.runtime.backoff,
            rng=self.rng,
            first=dict(first or {}),
            in_flight=self.ctx.account.in_flight,
            settled=settle_from_listing,
        )
        for order in finals.values():
            self._count(order, own=own)

    def _read_order(self, order_id: str) -> Order:
        """Read an order; groups with more numbers still to get go first (see _post)."""
        with ratelimit.priority(self.shortfall):
            return self.ctx.api.get_order(order_id)

    def _count(self, order: Order, *, own: bool) -> None:
        if own:
            self.ctx.claims.settled(order.requested_numbers)
        new = ordered_numbers(order) - self.ctx.account.known - self.out.gained
        self.out.gained |= new
        if order.order_id in self.placed:
            self.used += len(new)
        if own and order.order_id not in self.out.orders:
            self.out.orders.append(order.order_id)
        taken = set(order.failed_numbers) | {e.number for e in order.errors if e.number}
        if own and order.status in (OrderState.PARTIAL, OrderState.FAILED):
            taken |= set(order.requested_numbers) - set(order.completed_numbers)
        self.lost |= taken - new
        if taken - new and order.status != OrderState.BACKORDERED:
            self._emit("lost", f"{count(len(taken - new))} taken by others", order.order_id)
        if order.status == OrderState.BACKORDERED:
            asked = order.requested_quantity or len(order.requested_numbers)
            waiting = max(0, asked - len(order.completed_numbers))
            self.out.backordered += waiting
            if order.order_id in self.placed:
                self.used += waiting
            self._emit("backordered", count(asked), order.order_id)

    def _emit(self, kind: EventKind, detail: str = "", order_id: str | None = None) -> None:
        held = self.out.held(self.plan)
        event = ApplyEvent(self.group.address, kind, detail, order_id, held, self.plan.desired)
        self.ctx.send(event)
