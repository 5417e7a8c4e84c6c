"""Check that the inventory's account, sites and locations exist before reading holdings.

Every problem is named with the site or group and its line in the inventory file. When the
account's endpoints refuse (403) or do not know (404) the account, or the token's `accounts`
claim lacks it, the file's `account_id` is the likely cause, and the message says so first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from numspec.bandwidth.api import NumbersApi
from numspec.bandwidth.models import SiteInfo
from numspec.errors import ApiError, AuthError, NotFoundError, PlanError
from numspec.inventory.model import Group


class InventoryMismatch(PlanError):
    """The inventory names sites or locations the account does not have; one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        return list(self.problems)


@runtime_checkable
class _Claims(Protocol):
    """A client that can read its token's `accounts` claim (BandwidthClient can)."""

    def token_accounts(self) -> frozenset[str] | None: ...


def _where(path: str, line: int) -> str:
    """Return the `FILE:LINE: ` prefix of a message (as much of it as is known)."""
    return f"{path}:{line}: " if path and line else (f"{path}: " if path else "")


def _token_accounts(api: NumbersApi) -> frozenset[str] | None:
    if not isinstance(api, _Claims):
        return None
    try:
        return api.token_accounts()
    except ApiError:
        return None


def wrong_account(
    e: ApiError, account_id: str, path: str, line: int, accounts: frozenset[str] | None
) -> PlanError:
    """Return the error that names the file's account_id as the likely cause of `e`."""
    where = _where(path, line)
    what = "was not found" if isinstance(e, NotFoundError) else "refused access to it"
    request = f"{e.method} {e.path} -> {e.status}".strip()
    held = f"; the credentials are for account {', '.join(sorted(accounts))}" if accounts else ""
    return PlanError(
        f'{where}account_id "{account_id}" is likely wrong: the API {what} ({request}){held}. '
        f"Set account_id to the account these credentials belong to, or use the credentials "
        f"(BANDWIDTH_CLIENT_ID, BANDWIDTH_CLIENT_SECRET) of an API client of account {account_id}."
    )


def _list_sites(api: NumbersApi, account_id: str, path: str, line: int) -> list[SiteInfo]:
    try:
        return api.list_sites()
    except (NotFoundError, AuthError) as e:
        # Only a refusal of the account's own endpoint means a token was issued to read.
        answered = not e.path or f"/accounts/{account_id}/" in e.path
        accounts = _token_accounts(api) if answered else None
        if accounts is not None and account_id in accounts:
            raise  # the token names this account: its roles or the credentials, not the id
        refused = isinstance(e, NotFoundError) or e.status == 403 or accounts is not None
        if answered and refused:
            raise wrong_account(e, account_id, path, line, accounts) from e
        raise  # a 401 with nothing to say the account is wrong: the credentials themselves


def check_account(
    api: NumbersApi, groups: Sequence[Group], *, account_id: str, path: str, line: int = 0
) -> list[SiteInfo]:
    """Check the account and that every site of `groups` exists; return the account's sites."""
    if api.account_id != account_id:
        raise PlanError(
            f"{path}: the inventory is for account {account_id}, "
            f"but the connection is to account {api.account_id}"
        )
    sites = _list_sites(api, account_id, path, line)
    known = {s.site_id for s in sites}
    problems = []
    first: dict[str, Group] = {}
    for g in groups:
        first.setdefault(g.site, g)
    for name, g in sorted(first.items()):
        if g.site_id not in known:
            problems.append(
                f"{_where(path, g.site_id_line or g.line)}site '{name}': site_id {g.site_id} "
                f"is not a site of account {account_id} "
                f"(its sites: {', '.join(sorted(known)) or 'none'})"
            )
    if problems:
        raise InventoryMismatch(problems)
    return sorted(sites, key=lambda s: s.site_id)


def check_locations(
    groups: Sequence[Group], locations: Mapping[str, Sequence[str]], *, path: str
) -> None:
    """Check that every group's location_id is a location of its site."""
    problems = []
    for g in groups:
        known = locations.get(g.site_id, ())
        if g.location_id is not None and g.location_id not in known:
            problems.append(
                f"{_where(path, g.location_line or g.line)}group '{g.address}': location_id "
                f"{g.location_id} is not a location of site {g.site_id} "
                f"(its locations: {', '.join(known) or 'none'})"
            )
    if problems:
        raise InventoryMismatch(sorted(set(problems)))
