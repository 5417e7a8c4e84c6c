"""Country, state and phone-number codes, checked against maintained lists.

Countries and subdivisions come from pycountry (ISO 3166); phone numbers from phonenumbers
(Google's libphonenumber metadata). No hand-typed tables.
"""

from __future__ import annotations

import functools

import phonenumbers
import pycountry

from numspec.spec.model import NANP_COUNTRIES


@functools.cache
def alpha2(alpha3: str) -> str | None:
    """Return the ISO alpha-2 code of an ISO alpha-3 country code, or None if there is none."""
    country = pycountry.countries.get(alpha_3=alpha3)
    return None if country is None else str(country.alpha_2)


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


def normalise_number(text: str, country: str) -> tuple[str | None, str | None]:
    """Return (E.164 form, None) for a number valid in `country`, or (None, why it is not)."""
    region = alpha2(country)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as e:
        reason = str(e).split(") ", 1)[-1].rstrip(".")
        example = "write it in E.164, e.g. +19195550100"
        return None, f'"{text}" is not a phone number ({reason}); {example}'
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not text.lstrip().startswith("+"):
        return None, f'"{text}" is not in E.164; write it with + and the country code: "{e164}"'
    if region and phonenumbers.is_valid_number_for_region(number, region):
        return e164, None
    elsewhere = phonenumbers.region_code_for_number(number)
    if phonenumbers.is_valid_number(number) and elsewhere:
        found = pycountry.countries.get(alpha_2=elsewhere)
        where = found.alpha_3 if found is not None else elsewhere
        return None, f'"{text}" is a {where} number, not a {country} number'
    return None, f'"{text}" is not a valid {country} number (libphonenumber)'
