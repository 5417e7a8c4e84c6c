"""`numspec apply`: converge the account to the inventory, or carry out a saved plan."""

from __future__ import annotations

import shlex
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from numspec.bandwidth.api import NumbersApi
from numspec.commands.common import (
    TARGET_HELP,
    file_option,
    limit_run,
    open_api,
    sandbox_option,
)
from numspec.errors import ApplyError, RefusedError, UsageError
from numspec.inventory.model import Inventory
from numspec.inventory.yamlfile import STDIN
from numspec.plan.plan_model import Plan

if TYPE_CHECKING:
    from numspec.apply.context import ApplyOptions


@dataclass(frozen=True)
class _Args:
    planfile: Path | None
    file: Path
    auto_approve: bool
    allow_disconnect: bool
    targets: tuple[str, ...]
    timeout: float
    parallelism: int
    reserve: bool
    fmt: str
    sandbox: bool


@click.command(name="apply")
@click.argument(
    "planfile", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@file_option
@click.option("--auto-approve", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--allow-disconnect",
    is_flag=True,
    help="Allow the plan's disconnects (at most policy.max_disconnects).",
)
@click.option(
    "--target", "targets", multiple=True, metavar="ADDR", help=TARGET_HELP + " Default: all."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=1800,
    show_default=True,
    help="Seconds the whole run may take; orders still running are left for the next run.",
)
@click.option(
    "--parallelism",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Groups searching and ordering at once (orders are waited for concurrently).",
)
@click.option(
    "--reserve",
    is_flag=True,
    help="After a group loses a number to another customer, reserve its NANP numbers "
    "between search and order.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="The report on stdout: text for people, json for scripts.",
)
@sandbox_option
def command(
    planfile: Path | None,
    file: Path,
    auto_approve: bool,
    allow_disconnect: bool,
    targets: tuple[str, ...],
    timeout: float,
    parallelism: int,
    reserve: bool,
    fmt: str,
    sandbox: bool,
) -> None:
    """Order what the inventory lacks (and disconnect surplus when allowed).

    With PLANFILE (from `numspec plan --out`), carry out exactly that plan: apply plans again
    from the inventory (-f, default inventory.yaml) and the account, and refuses unless the
    changes are the same. A plan with no changes prints "No changes" and exits 0.
    """
    run(
        _Args(
            planfile,
            file,
            auto_approve,
            allow_disconnect,
            targets,
            timeout,
            parallelism,
            reserve,
            fmt,
            sandbox,
        )
    )


def _read_plan(path: Path) -> Plan:
    from numspec.plan.planfile import loads

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"cannot read the plan file {path}: {e}") from e
    return loads(text, str(path))


def _check_inventory_exists(args: _Args, saved: Plan) -> None:
    """Name the inventory a saved plan was made from when the one to read is not here."""
    if str(args.file) == "-" or args.file.exists():
        return
    if saved.inventory_path == STDIN:
        raise UsageError(
            f"{args.planfile} was made from an inventory read from stdin; give the same "
            "inventory again with -f - (or -f FILE)"
        )
    made_from = saved.inventory_path or str(args.file)
    if made_from == str(args.file):
        raise UsageError(
            f"{args.planfile} was made from the inventory {made_from}, which does not exist "
            "here; run apply in the directory where plan ran, or give the inventory with -f FILE"
        )
    # The stored path is named, never followed: apply reads only what -f names.
    raise UsageError(
        f"{args.planfile} was made from the inventory {made_from}, and {args.file} does not "
        f"exist here; name the inventory with -f, e.g. -f {shlex.quote(made_from)}"
    )


def run(args: _Args) -> None:
    """Validate everything, plan (and verify the saved plan), confirm, apply, report."""
    from numspec.apply.applier import ApplyOptions, check
    from numspec.apply.lease import local_lock
    from numspec.inventory import load_inventory
    from numspec.plan.planfile import check_inventory

    if args.planfile is not None and args.targets:
        raise UsageError("--target cannot be used with a saved plan (it keeps its own targets)")
    saved = _read_plan(args.planfile) if args.planfile is not None else None
    if saved is not None:
        _check_inventory_exists(args, saved)
    # The inventory is the one the user names (-f, else the default); a saved plan's stored
    # path is only compared, never followed.
    path = args.file
    inventory = load_inventory(path)
    if saved is not None:
        check_inventory(saved, inventory.account_id, inventory.digest, path)
    options = ApplyOptions(
        timeout=args.timeout,
        parallelism=args.parallelism,
        reserve=args.reserve,
        allow_disconnect=args.allow_disconnect,
    )
    notice = lambda text: click.echo(text, err=True)  # noqa: E731
    started = time.monotonic()  # --timeout covers reading the account too, not the prompt
    with (
        local_lock(path, on_wait=notice),
        open_api(
            inventory.account_id, path, sandbox=args.sandbox, account_line=inventory.account_line
        ) as api,
    ):
        limit_run(api, args.timeout)
        plan = _current_plan(inventory, api, saved, args.targets)
        check(plan, inventory, options)
        if not plan.changes and not plan.summary()["blocked"]:
            _nothing_to_do(plan, args.fmt)
            return
        asked = time.monotonic()
        if plan.changes:
            _confirm(plan, auto_approve=args.auto_approve)
        left = args.timeout - (asked - started)
        if left <= 0:
            raise ApplyError(f"--timeout {args.timeout:g} s ran out before ordering anything")
        limit_run(api, left)
        _apply(plan, inventory, api, replace(options, timeout=left), args.fmt)


def _current_plan(
    inventory: Inventory, api: NumbersApi, saved: Plan | None, targets: tuple[str, ...]
) -> Plan:
    """Return a fresh plan; with a saved one, only when their changes are equal."""
    from numspec.plan.planfile import verify
    from numspec.plan.planner import make_plan

    fresh = make_plan(inventory, api, targets=saved.targets if saved else targets)
    if saved is not None:
        verify(saved, fresh)
    return fresh


def _nothing_to_do(plan: Plan, fmt: str) -> None:
    """An empty plan is success: say so (a report without changes for --format json)."""
    from numspec.apply.report import unchanged
    from numspec.render import report_json
    from numspec.render.plan_text import no_changes_line

    if fmt == "json":
        click.echo(no_changes_line(plan), err=True)
        click.echo(report_json.render(unchanged(plan)), nl=False)
    else:
        click.echo(no_changes_line(plan))


def _confirm(plan: Plan, *, auto_approve: bool) -> None:
    from numspec.render.plan_text import approval_lines

    for line in approval_lines(plan):
        click.echo(line, err=True)
    if auto_approve:
        return
    if not sys.stdin.isatty():
        raise RefusedError(
            "refusing to apply without confirmation: stdin is not a terminal; "
            "review the plan and pass --auto-approve"
        )
    if not click.confirm("Apply this plan?", default=False, err=True):
        raise RefusedError("apply cancelled; nothing was changed")


def _apply(
    plan: Plan, inventory: Inventory, api: NumbersApi, options: ApplyOptions, fmt: str
) -> None:
    from numspec.apply.applier import apply
    from numspec.render import report_json, report_text
    from numspec.render.progress import progress

    with progress(sys.stderr) as sink:
        report = apply(plan, inventory, api, options=options, events=sink)
    renderer = report_json if fmt == "json" else report_text
    click.echo(renderer.render(report), nl=False)
    if not report.converged:
        s = report.summary()
        raise ApplyError(
            f"apply did not converge: {s['failed']} group(s) failed, {s['blocked']} blocked"
        )
