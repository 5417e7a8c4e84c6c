"""Helpers for the export and CI-recipe end-to-end tests: populate a sandbox, run the CLI."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from numspec.cli import run
from numspec.sandbox.server import EmbeddedSandbox

# Site -> (country, count): a mix of NANP, Canadian and international holdings.
HOLDINGS = {
    "1001": [("USA", 12), ("CAN", 3)],
    "1002": [("GBR", 4), ("USA", 2)],
    "1003": [("DEU", 3)],
}


def populate(box: EmbeddedSandbox, site_id: str, count: int, country: str = "USA") -> Any:
    body = json.dumps({"site_id": site_id, "count": count, "country": country}).encode()
    request = urllib.request.Request(
        f"{box.url}/_sandbox/populate",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
        return json.loads(response.read())


def populate_mix(box: EmbeddedSandbox) -> int:
    """Put HOLDINGS in service; return how many numbers the account now holds."""
    total = 0
    for site, entries in HOLDINGS.items():
        for country, count in entries:
            total += int(populate(box, site, count, country)["count"])
    return total


def sandbox_env(box: EmbeddedSandbox) -> dict[str, str]:
    """The connection variables that point numspec (and CI recipes) at a running sandbox."""
    return {
        "BANDWIDTH_API_URL": box.api_url,
        "BANDWIDTH_TOKEN_URL": box.token_url,
        "BANDWIDTH_CLIENT_ID": box.client_id,
        "BANDWIDTH_CLIENT_SECRET": box.client_secret,
    }


def numspec(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err
