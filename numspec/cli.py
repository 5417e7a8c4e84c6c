"""The numspec command line: flags, wiring, and the one error handler that owns exit codes."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence

import click

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="numspec")
@click.option("-v", "--verbose", count=True, help="Log one line per API request on stderr.")
@click.option("--debug", is_flag=True, help="Show tracebacks and request bodies, secrets redacted.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, debug: bool) -> None:
    """Phone-number inventory as code for Bandwidth."""
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj = {"verbose": verbose, "debug": debug}


def _register() -> None:
    from numspec.commands import apply, export, plan, sandbox, show, validate

    for command in (
        validate.command,
        plan.command,
        apply.command,
        export.command,
        show.command,
        sandbox.command,
    ):
        cli.add_command(command)


_register()


def _debug_requested(argv: Sequence[str]) -> bool:
    return "--debug" in argv


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; everything it prints goes through the sanitiser."""
    with safe_streams():
        return _run(argv)


def _run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; the only place that maps errors to codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="numspec", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
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
    """Console-script entry point."""
    sys.exit(run())
