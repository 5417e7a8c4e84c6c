"""apply at scale: 1,000 numbers over 50 groups against the sandbox with 2 s order latency.

Prints the wall time of apply against the time of one order round trip (POST, then poll until
final) on the same sandbox, the API requests per number ordered (and per route), and the same
with races. The client's rate defaults to what `--sandbox` uses (numspec.commands.common).

    /work/venv/bin/python bench/apply_scale.py [--latency 2.0] [--groups 50] [--per-group 20]
        [--rate 100 --rate 10] [--race 0 --race 0.2] [--reserve]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
import urllib.request
from pathlib import Path

from numspec.apply.applier import ApplyOptions, apply
from numspec.apply.events import ApplyEvent
from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumbersOrder
from numspec.bandwidth.search_query import SearchQuery
from numspec.bandwidth.states import FINAL
from numspec.commands.common import SANDBOX_RATE_LIMIT
from numspec.inventory import load_inventory
from numspec.plan.planner import make_plan
from numspec.sandbox.geo_nanp import nxx_plan
from numspec.sandbox.server import EmbeddedSandbox, start_embedded


def area_codes(count: int) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for city, _, npa, _ in nxx_plan():
        seen.setdefault(npa, city.country)
    return sorted((npa, country) for npa, country in seen.items())[:count]


def write_inventory(directory: Path, groups: int, per_group: int) -> Path:
    lines = ["version: 1", 'account_id: "9900000"', "sites:"]
    codes = area_codes(groups)
    for site in range(min(5, groups)):  # sites 1001-1005, none left without a group
        lines += [f"  site-{site + 1}:", f'    site_id: "100{site + 1}"', "    groups:"]
        for npa, country in codes[site::5]:
            group = f'quantity: {per_group}, country: {country}, area_code: "{npa}"'
            lines.append(f"      npa-{npa}: {{{group}}}")
    path = directory / "inventory.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def client(box: EmbeddedSandbox, rate: float) -> BandwidthClient:
    return BandwidthClient(
        rate_limit=rate,
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
    )


def stats(box: EmbeddedSandbox) -> dict[str, int]:
    with urllib.request.urlopen(f"{box.url}/_sandbox/stats", timeout=10) as response:
        return dict(json.loads(response.read())["requests"])


def round_trip(api: BandwidthClient) -> float:
    """Time one order of one number from POST to a final state, polling every 50 ms."""
    (found,) = api.search(SearchQuery.of({"countryCodeA3": "USA", "areaCode": "919"}, 1))
    started = time.monotonic()
    order = api.create_order(NumbersOrder("1005", "bench-round-trip", "bench", (found.number,)))
    while api.get_order(order.order_id).status not in FINAL:
        time.sleep(0.05)
    return time.monotonic() - started


def run(
    latency: float, race_rate: float, groups: int, per_group: int, rate: float, reserve: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        box = start_embedded(
            Path(tmp) / "sandbox.sqlite3", order_latency=latency, race_rate=race_rate
        )
        api = client(box, rate)
        try:
            inventory = load_inventory(write_inventory(Path(tmp), groups, per_group))
            trip = round_trip(api)
            plan = make_plan(inventory, api)
            before = stats(box)
            started = time.monotonic()
            marks: dict[str, float] = {}

            def mark(event: ApplyEvent) -> None:
                marks[event.kind] = time.monotonic() - started

            options = ApplyOptions(reserve=reserve)
            report = apply(plan, inventory, api, options=options, events=mark)
            wall = time.monotonic() - started
            after = stats(box)
            routes = {k: v - before.get(k, 0) for k, v in after.items() if "/_sandbox/" not in k}
            requests = sum(routes.values())
        finally:
            api.close()
            box.stop()
    ordered = sum(g.ordered for g in report.groups)
    orders = sum(len(g.orders) for g in report.groups)
    print(
        f"race_rate={race_rate:.1f} latency={latency:.1f}s client rate {rate:g}/s"
        f"{' --reserve' if reserve else ''}: {ordered} numbers in {orders} orders "
        f"over {len(report.groups)} groups, converged={report.converged}\n"
        f"  wall {wall:.2f}s vs one order round trip {trip:.2f}s = {wall / trip:.2f}x "
        f"(target < 3x)\n"
        f"  {requests} API requests (incl. the final recount) = "
        f"{requests / max(ordered, 1):.3f} per number ordered\n"
        f"  last POST at {marks.get('ordering', 0):.2f}s, last group done at "
        f"{marks.get('done', 0):.2f}s"
    )
    for route, count in sorted(routes.items(), key=lambda kv: -kv[1]):
        if count:
            print(f"    {count:5d}  {route}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--per-group", type=int, default=20)
    parser.add_argument(
        "--rate",
        type=float,
        action="append",
        help=f"client requests/s (default: {SANDBOX_RATE_LIMIT:g}, the --sandbox rate)",
    )
    parser.add_argument(
        "--race", type=float, action="append", help="sandbox race rates (default: 0 and 0.2)"
    )
    parser.add_argument("--reserve", action="store_true", help="apply --reserve")
    args = parser.parse_args()
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    for rate in args.rate or (SANDBOX_RATE_LIMIT,):
        for race_rate in args.race or (0.0, 0.2):
            run(args.latency, race_rate, args.groups, args.per_group, rate, args.reserve)


if __name__ == "__main__":
    main()
