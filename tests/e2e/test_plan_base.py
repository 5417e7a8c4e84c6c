"""`numspec plan --base` against the sandbox: the review, checked against what the account holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import numspec
from support.gitrepo import commit, git, init
from support.sandbox import admin, populate, requests_made

from numspec.render.plan_markdown import LIMIT, MARKER
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

BASE = """\
version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1002"
    groups:
      triangle: {quantity: 6, country: USA, area_code: "919"}
  ny:
    site_id: "1001"
    groups:
      manhattan: {quantity: 3, country: USA, area_code: "212"}
"""

HEAD = """\
version: 1
account_id: "9900000"
policy: {surplus: disconnect, max_disconnects: 4}
sites:
  us-sales:
    site_id: "1002"
    groups:
      research-triangle: {quantity: 2, country: USA, area_code: "919"}
  ny:
    site_id: "1001"
    groups:
      manhattan: {quantity: 3, country: USA, area_code: "646"}
"""


@pytest.fixture
def repo(connected: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A branch that renames and shrinks one group and moves another to a new area code."""
    populate(connected, "1002", 6, area_code="919")
    populate(connected, "1001", 3, area_code="212")
    path = init(tmp_path / "repo")
    commit(path, {"inventory.yaml": BASE}, "base")
    git(path, "update-ref", "refs/remotes/origin/main", "main")
    git(path, "switch", "-q", "-c", "change")
    commit(path, {"inventory.yaml": HEAD}, "change")
    monkeypatch.chdir(path)
    return path


def test_plan_base_puts_the_checked_review_above_the_plan_in_one_comment(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = numspec(capsys, "plan", "--base", "origin/main", "--format", "markdown",
                             "--detailed-exitcode")  # fmt: skip
    assert code == 2, err
    assert len(out) < LIMIT and out.count(MARKER) == 1 and out.startswith(MARKER)
    review, plan = out.split("\n---\n", 1)
    assert "group `us-sales/triangle` renamed to `us-sales/research-triangle`" in review
    assert "`us-sales/research-triangle`: quantity 6 -> 2 (-4)" in review
    assert "`ny/manhattan`: criteria area\\_code" not in review  # code spans are not escaped
    assert "`ny/manhattan`: criteria area_code `212` -> `646`" in review
    # the notes that need the account are decided from what the sandbox holds
    assert (
        "the group holds 6 numbers, so 4 numbers become surplus: apply will disconnect them"
        in review
    )
    assert "site 1001 holds 3 numbers that fit no group now" in review
    assert "policy.surplus: keep -> disconnect" in review
    assert "Not checked without the account" not in review
    assert "### numspec plan for account 9900000" in plan
    assert "Plan: 3 to order, 4 to disconnect, 0 blocked." in plan


def test_plan_base_json_and_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = numspec(capsys, "plan", "--base", "main", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {k: data["summary"][k] for k in ("order", "disconnect", "blocked")} == {
        "order": 3,
        "disconnect": 4,
        "blocked": 0,
    }
    assert data["review"]["account_read"] is True
    kinds = [r["kind"] for r in data["review"]["risks"]]
    assert kinds == ["max_disconnects_raised", "surplus_disconnect", "criteria_on_held",
                     "quantity_below_held"]  # fmt: skip
    code, out, _ = numspec(capsys, "plan", "--base", "main")
    assert code == 0 and out.startswith("Intent: main:inventory.yaml (")
    assert "Plan: 3 to order, 4 to disconnect, 0 blocked." in out


def test_a_bad_base_fails_before_any_request(
    repo: Path, connected: EmbeddedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    admin(connected, "reset-stats", {})
    code, out, err = numspec(capsys, "plan", "--base", "origin/nope", "--format", "markdown")
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "BASE 'origin/nope': no such file, and no such revision" in err
    assert not [route for route in requests_made(connected) if "/api/" in route]
