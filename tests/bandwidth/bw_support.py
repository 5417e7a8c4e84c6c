"""Support for the client tests: a fake clock, a client factory, golden XML, what was sent."""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import responses
from lxml import etree

from numspec.bandwidth.client import BandwidthClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
API = "https://api.test.invalid/api/v2"
TOKEN_URL = "https://api.test.invalid/api/v1/oauth2/token"
ACCOUNT = "9900000"
ACCT = f"{API}/accounts/{ACCOUNT}"
SECRET = "s3cr3t-value-never-shown"
EPOCH = 1_700_000_000.0


def fixture(name: str) -> bytes:
    """Return a golden XML sample from tests/fixtures."""
    return (FIXTURES / name).read_bytes()


class FakeTime:
    """A monotonic clock, a wall clock and a sleep that only advance time (tests are instant)."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.t

    def now(self) -> float:
        return EPOCH + self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += max(0.0, seconds)


def add_token(rsps: responses.RequestsMock, token: str = "tok-1", expires_in: int = 3600) -> None:
    """Register one token-endpoint reply."""
    rsps.add(
        responses.POST,
        TOKEN_URL,
        body=json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": expires_in}),
        content_type="application/json",
    )


def make_client(fake_time: FakeTime, **kwargs: object) -> BandwidthClient:
    """Return a client with fake time and a seeded jitter source."""
    options: dict[str, object] = {
        "account_id": ACCOUNT,
        "api_url": API,
        "token_url": TOKEN_URL,
        "client_id": "my-client",
        "client_secret": SECRET,
        "rate_limit": 1000.0,
        "sleep": fake_time.sleep,
        "clock": fake_time.clock,
        "now": fake_time.now,
        "rng": random.Random(7),
    }
    options.update(kwargs)
    return BandwidthClient(**options)  # type: ignore[arg-type]


def api_calls(rsps: responses.RequestsMock) -> list[responses.Call]:
    """Return the calls made to the API (not the token endpoint)."""
    return [c for c in rsps.calls if not c.request.url.startswith(TOKEN_URL)]


def path_of(call: responses.Call) -> str:
    return urlsplit(call.request.url).path


def query_of(call: responses.Call) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(call.request.url).query, keep_blank_values=True))


def xml_of(call: responses.Call) -> etree._Element:
    body = call.request.body
    assert isinstance(body, bytes)
    return etree.fromstring(body)


def texts(root: etree._Element, xpath: str) -> list[str]:
    return [str(t) for t in root.xpath(xpath)]
