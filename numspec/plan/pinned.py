"""Where a group's pinned numbers are, and whether the missing ones can be ordered.

A pinned number is held (on the group's site, and location when it names one), coming (on a
pending order or move of the group), to order (Bandwidth says Available), to move (held by
another site or location of the account: a move order brings it, docs/bandwidth-api.md §8), or
blocked with the reason: in service on another account (a move across accounts needs both
accounts' credentials, which numspec does not take), Aging, Reserved, or unknown to Bandwidth on
this account (another customer's number, or no such number). Pure: the statuses were looked up
by read_state (GET /tns/{tn}).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from numspec.bandwidth.models import HeldNumber, NumberStatus
from numspec.inventory.model import Group
from numspec.plan.account_state import State

_HINTS = {
    "aging": "disconnected recently; Bandwidth keeps it out of the pool for about 30 days",
    "reserved": "a reservation holds it",
    "portinpendingfoc": "a port-in of it is pending",
}


@dataclass
class Pins:
    """A group's pinned numbers, sorted into held, to order, and reasons it is blocked."""

    held: list[str] = field(default_factory=list)
    to_order: list[str] = field(default_factory=list)
    to_move: list[tuple[str, str]] = field(default_factory=list)  # (number, SITE[/LOCATION])
    reasons: list[str] = field(default_factory=list)


def _looked_up(group: Group, number: str, found: NumberStatus | None, state: State) -> str | None:
    """Return why a pinned number no site in scope holds cannot be ordered (None: it can, or
    another site of the account holds it: `place_pins` moves it)."""
    if found is None:
        return (
            f"pinned number {number} is not available: Bandwidth does not know it on this "
            "account (another customer's number, or no such number)"
        )
    status = found.status.replace(" ", "").lower()
    if status == "available":
        return None
    if status == "inservice":
        holder = f" ({found.account_id})" if found.account_id else ""
        return (
            f"pinned number {number} is in service on another account{holder}; numspec moves "
            "numbers only within one account (a move across accounts needs both accounts' "
            "credentials)"
        )
    hint = _HINTS.get(status)
    return f"pinned number {number} is not available (status {found.status}" + (
        f": {hint})" if hint else ")"
    )


def place_pins(
    group: Group,
    by_number: Mapping[str, HeldNumber],
    state: State,
    coming: frozenset[str] = frozenset(),
) -> Pins:
    """Sort a group's pinned numbers; `coming` are on the group's pending orders."""
    out = Pins()
    for number in sorted(group.numbers):
        held = by_number.get(number)
        if held is not None:
            fits = held.site_id == group.site_id and group.location_id in (None, held.location_id)
            if fits:
                out.held.append(number)
            else:
                where = held.site_id + (f"/{held.location_id}" if held.location_id else "")
                out.to_move.append((number, where))
        elif number in coming:
            continue
        elif number not in state.pinned_status:
            out.to_order.append(number)  # not looked up (a State built without the API)
        else:
            found = state.pinned_status[number]
            if _ours_elsewhere(found, state):
                assert found is not None and found.site_id is not None
                out.to_move.append((number, found.site_id))
                continue
            reason = _looked_up(group, number, found, state)
            if reason is None:
                out.to_order.append(number)
            else:
                out.reasons.append(reason)
    return out


def _ours_elsewhere(found: NumberStatus | None, state: State) -> bool:
    """Whether a site of the account (outside the plan's sites) holds the number."""
    return (
        found is not None
        and found.status.replace(" ", "").lower() == "inservice"
        and found.account_id in (None, state.account_id)
        and bool(found.site_id)
    )
