"""Site entries take their names from the sites, and their locations only when needed."""

from __future__ import annotations

from numspec.bandwidth.models import HeldNumber, Location, SiteInfo
from numspec.export import ExportSite, export_sites, to_document

SITES = [SiteInfo("1001", "US Sales"), SiteInfo("1002", "US Sales"), SiteInfo("1003", "")]
LOCATIONS = [
    Location("2001", "Default", "1001", True),
    Location("2011", "Backup SBC", "1001", False),
    Location("2002", "Default", "1002", True),
    Location("2003", "Default", "1003", True),
]


def held(number: str, site: str, location: str | None) -> HeldNumber:
    return HeldNumber(number, site, location, "USA", "GEOGRAPHIC", number[2:5], None, "NC", "CARY")


def holding(sites: list[ExportSite]) -> list[ExportSite]:
    return [s for s in sites if s.groups]


def test_site_on_its_default_location_gets_no_location_id() -> None:
    sites = export_sites([held("+19195550101", "1002", "2002")], SITES[1:2], LOCATIONS)
    (site,) = sites
    assert site.name == "us-sales" and site.site_id == "1002" and site.location_id is None


def test_site_with_numbers_on_two_locations_gets_one_entry_per_location() -> None:
    numbers = [held("+19195550101", "1001", "2001"), held("+19195550102", "1001", "2011")]
    sites = holding(export_sites(numbers, SITES, LOCATIONS))
    assert [(s.name, s.location_id) for s in sites] == [
        ("us-sales", "2001"),
        ("us-sales-backup-sbc", "2011"),
    ]


def test_site_only_on_another_location_names_it() -> None:
    (site,) = holding(export_sites([held("+19195550102", "1001", "2011")], SITES, LOCATIONS))
    assert site.location_id == "2011"


def test_sites_with_the_same_name_get_distinct_names() -> None:
    numbers = [held("+19195550101", "1001", "2001"), held("+19195550102", "1002", "2002")]
    sites = export_sites(numbers, SITES[:2], LOCATIONS)
    assert [s.name for s in sites] == ["us-sales", "us-sales-1002"]


def test_site_without_a_usable_name_is_named_by_its_id() -> None:
    numbers = [held("+19195550101", "1003", "2003"), held("+19195550109", "1009", None)]
    sites = holding(export_sites(numbers, SITES, LOCATIONS))
    assert [s.name for s in sites] == ["site-1003", "site-1009"]


def test_site_that_holds_nothing_gets_an_entry_without_groups() -> None:
    sites = export_sites([], SITES[:1], LOCATIONS)
    doc = to_document("9900000", sites)
    assert doc["sites"] == {"us-sales": {"site_id": "1001", "groups": {}}}


def test_document_has_the_inventory_shape_in_file_order() -> None:
    numbers = [
        held("+19195550101", "1002", "2002"),
        HeldNumber("+447400123456", "1002", "2002", "GBR"),
    ]
    doc = to_document("9900000", export_sites(numbers, SITES[1:2], LOCATIONS))
    assert list(doc) == ["version", "account_id", "sites"]
    groups = doc["sites"]["us-sales"]["groups"]
    assert groups["nc-cary"] == {
        "quantity": 1,
        "country": "USA",
        "state": "NC",
        "rate_center": "CARY",
        "lca": False,
    }
    assert groups["gbr-pinned"] == {"country": "GBR", "numbers": ["+447400123456"]}
