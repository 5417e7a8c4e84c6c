"""apply of 20 numbers to one group on a large account: requests against the plan's.

    /work/venv/bin/python bench/apply_account.py [--numbers 100000] [--sites 5] [--quantity 20]

Puts `--numbers` in service on the seeded sites 1001..1005 (`/_sandbox/populate`), writes an
inventory that holds them (groups by site, state and area code, each asking for what it holds,
so planning reads the `/tns` attributes) plus one new group on the first site that wants
`--quantity` numbers of an area code the account does not hold. Then, on fresh copies of the
same account, runs what `numspec apply` runs (plan, then apply) twice: with `--target SITE/GROUP`
naming the new group, and without `--target`. Prints the requests of each (from
`/_sandbox/stats`), the requests of a plain plan of the same account, and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from numspec.apply.applier import ApplyOptions, apply
from numspec.bandwidth.client import BandwidthClient
from numspec.inventory import Inventory, load_inventory
from numspec.plan.planner import make_plan
from numspec.sandbox.server import EmbeddedSandbox, start_embedded

MAX_QUANTITY = 5000  # a group's largest quantity
SITES = ("1001", "1002", "1003", "1004", "1005")


def admin(box: EmbeddedSandbox, route: str, body: object | None = None) -> object:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"{box.url}/_sandbox/{route}", data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read() or b"null")


def routes(box: EmbeddedSandbox) -> dict[str, int]:
    every = admin(box, "stats")
    assert isinstance(every, dict)
    return {route: n for route, n in every["requests"].items() if "/_sandbox/" not in route}


def requests_made(box: EmbeddedSandbox) -> int:
    return sum(routes(box).values())


def write_inventory(
    db: Path, directory: Path, quantity: int, sites: Sequence[str]
) -> tuple[Path, str]:
    """Write groups that hold what the account holds, and one that wants new numbers."""
    conn = sqlite3.connect(db)
    held = conn.execute(
        "SELECT site_id, state, area_code, COUNT(*) FROM numbers WHERE status = 'Inservice'"
        " GROUP BY site_id, state, area_code ORDER BY site_id, state, area_code"
    ).fetchall()
    (fresh,) = conn.execute(
        "SELECT area_code FROM numbers WHERE country = 'USA' AND type = 'GEOGRAPHIC'"
        " GROUP BY area_code HAVING SUM(status = 'Inservice') = 0 AND SUM(status = 'Available')"
        " > 1000 ORDER BY area_code LIMIT 1"
    ).fetchone()
    conn.close()
    lines = ["version: 1", 'account_id: "9900000"', "sites:"]
    for site in sites:
        lines += [f"  site-{site}:", f'    site_id: "{site}"', "    groups:"]
        for held_site, state, npa, count in held:
            for part in range(0, count if held_site == site else 0, MAX_QUANTITY):
                quantity = min(MAX_QUANTITY, count - part)
                criteria = f'country: USA, state: {state}, area_code: "{npa}"'
                lines.append(f"      held-{npa}-{part}: {{quantity: {quantity}, {criteria}}}")
        if site == SITES[0]:
            lines.append(f'      new: {{quantity: {quantity}, country: USA, area_code: "{fresh}"}}')
    path = directory / "inventory.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, f"site-{SITES[0]}/new"


def client(box: EmbeddedSandbox) -> BandwidthClient:
    return BandwidthClient(
        rate_limit=1000.0,
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
    )


def run_apply(db: Path, inventory: Inventory, targets: Sequence[str]) -> tuple[int, int, float]:
    """Plan and apply on a copy of the account; return (plan requests, all requests, wall)."""
    box = start_embedded(db, order_latency=0.2)
    api = client(box)
    try:
        admin(box, "reset-stats", {})
        started = time.monotonic()
        plan = make_plan(inventory, api, targets=targets)
        planned = routes(box)
        report = apply(plan, inventory, api, options=ApplyOptions())
        wall = time.monotonic() - started
        assert report.converged, "the benchmark's apply did not converge"
        after = routes(box)
        for route in sorted(after):
            plan_made, apply_made = planned.get(route, 0), after[route] - planned.get(route, 0)
            print(f"    {plan_made:4d} plan + {apply_made:3d} apply  {route}")
        return sum(planned.values()), sum(after.values()), wall
    finally:
        api.close()
        box.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=5, choices=range(1, 6))
    parser.add_argument("--quantity", type=int, default=20)
    args = parser.parse_args()
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        seeded = Path(tmp) / "seeded.sqlite3"
        box = start_embedded(seeded)
        for site in SITES[: args.sites]:
            body = {"site_id": site, "count": args.numbers // args.sites, "country": "USA"}
            admin(box, "populate", body)
        box.stop()
        path, address = write_inventory(seeded, Path(tmp), args.quantity, SITES[: args.sites])
        inventory = load_inventory(path)
        print(
            f"held: {args.numbers:,} numbers on {args.sites} sites; groups: {len(inventory.groups)}"
        )
        for targets in ((address,), ()):
            db = Path(tmp) / f"run-{len(targets)}.sqlite3"
            shutil.copyfile(seeded, db)
            planned, made, wall = run_apply(db, inventory, targets)
            shown = f"--target {address}" if targets else "without --target"
            print(
                f"apply {args.quantity} numbers {shown}: {made} requests "
                f"(its plan {planned}, the rest {made - planned}), wall {wall:.2f} s"
            )
        print("targets: with --target <= 25 requests; without, <= one plan's requests + 10")


if __name__ == "__main__":
    main()
