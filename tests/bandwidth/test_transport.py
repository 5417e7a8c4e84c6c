"""Retries, rate limits, timeouts, auth and logging, as a user of the client would notice them."""

from __future__ import annotations

import logging
import socket

import pytest
import requests
import responses
from bw_support import ACCT, SECRET, TOKEN_URL, FakeTime, add_token, api_calls, fixture, make_client

from numspec.bandwidth.client import BandwidthClient
from numspec.errors import AuthError, RateLimitError, ServerError, TransportError

XML = "application/xml"
SITES = f"{ACCT}/sites"


def sites_ok(rsps: responses.RequestsMock) -> None:
    rsps.get(SITES, body=fixture("sites.xml"), content_type=XML)


def test_every_request_carries_connect_and_read_timeouts(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps)
    sites_ok(rsps)
    with make_client(fake_time, connect_timeout=2.5, read_timeout=11.0) as client:
        client.list_sites()
    assert [c.request.req_kwargs["timeout"] for c in rsps.calls] == [(2.5, 11.0), (2.5, 11.0)]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_transient_5xx_is_retried_after_a_backoff(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime, status: int
) -> None:
    rsps.get(SITES, status=status)
    sites_ok(rsps)
    assert len(client.list_sites()) == 2
    assert len(fake_time.sleeps) == 1 and 0.25 <= fake_time.sleeps[0] <= 0.5


