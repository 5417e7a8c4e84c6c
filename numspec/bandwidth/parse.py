"""Reply shapes -> models, for the listings: sites, locations, holdings, search, restrictions.

Tolerant by design: one element where a list is expected, empty bodies, 10-digit
numbers in older shapes, `LATA` and `Lata`, padded rate-center names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from numspec import phone
from numspec.bandwidth.models import (
    AvailableNumber,
    Location,
    NumberDetail,
    Restriction,
    SiteInfo,
)
from numspec.bandwidth.xmlio import Element, child, children, local, path, text


def fields(entry: Element) -> dict[str, str]:
    """Return an entry's leaf children as {tag: stripped text} (padding stripped)."""
    out: dict[str, str] = {}
    for c in entry:
        tag = c.tag
        if not isinstance(tag, str):
            continue
        if "}" in tag:
            tag = local(tag)
        value = (c.text or "").strip()
        if value:
            out[tag] = value
    return out


def sites(root: Element | None) -> list[SiteInfo]:
    """Parse `SitesResponse/Sites/Site`."""
    return [
        SiteInfo(
            site_id=f.get("Id", ""), name=f.get("Name", ""), description=f.get("Description", "")
        )
        for f in map(fields, children(path(root, "Sites"), "Site"))
        if f.get("Id")
    ]


def locations(root: Element | None, site_id: str) -> list[Location]:
    """Parse `TNSipPeersResponse/SipPeers/SipPeer`."""
    return [
        Location(
            location_id=f["PeerId"],
            name=f.get("PeerName", ""),
            site_id=site_id,
            is_default=f.get("IsDefaultPeer", "").lower() == "true",
        )
        for f in map(fields, children(path(root, "SipPeers"), "SipPeer"))
        if f.get("PeerId")
    ]


def location_numbers(root: Element | None) -> Iterator[str]:
    """Yield the numbers of `SipPeerTelephoneNumbersResponse/.../SipPeerTelephoneNumber`."""
    if root is None:
        return
    for raw in root.iterfind("SipPeerTelephoneNumbers/SipPeerTelephoneNumber/FullNumber"):
        if raw.text and raw.text.strip():
            yield phone.to_e164(raw.text)


def inservice_numbers(root: Element | None) -> Iterator[str]:
    """Yield the numbers of `TNs/TelephoneNumbers/TelephoneNumber`."""
    for entry in children(path(root, "TelephoneNumbers"), "TelephoneNumber"):
        raw = text(entry) if len(entry) == 0 else text(entry, "FullNumber")
        if raw is not None:
            yield phone.to_e164(raw)


_Optional = str | None
# status, country, type, city, state, rate centre, LATA, tier, area code
_Attributes = tuple[
    str, _Optional, _Optional, _Optional, _Optional, _Optional, _Optional, _Optional, _Optional
]
# The /tns fields an entry's attributes come from, in the order of NumberDetail's fields.
_DETAIL_TAGS = (
    "Status",
    "CountryCodeA3",
    "PhoneNumberType",
    "City",
    "State",
    "RateCenter",
    "Lata",
    "LATA",
    "Tier",
    "AreaCode",
)


def number_details(root: Element | None) -> Iterator[NumberDetail]:
    """Yield `/tns` entries, deriving country, type and area code when the reply has none."""
    # The hot path of reading holdings (2,500 entries a page): one dict per entry, built in a
    # comprehension (lxml's findtext is four times slower). Entries of one rate centre repeat
    # the same attribute texts: they are turned into values once per page and shared, so
    # 100,000 numbers of one rate centre cost one parse and hold one copy of its name.
    known: dict[tuple[str | None, ...], _Attributes] = {}
    for entry in children(path(root, "TelephoneNumbers"), "TelephoneNumber"):
        f = {c.tag: c.text for c in entry}
        raw = _get(f, "FullNumber")
        if raw is None:
            continue
        number = phone.to_e164(raw)
        texts = tuple(map(f.get, _DETAIL_TAGS))
        key = (_fact_key(number, texts), *texts)
        attributes = known.get(key)
        if attributes is None:
            attributes = known[key] = _attributes(number, f)
        yield NumberDetail(number, *attributes)


def _fact_key(number: str, texts: tuple[str | None, ...]) -> str:
    """Return what the derived facts of a number depend on: its NPA (NANP), else the number."""
    if len(number) != 12 or not number.startswith("+1"):
        return number
    country, kind, area = texts[1], texts[2], texts[9]
    given = bool(country and country.strip()) + bool(kind and kind.strip())
    given += bool(area and area.strip())
    return number[:5] if given in (0, 3) else number


def _attributes(number: str, f: Mapping[str, str | None]) -> _Attributes:
    """Return (status, country, type, city, state, rate centre, LATA, tier, area code)."""
    country, kind, area = _facts(
        number, _get(f, "CountryCodeA3"), _get(f, "PhoneNumberType"), _get(f, "AreaCode")
    )
    return (
        _get(f, "Status") or "Inservice",
        country,
        kind,
        _get(f, "City"),
        _get(f, "State"),
        _get(f, "RateCenter"),
        _get(f, "Lata") or _get(f, "LATA"),
        _get(f, "Tier"),
        area,
    )


def _facts(
    number: str, country: str | None, kind: str | None, area: str | None
) -> tuple[str | None, str | None, str | None]:
    """Return (country, type, area code): the reply's, else derived from the digits."""
    if not (country or kind or area):  # the real API sends none of them: one look for all
        facts = phone.describe_held(number)  # NANP: decided once per NPA
        return facts.country, facts.type, facts.area_code
    country = country or phone.country_of(number)
    return country, kind or phone.number_type(number), area or phone.area_code_of(number, country)


def _get(f: Mapping[str, str | None], tag: str) -> str | None:
    """Return an entry's stripped text for a tag, or None when absent or blank."""
    value = f.get(tag)
    return (value.strip() or None) if value else None


def search_result(root: Element | None) -> list[AvailableNumber]:
    """Parse `SearchResult`, with or without TN detail; an empty body is no result."""
    detail = child(root, "TelephoneNumberDetailList")
    if detail is not None:
        entries = map(fields, children(detail, "TelephoneNumberDetail"))
        return [_available(f) for f in entries if f.get("FullNumber")]
    plain = child(root, "TelephoneNumberList")
    return [
        _available({"FullNumber": raw})
        for raw in (text(e) for e in children(plain, "TelephoneNumber"))
        if raw is not None
    ]


def _available(f: dict[str, str]) -> AvailableNumber:
    number = phone.to_e164(f["FullNumber"])
    country, kind, area = _facts(
        number, f.get("CountryCodeA3"), f.get("PhoneNumberType"), f.get("AreaCode")
    )
    return AvailableNumber(
        number=number,
        country=country,
        type=kind,
        city=f.get("City"),
        state=f.get("State"),
        rate_center=f.get("RateCenter"),
        lata=f.get("LATA") or f.get("Lata"),
        area_code=area,
        tier=f.get("Tier"),
    )


def restrictions(root: Element | None) -> list[Restriction]:
    """Parse `RestrictionResponse/Restrictions/Restriction`."""
    return [
        Restriction(
            country=f.get("CountryCodeA3", ""),
            type=f.get("RestrictionType", ""),
            category=f.get("RestrictionCategory", ""),
            description=f.get("RestrictionDescription", ""),
        )
        for f in map(fields, children(path(root, "Restrictions"), "Restriction"))
    ]
