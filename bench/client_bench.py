"""Read 100,000 held numbers from the sandbox through BandwidthClient; print the figures.

    /work/venv/bin/python bench/client_bench.py [--numbers 100000] [--sites 4]

Populates the sandbox (`/_sandbox/populate`) across a few sites, then reads every held number
twice: per location (`sippeers/{p}/tns`, 5000 a page) and with attributes (`/tns`, 2500 a page).
Prints requests made (from `/_sandbox/stats`), pages, wall time, parse time per 1,000 numbers,
and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numspec.bandwidth.exchange as client_module  # where replies are parsed
from numspec.bandwidth import parse
from numspec.bandwidth.client import BandwidthClient
from numspec.sandbox.server import EmbeddedSandbox, start_embedded


class ParseTimer:
    """Wrap the client's XML parse and reply->model steps and add up their time."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any], *, materialise: bool = False) -> Callable[..., Any]:
        def timed(*args: Any) -> Any:
            start = time.perf_counter()
            result = fn(*args)
            if materialise:
                result = list(result)
            self.seconds += time.perf_counter() - start
            return iter(result) if materialise else result

        return timed


def admin(box: EmbeddedSandbox, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{box.url}{path}", data=data, method="POST" if data else "GET")
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=600) as reply:
        return json.loads(reply.read())


def measure(
    box: EmbeddedSandbox, label: str, read: Callable[[BandwidthClient], Iterator[Any]]
) -> None:
    timer = ParseTimer()
    originals = (client_module.parse_xml, parse.location_numbers, parse.number_details)
    client_module.parse_xml = timer.wrap(originals[0])  # type: ignore[assignment]
    parse.location_numbers = timer.wrap(originals[1], materialise=True)  # type: ignore[assignment]
    parse.number_details = timer.wrap(originals[2], materialise=True)  # type: ignore[assignment]
    try:
        with connect(box) as api:
            api.list_sites()  # fetch the token outside the timed part
            admin(box, "/_sandbox/reset-stats", {})
            start = time.perf_counter()
            count = sum(1 for _ in read(api))
            wall = time.perf_counter() - start
    finally:
        client_module.parse_xml, parse.location_numbers, parse.number_details = originals  # type: ignore[assignment]
    requests = admin(box, "/_sandbox/stats")["requests"]
    api_requests = {k: v for k, v in requests.items() if "/_sandbox/" not in k}
    pages = sum(v for k, v in api_requests.items() if k.endswith("/tns"))
    print(f"\n== {label}")
    print(f"numbers read           {count:,}")
    print(f"requests (sandbox)     {sum(api_requests.values())}  {json.dumps(api_requests)}")
    print(f"pages                  {pages}")
    print(f"wall time              {wall:.2f} s")
    print(
        f"parse time             {timer.seconds:.2f} s  "
        f"({timer.seconds / count * 1000 * 1000:.1f} ms per 1,000 numbers)"
    )
    print(f"other (HTTP + server)  {wall - timer.seconds:.2f} s")


def connect(box: EmbeddedSandbox) -> BandwidthClient:
    return BandwidthClient(
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
        rate_limit=1000.0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=4)
    args = parser.parse_args()
    print(
        f"machine  {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        setup = time.perf_counter()
        box = start_embedded(Path(tmp) / "bench.sqlite3")
        try:
            sites = [f"100{i + 1}" for i in range(args.sites)]
            per_site = args.numbers // len(sites)
            for i, site in enumerate(sites):
                count = per_site + (args.numbers % len(sites) if i == 0 else 0)
                made = admin(
                    box, "/_sandbox/populate", {"site_id": site, "count": count, "country": "USA"}
                )
                if made["count"] != count:
                    raise SystemExit(f"the pool gave {made['count']} numbers, not {count}")
            print(
                f"setup    {args.numbers:,} numbers on {len(sites)} sites in "
                f"{time.perf_counter() - setup:.1f} s"
            )

            def by_location(api: BandwidthClient) -> Iterator[str]:
                for site in sites:
                    for location in api.list_locations(site):
                        yield from api.iter_location_numbers(site, location.location_id)

            measure(box, "per location: sippeers/{p}/tns, size 5000", by_location)
            measure(
                box,
                "with attributes: /tns?status=Inservice, size 2500",
                lambda api: api.iter_number_details(),
            )
        finally:
            box.stop()


if __name__ == "__main__":
    main()
