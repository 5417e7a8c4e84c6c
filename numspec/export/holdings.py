"""Read everything an account holds on some sites, with each number's attributes.

For `export` and `show`, through the planner's reader (numspec.plan.account_state): unlike a
plan, which reads attributes only for numbers its groups compare them on, this reads every held
number's, because grouping needs each one's state, rate center and city. Requests: one sites
listing, per site one locations listing and the pages of each location's numbers (sites
concurrently, on a bounded pool), and the /tns pages that cover the sites read, as concurrent
cursor chains (numspec.plan.details).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import HeldNumber, Location, SiteInfo
from numspec.errors import UsageError
from numspec.plan.account_state import MAX_WORKERS, held_numbers, read_sites

log = logging.getLogger(__name__)


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
        per_site = read_sites(api, [s.site_id for s in sites], pool)
        held = held_numbers(api, per_site, pool)
    locations = tuple(loc for site in per_site for loc in site.locations)
    numbers = tuple(sorted(held, key=lambda h: (h.site_id, h.location_id or "", h.number)))
    log.info("read %d numbers on %d sites", len(numbers), len(sites))
    return Holdings(api.account_id, tuple(sites), locations, numbers)
