"""What `-v` and `--debug` print on a real run: requests and bodies, never a credential."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from support.sandbox import env_for

from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

INVENTORY = """\
version: 1
account_id: "9900000"
sites:
  us-sales:
    site_id: "1001"
    groups:
      raleigh: {quantity: 2, country: USA, area_code: "919"}
"""


def _token_head(box: EmbeddedSandbox) -> str:
    """The first segment of the sandbox's JWTs: the same in every token it issues."""
    reply = requests.post(
        box.token_url,
        auth=(box.client_id, box.client_secret),
        data={"grant_type": "client_credentials"},
        timeout=10,
    )
    return str(reply.json()["access_token"]).split(".")[0]


@pytest.mark.parametrize("flag", ["-v", "--debug"])
def test_logged_runs_show_requests_but_no_token_or_credentials(
    sandbox: EmbeddedSandbox, tmp_path: Path, flag: str
) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "numspec",
            flag,
            "plan",
            "-f",
            str(inventory),
            "--detailed-exitcode",
        ],
        env={**os.environ, **env_for(sandbox)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr  # changes to make
    shown = done.stdout + done.stderr
    assert f"POST {sandbox.token_url} -> 200" in done.stderr  # full URLs name the host
    if flag == "--debug":
        assert '"access_token": "***"' in done.stderr  # the token reply, redacted
    basic = base64.b64encode(f"{sandbox.client_id}:{sandbox.client_secret}".encode()).decode()
    assert _token_head(sandbox) not in shown
    assert basic not in shown and "Authorization" not in shown
