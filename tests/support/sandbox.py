"""Talk to an EmbeddedSandbox from a test: its connection variables, a client, its admin routes.

Every admin call checks the answer's status, so a setup step that the sandbox refused fails
the test where it happened instead of leaving the world other than the test assumes.
"""

from __future__ import annotations

from typing import Any

import requests

from numspec.bandwidth.client import BandwidthClient
from numspec.sandbox.server import EmbeddedSandbox

ORDERS_ROUTE = "POST /api/v2/accounts/{accountId}/orders"


def env_for(box: EmbeddedSandbox) -> dict[str, str]:
    """The connection variables that point numspec (and CI recipes) at a running sandbox."""
    return {
        "BANDWIDTH_API_URL": box.api_url,
        "BANDWIDTH_TOKEN_URL": box.token_url,
        "BANDWIDTH_CLIENT_ID": box.client_id,
        "BANDWIDTH_CLIENT_SECRET": box.client_secret,
    }


def client(box: EmbeddedSandbox, rate_limit: float = 10.0, **options: Any) -> BandwidthClient:
    """A BandwidthClient on the sandbox's account (close it, or use it as a context manager)."""
    return BandwidthClient(
        rate_limit=rate_limit,
        account_id=box.account_id,
        api_url=box.api_url,
        token_url=box.token_url,
        client_id=box.client_id,
        client_secret=box.client_secret,
        **options,
    )


def admin(box: EmbeddedSandbox, route: str, body: dict[str, Any] | None = None) -> Any:
    """Call `/_sandbox/<route>`: POST `body` as JSON, or GET without one; return the JSON."""
    url = f"{box.url}/_sandbox/{route.removeprefix('/_sandbox/').lstrip('/')}"
    if body is None:
        reply = requests.get(url, timeout=30)
    else:
        reply = requests.post(url, json=body, timeout=60)
    assert reply.ok, f"{route}: {reply.status_code} {reply.text}"
    return reply.json() if reply.content else None


def populate(
    box: EmbeddedSandbox, site_id: str, count: int, country: str = "USA", **filters: str
) -> dict[str, Any]:
    """Put `count` pool numbers in service on a site; `filters`: location_id, type, area_code..."""
    body = {"site_id": site_id, "count": count, "country": country, **filters}
    answer: dict[str, Any] = admin(box, "populate", body)
    assert answer["count"] == count, answer
    return answer


def requests_made(box: EmbeddedSandbox) -> dict[str, int]:
    """How many requests the sandbox answered, by route (`"GET /api/v2/tns"`: 3)."""
    counts: dict[str, int] = admin(box, "stats")["requests"]
    return counts


def posts(box: EmbeddedSandbox) -> int:
    """How many orders were POSTed to the sandbox."""
    return int(requests_made(box).get(ORDERS_ROUTE, 0))
