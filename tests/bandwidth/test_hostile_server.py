"""The client against misbehaving servers on 127.0.0.1: each attack ends in one clear error or
a correct result, in bounded time and memory, and never shows a secret."""

from __future__ import annotations

import base64
import json
import logging
import socket
import time
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from support.hostile import (
    ACCOUNT,
    ACCOUNT_PATH,
    CLIENT_ID,
    SECRET,
    TOKEN,
    TOKEN_PATH,
    Handler,
    HostileServer,
    endless_chunks,
    one_byte_a_second,
    reply,
    token_route,
    xml,
)

from numspec import redaction
from numspec.bandwidth.client import BandwidthClient
from numspec.errors import ApiError, AuthError, NotFoundError, TransportError

SITES = f"GET {ACCOUNT_PATH}/sites"
TNS = f"GET {ACCOUNT_PATH}/sites/1001/sippeers/2001/tns"
INSERVICE = f"GET {ACCOUNT_PATH}/inserviceNumbers"
BASIC = base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()


@pytest.fixture(autouse=True)
def _clean_secrets() -> Iterator[None]:
    redaction.forget_all()
    yield
    redaction.forget_all()


def client_for(server: HostileServer, **options: Any) -> BandwidthClient:
    settings: dict[str, Any] = {
        "account_id": ACCOUNT,
        "api_url": server.api_url,
        "token_url": server.token_url,
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "rate_limit": 1000.0,
        "max_retries": 0,
        "request_deadline": 1.0,
        **options,
    }
    return BandwidthClient(**settings)


def shows_no_secret(text: str) -> bool:
    return all(s not in text for s in (TOKEN, SECRET, BASIC))


def test_a_redirect_on_a_listing_is_an_error_naming_the_url_and_variable() -> None:
    moved = {SITES: lambda h: reply(h, 301, Location="https://elsewhere.example/sites")}
    with HostileServer(moved) as server, client_for(server) as client:
        with pytest.raises(ApiError) as e:
            client.list_sites()
    message = str(e.value)
    assert "301, a redirect to https://elsewhere.example/sites" in message
    assert f"{server.api_url}/accounts/{ACCOUNT}/sites" in message
    assert "check BANDWIDTH_API_URL" in message


def test_a_redirect_from_the_token_endpoint_names_the_token_variable() -> None:
    found = lambda h: reply(h, 302, Location="/login")  # noqa: E731
    with HostileServer({}, token=found) as server, client_for(server) as client:
        with pytest.raises(ApiError) as e:
            client.list_sites()
    assert "302, a redirect to" in str(e.value) and "-> 302" in str(e.value)
    assert f"{server.token_url}" in str(e.value) and "check BANDWIDTH_TOKEN_URL" in str(e.value)
    assert [c.split()[0] for c in server.calls] == ["POST"]  # no API call was made


def test_a_captive_portal_page_is_an_error_not_an_empty_listing() -> None:
    page = b"<html><body>Please log in to the hotel Wi-Fi</body></html>"
    portal = {SITES: lambda h: reply(h, 200, page, "text/html; charset=utf-8")}
    with HostileServer(portal) as server, client_for(server) as client:
        with pytest.raises(ApiError) as e:
            client.list_sites()
    assert "answered with text/html, not XML" in str(e.value)
    assert "check BANDWIDTH_API_URL" in str(e.value)


def test_xml_that_is_not_a_bandwidth_reply_is_an_error() -> None:
    proxy = {SITES: xml("<Error><Message>proxy says no</Message></Error>")}
    with HostileServer(proxy) as server, client_for(server) as client:
        with pytest.raises(ApiError, match=r"<Error> document, not a Bandwidth reply"):
            client.list_sites()


def test_an_html_token_reply_names_the_token_variable() -> None:
    page = lambda h: reply(h, 200, b"<html>sign in</html>", "text/html")  # noqa: E731
    with HostileServer({}, token=page) as server, client_for(server) as client:
        with pytest.raises(ApiError, match="not JSON.*check BANDWIDTH_TOKEN_URL"):
            client.list_sites()


