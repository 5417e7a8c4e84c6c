"""Benchmark: `plan` over 100,000 held numbers on 20 sites with an inventory of 200 groups.

    /work/venv/bin/python bench/plan_scale.py [--numbers 100000] [--sites 20] [--groups 200]
        [--target] [--profile] [--rate 10 --request-latency 0.1] [--pool-scale K]

The sandbox runs in its own process (`numspec sandbox serve`), so this process's CPU time and
peak memory are numspec's own (client, parsing, matching). The seeded sandbox has sites 1001 to
1005; the others are created through the API (`POST .../sites`, `POST .../sites/{s}/sippeers`)
before the numbers are populated from a pool big enough for them (`sandbox serve --pool-scale`,
by default the least scale holding --numbers; the pool at scale 1 has 166,205 US numbers), and
the inventory is written from a read-only look at the sandbox's database. Prints the
requests plan made (from /_sandbox/stats) against the pages the data
needs at the largest page sizes the API takes, wall time, CPU time and peak memory.

With `--rate R` the client sends at most R requests a second per rate-limit bucket (as against
the real API), and with `--request-latency S` the sandbox answers every API request S seconds
late (a network's round trip); the wall time is then compared with the request floor: every
request at R a second (as by one limiter), and the busiest bucket's requests at R a second.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import os
import platform
import pstats
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.ratelimit import bucket_of
from numspec.inventory import Inventory, parse_inventory
from numspec.plan.planner import make_plan

XML = "application/xml"
LOCATION_PAGE = 5000  # GET .../sippeers/{p}/tns: size <= 5000 (docs/wire.md)
DETAILS_PAGE = 2500  # GET /tns: size <= 2500


def add_sites(base: str, sites: int) -> list[str]:
    """Return the ids of `sites` sites: the seeded 1001..1005, then new ones made through the API.

    Each new site gets one location (its default) with `POST .../sites/{s}/sippeers`.
    """
    token = requests.post(
        f"{base}/api/v1/oauth2/token",
        auth=("sandbox", "sandbox"),
        data={"grant_type": "client_credentials"},
        timeout=30,
    )
    token.raise_for_status()
    http = requests.Session()
    http.headers.update(
        {"Authorization": f"Bearer {token.json()['access_token']}", "Content-Type": XML}
    )
    account = f"{base}/api/v2/accounts/9900000"
    site_ids = [str(1001 + i) for i in range(min(sites, 5))]
    for i in range(5, sites):
        body = f"<Site><Name>bench-{i + 1}</Name><Description>bench</Description></Site>"
        site_id = _created(http.post(f"{account}/sites", data=body, timeout=30))
        peer = "<SipPeer><PeerName>main</PeerName><IsDefaultPeer>true</IsDefaultPeer></SipPeer>"
        _created(http.post(f"{account}/sites/{site_id}/sippeers", data=peer, timeout=30))
        site_ids.append(site_id)
    http.close()
    return site_ids


def _created(response: requests.Response) -> str:
    if response.status_code != 201:
        raise SystemExit(f"create failed: {response.status_code} {response.text}")
    return response.headers["Location"].rsplit("/", 1)[1]


# US numbers in the sandbox pool per unit of --pool-scale, with a margin (166,205 at scale 1).
US_POOL_PER_SCALE = 150_000


def serve(db: Path, pool_scale: int = 1) -> tuple[subprocess.Popen[str], str]:
    cmd = [sys.executable, "-m", "numspec", "sandbox", "serve", "--db", str(db), "--port", "0"]
    cmd += ["--pool-scale", str(pool_scale)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("listening on "):
        proc.terminate()
        raise SystemExit(f"sandbox did not start: {line!r}")
    return proc, line.removeprefix("listening on ")


def inventory_text(db: Path, site_ids: list[str], groups: int) -> str:
    """Write 200 groups that fit what the sites hold: area codes, cities, NPA-NXXs, states."""
    conn = sqlite3.connect(db)
    lines = ['version: 1\naccount_id: "9900000"\nsites:']
    per_site = groups // len(site_ids)
    for site in site_ids:
        rows = conn.execute(
            "SELECT area_code, state, city, substr(number, 3, 6) FROM numbers"
            " WHERE site_id = ? AND status = 'Inservice' ORDER BY number",
            (site,),
        ).fetchall()
        lines += [f"  s{site}:", f'    site_id: "{site}"', "    groups:"]
        cities = Counter((r[1], r[2]) for r in rows if r[2]).most_common()
        npanxx = Counter(r[3] for r in rows).most_common()
        areas = Counter(r[0] for r in rows).most_common()
        for g in range(per_site):
            kind = g % 4
            if kind == 0 and cities:
                (state, city), n = cities[g // 4 % len(cities)]
                spec = f"state: {state}, city: {city!r}"
            elif kind == 1:
                code, n = npanxx[g // 4 % len(npanxx)]
                spec = f'npa_nxx: "{code}", lca: false'
            elif kind == 2:
                code, n = areas[g // 4 % len(areas)]
                spec = f'area_code: "{code}"'
            else:
                state, n = rows[0][1], len(rows)
                spec = f"state: {state}"
            quantity = max(1, min(5000, n // 2 + (g % 3) * 10))
            lines.append(f"      g{g}: {{quantity: {quantity}, country: USA, {spec}}}")
    conn.close()
    return "\n".join(lines) + "\n"


def needed_pages(base: str, held_per_site: dict[str, int], details: bool) -> int:
    """The requests the data needs: sites, orders, restrictions, token, locations, pages."""
    pages = 1 + 1 + 1 + 1  # token, sites, orders listing, restrictions (one country)
    for count in held_per_site.values():
        pages += 1 + max(1, math.ceil(count / LOCATION_PAGE))  # locations + number pages
    if details:
        pages += max(1, math.ceil(sum(held_per_site.values()) / DETAILS_PAGE))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="Profile numspec's side.")
    parser.add_argument(
        "--target", action="store_true", help="Then plan --target the first site alone."
    )
    parser.add_argument(
        "--rate", type=float, default=1000.0, help="Client requests/s per bucket (default 1000)."
    )
    parser.add_argument(
        "--request-latency",
        type=float,
        default=0.0,
        help="Seconds the sandbox holds every API request back (default 0).",
    )
    parser.add_argument(
        "--pool-scale",
        type=int,
        default=0,
        help="Sandbox pool scale (default: the least that holds --numbers US numbers).",
    )
    args = parser.parse_args()
    args.pool_scale = pool_scale = args.pool_scale or -(-args.numbers // US_POOL_PER_SCALE)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sandbox.sqlite3"
        proc, base = serve(db, pool_scale)
        try:
            run(base, db, add_sites(base, args.sites), args)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def machine() -> str:
    return (
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def run(base: str, db: Path, site_ids: list[str], args: argparse.Namespace) -> None:
    per_site = args.numbers // len(site_ids)
    for site in site_ids:
        body = {"site_id": site, "count": per_site, "country": "USA"}
        requests.post(f"{base}/_sandbox/populate", json=body, timeout=600).raise_for_status()
    inventory = parse_inventory(inventory_text(db, site_ids, args.groups).encode(), "bench.yaml")
    config = {"request_latency": args.request_latency}
    requests.post(f"{base}/_sandbox/config", json=config, timeout=30).raise_for_status()
    print(machine())
    print(
        f"held: {args.numbers:,} numbers on {len(site_ids)} sites; groups: {args.groups}; "
        f"sandbox pool scale {args.pool_scale}; "
        f"client {args.rate:g} requests/s per bucket; sandbox latency "
        f"{args.request_latency * 1000:g} ms per request"
    )
    full = measure(base, inventory, (), args)
    need = needed_pages(base, dict.fromkeys(site_ids, per_site), details=True)
    print(f"requests made: {full}  pages the data needs: {need}  ratio: {full / need:.2f}")
    if args.target:
        target = inventory.groups[0].site
        made = measure(base, inventory, (target,), args)
        print(
            f"plan --target {target} (one site of {len(site_ids)}): {made} requests = "
            f"{made / full:.2f} of the full plan's {full} (target <= 0.5)"
        )


def measure(
    base: str, inventory: Inventory, targets: tuple[str, ...], args: argparse.Namespace
) -> int:
    """Plan once; print the figures; return the requests made."""
    profiled = bool(args.profile)
    requests.post(f"{base}/_sandbox/reset-stats", json={}, timeout=30).raise_for_status()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu0, wall0 = time.process_time(), time.perf_counter()
    client = BandwidthClient(
        account_id="9900000",
        api_url=f"{base}/api/v2",
        token_url=f"{base}/api/v1/oauth2/token",
        client_id="sandbox",
        client_secret="sandbox",
        rate_limit=args.rate,
    )
    profile = cProfile.Profile() if profiled else None
    if profile:
        profile.enable()
    plan = make_plan(inventory, client, targets=targets)
    if profile:
        profile.disable()
    client.close()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    every = requests.get(f"{base}/_sandbox/stats", timeout=30).json()["requests"]
    stats = {route: n for route, n in every.items() if "/_sandbox/" not in route}
    made = sum(stats.values())
    shown = f" --target {' '.join(targets)}" if targets else ""
    print(f"plan{shown}: {plan.summary()} over {len(plan.groups)} groups; {made} requests")
    for route, count in sorted(stats.items()):
        print(f"    {count:5d}  {route}")
    print(f"wall time: {wall:.2f} s   numspec CPU: {cpu:.2f} s")
    buckets = Counter[str]()
    for route, count in stats.items():
        method, _, path = route.partition(" ")
        buckets[bucket_of(method, path)] += count
    busiest, most = buckets.most_common(1)[0]
    floor = made / args.rate
    print(
        f"request floor at {args.rate:g}/s: {floor:.2f} s ({made} requests one after another); "
        f"wall / floor = {wall / floor:.2f} (target <= 1.2)\n"
        f"busiest bucket at {args.rate:g}/s per bucket: {most / args.rate:.2f} s ({most} in "
        f"'{busiest}'; the location reads must end before the /tns reads begin)"
    )
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(15)
    print(
        f"peak memory (RSS) of the numspec process: {peak / 1024:.0f} MB "
        f"(before plan: {rss0 / 1024:.0f} MB)"
    )
    return made


if __name__ == "__main__":
    main()
