"""`numspec plan` end to end: the real CLI and client against the sandbox on 127.0.0.1."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from support.sandbox import admin, populate, requests_made

from numspec.bandwidth.client import BandwidthClient
from numspec.cli import run
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

INVENTORY = """\
version: 1
account_id: "{account}"
policy:
  surplus: {surplus}
  max_disconnects: 5
sites:
  us-sales:
    site_id: "1002"{location}
    groups:
      triangle: {{quantity: 3, country: USA, area_code: "919"}}
      raleigh: {{quantity: 2, country: USA, state: NC, city: RALEIGH}}
  uk:
    site_id: "{uk_site}"
    groups:
      london: {{quantity: 1, country: GBR, type: GEOGRAPHIC, area_code: "20"}}
"""


def write(tmp_path: Path, **fields: str) -> Path:
    values = {"account": "9900000", "surplus": "keep", "location": "", "uk_site": "1001"}
    values.update(fields)
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY.format(**values))
    return path


def plan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_reads_only_and_two_plans_of_the_same_world_are_identical(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1002", 40)
    admin(connected, "reset-stats", {})
    path = write(tmp_path)
    first = plan(capsys, "-f", str(path), "--format", "json")
    second = plan(capsys, "-f", str(path), "--format", "json")
    assert first[0] == 0 and first[1] == second[1]
    made = requests_made(connected)
    writes = [k for k in made if k.split()[0] in ("POST", "PUT", "DELETE", "PATCH")]
    assert [k for k in writes if "oauth2/token" not in k] == []
    assert any(k.startswith("GET ") for k in made)
    data = json.loads(first[1])
    assert data["summary"]["order"] >= 1
    assert {g["address"] for g in data["groups"]} == {
        "uk/london",
        "us-sales/raleigh",
        "us-sales/triangle",
    }


def test_detailed_exitcode_and_the_saved_plan_file(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path)
    out = tmp_path / "plan.json"
    code, text, err = plan(capsys, "-f", str(path), "--out", str(out), "--detailed-exitcode")
    assert code == 2
    assert text.splitlines()[-1].startswith("Plan: ")
    assert "\x1b[" not in text
    saved = json.loads(out.read_text())
    assert saved["inventory_digest"] and len(saved["holdings_fingerprint"]) == 64
    assert saved["targets"] == [] and saved["inventory_path"] == str(path)


def test_a_target_plans_only_its_groups_and_an_unknown_one_fails(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path)
    code, out, _ = plan(capsys, "-f", str(path), "--target", "uk", "--format", "json")
    assert code == 0
    assert [g["address"] for g in json.loads(out)["groups"]] == ["uk/london"]
    code, out, err = plan(capsys, "-f", str(path), "--target", "fr/paris")
    assert code == 1 and out == ""
    assert "unknown target 'fr/paris'" in err and "us-sales/raleigh" in err


def test_markdown_output_carries_the_marker(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = plan(capsys, "-f", str(write(tmp_path)), "--format", "markdown")
    assert code == 0 and out.startswith("<!-- numspec-plan -->")


def test_unknown_site_id_is_a_clear_error(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = plan(capsys, "-f", str(write(tmp_path, uk_site="1999")))
    assert code == 1 and out == ""
    assert "site 'uk': site_id 1999 is not a site of account 9900000" in err
    assert f"{tmp_path / 'inventory.yaml'}:" in err


def test_location_outside_its_site_is_a_clear_error(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, location='\n    location_id: "2001"')
    code, _, err = plan(capsys, "-f", str(path))
    assert code == 1
    assert "location_id 2001 is not a location of site 1002" in err


def test_an_account_the_credentials_cannot_reach_names_the_files_account_id_and_line(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, account="1234567")
    code, out, err = plan(capsys, "-f", str(path))
    assert code == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith(f'{path}:2: account_id "1234567" is likely wrong: ')
    assert "(GET /api/v2/accounts/1234567/sites -> 403)" in line
    assert "the credentials are for account 9900000" in line
    assert "check BANDWIDTH_CLIENT_ID and" not in line  # not the credentials' hint alone


def test_refused_credentials_are_a_clear_error(
    connected: EmbeddedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BANDWIDTH_CLIENT_SECRET", "wrong")
    code, out, err = plan(capsys, "-f", str(write(tmp_path)))
    assert code == 1 and out == ""
    assert "wrong" not in err and err.startswith("error: ")


def test_an_unreachable_api_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANDWIDTH_API_URL", "http://127.0.0.1:9/api/v2")
    monkeypatch.setenv("BANDWIDTH_TOKEN_URL", "http://127.0.0.1:9/api/v1/oauth2/token")
    monkeypatch.setenv("BANDWIDTH_CLIENT_ID", "id")
    monkeypatch.setenv("BANDWIDTH_CLIENT_SECRET", "secret")
    monkeypatch.setattr(
        BandwidthClient,
        "from_env",
        classmethod(
            lambda cls, account_id, env: cls(
                account_id=account_id,
                api_url=env["BANDWIDTH_API_URL"],
                token_url=env["BANDWIDTH_TOKEN_URL"],
                client_id="id",
                client_secret="secret",
                sleep=lambda seconds: None,
            )
        ),
    )
    code, out, err = plan(capsys, "-f", str(write(tmp_path)))
    assert code == 1 and out == ""
    assert "could not reach 127.0.0.1:9" in err


def test_plan_after_apply_has_no_changes(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path)
    assert run(["apply", "-f", str(path), "--auto-approve"]) == 0
    capsys.readouterr()
    code, out, _ = plan(capsys, "-f", str(path), "--detailed-exitcode")
    assert code == 0
    assert out.splitlines()[-1] == "No changes. The account matches the inventory."


def test_surplus_is_disconnected_only_under_the_disconnect_policy(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1001", 3, country="GBR", type="GEOGRAPHIC")
    body = textwrap.dedent(
        """\
        version: 1
        account_id: "9900000"
        policy: {surplus: disconnect, max_disconnects: 5}
        sites:
          uk:
            site_id: "1001"
            groups:
              any: {quantity: 1, country: GBR, type: GEOGRAPHIC}
        """
    )
    path = tmp_path / "inventory.yaml"
    path.write_text(body)
    code, out, _ = plan(capsys, "-f", str(path), "--format", "json")
    data = json.loads(out)
    (group,) = data["groups"]
    assert code == 0 and (group["held"], len(group["surplus"])) == (1, 2)
    assert data["summary"] == {"order": 0, "disconnect": 2, "blocked": 0, "surplus_kept": 0}
    assert [(c["action"], len(c["numbers"])) for c in data["changes"]] == [("disconnect", 2)]
    path.write_text(body.replace("surplus: disconnect", "surplus: keep"))
    code, out, _ = plan(capsys, "-f", str(path), "--format", "json")
    kept = json.loads(out)
    assert code == 0 and kept["groups"][0]["surplus"] == group["surplus"]
    assert kept["summary"] == {"order": 0, "disconnect": 0, "blocked": 0, "surplus_kept": 2}
    assert kept["changes"] == []
