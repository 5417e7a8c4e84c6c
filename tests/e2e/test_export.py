"""On the sandbox: populate numbers, export, plan the exported file: no changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from export_support import populate_mix
from support.cli import numspec
from support.sandbox import populate

from numspec.sandbox.server import EmbeddedSandbox

SandboxFactory = Callable[..., EmbeddedSandbox]

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _in_tmp_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # the tests write and read inventories by relative paths


@pytest.mark.parametrize("group_by", ["auto", "area-code", "city", "state"])
def test_exported_file_validates_and_plans_to_no_changes(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str], group_by: str
) -> None:
    held = populate_mix(connected)
    code, out, err = numspec(capsys, "export", "--account", "9900000", "--group-by", group_by)
    assert code == 0, err
    Path("exported.yaml").write_text(out, encoding="utf-8")
    assert numspec(capsys, "validate", "-f", "exported.yaml")[0] == 0
    code, plan, err = numspec(capsys, "plan", "-f", "exported.yaml", "--detailed-exitcode")
    assert code == 0, plan + err
    assert "No changes" in plan
    code, plan_json, _ = numspec(capsys, "plan", "-f", "exported.yaml", "--format", "json")
    data = json.loads(plan_json)
    assert data["changes"] == [] and data["unclaimed"] == []
    assert sum(g["held"] for g in data["groups"]) == held
    assert all(not g["surplus"] for g in data["groups"])


def test_export_groups_numbers_instead_of_listing_them(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1001", 40)
    code, out, _ = numspec(capsys, "export", "--account", "9900000", "--site", "1001")
    doc = yaml.safe_load(out)
    groups = doc["sites"]["site-1001"]["groups"]
    assert code == 0 and len(groups) < 40
    assert all("numbers" not in g for g in groups.values())
    assert sum(g["quantity"] for g in groups.values()) == 40


def test_export_starts_with_a_header_naming_the_account(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1002", 2)
    _, out, _ = numspec(capsys, "export", "--account", "9900000")
    assert out.startswith("# Exported by numspec")
    assert "account 9900000" in out.splitlines()[0]


def test_site_filter_exports_only_those_sites(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    populate_mix(connected)
    code, out, _ = numspec(
        capsys, "export", "--account", "9900000", "--site", "1002", "-o", "x.yaml"
    )
    assert code == 0 and out == ""
    sites = yaml.safe_load(Path("x.yaml").read_text(encoding="utf-8"))["sites"]
    assert [s["site_id"] for s in sites.values()] == ["1002"]
    code, plan, _ = numspec(capsys, "plan", "-f", "x.yaml", "--detailed-exitcode")
    assert code == 0 and "No changes" in plan


def test_export_reads_the_account_from_the_inventory_file(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1001", 3)
    Path("inventory.yaml").write_text(
        'version: 1\naccount_id: "9900000"\nsites:\n  a:\n    site_id: "1001"\n    groups: {}\n',
        encoding="utf-8",
    )
    code, _, err = numspec(capsys, "export", "-o", "inventory.yaml")
    assert code == 0, err
    code, plan, _ = numspec(capsys, "plan", "--detailed-exitcode")
    assert code == 0 and "No changes" in plan


def test_export_without_an_account_says_how_to_give_one(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = numspec(capsys, "export")
    assert code == 1 and out == ""
    assert err.startswith("error: which account?") and "give --account ID" in err


def test_unknown_site_is_an_error_naming_the_sites(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = numspec(capsys, "show", "--account", "9900000", "--site", "1009")
    assert code == 1 and "1009" in err and "1001" in err


def test_show_lists_every_held_number(
    connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    held = populate_mix(connected)
    code, out, _ = numspec(capsys, "show", "--account", "9900000", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["count"] == held == len(data["numbers"])
    assert {n["country"] for n in data["numbers"]} == {"USA", "CAN", "GBR", "DEU"}
    code, text, _ = numspec(capsys, "show", "--account", "9900000", "--site", "1003")
    assert code == 0 and text.splitlines()[0].startswith("NUMBER")
    assert text.count("DEU") == 3 and "USA" not in text


def test_embedded_sandbox_round_trip_beside_the_inventory(
    sandbox_factory: SandboxFactory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    box = sandbox_factory(db_path=tmp_path / ".numspec" / "sandbox.sqlite3")
    populate_mix(box)
    box.stop()  # numspec --sandbox opens the same state beside inventory.yaml
    monkeypatch.chdir(tmp_path)
    code, _, err = numspec(capsys, "export", "--sandbox", "-o", "inventory.yaml")
    assert code == 0, err
    code, plan, err = numspec(capsys, "plan", "--sandbox", "--detailed-exitcode")
    assert code == 0, plan + err
    assert "No changes" in plan
