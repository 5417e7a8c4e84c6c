"""An inventory as plain, order-free data: what it means, with none of how it was written.

Site defaults are already applied to each group by the model; numbers are E.164; pinned numbers
and acknowledged restriction types are sorted; unset settings are left out. Two files that
differ only in YAML style, key order, group order or where a default is written normalise to
equal values.
"""

from __future__ import annotations

from typing import Any

from numspec.inventory.model import Group, Inventory, Policy, Site


def normalise(inventory: Inventory) -> dict[str, Any]:
    """Return the inventory's intent as plain data (dicts keyed by name, sorted lists)."""
    return {
        "version": inventory.version,
        "account_id": inventory.account_id,
        "policy": _policy(inventory.policy),
        "sites": {site.name: _site(site) for site in inventory.sites},
    }


def _policy(policy: Policy) -> dict[str, Any]:
    return {
        "accept_restrictions": {
            country: sorted(types) for country, types in policy.accept_restrictions.items()
        },
        "surplus": policy.surplus,
        "max_disconnects": policy.max_disconnects,
        "max_moves": policy.max_moves,
    }


def _site(site: Site) -> dict[str, Any]:
    out: dict[str, Any] = {"site_id": site.site_id}
    if site.location_id is not None:
        out["location_id"] = site.location_id
    out["groups"] = {group.name: _group(group) for group in site.groups}
    return out


def _group(group: Group) -> dict[str, Any]:
    out: dict[str, Any] = {
        "quantity": group.quantity,
        "criteria": group.criteria.items(),
        "numbers": sorted(group.numbers),
        "backorder": group.backorder,
    }
    for key in ("voice_package", "requirements_package", "auto_activate"):
        value = getattr(group, key)
        if value is not None:
            out[key] = value
    return out
