"""plan and apply against misbehaving servers: one line on stderr, exit 1, nothing ordered."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.cli import child_env, numspec
from support.hostile import (
    ACCOUNT_PATH,
    CLIENT_ID,
    SECRET,
    TOKEN,
    Handler,
    HostileServer,
    one_byte_a_second,
    reply,
)

INVENTORY = """\
version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1001"
    groups:
      raleigh: {quantity: 2, country: USA, area_code: "919"}
"""


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.yaml"
    path.write_text(INVENTORY, encoding="utf-8")
    return path


def _connect(monkeypatch: pytest.MonkeyPatch, server: HostileServer) -> None:
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)


def test_plan_against_a_redirecting_api_fails_with_one_line_naming_the_variable(
    inventory: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {f"GET {ACCOUNT_PATH}/sites": lambda h: reply(h, 301, Location="http://x/y")}
    with HostileServer(routes) as server:
        _connect(monkeypatch, server)
        code, out, err = numspec(capsys, "plan", "-f", str(inventory))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: the server answered 301")
    assert "check BANDWIDTH_API_URL" in err and "Traceback" not in err


def test_apply_timeout_covers_reading_the_account_and_orders_nothing(
    inventory: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    routes = {f"GET {ACCOUNT_PATH}/sites": one_byte_a_second}
    started = time.monotonic()
    with HostileServer(routes) as server:
        _connect(monkeypatch, server)
        code, _, err = numspec(
            capsys, "apply", "-f", str(inventory), "--auto-approve", "--timeout", "2"
        )
        calls = list(server.calls)
    assert time.monotonic() - started < 10
    assert code == 1 and "no complete reply within" in err
    assert not [c for c in calls if c.startswith("POST") and "/orders" in c]


def test_plan_against_a_server_echoing_the_token_shows_no_secret(
    inventory: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def echo(h: Handler) -> None:
        said = f"{h.headers['Authorization']} from {CLIENT_ID}:{SECRET}"
        body = f"<ErrorResponse><ResponseStatus><ErrorCode>9</ErrorCode><Description>{said}"
        reply(h, 400, (body + "</Description></ResponseStatus></ErrorResponse>").encode())

    with HostileServer({f"GET {ACCOUNT_PATH}/sites": echo}) as server:
        _connect(monkeypatch, server)
        code, out, err = numspec(capsys, "-v", "plan", "-f", str(inventory), "--format", "json")
    shown = out + err
    assert code == 1 and "[Bandwidth 9: Bearer *** from" in err
    assert TOKEN not in shown and SECRET not in shown and "\x1b" not in shown


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_plan_with_nothing_listening_says_so_at_the_first_retry_and_fails_fast(
    inventory: Path,
) -> None:
    port = _closed_port()
    env = child_env(
        {
            "BANDWIDTH_API_URL": f"http://127.0.0.1:{port}/api/v2",
            "BANDWIDTH_TOKEN_URL": f"http://127.0.0.1:{port}/api/v1/oauth2/token",
            "BANDWIDTH_CLIENT_ID": CLIENT_ID,
            "BANDWIDTH_CLIENT_SECRET": SECRET,
        }
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "numspec", "plan", "-f", str(inventory)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert time.monotonic() - started < 15  # interpreter start included; no 25 s of silence
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and done.stdout == ""
    assert lines[0] == f"cannot reach 127.0.0.1:{port}, retrying 1/6"
    assert lines[-1] == (
        f"error: could not reach 127.0.0.1:{port}: connection refused (is anything listening "
        f"there?); check BANDWIDTH_TOKEN_URL (POST http://127.0.0.1:{port}/api/v1/oauth2/token)"
    )
    assert SECRET not in done.stderr


def test_overriding_only_the_token_url_warns_on_the_command_line(
    inventory: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = _closed_port()
    monkeypatch.setenv("BANDWIDTH_TOKEN_URL", f"http://127.0.0.1:{port}/token")
    monkeypatch.setenv("BANDWIDTH_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("BANDWIDTH_CLIENT_SECRET", SECRET)
    code, _, err = numspec(capsys, "plan", "-f", str(inventory))
    assert code == 1 and "check BANDWIDTH_TOKEN_URL" in err
    assert (
        "BANDWIDTH_TOKEN_URL is set but BANDWIDTH_API_URL is not, so requests still go to "
        "https://api.bandwidth.com/api/v2; set BANDWIDTH_API_URL too"
    ) in caplog.text
