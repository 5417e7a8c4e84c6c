"""The guard of tests/conftest.py holds: no credentials from outside, no traffic beyond loopback.

The probe test below is also run in a child pytest whose environment carries BANDWIDTH_*
variables: inside the test they must be gone.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

OUTSIDE = ("203.0.113.7", 443)  # TEST-NET-3: never routed, so a leak would hang, not answer


def test_a_connection_beyond_loopback_is_refused_before_it_is_made() -> None:
    with socket.socket() as s, pytest.raises(ConnectionRefusedError, match="only connect to"):
        s.connect(OUTSIDE)
    with socket.socket() as s, pytest.raises(ConnectionRefusedError, match="only connect to"):
        s.connect_ex(OUTSIDE)


def test_a_name_beyond_loopback_is_not_even_resolved() -> None:
    with pytest.raises(socket.gaierror, match="only resolve loopback"):
        socket.getaddrinfo("api.bandwidth.com", 443)
    with pytest.raises(requests.ConnectionError, match="only resolve loopback"):
        requests.get("https://dashboard.bandwidth.com/api/accounts", timeout=2)


def test_loopback_still_connects() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        for host in ("127.0.0.1", "localhost"):
            with socket.create_connection((host, port), timeout=5):
                pass


def test_probe_sees_no_bandwidth_variable_and_a_temporary_cache() -> None:
    assert sorted(k for k in os.environ if k.startswith("BANDWIDTH_")) == []
    cache = Path(os.environ["NUMSPEC_CACHE_DIR"])
    assert not cache.is_relative_to(Path.home() / ".cache")
    assert not cache.is_relative_to(Path(__file__).resolve().parents[1])  # not the checkout


def test_bandwidth_variables_of_the_shell_do_not_reach_a_test(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NUMSPEC_CACHE_DIR"}
    env.update(
        BANDWIDTH_CLIENT_ID="real-id",
        BANDWIDTH_CLIENT_SECRET="real-secret",
        BANDWIDTH_API_URL="https://dashboard.bandwidth.com/api",
    )
    probe = f"{__file__}::test_probe_sees_no_bandwidth_variable_and_a_temporary_cache"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", probe]
        + ["--basetemp", str(tmp_path / "child")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
