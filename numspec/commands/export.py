"""`numspec export`."""

from __future__ import annotations

import click

from numspec.errors import UsageError


@click.command(name="export")
def command() -> None:
    """Not implemented yet."""
    raise UsageError("numspec export is not implemented yet")
