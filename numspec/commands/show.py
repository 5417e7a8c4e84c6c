"""`numspec show`: the account's holdings as a table, or JSON for scripts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from numspec.commands.account import account_option, resolve_account, site_option
from numspec.commands.common import file_option, open_api, sandbox_option
from numspec.export.holdings import read_holdings


@click.command(name="show")
@site_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: an aligned table; json: for scripts.",
)
@file_option
@account_option
@sandbox_option
def command(
    sites: tuple[str, ...], fmt: str, file: Path, account: str | None, sandbox: bool
) -> None:
    """List the numbers the account holds: site, location, country, type, area code, place.

    The account is --account, else the account_id of the -f file (default inventory.yaml),
    else with --sandbox the sandbox account.
    """
    from numspec.render.holdings_table import render_json, render_text

    account_id = resolve_account(account, file, sandbox=sandbox)
    with open_api(account_id, file, sandbox=sandbox) as api:
        holdings = read_holdings(api, sites)
    if fmt == "json":
        text = render_json(account_id, holdings.numbers, holdings.site_names)
    else:
        terminal = sys.stdout.isatty()
        text = render_text(account_id, holdings.numbers, holdings.site_names, terminal=terminal)
    click.echo(text, nl=False)
