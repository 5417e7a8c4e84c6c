"""Pinned numbers end to end: the real CLI and client against the sandbox on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.sandbox import client, populate, requests_made

from numspec.bandwidth.search_query import SearchQuery
from numspec.cli import run
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

INVENTORY = """\
version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1002"
    groups:
      main-line: {{country: USA, numbers: ["{number}"]}}
"""


def write(tmp_path: Path, number: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY.format(number=number))
    return path


def plan_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, object]]:
    code = run(["plan", "-f", str(path), "--format", "json"])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def test_a_pinned_number_held_by_another_site_is_planned_as_a_move_from_that_site(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    number = populate(connected, "1003", 1)["first"]
    code, plan = plan_json(capsys, write(tmp_path, number))
    assert code == 0
    [group] = plan["groups"]  # type: ignore[misc]
    assert group["blocked"] is None and group["status"] == "move"
    assert plan["changes"] == [
        {
            "address": "us-sales/main-line",
            "action": "move",
            "numbers": [number],
            "sources": ["1003"],
            "target": "1002",
        }
    ]
    assert plan["summary"] == {
        "order": 0,
        "disconnect": 0,
        "move": 1,
        "blocked": 0,
        "surplus_kept": 0,
    }
    made = requests_made(connected)
    assert made["GET /api/v2/tns/{tn}"] == 1
    writes = [r for r in made if r.split()[0] != "GET" and "/api/v2/" in r]
    assert writes == []  # plan changes nothing


def test_an_available_pinned_number_is_ordered_by_apply_and_then_plan_has_no_changes(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with client(connected) as api:
        number = api.search(SearchQuery.of({"countryCodeA3": "USA", "areaCode": "919"}, 1))[
            0
        ].number
    path = write(tmp_path, number)
    code, plan = plan_json(capsys, path)
    assert code == 0
    assert plan["changes"] == [
        {"address": "us-sales/main-line", "action": "order", "quantity": 1, "numbers": [number]}
    ]
    assert run(["apply", "-f", str(path), "--auto-approve"]) == 0
    capsys.readouterr()
    assert run(["plan", "-f", str(path), "--detailed-exitcode"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines()[-1] == "No changes. The account matches the inventory."
