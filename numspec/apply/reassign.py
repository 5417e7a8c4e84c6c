"""The apply side of `assign_voice_package`: bulk-assign, then verify by reading back.

Each change is sent as bulk assignments in chunks (docs/voice-packages.md); a refused chunk does
not stop the others. What counts as re-assigned is what the package's listing shows afterwards,
not what the API answered; the numbers still outside fail the group, named.
"""

from __future__ import annotations

import logging

from numspec.apply.report import Outcome
from numspec.errors import ApiError
from numspec.plan.changes import Change
from numspec.plan.voice_findings import packages_api

log = logging.getLogger(__name__)


def reassign(api: object, change: Change) -> Outcome:
    """Carry out one assign_voice_package change; return what moved and any problem."""
    out = Outcome()
    vp = packages_api(api)
    package = change.voice_package
    if vp is None or package is None:
        out.status, out.reason = "failed", "this API client cannot assign voice packages"
        return out
    errors: list[str] = []
    try:
        errors += vp.assign(package, change.numbers).errors
    except ApiError as e:  # e.g. credentials refused
        errors.append(str(e))
    try:
        inside = frozenset(vp.iter_package_numbers(package))
    except ApiError as e:
        inside = frozenset()
        errors.append(f"could not read voice package {package} back: {e}")
    out.voice_reassigned = tuple(n for n in change.numbers if n in inside)
    problem = _problem(change, out.voice_reassigned, errors)
    if problem:
        out.status, out.reason = "failed", problem
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
