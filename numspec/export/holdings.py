"""Read everything an account holds on some sites, with each number's attributes.

For `export` and `show`: unlike the planner's read, which fetches only what its groups need,
this always reads the account-wide /tns listing, because grouping needs every number's state,
rate center and city. Requests: one sites listing, per site one locations listing and the
pages of each location's numbers (sites concurrently, on a bounded pool), and the /tns pages.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import HeldNumber, Location, SiteInfo
from numspec.errors import UsageError
from numspec.reconcile.numbers import held_number, read_details

log = logging.getLogger(__name__)
MAX_WORKERS = 8


@dataclass(frozen=True)
class Holdings:
    """The numbers on the sites read, with the sites and their locations."""

    account_id: str
    sites: tuple[SiteInfo, ...]
    locations: tuple[Location, ...]
    numbers: tuple[HeldNumber, ...]  # sorted by site, location, number

    @property
    def site_names(self) -> dict[str, str]:
        return {s.site_id: s.name for s in self.sites}


def choose_sites(all_sites: Sequence[SiteInfo], wanted: Sequence[str]) -> list[SiteInfo]:
    """Return the sites `--site` names (all when none), or raise naming the unknown ones."""
    if not wanted:
        return sorted(all_sites, key=lambda s: (len(s.site_id), s.site_id))
    known = {s.site_id: s for s in all_sites}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        listed = ", ".join(f"{s.site_id} ({s.name})" for s in all_sites) or "none"
        raise UsageError(f"no site {', '.join(unknown)} in this account; its sites are: {listed}")
    return [known[w] for w in dict.fromkeys(wanted)]


def read_holdings(api: NumbersApi, site_ids: Sequence[str] = ()) -> Holdings:
    """Return what the account holds on `site_ids` (every site when empty)."""
    sites = choose_sites(api.list_sites(), site_ids)
    with ThreadPoolExecutor(max_workers=MAX_WORKERS, thread_name_prefix="numspec-read") as pool:
        details = pool.submit(read_details, api)
        per_site = list(pool.map(lambda s: _read_site(api, s.site_id), sites))
        detail_map = details.result()
    locations = tuple(loc for locs, _ in per_site for loc in locs)
    entries = sorted(entry for _, site_entries in per_site for entry in site_entries)
    numbers = tuple(held_number(n, s, loc, detail_map.get(n)) for s, loc, n in entries)
    log.info("read %d numbers on %d sites", len(numbers), len(sites))
    return Holdings(api.account_id, tuple(sites), locations, numbers)


def _read_site(api: NumbersApi, site_id: str) -> tuple[list[Location], list[tuple[str, str, str]]]:
    locations = api.list_locations(site_id)
    entries = [
        (site_id, loc.location_id, number)
        for loc in locations
        for number in api.iter_location_numbers(site_id, loc.location_id)
    ]
    return locations, entries
