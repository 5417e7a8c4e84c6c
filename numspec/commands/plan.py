"""`numspec plan`."""

from __future__ import annotations

import click

from numspec.errors import UsageError


@click.command(name="plan")
def command() -> None:
    """Not implemented yet."""
    raise UsageError("numspec plan is not implemented yet")
