"""Benchmark: match 1,000,000 synthetic held numbers against 1,000 groups, in memory.

    /work/venv/bin/python bench/match_scale.py [--numbers 1000000] [--groups 1000]

Runs the planner's pure core (`assess`: eligibility, classes, max-flow, tallies) and prints
its seconds and the process's peak resident memory, beside what the input alone takes.
Target: seconds, under 1 GB.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from numspec.bandwidth.models import HeldNumber
from numspec.inventory.model import Criteria, Group, Inventory, Site
from numspec.plan.account_state import State
from numspec.plan.assess import assess

STATES = ["NC", "SC", "VA", "GA", "TN", "FL", "TX", "CA", "NY", "WA"]
CITIES = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO"]


def world(
    n_numbers: int, n_groups: int, sites: int = 20, seed: int = 7
) -> tuple[list[HeldNumber], list[Group]]:
    """Return sorted held numbers and groups: per site a few NPAs, cities and exchanges."""
    rng = random.Random(seed)
    per_site = n_numbers // sites
    numbers: list[HeldNumber] = []
    groups: list[Group] = []
    for s in range(sites):
        site_id = str(1001 + s)
        npas = [str(201 + s * 10 + k) for k in range(5)]
        state = STATES[s % len(STATES)]
        for i in range(per_site):
            npa = npas[i % len(npas)]
            line = rng.randrange(2_000_000, 9_999_999)
            city = CITIES[(line // 1_000_000) % len(CITIES)]
            numbers.append(
                HeldNumber(
                    f"+1{npa}{line:07d}",
                    site_id,
                    "2001",
                    "USA",
                    "GEOGRAPHIC",
                    npa,
                    city,
                    state,
                    city,
                    None,
                )
            )
        for g in range(n_groups // sites):
            kind = g % 4
            npa = npas[g % len(npas)]
            criteria = (
                Criteria("USA", area_code=npa),
                Criteria("USA", state=state, city=CITIES[g % len(CITIES)]),
                Criteria("USA", npa_nxx=f"{npa}{2 + g % 8}{g % 10}{g % 7}", lca=False),
                Criteria("USA", state=state),
            )[kind]
            quantity = rng.choice([10, 100, 1000, 5000])
            groups.append(Group(f"site-{s}", f"g{g}", site_id, None, quantity, criteria))
    numbers.sort(key=lambda h: h.number)
    return numbers, groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=1_000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    numbers, groups = world(args.numbers, args.groups)
    sites = tuple(
        Site(name, groups_of[0].site_id, None, tuple(groups_of))
        for name, groups_of in _by_site(groups).items()
    )
    inventory = Inventory("bench.yaml", "9900000", sites)
    state = State("9900000", tuple(s.site_id for s in sites), {}, tuple(numbers))
    base_mb = _rss_mb()
    t1 = time.perf_counter()
    result = assess(inventory, state, groups)
    t2 = time.perf_counter()
    wanted = sum(g.quantity for g in groups)
    held = sum(len(t.numbers) for t in result.tallies.values())
    unclaimed = sum(len(v) for v in result.unclaimed.values())
    print(f"numbers: {len(numbers):,}  groups: {len(groups):,}  sites: {len(sites)}")
    print(f"input built in {t1 - t0:.1f} s (not numspec's work); RSS then {base_mb:,.0f} MB")
    print(f"assess (eligibility, classes, max-flow, tallies): {t2 - t1:.2f} s")
    print(f"assigned: {held:,}  wanted: {wanted:,}  unclaimed: {unclaimed:,}")
    print(f"peak RSS: {_rss_mb():,.0f} MB (numspec's own work: {_rss_mb() - base_mb:,.0f} MB)")


def _by_site(groups: list[Group]) -> dict[str, list[Group]]:
    out: dict[str, list[Group]] = {}
    for g in groups:
        out.setdefault(g.site, []).append(g)
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
