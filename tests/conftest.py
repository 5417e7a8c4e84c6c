"""Shared fixtures: the network and credential guard, and sandboxes on 127.0.0.1.

- Every test runs with `BANDWIDTH_*` cleared, with connections to anything but loopback
  refused (and names other than loopback not resolved, so not even a DNS query leaves), and
  with NUMSPEC_CACHE_DIR pointing at a temporary directory that survives between runs (the
  sandbox's template database is built there once). Hypothesis keeps its files beside it, not
  in `.hypothesis/` of the checkout. tests/test_guard.py checks all of this.
- `sandbox`: a fresh embedded sandbox (new database from the template in tmp_path, port 0,
  order latency 0.1 s, the `mixed` dialect or $NUMSPEC_TEST_DIALECT);
  `sandbox_factory(**switches)` makes more, with any start_embedded
  switch, and `db_path=` to reopen an existing database. All are stopped after the test.
- `connect(box)`: point numspec's environment (BANDWIDTH_*) at a sandbox, as a user would at
  Bandwidth; `connected`: the `sandbox`, connected.
- Helpers for tests (admin routes, the CLI in-process) are in tests/support/.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis.configuration import set_hypothesis_home_dir
from support.sandbox import env_for

from numspec import redaction
from numspec.sandbox.server import EmbeddedSandbox, start_embedded

LOOPBACK = ("127.", "::1", "localhost", "0:0:0:0:0:0:0:1")
TEST_ORDER_LATENCY = 0.1
# The sandbox's reply shapes in tests: mixed (both dialects, per reply) unless
# NUMSPEC_TEST_DIALECT says captured or seed (run the e2e modules under each).
TEST_DIALECT = os.environ.get("NUMSPEC_TEST_DIALECT", "mixed")


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths and the like
        return True
    return str(address[0]).startswith(LOOPBACK)


def _is_local_name(host: Any) -> bool:
    """A name getaddrinfo may resolve: loopback, or none/the wildcard (a server binding)."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return host in (None, "", "0.0.0.0", "::") or str(host).startswith(LOOPBACK)


@pytest.fixture(scope="session")
def numspec_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory kept across test runs (beside pytest's own temporary roots)."""
    configured = os.environ.get("NUMSPEC_CACHE_DIR")
    if configured:
        return Path(configured)
    path = tmp_path_factory.getbasetemp().parent / "numspec-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.hookimpl(trylast=True)  # after pytest's tmp_path plugin has set up its factory
def pytest_configure(config: pytest.Config) -> None:
    """Keep Hypothesis's database and caches beside pytest's temporary roots.

    Hypothesis writes them while collecting, before any fixture runs, so this is a hook.
    """
    factory: pytest.TempPathFactory = config._tmp_path_factory  # type: ignore[attr-defined]
    set_hypothesis_home_dir(factory.getbasetemp().parent / "hypothesis")


@pytest.fixture(autouse=True)
def _guard(monkeypatch: pytest.MonkeyPatch, numspec_cache_dir: Path) -> None:
    for name in list(os.environ):
        if name.startswith("BANDWIDTH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NUMSPEC_CACHE_DIR", str(numspec_cache_dir))
    redaction.forget_all()  # secrets remembered by an earlier test's client
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if not _is_loopback(address):
            raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _is_loopback(address):
            raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_local_name(host):
            raise socket.gaierror(f"tests may only resolve loopback names, not {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


SandboxFactory = Callable[..., EmbeddedSandbox]


@pytest.fixture
def sandbox_factory(tmp_path: Path) -> Iterator[SandboxFactory]:
    """Start sandboxes: `sandbox_factory(race_rate=0.5, db_path=..., ...)`."""
    started: list[EmbeddedSandbox] = []

    def make(*, db_path: Path | None = None, **switches: Any) -> EmbeddedSandbox:
        db = db_path or tmp_path / f"sandbox-{len(started)}.sqlite3"
        switches.setdefault("order_latency", TEST_ORDER_LATENCY)
        switches.setdefault("dialect", TEST_DIALECT)
        box = start_embedded(db, **switches)
        started.append(box)
        return box

    yield make
    for box in started:
        box.stop()


@pytest.fixture
def sandbox(sandbox_factory: SandboxFactory) -> EmbeddedSandbox:
    """A fresh sandbox with the default switches (order latency 0.1 s)."""
    return sandbox_factory()


@pytest.fixture
def connect(monkeypatch: pytest.MonkeyPatch) -> Callable[[EmbeddedSandbox], EmbeddedSandbox]:
    """`connect(box)`: set BANDWIDTH_* to the sandbox's URLs and credentials; return `box`."""

    def to(box: EmbeddedSandbox) -> EmbeddedSandbox:
        for name, value in env_for(box).items():
            monkeypatch.setenv(name, value)
        return box

    return to


@pytest.fixture
def connected(
    sandbox: EmbeddedSandbox, connect: Callable[[EmbeddedSandbox], EmbeddedSandbox]
) -> EmbeddedSandbox:
    """The `sandbox`, with numspec's environment pointing at it."""
    return connect(sandbox)