def test_a_404_without_a_bandwidth_error_names_the_api_variable() -> None:
    with HostileServer({}) as server, client_for(server) as client:
        with pytest.raises(NotFoundError) as e:
            client.list_sites()
    assert "not found; check BANDWIDTH_API_URL and the account id" in str(e.value)
    assert f"{server.api_url}/accounts/{ACCOUNT}/sites -> 404" in str(e.value)


def _tns_page(numbers: list[str], cursor: str | None, count: int | None = None) -> str:
    entries = "".join(
        f"<SipPeerTelephoneNumber><FullNumber>{n}</FullNumber></SipPeerTelephoneNumber>"
        for n in numbers
    )
    total = f"<TotalCount>{count}</TotalCount>" if count is not None else ""
    link = (
        f'<Links><next>Link=&lt;http://x/tns?page={cursor}&amp;size=5000&gt;;rel="next";</next>'
        "</Links>"
        if cursor
        else ""
    )
    return (
        f"<SipPeerTelephoneNumbersResponse>{total}<SipPeerTelephoneNumbers>{entries}"
        f"</SipPeerTelephoneNumbers>{link}</SipPeerTelephoneNumbersResponse>"
    )


def test_a_number_listed_on_two_pages_is_counted_once_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def pages(h: Handler) -> None:
        if "page=1" in h.path:
            reply(h, 200, _tns_page(["+19195550100", "+19195550101"], "2").encode())
        else:
            reply(h, 200, _tns_page(["+19195550101"], None).encode())

    with HostileServer({TNS: pages}) as server, client_for(server) as client:
        with caplog.at_level(logging.WARNING):
            numbers = list(client.iter_location_numbers("1001", "2001"))
    assert numbers == ["+19195550100", "+19195550101"]
    assert "named 1 entries more than once; each is counted once" in caplog.text


def test_a_next_link_back_to_the_same_page_counts_its_numbers_once() -> None:
    loop = {TNS: xml(_tns_page(["+19195550100", "+19195550101"], "1"))}
    with HostileServer(loop) as server, client_for(server) as client:
        numbers = list(client.iter_location_numbers("1001", "2001"))
    assert numbers == ["+19195550100", "+19195550101"]
    assert len(server.calls) == 3  # token, page 1, page 1 again (then the loop is seen)


def test_a_listing_with_a_fresh_cursor_for_ever_is_refused_at_its_reported_count() -> None:
    served = iter(range(10**6))

    def forever(h: Handler) -> None:
        n = next(served)
        body = (
            "<TNs><TotalCount>2</TotalCount><Links><next>Link=&lt;http://x/i?page="
            f'{n}&amp;size=1000&gt;;rel="next";</next></Links><TelephoneNumbers>'
            f"<TelephoneNumber>+1919555{n:04d}</TelephoneNumber></TelephoneNumbers></TNs>"
        )
        reply(h, 200, body.encode())

    started = time.monotonic()
    with HostileServer({INSERVICE: forever}) as server, client_for(server) as client:
        with pytest.raises(ApiError, match="refusing it as inconsistent"):
            list(client.iter_inservice_numbers())
    assert time.monotonic() - started < 5
    assert len(server.calls) <= 4  # the token and at most 3 pages


def test_an_endless_chunked_body_stops_at_the_cap_in_bounded_memory() -> None:
    tracemalloc.start()
    try:
        with HostileServer({SITES: endless_chunks}) as server:
            with client_for(server, request_deadline=30.0) as client:
                with pytest.raises(ApiError, match="reply is too large"):
                    client.list_sites()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


