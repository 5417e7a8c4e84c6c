"""apply killed at any point, and two applies at once: exact counts, nothing ordered twice."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from apply_support import assert_exact, write_inventory
from support.cli import child_env
from support.sandbox import env_for

pytestmark = pytest.mark.slow


def start_apply(inventory: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "numspec", "apply", "--auto-approve", "-f", str(inventory)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_at(process: subprocess.Popen[str], marker: str, delay: float) -> list[str]:
    """SIGKILL the process `delay` seconds after its progress shows `marker`."""
    seen = []
    assert process.stderr is not None
    for line in process.stderr:
        seen.append(line)
        if f" {marker} " in line:
            time.sleep(delay)
            process.kill()
            break
    process.communicate(timeout=10)  # reap it and close its pipes
    return seen


@pytest.mark.parametrize(
    ("marker", "delay"),
    [
        ("searching", 0.0),  # before any POST
        ("ordering", 0.0),  # around the POST
        ("waiting", 0.0),  # after the POST, before the poll
        ("waiting", 0.25),  # mid-poll
    ],
)
def test_a_run_killed_at_any_point_and_run_again_orders_exactly_the_remainder(
    tmp_path: Path, sandbox_factory, marker: str, delay: float
) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(order_latency=0.4)
    env = child_env(env_for(box))
    inventory = write_inventory(tmp_path)
    seen = kill_at(start_apply(inventory, env), marker, delay)
    assert any(f" {marker} " in line for line in seen), seen
    rerun = start_apply(inventory, env)
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err
    assert_exact(box, inventory)


@pytest.mark.parametrize("shared_directory", [False, True])
def test_two_applies_at_once_hold_exact_counts(
    tmp_path: Path, sandbox_factory, shared_directory: bool
) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(order_latency=0.3)
    env = child_env(env_for(box))
    first = write_inventory(tmp_path / "a")
    second = first if shared_directory else write_inventory(tmp_path / "b")
    runs = [start_apply(first, env), start_apply(second, env)]
    results = [r.communicate(timeout=90) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], [err for _, err in results]
    assert_exact(box, first)
