"""XML answers for searches, sites, locations, holdings, number details and reservations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from numspec.sandbox.account_numbers import Page
from numspec.sandbox.records import (
    AvailableNumber,
    NumberRecord,
    OrderRecord,
    PeerRecord,
    ReservationRecord,
    SiteRecord,
)
from numspec.sandbox.restrictions import restrictions_for
from numspec.sandbox.search import NANP
from numspec.sandbox.wire import dump, el, fields, iso, links, listing, root


def search_result(rows: list[AvailableNumber], detail: bool) -> bytes:
    """SearchResult; an empty `<SearchResult/>` when nothing matched (docs/bandwidth-api.md §2)."""
    doc = root("SearchResult")
    if not rows:
        return dump(doc)
    el(doc, "ResultCount", len(rows))
    if not detail:
        listing(doc, "TelephoneNumberList", "TelephoneNumber", (r.number for r in rows))
        return dump(doc)
    tns = el(doc, "TelephoneNumberDetailList")
    for row in rows:
        item = el(tns, "TelephoneNumberDetail")
        fields(item, [("CountryCodeA3", row.country), ("PhoneNumberType", row.type)])
        if row.country in NANP:
            fields(
                item,
                [
                    ("City", row.city),
                    ("LATA", row.lata),
                    ("RateCenter", row.rate_center),
                    ("State", row.state),
                ],
            )
        else:
            fields(item, [("City", row.city), ("AreaCode", row.area_code)])
        fields(
            item,
            [
                ("FullNumber", row.number),
                ("Tier", row.tier),
                ("VendorId", row.vendor_id),
                ("VendorName", row.vendor_name),
            ],
        )
    return dump(doc)


def _site(parent: etree._Element, row: SiteRecord) -> None:
    fields(
        el(parent, "Site"),
        [("Id", row.id), ("Name", row.name), ("Description", row.description)],
    )


def sites(rows: Iterable[SiteRecord]) -> bytes:
    doc = root("SitesResponse")
    node = el(doc, "Sites")
    for row in rows:
        _site(node, row)
    return dump(doc)


def site(row: SiteRecord) -> bytes:
    doc = root("SiteResponse")
    _site(doc, row)
    return dump(doc)


def peers(rows: Iterable[PeerRecord]) -> bytes:
    doc = root("TNSipPeersResponse")
    node = el(doc, "SipPeers")
    for row in rows:
        peer = el(node, "SipPeer")
        fields(
            peer,
            [
                ("PeerId", row.id),
                ("PeerName", row.name),
                ("Description", row.description),
                ("IsDefaultPeer", row.is_default),
            ],
        )
    return dump(doc)


def location_numbers(page: Page[str], url: str, q: Mapping[str, str]) -> bytes:
    doc = root("SipPeerTelephoneNumbersResponse")
    node = el(doc, "SipPeerTelephoneNumbers")
    for number in page.rows:
        el(el(node, "SipPeerTelephoneNumber"), "FullNumber", number)
    links(doc, url, q, page.next_page)
    return dump(doc)


def in_service(page: Page[str], url: str, q: Mapping[str, str]) -> bytes:
    doc = root("TNs")
    el(doc, "TotalCount", page.total)
    links(doc, url, q, page.next_page)
    tns = el(doc, "TelephoneNumbers")
    el(tns, "Count", len(page.rows))
    for number in page.rows:
        el(tns, "TelephoneNumber", number)
    return dump(doc)


def quantity(count: int) -> bytes:
    doc = root("Quantity")
    el(doc, "Count", count)
    return dump(doc)


def _status(row: NumberRecord) -> str:
    return "Available" if row.status == "Held" else row.status


def _number_fields(row: NumberRecord, account_id: str) -> list[tuple[str, object]]:
    return [
        ("City", row.city),
        ("Lata", row.lata),
        ("State", row.state),
        ("FullNumber", row.number),
        ("Tier", row.tier),
        ("VendorId", row.vendor_id),
        ("VendorName", row.vendor_name),
        ("RateCenter", row.rate_center),
        ("Status", _status(row)),
        ("AccountId", account_id),
        ("LastModified", iso(row.modified)),
        ("InServiceDate", iso(row.in_service)),
        ("CountryCodeA3", row.country),
        ("PhoneNumberType", row.type),
        ("AreaCode", row.area_code),
    ]


def tns(page: Page[NumberRecord], url: str, q: Mapping[str, str], account_id: str) -> bytes:
    doc = root("TelephoneNumbersResponse")
    el(doc, "TelephoneNumberCount", page.total)
    links(doc, url, q, page.next_page)
    node = el(doc, "TelephoneNumbers")
    for row in page.rows:
        fields(el(node, "TelephoneNumber"), _number_fields(row, account_id))
    return dump(doc)


def tn_details(
    row: NumberRecord, account_id: str, site: SiteRecord | None, peer: PeerRecord | None
) -> bytes:
    doc = root("TelephoneNumberResponse")
    node = el(doc, "TelephoneNumberDetails")
    number_fields = _number_fields(row, account_id)
    fields(node, number_fields[:10])
    if site is not None:
        fields(el(node, "Site"), [("Id", site.id), ("Name", site.name)])
    if peer is not None:
        fields(
            el(node, "SipPeer"),
            [
                ("PeerId", peer.id),
                ("PeerName", peer.name),
                ("IsDefaultPeer", peer.is_default),
            ],
        )
    fields(node, number_fields[10:])
    return dump(doc)


_OWN_STATUSES = frozenset({"Inservice", "Aging", "Reserved"})


def tn(row: NumberRecord, account_id: str, order: OrderRecord | None) -> bytes:
    doc = root("TelephoneNumberResponse")
    fields(
        doc,
        [
            ("TelephoneNumber", row.number),
            ("Status", _status(row)),
            ("LastModifiedDate", iso(row.modified)),
            ("OrderCreateDate", iso(order.created) if order is not None else None),
            ("OrderId", row.order_id),
            ("OrderType", "NEW_NUMBER_ORDER" if row.order_id else None),
            ("InServiceDate", iso(row.in_service)),
            ("SiteId", row.site_id),
            # The account's own numbers (in service, aging after its disconnect, reserved by
            # it) name it; a pool number names no account.
            ("AccountId", account_id if row.status in _OWN_STATUSES else None),
        ],
    )
    return dump(doc)


def reservation(row: ReservationRecord, account_id: str, remaining: int) -> bytes:
    doc = root("ReservationResponse")
    node = el(doc, "Reservation")
    fields(
        node,
        [
            ("ReservationId", row.id),
            ("AccountId", account_id),
            ("ReservationExpires", remaining),
            ("ReservedTn", row.number),
        ],
    )
    return dump(doc)


def restrictions(country: str) -> bytes:
    doc = root("RestrictionResponse")
    node = el(doc, "Restrictions")
    for kind, category, description in restrictions_for(country):
        fields(
            el(node, "Restriction"),
            [
                ("CountryCodeA3", country.upper()),
                ("RestrictionCategory", category),
                ("RestrictionDescription", description),
                ("RestrictionType", kind),
            ],
        )
    return dump(doc)