def test_a_huge_declared_body_is_refused_before_reading() -> None:
    def huge(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.send_header("Content-Length", str(2 * 1024**3))
        h.end_headers()
        h.wfile.write(b"<SitesResponse>")

    with HostileServer({SITES: huge}) as server, client_for(server) as client:
        with pytest.raises(ApiError, match=r"too large \(declares 2147483648 bytes\)"):
            client.list_sites()


@pytest.mark.parametrize("headers_too", [False, True], ids=["slow-body", "slow-headers"])
def test_a_slowloris_server_is_cut_off_at_the_request_deadline(headers_too: bool) -> None:
    slow = {SITES: lambda h: one_byte_a_second(h, headers_too=headers_too)}
    started = time.monotonic()
    with HostileServer(slow) as server, client_for(server, request_deadline=1.0) as client:
        with pytest.raises(TransportError) as e:
            client.list_sites()
    assert time.monotonic() - started < 5
    assert "no complete reply within 1 s" in str(e.value)


def test_the_run_deadline_bounds_every_request_after_it() -> None:
    slow = {SITES: one_byte_a_second}
    started = time.monotonic()
    with HostileServer(slow) as server, client_for(server, request_deadline=60.0) as client:
        client.limit_run(1.0)
        with pytest.raises(TransportError):
            client.list_sites()
        with pytest.raises(TransportError, match="--timeout ran out"):
            client.list_sites()
    assert time.monotonic() - started < 5


def test_an_error_body_echoing_the_bearer_token_and_credential_shows_neither() -> None:
    def echo(h: Handler) -> None:
        said = f"bad request from {h.headers['Authorization']} ({TOKEN}, {BASIC})"
        body = f"<ErrorResponse><ResponseStatus><ErrorCode>1</ErrorCode><Description>{said}"
        reply(h, 400, (body + "</Description></ResponseStatus></ErrorResponse>").encode())

    with HostileServer({SITES: echo}) as server, client_for(server) as client:
        with pytest.raises(ApiError) as e:
            client.list_sites()
    assert "bad request from" in str(e.value)
    assert shows_no_secret(str(e.value)) and shows_no_secret(e.value.body)
    assert shows_no_secret(e.value.description or "")


def test_a_token_endpoint_echoing_the_base64_credential_does_not_show_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def echo(h: Handler) -> None:
        said = f"got {h.headers['Authorization']} {BASIC}"
        body = json.dumps({"error": "invalid_client", "error_description": said})
        reply(h, 401, body.encode(), "application/json")

    with HostileServer({}, token=echo) as server, client_for(server) as client:
        with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as e:
            client.list_sites()
    assert "got Basic ***" in str(e.value)
    assert shows_no_secret(str(e.value)) and shows_no_secret(caplog.text)


def test_a_token_with_a_line_break_is_refused_without_showing_it() -> None:
    evil = token_route("abc\r\nX-Injected: yes-evil-part")
    with HostileServer({}, token=evil) as server, client_for(server) as client:
        with pytest.raises(AuthError) as e:
            client.list_sites()
    message = str(e.value)
    assert "characters a header cannot carry" in message and "\n" not in message
    assert "evil" not in message and "abc" not in message
    assert [c.split()[0] for c in server.calls] == ["POST"]


def test_a_refused_connection_fails_fast_with_a_notice_and_the_variable(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = BandwidthClient(
        account_id=ACCOUNT,
        api_url=f"http://127.0.0.1:{port}/api/v2",
        token_url=f"http://127.0.0.1:{port}{TOKEN_PATH}",
        client_id=CLIENT_ID,
        client_secret=SECRET,
    )  # the default retry budget: 6 retries, 120 s
    started = time.monotonic()
    with client, caplog.at_level(logging.WARNING), pytest.raises(TransportError) as e:
        client.list_sites()
    assert time.monotonic() - started < 3
    assert f"cannot reach 127.0.0.1:{port}, retrying 1/6" in caplog.text
    assert "connection refused" in str(e.value) and "check BANDWIDTH_TOKEN_URL" in str(e.value)
    assert f"http://127.0.0.1:{port}{TOKEN_PATH}" in str(e.value)


def test_an_empty_200_to_a_listing_is_an_error_not_no_sites() -> None:
    blank = {SITES: lambda h: reply(h, 200, b"", "text/plain")}
    with HostileServer(blank) as server, client_for(server) as client:
        with pytest.raises(ApiError, match="200 with an empty body.*check BANDWIDTH_API_URL"):
            client.list_sites()
