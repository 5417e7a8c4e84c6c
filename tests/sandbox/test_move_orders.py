"""moveTns: move orders between sites and locations, their errors, listing, races and limits."""

from __future__ import annotations

import requests
from sandbox_api import Api, xml


def _move(api: Api, numbers: list[str], site: str, peer: str | None = None, coid: str = "m-1"):  # type: ignore[no-untyped-def]
    tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers)
    peer_el = f"<SipPeerId>{peer}</SipPeerId>" if peer else ""
    return api.post(
        "/moveTns",
        f"<MoveTnsOrder><CustomerOrderId>{coid}</CustomerOrderId><SiteId>{site}</SiteId>"
        f"{peer_el}<TelephoneNumbers>{tns}</TelephoneNumbers></MoveTnsOrder>",
    )


def _held(api: Api, count: int, site: str = "1001") -> list[str]:
    numbers = api.search(areaCode="919", quantity=count)
    r = api.order(numbers, site=site)
    assert api.wait(r.headers["Location"]).findtext("OrderStatus") == "COMPLETE"
    return numbers


def _wait_move(api: Api, location: str):  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + 10
    while True:
        doc = xml(api.get(location))
        if doc.findtext("ProcessingStatus") not in ("RECEIVED", "PROCESSING"):
            return doc
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _on(api: Api, site: str, peer: str) -> list[str]:
    r = api.get(f"/sites/{site}/sippeers/{peer}/tns")
    if not r.content:
        return []
    doc = xml(r)
    return sorted(e.text or "" for e in doc.iter("FullNumber"))


def test_a_move_takes_numbers_to_another_site_and_lists_them(api: Api) -> None:
    numbers = _held(api, 2)
    r = _move(api, numbers, "1002", coid="move-a")
    assert r.status_code == 201, r.text
    created = xml(r)
    assert created.tag == "MoveTnsOrderResponse"
    assert created.findtext("MoveTnsOrder/ProcessingStatus") == "RECEIVED"
    order_id = created.findtext("MoveTnsOrder/OrderId")
    assert r.headers["Location"].endswith(f"/moveTns/{order_id}")
    done = _wait_move(api, r.headers["Location"])
    assert done.tag == "MoveTnsOrder"
    assert done.findtext("ProcessingStatus") == "COMPLETE"
    assert done.findtext("SipPeerId") == "2002"  # the site's default location
    assert _on(api, "1002", "2002") == sorted(numbers)
    assert _on(api, "1001", "2001") == []
    listed = xml(api.get("/moveTns", customerOrderId="move-a"))
    assert listed.findtext("TotalCount") == "1"
    assert listed.findtext("MoveTnsOrderSummary/OrderId") == order_id
    assert listed.findtext("MoveTnsOrderSummary/OrderStatus") == "COMPLETE"
    assert listed.findtext("MoveTnsOrderSummary/CountOfTNs") == "2"
    assert xml(api.get("/moveTns", tn=numbers[0])).findtext("TotalCount") == "1"
    assert xml(api.get("/moveTns", customerOrderId="other")).findtext("TotalCount") == "0"
    assert xml(api.get("/moveTns", status="PARTIAL")).findtext("TotalCount") == "0"
    history = xml(api.get(f"/moveTns/{order_id}/history"))
    assert [e.text for e in history.iter("Status")] == ["received", "processing", "complete"]
    # Numbers orders never list move orders.
    assert all(e.text != order_id for e in xml(api.get("/orders")).iter("orderId"))


def test_a_move_between_locations_of_one_site(api: Api) -> None:
    numbers = _held(api, 1)
    r = api.post("/sites/1001/sippeers", "<SipPeer><PeerName>second</PeerName></SipPeer>")
    assert r.status_code == 201, r.text
    peer = r.headers["Location"].rsplit("/", 1)[1]
    done = _wait_move(api, _move(api, numbers, "1001", peer).headers["Location"])
    assert done.findtext("ProcessingStatus") == "COMPLETE"
    assert _on(api, "1001", peer) == numbers


def test_bad_site_location_and_sizes_are_refused_at_once(api: Api) -> None:
    r = _move(api, ["+19195550100"], "7777", "1")
    assert r.status_code == 400
    doc = xml(r)
    assert doc.findtext("ProcessingStatus") == "FAILED"
    assert [e.findtext("Code") for e in doc.findall("Errors")] == ["7309", "7312"]
    r = _move(api, ["+19195550100"], "1001", "2002")  # 2002 belongs to site 1002
    assert r.status_code == 400 and xml(r).findtext("Errors/Code") == "7312"
    too_many = [f"+1919{i:07d}" for i in range(5001)]
    assert _move(api, too_many, "1001").status_code == 400
    assert _move(api, [], "1001").status_code == 400
    assert _move(api, ["+1919"], "1001", coid="bad_id!").status_code == 400
    assert xml(api.get("/moveTns")).findtext("TotalCount") == "0"


def test_a_number_not_active_makes_a_partial_move_with_7518(api: Api) -> None:
    numbers = _held(api, 1)
    stranger = api.search(areaCode="984", quantity=1)[0]
    done = _wait_move(api, _move(api, [*numbers, stranger], "1003").headers["Location"])
    assert done.findtext("ProcessingStatus") == "PARTIAL"
    assert done.findtext("Errors/Error/Code") == "7518"
    assert [e.text for e in done.findall("Errors/Error/TelephoneNumbers/TelephoneNumber")] == [
        stranger
    ]
    assert _on(api, "1003", "2003") == numbers


def test_a_number_disconnected_while_the_move_waits_is_not_moved(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory()
    api = Api(box)
    numbers = _held(api, 2)
    config = box.url + "/_sandbox/config"
    requests.post(config, json={"order_latency": 1.0}).raise_for_status()
    moving = _move(api, numbers, "1002")
    requests.post(config, json={"order_latency": 0.05}).raise_for_status()
    gone = api.disconnect(numbers[:1])
    assert gone.status_code == 201
    api.wait(gone.headers["Location"])
    done = _wait_move(api, moving.headers["Location"])
    assert done.findtext("ProcessingStatus") == "PARTIAL"
    assert [e.text for e in done.findall("Errors/Error/TelephoneNumbers/TelephoneNumber")] == [
        numbers[0]
    ]
    assert _on(api, "1002", "2002") == numbers[1:]


def test_races_disconnect_or_move_numbers_elsewhere(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory()
    api = Api(box)
    numbers = _held(api, 6)
    requests.post(box.url + "/_sandbox/config", json={"race_rate": 1.0}).raise_for_status()
    done = _wait_move(api, _move(api, numbers, "1003").headers["Location"])
    assert done.findtext("ProcessingStatus") == "FAILED"
    failed = [e.text for e in done.findall("Errors/Error/TelephoneNumbers/TelephoneNumber")]
    assert failed == numbers
    elsewhere = _on(api, "1002", "2002")  # neither where they were nor the target
    assert _on(api, "1003", "2003") == [] and _on(api, "1001", "2001") == []
    assert 0 < len(elsewhere) < 6  # some moved by someone else, the others disconnected


def test_move_orders_have_their_own_rate_limit_bucket(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(rate_limits={"MOVE_TNS": 0.5}))
    assert api.get("/moveTns").status_code == 200
    limited = api.get("/moveTns")
    assert limited.status_code == 429 and "X-RateLimit-Reset" in limited.headers
    assert api.get("/orders").status_code in (200, 204)  # another bucket: not limited
