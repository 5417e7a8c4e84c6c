"""What a held number tells by itself (country, type, area code), plus its /tns details.

NANP numbers take a fast path: the country is decided once per NPA and the type is TOLL_FREE
for the toll-free NPAs, else GEOGRAPHIC, so reading 100,000 holdings costs no per-number parse.
Other numbers go through libphonenumber.
"""

from __future__ import annotations

import functools

import phonenumbers
import pycountry

from numspec.bandwidth.models import HeldNumber, NumberDetail

TOLL_FREE_NPAS = frozenset({"800", "833", "844", "855", "866", "877", "888"})

_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE: "GEOGRAPHIC",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "GEOGRAPHIC",
    phonenumbers.PhoneNumberType.MOBILE: "MOBILE",
    phonenumbers.PhoneNumberType.TOLL_FREE: "TOLL_FREE",
    phonenumbers.PhoneNumberType.SHARED_COST: "SHARED_COST",
    phonenumbers.PhoneNumberType.UAN: "NATIONAL",
    phonenumbers.PhoneNumberType.VOIP: "NATIONAL",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "NATIONAL",
}


@functools.lru_cache(maxsize=512)
def alpha3(region: str | None) -> str | None:
    """Return the ISO alpha-3 code of a libphonenumber region (alpha-2)."""
    if not region:
        return None
    country = pycountry.countries.get(alpha_2=region)
    return None if country is None else str(country.alpha_3)


@functools.lru_cache(maxsize=512)
def calling_code(country: str) -> str | None:
    """Return the country calling code of an ISO alpha-3 country ("USA" -> "1")."""
    found = pycountry.countries.get(alpha_3=country)
    if found is None:
        return None
    code = phonenumbers.country_code_for_region(str(found.alpha_2))
    return str(code) if code else None


@functools.lru_cache(maxsize=2048)
def _nanp_country(npa: str) -> str:
    # Country is a property of the NPA: decide it once from a sample number of that NPA.
    parsed = phonenumbers.parse(f"+1{npa}2000000")
    return alpha3(phonenumbers.region_code_for_number(parsed)) or "USA"


def national(number: str) -> str:
    """Return the national significant number of an E.164 number (digits after the code)."""
    if number.startswith("+1"):
        return number[2:]
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return number.lstrip("+")


def _intrinsic(number: str) -> tuple[str | None, str | None, str | None]:
    """Return (country, type, area code) from the digits alone."""
    if number.startswith("+1") and len(number) == 12:
        npa = number[2:5]
        kind = "TOLL_FREE" if npa in TOLL_FREE_NPAS else "GEOGRAPHIC"
        return _nanp_country(npa), kind, npa
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return None, None, None
    country = alpha3(phonenumbers.region_code_for_number(parsed))
    guess = _TYPES.get(phonenumbers.number_type(parsed))
    length = phonenumbers.length_of_geographical_area_code(parsed)
    area = phonenumbers.national_significant_number(parsed)[:length] if length else None
    return country, guess, area


def held_number(
    number: str, site_id: str, location_id: str | None, detail: NumberDetail | None = None
) -> HeldNumber:
    """Return what numspec knows of a held number; /tns details win over the digits."""
    country, kind, area = _intrinsic(number)
    if detail is None:
        return HeldNumber(number, site_id, location_id, country or "", kind, area)
    return HeldNumber(
        number=number,
        site_id=site_id,
        location_id=location_id,
        country=detail.country or country or "",
        type=detail.type or kind,
        area_code=area,
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
