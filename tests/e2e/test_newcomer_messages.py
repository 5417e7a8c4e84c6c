"""The messages a newcomer meets in the first hour, each with its exact text, on the sandbox."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import child_env, numspec
from support.sandbox import env_for

from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

LONDON = """\
version: 1
account_id: "{account}"
sites:
  uk:
    site_id: "{site}"
    groups:
      london: {{quantity: {quantity}, country: GBR, type: GEOGRAPHIC, area_code: "20"}}
"""

SITES = "1001, 1002, 1003, 1004, 1005"


def _write(
    folder: Path, *, account: str = "9900000", site: str = "1001", quantity: int = 1
) -> Path:
    path = folder / "inventory.yaml"
    path.write_text(LONDON.format(account=account, site=site, quantity=quantity))
    return path


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_unknown_site_id_points_at_the_site_id_line(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(workdir, site="1009")
    code, out, err = numspec(capsys, "plan", "--sandbox")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        f"error: inventory.yaml:5: site 'uk': site_id 1009 is not a site of account 9900000 "
        f"(its sites: {SITES})"
    )


def test_a_wrong_account_under_sandbox_gets_sandbox_advice(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(workdir, account="1234567")
    code, out, err = numspec(capsys, "plan", "--sandbox")
    assert (code, out) == (1, "")
    assert err == (
        'error: inventory.yaml:2: account_id "1234567" is not in the sandbox: the embedded '
        'sandbox has one account, 9900000. Set account_id: "9900000" to try this inventory with '
        "--sandbox, or leave out --sandbox to use your real account\n"
    )
    assert not (workdir / ".numspec" / "sandbox.sqlite3").exists()


def test_plan_out_names_the_apply_to_run_next_and_that_command_works(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(workdir)
    code, _, err = numspec(capsys, "plan", "--sandbox", "--out", "plan.json")
    assert code == 0
    hint = "Saved the plan to plan.json. To carry out exactly this plan: numspec apply plan.json"
    assert err.splitlines()[-1] == hint + " --sandbox"
    command = err.splitlines()[-1].split(": ", 1)[1].split()
    code, out, _ = numspec(capsys, *command[1:], "--auto-approve")
    assert code == 0 and out.splitlines()[-1].startswith("Apply converged: 1 converged")


def test_plan_out_of_another_inventory_names_it_in_the_apply_to_run_next(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "prod").mkdir()
    _write(workdir / "prod")
    code, _, err = numspec(
        capsys, "plan", "-f", "prod/inventory.yaml", "--sandbox", "--out", "plan.json"
    )
    assert code == 0
    assert err.splitlines()[-1] == (
        "Saved the plan to plan.json. To carry out exactly this plan: numspec apply plan.json "
        "-f prod/inventory.yaml --sandbox"
    )


def test_a_saved_plan_whose_inventory_is_missing_names_it(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "repo").mkdir()
    _write(workdir / "repo")
    monkeypatch.chdir(workdir / "repo")
    assert numspec(capsys, "plan", "--sandbox", "--out", "plan.json")[0] == 0
    monkeypatch.chdir(workdir)
    code, out, err = numspec(capsys, "apply", "repo/plan.json", "--sandbox", "--auto-approve")
    assert (code, out) == (1, "")
    assert err == (
        "error: repo/plan.json was made from the inventory inventory.yaml, which does not exist "
        "here; run apply in the directory where plan ran, or give the inventory with -f FILE\n"
    )


@pytest.mark.parametrize("flag", ["-v", "--debug"])
def test_global_flags_after_the_subcommand_take_effect(flag: str, workdir: Path) -> None:
    _write(workdir)
    done = subprocess.run(
        [sys.executable, "-m", "numspec", "plan", "--sandbox", flag],
        cwd=workdir,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert any("/api/v2/accounts/9900000/sites -> 200" in line for line in done.stderr.splitlines())


def test_long_group_names_are_not_cut_off_a_terminal(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "raleigh-downtown-inbound-sales-lines-for-the-spring-campaign-x"
    site = "north-carolina-research-triangle-offices-and-the-call-centre"
    (workdir / "inventory.yaml").write_text(
        f'version: 1\naccount_id: "9900000"\nsites:\n  {site}:\n    site_id: "1002"\n'
        f"    groups:\n      {name}: {{quantity: 1, country: USA, state: NC, city: RALEIGH}}\n"
    )
    code, out, _ = numspec(capsys, "plan", "--sandbox")
    assert code == 0
    assert "…" not in out
    assert any(line.split()[:1] == [name] for line in out.splitlines())
    code, out, _ = numspec(capsys, "apply", "--sandbox", "--auto-approve")
    assert "…" not in out and f"ok       {site}/{name}: holds 1/1, gained 1" in out


def test_a_second_apply_counts_the_first_runs_order_and_lists_what_it_gained(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(workdir, quantity=1)
    code, out, err = numspec(capsys, "apply", "--sandbox", "--auto-approve")
    assert code == 0
    assert out.splitlines()[-1].startswith(
        "Apply converged: 1 converged, 0 blocked, 0 failed; 1 number gained, 0 disconnected in "
    )
    first = out.splitlines()[2].split("gained: ")[1]
    assert out.splitlines()[2] == f"         gained: {first}" and first.startswith("+4420")

    _write(workdir, quantity=3)
    code, out, err = numspec(capsys, "apply", "--sandbox", "--auto-approve", "--format", "json")
    assert code == 0
    assert "another apply is ordering for this group" not in err
    assert "an earlier run's order, already COMPLETE: counting its numbers" in err
    (group,) = json.loads(out)["groups"]
    assert (group["ordered"], len(group["gained"])) == (2, 2)
    code, out, _ = numspec(capsys, "show", "--sandbox", "--format", "json")
    held = {n["number"] for n in json.loads(out)["numbers"]}
    assert held == {first, *group["gained"]}


def test_sigterm_stops_apply_like_ctrl_c_and_says_what_the_next_run_does(
    sandbox_factory: Callable[..., EmbeddedSandbox], tmp_path: Path
) -> None:
    box = sandbox_factory(order_latency=60)
    _write(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "numspec", "apply", "--auto-approve"],
        cwd=tmp_path,
        env=child_env(env_for(box)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        assert proc.stderr is not None
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if " waiting order " in line or not line:
                break
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert err.splitlines()[-1] == (
        "Interrupted. Orders already placed stay placed: run the same apply again; it finds them "
        "by their tag, waits for them and orders only what is still missing."
    )


@pytest.mark.parametrize("where", ["before", "after"])
def test_no_color_takes_the_colour_out_of_a_terminals_plan(
    where: str, workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(workdir)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # capsys's stdout, as a terminal
    code, out, _ = numspec(capsys, "plan", "--sandbox")
    assert code == 0 and "\x1b[" in out
    args = (
        ["--no-color", "plan", "--sandbox"]
        if where == "before"
        else ["plan", "--sandbox", "--no-color"]
    )
    code, out, _ = numspec(capsys, *args)
    assert code == 0 and "\x1b[" not in out and "Plan: 1 to order" in out
    assert "NO_COLOR" not in os.environ  # for that run only
