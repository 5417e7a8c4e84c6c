"""Phone-number facts the client derives itself: E.164 form, country, type, area code.

The real /tns listing carries no country or type; the sandbox adds `CountryCodeA3`,
`PhoneNumberType` and `AreaCode` (docs/wire.md). When they are missing, numspec derives them
from the number with libphonenumber, so holdings look the same against either server.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
import pycountry

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_DIGITS = re.compile(r"^\d+$")

# libphonenumber's types -> Bandwidth's phoneNumberType values.
_TYPES: dict[int, str] = {
    phonenumbers.PhoneNumberType.FIXED_LINE: "GEOGRAPHIC",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "GEOGRAPHIC",
    phonenumbers.PhoneNumberType.MOBILE: "MOBILE",
    phonenumbers.PhoneNumberType.TOLL_FREE: "TOLL_FREE",
    phonenumbers.PhoneNumberType.SHARED_COST: "SHARED_COST",
    phonenumbers.PhoneNumberType.UAN: "NATIONAL",
    phonenumbers.PhoneNumberType.VOIP: "NATIONAL",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "NATIONAL",
}


def to_e164(raw: str) -> str:
    """Return a number in E.164; 10-digit (and 1+10-digit) forms are NANP (v1 replies)."""
    text = raw.strip()
    if _E164.match(text):
        return text
    compact = re.sub(r"[\s().-]", "", text)
    if _DIGITS.match(compact):
        if len(compact) == 10:
            return "+1" + compact
        if len(compact) == 11 and compact.startswith("1"):
            return "+" + compact
    try:
        parsed = phonenumbers.parse(compact if compact.startswith("+") else "+" + compact)
    except phonenumbers.NumberParseException as e:
        raise ValueError(f"not a phone number: {raw!r}") from e
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def _parse(e164: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None


@lru_cache(maxsize=512)
def _alpha3(region: str) -> str | None:
    country = pycountry.countries.get(alpha_2=region)
    return None if country is None else str(country.alpha_3)


def country_of(e164: str) -> str | None:
    """Return the ISO alpha-3 country of an E.164 number, or None if libphonenumber can't tell."""
    parsed = _parse(e164)
    if parsed is None:
        return None
    region = phonenumbers.region_code_for_number(parsed)
    return _alpha3(region) if region and region != "001" else None


def number_type(e164: str) -> str | None:
    """Return the Bandwidth phoneNumberType of an E.164 number, or None if unknown."""
    parsed = _parse(e164)
    if parsed is None:
        return None
    return _TYPES.get(phonenumbers.number_type(parsed))


def area_code_of(e164: str, country: str | None = None) -> str | None:
    """Return the area code: the NPA in NANP, else the national destination code as written
    in the national number (Italy keeps its leading 0: "02"; London is "20")."""
    parsed = _parse(e164)
    if parsed is None:
        return None
    nsn = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 1 or country in ("USA", "CAN"):
        return nsn[:3] or None
    length = phonenumbers.length_of_national_destination_code(parsed)
    if length <= 0:
        length = phonenumbers.length_of_geographical_area_code(parsed)
    return nsn[:length] if length > 0 else None
