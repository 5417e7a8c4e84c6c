"""Classify E.164 numbers the way the pool does: type, country and area code via libphonenumber.

These rules are shared by the sandbox's pool and by anything that must describe a held number
(the client derives the type and area code of numbers from their digits with them).
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberType

# libphonenumber's types mapped onto Bandwidth v2's phoneNumberType values. NANP geographic numbers
# are FIXED_LINE_OR_MOBILE (the plan cannot tell them apart). UAN, VOIP and PERSONAL_NUMBER are
# the non-geographic national ranges (UK 03, French 09, German 0700, ...). PREMIUM_RATE, PAGER,
# VOICEMAIL and UNKNOWN have no v2 type, so they map to None.
_TYPES: dict[int, str] = {
    PhoneNumberType.FIXED_LINE: "GEOGRAPHIC",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "GEOGRAPHIC",
    PhoneNumberType.MOBILE: "MOBILE",
    PhoneNumberType.TOLL_FREE: "TOLL_FREE",
    PhoneNumberType.SHARED_COST: "SHARED_COST",
    PhoneNumberType.UAN: "NATIONAL",
    PhoneNumberType.VOIP: "NATIONAL",
    PhoneNumberType.PERSONAL_NUMBER: "NATIONAL",
}

# ISO 3166 alpha-2 (libphonenumber's regions) to alpha-3 for the countries the pool knows.
ALPHA3: dict[str, str] = {
    "US": "USA",
    "CA": "CAN",
    "GB": "GBR",
    "DE": "DEU",
    "FR": "FRA",
    "IT": "ITA",
    "ES": "ESP",
    "NL": "NLD",
    "IE": "IRL",
    "AU": "AUS",
    "BE": "BEL",
    "SE": "SWE",
}

# Spain has no national prefix, so libphonenumber reports no geographic area code there. Spanish
# usage: Madrid 91 and Barcelona 93 keep two digits; every other province has three (954 Seville).
_ESP_TWO_DIGIT_AREAS = ("91", "93")

_KEYPAD = {
    **dict.fromkeys("ABC", "2"),
    **dict.fromkeys("DEF", "3"),
    **dict.fromkeys("GHI", "4"),
    **dict.fromkeys("JKL", "5"),
    **dict.fromkeys("MNO", "6"),
    **dict.fromkeys("PQRS", "7"),
    **dict.fromkeys("TUV", "8"),
    **dict.fromkeys("WXYZ", "9"),
}


def _parse(e164: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None


def _kind(parsed: phonenumbers.PhoneNumber) -> str | None:
    # libphonenumber's number_type is UNKNOWN exactly when is_valid_number is False (both run the
    # same type matcher on the same region's metadata), so one call answers both questions.
    return _TYPES.get(phonenumbers.number_type(parsed))


def number_type(e164: str) -> str | None:
    """Return the v2 phoneNumberType of a number, or None when it is invalid or has no v2 type."""
    parsed = _parse(e164)
    return None if parsed is None else _kind(parsed)


def country_of(e164: str) -> str | None:
    """Return the ISO alpha-3 country of a valid number (NANP numbers by their NPA), else None."""
    parsed = _parse(e164)
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return None
    region = phonenumbers.region_code_for_number(parsed)
    return ALPHA3.get(region) if region else None


def area_code_of(e164: str, country: str) -> str | None:
    """Return the area code of a number as the pool records it.

    NANP (USA, CAN): the NPA, toll-free included ("919", "800"). Elsewhere, GEOGRAPHIC numbers get
    libphonenumber's geographic area code as users dial it after the country code ("20" London,
    "02" Milan, "1" Paris), Spain by its own rule (91, 93, else three digits); TOLL_FREE,
    SHARED_COST and NATIONAL numbers get libphonenumber's national destination code ("800",
    "180", "9"); MOBILE numbers and invalid numbers get None.
    """
    if e164.startswith("+1") and country in ("USA", "CAN"):
        return e164[2:5] if len(e164) == 12 else None
    parsed = _parse(e164)
    if parsed is None:
        return None
    kind = _kind(parsed)
    nsn = phonenumbers.national_significant_number(parsed)
    if kind == "GEOGRAPHIC":
        return _geographic_area_code(parsed, nsn, country)
    if kind in ("TOLL_FREE", "SHARED_COST", "NATIONAL"):
        return nsn[: phonenumbers.length_of_national_destination_code(parsed)] or None
    return None


def _geographic_area_code(parsed: phonenumbers.PhoneNumber, nsn: str, country: str) -> str | None:
    if country == "ESP":
        return nsn[:2] if nsn.startswith(_ESP_TWO_DIGIT_AREAS) else nsn[:3]
    return nsn[: phonenumbers.length_of_geographical_area_code(parsed)] or None


def keypad_digits(word: str) -> str:
    """Return the telephone-keypad digits of a vanity word ("PIZZA" -> "74992"); digits pass."""
    return "".join(_KEYPAD.get(ch, ch) for ch in word.upper())
