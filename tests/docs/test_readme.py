"""The README's examples work as written: the walk-through, the inventory and the Python API."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from support.cli import shell

from numspec.inventory import parse_inventory

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def _after(heading: str) -> str:
    """Return the first fenced block after `heading` in the README."""
    found = re.search(re.escape(heading) + r".*?```\w*\n(.*?)```", README, re.S)
    assert found, f"the README lost the block after {heading!r}"
    return found.group(1)


def _shape(line: str) -> str:
    """Return a pattern for a README output line: order ids, numbers and seconds may differ."""
    pattern = re.escape(line)
    pattern = re.sub(r"[0-9a-f]{8}(\\-[0-9a-f]{4}){3}\\-[0-9a-f]{12}", r"[0-9a-f-]{36}", pattern)
    pattern = re.sub(r"\\\+1919\d{7}", r"\\+1(919|984)\\d{7}", pattern)
    return re.sub(r"in\\ \d+\\.\ds\\.$", r"in\\ \\d+\\.\\ds\\.", pattern)


@pytest.mark.slow
def test_the_walk_through_prints_what_the_readme_shows(tmp_path: Path) -> None:
    found = re.search(r"<!-- readme-walkthrough -->\s*```sh\n(.*?)```", README, re.S)
    assert found, "the README lost its walk-through block"
    shutil.copy(ROOT / "inventory.yaml", tmp_path / "inventory.yaml")
    done = shell(found.group(1), tmp_path, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    out, lines = done.stdout, done.stdout.splitlines()
    # The comments of the walk-through.
    assert "inventory.yaml: valid (5 sites, 8 groups, 20 numbers wanted)" in lines
    assert "Plan: 20 to order, 0 to disconnect, 0 blocked." in lines
    assert "No changes. The account matches the inventory." in lines
    assert "20 numbers on 5 sites of account 9900000." in lines
    assert "<!-- numspec-plan -->" in (tmp_path / "plan.md").read_text(encoding="utf-8")
    # "`plan` prints a table per site": the table as shown, then the summary line.
    table, _, summary = _after("`plan` prints a table per site").rstrip("\n").rpartition("\n")
    assert table + "\n" in out and summary in lines
    # The apply report as shown ("..." stands for the other groups).
    report = [x for x in _after("report on stdout").splitlines() if x != "..."]
    for line in report:
        assert any(re.fullmatch(_shape(line), x) for x in lines), line
    # What the walk-through's text says stderr shows.
    errors = done.stderr.splitlines()
    assert errors[0] == (
        "sandbox: created a new, empty sandbox database at .numspec/sandbox.sqlite3 (the sandbox "
        "keeps its state beside the inventory file)"
    )
    assert "sandbox: using the sandbox database at .numspec/sandbox.sqlite3" in errors
    assert (
        "Saved the plan to plan.json. To carry out exactly this plan: numspec apply plan.json "
        "--sandbox" in errors
    )


@pytest.mark.slow
def test_the_first_screen_command_ends_with_the_line_the_readme_promises(tmp_path: Path) -> None:
    command = _after("**Run the main job**").strip()
    setup = "python3 -m venv .venv && .venv/bin/pip install . && "
    assert command.startswith(setup)  # installing needs the network; numspec is installed here
    steps = command.removeprefix(setup).replace(".venv/bin/numspec", "numspec")
    shutil.copy(ROOT / "inventory.yaml", tmp_path / "inventory.yaml")
    done = shell(steps, tmp_path, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    promised = "The last `plan` of the first command prints `No changes. The account matches the"
    assert promised in README
    assert done.stdout.splitlines()[-1] == "No changes. The account matches the inventory."


def test_the_inventory_example_is_valid() -> None:
    yaml_blocks = [b for b in _blocks("yaml") if b.startswith("version: 1")]
    assert len(yaml_blocks) == 1
    inventory = parse_inventory(yaml_blocks[0].encode())
    assert {g.address for g in inventory.groups} >= {"us-sales/raleigh", "uk-support/london"}


def test_the_python_example_plans_against_a_server(
    connected: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = next(b for b in _blocks("python") if "make_plan" in b)
    shutil.copy(ROOT / "inventory.yaml", tmp_path / "inventory.yaml")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["plan"].summary() == {
        "order": 20,
        "disconnect": 0,
        "blocked": 0,
        "surplus_kept": 0,
    }
