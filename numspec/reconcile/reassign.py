"""Re-assign drifted numbers to their group's voice package, then verify by reading back.

    reassign_voice(api, plan) -> {address: (numbers re-assigned, problem or None)}

Each `assign_voice_package` change is one bulk assignment (in chunks, docs/voice-packages.md);
a refused chunk does not stop the others. What counts as re-assigned is what the package's
listing shows afterwards, not what the API answered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from numspec.bandwidth.voice_packages import VoicePackages
from numspec.errors import ApiError, PlanError
from numspec.reconcile.model import Change, Plan
from numspec.reconcile.voice import packages_api
from numspec.reconcile.voice_plan import ASSIGN

log = logging.getLogger(__name__)

Result = tuple[tuple[str, ...], str | None]


def reassign_voice(api: object, plan: Plan) -> dict[str, Result]:
    """Carry out the plan's voice package assignments; return per group what moved."""
    changes = [c for c in plan.changes if c.action == ASSIGN and c.numbers]
    if not changes:
        return {}
    vp = packages_api(api)
    if vp is None:
        raise PlanError("this API client cannot assign voice packages, which the plan needs")
    errors: dict[str, list[str]] = {}
    for change in changes:
        assert change.voice_package is not None  # Change.from_dict refuses it otherwise
        try:
            result = vp.assign(change.voice_package, change.numbers)
        except ApiError as e:  # e.g. credentials refused: nothing more will work
            errors[change.address] = [str(e)]
            continue
        errors[change.address] = list(result.errors)
    return _verify(vp, changes, errors)


def _verify(
    vp: VoicePackages, changes: Sequence[Change], errors: dict[str, list[str]]
) -> dict[str, Result]:
    members: dict[str, frozenset[str]] = {}
    out: dict[str, Result] = {}
    for change in changes:
        package = change.voice_package or ""
        if package not in members:
            try:
                members[package] = frozenset(vp.iter_package_numbers(package))
            except ApiError as e:
                members[package] = frozenset()
                errors[change.address].append(f"could not read voice package {package} back: {e}")
        moved = tuple(n for n in change.numbers if n in members[package])
        out[change.address] = (moved, _problem(change, moved, errors[change.address]))
    return out


def _problem(change: Change, moved: tuple[str, ...], errors: list[str]) -> str | None:
    left = [n for n in change.numbers if n not in moved]
    if not left:
        return None
    shown = ", ".join(left[:10]) + (f" and {len(left) - 10} more" if len(left) > 10 else "")
    why = f" ({'; '.join(errors)})" if errors else ""
    return (
        f"{len(left)} of {len(change.numbers)} numbers are not in voice package "
        f"{change.voice_package} after apply: {shown}{why}"
    )
