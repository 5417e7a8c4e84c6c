"""Where `--sandbox` keeps its state: which database a command uses, a folder git ignores, and
a damaged or foreign database that gets a message naming the fix."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.cli import numspec

pytestmark = pytest.mark.slow

INVENTORY = """\
version: 1
account_id: "9900000"
sites:
  uk:
    site_id: "1001"
    groups:
      london: {quantity: 1, country: GBR, type: GEOGRAPHIC, area_code: "20"}
"""


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "inventory.yaml").write_text(INVENTORY)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_commands_say_which_database_they_use_and_when_they_create_it(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = numspec(capsys, "plan", "--sandbox")
    assert code == 0
    assert err.splitlines()[0] == (
        "sandbox: created a new, empty sandbox database at .numspec/sandbox.sqlite3"
        " (the sandbox keeps its state beside the inventory file)"
    )
    code, _, err = numspec(capsys, "show", "--sandbox")
    assert err.splitlines()[0] == "sandbox: using the sandbox database at .numspec/sandbox.sqlite3"


def test_an_inventory_elsewhere_names_the_new_database_beside_it(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "elsewhere").mkdir()
    shutil.copy(workdir / "inventory.yaml", workdir / "elsewhere" / "x.yaml")
    code, _, err = numspec(capsys, "plan", "-f", "elsewhere/x.yaml", "--sandbox")
    assert code == 0
    assert (
        "sandbox: created a new, empty sandbox database at elsewhere/.numspec/sandbox.sqlite3"
        in err
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_add_all_does_not_commit_the_sandbox_folder(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert numspec(capsys, "plan", "--sandbox")[0] == 0
    subprocess.run(["git", "init", "-q", str(workdir)], check=True)
    subprocess.run(["git", "-C", str(workdir), "add", "-A"], check=True)
    staged = subprocess.run(
        ["git", "-C", str(workdir), "diff", "--cached", "--name-only"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert staged == ["inventory.yaml"]


def _corrupt(db: Path) -> None:
    db.write_bytes(b"not a database at all" * 100)


def _foreign(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()


def _old(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "what"),
    [
        (_corrupt, "is damaged or not numspec's (file is not a database)"),
        (_foreign, "is damaged or not numspec's (no such table: meta)"),
        (_old, "belongs to another numspec version (schema 0, this one uses 1)"),
    ],
)
def test_a_damaged_or_foreign_database_gets_a_message_naming_the_fix(
    workdir: Path, capsys: pytest.CaptureFixture[str], spoil: Callable[[Path], None], what: str
) -> None:
    db = workdir / ".numspec" / "sandbox.sqlite3"
    db.parent.mkdir()
    spoil(db)
    code, out, err = numspec(capsys, "plan", "--sandbox")
    assert (code, out) == (1, "")
    assert err == (
        f"error: the sandbox database {db} {what}; delete it and numspec creates a fresh sandbox"
        " there\n"
    )


def test_the_apply_lock_folder_ignores_itself_too(tmp_path: Path) -> None:
    from numspec.apply.lease import local_lock

    with local_lock(tmp_path / "inventory.yaml"):
        pass
    assert (tmp_path / ".numspec" / ".gitignore").read_text().splitlines()[-1] == "*"
