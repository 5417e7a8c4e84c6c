"""Where a group's pinned numbers are, and whether the missing ones can be ordered.

A pinned number is held (on the group's site, and location when it names one), coming (on a
pending order of the group), to order (Bandwidth says Available), or blocked with the reason:
held by another site or location of the account (move it, or pin it there), in service on
another account, Aging, Reserved, or unknown to Bandwidth on this account (another customer's
number, or no such number). Pure: the statuses were looked up by read_state (GET /tns/{tn}).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from numspec.bandwidth.models import HeldNumber, NumberStatus
from numspec.reconcile.holdings import State
from numspec.spec.model import Group

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
    reasons: list[str] = field(default_factory=list)


def _site(state: State, site_id: str) -> str:
    name = state.site_names.get(site_id)
    return f"site {site_id} ({name})" if name else f"site {site_id}"


def _target(group: Group) -> str:
    where = f"site {group.site_id}"
    return where + (f" location {group.location_id}" if group.location_id else "")


def _held_elsewhere(group: Group, number: str, held: HeldNumber, state: State) -> str:
    where = _site(state, held.site_id)
    if held.location_id:
        where += f" location {held.location_id}"
    return (
        f"pinned number {number} is held by {where}, not by this group's {_target(group)}; "
        "move it or pin it there"
    )


def _looked_up(group: Group, number: str, found: NumberStatus | None, state: State) -> str | None:
    """Return why a pinned number no site in scope holds cannot be ordered (None: it can)."""
    if found is None:
        return (
            f"pinned number {number} is not available: Bandwidth does not know it on this "
            "account (another customer's number, or no such number)"
        )
    status = found.status.replace(" ", "").lower()
    if status == "available":
        return None
    ours = found.account_id in (None, state.account_id)
    if status == "inservice" and ours and found.site_id:
        return (
            f"pinned number {number} is held by {_site(state, found.site_id)}, not by this "
            f"group's {_target(group)}; move it or pin it there"
        )
    if status == "inservice":
        holder = f" ({found.account_id})" if found.account_id else ""
        return f"pinned number {number} is in service on another account{holder}"
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
                out.reasons.append(_held_elsewhere(group, number, held, state))
        elif number in coming:
            continue
        elif number not in state.pinned_status:
            out.to_order.append(number)  # not looked up (a State built without the API)
        else:
            reason = _looked_up(group, number, state.pinned_status[number], state)
            if reason is None:
                out.to_order.append(number)
            else:
                out.reasons.append(reason)
    return out
