"""Render an account's holdings (`numspec show`): an aligned text table, or JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from numspec.bandwidth.models import HeldNumber

COLUMNS = (
    "NUMBER",
    "SITE",
    "LOCATION",
    "COUNTRY",
    "TYPE",
    "AREA CODE",
    "STATE",
    "CITY",
    "RATE CENTER",
)
_SITE_WIDTH = 28


def _sorted(held: Sequence[HeldNumber]) -> list[HeldNumber]:
    return sorted(held, key=lambda h: (len(h.site_id), h.site_id, h.location_id or "", h.number))


def _site_label(site_id: str, site_names: Mapping[str, str], *, cut: bool) -> str:
    name = site_names.get(site_id, "")
    label = f"{site_id} {name}".strip()
    return label if not cut or len(label) <= _SITE_WIDTH else label[: _SITE_WIDTH - 1] + "…"


def _row(h: HeldNumber, site_names: Mapping[str, str], cut: bool) -> tuple[str, ...]:
    site = _site_label(h.site_id, site_names, cut=cut)
    cells: tuple[str | None, ...] = (h.number, site, h.location_id, h.country, h.type)
    cells += (h.area_code, h.state, h.city, h.rate_center)
    return tuple(c or "-" for c in cells)


def render_text(
    account_id: str,
    held: Sequence[HeldNumber],
    site_names: Mapping[str, str],
    *,
    terminal: bool = False,
) -> str:
    """Return the holdings as an aligned table with a one-line summary under it.

    Long site names are shortened with "…" on a `terminal` only; logs get them whole.
    """
    if not held:
        return f"Account {account_id} holds no numbers on the sites read.\n"
    rows = [COLUMNS, *(_row(h, site_names, terminal) for h in _sorted(held))]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    sites = len({h.site_id for h in held})
    noun = "number" if len(held) == 1 else "numbers"
    lines.append(
        f"{len(held)} {noun} on {sites} site{'' if sites == 1 else 's'} of account {account_id}."
    )
    return "\n".join(lines) + "\n"


def to_dict(
    account_id: str, held: Sequence[HeldNumber], site_names: Mapping[str, str]
) -> dict[str, Any]:
    """Return the holdings as a JSON-ready dict with stable keys."""
    numbers = [
        {
            "number": h.number,
            "site_id": h.site_id,
            "site_name": site_names.get(h.site_id),
            "location_id": h.location_id,
            "country": h.country,
            "type": h.type,
            "area_code": h.area_code,
            "state": h.state,
            "city": h.city,
            "rate_center": h.rate_center,
            "lata": h.lata,
        }
        for h in _sorted(held)
    ]
    return {
        "format_version": 1,
        "account_id": account_id,
        "count": len(numbers),
        "numbers": numbers,
    }


def render_json(account_id: str, held: Sequence[HeldNumber], site_names: Mapping[str, str]) -> str:
    """Return the holdings as indented JSON."""
    return json.dumps(to_dict(account_id, held, site_names), indent=2) + "\n"
