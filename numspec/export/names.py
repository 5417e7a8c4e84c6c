"""Names for exported sites and groups: lower-case letters, digits and dashes, unique."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_NAME = 63  # keeps names readable in addresses (SITE/GROUP) and plan tables
_NOT_NAME = re.compile(r"[^a-z0-9]+")


def slug(text: str, *, fallback: str) -> str:
    """Return `text` as a valid name: lower-case letters, digits and single dashes."""
    name = _NOT_NAME.sub("-", text.lower()).strip("-")[:MAX_NAME].rstrip("-")
    return name or fallback


def join(*parts: str | None, fallback: str) -> str:
    """Return the slug of the parts that are set, joined by dashes."""
    return slug("-".join(p for p in parts if p), fallback=fallback)


def unique(name: str, taken: Iterable[str], *, hint: str = "") -> str:
    """Return `name`, or `name-HINT`, or `name-2`, `name-3`, ... : the first not in `taken`."""
    used = set(taken)
    if name not in used:
        return name
    suffixes = [_NOT_NAME.sub("-", hint.lower()).strip("-")] if hint else []
    suffixes = [s for s in suffixes if s] + [str(n) for n in range(2, len(used) + 3)]
    for suffix in suffixes:
        candidate = f"{name[: MAX_NAME - len(suffix) - 1].rstrip('-')}-{suffix}"
        if candidate not in used:
            return candidate
    raise AssertionError("unreachable: more candidates than names taken")
