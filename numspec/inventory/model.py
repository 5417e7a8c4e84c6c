"""The validated inventory as frozen values; nothing here knows YAML or HTTP."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Literal

from numspec.inventory.criteria import CRITERIA

NUMBER_TYPES = ("GEOGRAPHIC", "NATIONAL", "MOBILE", "TOLL_FREE", "SHARED_COST")
NANP_COUNTRIES = frozenset({"USA", "CAN"})
# RestrictionType values documented for GET /restrictions (docs/bandwidth-api.md §7).
RESTRICTION_TYPES = ("LEGAL", "PURCHASE", "SERVICE")

# Inventory key -> availableNumbers query parameter, from the criteria registry.
CRITERIA_PARAMS: Mapping[str, str] = {c.key: c.param for c in CRITERIA}


@dataclass(frozen=True)
class Criteria:
    """What a number must be to belong to a group; one field per row of the criteria registry."""

    country: str
    type: str | None = None
    area_code: str | None = None
    city: str | None = None
    state: str | None = None
    rate_center: str | None = None
    npa_nxx: str | None = None
    npa_nxxx: str | None = None
    zip: str | None = None
    lata: str | None = None
    local_vanity: str | None = None
    ends_in: bool | None = None
    toll_free_vanity: str | None = None
    toll_free_wildcard: str | None = None
    lca: bool | None = None
    protected: str | None = None
    order_by: str | None = None

    @property
    def is_nanp(self) -> bool:
        return self.country in NANP_COUNTRIES

    def items(self) -> dict[str, str | bool]:
        """Return the criteria that are set, by inventory key."""
        out: dict[str, str | bool] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value
        return out

    def texts(self) -> dict[str, str]:
        """Return the criteria that are set as the API writes them ("true"/"false"), by key."""
        return {
            key: (("true" if value else "false") if isinstance(value, bool) else value)
            for key, value in self.items().items()
        }

    def to_query(self) -> dict[str, str]:
        """Return the availableNumbers query parameters for these criteria."""
        return {CRITERIA_PARAMS[key]: text for key, text in self.texts().items()}


@dataclass(frozen=True)
class Group:
    """A named set of numbers a site should hold."""

    site: str
    name: str
    site_id: str
    location_id: str | None
    quantity: int
    criteria: Criteria
    numbers: tuple[str, ...] = ()
    voice_package: str | None = None
    requirements_package: str | None = None
    auto_activate: bool | None = None
    backorder: bool = False
    line: int = 0
    site_id_line: int = 0  # where the site's site_id and location_id are written, for messages
    location_line: int = 0

    @property
    def address(self) -> str:
        return f"{self.site}/{self.name}"


@dataclass(frozen=True)
class Site:
    """A Bandwidth sub-account (site) and the groups it should hold."""

    name: str
    site_id: str
    location_id: str | None
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Policy:
    """Account-wide rules for apply."""

    accept_restrictions: Mapping[str, frozenset[str]] = field(default_factory=dict)
    surplus: Literal["keep", "disconnect", "move"] = "keep"
    max_disconnects: int = 0
    max_moves: int = 100  # numbers one apply run may move (docs/inventory.md)
    max_reassign: int | None = None  # numbers one run may move between voice packages; None: any


@dataclass(frozen=True)
class Inventory:
    """A validated inventory file."""

    path: str
    account_id: str
    sites: tuple[Site, ...]
    policy: Policy = field(default_factory=Policy)
    version: int = 1
    digest: str = ""  # sha256 of the file's bytes, for stale-plan checks
    account_line: int = 0  # the line of account_id in the file, for messages about it

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(g for s in self.sites for g in s.groups)

    def group(self, address: str) -> Group:
        """Return the group at SITE/GROUP, or raise KeyError."""
        for g in self.groups:
            if g.address == address:
                return g
        raise KeyError(address)
