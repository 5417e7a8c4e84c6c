"""`numspec show`."""

from __future__ import annotations

import click

from numspec.errors import UsageError


@click.command(name="show")
def command() -> None:
    """Not implemented yet."""
    raise UsageError("numspec show is not implemented yet")
