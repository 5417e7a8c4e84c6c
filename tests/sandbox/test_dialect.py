"""The sandbox speaks both dialects: the real captures' shapes and the Order Numbers guide's."""

from __future__ import annotations

import re

import requests
from sandbox_api import Api, xml
from support.sandbox import admin, populate

from numspec.sandbox.dialect import CAPTURED, MIXED, SEED, captured


def test_seed_orders_say_completed_and_echo_everything(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(dialect=SEED))
    number = api.search(areaCode="919", quantity=1)[0]
    created = api.order([number])
    assert xml(created).findtext("OrderStatus") == "RECEIVED"
    done = api.wait(created.headers["Location"])
    assert done.findtext("OrderStatus") == "COMPLETED"
    assert [e.text for e in done.iterfind("CompletedNumbers/FullNumber")] == [number]
    assert done.find("ErrorList") is not None
    admin(api.box, "config", {"race_rate": 1.0})
    other = api.search(areaCode="919", quantity=1)
    failed = api.wait(api.order(other).headers["Location"])
    assert failed.findtext("OrderStatus") == "FAILED"
    echoed = failed.iterfind("Order/ExistingTelephoneNumberOrderType/TelephoneNumberList/*")
    assert [e.text for e in echoed] == other
    assert failed.findtext("Summary") is not None
    empty = api.get("/orders", page=1, size=10, customerOrderId="nobody")
    assert (empty.status_code, xml(empty).findtext("ListOrderIdUserIdDate/TotalCount")) == (
        200,
        "0",
    )
    assert xml(api.get("/tns/+19999999999")).findtext("ResponseStatus/ErrorCode") == "12510"


def test_captured_orders_echo_no_numbers_once_failed(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(dialect=CAPTURED, race_rate=1.0))
    numbers = api.search(areaCode="919", quantity=2)
    failed = api.wait(api.order(numbers).headers["Location"])
    assert failed.findtext("OrderStatus") == "FAILED"
    kind = failed.find("Order/ExistingTelephoneNumberOrderType")
    assert kind is not None and len(kind) == 0
    assert failed.find("CompletedNumbers") is None and failed.find("Summary") is None
    assert sorted(e.text or "" for e in failed.iterfind("FailedNumbers/FullNumber")) == sorted(
        numbers
    )
    admin(api.box, "config", {"race_rate": 0.0})
    other = api.search(areaCode="919", quantity=1)
    done = api.wait(api.order(other).headers["Location"])
    assert done.findtext("OrderStatus") == "COMPLETE" and done.find("ErrorList") is None
    assert done.findtext("CompletedNumbers/TelephoneNumber/CountryCodeA3") == "USA"
    unknown = api.get("/tns/+19999999999")
    assert xml(unknown).findtext("ResponseStatus/ErrorCode") == "15610"


def test_captured_listings_use_the_captured_forms(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(dialect=CAPTURED))
    populate(api.box, "1001", 3)
    page = api.get("/inserviceNumbers", page=1, size=1)
    assert re.search(r"page=\+1\d{10}", xml(page).findtext("Links/next") or "")
    number = xml(page).findtext("TelephoneNumbers/TelephoneNumber") or ""
    assert api.disconnect([number], "d-1").status_code == 201
    listed = xml(api.get("/disconnects", page=1, size=10))
    date = listed.findtext("ListOrderIdUserIdDate/OrderIdUserIdDate/OrderDate") or ""
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z", date), date
    # A parameter name spelled otherwise than documented is not recognised.
    assert (
        xml(api.get("/disconnects", page=1, size=10, customerorderid="nobody")).findtext(
            "ListOrderIdUserIdDate/TotalCount"
        )
        == "1"
    )
    assert api.get("/disconnects", page=1, size=10, customerOrderId="nobody").status_code == 404


def test_mixed_picks_per_reply_and_reproduces_from_the_seed() -> None:
    picks = [captured(MIXED, 0, "order", f"id-{i}", "COMPLETE") for i in range(40)]
    assert True in picks and False in picks
    assert picks == [captured(MIXED, 0, "order", f"id-{i}", "COMPLETE") for i in range(40)]
    assert picks != [captured(MIXED, 1, "order", f"id-{i}", "COMPLETE") for i in range(40)]
    assert all(captured(CAPTURED, 0, i) for i in range(5))
    assert not any(captured(SEED, 0, i) for i in range(5))


def test_an_unknown_dialect_is_refused(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory()
    reply = requests.post(f"{box.url}/_sandbox/config", json={"dialect": "klingon"}, timeout=10)
    assert reply.status_code == 400 and "captured, seed, mixed" in reply.text


def test_a_non_nanp_number_outside_the_allowed_countries_is_5257_when_captured(
    sandbox_factory,  # type: ignore[no-untyped-def]
) -> None:
    for dialect, code in ((CAPTURED, "5257"), (SEED, "4014")):
        api = Api(sandbox_factory(dialect=dialect, allowed_countries=["USA"]))
        row = api.box.backend.store.conn.execute(
            "SELECT number FROM numbers WHERE country = 'GBR' LIMIT 1"
        ).fetchone()
        refused = api.order([row[0]])
        assert (refused.status_code, xml(refused).findtext("ErrorList/Error/Code")) == (400, code)


def test_the_seed_dialect_takes_any_status_list_the_captured_only_documented_values(
    sandbox_factory,  # type: ignore[no-untyped-def]
) -> None:
    seed = Api(sandbox_factory(dialect=SEED))
    seed.order(seed.search(areaCode="919", quantity=1))
    listed = seed.get("/orders", page=1, size=10, status="RECEIVED,PROCESSING,COMPLETED")
    assert xml(listed).findtext("ListOrderIdUserIdDate/TotalCount") == "1"
    captured_api = Api(sandbox_factory(dialect=CAPTURED))
    assert captured_api.get("/orders", page=1, size=10, status="complete").status_code == 204
    assert captured_api.get("/orders", page=1, size=10, status="RECEIVED").status_code == 400
