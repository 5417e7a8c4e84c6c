"""A site with two locations, end to end through the CLI against the sandbox.

The site and its locations are made through the API (`POST .../sites`, `POST .../sippeers`):
"main" is the site's default location, "east" the second one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import yaml
from lxml import etree
from support.cli import numspec
from support.sandbox import ORDERS_ROUTE, populate, requests_made

from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

MOVES_ROUTE = "POST /api/v2/accounts/{accountId}/moveTns"


@dataclass(frozen=True)
class Place:
    """The sandbox, a token-holding session, and the two-location site."""

    box: EmbeddedSandbox
    http: requests.Session
    site: str
    main: str
    east: str

    @property
    def account(self) -> str:
        return f"{self.box.api_url}/accounts/9900000"

    def location_numbers(self, location: str) -> list[str]:
        url = f"{self.account}/sites/{self.site}/sippeers/{location}/tns"
        response = self.http.get(url, timeout=10)
        if response.status_code == 204:
            return []
        return [e.text or "" for e in etree.fromstring(response.content).iter("FullNumber")]

    def peer_of(self, number: str) -> str | None:
        response = self.http.get(f"{self.box.api_url}/tns/{number}/tndetails", timeout=10)
        return etree.fromstring(response.content).findtext("TelephoneNumberDetails/SipPeer/PeerId")

    def populate(self, location: str, count: int, area_code: str) -> list[str]:
        populate(self.box, self.site, count, location_id=location, area_code=area_code)
        return self.location_numbers(location)


def _created(response: requests.Response) -> str:
    assert response.status_code == 201, response.text
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def place(connected: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Place:
    sandbox = connected
    monkeypatch.chdir(tmp_path)
    http = requests.Session()
    token = http.post(
        sandbox.token_url, auth=("sandbox", "sandbox"), data={"grant_type": "client_credentials"}
    ).json()["access_token"]
    http.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/xml"})
    account = f"{sandbox.api_url}/accounts/9900000"
    site = _created(http.post(f"{account}/sites", data="<Site><Name>Two</Name></Site>"))
    peers = f"{account}/sites/{site}/sippeers"
    main = _created(http.post(peers, data="<SipPeer><PeerName>main</PeerName></SipPeer>"))
    east = _created(http.post(peers, data="<SipPeer><PeerName>east</PeerName></SipPeer>"))
    return Place(sandbox, http, site, main, east)


def inventory(place: Place, groups: str, location: str | None = None) -> Path:
    pinned = f'    location_id: "{location}"\n' if location else ""
    path = Path("inventory.yaml")
    path.write_text(
        f'version: 1\naccount_id: "9900000"\nsites:\n  two:\n    site_id: "{place.site}"\n'
        f"{pinned}    groups:\n{groups}",
        encoding="utf-8",
    )
    return path


def plan_json(capsys: pytest.CaptureFixture[str], path: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--format", "json")
    assert code == 0, err
    return dict(json.loads(out))


RALEIGH = '      raleigh: {quantity: 3, country: USA, area_code: "919"}\n'


def test_apply_orders_onto_the_named_location_and_then_plans_no_changes(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    path = inventory(place, RALEIGH, place.east)
    code, out, err = numspec(capsys, "apply", "-f", str(path), "--auto-approve")
    assert code == 0, out + err
    on_east = place.location_numbers(place.east)
    assert len(on_east) == 3
    assert {place.peer_of(n) for n in on_east} == {place.east}
    assert place.location_numbers(place.main) == []
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 0, out + err
    assert "No changes" in out


def test_numbers_on_the_other_location_do_not_count_for_the_group_they_are_moved(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    on_main = place.populate(place.main, 5, "919")
    plan = plan_json(capsys, inventory(place, RALEIGH, place.east))
    (group,) = plan["groups"]
    assert (group["held"], group["to_order"]) == (0, 0)
    assert not set(on_main) & set(group["numbers"])
    (change,) = plan["changes"]
    assert (change["address"], change["action"]) == ("two/raleigh", "move")
    assert set(change["numbers"]) < set(on_main) and len(change["numbers"]) == 3
    assert change["target"] == f"{place.site}/{place.east}"
    assert set(change["sources"]) == {f"{place.site}/{place.main}"}


def test_apply_moves_the_groups_numbers_from_the_old_location_and_then_plans_no_changes(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    on_main = place.populate(place.main, 3, "919")
    path = inventory(place, RALEIGH, place.east)
    code, out, err = numspec(capsys, "apply", "-f", str(path), "--auto-approve")
    assert code == 0, out + err
    assert "two/raleigh: holds 3/3, moved in 3" in out and ", 3 moved in" in out
    assert sorted(place.location_numbers(place.east)) == sorted(on_main)  # the same numbers
    assert place.location_numbers(place.main) == []
    made = requests_made(place.box)
    assert made.get(ORDERS_ROUTE, 0) == 0 and made[MOVES_ROUTE] == 1
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 0, out + err
    assert out.splitlines()[-1] == "No changes. The account matches the inventory."


def test_export_of_a_two_location_site_has_one_entry_per_location_and_plans_no_changes(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    on_main = place.populate(place.main, 4, "919")
    on_east = place.populate(place.east, 6, "212")
    code, out, err = numspec(
        capsys, "export", "--account", "9900000", "--site", place.site, "-o", "exported.yaml"
    )
    assert code == 0, err
    doc = yaml.safe_load(Path("exported.yaml").read_text(encoding="utf-8"))
    entries = {s.get("location_id"): s for s in doc["sites"].values()}
    assert set(entries) == {place.main, place.east}
    assert {s["site_id"] for s in entries.values()} == {place.site}
    held = {loc: sum(g["quantity"] for g in s["groups"].values()) for loc, s in entries.items()}
    assert held == {place.main: len(on_main), place.east: len(on_east)}
    code, out, err = numspec(capsys, "plan", "-f", "exported.yaml", "--detailed-exitcode")
    assert code == 0, out + err
    assert "No changes" in out


def test_a_location_of_another_site_is_a_clear_error(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    path = inventory(place, RALEIGH, "2001")  # site 1001's default location
    for command in (["plan"], ["apply", "--auto-approve"]):
        code, out, err = numspec(capsys, *command, "-f", str(path))
        assert code == 1, out + err
        assert f"location_id 2001 is not a location of site {place.site}" in err
        assert place.main in err and place.east in err
    assert place.location_numbers(place.main) == place.location_numbers(place.east) == []
