"""Move figures: plan and apply moving N surplus numbers to a short group on another site
(`policy.surplus: move`), against the sandbox at its default order latency (0.5 s).

    python bench/move_bench.py [--numbers 5000] [--latency 0.5]

Prints the requests each phase made (the sandbox's own counts), the wall time, and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import requests

from numspec.apply.applier import ApplyOptions, apply
from numspec.bandwidth.client import BandwidthClient
from numspec.inventory import parse_inventory
from numspec.plan.planner import make_plan
from numspec.sandbox.server import EmbeddedSandbox, start_embedded

INVENTORY = """\
version: 1
account_id: "9900000"
policy:
  surplus: move
  max_moves: {count}
sites:
  us-sales:
    site_id: "1001"
    groups:
      main: {{quantity: 0, country: USA, state: NC}}
  us-support:
    site_id: "1002"
    groups:
      main: {{quantity: {count}, country: USA, state: NC}}
"""


def stats(box: EmbeddedSandbox) -> dict[str, int]:
    counts: dict[str, int] = requests.get(f"{box.url}/_sandbox/stats", timeout=30).json()[
        "requests"
    ]
    requests.post(f"{box.url}/_sandbox/reset-stats", json={}, timeout=30)
    return {k: v for k, v in counts.items() if "oauth2" not in k and "/_sandbox" not in k}


def show(label: str, took: float, made: dict[str, int]) -> None:
    print(f"{label}: {took:.2f} s, {sum(made.values())} requests")
    for route, n in sorted(made.items()):
        print(f"    {n:6d}  {route}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--numbers", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.5)  # the sandbox's default
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        box = start_embedded(Path(tmp) / "bench.sqlite3", order_latency=args.latency)
        try:
            run(box, args.numbers, args.latency)
        finally:
            box.stop()


def run(box: EmbeddedSandbox, count: int, latency: float) -> None:
    body = {"site_id": "1001", "count": count, "country": "USA", "state": "NC"}
    answer = requests.post(f"{box.url}/_sandbox/populate", json=body, timeout=600).json()
    if answer["count"] != count:
        raise SystemExit(f"the pool has only {answer['count']} NC numbers")
    inventory = parse_inventory(INVENTORY.format(count=count).encode())
    with BandwidthClient(
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
        rate_limit=1000.0,
    ) as client:
        stats(box)
        t0 = time.perf_counter()
        plan = make_plan(inventory, client)
        show("plan", time.perf_counter() - t0, stats(box))
        moving = sum(len(c.numbers) for c in plan.changes if c.action == "move")
        assert moving == count, plan.summary()
        t0 = time.perf_counter()
        report = apply(plan, inventory, client, options=ApplyOptions())
        took = time.perf_counter() - t0
        assert report.converged, [g.reason for g in report.groups]
        show(f"apply: move {moving} numbers (order latency {latency} s)", took, stats(box))
        print(f"moved {report.summary()['moved']} numbers, ordered {report.summary()['ordered']}")
    print(
        f"machine: {platform.platform()}, python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}"
    )


if __name__ == "__main__":
    main()
