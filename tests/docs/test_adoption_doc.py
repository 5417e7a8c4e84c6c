"""docs/adoption.md: the sandbox walk-through runs as written, on a fresh directory."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from support.cli import shell

DOC = Path(__file__).resolve().parents[2] / "docs" / "adoption.md"

pytestmark = pytest.mark.slow


def block(marker: str) -> str:
    """Return the first ```sh block after `<!-- marker -->`."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\s*```sh\n(.*?)```", text, re.S)
    assert found, f"no sh block after <!-- {marker} --> in {DOC}"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sandbox_walk_through_exports_a_file_that_plans_to_no_changes(tmp_path: Path) -> None:
    script = block("adoption-quickstart").replace("8089", str(free_port()))
    done = shell(script, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No changes" in done.stdout
    assert "inventory.yaml: valid (5 sites, 2 groups, 30 numbers wanted)" in done.stdout
    assert (tmp_path / "inventory.yaml").read_text(encoding="utf-8").startswith("# Exported by")
