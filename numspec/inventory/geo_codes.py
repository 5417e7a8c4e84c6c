"""Country, state and NANP area codes: which are codes of their kind, and why not.

Countries and subdivisions come from pycountry (ISO 3166); phone numbers are checked by
`numspec.phone` (Google's libphonenumber metadata). NANP area codes follow the numbering plan's
rules, which Bandwidth's search enforces (docs/bandwidth-api.md §2; docs/inventory.md, rule 12).
"""

from __future__ import annotations

import functools

import pycountry

from numspec.inventory.model import NANP_COUNTRIES
from numspec.phone import alpha2


def is_country(alpha3: str) -> bool:
    """Return whether `alpha3` is an ISO 3166-1 alpha-3 country code."""
    return alpha2(alpha3) is not None


def country_hint(text: str) -> str:
    """Return a hint naming the alpha-3 code a user probably meant, or ""."""
    code = {"UK": "GB"}.get(text.upper(), text.upper())
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            return f' ("{text}" looks like an alpha-2 code: use "{country.alpha_3}")'
    return ""


@functools.cache
def _subdivisions(alpha3: str) -> frozenset[str]:
    country = alpha2(alpha3)
    found = pycountry.subdivisions.get(country_code=country) if country else None  # type: ignore[no-untyped-call]
    return frozenset(str(s.code).split("-", 1)[1] for s in found or ())


def state_problem(state: str, country: str) -> str | None:
    """Return why `state` is not a state or province of a NANP `country`, or None if it is."""
    if country not in NANP_COUNTRIES or state in _subdivisions(country):
        return None
    what = "US state" if country == "USA" else "Canadian province or territory"
    other = "CAN" if country == "USA" else "USA"
    if state in _subdivisions(other):
        return f'"{state}" is not a {what} code; it belongs to {other}'
    return f'"{state}" is not a {what} code, e.g. {"NC" if country == "USA" else "ON"}'


def nanp_area_code_problem(code: str) -> str | None:
    """Return the NANP area-code rule `code` breaks, or None if it may be an area code."""
    if not (len(code) == 3 and code.isascii() and code.isdigit()):
        return 'an area code is 3 digits, e.g. "919"'
    if code[0] in "01":
        return "an area code cannot begin with 0 or 1"
    if code[1:] == "11":
        return "an area code cannot end with 11 (N11 codes such as 911 are service codes)"
    if code[:2] in ("37", "96"):
        return "area codes beginning with 37 or 96 are reserved"
    if code[1] == "9":
        return "an area code cannot have 9 as its second digit (reserved for expansion)"
    return None
