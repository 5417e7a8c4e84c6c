"""make_plan: read the account, match holdings to groups, check restrictions, list the changes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import Restriction
from numspec.errors import UsageError
from numspec.inventory.model import Group, Inventory
from numspec.plan.account_state import PendingOrder, State, read_state
from numspec.plan.assess import Assessment, Tally, assess
from numspec.plan.changes import sort_key
from numspec.plan.move_plan import Moves, in_flight, plan_moves, without_moved
from numspec.plan.plan_model import Change, GroupPlan, Plan, Unclaimed
from numspec.plan.planfile import fingerprint
from numspec.plan.reassignments import Reassigned, read_ordered_for, reassigned, swap_back
from numspec.plan.voice_findings import order_only_note, read_findings
from numspec.plan.voice_plan import with_voice

log = logging.getLogger(__name__)


def resolve_targets(inventory: Inventory, targets: Iterable[str]) -> tuple[Group, ...]:
    """Return the groups `--target` names (SITE or SITE/GROUP); all groups when none."""
    wanted = list(targets)
    if not wanted:
        return inventory.groups
    sites = {g.site for g in inventory.groups} | {s.name for s in inventory.sites}
    addresses = {g.address for g in inventory.groups}
    unknown = [t for t in wanted if t not in sites and t not in addresses]
    if unknown:
        valid = sorted(sites) + sorted(addresses)
        raise UsageError(
            f"unknown target {', '.join(repr(t) for t in unknown)}; "
            f"valid targets: {', '.join(valid)}"
        )
    chosen = set(wanted)
    return tuple(g for g in inventory.groups if g.site in chosen or g.address in chosen)


def make_plan(
    inventory: Inventory,
    api: NumbersApi,
    *,
    targets: Sequence[str] = (),
    progress: Callable[[str, int, int | None], None] | None = None,
    reassignments: bool = True,
) -> Plan:
    """Read the account and return the plan that would converge it to the inventory.

    `reassignments`: also read which group's orders brought the numbers groups share (one
    listing of completed orders and one fetch per numspec order of those groups); apply's
    recount after the run skips it.
    """
    scope = resolve_targets(inventory, targets)
    site_ids = {g.site_id for g in scope}
    # Every group of a site in scope takes part in matching, so a targeted group never counts a
    # number that another group of the same site would keep.
    peers = tuple(g for g in inventory.groups if g.site_id in site_ids)
    state = read_state(
        api,
        peers,
        account_id=inventory.account_id,
        inventory_path=inventory.path,
        progress=progress,
        scope=scope,
        account_line=inventory.account_line,
    )
    assessment = assess(inventory, state, peers)
    # A move numspec placed that is still in flight counts as pending; only a group that lacks
    # numbers (or would move some) can be affected, so the listing is read only then.
    if any(t.to_order > 0 or t.pinned_to_move for t in assessment.tallies.values()):
        moving = in_flight(api, peers, state.numbers, datetime.now(UTC))
        if moving:
            pending = tuple(sorted((*state.pending, *moving), key=_pending_key))
            state = replace(state, pending=pending)
            assessment = assess(inventory, state, peers)
    in_scope = [assessment.tallies[g.address] for g in scope]
    countries = sorted({t.group.criteria.country for t in in_scope if _short(t)})
    restrictions = {c: tuple(api.restrictions(c)) for c in countries}
    moved: dict[str, tuple[Reassigned, ...]] = {}
    if reassignments:
        assessment, moved = _reassigned(api, state, assessment, scope)
    plan = build_plan(inventory, state, assessment, scope, restrictions, targets, moved)
    findings = read_findings(api, plan.groups, scope, inventory.account_id)
    notes = {g.address: n for g in scope if (n := order_only_note(g)) is not None}
    return with_voice(plan, findings, notes)


def _reassigned(
    api: NumbersApi, state: State, assessment: Assessment, scope: Sequence[Group]
) -> tuple[Assessment, dict[str, tuple[Reassigned, ...]]]:
    """Give crossed numbers back to the groups that ordered them (reassignments.swap_back);
    return the assessment and, per group in scope, held numbers it still counts that another
    group's orders brought."""
    shared = assessment.shared
    if not any(g.address in shared for g in scope):
        return assessment, {}
    ordered_for = read_ordered_for(api, sorted(shared), state.provenance)
    counted = swap_back(
        {a: assessment.tallies[a].numbers for a in shared},
        ordered_for,
        _fits(state, assessment, ordered_for),
    )
    tallies = dict(assessment.tallies)
    for address, numbers in counted.items():
        if set(numbers) != set(tallies[address].numbers):
            tallies[address] = replace(tallies[address], numbers=numbers)
    moved = reassigned(counted, ordered_for)
    scoped = {g.address: moved[g.address] for g in scope if g.address in moved}
    return replace(assessment, tallies=tallies), scoped


def _fits(
    state: State, assessment: Assessment, ordered_for: Mapping[str, frozenset[str]]
) -> Callable[[str, str], bool]:
    """Return `fits(address, number)` over the numbers some group ordered (one scan of state)."""
    wanted = frozenset().union(*ordered_for.values()) if ordered_for else frozenset()
    index = {h.number: (i, h.site_id) for i, h in enumerate(state.numbers) if h.number in wanted}

    def fits(address: str, number: str) -> bool:
        i, site = index.get(number, (-1, ""))
        fitting = assessment.fits.get(address, frozenset())
        return site == assessment.tallies[address].group.site_id and i in fitting

    return fits


def _pending_key(p: PendingOrder) -> tuple[str, str]:
    return (p.address, p.order_id)


