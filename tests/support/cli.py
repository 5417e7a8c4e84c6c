"""Run numspec's CLI from a test: in-process with its output, or the environment for a child."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from numspec.cli import run


def numspec(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr) of this run only."""
    capsys.readouterr()
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def child_env(extra: Mapping[str, str] = {}) -> dict[str, str]:  # noqa: B006 - never mutated
    """The environment for numspec in a subprocess: no BANDWIDTH_* of ours, this venv on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANDWIDTH_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def shell(
    script: str,
    cwd: Path,
    env: Mapping[str, str] = {},  # noqa: B006 - never mutated
    *,
    options: tuple[str, ...] = ("-e",),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run a shell script as written (bash `options`), with numspec's venv first on PATH."""
    return subprocess.run(
        ["bash", *options, "-c", script],
        cwd=cwd,
        env=child_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
