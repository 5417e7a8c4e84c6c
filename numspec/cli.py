"""The numspec command line: flags, wiring, and the one error handler that owns exit codes."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from types import FrameType

import click

from numspec.commands.flags import add_to_every_command, global_flags
from numspec.errors import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    NumspecError,
    SpecError,
)
from numspec.render.sanitize import line as one_line
from numspec.render.sanitize import safe_streams
from numspec.version import __version__

EPILOG = """\b
Global flags (-v, --debug, --no-color) go before or after the command:
`numspec plan -v` and `numspec -v plan` are the same.

\b
Exit codes:
  0    success (plan --detailed-exitcode: success, no changes)
  1    any error: bad input, usage, API failure, apply did not converge,
       stale plan, refusal
  2    only plan --detailed-exitcode: success, and the plan has changes
       (or blocked groups)
  3    unexpected internal error (a bug; rerun with --debug)
  130  interrupted (Ctrl-C or SIGTERM)

\b
Environment variables:
  BANDWIDTH_CLIENT_ID, BANDWIDTH_CLIENT_SECRET
                        OAuth2 credentials (not needed with --sandbox)
  BANDWIDTH_API_URL     v2 numbers API base
                        (default https://api.bandwidth.com/api/v2)
  BANDWIDTH_TOKEN_URL   OAuth2 token endpoint
                        (default https://api.bandwidth.com/api/v1/oauth2/token)
  NUMSPEC_RATE_LIMIT    requests per second numspec allows itself
                        (default 10; 100 against the embedded sandbox)
  NO_COLOR              when set, no colour (the same as --no-color)
"""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
    epilog=EPILOG,
)
@click.version_option(__version__, prog_name="numspec")
@global_flags
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Phone-number inventory as code for Bandwidth.

    Start with `numspec validate`, then `numspec plan --sandbox` and
    `numspec apply --sandbox --auto-approve` (no account needed).
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _register() -> None:
    from numspec.commands import apply, diff, export, plan, sandbox, show, validate

    for command in (
        validate.command,
        plan.command,
        diff.command,
        apply.command,
        export.command,
        show.command,
        sandbox.command,
    ):
        cli.add_command(command)
    add_to_every_command(cli)


_register()


# What the next run does after an interrupt (Ctrl-C, or SIGTERM as CI sends on cancel).
NOTHING_CHANGED = "Nothing was changed."
AFTER_INTERRUPT = {
    "apply": "Orders already placed stay placed: run the same apply again; it finds them by "
    "their tag, waits for them and orders only what is still missing.",
}


def _subcommand(argv: Sequence[str]) -> str:
    return next((a for a in argv if a in cli.commands), "")


def _terminate_as_interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _debug_requested(argv: Sequence[str]) -> bool:
    return "--debug" in argv


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; everything it prints goes through the sanitiser."""
    with safe_streams():
        return _run_restoring(argv)


def _run_restoring(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; the only place that maps errors to codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    no_color, level = os.environ.get("NO_COLOR"), logging.getLogger().level
    try:
        return _run(args)
    finally:  # --no-color and -v last for this run only (tests run many in one process)
        if no_color is None:
            os.environ.pop("NO_COLOR", None)
        else:
            os.environ["NO_COLOR"] = no_color
        logging.getLogger().setLevel(level)


def _run(args: list[str]) -> int:
    try:
        result = cli.main(args=args, prog_name="numspec", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo(
            f"Interrupted. {AFTER_INTERRUPT.get(_subcommand(args), NOTHING_CHANGED)}", err=True
        )
        return EXIT_INTERRUPTED
    except click.exceptions.ClickException as e:  # usage errors: exit 1, not click's 2
        e.show()
        return EXIT_ERROR
    except NumspecError as e:
        located = isinstance(e, SpecError)  # FILE:LINE:COL: lines print as they are
        for line in e.lines():
            plain = located or line.startswith(("error", "/"))
            click.echo(one_line(line) if plain else f"error: {one_line(line)}", err=True)
        return e.exit_code
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as e:  # noqa: BLE001 - the one boundary for bugs
        if _debug_requested(args):
            traceback.print_exc()
        click.echo(
            f"internal error: {type(e).__name__}: {e}\n"
            "This is a bug in numspec. Rerun with --debug to see the traceback.",
            err=True,
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else EXIT_OK


def main() -> None:
    """Console-script entry point: SIGTERM stops a run the way Ctrl-C does."""
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    sys.exit(run())
