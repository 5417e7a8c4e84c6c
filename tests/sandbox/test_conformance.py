"""Every endpoint answers with the element names, nesting, order and status of the golden samples.

The goldens (tests/fixtures/sandbox/) are written from the public captured samples, and these
tests run the sandbox in its `captured` dialect (tests/sandbox/conftest.py): `COMPLETE`, not the
Order Numbers guide's `COMPLETED`. The seed dialect's shapes: test_dialect.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from lxml import etree
from sandbox_api import Api, xml
from support.sandbox import admin, populate

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "sandbox"


def _paths(node: etree._Element, prefix: str = "") -> set[str]:
    here = f"{prefix}/{node.tag}"
    found = {here}
    for child in node:
        found |= _paths(child, here)
    return found


def _order_of(node: etree._Element) -> list[str]:
    return list(dict.fromkeys(c.tag for c in node))


def _assert_same_order(got: etree._Element, gold: etree._Element) -> None:
    common = [t for t in _order_of(gold) if got.find(t) is not None]
    assert [t for t in _order_of(got) if t in common] == common, got.tag
    for child in gold:
        mine = got.find(child.tag)
        if mine is not None and len(child):
            _assert_same_order(mine, child)


def conforms(response: requests.Response, golden: str, status: int = 200) -> etree._Element:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/xml")
    got = xml(response)
    gold = etree.parse(str(GOLDEN / golden)).getroot()
    assert got.tag == gold.tag
    missing = _paths(gold) - _paths(got)
    assert not missing, f"{golden}: missing {sorted(missing)}"
    _assert_same_order(got, gold)
    return got


def test_search_shapes(shared_api: Api) -> None:
    conforms(shared_api.get("/availableNumbers", areaCode="919", quantity=2), "search_list.xml")
    conforms(
        shared_api.get("/availableNumbers", areaCode="919", quantity=1, enableTNDetail="true"),
        "search_detail.xml",
    )
    conforms(shared_api.get("/availableNumbers", city="RALEIGH"), "search_error.xml", 400)


def test_order_shapes_complete_and_refused(shared_api: Api) -> None:
    number = shared_api.search(areaCode="919", quantity=1)[0]
    created = shared_api.order([number], extra="<CustomerOrderId>123456789</CustomerOrderId>")
    conforms(created, "order_created.xml", 201)
    shared_api.wait(created.headers["Location"])
    doc = conforms(shared_api.get(created.headers["Location"]), "order_complete.xml")
    assert doc.findtext("OrderStatus") == "COMPLETE"
    conforms(shared_api.order([number], site="9999"), "order_error_400.xml", 400)
    other = shared_api.search(areaCode="919", quantity=1)
    shared_api.order(other, extra="<CustomerOrderId>123456789</CustomerOrderId>")
    conforms(
        shared_api.get("/orders", page=1, size=1, customerOrderId="123456789"), "orders_list.xml"
    )


def test_order_shapes_partial_and_failed(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    api = Api(sandbox_factory(race_rate=0.5, seed=0))
    numbers = api.search(areaCode="919", quantity=20)
    partial = api.order(numbers)
    api.wait(partial.headers["Location"])
    assert (
        conforms(api.get(partial.headers["Location"]), "order_partial.xml").findtext("OrderStatus")
        == "PARTIAL"
    )
    admin(api.box, "config", {"race_rate": 1.0})
    failed = api.order(api.search(areaCode="919", quantity=1))
    api.wait(failed.headers["Location"])
    conforms(api.get(failed.headers["Location"]), "order_failed.xml")


def test_holdings_shapes(api: Api) -> None:
    populate(api.box, "1001", 3)
    conforms(api.get("/inserviceNumbers", page=1, size=1), "inservice.xml")
    conforms(api.get("/sites/1001/inserviceNumbers", page=1, size=1), "inservice.xml")
    conforms(api.get("/tns", accountId="9900000", page=1, size=1, status="Inservice"), "tns.xml")
    number = xml(api.get("/inserviceNumbers")).findtext("TelephoneNumbers/TelephoneNumber")
    conforms(api.get(f"/tns/{number}/tndetails"), "tndetails.xml")
    conforms(api.get("/sites/1001/sippeers/2001/tns", page=1, size=5000), "sippeer_tns.xml")
    conforms(api.get("/sites"), "sites.xml")
    conforms(api.get("/sites/1001/sippeers"), "sippeers.xml")


def test_disconnect_shapes(api: Api) -> None:
    populate(api.box, "1001", 1)
    number = xml(api.get("/inserviceNumbers")).findtext("TelephoneNumbers/TelephoneNumber") or ""
    created = api.disconnect([number])
    conforms(created, "disconnect_created.xml", 201)
    api.wait(created.headers["Location"])
    conforms(api.get(created.headers["Location"]), "disconnect_complete.xml")
    failed = api.disconnect([number])
    api.wait(failed.headers["Location"])
    conforms(api.get(failed.headers["Location"]), "disconnect_failed.xml")


def test_disconnects_are_listed_by_customer_order_id_apart_from_orders(api: Api) -> None:
    populate(api.box, "1001", 2)
    numbers = [
        n.text or "" for n in xml(api.get("/inserviceNumbers")).iterfind(".//TelephoneNumber")
    ]
    coid = "ns-0123456789-abcdef01-1"
    assert api.disconnect(numbers[:1], coid).status_code == 201
    listed = xml(api.get("/disconnects", page=1, size=10, customerOrderId=coid))
    items = listed.findall("ListOrderIdUserIdDate/OrderIdUserIdDate")
    assert [i.findtext("OrderType") for i in items] == ["disconnect"]
    assert items[0].findtext("CountOfTNs") == "1"
    assert api.get("/orders", page=1, size=10).status_code == 204  # no orders: empty listing


def test_reservation_shapes(shared_api: Api) -> None:
    number = shared_api.search(areaCode="984", quantity=1)[0]
    body = f"<Reservation><ReservedTn>{number}</ReservedTn></Reservation>"
    created = shared_api.post("/tnreservation", body)
    assert created.status_code == 201
    conforms(shared_api.get(created.headers["Location"]), "reservation.xml")
    conforms(shared_api.post("/tnreservation", body), "reservation_error.xml", 400)
    assert shared_api.http.delete(created.headers["Location"]).status_code == 200


def test_italy_restrictions_are_the_seed_guides_verbatim(shared_api: Api) -> None:
    got = conforms(shared_api.get("/restrictions", countryCodeA3="ITA"), "restrictions_ita.xml")
    gold = etree.parse(str(GOLDEN / "restrictions_ita.xml")).getroot()
    assert etree.tostring(got) == etree.tostring(gold)


@pytest.mark.parametrize(("country", "count"), [("DEU", 1), ("FRA", 2), ("GBR", 0), ("USA", 0)])
def test_other_countries_restrictions(shared_api: Api, country: str, count: int) -> None:
    doc = xml(shared_api.get("/restrictions", countryCodeA3=country))
    assert len(doc.findall("Restrictions/Restriction")) == count


def test_empty_listings_answer_204(api: Api) -> None:
    assert api.get("/inserviceNumbers").status_code == 204
    assert api.get("/sites/1002/inserviceNumbers").status_code == 204
    assert api.get("/sites/1002/sippeers/2002/tns").status_code == 204
    assert api.get("/orders", page=1, size=10).status_code == 204


def test_an_empty_disconnects_listing_is_a_404_that_is_still_a_listing(api: Api) -> None:
    reply = api.get("/disconnects", page=1, size=10)
    assert reply.status_code == 404
    doc = xml(reply)
    assert doc.tag == "Links" and "page=1" in (doc.findtext("first") or "")


def test_unknown_things_answer_404(api: Api) -> None:
    assert api.get("/orders/nope").status_code == 404
    assert api.get("/sites/9999/sippeers").status_code == 404
    assert api.get("/tnreservation/nope").status_code == 404
    assert xml(api.get("/nowhere")).tag == "ErrorResponse"
