"""`numspec apply`."""

from __future__ import annotations

import click

from numspec.errors import UsageError


@click.command(name="apply")
def command() -> None:
    """Not implemented yet."""
    raise UsageError("numspec apply is not implemented yet")
