"""A held number as the planner sees it: what its digits tell (numspec.phone), plus /tns details.

NANP numbers take `describe_held`'s fast path: decided per NPA, so reading 100,000 holdings costs
no per-number parse. Other numbers go through libphonenumber, with the client's rules.
"""

from __future__ import annotations

import functools

from numspec.bandwidth.models import HeldNumber, NumberDetail
from numspec.phone import describe_held


def held_number(
    number: str, site_id: str, location_id: str | None, detail: NumberDetail | None = None
) -> HeldNumber:
    """Return what numspec knows of a held number; /tns details win over the digits."""
    facts = describe_held(number)
    if detail is None:
        return HeldNumber(
            number, site_id, location_id, facts.country or "", facts.type, facts.area_code
        )
    return HeldNumber(
        number=number,
        site_id=site_id,
        location_id=location_id,
        country=detail.country or facts.country or "",
        type=detail.type or facts.type,
        area_code=facts.area_code,
        city=_clean(detail.city),
        state=_clean(detail.state),
        rate_center=_clean(detail.rate_center),
        lata=_clean(detail.lata),
    )


@functools.lru_cache(maxsize=8192)
def _clean(value: str | None) -> str | None:
    """Normalise a listing value: the API pads rate centres with spaces (`RALEIGH   `)."""
    if value is None:
        return None
    value = value.strip().upper()
    return value or None
