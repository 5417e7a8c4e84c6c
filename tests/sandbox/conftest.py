"""Fixtures of the sandbox tests: an Api on a fresh sandbox, and one shared per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_api import Api

from numspec.sandbox.server import EmbeddedSandbox, start_embedded


@pytest.fixture
def api(sandbox: EmbeddedSandbox) -> Api:
    return Api(sandbox)


@pytest.fixture(scope="module")
def shared_api(tmp_path_factory: pytest.TempPathFactory, numspec_cache_dir: Path) -> Iterator[Api]:
    """One sandbox for a module's read-mostly tests (each test must leave it usable)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("NUMSPEC_CACHE_DIR", str(numspec_cache_dir))
    box = start_embedded(tmp_path_factory.mktemp("shared") / "db.sqlite3", order_latency=0.05)
    try:
        yield Api(box)
    finally:
        box.stop()
        mp.undo()
