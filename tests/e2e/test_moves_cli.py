"""Moves end to end: the real CLI against the sandbox on 127.0.0.1.

Pinned numbers move between sites, a rebalance moves surplus instead of ordering, a run killed
mid-move never moves twice, and a move that loses a number to a disconnect is reported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from support.cli import child_env, numspec
from support.sandbox import ORDERS_ROUTE, client, env_for, populate, requests_made

from numspec.plan import planfile
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

MOVES_ROUTE = "POST /api/v2/accounts/{accountId}/moveTns"

REBALANCE = """\
version: 1
account_id: "9900000"
policy:
  surplus: move
sites:
  us-sales:
    site_id: "1001"
    groups:
      main: {quantity: 5, country: USA, area_code: "919"}
  us-support:
    site_id: "1002"
    groups:
      main: {quantity: 10, country: USA, area_code: "919"}
"""


def held(box: EmbeddedSandbox, site: str) -> list[str]:
    with client(box) as api:
        return sorted(
            n
            for loc in api.list_locations(site)
            for n in api.iter_location_numbers(site, loc.location_id)
        )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_pinned_numbers_move_between_sites_and_plan_then_has_no_changes(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1003", 2, area_code="919")
    first, second = held(connected, "1003")
    path = write(
        tmp_path,
        'version: 1\naccount_id: "9900000"\nsites:\n  us-support:\n    site_id: "1002"\n'
        f'    groups:\n      lines: {{country: USA, numbers: ["{first}", "{second}"]}}\n',
    )
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 2, out + err
    assert f"us-support/lines: moves {first}, {second} from 1003 to 1002" in out
    assert "Plan: 0 to order, 0 to disconnect, 2 to move, 0 blocked." in out
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--format", "markdown")
    assert "- Move to `us-support/lines` (`1002`): 2 numbers from `1003`" in out
    code, out, err = numspec(capsys, "apply", "-f", str(path), "--auto-approve")
    assert code == 0, out + err
    assert held(connected, "1002") == [first, second] and held(connected, "1003") == []
    assert requests_made(connected).get(ORDERS_ROUTE, 0) == 0
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 0, out + err
    assert out.splitlines()[-1] == "No changes. The account matches the inventory."


def test_a_rebalance_moves_10_surplus_numbers_instead_of_ordering_10_from_a_saved_plan(
    connected: EmbeddedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    populate(connected, "1001", 15, area_code="919")
    path = write(tmp_path, REBALANCE)
    saved = tmp_path / "rebalance.plan"
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--out", str(saved))
    assert code == 0, out + err
    data = json.loads(saved.read_text(encoding="utf-8"))
    (change,) = data["changes"]
    assert (change["action"], change["address"], len(change["numbers"])) == (
        "move",
        "us-support/main",
        10,
    )
    assert data["summary"]["order"] == 0 and data["summary"]["move"] == 10
    # A saved plan whose move was edited (another source) is refused before anything moves.
    change["sources"] = ["1003/2003"] * 10
    data[planfile.DIGEST_KEY] = planfile.content_digest(data)
    edited = tmp_path / "edited.plan"
    edited.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = numspec(capsys, "apply", "-f", str(path), str(edited), "--auto-approve")
    assert code == 1 and "the saved plan moves" in err and len(err.splitlines()) == 1, err
    assert MOVES_ROUTE not in requests_made(connected)
    code, out, err = numspec(
        capsys, "apply", "-f", str(path), str(saved), "--auto-approve", "--format", "json"
    )
    assert code == 0, out + err
    assert "> us-support/main: moves" in err  # the approval screen lists the move
    report = json.loads(out)
    assert report["summary"]["moved"] == 10 and report["summary"]["ordered"] == 0
    assert len(held(connected, "1002")) == 10 and len(held(connected, "1001")) == 5
    made = requests_made(connected)
    assert made.get(ORDERS_ROUTE, 0) == 0 and made[MOVES_ROUTE] == 1
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 0 and "No changes" in out.splitlines()[-1], out + err


def _apply(path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "numspec", "apply", "--auto-approve", "-f", str(path)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until_moving(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if " moving " in line:
            return
    raise AssertionError("apply never started a move")


def _moves_settled(box: EmbeddedSandbox) -> None:
    deadline = time.monotonic() + 20
    with client(box) as api:
        while api.list_moves(statuses=("RECEIVED", "PROCESSING")):
            assert time.monotonic() < deadline, "the move never finished"
            time.sleep(0.1)


def test_a_run_killed_during_a_move_and_run_again_never_moves_twice(
    tmp_path: Path, sandbox_factory, connect, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(order_latency=1.5)
    populate(box, "1001", 15, area_code="919")
    env = child_env(env_for(box))
    path = write(tmp_path, REBALANCE)
    first = _apply(path, env)
    _until_moving(first)
    first.kill()  # SIGKILL while the move is in flight
    first.communicate(timeout=10)
    rerun = _apply(path, env)  # the move is still RECEIVED or PROCESSING: it counts as pending
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, out + err
    _moves_settled(box)
    assert len(held(box, "1002")) == 10 and len(held(box, "1001")) == 5
    assert requests_made(box)[MOVES_ROUTE] == 1  # one move order, never a second
    assert requests_made(box).get(ORDERS_ROUTE, 0) == 0
    connect(box)
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--detailed-exitcode")
    assert code == 0 and "No changes" in out.splitlines()[-1], out + err


def test_a_number_disconnected_while_its_move_waits_is_reported_and_replanned(
    tmp_path: Path, sandbox_factory, connect, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(order_latency=1.5)
    populate(box, "1001", 15, area_code="919")
    env = child_env(env_for(box))
    path = write(tmp_path, REBALANCE)
    run = _apply(path, env)
    _until_moving(run)
    with client(box) as api:
        (moving,) = api.list_moves(statuses=("RECEIVED",))
        victim = api.get_move(moving.order_id).numbers[0]
        requests.post(f"{box.url}/_sandbox/config", json={"order_latency": 0.05}, timeout=10)
        gone = api.create_disconnect([victim], "someone-else")
        while api.get_disconnect(gone.order_id).status not in ("COMPLETE", "PARTIAL", "FAILED"):
            time.sleep(0.02)
    out, err = run.communicate(timeout=60)
    assert run.returncode != 0, out + err
    assert f"move {moving.order_id} to 1002 ended PARTIAL: {victim} not moved (7518" in out
    assert "FAILED   us-support/main: holds 9/10, moved in 9" in out
    assert "; the next plan orders 1\n" in out
    connect(box)
    code, out, err = numspec(capsys, "plan", "-f", str(path), "--format", "json")
    (change,) = json.loads(out)["changes"]  # the one number lost: no surplus left, so ordered
    assert (change["action"], change["address"], change["quantity"]) == (
        "order",
        "us-support/main",
        1,
    )