def test_5xx_retries_are_bounded_in_count_with_growing_backoff(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.get(SITES, status=503, body=b"")
    with pytest.raises(ServerError) as e:
        client.list_sites()
    assert len(api_calls(rsps)) == 7  # 1 + max_retries (6)
    assert len(fake_time.sleeps) == 6
    assert fake_time.sleeps == sorted(fake_time.sleeps)  # exponential, jitter within each step
    assert e.value.status == 503 and e.value.path == "/api/v2/accounts/9900000/sites"


def test_5xx_retries_are_bounded_in_total_time(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps)
    rsps.get(SITES, status=500)
    with make_client(fake_time, max_retry_seconds=2.0) as client, pytest.raises(ServerError):
        client.list_sites()
    assert sum(fake_time.sleeps) <= 2.0
    assert len(api_calls(rsps)) < 7


def test_a_501_is_not_retried(client: BandwidthClient, rsps: responses.RequestsMock) -> None:
    rsps.get(SITES, status=501)
    with pytest.raises(ServerError):
        client.list_sites()
    assert len(api_calls(rsps)) == 1


def test_a_dropped_connection_on_a_get_is_retried(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.get(SITES, body=requests.ConnectionError("Connection aborted."))
    sites_ok(rsps)
    assert len(client.list_sites()) == 2
    assert len(fake_time.sleeps) == 1


def test_429_waits_until_the_rate_limit_reset(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    reset = int(fake_time.now()) + 7
    rsps.get(SITES, status=429, headers={"X-RateLimit-Reset": str(reset)})
    sites_ok(rsps)
    client.list_sites()
    waited = sum(fake_time.sleeps)
    assert reset - (fake_time.now() - waited) <= waited <= reset - (fake_time.now() - waited) + 0.3
    assert 7.0 <= waited <= 7.3


def test_429_honours_retry_after_when_present(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.get(
        SITES,
        status=429,
        headers={"Retry-After": "3", "X-RateLimit-Reset": str(int(fake_time.now()) + 50)},
    )
    sites_ok(rsps)
    client.list_sites()
    assert 3.0 <= sum(fake_time.sleeps) <= 3.3


def test_429_wait_is_capped(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.get(SITES, status=429, headers={"X-RateLimit-Reset": str(int(fake_time.now()) + 3600)})
    sites_ok(rsps)
    client.list_sites()
    assert sum(fake_time.sleeps) <= 60.3


def test_a_429_storm_rides_out_more_429s_than_the_error_retry_count(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    def storm(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        if len(api_calls(rsps)) < 20:  # calls made before this one
            return 429, {"X-RateLimit-Reset": str(int(fake_time.now()) + 1)}, b""
        return 200, {"Content-Type": XML}, fixture("sites.xml")

    rsps.add_callback(responses.GET, SITES, callback=storm)
    assert len(client.list_sites()) == 2
    assert len(api_calls(rsps)) == 21
    assert len(fake_time.sleeps) >= 20


def test_a_429_storm_that_never_ends_gives_up_within_the_time_budget(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.add_callback(
        responses.GET,
        SITES,
        callback=lambda r: (429, {"X-RateLimit-Reset": str(int(fake_time.now()) + 10)}, b""),
    )
    start = fake_time.clock()
    with pytest.raises(RateLimitError) as e:
        client.list_sites()
    assert fake_time.clock() - start <= 120.0
    assert e.value.status == 429


def test_429_without_headers_backs_off(
    client: BandwidthClient, rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.get(SITES, status=429)
    sites_ok(rsps)
    client.list_sites()
    assert 0.25 <= sum(fake_time.sleeps) <= 0.5


def test_the_client_side_rate_limit_spaces_requests(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps)
    sites_ok(rsps)
    with make_client(fake_time, rate_limit=2.0) as client:
        for _ in range(6):
            client.list_sites()
    # 7 requests (the token too): a burst of 2, then one every 0.5 s
    assert sum(fake_time.sleeps) == pytest.approx(2.5, abs=0.01)


def test_connection_refused_names_the_host_and_no_secret(fake_time: FakeTime) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client(
        fake_time,
        api_url=f"http://127.0.0.1:{port}/api/v2",
        token_url=f"http://127.0.0.1:{port}/api/v1/oauth2/token",
        max_retries=1,
    )
    with client, pytest.raises(TransportError) as e:
        client.list_sites()
    assert f"127.0.0.1:{port}" in str(e.value)
    assert "refused" in str(e.value)
    assert SECRET not in str(e.value) and SECRET not in repr(client)


def test_token_is_fetched_once_with_basic_auth_and_the_form_body(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    sites_ok(rsps)
    client.list_sites()
    client.list_sites()
    token_calls = [c for c in rsps.calls if c.request.url == TOKEN_URL]
    assert len(token_calls) == 1
    sent = token_calls[0].request
    assert sent.headers["Authorization"].startswith("Basic ")
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.body == b"grant_type=client_credentials"


def test_a_token_expiring_mid_run_is_refreshed_a_minute_early(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    add_token(rsps, "tok-1")
    sites_ok(rsps)
    with make_client(fake_time) as client:
        client.list_sites()
        fake_time.t += 3500  # 100 s left: still good
        client.list_sites()
        rsps.replace(responses.POST, TOKEN_URL, json={"access_token": "tok-2", "expires_in": 3600})
        fake_time.t += 50  # 50 s left: inside the 60 s margin
        client.list_sites()
    used = [c.request.headers["Authorization"] for c in api_calls(rsps)]
    assert used == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]


def test_a_401_refreshes_the_token_once_and_retries(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(SITES, status=401)
    sites_ok(rsps)
    add_token(rsps, "tok-2")  # the token endpoint's second answer
    sites = client.list_sites()
    assert len([c for c in rsps.calls if c.request.url == TOKEN_URL]) == 2
    used = [c.request.headers["Authorization"] for c in api_calls(rsps)]
    assert used == ["Bearer tok-1", "Bearer tok-2"]  # the retry carries the new token
    assert [s.site_id for s in sites] == ["1001", "1002"]


def test_still_401_after_refresh_is_an_auth_error_naming_the_variables(
    client: BandwidthClient, rsps: responses.RequestsMock
) -> None:
    rsps.get(SITES, status=401)
    with pytest.raises(AuthError) as e:
        client.list_sites()
    assert "BANDWIDTH_CLIENT_ID" in str(e.value) and "BANDWIDTH_CLIENT_SECRET" in str(e.value)
    assert len(api_calls(rsps)) == 2


def test_403_is_an_auth_error(client: BandwidthClient, rsps: responses.RequestsMock) -> None:
    rsps.get(SITES, status=403, body=b"")
    with pytest.raises(AuthError, match="BANDWIDTH_CLIENT_SECRET"):
        client.list_sites()


def test_refused_credentials_at_the_token_endpoint(
    rsps: responses.RequestsMock, fake_time: FakeTime
) -> None:
    rsps.post(
        TOKEN_URL,
        status=401,
        json={"error": "invalid_client", "error_description": f"bad secret {SECRET}"},
    )
    with make_client(fake_time) as client, pytest.raises(AuthError) as e:
        client.list_sites()
    assert "BANDWIDTH_CLIENT_ID" in str(e.value)
    assert SECRET not in str(e.value)
    assert e.value.code == "invalid_client"
    assert not api_calls(rsps)


def test_a_failing_token_endpoint_that_echoes_the_secret_does_not_show_it(
    rsps: responses.RequestsMock, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    echo = {"error": "server_error", "error_description": f"could not check {SECRET}"}
    rsps.post(TOKEN_URL, status=500, json=echo)
    rsps.post(TOKEN_URL, status=500, json=echo)
    with caplog.at_level(logging.DEBUG, logger="numspec.bandwidth"):
        with make_client(fake_time, max_retries=1) as client, pytest.raises(ServerError) as e:
            client.list_sites()
    assert e.value.code == "server_error" and "could not check ***" in str(e.value)
    assert SECRET not in str(e.value) and SECRET not in e.value.body
    assert "retrying in" in caplog.text and "response body:" in caplog.text
    assert SECRET not in caplog.text


def test_info_log_has_one_line_per_request_without_secrets(
    client: BandwidthClient, rsps: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    rsps.get(SITES, status=503)
    sites_ok(rsps)
    with caplog.at_level(logging.INFO, logger="numspec.bandwidth"):
        client.list_sites()
    lines = [r.getMessage() for r in caplog.records if "->" in r.getMessage()]
    assert lines[0].startswith(f"POST {TOKEN_URL} -> 200 in ")
    assert lines[1].startswith(f"GET {SITES} -> 503 in ")
    assert lines[1].endswith("ms (retry 0)")
    assert lines[2].endswith("ms (retry 1)")
    assert all(r.name.startswith("numspec.bandwidth") for r in caplog.records)
    assert "tok-1" not in caplog.text and SECRET not in caplog.text


def test_debug_log_shows_bodies_with_tokens_redacted(
    client: BandwidthClient, rsps: responses.RequestsMock, caplog: pytest.LogCaptureFixture
) -> None:
    sites_ok(rsps)
    with caplog.at_level(logging.DEBUG, logger="numspec.bandwidth"):
        client.list_sites()
    assert "<SitesResponse>" in caplog.text
    assert '"access_token": "***"' in caplog.text
    assert "tok-1" not in caplog.text and SECRET not in caplog.text
