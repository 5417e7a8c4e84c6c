"""The pre-commit hook validates every inventory file pre-commit passes to it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
VALID = 'version: 1\naccount_id: "9900000"\nsites:\n  a:\n    site_id: "1001"\n    groups: {}\n'


def hook() -> dict[str, object]:
    (entry,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(entry, dict)
    return entry


def run_hook(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry the way pre-commit does: the entry, then the file names."""
    argv = shlex.split(str(hook()["entry"]))
    assert argv[0] == "numspec"
    cmd = [sys.executable, "-m", "numspec", *argv[1:], *files]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def test_hook_is_numspec_validate_on_inventory_files() -> None:
    entry = hook()
    assert entry["id"] == "numspec-validate" and entry["pass_filenames"] is True
    pattern = re.compile(str(entry["files"]))
    for name in ("inventory.yaml", "inventory-prod.yml", "infra/inventory.eu.yaml"):
        assert pattern.search(name), name
    for name in ("other.yaml", "inventory.json", "my-inventory.yaml"):
        assert not pattern.search(name), name


def test_hook_passes_valid_files_and_reports_every_bad_one(tmp_path: Path) -> None:
    (tmp_path / "inventory.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "inventory-b.yaml").write_text(VALID.replace('"1001"', "1001"), encoding="utf-8")
    (tmp_path / "inventory-c.yaml").write_text(VALID.replace("version: 1", "version: 2"), "utf-8")
    ok = run_hook(tmp_path, "inventory.yaml")
    assert ok.returncode == 0 and "inventory.yaml: valid" in ok.stdout
    bad = run_hook(tmp_path, "inventory.yaml", "inventory-b.yaml", "inventory-c.yaml")
    assert bad.returncode == 1
    assert "inventory.yaml: valid" in bad.stdout
    assert "inventory-b.yaml:5:" in bad.stderr and "inventory-c.yaml:1:" in bad.stderr
