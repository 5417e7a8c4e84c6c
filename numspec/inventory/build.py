"""Turn a valid inventory document into the frozen Inventory model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, cast

from numspec.inventory.checks import normalised_numbers
from numspec.inventory.model import CRITERIA_PARAMS, Criteria, Group, Inventory, Policy, Site
from numspec.inventory.yamldoc import Document

INHERITED = ("voice_package", "requirements_package", "auto_activate")


def build_inventory(doc: Document) -> Inventory:
    """Return the Inventory of a document that passed the schema and every rule."""
    data = cast(Mapping[str, Any], doc.data)
    sites = tuple(_site(doc, name, body) for name, body in data["sites"].items())
    return Inventory(
        path=doc.name,
        account_id=data["account_id"],
        sites=sites,
        policy=_policy(data.get("policy") or {}),
        version=data["version"],
        digest=doc.digest,
        account_line=doc.mark(("account_id",)).line,
    )


def _policy(data: Mapping[str, Any]) -> Policy:
    accepted = data.get("accept_restrictions") or {}
    surplus: Literal["keep", "disconnect", "move"] = data.get("surplus", "keep")
    return Policy(
        accept_restrictions={c: frozenset(types) for c, types in accepted.items()},
        surplus=surplus,
        max_disconnects=data.get("max_disconnects", 0),
        max_moves=data.get("max_moves", 100),
        max_reassign=data.get("max_reassign"),
    )


def _site(doc: Document, name: str, body: Mapping[str, Any]) -> Site:
    defaults: Mapping[str, Any] = body.get("defaults") or {}
    location = body.get("location_id")
    groups = tuple(
        _group(doc, name, body["site_id"], location, defaults, group_name, group)
        for group_name, group in body["groups"].items()
    )
    return Site(name=name, site_id=body["site_id"], location_id=location, groups=groups)


def _group(
    doc: Document,
    site: str,
    site_id: str,
    location: str | None,
    defaults: Mapping[str, Any],
    name: str,
    data: Mapping[str, Any],
) -> Group:
    numbers = normalised_numbers(data)
    settings = {key: data.get(key, defaults.get(key)) for key in INHERITED}
    return Group(
        site=site,
        name=name,
        site_id=site_id,
        location_id=location,
        quantity=int(data.get("quantity", len(numbers))),
        criteria=Criteria(**{k: v for k, v in data.items() if k in CRITERIA_PARAMS}),
        numbers=numbers,
        backorder=bool(data.get("backorder", False)),
        line=doc.mark(("sites", site, "groups", name), key=True).line,
        site_id_line=doc.mark(("sites", site, "site_id")).line,
        location_line=doc.mark(("sites", site, "location_id")).line if location else 0,
        **settings,
    )
