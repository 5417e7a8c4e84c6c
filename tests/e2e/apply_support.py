"""Helpers for apply's end-to-end tests: inventories, environments, and what the account holds."""

from __future__ import annotations

import json
import os
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from numspec.bandwidth.client import BandwidthClient
from numspec.reconcile.model import Plan
from numspec.reconcile.plan import make_plan
from numspec.sandbox.server import EmbeddedSandbox
from numspec.spec import load_inventory

ORDERS_ROUTE = "POST /api/v2/accounts/{accountId}/orders"

GROUPS = """\
      raleigh: {quantity: 6, country: USA, area_code: "919"}
      durham: {quantity: 4, country: USA, state: NC, rate_center: DURHAM}
      npanxx: {quantity: 5, country: USA, npa_nxx: "919555", lca: false}
"""


def write_inventory(directory: Path, groups: str = GROUPS, policy: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "inventory.yaml"
    path.write_text(
        f'version: 1\naccount_id: "9900000"\n{policy}\nsites:\n  us-sales:\n'
        f'    site_id: "1001"\n    groups:\n{groups}',
        encoding="utf-8",
    )
    return path


def env_for(box: EmbeddedSandbox) -> dict[str, str]:
    return {
        "BANDWIDTH_API_URL": box.api_url,
        "BANDWIDTH_TOKEN_URL": box.token_url,
        "BANDWIDTH_CLIENT_ID": box.client_id,
        "BANDWIDTH_CLIENT_SECRET": box.client_secret,
    }


def subprocess_env(box: EmbeddedSandbox) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANDWIDTH_")}
    return {**env, **env_for(box)}


def client(box: EmbeddedSandbox, rate_limit: float = 10.0) -> BandwidthClient:
    return BandwidthClient(
        rate_limit=rate_limit,
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
    )


def admin(box: EmbeddedSandbox, route: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{box.url}/_sandbox/{route}", data=data, method="POST" if data else "GET"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read() or b"null")


def posts(box: EmbeddedSandbox) -> int:
    return int(admin(box, "stats")["requests"].get(ORDERS_ROUTE, 0))


def fresh_plan(box: EmbeddedSandbox, inventory: Path) -> Plan:
    api = client(box)
    try:
        return make_plan(load_inventory(inventory), api)
    finally:
        api.close()


def completed_counts(box: EmbeddedSandbox) -> Counter[str]:
    """How many orders of the account completed each number (more than 1: a duplicate)."""
    api = client(box)
    try:
        counts: Counter[str] = Counter()
        for summary in api.list_orders():
            counts.update(api.get_order(summary.order_id).completed_numbers)
        return counts
    finally:
        api.close()


def assert_exact(box: EmbeddedSandbox, inventory: Path) -> None:
    """Every group holds exactly its quantity, nothing extra, no number ordered twice."""
    plan = fresh_plan(box, inventory)
    for group in plan.groups:
        assert (group.address, group.held, group.pending) == (group.address, group.desired, 0)
        assert group.surplus == ()
    assert all(not u.numbers for u in plan.unclaimed)
    counts = completed_counts(box)
    assert [n for n, c in counts.items() if c > 1] == []
    assert sum(counts.values()) == sum(g.desired for g in plan.groups)
