"""Sandbox figures: search latency over the full pool, a 1,000-number in-service page with
100,000 held, and populate of 100,000. Targets: search p50 < 20 ms, page < 50 ms,
populate < 10 s on a 2-core machine.

    python bench/sandbox_bench.py [--searches 300]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import requests

from numspec.sandbox.server import start_embedded

SEARCHES = [
    {"areaCode": "919", "quantity": "100", "enableTNDetail": "true"},
    {"state": "NC", "city": "RALEIGH", "quantity": "100", "enableTNDetail": "true"},
    {"state": "NC", "rateCenter": "DURHAM", "quantity": "100", "enableTNDetail": "true"},
    {"npaNxx": "919555", "LCA": "false", "quantity": "100", "enableTNDetail": "true"},
    {"npaNxx": "919555", "quantity": "100", "enableTNDetail": "true"},
    {"zip": "27601", "quantity": "100", "enableTNDetail": "true"},
    {"lata": "426", "quantity": "100", "enableTNDetail": "true"},
    {"state": "CA", "quantity": "100", "enableTNDetail": "true"},
    {"tollFreeWildCardPattern": "88*", "quantity": "100", "enableTNDetail": "true"},
    {"tollFreeVanity": "FLOWERS", "quantity": "10", "enableTNDetail": "true"},
    {"localVanity": "PIZZA", "areaCode": "919", "quantity": "10", "enableTNDetail": "true"},
    {
        "countryCodeA3": "GBR",
        "phoneNumberType": "GEOGRAPHIC",
        "areaCode": "20",
        "quantity": "100",
        "enableTNDetail": "true",
    },
    {
        "countryCodeA3": "DEU",
        "phoneNumberType": "MOBILE",
        "quantity": "100",
        "enableTNDetail": "true",
    },
]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def session(box_url: str, token_url: str) -> requests.Session:
    s = requests.Session()
    r = s.post(token_url, auth=("sandbox", "sandbox"), data={"grant_type": "client_credentials"})
    s.headers["Authorization"] = "Bearer " + r.json()["access_token"]
    return s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        box = start_embedded(Path(tmp) / "bench.sqlite3", order_latency=0.0)
        print(f"start-up (template ready or built): {time.perf_counter() - t0:.2f} s")
        try:
            run(box.url, box.api_url, box.token_url, args.searches)
        finally:
            box.stop()


def run(url: str, api_url: str, token_url: str, searches: int) -> None:
    s = session(url, token_url)
    account = api_url + "/accounts/9900000"
    times: list[float] = []
    for i in range(searches):
        params = SEARCHES[i % len(SEARCHES)]
        t = time.perf_counter()
        r = s.get(account + "/availableNumbers", params=params)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.text
    print(
        f"search ({searches} requests, {len(SEARCHES)} kinds, up to 100 with detail): "
        f"p50 {statistics.median(times):.1f} ms, p95 {pct(times, 0.95):.1f} ms "
        f"(target p50 < 20 ms)"
    )

    t = time.perf_counter()
    r = s.post(
        url + "/_sandbox/populate", json={"site_id": "1001", "count": 100_000, "country": "USA"}
    )
    print(
        f"populate 100,000: {time.perf_counter() - t:.2f} s (got {r.json()['count']}; "
        "target < 10 s)"
    )

    pages: list[float] = []
    next_url: str | None = account + "/sites/1001/inserviceNumbers?page=1&size=1000"
    while next_url and len(pages) < 100:
        t = time.perf_counter()
        r = s.get(next_url)
        pages.append((time.perf_counter() - t) * 1000)
        text = r.text
        start = text.find("<next>")
        next_url = None
        if start >= 0:
            link = text[start : text.find("</next>")]
            next_url = link.split("&lt;", 1)[1].split("&gt;", 1)[0].replace("&amp;", "&")
    print(
        f"in-service page of 1,000 with 100,000 held ({len(pages)} pages followed): "
        f"p50 {statistics.median(pages):.1f} ms, p95 {pct(pages, 0.95):.1f} ms, "
        f"max {max(pages):.1f} ms (target < 50 ms)"
    )
    print("requests:", s.get(url + "/_sandbox/stats").json()["requests"])


if __name__ == "__main__":
    main()
