"""What every command shares: the inventory path, the --sandbox switch, the API connection."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from numspec import redaction
from numspec.bandwidth.api import NumbersApi
from numspec.errors import UsageError
from numspec.statedir import state_dir

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_INVENTORY = "inventory.yaml"
# The embedded sandbox is on loopback and enforces no rate limit unless told to, so the client
# paces itself less tightly there (NUMSPEC_RATE_LIMIT still overrides it).
SANDBOX_RATE_LIMIT = 100.0
TARGET_HELP = "Only this site (SITE) or group (SITE/GROUP); repeat --target for more."


def file_option(f: F) -> F:
    """Add `-f/--file FILE` (default inventory.yaml)."""
    return click.option(
        "-f",
        "--file",
        "file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_INVENTORY,
        show_default=True,
        help="The inventory file; - reads it from stdin.",
    )(f)


def file_given(ctx: click.Context) -> bool:
    """Return whether `-f/--file` was given rather than left at its default."""
    source = ctx.get_parameter_source("file")
    return source is not None and source.name != "DEFAULT"


def write_atomically(path: Path, text: str, *, name: str | None = None) -> None:
    """Write `text` to `path` through a temporary file, so no reader sees half of it.

    `name` is what an error calls the file (default: its path).
    """
    tmp = path.with_name(f".{path.name}.tmp")
    text = redaction.redact(text)  # a server may have echoed a secret into a value
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        raise UsageError(f"cannot write {name or path}: {e.strerror or e}") from e


def sandbox_option(f: F) -> F:
    """Add `--sandbox`: run against the embedded sandbox instead of Bandwidth."""
    return click.option(
        "--sandbox",
        is_flag=True,
        help="Use the embedded sandbox (state in .numspec/sandbox.sqlite3 beside the file).",
    )(f)


def sandbox_db_path(inventory_path: Path) -> Path:
    """Return where the embedded sandbox keeps its state for an inventory file."""
    return state_dir(inventory_path) / "sandbox.sqlite3"


def shown_path(path: Path) -> str:
    """Return `path` relative to the current directory when it lies below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def announce_sandbox(db: Path, *, created: bool, beside_inventory: bool = True) -> None:
    """Say on stderr which sandbox database a command uses, and when it was just created."""
    where = shown_path(db)
    if not created:
        click.echo(f"sandbox: using the sandbox database at {where}", err=True)
        return
    why = " (the sandbox keeps its state beside the inventory file)" if beside_inventory else ""
    click.echo(f"sandbox: created a new, empty sandbox database at {where}{why}", err=True)


def limit_run(api: NumbersApi, seconds: float) -> None:
    """Make every API request from now on end within `seconds` (a command's --timeout)."""
    limit = getattr(api, "limit_run", None)  # the HTTP client has it; test fakes need not
    if callable(limit):
        limit(seconds)


def sandbox_rate_limit(env: Mapping[str, str]) -> float:
    """Return the client's requests per second against the embedded sandbox (loopback)."""
    from numspec.bandwidth.settings import rate_limit

    return rate_limit(env, SANDBOX_RATE_LIMIT)


@contextlib.contextmanager
def open_api(
    account_id: str, inventory_path: Path, *, sandbox: bool, account_line: int = 0
) -> Iterator[NumbersApi]:
    """Yield a connected API client: the embedded sandbox, or Bandwidth from the environment.

    `account_line`: where the inventory writes account_id, for a message about it.
    """
    from numspec.bandwidth.client import BandwidthClient

    if not sandbox:
        client = BandwidthClient.from_env(account_id, os.environ)
        try:
            yield client
        finally:
            client.close()
        return

    from numspec.bandwidth.settings import bucket_rates
    from numspec.sandbox.server import start_embedded
    from numspec.sandbox.store import ACCOUNT_ID

    if account_id != ACCOUNT_ID:
        name = "<stdin>" if str(inventory_path) == "-" else inventory_path
        where = f"{name}:{account_line}: " if account_line else f"{name}: "
        raise UsageError(
            f'{where}account_id "{account_id}" is not in the sandbox: the embedded sandbox has '
            f'one account, {ACCOUNT_ID}. Set account_id: "{ACCOUNT_ID}" to try this inventory '
            "with --sandbox, or leave out --sandbox to use your real account"
        )
    db = sandbox_db_path(inventory_path)
    created = not db.exists()
    with start_embedded(db) as box:
        announce_sandbox(db, created=created)
        client = BandwidthClient(
            account_id=account_id,
            api_url=box.api_url,
            token_url=box.token_url,
            client_id=box.client_id,
            client_secret=box.client_secret,
            rate_limit=sandbox_rate_limit(os.environ),
            rate_limits=bucket_rates(os.environ),
        )
        try:
            yield client
        finally:
            client.close()
