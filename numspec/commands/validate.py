"""`numspec validate`: check an inventory file offline."""

from __future__ import annotations

from pathlib import Path

import click

from numspec.commands.common import file_option
from numspec.spec import Inventory, load_inventory


@click.command(name="validate")
@file_option
def command(file: Path) -> None:
    """Check the inventory file: schema and search rules, nothing sent over the network."""
    click.echo(summary(load_inventory(file)))


def summary(inventory: Inventory) -> str:
    """Return the one-line success message, e.g. `inventory.yaml: valid (2 sites, ...)`."""
    sites, groups = len(inventory.sites), len(inventory.groups)
    wanted = sum(g.quantity for g in inventory.groups)
    counts = f"{_count(sites, 'site')}, {_count(groups, 'group')}, {_count(wanted, 'number')}"
    return f"{inventory.path}: valid ({counts} wanted)"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
