"""`numspec diff` on small git repositories: sides, formats, exit codes, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import numspec
from support.gitrepo import commit, git, init
from support.inventories import BASE, REFORMATTED, edit

LOWERED = edit(("quantity: 10", "quantity: 4"), ("surplus: keep", "surplus: disconnect"))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose main holds BASE; the working directory is its top."""
    path = init(tmp_path / "repo")
    commit(path, {"inventory.yaml": BASE}, "base")
    monkeypatch.chdir(path)
    return path


def _branch_with(repo: Path, text: str) -> str:
    """Publish main as origin/main, then commit `text` on a branch; return the branch's commit."""
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    git(repo, "switch", "-q", "-c", "change")
    return commit(repo, {"inventory.yaml": text}, "change")


def test_default_base_is_the_merge_base_with_origin_main(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(repo, "rev-parse", "HEAD")
    _branch_with(repo, LOWERED)
    commit(repo, {"notes.txt": "x"}, "later")
    git(repo, "switch", "-q", "main")
    commit(repo, {"inventory.yaml": edit(("quantity: 5", "quantity: 50"))}, "main moves on")
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    git(repo, "switch", "-q", "change")
    code, out, err = numspec(capsys, "diff")
    assert code == 2, err
    assert f"origin/main:inventory.yaml (merge base {base[:12]})" in out
    assert "us-sales/raleigh: quantity 10 -> 4 (-6)" in out
    assert "quantity 5 -> 50" not in out  # main's own later change is not this branch's
    assert "policy.surplus keep -> disconnect" in out


def test_without_an_upstream_the_base_is_head(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "inventory.yaml").write_text(LOWERED)
    code, out, _ = numspec(capsys, "diff")
    assert code == 2 and out.startswith("Intent: HEAD:inventory.yaml (")


def test_formatting_only_is_no_change_in_intent_exit_0(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "inventory.yaml").write_text(REFORMATTED)
    code, out, _ = numspec(capsys, "diff", "HEAD")
    assert code == 0
    assert "No change in intent." in out and "Risk notes" not in out


def test_revisions_rev_path_and_files_name_the_sides(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = git(repo, "rev-parse", "HEAD")
    commit(repo, {"inventory.yaml": LOWERED, "other/inv.yaml": BASE}, "two")
    code, out, _ = numspec(capsys, "diff", "HEAD~1", "HEAD")
    assert code == 2 and f"HEAD~1:inventory.yaml ({first[:12]})" in out
    code, out, _ = numspec(capsys, "diff", "HEAD:other/inv.yaml", "HEAD~1")
    assert code == 0, out
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(LOWERED)
    code, out, _ = numspec(capsys, "diff", "HEAD~1", str(outside))
    assert code == 2 and f"-> {outside}" in out


def test_a_file_in_a_subdirectory_is_found_at_its_path_in_the_tree(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(repo, {"infra/numbers.yaml": BASE}, "moved")
    (repo / "infra" / "numbers.yaml").write_text(LOWERED)
    monkeypatch.chdir(repo / "infra")
    code, out, err = numspec(capsys, "diff", "-f", "numbers.yaml", "HEAD")
    assert code == 2, err
    assert "HEAD:infra/numbers.yaml" in out


def test_json_and_markdown(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "inventory.yaml").write_text(LOWERED)
    code, out, _ = numspec(capsys, "diff", "HEAD", "--format", "json")
    data = json.loads(out)
    assert code == 2 and data["format_version"] == 1 and data["changed"] is True
    assert {"kind": "quantity", "subject": "us-sales/raleigh", "field": None, "old": 10,
            "new": 4} in data["changes"]  # fmt: skip
    assert [r["kind"] for r in data["risks"]] == ["surplus_disconnect"]
    assert [r["kind"] for r in data["unchecked"]] == ["quantity_below_held"]
    assert data["account_read"] is False
    code, out, _ = numspec(capsys, "diff", "HEAD", "--format", "markdown")
    assert out.startswith("<!-- numspec-diff -->\n### What this change means")
    assert "#### ⚠️ Risk notes" in out and "policy.surplus: keep -> disconnect" in out


def test_a_revision_that_does_not_exist(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = numspec(capsys, "diff", "no-such-branch")
    assert code == 1 and out == ""
    expected = (
        f"BASE 'no-such-branch': no such file, and no such revision in the repository at {repo}"
    )
    assert err == f"error: {expected}\n"
    code, _, err = numspec(capsys, "diff", "HEAD", "nope:inventory.yaml")
    assert code == 1 and err.count("\n") == 1 and "HEAD 'nope': no such revision" in err


def test_an_option_is_never_read_as_a_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = numspec(capsys, "diff", "--", "--output=/tmp/x")
    assert code == 1 and "no such revision" in err and err.count("\n") == 1


def test_an_inventory_missing_on_one_side(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = numspec(capsys, "diff", "HEAD:added.yaml", "HEAD")
    assert code == 1 and err.count("\n") == 1
    assert "added.yaml does not exist at" in err and "nothing to compare with" in err
    (repo / "inventory.yaml").unlink()
    code, _, err = numspec(capsys, "diff", "HEAD")
    assert code == 1
    assert err.startswith("error: HEAD inventory.yaml: no such file (an inventory added or deleted")
    assert err.count("\n") == 1


def test_a_side_that_does_not_validate_is_reported_with_its_revision(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, {"inventory.yaml": edit(("quantity: 10", "quantity: lots"))}, "broken")
    (repo / "inventory.yaml").write_text(BASE)
    code, out, err = numspec(capsys, "diff", "HEAD")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines and all(line.startswith("HEAD:inventory.yaml:") for line in lines)
    assert "quantity" in lines[0]


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "inventory.yaml").write_text(BASE)
    (plain / "old.yaml").write_text(LOWERED)
    monkeypatch.chdir(plain)
    code, _, err = numspec(capsys, "diff")
    assert code == 1 and err.count("\n") == 1
    assert "not a git repository" in err and "give two files" in err
    code, _, err = numspec(capsys, "diff", "origin/main")
    assert code == 1 and "not a git repository" in err and "'origin/main'" in err
    code, out, _ = numspec(capsys, "diff", "old.yaml", "inventory.yaml")  # two files: no git
    assert code == 2 and "quantity 4 -> 10" in out


def test_a_shallow_clone_without_the_base_says_how_to_fetch_it(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    commit(repo, {"inventory.yaml": LOWERED}, "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone)
    code, _, err = numspec(capsys, "diff", "HEAD~1")
    assert code == 1 and err.count("\n") == 1
    assert "shallow clone" in err and "git fetch --unshallow" in err
    # the default base: origin/main is fetched, but not the commit the branch left it at
    _branch_with(repo, BASE)
    git(repo, "switch", "-q", "main")
    commit(repo, {"inventory.yaml": REFORMATTED}, "main moves on")
    both = tmp_path / "both"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", "-b", "change",
        f"file://{repo}", str(both))  # fmt: skip
    monkeypatch.chdir(both)
    code, _, err = numspec(capsys, "diff")
    assert code == 1 and err.count("\n") == 1
    assert "no merge base of HEAD and origin/main in this shallow clone" in err
    assert "fetch-depth: 0" in err
