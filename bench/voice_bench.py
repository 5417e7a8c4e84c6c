"""Voice package figures: reading package membership for N held numbers, as plan does it
(one paged listing per package, 1,000 numbers a page), and the bulk assignment that set it up.

    python bench/voice_bench.py [--numbers 100000] [--packages 2]

Prints the requests each phase made (the sandbox's own counts) and the wall time.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import requests

from numspec.bandwidth.client import BandwidthClient
from numspec.plan.voice_findings import read_packages
from numspec.sandbox.server import EmbeddedSandbox, start_embedded

SEEDED = ("d21315af-9b5b-4b45-a6f4-9106cbfe87d1", "5c0e2b7a-3f41-4d8e-9a62-1b7f0c9d2e45")


def stats(box: EmbeddedSandbox) -> dict[str, int]:
    counts: dict[str, int] = requests.get(f"{box.url}/_sandbox/stats", timeout=30).json()[
        "requests"
    ]
    requests.post(f"{box.url}/_sandbox/reset-stats", json={}, timeout=30)
    return {k: v for k, v in counts.items() if "oauth2" not in k and "/_sandbox" not in k}


def populate(box: EmbeddedSandbox, count: int) -> None:
    """Put `count` numbers in service, 50,000 per site at most."""
    sites = ["1001", "1002", "1003", "1004", "1005"]
    left = count
    while left > 0:
        chunk = min(left, 50_000)
        body = {"site_id": sites.pop(0), "count": chunk, "country": "USA"}
        answer = requests.post(f"{box.url}/_sandbox/populate", json=body, timeout=600).json()
        left -= answer["count"]
        if answer["count"] == 0:
            raise SystemExit("the pool ran out of numbers")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--packages", type=int, choices=(1, 2), default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        box = start_embedded(Path(tmp) / "bench.sqlite3", order_latency=0.05)
        try:
            run(box, args.numbers, SEEDED[: args.packages])
        finally:
            box.stop()


def run(box: EmbeddedSandbox, count: int, packages: tuple[str, ...]) -> None:
    t0 = time.perf_counter()
    populate(box, count)
    print(f"populate {count} numbers: {time.perf_counter() - t0:.1f} s")
    with BandwidthClient(
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
        rate_limit=1000.0,
    ) as client:
        vp = client.voice_packages
        held = [n for n, _ in vp.iter_voice_numbers()]
        stats(box)
        t0 = time.perf_counter()
        share = -(-len(held) // len(packages))
        for i, package in enumerate(packages):
            result = vp.assign(package, held[i * share : (i + 1) * share])
            assert result.ok, result.errors
        took = time.perf_counter() - t0
        print(f"bulk-assign {len(held)} numbers to {len(packages)} packages: {took:.1f} s")
        for route, n in sorted(stats(box).items()):
            print(f"    {n:6d}  {route}")
        t0 = time.perf_counter()
        state = read_packages(vp, packages, list_members=packages)
        took = time.perf_counter() - t0
        members = sum(len(m) for m in state.members.values())
        made = stats(box)
        print(
            f"read membership of {members} numbers in {len(packages)} packages: {took:.2f} s, "
            f"{sum(made.values())} requests (the data needs {len(packages)} package GETs and "
            f"{sum(-(-len(m) // 1000) for m in state.members.values())} pages of 1,000)"
        )
        for route, n in sorted(made.items()):
            print(f"    {n:6d}  {route}")
    print(
        f"machine: {platform.platform()}, python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}"
    )


if __name__ == "__main__":
    main()
