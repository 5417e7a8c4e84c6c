"""`numspec plan`: read the account, print what apply would do; changes nothing."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from numspec.commands.common import (
    DEFAULT_INVENTORY,
    TARGET_HELP,
    file_option,
    open_api,
    sandbox_option,
    write_atomically,
)
from numspec.errors import EXIT_CHANGES, EXIT_OK
from numspec.plan.plan_model import Plan

if TYPE_CHECKING:
    from numspec.review.revisions import Side

FORMATS = ("text", "json", "markdown")


@click.command(name="plan")
@file_option
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also save the plan file (JSON, verified by apply PLANFILE) to this path.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: tables for people; json: the stable plan format for scripts; markdown: for a "
    "pull-request comment.",
)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 2 when the plan has changes (0: none, 1: error).",
)
@click.option(
    "--target", "targets", multiple=True, metavar="ADDR", help=TARGET_HELP + " Default: all."
)
@click.option(
    "--base",
    metavar="REV",
    help="Above the plan, show what the inventory's change since REV (a git revision or a "
    "file) means, with its risk notes; see `numspec diff`.",
)
@sandbox_option
def command(
    file: Path,
    out: Path | None,
    fmt: str,
    detailed_exitcode: bool,
    targets: tuple[str, ...],
    base: str | None,
    sandbox: bool,
) -> int:
    """Show what apply would order or disconnect; change nothing."""
    from numspec.inventory import load_inventory
    from numspec.plan.planner import make_plan, resolve_targets
    from numspec.render.read_progress import read_progress
    from numspec.review import Side, read_side

    inventory = load_inventory(file)
    resolve_targets(inventory, targets)  # an unknown target fails before any request
    base_side = read_side(base, file, "BASE") if base is not None else None  # likewise
    with (
        read_progress(sys.stderr) as progress,
        open_api(
            inventory.account_id, file, sandbox=sandbox, account_line=inventory.account_line
        ) as api,
    ):
        plan = make_plan(inventory, api, targets=targets, progress=progress)
    if out is not None:
        save(plan, out)
    if base_side is None:
        click.echo(render(plan, fmt), nl=False)
    else:
        click.echo(render_reviewed(plan, fmt, base_side, Side(str(file), inventory)), nl=False)
    if out is not None:
        click.echo(next_step(out, file, sandbox=sandbox), err=True)
    differs = plan.has_changes or plan.summary()["blocked"] > 0
    return EXIT_CHANGES if detailed_exitcode and differs else EXIT_OK


def save(plan: Plan, path: Path) -> None:
    """Write the plan file atomically (a half-written plan must never be applied)."""
    from numspec.plan.planfile import dumps

    write_atomically(path, dumps(plan), name=f"the plan file {path}")


def next_step(out: Path, file: Path, *, sandbox: bool) -> str:
    """Return the line naming the command that carries out the saved plan."""
    command = ["numspec", "apply", shlex.quote(str(out))]
    # apply reads -f (default inventory.yaml), never the path stored in the plan file.
    command += [] if str(file) == DEFAULT_INVENTORY else ["-f", shlex.quote(str(file))]
    command += ["--sandbox"] if sandbox else []
    return f"Saved the plan to {out}. To carry out exactly this plan: {' '.join(command)}"


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
    # Off a terminal (CI logs, files) nothing is cut to fit: tables take the width they need.
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 10_000
    return render_text(plan, color=color, width=width)


def render_reviewed(plan: Plan, fmt: str, base: Side, head: Side) -> str:
    """Return the review of the change from `base` to `head` above the plan, in one of FORMATS."""
    from numspec.render import plan_review
    from numspec.review import account_view, make_review

    review = make_review(base, head, account_view(plan))
    if fmt == "json":
        return plan_review.render_plan_review_json(review, plan)
    if fmt == "markdown":
        return plan_review.render_plan_review_markdown(review, plan)
    return plan_review.render_plan_review_text(review, render(plan, fmt))
