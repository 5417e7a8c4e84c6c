"""The pure part of planning: from an inventory and a read State, what each group has and lacks.

No I/O: tested without HTTP. `make_plan` (plan.py) wires it to the API.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from numspec.bandwidth.models import HeldNumber
from numspec.inventory.model import Group, Inventory
from numspec.plan.account_state import PendingOrder, State
from numspec.plan.eligibility import EMPTY, eligible, notes
from numspec.plan.match import match
from numspec.plan.pinned import place_pins


@dataclass(frozen=True)
class Tally:
    """One group's holdings, orders in flight and shortfall, before restrictions."""

    group: Group
    numbers: tuple[str, ...]
    surplus: tuple[str, ...]
    pending: int
    pending_numbers: tuple[str, ...]
    pending_orders: tuple[str, ...]
    pinned_to_order: tuple[str, ...]
    to_order: int
    blocked: str | None
    notes: tuple[str, ...]
    pinned_to_move: tuple[tuple[str, str], ...] = ()  # (number, SITE[/LOCATION] holding it)


@dataclass(frozen=True)
class Assessment:
    """Every group's tally (all groups of the sites in scope) and the unclaimed numbers."""

    tallies: Mapping[str, Tally]
    unclaimed: Mapping[str, tuple[str, ...]]  # site id -> numbers fitting no group
    shared: frozenset[str] = frozenset()  # groups with a held number another group fits too
    fits: Mapping[str, frozenset[int]] = field(default_factory=dict)  # address -> number indices


def assess(inventory: Inventory, state: State, groups: Sequence[Group]) -> Assessment:
    """Match the state's numbers to `groups` (every group of the sites in scope)."""
    numbers = state.numbers
    # Only pinned numbers are looked up by number: build the map only when some group pins.
    by_number = {h.number: h for h in numbers} if any(g.numbers for g in groups) else {}
    every_pinned = frozenset(n for g in inventory.groups for n in g.numbers)
    capacity = {g.address: max(0, g.quantity - len(g.numbers)) for g in groups}
    criteria = {g.address: g.criteria for g in groups}
    # A group of pinned numbers only (quantity = its pins) claims nothing by its criteria.
    matchable = [g for g in groups if capacity[g.address] or not g.numbers]
    fits = eligible(matchable, numbers, provenance=state.provenance, exclude=every_pinned)
    # Most specific first: fewest fitting numbers, then most criteria, then by address.
    preference = sorted(
        capacity, key=lambda a: (len(fits.get(a, ())), -len(criteria[a].items()), a)
    )
    sites: dict[str, list[str]] = {}
    for g in groups:
        sites.setdefault(g.site_id, []).append(g.address)
    result = match(len(numbers), fits, capacity, preference=preference, blocks=list(sites.values()))
    pending: dict[str, list[PendingOrder]] = {}
    for p in state.pending:
        pending.setdefault(p.address, []).append(p)
    tallies = {}
    for g in groups:
        mine = pending.get(g.address, [])
        matched = [numbers[i].number for i in result.assigned[g.address]]
        surplus = [numbers[i].number for i in result.surplus[g.address]]
        tallies[g.address] = _tally(g, matched, surplus, mine, by_number, state)
    unclaimed: dict[str, list[str]] = {}
    for i in result.unclaimed:
        held = numbers[i]
        if held.number not in every_pinned:
            unclaimed.setdefault(held.site_id, []).append(held.number)
    unclaimed_by_site = {s: tuple(v) for s, v in sorted(unclaimed.items())}
    return Assessment(tallies, unclaimed_by_site, _shared(fits, sites.values()), fits)


def _shared(fits: Mapping[str, frozenset[int]], blocks: Iterable[Sequence[str]]) -> frozenset[str]:
    """Return the groups a held number fits together with another group (matching chose).

    `blocks`: groups that may share numbers (a site's); set operations within each block, so
    no count per number is kept.
    """
    out = []
    for block in blocks:
        once: set[int] = set()
        twice: set[int] = set()
        for address in block:
            indices = fits.get(address, EMPTY)
            twice |= once & indices
            once |= indices
        out += [a for a in block if not fits.get(a, EMPTY).isdisjoint(twice)]
    return frozenset(out)


def _tally(
    g: Group,
    matched: list[str],
    surplus: list[str],
    mine: list[PendingOrder],
    by_number: Mapping[str, HeldNumber],
    state: State,
) -> Tally:
    """Return one group's tally: its matched numbers, its pins, and its orders in flight."""
    pending_numbers = sorted({n for p in mine for n in p.numbers})
    pins = place_pins(g, by_number, state, frozenset(pending_numbers))
    count = sum(p.count for p in mine)
    assigned = sorted(pins.held + matched)
    return Tally(
        group=g,
        numbers=tuple(assigned),
        surplus=tuple(surplus),
        pending=count,
        pending_numbers=tuple(pending_numbers),
        pending_orders=tuple(sorted(p.order_id for p in mine)),
        pinned_to_order=tuple(pins.to_order),
        # A pinned number to move is coming like one on order: nothing is ordered for it.
        to_order=max(len(pins.to_order), g.quantity - len(assigned) - count - len(pins.to_move)),
        blocked="; ".join(pins.reasons) or None,
        notes=notes(g),
        pinned_to_move=tuple(pins.to_move),
    )
