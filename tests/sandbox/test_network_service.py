"""The sandbox as a network service: loopback by default, admin routes guarded, bad input 400."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sandbox_api import Api
from support.cli import child_env, numspec

from numspec.sandbox.server import EmbeddedSandbox, start_embedded

CONTROL_QUERIES = [
    ("/availableNumbers", {"areaCode": "91\x009", "quantity": "1"}),
    ("/availableNumbers", {"city": "RAL\x1bEIGH", "state": "NC", "quantity": "1"}),
    ("/orders", {"customerOrderId": "\x07"}),
    ("/inserviceNumbers", {"size": "\x00"}),
    ("/inserviceNumbers", {"page": "\x01"}),
    ("/sites/\x01", {}),
]


@pytest.fixture(scope="module")
def box(
    tmp_path_factory: pytest.TempPathFactory, numspec_cache_dir: Path
) -> Iterator[EmbeddedSandbox]:
    mp = pytest.MonkeyPatch()
    mp.setenv("NUMSPEC_CACHE_DIR", str(numspec_cache_dir))
    sandbox = start_embedded(tmp_path_factory.mktemp("net") / "db.sqlite3", order_latency=0.05)
    try:
        yield sandbox
    finally:
        sandbox.stop()
        mp.undo()


def test_serve_refuses_a_non_loopback_host_without_the_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = numspec(
        capsys, "sandbox", "serve", "--host", "0.0.0.0", "--db", str(tmp_path / "s.db")
    )
    assert code == 1 and out == ""
    assert err.startswith("error: refusing to serve the sandbox on 0.0.0.0")
    assert "--allow-remote" in err and not (tmp_path / "s.db").exists()


def test_serve_on_all_interfaces_warns_and_guards_the_admin_routes(tmp_path: Path) -> None:
    env = child_env({"NUMSPEC_SANDBOX_ADMIN_TOKEN": "admin-token-for-this-test"})
    args = ["--host", "0.0.0.0", "--allow-remote", "--port", "0", "--db", str(tmp_path / "s.db")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "numspec", "sandbox", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        port = line.rsplit(":", 1)[-1].strip()
        url = f"http://127.0.0.1:{port}/_sandbox/config"
        assert requests.get(url, timeout=10).status_code == 401
        token = {"X-Sandbox-Admin-Token": "admin-token-for-this-test"}
        assert requests.get(url, headers=token, timeout=10).status_code == 200
        assert (
            requests.get(url, headers={"X-Sandbox-Admin-Token": "nope"}, timeout=10).status_code
            == 401
        )
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "warning: the sandbox listens on 0.0.0.0, beyond this machine" in err
    assert "admin-token-for-this-test" not in err  # chosen by the user: not printed


def test_admin_posts_that_are_not_json_are_refused_unchanged(box: EmbeddedSandbox) -> None:
    url = box.url + "/_sandbox/config"
    before = requests.get(url, timeout=10).json()
    for headers, body in [
        ({"Content-Type": "text/plain"}, '{"fault_rate": 1}'),
        ({"Content-Type": "application/x-www-form-urlencoded"}, "fault_rate=1"),
        ({}, ""),
    ]:
        reply = requests.post(url, data=body, headers=headers, timeout=10)
        assert reply.status_code == 415, reply.text
        assert "application/json" in reply.json()["error"]
    assert requests.post(box.url + "/_sandbox/reset-stats", timeout=10).status_code == 415
    assert requests.get(url, timeout=10).json() == before


def test_a_non_finite_switch_is_a_400(box: EmbeddedSandbox) -> None:
    url = box.url + "/_sandbox/config"
    for value in ("Infinity", "NaN"):
        reply = requests.post(
            url,
            data=f'{{"order_latency": {value}}}',
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert reply.status_code == 400 and "finite" in reply.json()["error"]


@pytest.mark.parametrize(("path", "params"), CONTROL_QUERIES)
def test_control_characters_in_a_request_get_a_400_not_a_500(
    box: EmbeddedSandbox, path: str, params: dict[str, str]
) -> None:
    reply = Api(box).get(path, **params)
    assert reply.status_code == 400
    assert b"control character" in reply.content
