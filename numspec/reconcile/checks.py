"""Check that the inventory's account, sites and locations exist before reading holdings.

Every problem is named with the site or group and its line in the inventory file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from numspec.bandwidth.api import NumbersApi
from numspec.errors import AuthError, NotFoundError, PlanError
from numspec.spec.model import Group


class InventoryMismatch(PlanError):
    """The inventory names sites or locations the account does not have; one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def lines(self) -> list[str]:
        return list(self.problems)


def _where(path: str, group: Group) -> str:
    return f"{path}:{group.line}: " if path and group.line else (f"{path}: " if path else "")


def check_account(
    api: NumbersApi, groups: Sequence[Group], *, account_id: str, path: str
) -> list[str]:
    """Check the account and that every site of `groups` exists; return the sorted site ids."""
    if api.account_id != account_id:
        raise PlanError(
            f"{path}: the inventory is for account {account_id}, "
            f"but the connection is to account {api.account_id}"
        )
    try:
        sites = api.list_sites()
    except NotFoundError as e:
        raise PlanError(
            f"account {account_id} (account_id in {path or 'the inventory'}) was not found: {e}"
        ) from e
    except AuthError as e:
        if e.status == 403:
            raise PlanError(
                f"the credentials cannot access account {account_id} (account_id in "
                f"{path or 'the inventory'}); check the account id and the API client's "
                f"accounts: {e}"
            ) from e
        raise
    known = {s.site_id for s in sites}
    problems = []
    first: dict[str, Group] = {}
    for g in groups:
        first.setdefault(g.site, g)
    for name, g in sorted(first.items()):
        if g.site_id not in known:
            problems.append(
                f"{_where(path, g)}site '{name}': site_id {g.site_id} is not a site of account "
                f"{account_id} (its sites: {', '.join(sorted(known)) or 'none'})"
            )
    if problems:
        raise InventoryMismatch(problems)
    return sorted({g.site_id for g in groups})


def check_locations(
    groups: Sequence[Group], locations: Mapping[str, Sequence[str]], *, path: str
) -> None:
    """Check that every group's location_id is a location of its site."""
    problems = []
    for g in groups:
        known = locations.get(g.site_id, ())
        if g.location_id is not None and g.location_id not in known:
            problems.append(
                f"{_where(path, g)}group '{g.address}': location_id {g.location_id} is not a "
                f"location of site {g.site_id} (its locations: {', '.join(known) or 'none'})"
            )
    if problems:
        raise InventoryMismatch(sorted(set(problems)))
