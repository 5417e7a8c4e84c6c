"""Assemble the exported inventory: one site entry per site location that holds numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from numspec.bandwidth.models import HeldNumber, Location, SiteInfo
from numspec.export.grouping import ExportGroup, GroupBy, group_numbers
from numspec.export.names import join, slug, unique


@dataclass(frozen=True)
class ExportSite:
    """A site entry of the exported file: one site, on its default location or another one."""

    name: str
    site_id: str
    location_id: str | None  # None: the site's default location
    groups: tuple[ExportGroup, ...]
    skipped: tuple[str, ...] = ()  # held numbers no group can describe (see grouping)


def export_sites(
    held: Iterable[HeldNumber],
    sites: Sequence[SiteInfo],
    locations: Sequence[Location] = (),
    group_by: GroupBy = "auto",
) -> list[ExportSite]:
    """Return the site entries describing `held`, ordered by site id then location.

    Every site in `sites` gets an entry, with no groups when it holds nothing, so the file
    lists what an account has to offer.

    A site whose numbers are all on its default location gets one entry without `location_id`.
    A site with numbers on several locations gets one entry per location, each naming its
    `location_id`, so that no group of one entry matches the numbers of another.
    """
    defaults = {loc.site_id: loc.location_id for loc in locations if loc.is_default}
    by_place = _by_place(list(held), defaults)
    for site in sites:
        if not any(place[0] == site.site_id for place in by_place):
            by_place[(site.site_id, None)] = []
    site_names = {s.site_id: s.name for s in sites}
    location_names = {(loc.site_id, loc.location_id): loc.name for loc in locations}
    out: list[ExportSite] = []
    for site_id, location_id in sorted(by_place, key=_place_order):
        base = slug(site_names.get(site_id, ""), fallback=f"site-{site_id}")
        if location_id is not None and location_id != defaults.get(site_id):
            where = location_names.get((site_id, location_id)) or location_id
            base = join(base, where, fallback=base)
        name = unique(base, (s.name for s in out), hint=location_id or site_id)
        grouping = group_numbers(by_place[(site_id, location_id)], group_by)
        out.append(ExportSite(name, site_id, location_id, grouping.groups, grouping.skipped))
    return out


def _by_place(
    numbers: list[HeldNumber], defaults: Mapping[str, str]
) -> dict[tuple[str, str | None], list[HeldNumber]]:
    """Return the numbers by (site, location), location None for a lone default location."""
    places: dict[str, set[str | None]] = defaultdict(set)
    for number in numbers:
        places[number.site_id].add(number.location_id)
    by_place: dict[tuple[str, str | None], list[HeldNumber]] = defaultdict(list)
    for number in numbers:
        location = number.location_id
        if len(places[number.site_id]) == 1 and location == defaults.get(number.site_id):
            location = None
        by_place[(number.site_id, location)].append(number)
    return by_place


def _place_order(place: tuple[str, str | None]) -> tuple[int, str, int, str]:
    site_id, location_id = place
    loc = location_id or ""
    return (len(site_id), site_id, 0 if location_id is None else 1, f"{len(loc):04d}{loc}")


def to_document(account_id: str, sites: Sequence[ExportSite]) -> dict[str, Any]:
    """Return the inventory document (plain dicts, keys in the order the file shows them)."""
    return {
        "version": 1,
        "account_id": account_id,
        "sites": {site.name: _site_document(site) for site in sites},
    }


def _site_document(site: ExportSite) -> dict[str, Any]:
    doc: dict[str, Any] = {"site_id": site.site_id}
    if site.location_id is not None:
        doc["location_id"] = site.location_id
    doc["groups"] = {g.name: _group_document(g) for g in site.groups}
    return doc


def _group_document(group: ExportGroup) -> dict[str, Any]:
    if group.pinned:
        return {"country": group.country, "numbers": list(group.numbers)}
    doc: dict[str, Any] = {"quantity": group.quantity, "country": group.country}
    doc.update(group.criteria)
    return doc
