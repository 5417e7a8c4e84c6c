"""plan and apply against misbehaving servers: one line on stderr, exit 1, nothing ordered."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from support.cli import numspec
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
