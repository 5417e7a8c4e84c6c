"""`numspec plan` prints what it printed before its reads were narrowed, on a 10,000-number account.

The recorded outputs in tests/fixtures/plan_10k/ were made by the planner that read the whole
account-wide /tns listing (main at 0783a8e), by running this test with NUMSPEC_RECORD_PLAN=1;
plan.json was recorded again when moves added each group's `to_move` key, after checking that
the new output is the old one plus `"to_move": []` in every group and nothing else.
Reading attributes only where a group compares them, as concurrent cursor chains, must not
change a byte of the plan: the same groups, numbers, changes and holdings fingerprint.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support.sandbox import populate

from numspec.cli import run
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "plan_10k"
# (site, count, country, filters): 10,000 numbers in blocks of a few states and area codes
POPULATE = [
    ("1001", 2000, "USA", {}),
    ("1002", 1200, "USA", {"area_code": "919"}),
    ("1002", 800, "USA", {"area_code": "212"}),
    ("1003", 2000, "USA", {"state": "TX"}),
    ("1004", 1000, "USA", {"area_code": "312"}),
    ("1004", 1000, "USA", {"state": "CA"}),
    ("1005", 1500, "USA", {"state": "FL"}),
    ("1005", 500, "GBR", {}),
]


def test_plan_output_is_byte_identical_to_the_whole_account_read_at_10k(
    connected: EmbeddedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for site, count, country, filters in POPULATE:
        populate(connected, site, count, country, **filters)
    shutil.copy(RECORDED / "inventory.yaml", tmp_path / "inventory.yaml")
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json"):
        code = run(["plan", "-f", "inventory.yaml", "--format", fmt])
        out = capsys.readouterr().out
        assert code == 0
        recorded = RECORDED / f"plan.{fmt}"
        if os.environ.get("NUMSPEC_RECORD_PLAN") == "1":
            recorded.write_text(out, encoding="utf-8")
        assert out == recorded.read_text(encoding="utf-8"), f"plan --format {fmt} changed"
