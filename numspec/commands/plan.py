"""`numspec plan`: read the account, print what apply would do; changes nothing."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from numspec.commands.common import file_option, open_api, sandbox_option, write_atomically
from numspec.errors import EXIT_CHANGES, EXIT_OK
from numspec.reconcile.model import Plan

FORMATS = ("text", "json", "markdown")


@click.command(name="plan")
@file_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save the plan (JSON, with what apply needs to detect staleness) to this file.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 2 when the plan has changes (0: none, 1: error).",
)
@click.option("--target", "targets", multiple=True, metavar="ADDR", help="SITE or SITE/GROUP.")
@sandbox_option
def command(
    file: Path,
    out: Path | None,
    fmt: str,
    detailed_exitcode: bool,
    targets: tuple[str, ...],
    sandbox: bool,
) -> int:
    """Show what apply would order or disconnect; change nothing."""
    from numspec.reconcile.plan import make_plan, resolve_targets
    from numspec.render.read_progress import read_progress
    from numspec.spec import load_inventory

    inventory = load_inventory(file)
    resolve_targets(inventory, targets)  # an unknown target fails before any request
    with (
        read_progress(sys.stderr) as progress,
        open_api(inventory.account_id, file, sandbox=sandbox) as api,
    ):
        plan = make_plan(inventory, api, targets=targets, progress=progress)
    if out is not None:
        save(plan, out)
    click.echo(render(plan, fmt), nl=False)
    differs = plan.has_changes or plan.summary()["blocked"] > 0
    return EXIT_CHANGES if detailed_exitcode and differs else EXIT_OK


def save(plan: Plan, path: Path) -> None:
    """Write the plan file atomically (a half-written plan must never be applied)."""
    from numspec.reconcile.planfile import dumps

    write_atomically(path, dumps(plan), name=f"the plan file {path}")


def render(plan: Plan, fmt: str) -> str:
    """Return the plan in one of FORMATS."""
    if fmt == "json":
        from numspec.render.plan_json import render_json

        return render_json(plan)
    if fmt == "markdown":
        from numspec.render.plan_markdown import render_markdown

        return render_markdown(plan)
    from numspec.render.plan_text import render_text

    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return render_text(plan, color=color, width=width)
