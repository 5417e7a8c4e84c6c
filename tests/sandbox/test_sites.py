"""Adding sites and locations (SIP peers) through the API, and populating a chosen location.

Shapes follow the SDKs' fixtures (tests/fixtures/sandbox/README.md, "Sites / SIP peers"): a
create answers 201 with no body and the new id at the end of Location; a refusal is
`<SiteResponse|SipPeerResponse><ResponseStatus><ErrorCode/><Description/>`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from lxml import etree
from sandbox_api import Api, xml

from numspec.sandbox.server import EmbeddedSandbox

SandboxFactory = Callable[..., EmbeddedSandbox]

PEER_GOLDEN = (
    "<SipPeerResponse><SipPeer><PeerId/><PeerName/><Description/><IsDefaultPeer/>"
    "</SipPeer></SipPeerResponse>"
)
ERROR_GOLDEN = "<{root}><ResponseStatus><ErrorCode/><Description/></ResponseStatus></{root}>"


def _tags(node: etree._Element, prefix: str = "") -> list[str]:
    here = f"{prefix}/{node.tag}"
    return [here, *(t for child in node for t in _tags(child, here))]


def same_shape(response: requests.Response, golden: str, status: int) -> etree._Element:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/xml")
    got = xml(response)
    assert _tags(got) == _tags(etree.fromstring(golden))
    return got


def add_site(api: Api, name: str = "Branch", extra: str = "") -> requests.Response:
    return api.post(
        "/sites", f"<Site><Name>{name}</Name><Description>d</Description>{extra}</Site>"
    )


def add_peer(api: Api, site: str, name: str, default: str | None = None) -> requests.Response:
    flag = "" if default is None else f"<IsDefaultPeer>{default}</IsDefaultPeer>"
    return api.post(
        f"/sites/{site}/sippeers",
        f"<SipPeer><PeerName>{name}</PeerName><Description>d</Description>{flag}</SipPeer>",
    )


def created_id(response: requests.Response, path: str) -> str:
    assert response.status_code == 201, response.text
    assert response.content == b""
    location = response.headers["Location"]
    head, _, new_id = location.rpartition("/")
    assert head.endswith(path) and new_id.isdigit()
    return new_id


def populate(box: EmbeddedSandbox, **body: Any) -> requests.Response:
    return requests.post(f"{box.url}/_sandbox/populate", json=body, timeout=30)


def test_a_new_site_gets_the_next_id_and_is_listed(api: Api) -> None:
    site = created_id(add_site(api, "Branch", "<Address><City>Raleigh</City></Address>"), "/sites")
    assert site == "1006"
    assert created_id(add_site(api, "Second"), "/sites") == "1007"
    got = xml(api.get(f"/sites/{site}"))
    assert got.findtext("Site/Name") == "Branch"
    listed = [e.text for e in xml(api.get("/sites")).iter("Id")]
    assert listed[-2:] == ["1006", "1007"]


def test_a_site_starts_without_locations_and_its_first_one_is_the_default(api: Api) -> None:
    site = created_id(add_site(api), "/sites")
    assert xml(api.get(f"/sites/{site}/sippeers")).find("SipPeers/SipPeer") is None
    peer = created_id(add_peer(api, site, "main"), f"/sites/{site}/sippeers")
    assert peer == "2006"
    got = same_shape(api.get(f"/sites/{site}/sippeers/{peer}"), PEER_GOLDEN, 200)
    assert got.findtext("SipPeer/IsDefaultPeer") == "true"


def test_a_second_location_leaves_the_default_alone_unless_it_claims_it(api: Api) -> None:
    second = created_id(add_peer(api, "1001", "second"), "/sites/1001/sippeers")
    third = created_id(add_peer(api, "1001", "third", "true"), "/sites/1001/sippeers")
    peers = xml(api.get("/sites/1001/sippeers")).findall("SipPeers/SipPeer")
    defaults = {p.findtext("PeerId"): p.findtext("IsDefaultPeer") for p in peers}
    assert defaults == {"2001": "false", second: "false", third: "true"}


def test_a_duplicate_location_name_in_the_site_is_a_conflict(api: Api) -> None:
    created_id(add_peer(api, "1002", "east"), "/sites/1002/sippeers")
    got = same_shape(
        add_peer(api, "1002", "east"), ERROR_GOLDEN.format(root="SipPeerResponse"), 409
    )
    assert got.findtext("ResponseStatus/ErrorCode") == "13524"
    created_id(add_peer(api, "1003", "east"), "/sites/1003/sippeers")  # another site: fine


@pytest.mark.parametrize(
    ("path", "body", "status", "code"),
    [
        ("/sites", "<Site><Description>no name</Description></Site>", 400, "12001"),
        ("/sites", f"<Site><Name>{'x' * 51}</Name></Site>", 400, "12001"),
        ("/sites", "<Order><Name>wrong root</Name></Order>", 400, "12000"),
        ("/sites", "<Site><Name>", 400, "12000"),
        ("/sites/1001/sippeers", "<SipPeer><Description>x</Description></SipPeer>", 400, "13501"),
        (
            "/sites/1001/sippeers",
            "<SipPeer><PeerName>p</PeerName><IsDefaultPeer>maybe</IsDefaultPeer></SipPeer>",
            400,
            "13501",
        ),
        ("/sites/9999/sippeers", "<SipPeer><PeerName>p</PeerName></SipPeer>", 404, "12016"),
    ],
)
def test_refused_creates_answer_the_response_status_shape(
    shared_api: Api, path: str, body: str, status: int, code: str
) -> None:
    root = "SiteResponse" if path == "/sites" else "SipPeerResponse"
    got = same_shape(shared_api.post(path, body), ERROR_GOLDEN.format(root=root), status)
    assert got.findtext("ResponseStatus/ErrorCode") == code


def test_the_first_location_cannot_be_created_as_not_default(api: Api) -> None:
    site = created_id(add_site(api), "/sites")
    got = xml(add_peer(api, site, "p", "false"))
    assert got.findtext("ResponseStatus/ErrorCode") == "13522"


def test_an_unknown_location_is_404_with_the_sdk_code(shared_api: Api) -> None:
    response = shared_api.get("/sites/1001/sippeers/2002")
    got = same_shape(response, ERROR_GOLDEN.format(root="SipPeerResponse"), 404)
    assert got.findtext("ResponseStatus/ErrorCode") == "13563"


def test_creates_need_a_token(sandbox: EmbeddedSandbox) -> None:
    response = requests.post(
        f"{sandbox.api_url}/accounts/9900000/sites", data="<Site><Name>x</Name></Site>", timeout=5
    )
    assert response.status_code == 401


def test_new_sites_and_locations_survive_a_restart_and_ids_keep_counting(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    db = tmp_path / "kept.sqlite3"
    box = sandbox_factory(db_path=db)
    site = created_id(add_site(Api(box), "kept"), "/sites")
    peer = created_id(add_peer(Api(box), site, "kept"), f"/sites/{site}/sippeers")
    box.stop()
    again = Api(sandbox_factory(db_path=db))
    assert xml(again.get(f"/sites/{site}")).findtext("Site/Name") == "kept"
    assert xml(again.get(f"/sites/{site}/sippeers/{peer}")).findtext("SipPeer/PeerName") == "kept"
    assert created_id(add_site(again, "next"), "/sites") == str(int(site) + 1)
    assert created_id(add_peer(again, site, "next"), f"/sites/{site}/sippeers") == str(
        int(peer) + 1
    )


def test_orders_can_name_a_created_location(api: Api) -> None:
    site = created_id(add_site(api), "/sites")
    peer = created_id(add_peer(api, site, "main"), f"/sites/{site}/sippeers")
    numbers = api.search(areaCode="919", quantity=1)
    created = api.order(numbers, site=site, extra=f"<PeerId>{peer}</PeerId>")
    assert created.status_code == 201, created.text
    assert api.wait(created.headers["Location"]).findtext("OrderStatus") == "COMPLETE"
    listed = xml(api.get(f"/sites/{site}/sippeers/{peer}/tns"))
    assert [e.text for e in listed.iter("FullNumber")] == numbers


def test_populate_puts_numbers_on_the_named_location(api: Api) -> None:
    peer = created_id(add_peer(api, "1004", "second"), "/sites/1004/sippeers")
    answer = populate(api.box, site_id="1004", count=3, location_id=peer).json()
    assert answer["location_id"] == peer and answer["count"] == 3
    on_peer = [e.text for e in xml(api.get(f"/sites/1004/sippeers/{peer}/tns")).iter("FullNumber")]
    assert on_peer == [answer["first"], *on_peer[1:-1], answer["last"]] and len(on_peer) == 3
    assert api.get("/sites/1004/sippeers/2004/tns").status_code == 204
    details = xml(api.get(f"/tns/{answer['first']}/tndetails"))
    assert details.findtext("TelephoneNumberDetails/SipPeer/PeerId") == peer


def test_populate_defaults_to_the_site_default_location(api: Api) -> None:
    answer = populate(api.box, site_id="1005", count=2).json()
    assert answer["location_id"] == "2005"


def test_populate_refuses_a_location_of_another_site(sandbox: EmbeddedSandbox) -> None:
    response = populate(sandbox, site_id="1001", count=1, location_id="2002")
    assert response.status_code == 404
    assert "location 2002 is not in site 1001" in response.json()["error"]


def test_populate_a_site_without_locations_needs_one(api: Api) -> None:
    site = created_id(add_site(api), "/sites")
    response = populate(api.box, site_id=site, count=1)
    assert response.status_code == 404 and "no default location" in response.json()["error"]


def test_populate_filters_by_type_area_code_state_and_rate_center(api: Api) -> None:
    box = api.box
    tf = populate(box, site_id="1001", count=2, type="toll_free").json()
    assert tf["count"] == 2 and tf["first"][2] == "8"
    area = populate(box, site_id="1001", count=2, area_code="919").json()
    assert area["first"].startswith("+1919") and area["last"].startswith("+1919")
    rc = populate(box, site_id="1001", count=2, state="nc", rate_center="raleigh").json()
    assert rc["count"] == 2
    detail = xml(api.get(f"/tns/{rc['first']}/tndetails")).find("TelephoneNumberDetails")
    assert detail is not None
    assert detail.findtext("State") == "NC" and detail.findtext("RateCenter") == "RALEIGH"


def test_populate_refuses_a_non_string_filter(sandbox: EmbeddedSandbox) -> None:
    response = populate(sandbox, site_id="1001", count=1, area_code=919)
    assert response.status_code == 400 and "area_code" in response.json()["error"]
