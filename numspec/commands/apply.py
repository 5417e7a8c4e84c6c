"""`numspec apply`: converge the account to the inventory, or carry out a saved plan."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from numspec.bandwidth.api import NumbersApi
from numspec.commands.common import (
    file_given,
    file_option,
    limit_run,
    open_api,
    sandbox_option,
)
from numspec.errors import ApplyError, RefusedError, StalePlanError, UsageError
from numspec.reconcile.model import Plan
from numspec.spec.model import Inventory

if TYPE_CHECKING:
    from numspec.reconcile.context import ApplyOptions

STALE = "the plan is stale, run numspec plan again"


@dataclass(frozen=True)
class _Args:
    planfile: Path | None
    file: Path
    file_given: bool
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
@click.option("--target", "targets", multiple=True, metavar="ADDR", help="SITE or SITE/GROUP.")
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
@click.option("--reserve", is_flag=True, help="Reserve NANP numbers between search and order.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@sandbox_option
@click.pass_context
def command(
    ctx: click.Context,
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

    With PLANFILE (from `numspec plan --out`), carry out that plan exactly, after checking that
    neither the inventory nor the account changed since it was made.
    """
    run(
        _Args(
            planfile,
            file,
            file_given(ctx),
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
    try:
        return Plan.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as e:
        raise UsageError(f"{path}: not a numspec plan file: {e}") from e


def _inventory_path(args: _Args, saved: Plan | None) -> Path:
    """Return the inventory: -f when given, else the saved plan's, else the default."""
    if saved is None or args.file_given or not saved.inventory_path:
        return args.file
    return Path(saved.inventory_path)


def run(args: _Args) -> None:
    """Validate everything, plan (or check the saved plan), confirm, apply, report."""
    from numspec.reconcile.apply import ApplyOptions, check
    from numspec.reconcile.lease import local_lock
    from numspec.spec import load_inventory

    if args.planfile is not None and args.targets:
        raise UsageError("--target cannot be used with a saved plan (it keeps its own targets)")
    saved = _read_plan(args.planfile) if args.planfile is not None else None
    path = _inventory_path(args, saved)
    inventory = load_inventory(path)
    if saved is not None and saved.inventory_digest != inventory.digest:
        raise StalePlanError(f"{STALE} ({path} changed since the plan was made)")
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
        open_api(inventory.account_id, path, sandbox=args.sandbox) as api,
    ):
        limit_run(api, args.timeout)
        plan = _current_plan(inventory, api, saved, args.targets)
        check(plan, inventory, options)
        asked = time.monotonic()
        _confirm(plan, auto_approve=args.auto_approve)
        left = args.timeout - (asked - started)
        if left <= 0:
            raise ApplyError(f"--timeout {args.timeout:g} s ran out before ordering anything")
        limit_run(api, left)
        _apply(plan, inventory, api, replace(options, timeout=left), args.fmt)


def _current_plan(
    inventory: Inventory, api: NumbersApi, saved: Plan | None, targets: tuple[str, ...]
) -> Plan:
    from numspec.reconcile.plan import make_plan

    fresh = make_plan(inventory, api, targets=saved.targets if saved else targets)
    if saved is None:
        return fresh
    if fresh.holdings_fingerprint != saved.holdings_fingerprint:
        raise StalePlanError(f"{STALE} (the account's holdings or orders changed since)")
    return saved


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
    from numspec.reconcile.apply import apply
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
