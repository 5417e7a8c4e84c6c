"""`numspec sandbox ...`."""

from __future__ import annotations

import click


@click.group(name="sandbox")
def command() -> None:
    """Run the embedded Bandwidth emulator."""
