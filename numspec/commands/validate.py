"""`numspec validate`: check an inventory file offline."""

from __future__ import annotations

from pathlib import Path

import click

from numspec.commands.common import file_given, file_option
from numspec.errors import Problem, SpecError
from numspec.inventory import Inventory, load_inventory
from numspec.wording import count


@click.command(name="validate")
@file_option
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def command(ctx: click.Context, file: Path, files: tuple[Path, ...]) -> None:
    """Check the inventory file: schema and search rules, nothing sent over the network.

    FILES, when given, are checked too (as pre-commit passes them), and every problem of every
    file is reported.
    """
    paths = list(dict.fromkeys([file, *files] if file_given(ctx) or not files else files))
    problems: list[Problem] = []
    for path in paths:
        try:
            click.echo(summary(load_inventory(path)))
        except SpecError as e:
            problems += e.problems
    if problems:
        raise SpecError(problems)


def summary(inventory: Inventory) -> str:
    """Return the one-line success message, e.g. `inventory.yaml: valid (2 sites, ...)`."""
    sites, groups = len(inventory.sites), len(inventory.groups)
    wanted = sum(g.quantity for g in inventory.groups)
    counts = f"{count(sites, 'site')}, {count(groups, 'group')}, {count(wanted, 'number')}"
    return f"{inventory.path}: valid ({counts} wanted)"
