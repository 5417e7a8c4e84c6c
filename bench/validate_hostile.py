"""validate on hostile YAML: wall time and peak memory (RSS) per file size and shape.

Each run is a fresh `python -m numspec validate -f FILE` child, so its peak RSS is its own. The
shapes are what a pull request could send CI or the pre-commit hook: many small nodes, many
keys, long scalars, deep flow nesting, an alias fan-out. Files past the loader's byte cap are
refused after reading the cap; the others stop at the node, depth or scalar limit.

    /work/venv/bin/python bench/validate_hostile.py [--size-mb 1 --size-mb 30]
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEAD = 'version: 1\naccount_id: "9900000"\nsites:\n  s:\n    site_id: "1"\n    groups:\n'


def small_nodes(size: int) -> str:
    item = "      - [a, b, c, d, e, f, g, h]\n"
    return HEAD.replace("    groups:\n", "    x:\n") + item * (size // len(item))


def many_keys(size: int) -> str:
    lines = [f"      g{i}: {{quantity: 1, country: USA}}\n" for i in range(size // 40)]
    return HEAD + "".join(lines)


def long_scalars(size: int) -> str:
    line = "      k{}: " + "x" * 4000 + "\n"
    return HEAD + "".join(line.format(i) for i in range(size // 4010))


def deep_flow(size: int) -> str:
    depth = size // 2
    return HEAD + "      g: " + "[" * depth + "]" * depth + "\n"


def alias_fan(size: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
    total, i = len(lines[0]), 0
    while total < size:
        i += 1
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n")
        total += len(lines[-1])
    return "".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "small nodes": small_nodes,
    "many keys": many_keys,
    "long scalars": long_scalars,
    "deep flow": deep_flow,
    "alias fan-out": alias_fan,
}

# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child would report the
# driver's own peak (the 30 MB strings it built) instead of its own.
CHILD = """
import sys, time
from numspec.cli import run
t = time.perf_counter()
code = run(["validate", "-f", sys.argv[1]])
took = time.perf_counter() - t
hwm = [l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
print(f"RESULT {code} {took:.3f} {hwm}")
"""


def measure(path: Path) -> tuple[int, float, float, str]:
    """Return (exit code, seconds, peak RSS in MB, first stderr line) of one validate run."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    if not result:
        raise SystemExit(f"validate crashed on {path.name}:\n{done.stderr[-2000:]}")
    _, code, took, rss_kb = result[-1].split()
    first = (done.stderr.strip().splitlines() or ["(no message)"])[0]
    return int(code), float(took), int(rss_kb) / 1024, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, action="append", help="file sizes (MB)")
    args = parser.parse_args()
    sizes = args.size_mb or [1.0, 30.0]
    machine = f"{platform.platform()}, {os.cpu_count()} CPUs"
    print(f"machine: {machine}, Python {platform.python_version()}")
    print("each row: a fresh `numspec validate` process; seconds inside it, its peak RSS (VmHWM)")
    print(f"{'shape':<14} {'size':>8} {'exit':>4} {'seconds':>8} {'peak MB':>8}  message")
    with tempfile.TemporaryDirectory() as tmp:
        for size_mb in sizes:
            for shape, make in SHAPES.items():
                path = Path(tmp) / "inventory.yaml"
                text = make(int(size_mb * 1_000_000))
                path.write_text(text, encoding="utf-8")
                started = time.perf_counter()
                code, took, peak, first = measure(path)
                wall = time.perf_counter() - started
                size = f"{len(text.encode()) / 1e6:.1f}MB"
                print(f"{shape:<14} {size:>8} {code:>4} {took:>8.2f} {peak:>8.0f}  {first[:70]}")
                if code not in (0, 1) or wall > 120:
                    raise SystemExit(f"unexpected: exit {code} after {wall:.1f} s on {shape}")


if __name__ == "__main__":
    main()
