"""The server around the API: auth, hardening, faults, rate limits, admin routes, restarts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sandbox_api import Api, xml

from numspec.sandbox import wire
from numspec.sandbox.server import EmbeddedSandbox


def test_it_binds_loopback_by_default(sandbox: EmbeddedSandbox) -> None:
    assert sandbox.url.startswith("http://127.0.0.1:")
    assert sandbox.api_url == sandbox.url + "/api/v2"
    assert (sandbox.client_id, sandbox.client_secret, sandbox.account_id) == (
        "sandbox",
        "sandbox",
        "9900000",
    )


def test_api_calls_without_a_valid_token_get_401(sandbox: EmbeddedSandbox) -> None:
    url = sandbox.api_url + "/accounts/9900000/sites"
    assert requests.get(url).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    refused = requests.post(
        sandbox.token_url, auth=("sandbox", "wrong"), data={"grant_type": "client_credentials"}
    )
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_client"


def test_tokens_expire_after_the_token_lifetime(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(token_lifetime=1))
    assert api.get("/sites").status_code == 200
    time.sleep(1.1)
    assert api.get("/sites").status_code == 401


def test_another_account_is_forbidden(api: Api) -> None:
    assert api.get(api.box.api_url + "/accounts/1234567/sites").status_code == 403


def test_bodies_over_one_megabyte_get_413(api: Api) -> None:
    r = api.post("/orders", "<Order>" + "x" * (1024 * 1024 + 1) + "</Order>")
    assert r.status_code == 413


def test_chunked_bodies_over_one_megabyte_get_413_too(api: Api) -> None:
    def chunks(size: int) -> Iterator[bytes]:
        yield b"<Order>"
        for _ in range(size // 65536 + 1):
            yield b"x" * 65536
        yield b"</Order>"

    for path in ("/orders", "/sites", "/sites/1001/sippeers"):  # no Content-Length: chunked
        r = api.http.post(api.account + path, data=chunks(1024 * 1024))
        assert r.status_code == 413, path
    under = api.http.post(api.account + "/orders", data=chunks(512 * 1024))
    # read whole and well-formed: refused only for the SiteId it lacks
    assert under.status_code == 400 and xml(under).findtext("ErrorList/Error/Code") == "5022"


def test_malformed_xml_gets_the_apis_400_shape(api: Api) -> None:
    r = api.post("/orders", "<Order><SiteId>1001</Order>")
    assert r.status_code == 400
    assert xml(r).tag == "OrderResponse" and xml(r).findtext("ErrorList/Error/Code")


def test_entity_expansion_is_refused(api: Api) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE Order [<!ENTITY a "1234567890">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Order><Name>&b;</Name></Order>'
    )
    r = api.post("/orders", bomb)
    assert r.status_code == 400
    assert b"1234567890" not in r.content
    external = (
        '<?xml version="1.0"?><!DOCTYPE Order [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<Order><Name>&x;</Name></Order>"
    )
    r = api.post("/orders", external)
    assert r.status_code == 400 and b"root:" not in r.content


def test_the_request_parser_refuses_a_body_over_the_bound_itself() -> None:
    with pytest.raises(wire.XmlError, match="over"):
        wire.parse(b"<Order>" + b"x" * wire.MAX_BODY + b"</Order>")


def test_fault_rate_one_fails_api_calls_but_not_admin_or_token(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(fault_rate=1.0)
    api = Api(box)  # the token endpoint is never faulted
    statuses = [api.get("/sites") for _ in range(30)]
    assert {r.status_code for r in statuses} == {500, 503, 429}
    limited = [r for r in statuses if r.status_code == 429]
    assert all(int(r.headers["X-RateLimit-Reset"]) >= int(time.time()) for r in limited)
    assert requests.get(box.url + "/_sandbox/stats").status_code == 200


def test_faulted_order_posts_are_sometimes_stored_though_the_reply_is_lost(
    sandbox_factory,  # type: ignore[no-untyped-def]
) -> None:
    box = sandbox_factory(fault_rate=1.0)
    api = Api(box)
    numbers = [
        r[0]
        for r in box.backend.store.conn.execute(
            "SELECT number FROM numbers WHERE status = 'Available' AND area_code = '919' LIMIT 20"
        )
    ]
    for i, n in enumerate(numbers):
        assert api.order([n], extra=f"<CustomerOrderId>lost-{i}</CustomerOrderId>").status_code in (
            500,
            503,
            429,
        )
    requests.post(box.url + "/_sandbox/config", json={"fault_rate": 0.0})
    stored = xml(api.get("/orders", page=1, size=100)).findtext("ListOrderIdUserIdDate/TotalCount")
    assert 0 < int(stored or 0) < 20


def test_rate_limit_per_bucket_answers_429_with_reset(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(rate_limits={"SEARCH": 2.0})
    api = Api(box)
    codes = [api.get("/availableNumbers", areaCode="919", quantity=1) for _ in range(6)]
    assert [r.status_code for r in codes].count(429) >= 3
    assert all("X-RateLimit-Reset" in r.headers for r in codes if r.status_code == 429)
    assert api.get("/sites").status_code == 200  # another bucket


def test_config_route_reads_and_changes_switches(sandbox: EmbeddedSandbox) -> None:
    url = sandbox.url + "/_sandbox/config"
    assert requests.get(url).json()["order_latency"] == 0.1
    changed = requests.post(url, json={"race_rate": 0.25, "rate_limits": {"ORDER": 5}})
    assert changed.json()["race_rate"] == 0.25 and changed.json()["rate_limits"] == {"ORDER": 5}
    assert requests.post(url, json={"nonsense": 1}).status_code == 400
    assert requests.post(url, json={"fault_rate": 2}).status_code == 400


def test_request_latency_holds_every_api_answer_back_and_is_a_runtime_switch(api: Api) -> None:
    url = api.box.url + "/_sandbox/config"
    assert requests.get(url).json()["request_latency"] == 0.0
    assert requests.post(url, json={"request_latency": -1}).status_code == 400
    assert requests.post(url, json={"request_latency": 0.3}).json()["request_latency"] == 0.3
    try:
        started = time.monotonic()
        assert api.search(areaCode="919", quantity=1)
        assert time.monotonic() - started >= 0.3
    finally:
        requests.post(url, json={"request_latency": 0.0}).raise_for_status()


def test_stats_count_requests_by_route_template_and_orders_by_status(api: Api) -> None:
    box = api.box
    requests.post(box.url + "/_sandbox/reset-stats", json={})
    numbers = api.search(areaCode="919", quantity=1)
    api.wait(api.order(numbers).headers["Location"])
    stats = requests.get(box.url + "/_sandbox/stats").json()
    assert stats["requests"]["GET /api/v2/accounts/{accountId}/availableNumbers"] == 1
    assert stats["requests"]["POST /api/v2/accounts/{accountId}/orders"] == 1
    assert stats["requests"]["GET /api/v2/accounts/{accountId}/orders/{orderId}"] >= 1
    assert stats["orders"] == {"COMPLETE": 1}


def test_populate_puts_numbers_in_service_and_listings_page_through_them(api: Api) -> None:
    box = api.box
    r = requests.post(
        box.url + "/_sandbox/populate", json={"site_id": "1003", "count": 1000, "country": "USA"}
    )
    assert r.json()["count"] == 1000
    assert api.get("/sites/1004/inserviceNumbers").status_code == 204
    seen: list[str] = []
    url: str | None = api.account + "/sites/1003/inserviceNumbers?page=1&size=300"
    while url:
        doc = xml(api.get(url))
        assert doc.findtext("TotalCount") == "1000"
        seen += [e.text or "" for e in doc.findall("TelephoneNumbers/TelephoneNumber")]
        nxt = doc.findtext("Links/next")
        url = nxt.split("<", 1)[1].split(">", 1)[0] if nxt else None
    assert len(seen) == len(set(seen)) == 1000
    tns = xml(api.get("/sites/1003/sippeers/2003/tns", page=1, size=5000))
    assert len(tns.findall("SipPeerTelephoneNumbers/SipPeerTelephoneNumber")) == 1000
    assert (
        xml(api.get("/tns", accountId="9900000", page=1, size=10)).findtext("TelephoneNumberCount")
        == "1000"
    )
    assert api.get("/tns", accountId="9900000", page=1, size=2501).status_code == 400


def test_tns_counts_follow_changes_and_filters_and_cursors_narrow_the_listing(api: Api) -> None:
    box = api.box

    def populate(count: int, **filters: str) -> None:
        body = {"site_id": "1002", "count": count, "country": "USA", **filters}
        requests.post(box.url + "/_sandbox/populate", json=body).raise_for_status()

    def count(**params: str) -> str | None:
        doc = xml(api.get("/tns", accountId="9900000", page="1", size="10", **params))
        return doc.findtext("TelephoneNumberCount")

    populate(300)
    assert count() == "300"
    populate(200, area_code="919")  # another connection commits: the remembered count is stale
    assert count() == "500"
    doc = xml(api.get("/tns", accountId="9900000", page="1", size="2500"))
    rows = doc.findall("TelephoneNumbers/TelephoneNumber")
    numbers = [r.findtext("FullNumber") or "" for r in rows]
    assert count(npa="919") == "200"
    assert count(npaNxx=numbers[0][2:8]) == str(sum(n[2:8] == numbers[0][2:8] for n in numbers))
    state = rows[0].findtext("State") or ""
    assert count(state=state) == str(sum(r.findtext("State") == state for r in rows))
    start = numbers[123]
    doc = xml(api.get("/tns", accountId="9900000", page=start, size="5"))
    assert [r.findtext("FullNumber") for r in doc.findall("TelephoneNumbers/TelephoneNumber")] == (
        numbers[123:128]
    )


def test_disconnected_numbers_age_before_anyone_can_order_them(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(aging_period=0.6))
    number = api.search(areaCode="919", quantity=1)[0]
    api.wait(api.order([number]).headers["Location"])
    r = api.disconnect([number, "+19999999999"])
    assert r.status_code == 201 and xml(r).findtext("OrderStatus") == "RECEIVED"
    doc = api.wait(r.headers["Location"])
    assert doc.findtext("OrderStatus") == "PARTIAL"
    assert doc.findtext("DisconnectedTelephoneNumberList/TelephoneNumber") == number
    assert doc.findtext("ErrorList/Error/Code") == "5006"
    assert api.get("/sites/1001/inserviceNumbers").status_code == 204
    assert number not in api.search(areaCode="919", quantity=5000)
    assert xml(api.get(f"/tns/{number}")).findtext("Status") == "Aging"
    time.sleep(0.7)
    assert number in api.search(areaCode="919", quantity=5000)


def test_reserved_numbers_are_ordered_only_with_their_reservation(api: Api) -> None:
    number = api.search(areaCode="919", quantity=1)[0]
    r = api.post("/tnreservation", f"<Reservation><ReservedTn>{number}</ReservedTn></Reservation>")
    assert r.status_code == 201 and not r.content
    rid = r.headers["Location"].rsplit("/", 1)[1]
    got = xml(api.get(f"/tnreservation/{rid}"))
    assert got.findtext("Reservation/ReservedTn") == number
    assert 14000 < int(got.findtext("Reservation/ReservationExpires") or 0) <= 14400
    again = api.post(
        "/tnreservation", f"<Reservation><ReservedTn>{number}</ReservedTn></Reservation>"
    )
    assert (again.status_code, xml(again).findtext("ResponseStatus/ErrorCode")) == (400, "5041")
    assert number not in api.search(areaCode="919", quantity=5000)
    assert api.wait(api.order([number]).headers["Location"]).findtext("OrderStatus") == "FAILED"
    with_id = api.order(
        numbers=None,
        kind=(
            "<ExistingTelephoneNumberOrderType><TelephoneNumberList><TelephoneNumber>"
            f"{number}</TelephoneNumber></TelephoneNumberList><ReservationIdList><ReservationId>"
            f"{rid}</ReservationId></ReservationIdList></ExistingTelephoneNumberOrderType>"
        ),
    )
    assert api.wait(with_id.headers["Location"]).findtext("OrderStatus") == "COMPLETE"


def test_state_survives_a_restart_and_due_orders_finish_while_no_process_runs(
    sandbox_factory,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    db = tmp_path / "kept.sqlite3"
    box = sandbox_factory(db_path=db, order_latency=0.5)
    api = Api(box)
    numbers = api.search(areaCode="919", quantity=2)
    location = api.order(numbers).headers["Location"]
    box.stop()
    time.sleep(0.6)
    again = Api(sandbox_factory(db_path=db))
    doc = xml(again.get(location.replace(box.url, again.box.url)))
    assert doc.findtext("OrderStatus") == "COMPLETE"
    held = xml(again.get("/inserviceNumbers")).findall("TelephoneNumbers/TelephoneNumber")
    assert [e.text for e in held] == numbers


def test_sandbox_serve_prints_listening_and_stops_on_sigterm(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "numspec",
            "sandbox",
            "serve",
            "--port",
            "0",
            "--db",
            str(tmp_path / "s.sqlite3"),
            "--dialect",
            "seed",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("listening on http://127.0.0.1:")
        url = line.split()[-1]
        assert requests.get(url + "/_sandbox/stats").status_code == 200
        assert requests.get(url + "/_sandbox/config").json()["dialect"] == "seed"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def test_a_reply_lost_after_storing_is_never_a_429() -> None:
    from numspec.sandbox.switches import FaultInjector

    injector = FaultInjector(seed=0)
    faults = [injector.draw(1.0, may_lose_reply=True) for _ in range(300)]
    lost = [f for f in faults if f is not None and f.after_commit]
    assert 100 < len(lost) < 200
    assert {f.status for f in lost} == {500, 503}
