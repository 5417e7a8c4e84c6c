"""Hostile YAML: the loader stops at its limits while composing, in seconds and bounded memory.

The limits are lowered here (they are module constants) so each attack is quick to run; the
benchmark bench/validate_hostile.py measures the real limits on 1 MB and 30 MB files.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from inventory_text import NAME

from numspec.errors import SpecError
from numspec.inventory import parse_yaml, read_yaml, yamlfile


def _problem(raw: bytes) -> str:
    with pytest.raises(SpecError) as e:
        parse_yaml(raw, NAME)
    (line,) = e.value.lines()
    return line


def test_many_small_nodes_stop_at_the_node_limit_while_composing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_NODES", 2000)
    raw = b"x:\n" + b"  - [a, b, c, d, e, f, g, h]\n" * 100_000  # 3 MB, 900,000 nodes
    tracemalloc.start()
    started = time.monotonic()
    try:
        line = _problem(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert line.startswith(f"{NAME}:223:27:") and "has more than 2000 values" in line
    assert peak < 40 * 1024 * 1024  # the 3 MB text, its line index and 2000 nodes


def test_deep_nesting_stops_at_the_depth_limit_while_composing() -> None:
    line = _problem(b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    assert line == f"{NAME}:1:68: the document nests deeper than 64 levels"


def test_scalar_text_is_bounded_in_total_while_composing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_SCALAR_CHARS", 10_000)
    raw = b"".join(b"k%d: " % i + b"x" * 3000 + b"\n" for i in range(10))
    line = _problem(raw)
    assert line.startswith(f"{NAME}:4:5:") and "more than 10000 characters" in line


def test_a_file_past_the_size_cap_is_refused_after_reading_only_the_cap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 1024 * 1024)
    path = tmp_path / "inventory.yaml"
    path.write_bytes(b"a: b\n" * 2_000_000)  # 10 MB
    started = time.monotonic()
    with pytest.raises(SpecError) as e:
        read_yaml(path)
    assert time.monotonic() - started < 1
    assert e.value.lines() == [f"{path}:1:1: the file is larger than 1 MiB"]


def test_the_stated_size_cap_fits_an_inventory_at_the_node_limit() -> None:
    pinned = 16 + len('      - "+19195550100"\n')  # one pinned number per line, with room
    assert yamlfile.MAX_NODES * pinned < yamlfile.MAX_BYTES
