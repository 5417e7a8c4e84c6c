"""The command line as a newcomer meets it: help, global flags anywhere, stdin, bare `numspec`."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
import pytest
from support.cli import numspec

from numspec.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix: str = "numspec") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [(prefix, group)]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def test_bare_numspec_prints_help_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = numspec(capsys)
    assert (code, err) == (0, "")
    assert out.startswith("Usage: numspec [OPTIONS] [COMMAND] [ARGS]...")
    assert "Commands:" in out and "plan" in out


def test_bare_numspec_sandbox_prints_its_help_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = numspec(capsys, "sandbox")
    assert (code, err) == (0, "")
    assert out.startswith("Usage: numspec sandbox [OPTIONS] [COMMAND] [ARGS]...")
    assert "serve  Run the sandbox in the foreground" in out


def test_help_lists_exit_codes_environment_variables_and_no_color(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = numspec(capsys, "--help")
    assert code == 0
    for text in (
        "Exit codes:",
        "130  interrupted (Ctrl-C or SIGTERM)",
        "3    unexpected internal error",
        "Environment variables:",
        "BANDWIDTH_CLIENT_ID, BANDWIDTH_CLIENT_SECRET",
        "BANDWIDTH_API_URL",
        "BANDWIDTH_TOKEN_URL",
        "NUMSPEC_RATE_LIMIT",
        "NO_COLOR",
        "--no-color",
    ):
        assert text in out, text


@pytest.mark.parametrize(("name", "command"), _commands(cli), ids=lambda v: str(v))
def test_every_option_has_help_text(name: str, command: click.Command) -> None:
    silent = [p.name for p in command.params if isinstance(p, click.Option) and not p.help]
    assert silent == [], name


@pytest.mark.parametrize("name", ["plan", "apply"])
def test_target_says_it_repeats(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = numspec(capsys, name, "--help")
    assert code == 0
    assert "repeat --target for more" in " ".join(out.split())


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "-v"],
        ["validate", "--debug"],
        ["validate", "--no-color"],
        ["-v", "validate"],
        ["--debug", "validate", "-vv", "--no-color"],
    ],
    ids=" ".join,
)
def test_global_flags_are_accepted_before_or_after_the_subcommand(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    inventory = str(ROOT / "inventory.yaml")
    code, out, err = numspec(capsys, *args, "-f", inventory)
    assert (code, err) == (0, "")
    assert out == f"{inventory}: valid (5 sites, 8 groups, 20 numbers wanted)\n"


def test_every_subcommand_takes_the_global_flags() -> None:
    for name, command in _commands(cli):
        opts = {o for p in command.params for o in getattr(p, "opts", ())}
        if isinstance(command, click.Group) and name != "numspec":
            continue
        assert {"-v", "--debug", "--no-color"} <= opts, name


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_dash_f_dash_reads_the_inventory_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, (ROOT / "inventory.yaml").read_bytes())
    code, out, err = numspec(capsys, "validate", "-f", "-")
    assert (code, out, err) == (0, "<stdin>: valid (5 sites, 8 groups, 20 numbers wanted)\n", "")


def test_problems_in_stdin_are_located_in_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "inventory.yaml").read_text().replace("quantity: 3", "quantity: x", 1)
    _stdin(monkeypatch, text.encode())
    code, out, err = numspec(capsys, "validate", "-f", "-")
    assert (code, out) == (1, "")
    assert err == (
        "<stdin>:20:19: sites.uk-support.groups.london.quantity: expected a whole number, got "
        'the text "x"\n'
    )


def test_show_reads_the_account_of_an_inventory_on_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "inventory.yaml").read_text().replace('"9900000"', '"1234567"')
    _stdin(monkeypatch, text.encode())
    code, out, err = numspec(capsys, "show", "-f", "-", "--sandbox")
    assert (code, out) == (1, "")
    assert err.startswith('error: <stdin>: account_id "1234567" is not in the sandbox')
