"""The global flags (-v, --debug, --no-color): accepted before or after the subcommand.

`numspec -v plan` and `numspec plan -v` mean the same. The group and every subcommand carry
the flags; whichever place gives them, the strongest setting wins (`-v` twice counts twice).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

VERBOSE_HELP = "Log one line per API request on stderr: the request, status, time, retries."
DEBUG_HELP = "Also log request and reply bodies (secrets redacted) and show tracebacks."
NO_COLOR_HELP = "Print no colour (as the NO_COLOR environment variable does)."


def _state(ctx: click.Context) -> dict[str, Any]:
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {"verbose": 0, "debug": False, "no_color": False}
    state: dict[str, Any] = root.obj
    return state


def configure(state: dict[str, Any]) -> None:
    """Set logging and colour from the flags given so far."""
    level = (
        logging.DEBUG if state["debug"] else logging.INFO if state["verbose"] else logging.WARNING
    )
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    root.setLevel(level)
    if state["no_color"]:
        os.environ["NO_COLOR"] = "1"  # rich and the renderers honour it; cli.run restores it


def _verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    state = _state(ctx)
    state["verbose"] += value or 0
    configure(state)


def _debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    state = _state(ctx)
    state["debug"] = state["debug"] or bool(value)
    configure(state)


def _no_color(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    state = _state(ctx)
    state["no_color"] = state["no_color"] or bool(value)
    configure(state)


def global_flags(f: F) -> F:
    """Add -v/--verbose, --debug and --no-color to a command or group."""
    options = (
        click.option(
            "-v", "--verbose", count=True, expose_value=False, callback=_verbose, help=VERBOSE_HELP
        ),
        click.option("--debug", is_flag=True, expose_value=False, callback=_debug, help=DEBUG_HELP),
        click.option(
            "--no-color", is_flag=True, expose_value=False, callback=_no_color, help=NO_COLOR_HELP
        ),
    )
    # A decorator stacks options bottom-up; a built command appends them in order.
    for option in options if isinstance(f, click.Command) else reversed(options):
        f = option(f)
    return f


def add_to_every_command(group: click.Group) -> None:
    """Give every subcommand of `group` (and of its subgroups) the global flags."""
    for command in group.commands.values():
        names = {name for p in command.params for name in getattr(p, "opts", ())}
        if "--debug" not in names:
            global_flags(command)
        if isinstance(command, click.Group):
            add_to_every_command(command)
