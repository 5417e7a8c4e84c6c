"""The account after apply: what the run knows, plus a re-read of only the sites it changed.

apply's report says, per group, what it holds and whether it converged. Re-planning the whole
account for that would read it a second time, at a cost that grows with the account instead
of the change. The run already knows each group's holdings at the plan (the plan's numbers),
what its orders and moves brought and what it disconnected; a group on a site the run did not change
holds what the plan said. Only the sites where something changed are read again (their
locations and the numbers on them: one listing a site and its pages), so a number that
arrived, or one that left the site meanwhile, counts as the account says, not as the run
expected. When an order of those groups may still be open (a group failed, timed out or
backordered), what they have on order is read as the plan reads it (the two order listings,
and a GET of each order still open); otherwise every order the run placed or waited for ended.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime

from numspec.apply.report import Outcome
from numspec.bandwidth.api import NumbersApi
from numspec.inventory.model import Inventory
from numspec.plan.account_state import MAX_WORKERS, pending_entries, read_pending, read_sites
from numspec.plan.plan_model import GroupPlan, Plan

log = logging.getLogger(__name__)


def recount(
    plan: Plan,
    inventory: Inventory,
    outcomes: Mapping[str, Outcome],
    api: NumbersApi,
    now: datetime | None = None,
) -> dict[str, GroupPlan]:
    """Return each planned group as it stands after the run (by address)."""
    touched = sorted(
        {g.site_id for g in plan.groups if _changed(outcomes.get(g.address))}
        | _move_sources(plan, outcomes)
    )
    if not touched:
        return {g.address: g for g in plan.groups}
    groups = [g for g in inventory.groups if g.site_id in touched]
    unsettled = _unsettled(plan, outcomes, touched)
    with ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="numspec-read") as pool:
        when = now or datetime.now(UTC)
        in_flight = read_pending(api, pool, groups, when, None) if unsettled else []
        per_site = read_sites(api, touched, pool)
    on_site = {s.site_id: frozenset(n for n, _, _ in s.entries) for s in per_site}
    anywhere = frozenset().union(*on_site.values())
    coming: Counter[str] = Counter()
    for entry in pending_entries(in_flight, set().union(*on_site.values())):
        coming[entry.address] += entry.count
    log.info("re-read %d of the plan's sites after apply", len(on_site))
    return {
        g.address: _after(
            g,
            outcomes.get(g.address),
            on_site[g.site_id],
            coming[g.address] if unsettled else _pending(g, outcomes.get(g.address)),
            anywhere,
        )
        if g.site_id in on_site
        else g
        for g in plan.groups
    }


def _unsettled(plan: Plan, outcomes: Mapping[str, Outcome], sites: list[str]) -> bool:
    """Return whether an order on these sites may still be open: only then list orders again.

    A group whose run ended without a problem and without a backorder saw every order it
    placed or waited for reach a final state; a group the run did not touch keeps the plan's
    pending count.
    """
    for g in plan.groups:
        out = outcomes.get(g.address)
        if g.site_id in sites and out is not None and (out.status or out.backordered):
            return True
    return False


def _pending(group: GroupPlan, outcome: Outcome | None) -> int:
    return group.pending if outcome is None else 0


def _changed(outcome: Outcome | None) -> bool:
    return outcome is not None and bool(
        outcome.gained or outcome.disconnected or outcome.orders or outcome.moved
    )


def _move_sources(plan: Plan, outcomes: Mapping[str, Outcome]) -> set[str]:
    """Return the sites that numbers moved away from: their groups may have lost them."""
    sources: set[str] = set()
    for change in plan.changes:
        out = outcomes.get(change.address)
        if change.action != "move" or out is None or not out.moved:
            continue
        moved = set(out.moved)
        sources |= {
            source.split("/")[0]
            for number, source in zip(change.numbers, change.sources, strict=True)
            if number in moved
        }
    return sources


def _after(
    group: GroupPlan,
    outcome: Outcome | None,
    on_site: frozenset[str],
    pending: int,
    anywhere: frozenset[str],
) -> GroupPlan:
    """Return the group once the run's gains and disconnects are checked against the site.

    A number the plan would move that did not move stays to move only while a re-read site
    still holds it (a number disconnected meanwhile is gone: the group orders instead).
    """
    moved = set(outcome.moved) if outcome is not None else set()
    gained = (outcome.gained | moved) if outcome is not None else set()
    dropped = set(outcome.disconnected) if outcome is not None else set()
    numbers = sorted(((set(group.numbers) | gained) & on_site) - dropped)
    held = min(len(numbers), group.desired)
    to_move = tuple(n for n in group.to_move if n not in moved and n in anywhere)
    return replace(
        group,
        held=held,
        pending=pending,
        to_move=to_move,
        shortfall=max(0, group.desired - held - pending - len(to_move)),
        numbers=tuple(numbers),
        surplus=tuple(n for n in group.surplus if n in on_site and n not in dropped),
    )
