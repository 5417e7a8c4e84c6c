"""`numspec export`: print an inventory that describes what the account holds now."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import click

from numspec.commands.account import account_option, resolve_account, site_option
from numspec.commands.common import file_option, open_api, sandbox_option, write_atomically
from numspec.export import GROUP_BY_CHOICES, ExportSite, GroupBy, export_sites, to_document
from numspec.export.holdings import Holdings, read_holdings
from numspec.export.voice_grouping import package_of_numbers, with_voice_packages
from numspec.plan.voice_findings import packages_api


@click.command(name="export")
@site_option
@click.option(
    "--group-by",
    type=click.Choice(GROUP_BY_CHOICES),
    default="auto",
    show_default=True,
    help="How NANP numbers are grouped: state + rate center (auto, rate-center), area code, "
    "state + city, or state. Toll-free numbers always group by prefix.",
)
@file_option
@account_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inventory to this file instead of stdout (it may be the -f file).",
)
@sandbox_option
def command(
    sites: tuple[str, ...],
    group_by: GroupBy,
    file: Path,
    account: str | None,
    output: Path | None,
    sandbox: bool,
) -> None:
    """Print an inventory file describing what the account holds now.

    Planning the printed file against the same account shows no changes. The account is
    --account, else the account_id of the -f file (default inventory.yaml), else with
    --sandbox the sandbox account.
    """
    account_id = resolve_account(account, file, sandbox=sandbox)
    with open_api(account_id, file, sandbox=sandbox) as api:
        holdings = read_holdings(api, sites)
        vp = packages_api(api)
        packages = package_of_numbers(vp) if vp is not None else {}
    exported = export_sites(holdings.numbers, holdings.sites, holdings.locations, group_by)
    text = render(
        holdings, exported, source="sandbox" if sandbox else "Bandwidth", packages=packages
    )
    _warn_skipped(exported)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text)
    groups = sum(len(s.groups) for s in exported)
    click.echo(
        f"Exported {len(holdings.numbers)} numbers in {groups} groups on {len(exported)} site "
        f"entries of account {account_id}{f' to {output}' if output else ''}.",
        err=True,
    )


def render(
    holdings: Holdings,
    exported: list[ExportSite],
    *,
    source: str,
    packages: Mapping[str, str] | None = None,
) -> str:
    """Return the exported file's text, after checking that it validates."""
    from numspec.inventory import parse_inventory
    from numspec.render.inventory_yaml import render_inventory

    document = to_document(holdings.account_id, exported)
    text = render_inventory(
        with_voice_packages(document, exported, packages or {}),
        exported_at=datetime.now(UTC),
        source=source,
        site_comments=_site_comments(holdings, exported),
    )
    parse_inventory(text.encode("utf-8"), "<exported inventory>")  # a failure here is a bug
    return text


def _site_comments(holdings: Holdings, exported: list[ExportSite]) -> dict[str, str]:
    names = holdings.site_names
    locations = {(loc.site_id, loc.location_id): loc.name for loc in holdings.locations}
    out = {}
    for site in exported:
        comment = f'site {site.site_id} "{names.get(site.site_id, "")}"'
        if site.location_id is not None:
            where = locations.get((site.site_id, site.location_id), "")
            comment += f', location {site.location_id} "{where}"'
        out[site.name] = comment
    return out


def _warn_skipped(exported: list[ExportSite]) -> None:
    skipped = [n for s in exported for n in s.skipped]
    if skipped:
        shown = ", ".join(skipped[:10]) + (", ..." if len(skipped) > 10 else "")
        click.echo(
            f"warning: {len(skipped)} held numbers are not valid numbers of their country, so "
            f"no group can describe them; plan will list them as unclaimed: {shown}",
            err=True,
        )
