"""The sandbox's voice configuration package endpoints (JSON on the host root `/v2/...`)."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from sandbox_api import Api

from numspec.sandbox.server import EmbeddedSandbox

MAIN = "d21315af-9b5b-4b45-a6f4-9106cbfe87d1"
OVERFLOW = "5c0e2b7a-3f41-4d8e-9a62-1b7f0c9d2e45"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


class Voice:
    """Requests to the platform's JSON endpoints with the sandbox's bearer token."""

    def __init__(self, api: Api) -> None:
        self.http = api.http
        self.root = api.box.url + "/v2/accounts/9900000"
        self.api = api

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self.root + path, params=params)

    def send(self, method: str, path: str, body: Any) -> requests.Response:
        return self.http.request(method, self.root + path, json=body)

    def numbers(self, package: str | None = None, limit: int = 1000) -> list[str]:
        found: list[str] = []
        params: dict[str, Any] = {"limit": limit}
        if package:
            params["voiceConfigurationPackageId"] = package
        while True:
            r = self.get("/phoneNumbers/voice", **params)
            assert r.status_code == 200, r.text
            found += [d["phoneNumber"] for d in r.json()["data"]]
            cursor = r.json()["page"].get("afterCursor")
            if not cursor:
                return found
            params["afterCursor"] = cursor

    def populate(self, count: int) -> list[str]:
        r = requests.post(
            self.api.box.url + "/_sandbox/populate", json={"site_id": "1001", "count": count}
        )
        assert r.status_code == 200, r.text
        first, last = r.json()["first"], r.json()["last"]
        held = [n for n in self.numbers() if first <= n <= last]
        assert len(held) == count
        return held


@pytest.fixture
def voice(api: Api) -> Voice:
    return Voice(api)


def test_the_demo_account_has_two_seeded_packages(voice: Voice) -> None:
    r = voice.get("/voiceConfigurationPackages")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    ids = [p["voiceConfigurationPackageId"] for p in r.json()["data"]]
    assert ids == [MAIN, OVERFLOW]
    one = voice.get(f"/voiceConfigurationPackages/{MAIN}").json()["data"]
    assert one["name"] == "Main voice"


def test_unknown_packages_are_404_with_an_error_in_the_envelope(voice: Voice) -> None:
    for r in (
        voice.get(f"/voiceConfigurationPackages/{UNKNOWN}"),
        voice.get("/phoneNumbers/voice", voiceConfigurationPackageId=UNKNOWN),
        voice.send("PATCH", f"/voiceConfigurationPackages/{UNKNOWN}", {"name": "x"}),
        voice.send("DELETE", f"/voiceConfigurationPackages/{UNKNOWN}", None),
        voice.send(
            "POST",
            f"/voiceConfigurationPackages/{UNKNOWN}/phoneNumbers/bulk",
            {"action": "ADD", "phoneNumbers": ["+19195550100"]},
        ),
    ):
        assert r.status_code == 404, r.text
        assert r.json()["data"] is None
        assert UNKNOWN in r.json()["errors"][0]["description"]


def test_create_update_and_delete_a_package(voice: Voice) -> None:
    r = voice.send("POST", "/voiceConfigurationPackages", {"name": "Night", "description": "d"})
    assert r.status_code == 201
    pid = r.json()["data"]["voiceConfigurationPackageId"]
    r = voice.send(
        "PATCH", f"/voiceConfigurationPackages/{pid}", {"httpVoiceV2ApplicationId": "a-1"}
    )
    assert r.json()["data"]["httpVoiceV2ApplicationId"] == "a-1"
    assert r.json()["data"]["name"] == "Night"  # untouched
    assert voice.send("DELETE", f"/voiceConfigurationPackages/{pid}", None).status_code == 204
    assert voice.get(f"/voiceConfigurationPackages/{pid}").status_code == 404
    assert voice.send("POST", "/voiceConfigurationPackages", {}).status_code == 400


def test_bulk_assign_moves_numbers_and_repeating_it_changes_nothing(voice: Voice) -> None:
    held = voice.populate(5)
    bulk = f"/voiceConfigurationPackages/{MAIN}/phoneNumbers/bulk"
    for _ in range(2):
        r = voice.send("POST", bulk, {"action": "ADD", "phoneNumbers": held[:3]})
        assert r.status_code == 200 and r.json() is None
    assert voice.numbers(MAIN) == held[:3]
    voice.send(
        "POST",
        f"/voiceConfigurationPackages/{OVERFLOW}/phoneNumbers/bulk",
        {"action": "ADD", "phoneNumbers": held[2:4]},
    )
    assert voice.numbers(MAIN) == held[:2]
    assert voice.numbers(OVERFLOW) == held[2:4]
    # A package in use cannot be deleted.
    assert voice.send("DELETE", f"/voiceConfigurationPackages/{MAIN}", None).status_code == 409


def test_bulk_assign_is_all_or_nothing_and_bounded(voice: Voice) -> None:
    held = voice.populate(2)
    bulk = f"/voiceConfigurationPackages/{MAIN}/phoneNumbers/bulk"
    r = voice.send("POST", bulk, {"action": "ADD", "phoneNumbers": [*held, "+19195550000"]})
    assert r.status_code == 400
    assert "+19195550000" in r.json()["errors"][0]["description"]
    assert voice.numbers(MAIN) == []
    too_many = [f"+1919555{i:04d}" for i in range(1001)]
    r = voice.send("POST", bulk, {"action": "ADD", "phoneNumbers": too_many})
    assert r.status_code == 400 and "at most 1000" in r.text
    assert voice.send("POST", bulk, {"action": "REMOVE", "phoneNumbers": held}).status_code == 400


def test_numbers_listing_pages_with_an_opaque_cursor(voice: Voice) -> None:
    held = voice.populate(7)
    voice.send(
        "POST",
        f"/voiceConfigurationPackages/{OVERFLOW}/phoneNumbers/bulk",
        {"action": "ADD", "phoneNumbers": held},
    )
    first = voice.get("/phoneNumbers/voice", voiceConfigurationPackageId=OVERFLOW, limit=3).json()
    assert len(first["data"]) == 3 and first["page"]["afterCursor"]
    assert voice.numbers(OVERFLOW, limit=3) == held
    assert voice.get("/phoneNumbers/voice", limit=1001).status_code == 400
    assert voice.get("/phoneNumbers/voice", afterCursor="nonsense").status_code == 400


def test_orders_record_their_package_and_disconnects_clear_it(voice: Voice, api: Api) -> None:
    number = api.search(areaCode="919", quantity=1)[0]
    r = api.order(
        [number], extra=f"<VoiceConfigurationPackageId>{MAIN}</VoiceConfigurationPackageId>"
    )
    assert r.status_code == 201, r.text
    api.wait(r.headers["Location"])
    assert voice.numbers(MAIN) == [number]
    r = api.disconnect([number])
    api.wait(r.headers["Location"])
    assert voice.numbers(MAIN) == []


def test_the_package_routes_need_the_bearer_token_and_meet_faults(
    sandbox_factory: Any,
) -> None:
    box: EmbeddedSandbox = sandbox_factory(fault_rate=1.0)
    r = requests.get(box.url + "/v2/accounts/9900000/voiceConfigurationPackages")
    assert r.status_code == 401
    voice = Voice(Api(box))
    assert voice.get("/voiceConfigurationPackages").status_code in (429, 500, 503)
