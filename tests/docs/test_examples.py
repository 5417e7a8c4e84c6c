"""Every file in examples/ converges against `--sandbox` from an empty sandbox, as a newcomer
would run it: apply, then plan again and see "No changes"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.cli import numspec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_example_converges_on_an_empty_sandbox_and_then_plans_no_changes(
    example: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a newcomer tries one: copied as inventory.yaml into an empty folder.
    shutil.copy(example, tmp_path / "inventory.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = numspec(capsys, "validate")
    assert code == 0 and out.startswith("inventory.yaml: valid (")
    code, out, err = numspec(capsys, "apply", "--sandbox", "--auto-approve", "--format", "json")
    assert code == 0, err
    assert err.splitlines()[0].startswith("sandbox: created a new, empty sandbox database at ")
    report = json.loads(out)
    assert report["converged"] is True
    unfinished = [
        g["address"]
        for g in report["groups"]
        if (g["status"], g["held"], len(g["gained"])) != ("converged", g["desired"], g["desired"])
    ]
    assert unfinished == []
    code, out, err = numspec(capsys, "plan", "--sandbox")
    assert (code, out.splitlines()[-1]) == (0, "No changes. The account matches the inventory.")
