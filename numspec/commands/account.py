"""Which account `export` and `show` read: --account, else the -f inventory's, else the sandbox's.

These commands describe an account rather than converge one to a file, so the inventory file is
optional for them: it is only where the account id (and, with --sandbox, the sandbox's state
directory) come from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from numspec.errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])
_DIGITS = re.compile(r"^[0-9]{1,20}\Z")


def account_option(f: F) -> F:
    """Add `--account ID`: the Bandwidth account to read."""
    return click.option(
        "--account",
        "account",
        metavar="ID",
        help="The Bandwidth account id. Default: the account_id of the -f inventory file "
        "(with --sandbox and no file: the sandbox account).",
    )(f)


def site_option(f: F) -> F:
    """Add `--site SITE_ID` (repeatable)."""
    return click.option(
        "--site",
        "sites",
        multiple=True,
        metavar="SITE_ID",
        help="Read only this site (sub-account) id; repeat for more. Default: every site.",
    )(f)


def resolve_account(account: str | None, file: Path, *, sandbox: bool) -> str:
    """Return the account id to read, or raise UsageError saying how to give one."""
    if account is not None:
        if not _DIGITS.match(account):
            raise UsageError(f'--account "{account}" is not an account id (digits, e.g. 9900000)')
        if sandbox:
            _check_sandbox_account(account)
        return account
    if str(file) == "-" or file.exists():  # `-f -`: the inventory on stdin names it
        return _account_of(file)
    if sandbox:
        from numspec.sandbox.store import ACCOUNT_ID

        return ACCOUNT_ID
    raise UsageError(
        f"which account? {file} does not exist; give --account ID, or -f an inventory file "
        "that names the account_id"
    )


def _check_sandbox_account(account: str) -> None:
    from numspec.sandbox.store import ACCOUNT_ID

    if account != ACCOUNT_ID:
        raise UsageError(
            f"--account {account} is not in the sandbox: the embedded sandbox has one account, "
            f"{ACCOUNT_ID}. Give --account {ACCOUNT_ID}, or leave --account out with --sandbox"
        )


def _account_of(file: Path) -> str:
    from numspec.inventory import read_yaml

    data = read_yaml(file).data
    found = data.get("account_id") if isinstance(data, dict) else None
    if not isinstance(found, str) or not _DIGITS.match(found):
        raise UsageError(
            f'{file}: no account_id (quoted digits, e.g. "9900000"); give --account ID'
        )
    return found
