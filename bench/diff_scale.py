"""Benchmark: review a change to a large inventory (normalise, deepdiff, risk notes, render).

    .venv/bin/python bench/diff_scale.py [--groups 2000] [--pinned 50] [--changed 0.1]

Builds two inventories in memory (no YAML): `--groups` groups over 20 sites, every fourth
pinning `--pinned` numbers; the head changes a `--changed` share of the groups (quantity,
criteria, a renamed group, a dropped pin). Prints the seconds of each step, the number of
changes and notes, the Markdown's length, and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from dataclasses import replace

from numspec.inventory.model import Criteria, Group, Inventory, Site
from numspec.render.review_markdown import render_review_markdown
from numspec.review import AccountView, Review, assess_risk, compare

SITES = 20


def base_inventory(n_groups: int, pinned: int) -> Inventory:
    sites = []
    per_site = max(1, n_groups // SITES)
    for s in range(SITES):
        groups = []
        for g in range(per_site):
            npa = str(201 + (s * per_site + g) % 700)
            numbers = tuple(f"+1{npa}555{j:04d}" for j in range(pinned)) if g % 4 == 0 else ()
            groups.append(
                Group(
                    f"site-{s}",
                    f"g{g}",
                    str(1001 + s),
                    None,
                    10 + g % 50 + len(numbers),
                    Criteria("USA", area_code=npa),
                    numbers,
                )  # fmt: skip
            )
        sites.append(Site(f"site-{s}", str(1001 + s), None, tuple(groups)))
    return Inventory("bench.yaml", "9900000", tuple(sites))


def changed(base: Inventory, share: float) -> Inventory:
    sites = []
    every = max(1, round(1 / share)) if share > 0 else 0
    for site in base.sites:
        groups = []
        for i, g in enumerate(site.groups):
            if every and i % every == 0:
                kind = (i // every) % 4
                if kind == 0:
                    g = replace(g, quantity=max(0, g.quantity - 5))
                elif kind == 1:
                    g = replace(g, criteria=Criteria("USA", state="NC"))
                elif kind == 2:
                    g = replace(g, name=f"{g.name}-renamed")
                else:
                    g = replace(g, numbers=g.numbers[1:])
            groups.append(g)
        sites.append(replace(site, groups=tuple(groups)))
    return replace(base, sites=tuple(sites))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--pinned", type=int, default=50)
    parser.add_argument("--changed", type=float, default=0.1)
    args = parser.parse_args()
    base = base_inventory(args.groups, args.pinned)
    head = changed(base, args.changed)
    t0 = time.perf_counter()
    diff = compare(base, head)
    t1 = time.perf_counter()
    account = AccountView({g.address: g.quantity for g in head.groups}, {})
    notes, unchecked = assess_risk(diff, head, account)
    t2 = time.perf_counter()
    text = render_review_markdown(Review("base", "head", diff, notes, unchecked, True))
    t3 = time.perf_counter()
    pinned = sum(len(g.numbers) for g in base.groups)
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {python}")
    print(f"groups: {len(base.groups):,}  pinned numbers: {pinned:,}")
    print(f"compare (normalise both, settle renames, deepdiff): {t1 - t0:.2f} s")
    print(f"risk notes: {t2 - t1:.3f} s   Markdown: {t3 - t2:.3f} s ({len(text):,} characters)")
    print(f"changes: {len(diff.changes):,}  notes: {len(notes):,}  unchecked: {len(unchecked):,}")


if __name__ == "__main__":
    main()
