"""The benchmarks still run (at toy sizes): a refactor must not leave bench/ broken unnoticed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

pytestmark = pytest.mark.slow

TOY = {
    "sandbox_bench.py": ["--searches", "5"],
    "client_bench.py": ["--numbers", "300", "--sites", "2"],
    "plan_scale.py": ["--numbers", "400", "--sites", "2", "--groups", "4", "--target"],
    "parse_bench.py": ["--pages", "1"],
    "apply_account.py": ["--numbers", "500", "--sites", "2", "--quantity", "2"],
    "match_scale.py": ["--numbers", "2000", "--groups", "10"],
    "apply_scale.py": ["--groups", "2", "--per-group", "2", "--latency", "0.05", "--race", "0"],
    "diff_scale.py": ["--groups", "40", "--pinned", "3"],
    "voice_bench.py": ["--numbers", "1500"],
    "move_bench.py": ["--numbers", "20", "--latency", "0.05"],
    "validate_hostile.py": ["--size-mb", "0.05"],
}


@pytest.mark.parametrize("script", sorted(TOY))
def test_the_benchmark_runs_at_toy_size_and_prints_its_machine(script: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANDWIDTH_")}
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *TOY[script]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stdout.strip()
