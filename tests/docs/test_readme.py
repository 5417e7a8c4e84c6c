"""The README's examples work as written: the walk-through, the inventory and the Python API."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from support.cli import shell

from numspec.spec import parse_inventory

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


@pytest.mark.slow
def test_the_walk_through_runs_as_written_and_ends_with_no_changes(tmp_path: Path) -> None:
    found = re.search(r"<!-- readme-walkthrough -->\s*```sh\n(.*?)```", README, re.S)
    assert found, "the README lost its walk-through block"
    shutil.copy(ROOT / "inventory.yaml", tmp_path / "inventory.yaml")
    done = shell(found.group(1), tmp_path, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "inventory.yaml: valid (5 sites, 8 groups, 20 numbers wanted)" in done.stdout
    assert "Plan: 20 to order, 0 to disconnect, 0 blocked." in done.stdout
    assert "No changes. The account matches the inventory." in done.stdout
    assert "<!-- numspec-plan -->" in (tmp_path / "plan.md").read_text(encoding="utf-8")


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
