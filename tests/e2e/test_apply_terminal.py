"""`numspec apply` on a real terminal (a pty): it asks, and only "yes" changes anything."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from apply_support import write_inventory
from support.cli import child_env
from support.sandbox import env_for, posts

pytestmark = pytest.mark.slow

GROUPS = '      raleigh: {quantity: 2, country: USA, area_code: "919"}\n'


def _run_on_a_terminal(inventory: Path, env: dict[str, str], answer: str) -> tuple[int, str]:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "numspec", "apply", "-f", str(inventory)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**env, "NO_COLOR": "1", "COLUMNS": "120"},
        close_fds=True,
    )
    os.close(follower)
    seen = b""
    answered = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"Apply this plan?" in seen:
            os.write(leader, answer.encode() + b"\r")
            answered = True
        if proc.poll() is not None and not ready:
            break
    code = proc.wait(timeout=30)
    os.close(leader)
    return code, seen.decode(errors="replace")


def test_answering_no_on_a_terminal_changes_nothing(tmp_path, sandbox) -> None:  # type: ignore[no-untyped-def]
    inventory = write_inventory(tmp_path, GROUPS)
    code, screen = _run_on_a_terminal(inventory, child_env(env_for(sandbox)), "n")
    assert "Plan: 2 to order, 0 to disconnect, 0 blocked." in screen
    assert code == 1, screen
    assert "apply cancelled; nothing was changed" in screen
    assert posts(sandbox) == 0


def test_answering_yes_on_a_terminal_applies_the_plan(tmp_path, sandbox) -> None:  # type: ignore[no-untyped-def]
    inventory = write_inventory(tmp_path, GROUPS)
    code, screen = _run_on_a_terminal(inventory, child_env(env_for(sandbox)), "y")
    assert code == 0, screen
    assert "Apply converged" in screen
    assert posts(sandbox) == 1
