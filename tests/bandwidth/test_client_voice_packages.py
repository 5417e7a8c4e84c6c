"""The voice package endpoints: host root, paging, chunked bulk assignment, safe retries."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import pytest
import responses
from bw_support import SECRET, FakeTime, add_token, make_client

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.voice_packages import BULK_CHUNK, voice_root
from numspec.errors import ApiError, ConfigError

ROOT = "https://api.test.invalid/v2/accounts/9900000"
VCP = "d21315af-9b5b-4b45-a6f4-9106cbfe87d1"
VOICE = f"{ROOT}/phoneNumbers/voice"
BULK = f"{ROOT}/voiceConfigurationPackages/{VCP}/phoneNumbers/bulk"


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"+1919555{i:04d}" for i in range(start, start + n)]


def page(items: list[str], cursor: str | None) -> dict[str, object]:
    data = [{"phoneNumber": n, "voiceConfigurationPackageId": VCP} for n in items]
    return {"links": [], "data": data, "errors": [], "page": {"afterCursor": cursor}}


def test_the_root_is_the_api_host_without_its_path_unless_overridden() -> None:
    assert voice_root("https://api.bandwidth.com/api/v2") == "https://api.bandwidth.com"
    assert voice_root("http://127.0.0.1:8089/api/v2") == "http://127.0.0.1:8089"
    assert voice_root("https://x/api/v2", "https://proxy.example/bw/") == "https://proxy.example/bw"
    with pytest.raises(ConfigError, match="BANDWIDTH_VOICE_API_URL"):
        voice_root("https://x/api/v2", "ftp://nope")


def test_from_env_reads_the_override(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "BANDWIDTH_CLIENT_ID": "id",
        "BANDWIDTH_CLIENT_SECRET": "secret",
        "BANDWIDTH_VOICE_API_URL": "https://voice.example",
    }
    with BandwidthClient.from_env("9900000", env) as c:
        assert c.voice_packages._url("x") == "https://voice.example/v2/accounts/9900000/x"


def test_list_and_get_packages_send_json_with_the_bearer_token(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    one = {"voiceConfigurationPackageId": VCP, "name": "Main", "httpVoiceV2ApplicationId": "a1"}
    rsps.get(f"{ROOT}/voiceConfigurationPackages", json={"links": [], "data": [one], "errors": []})
    rsps.get(f"{ROOT}/voiceConfigurationPackages/{VCP}", json={"data": one})
    missing = "00000000-0000-4000-8000-000000000000"
    rsps.get(
        f"{ROOT}/voiceConfigurationPackages/{missing}",
        status=404,
        json={"data": None, "errors": [{"type": "NOT_FOUND", "description": "not found"}]},
    )
    vp = client.voice_packages
    listed = vp.list_packages()
    assert [(p.id, p.name, p.app_id) for p in listed] == [(VCP, "Main", "a1")]
    assert vp.get_package(VCP) == listed[0]
    assert vp.get_package(missing) is None
    sent = rsps.calls[1].request
    assert sent.headers["Authorization"] == "Bearer tok-1"
    assert sent.headers["Accept"] == "application/json"


def test_package_numbers_follow_the_cursor_with_the_largest_page(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(VOICE, json=page(numbers(2), "c1"))
    rsps.get(VOICE, json=page(numbers(2, 2), "c2"))
    rsps.get(VOICE, json=page(numbers(1, 4), None))
    assert list(client.voice_packages.iter_package_numbers(VCP)) == numbers(5)
    queries = [dict(parse_qsl(urlsplit(c.request.url).query)) for c in rsps.calls[1:]]
    assert queries[0] == {"voiceConfigurationPackageId": VCP, "limit": "1000"}
    assert [q.get("afterCursor") for q in queries] == [None, "c1", "c2"]
    assert all(urlsplit(c.request.url).path.startswith("/v2/") for c in rsps.calls[1:])


def test_a_repeated_cursor_stops_the_listing_with_an_error(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(VOICE, json=page(numbers(1), "same"))
    rsps.get(VOICE, json=page(numbers(1, 1), "same"))
    with pytest.raises(ApiError, match="repeated a page cursor"):
        list(client.voice_packages.iter_package_numbers(VCP))


def test_bulk_assignment_goes_in_chunks_of_the_largest_size(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(BULK, body="null", content_type="application/json")
    wanted = numbers(BULK_CHUNK * 2 + 5)
    result = client.voice_packages.assign(VCP, wanted + wanted[:3])  # duplicates sent once
    bodies = [json.loads(c.request.body) for c in rsps.calls[1:]]
    assert [len(b["phoneNumbers"]) for b in bodies] == [BULK_CHUNK, BULK_CHUNK, 5]
    assert {b["action"] for b in bodies} == {"ADD"}
    assert result.ok and list(result.sent) == wanted


def test_a_partial_bulk_failure_keeps_going_and_names_the_numbers(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.post(BULK, body="null", content_type="application/json")
    rsps.post(
        BULK,
        status=400,
        json={"data": None, "errors": [{"type": "VALIDATION", "description": "bad numbers"}]},
    )
    rsps.post(BULK, body="null", content_type="application/json")
    wanted = numbers(BULK_CHUNK * 2 + 1)
    result = client.voice_packages.assign(VCP, wanted)
    assert list(result.sent) == wanted[:BULK_CHUNK] + wanted[-1:]
    assert list(result.failed) == wanted[BULK_CHUNK : 2 * BULK_CHUNK]
    assert "VALIDATION: bad numbers" in result.errors[0]


def test_a_fault_on_the_bulk_call_is_retried_because_adding_twice_is_harmless(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.post(BULK, status=503)
    rsps.post(BULK, status=500)
    rsps.post(BULK, body="null", content_type="application/json")
    result = client.voice_packages.assign(VCP, numbers(3))
    assert result.ok
    assert len(rsps.calls) == 4  # token + three attempts
    assert len(fake_time.sleeps) == 2


def test_a_fault_that_outlasts_the_retries_fails_the_chunk_without_secrets(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps)
    rsps.post(BULK, status=503, body=f"echo {SECRET}")
    with make_client(fake_time, max_retries=2) as c:
        result = c.voice_packages.assign(VCP, numbers(2))
    assert list(result.failed) == numbers(2)
    assert SECRET not in " ".join(result.errors)
