"""What an E.164 number tells by itself: E.164 form, country, type, area code; keypad words.

The one home of numspec's libphonenumber rules. The client derives the facts a /tns or search
reply lacks (the real API carries no country or type, docs/wire.md), the sandbox pool records
the same facts, the planner describes every held number, and the inventory checks its pinned
numbers, all through this module, so holdings look the same against either server.

Two ways to describe a number:
- `describe` (and `country_of`, `number_type`, `area_code_of`) asks libphonenumber about the
  number itself: an invalid number has no type.
- `describe_held` is the planner's hot path (100,000 holdings): a NANP number is described by
  its NPA alone (country decided once per NPA, TOLL_FREE for the toll-free NPAs, else
  GEOGRAPHIC), with no per-number parse; other numbers go through `describe`. A held number is
  in service, so its NPA is enough, even when libphonenumber's metadata predates it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

import phonenumbers
import pycountry
from phonenumbers import PhoneNumberType

__all__ = [
    "KEYPAD",
    "TOLL_FREE_NPAS",
    "NumberFacts",
    "alpha2",
    "alpha3",
    "area_code_of",
    "calling_code",
    "country_of",
    "describe",
    "describe_held",
    "keypad_digits",
    "national",
    "normalise_number",
    "number_type",
    "to_e164",
]

TOLL_FREE_NPAS = frozenset({"800", "833", "844", "855", "866", "877", "888"})

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
_NON_GEOGRAPHIC = ("TOLL_FREE", "SHARED_COST", "NATIONAL")

# Spain has no national prefix, so libphonenumber reports no geographic area code there. Spanish
# usage: Madrid 91 and Barcelona 93 keep two digits; every other province has three (954 Seville).
_ESP_TWO_DIGIT_AREAS = ("91", "93")

_E164 = re.compile(r"^\+[1-9]\d{6,14}\Z")
_DIGITS = re.compile(r"^\d+\Z")

# The telephone keypad: letter -> digit.
KEYPAD: Mapping[str, str] = {
    letter: str(digit)
    for digit, letters in enumerate(
        ["", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"]
    )
    for letter in letters
}


@dataclass(frozen=True, slots=True)
class NumberFacts:
    """What a number tells by itself; None where it does not tell."""

    country: str | None  # ISO 3166 alpha-3
    type: str | None  # Bandwidth v2 phoneNumberType
    area_code: str | None  # NANP NPA; elsewhere as dialled after the country code


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


def national(e164: str) -> str:
    """Return the national significant number of an E.164 number (digits after the code)."""
    if e164.startswith("+1"):
        return e164[2:]
    parsed = _parse(e164)
    return e164.lstrip("+") if parsed is None else phonenumbers.national_significant_number(parsed)


@functools.lru_cache(maxsize=512)
def alpha2(country: str) -> str | None:
    """Return the ISO alpha-2 code of an ISO alpha-3 country code, or None if there is none."""
    found = pycountry.countries.get(alpha_3=country)
    return None if found is None else str(found.alpha_2)


@functools.lru_cache(maxsize=512)
def alpha3(region: str | None) -> str | None:
    """Return the ISO alpha-3 code of a libphonenumber region (alpha-2; "001" is none)."""
    if not region or region == "001":
        return None
    found = pycountry.countries.get(alpha_2=region)
    return None if found is None else str(found.alpha_3)


@functools.lru_cache(maxsize=512)
def calling_code(country: str) -> str | None:
    """Return the country calling code of an ISO alpha-3 country ("USA" -> "1")."""
    region = alpha2(country)
    code = phonenumbers.country_code_for_region(region) if region else 0
    return str(code) if code else None


def _parse(e164: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None


def _kind(parsed: phonenumbers.PhoneNumber) -> str | None:
    # libphonenumber's number_type is UNKNOWN exactly when is_valid_number is False (both run the
    # same type matcher on the same region's metadata), so one call answers both questions.
    return _TYPES.get(phonenumbers.number_type(parsed))


def _country(parsed: phonenumbers.PhoneNumber) -> str | None:
    return alpha3(phonenumbers.region_code_for_number(parsed))


def country_of(e164: str) -> str | None:
    """Return the ISO alpha-3 country of an E.164 number, or None if libphonenumber can't tell."""
    parsed = _parse(e164)
    return None if parsed is None else _country(parsed)


def number_type(e164: str) -> str | None:
    """Return the v2 phoneNumberType of a number, or None when it is invalid or has no v2 type."""
    parsed = _parse(e164)
    return None if parsed is None else _kind(parsed)


def area_code_of(e164: str, country: str | None = None) -> str | None:
    """Return the area code as the sandbox's pool records it (docs/wire.md).

    NANP: the NPA, toll-free included ("919", "800"). Elsewhere GEOGRAPHIC numbers get
    libphonenumber's geographic area code as dialled after the country code ("20" London, "02"
    Milan, "1" Paris), Spain by its own rule (91 and 93, else three digits); TOLL_FREE,
    SHARED_COST and NATIONAL numbers get the national destination code ("800", "180", "9");
    MOBILE and invalid numbers have none. `country` (alpha-3) saves deriving it for Spain.
    """
    if len(e164) == 12 and e164.startswith("+1") and e164[2:].isdigit():
        return e164[2:5]  # what the parse below gives a NANP number, without the parse
    parsed = _parse(e164)
    if parsed is None:
        return None
    if parsed.country_code == 1:
        return _area_code(parsed, None, None)
    kind = _kind(parsed)
    if not country and kind == "GEOGRAPHIC":
        country = _country(parsed)
    return _area_code(parsed, kind, country)


def _area_code(
    parsed: phonenumbers.PhoneNumber, kind: str | None, country: str | None
) -> str | None:
    nsn = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 1:
        return nsn[:3] if len(nsn) == 10 else None
    if kind == "GEOGRAPHIC":
        if country == "ESP":
            return nsn[:2] if nsn.startswith(_ESP_TWO_DIGIT_AREAS) else nsn[:3]
        return nsn[: phonenumbers.length_of_geographical_area_code(parsed)] or None
    if kind in _NON_GEOGRAPHIC:
        return nsn[: phonenumbers.length_of_national_destination_code(parsed)] or None
    return None


def describe(e164: str) -> NumberFacts:
    """Return a number's country, type and area code, from one libphonenumber parse."""
    parsed = _parse(e164)
    if parsed is None:
        return NumberFacts(None, None, None)
    country, kind = _country(parsed), _kind(parsed)
    return NumberFacts(country, kind, _area_code(parsed, kind, country))


def describe_held(e164: str) -> NumberFacts:
    """Return `describe` of a held number, a NANP one decided by its NPA (the hot path)."""
    if e164.startswith("+1") and len(e164) == 12:
        return _nanp_facts(e164[2:5])
    return describe(e164)


@functools.lru_cache(maxsize=2048)
def _nanp_facts(npa: str) -> NumberFacts:
    # Country is a property of the NPA: decide it once from a sample number of that NPA.
    sample = phonenumbers.parse(f"+1{npa}2000000")
    country = _country(sample) or "USA"
    return NumberFacts(country, "TOLL_FREE" if npa in TOLL_FREE_NPAS else "GEOGRAPHIC", npa)


def keypad_digits(word: str) -> str:
    """Return the telephone-keypad digits of a vanity word ("PIZZA" -> "74992"); others pass."""
    return "".join(KEYPAD.get(ch.upper(), ch) for ch in word)


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
        where = alpha3(elsewhere) or elsewhere
        return None, f'"{text}" is a {where} number, not a {country} number'
    return None, f'"{text}" is not a valid {country} number (libphonenumber)'