def _short(t: Tally) -> bool:
    return t.to_order > 0 and t.blocked is None


def _restriction_block(
    inventory: Inventory, country: str, found: Sequence[Restriction]
) -> str | None:
    accepted = inventory.policy.accept_restrictions.get(country, frozenset())
    missing = sorted({r.type for r in found} - set(accepted))
    if not missing:
        return None
    every = sorted({r.type for r in found} | set(accepted))
    return (
        f"{country} has restrictions of type {', '.join(missing)} that the inventory does not "
        f"acknowledge; review them and add them under policy.accept_restrictions "
        f"(e.g. `{country}: [{', '.join(every)}]`) to allow ordering"
    )


def _restrictions(
    t: Tally, restrictions: Mapping[str, Sequence[Restriction]]
) -> tuple[Restriction, ...]:
    found = restrictions.get(t.group.criteria.country, ())
    return tuple(sorted(found, key=lambda r: (r.type, r.category, r.description)))


def _to_order(t: Tally, moves: Moves) -> int:
    """What the group still lacks once its moves arrive (pinned moves are counted already)."""
    return t.to_order - (moves.count(t.group.address) - len(t.pinned_to_move))


def _blocked(
    inventory: Inventory,
    t: Tally,
    restrictions: Mapping[str, Sequence[Restriction]],
    moves: Moves,
) -> str | None:
    if t.blocked is None and _to_order(t, moves) > 0:
        return _restriction_block(
            inventory, t.group.criteria.country, _restrictions(t, restrictions)
        )
    return t.blocked


def _group_plan(
    inventory: Inventory,
    t: Tally,
    restrictions: Mapping[str, Sequence[Restriction]],
    moves: Moves,
) -> GroupPlan:
    blocked = _blocked(inventory, t, restrictions, moves)
    to_order = _to_order(t, moves) if blocked is None else t.to_order
    return GroupPlan(
        address=t.group.address,
        site_id=t.group.site_id,
        desired=t.group.quantity,
        held=len(t.numbers),
        pending=t.pending,
        shortfall=to_order,
        numbers=t.numbers,
        pending_numbers=t.pending_numbers,
        pending_orders=t.pending_orders,
        surplus=without_moved(t, moves),
        pinned_to_order=t.pinned_to_order,
        blocked=blocked,
        restrictions=_restrictions(t, restrictions) if to_order > 0 else (),
        notes=t.notes,
        to_move=tuple(sorted(n for n, _ in moves.to.get(t.group.address, ()))),
    )


def _moves(
    inventory: Inventory,
    state: State,
    assessment: Assessment,
    scope: Sequence[Group],
    restrictions: Mapping[str, Sequence[Restriction]],
) -> Moves:
    """Plan the moves; a group the restrictions block even after its moves gets none."""
    tallies = assessment.tallies
    blocked = {g.address: tallies[g.address].blocked for g in scope}
    surplus_move = inventory.policy.surplus == "move"
    moves = plan_moves(state, assessment, scope, blocked, surplus_move=surplus_move)
    again = {g.address: _blocked(inventory, tallies[g.address], restrictions, moves) for g in scope}
    if again != blocked:
        moves = plan_moves(state, assessment, scope, again, surplus_move=surplus_move)
    return moves


def changes_for(groups: Sequence[GroupPlan], *, disconnect: bool) -> tuple[Change, ...]:
    """Return the orders (then the disconnects) the group plans call for, sorted by address.

    A blocked group gets no change: it shows 0 to order and its shortfall apart.
    """
    orders = [
        Change(g.address, "order", quantity=g.shortfall, numbers=g.pinned_to_order)
        for g in groups
        if g.shortfall > 0 and g.blocked is None
    ]
    drops = [
        Change(g.address, "disconnect", quantity=len(g.surplus), numbers=g.surplus)
        for g in groups
        if disconnect and g.surplus
    ]
    return tuple(sorted([*orders, *drops], key=sort_key))


def build_plan(
    inventory: Inventory,
    state: State,
    assessment: Assessment,
    scope: Sequence[Group],
    restrictions: Mapping[str, Sequence[Restriction]],
    targets: Sequence[str] = (),
    moved: Mapping[str, tuple[Reassigned, ...]] | None = None,
) -> Plan:
    """Assemble the Plan from an assessment and the restrictions of the short countries."""
    moves = _moves(inventory, state, assessment, scope, restrictions)
    tallies = assessment.tallies
    groups = tuple(
        sorted(
            (
                replace(
                    _group_plan(inventory, tallies[g.address], restrictions, moves),
                    reassigned=(moved or {}).get(g.address, ()),
                )
                for g in scope
            ),
            key=lambda g: g.address,
        )
    )
    moving = [moves.change(g) for g in scope if not _plan_of(groups, g.address).blocked]
    changes = [
        *changes_for(groups, disconnect=inventory.policy.surplus == "disconnect"),
        *(c for c in moving if c is not None),
    ]
    unclaimed = {
        s: tuple(n for n in numbers if n not in moves.taken)
        for s, numbers in sorted(assessment.unclaimed.items())
    }
    return Plan(
        account_id=inventory.account_id,
        groups=groups,
        unclaimed=tuple(Unclaimed(s, n) for s, n in unclaimed.items() if n),
        changes=tuple(sorted(changes, key=sort_key)),
        targets=tuple(sorted(set(targets))),
        inventory_path=inventory.path,
        inventory_digest=inventory.digest,
        holdings_fingerprint=fingerprint(state),
    )


def _plan_of(groups: Sequence[GroupPlan], address: str) -> GroupPlan:
    return next(g for g in groups if g.address == address)
