"""Fixtures of the sandbox tests: an Api on a fresh sandbox, and one shared per module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sandbox_api import Api

from numspec.sandbox.server import EmbeddedSandbox, start_embedded

SandboxFactory = Callable[..., EmbeddedSandbox]


# The sandbox's own wire tests read raw XML: they pin the dialect of the real captures (the seed
# guide's shapes are checked in test_dialect.py). Client and end-to-end tests run `mixed`.
DIALECT = "captured"


@pytest.fixture
def sandbox_factory(sandbox_factory: SandboxFactory) -> SandboxFactory:
    """The suite's sandbox_factory, in the captured dialect unless a test says otherwise."""

    def make(**switches: Any) -> EmbeddedSandbox:
        switches.setdefault("dialect", DIALECT)
        return sandbox_factory(**switches)

    return make


@pytest.fixture
def api(sandbox: EmbeddedSandbox) -> Api:
    return Api(sandbox)


@pytest.fixture(scope="module")
def shared_api(tmp_path_factory: pytest.TempPathFactory, numspec_cache_dir: Path) -> Iterator[Api]:
    """One sandbox for a module's read-mostly tests (each test must leave it usable)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("NUMSPEC_CACHE_DIR", str(numspec_cache_dir))
    box = start_embedded(
        tmp_path_factory.mktemp("shared") / "db.sqlite3", order_latency=0.05, dialect=DIALECT
    )
    try:
        yield Api(box)
    finally:
        box.stop()
        mp.undo()
