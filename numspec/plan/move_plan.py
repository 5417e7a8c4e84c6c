"""Which numbers a plan moves between sites and locations of the account, instead of ordering.

A move order (docs/bandwidth-api.md §8) keeps a number: customers still dial it. Planning moves
a held number to a group, in this order, before anything is ordered for it:

1. a number the group pins that another site or location of the account holds;
2. for a group naming a `location_id`, a number on another location of the same site that fits
   the group and no group claims (the group's numbers before its location changed);
3. with `policy.surplus: move`, a surplus number of another group (any site) that fits the group.

Each number moves once, to the first short group (by address) it fits. What moves comes off the
source group's surplus and the site's unclaimed numbers, so the plan shows what remains surplus.
Moves numspec placed that are still in flight count as pending for their group (`in_flight`),
so neither a rerun nor a plan made meanwhile moves a number twice. Pure except `in_flight`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import HeldNumber
from numspec.bandwidth.states import WAITING, names
from numspec.errors import UnsafePlanError
from numspec.inventory.model import Group
from numspec.plan import tags
from numspec.plan.account_state import IN_FLIGHT_WINDOW, PendingOrder, State
from numspec.plan.assess import Assessment, Tally
from numspec.plan.changes import Change
from numspec.plan.eligibility import eligible
from numspec.plan.plan_model import GroupPlan

# Move orders share the number orders' states: still waiting is RECEIVED or PROCESSING.
IN_FLIGHT = names(WAITING)


def target(group: Group) -> str:
    """Where the group's numbers live: `SITE/LOCATION`, or `SITE` (its default location)."""
    return group.site_id + (f"/{group.location_id}" if group.location_id else "")


def _where(held: HeldNumber) -> str:
    return held.site_id + (f"/{held.location_id}" if held.location_id else "")


@dataclass
class Moves:
    """The moves a plan makes: per group address, (number, source) pairs; what they take."""

    to: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def add(self, address: str, number: str, source: str) -> None:
        self.to.setdefault(address, []).append((number, source))
        self.taken.add(number)

    def count(self, address: str) -> int:
        return len(self.to.get(address, ()))

    def change(self, group: Group) -> Change | None:
        pairs = sorted(self.to.get(group.address, ()))
        if not pairs:
            return None
        return Change(
            group.address,
            "move",
            quantity=len(pairs),
            numbers=tuple(n for n, _ in pairs),
            sources=tuple(s for _, s in pairs),
            target=target(group),
        )


def plan_moves(
    state: State,
    assessment: Assessment,
    groups: Sequence[Group],
    blocked: Mapping[str, str | None],
    *,
    surplus_move: bool,
) -> Moves:
    """Return the moves for the groups of `groups` that are short and not blocked."""
    out = Moves()
    tallies = assessment.tallies
    short = [g for g in sorted(groups, key=lambda g: g.address) if not blocked.get(g.address)]
    for g in short:
        for number, source in tallies[g.address].pinned_to_move:
            out.add(g.address, number, source)
    pending = {n for p in state.pending for n in p.numbers}
    by_number: dict[str, HeldNumber] = {}
    for g in short:
        t = tallies[g.address]
        need = t.to_order - len(t.pinned_to_order)
        if need <= 0 or not (g.location_id or surplus_move):
            continue
        # Made only when some group takes candidates: a million holdings make a large map.
        by_number = by_number or {h.number: h for h in state.numbers}
        candidates: list[HeldNumber] = []
        if g.location_id:
            unclaimed = assessment.unclaimed.get(g.site_id, ())
            candidates += [
                by_number[n]
                for n in unclaimed
                if n in by_number and by_number[n].location_id != g.location_id
            ]
        if surplus_move:
            candidates += [
                by_number[n]
                for other in sorted(tallies)
                if other != g.address
                for n in tallies[other].surplus
                if n in by_number
            ]
        fresh = [h for h in candidates if h.number not in out.taken and h.number not in pending]
        for held in _fitting(g, fresh, state)[:need]:
            out.add(g.address, held.number, _where(held))
    return out


def _fitting(group: Group, candidates: Iterable[HeldNumber], state: State) -> list[HeldNumber]:
    """Return the candidates that would fit the group were they on its site and location."""
    unique = {h.number: h for h in candidates}
    placed = [
        replace(h, site_id=group.site_id, location_id=group.location_id or h.location_id)
        for h in sorted(unique.values(), key=lambda h: h.number)
    ]
    fits = eligible([group], placed, provenance=state.provenance).get(group.address, frozenset())
    return [unique[placed[i].number] for i in sorted(fits)]


def without_moved(tally: Tally, moves: Moves) -> tuple[str, ...]:
    """Return the tally's surplus less the numbers moving to another group."""
    return tuple(n for n in tally.surplus if n not in moves.taken)


def in_flight(
    api: NumbersApi, groups: Sequence[Group], held: Sequence[HeldNumber], now: datetime
) -> list[PendingOrder]:
    """Return numspec's move orders still in flight for `groups`, as pending orders.

    One listing (the last two days); one GET per move of ours still RECEIVED or PROCESSING.
    A number already where its move takes it is not pending any more.
    """
    by_tag = {tags.group_tag(g.address): g for g in groups}
    where: dict[str, HeldNumber] = {}  # made for the first move in flight, not for none
    out = []
    for summary in api.list_moves(statuses=IN_FLIGHT, since=now - IN_FLIGHT_WINDOW):
        parsed = tags.parse(summary.customer_order_id)
        group = by_tag.get(parsed.group) if parsed else None
        if group is None or summary.status not in IN_FLIGHT:
            continue
        move = api.get_move(summary.order_id)
        if move.final:
            continue  # finished between the listing and the GET: its numbers are placed
        where = where or {h.number: h for h in held}
        coming = tuple(
            sorted(n for n in move.numbers if n not in where or not _there(where[n], group))
        )
        out.append(PendingOrder(move.order_id, group.address, move.status, len(coming), coming))
    return sorted(out, key=lambda p: (p.address, p.order_id))


def _there(held: HeldNumber, group: Group) -> bool:
    return held.site_id == group.site_id and group.location_id in (None, held.location_id)


def raise_if_too_many(changes: Iterable[Change], max_moves: int) -> None:
    """Refuse a plan that moves more numbers than policy.max_moves allows."""
    moving = [c for c in changes if c.action == "move"]
    count = sum(len(c.numbers) for c in moving)
    if count > max_moves:
        where = ", ".join(c.address for c in moving)
        noun = "number" if count == 1 else "numbers"
        raise UnsafePlanError(
            f"the plan moves {count} {noun} ({where}), more than policy.max_moves "
            f"({max_moves}); raise policy.max_moves to at least {count} in the inventory to "
            "allow it"
        )


def replanned(reason: str | None, fresh: GroupPlan) -> str | None:
    """Add to a failed move's reason what the plan after apply does about it."""
    moving, ordering = len(fresh.to_move), fresh.shortfall
    if not moving and not ordering:
        return reason
    parts = [f"moves {moving}"] if moving else []
    parts += [f"orders {ordering}"] if ordering else []
    return f"{reason}; the next plan {' and '.join(parts)}" if reason else reason
