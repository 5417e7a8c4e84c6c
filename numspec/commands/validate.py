"""`numspec validate`."""

from __future__ import annotations

import click

from numspec.errors import UsageError


@click.command(name="validate")
def command() -> None:
    """Not implemented yet."""
    raise UsageError("numspec validate is not implemented yet")
