"""Voice packages as reconciled state: read which held numbers are in their group's package.

    read_packages(packages_api, wanted, held) -> PackageState      (I/O: one listing per package)
    voice_findings(groups, inventory, state) -> {address: Finding}  (pure)

For every package a group in scope declares, one GET says whether it exists and one paged
listing says which numbers are in it; never a request per number (docs/voice-packages.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from numspec.bandwidth.voice_packages import HasVoicePackages, VoicePackages
from numspec.errors import NotFoundError, PlanError
from numspec.inventory.model import Group
from numspec.plan.plan_model import GroupPlan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackageState:
    """What the account says about the packages the inventory declares."""

    missing: frozenset[str] = frozenset()
    members: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """One group's voice package verdict: blocked, or the held numbers not in its package."""

    package: str
    blocked: str | None = None
    drift: tuple[str, ...] = ()


def packages_api(api: object) -> VoicePackages | None:
    """Return the voice package endpoints of an API client, or None when it has none."""
    return api.voice_packages if isinstance(api, HasVoicePackages) else None


def declared(groups: Iterable[Group]) -> dict[str, str]:
    """Return {address: package} for the groups that declare a voice package."""
    return {g.address: g.voice_package for g in groups if g.voice_package}


def read_packages(
    api: VoicePackages, packages: Iterable[str], *, list_members: Iterable[str]
) -> PackageState:
    """Check each package exists; list the numbers of those in `list_members` that do."""
    missing: set[str] = set()
    members: dict[str, frozenset[str]] = {}
    listed = set(list_members)
    for package in sorted(set(packages)):
        if api.get_package(package) is None:
            missing.add(package)
            continue
        if package not in listed:
            continue
        try:
            members[package] = frozenset(api.iter_package_numbers(package))
        except NotFoundError:  # deleted between the two requests
            missing.add(package)
        log.info("voice package %s holds %d numbers", package, len(members.get(package, ())))
    return PackageState(frozenset(missing), members)


def missing_message(package: str, account_id: str) -> str:
    """Return the reason a group whose package does not exist is blocked."""
    return (
        f"voice package {package} does not exist on account {account_id}; create it or fix "
        "voice_package in the inventory"
    )


def voice_findings(
    groups: Sequence[GroupPlan], wanted: Mapping[str, str], state: PackageState, account_id: str
) -> dict[str, Finding]:
    """Return a Finding per planned group that declares a package (pure)."""
    out: dict[str, Finding] = {}
    for g in groups:
        package = wanted.get(g.address)
        if package is None:
            continue
        if package in state.missing:
            out[g.address] = Finding(package, blocked=missing_message(package, account_id))
            continue
        inside = state.members.get(package, frozenset())
        out[g.address] = Finding(
            package, drift=tuple(sorted(n for n in g.numbers if n not in inside))
        )
    return out


def read_findings(
    api: object, groups: Sequence[GroupPlan], inventory_groups: Iterable[Group], account_id: str
) -> dict[str, Finding]:
    """Read the packages the planned groups declare and return their findings."""
    planned = {g.address for g in groups}
    wanted = {a: p for a, p in declared(inventory_groups).items() if a in planned}
    if not wanted:
        return {}
    vp = packages_api(api)
    if vp is None:
        raise PlanError("this API client cannot read voice packages, which the inventory declares")
    holding = {wanted[g.address] for g in groups if g.address in wanted and g.numbers}
    state = read_packages(vp, wanted.values(), list_members=holding)
    return voice_findings(groups, wanted, state, account_id)


def order_only_note(group: Group) -> str | None:
    """Return the plan's note on settings numspec sends on orders but cannot read back."""
    parts = []
    if group.requirements_package:
        parts.append(f"requirements package {group.requirements_package}")
    if group.auto_activate is not None:
        parts.append(f"AutoActivate {'true' if group.auto_activate else 'false'}")
    if not parts:
        return None
    return f"{' and '.join(parts)}: set on order only (numspec cannot read them back)"
