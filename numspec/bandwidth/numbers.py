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

_ESP_TWO_DIGIT_AREAS = ("91", "93")  # Madrid and Barcelona; other Spanish areas have three
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
    """Return the area code as the sandbox's pool records it (docs/wire.md, issue 4).

    NANP: the NPA, toll-free included ("919", "800"). Elsewhere GEOGRAPHIC numbers get the
    geographic area code as dialled after the country code ("20" London, "02" Milan, "30"
    Berlin), Spain by its own rule (91 and 93, else three digits); TOLL_FREE, SHARED_COST and
    NATIONAL numbers get the national destination code; MOBILE numbers have none.
    """
    parsed = _parse(e164)
    if parsed is None:
        return None
    nsn = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 1:
        return nsn[:3] if len(nsn) == 10 else None
    kind = _TYPES.get(phonenumbers.number_type(parsed))
    if kind == "GEOGRAPHIC":
        if (country or country_of(e164)) == "ESP":
            return nsn[:2] if nsn.startswith(_ESP_TWO_DIGIT_AREAS) else nsn[:3]
        return nsn[: phonenumbers.length_of_geographical_area_code(parsed)] or None
    if kind in ("TOLL_FREE", "SHARED_COST", "NATIONAL"):
        return nsn[: phonenumbers.length_of_national_destination_code(parsed)] or None
    return None
