"""Voice packages end to end: the real CLI and client against the sandbox on 127.0.0.1.

Apply an inventory with a package; change the package; plan shows exactly the drifted numbers;
apply re-assigns them; plan says "No changes"; a number moved behind numspec's back is drift.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from support.cli import numspec
from support.sandbox import client

from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

MAIN = "d21315af-9b5b-4b45-a6f4-9106cbfe87d1"
OVERFLOW = "5c0e2b7a-3f41-4d8e-9a62-1b7f0c9d2e45"
GONE = "00000000-0000-4000-8000-000000000000"


def write(tmp_path: Path, package: str, policy: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "inventory.yaml"
    path.write_text(
        f'version: 1\naccount_id: "9900000"\n{policy}\nsites:\n  us:\n    site_id: "1001"\n'
        f"    groups:\n"
        f'      calls: {{quantity: 3, country: USA, area_code: "919", voice_package: {package}}}\n'
        f'      other: {{quantity: 1, country: USA, area_code: "704"}}\n',
        encoding="utf-8",
    )
    return path


def members(box: EmbeddedSandbox, package: str) -> set[str]:
    with client(box) as api:
        return set(api.voice_packages.iter_package_numbers(package))


def plan_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = numspec(
        capsys, "plan", "-f", str(path), "--format", "json", "--detailed-exitcode"
    )
    assert code in (0, 2), err
    return code, json.loads(out)


def apply_json(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    code, out, err = numspec(capsys, "apply", "-f", str(path), "--auto-approve", "--format", "json")
    return code, json.loads(out) if out.strip() else {}, err


def test_packages_converge_drift_is_planned_exactly_and_reassigned(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, MAIN)
    code, report, err = apply_json(capsys, path)
    assert code == 0 and report["converged"], err
    held = members(connected, MAIN)
    assert len(held) == 3  # the order carried the package: nothing to re-assign
    assert plan_json(capsys, path)[0] == 0

    # The group moves to another package: exactly its three numbers drift.
    path = write(tmp_path, OVERFLOW)
    code, plan = plan_json(capsys, path)
    assert code == 2
    assert plan["changes"] == [
        {
            "address": "us/calls",
            "action": "assign_voice_package",
            "numbers": sorted(held),
            "voice_package": OVERFLOW,
        }
    ]
    assert plan["summary"]["assign_voice_package"] == 3
    code, out, _ = numspec(capsys, "plan", "-f", str(path))
    assert f"us/calls: will assign 3 numbers to voice package {OVERFLOW}" in out
    assert "3 to re-assign" in out

    # The guard refuses before anything moves.
    guarded = write(tmp_path / "guarded", OVERFLOW, "policy: {max_reassign: 2}")
    code, _, err = apply_json(capsys, guarded)
    assert code == 1 and "policy.max_reassign (2)" in err
    assert members(connected, OVERFLOW) == set()

    # Carried out from a saved plan: the new kind of change survives the plan file's checks.
    saved = tmp_path / "plan.json"
    code, _, err = numspec(capsys, "plan", "-f", str(path), "--out", str(saved))
    assert code == 0, err
    code, out, err = numspec(
        capsys, "apply", str(saved), "-f", str(path), "--auto-approve", "--format", "json"
    )
    report = json.loads(out)
    assert code == 0 and report["converged"], err
    calls = next(g for g in report["groups"] if g["address"] == "us/calls")
    assert sorted(calls["voice_reassigned"]) == sorted(held)
    assert members(connected, OVERFLOW) == held
    code, out, _ = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 0 and "No changes" in out

    # Someone moves one number back through the API behind numspec's back.
    moved = sorted(held)[1]
    token = requests.post(
        connected.token_url, auth=("sandbox", "sandbox"), data={"grant_type": "client_credentials"}
    ).json()["access_token"]
    r = requests.post(
        f"{connected.url}/v2/accounts/9900000/voiceConfigurationPackages/{MAIN}/phoneNumbers/bulk",
        json={"action": "ADD", "phoneNumbers": [moved]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200
    code, plan = plan_json(capsys, path)
    assert code == 2
    assert [(c["action"], c["numbers"]) for c in plan["changes"]] == [
        ("assign_voice_package", [moved])
    ]


def test_a_missing_package_blocks_its_group_with_a_clear_message(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GONE)
    code, plan = plan_json(capsys, path)
    assert code == 2
    calls = next(g for g in plan["groups"] if g["address"] == "us/calls")
    assert calls["blocked"].startswith(f"voice package {GONE} does not exist on account 9900000")
    assert [c["address"] for c in plan["changes"]] == ["us/other"]


def test_export_writes_the_package_a_group_shares_and_plans_clean(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, MAIN)
    code, report, err = apply_json(capsys, path)
    assert code == 0, err
    code, out, err = numspec(capsys, "export", "--account", "9900000", "--site", "1001")
    assert code == 0, err
    exported = tmp_path / "exported" / "inventory.yaml"
    exported.parent.mkdir()
    exported.write_text(out, encoding="utf-8")
    assert out.count(f"voice_package: {MAIN}") == 1  # the 919 group; the 704 one has none
    code, out, _ = numspec(capsys, "plan", "-f", str(exported), "--detailed-exitcode")
    assert code == 0, out
