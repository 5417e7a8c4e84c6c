"""The rules JSON Schema cannot say, over the whole file: codes, pinned numbers, quantities, ids.

Only parts that passed the schema are checked, so every value has its schema type here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from numspec.errors import Problem
from numspec.inventory.geo_codes import country_hint, is_country
from numspec.inventory.rules import group_findings
from numspec.inventory.yamldoc import Document, Mark, Path_
from numspec.phone import normalise_number

_SHAPE = re.compile(r"^[A-Z]{3}\Z")


@dataclass(frozen=True)
class GroupAt:
    """A group's data and where it sits in the file."""

    site: str
    name: str
    path: Path_
    data: Mapping[str, object]

    @property
    def address(self) -> str:
        return f"{self.site}/{self.name}"


def rule_problems(doc: Document) -> list[Problem]:
    """Return every rule problem of `doc`.

    Runs on files the schema rejected too, so that one pass reports everything: each check
    looks only at values of the right type and leaves the others to the schema's messages.
    """
    groups = [g for g in groups_of(doc.data) if _checkable(g.data)]
    problems = list(_policy(doc))
    problems += _sites(doc)
    for group in groups:
        for finding in group_findings(group.data):
            key = (*group.path, finding.key) if finding.key else group.path
            problems.append(doc.problem(key, finding.message, key=not finding.at_value))
        problems += _quantity(doc, group)
    problems += _pinned(doc, groups)
    return problems


def _checkable(group: Mapping[str, object]) -> bool:
    country = group.get("country")
    return isinstance(country, str) and _SHAPE.match(country) is not None


def groups_of(data: object) -> Iterator[GroupAt]:
    """Yield every group that is a mapping, in file order."""
    sites = data.get("sites") if isinstance(data, dict) else None
    for site, body in sites.items() if isinstance(sites, dict) else ():
        groups = body.get("groups") if isinstance(body, dict) else None
        for name, group in groups.items() if isinstance(groups, dict) else ():
            if isinstance(group, dict):
                yield GroupAt(site, name, ("sites", site, "groups", name), group)


def _policy(doc: Document) -> Iterator[Problem]:
    path: Path_ = ("policy", "accept_restrictions")
    data = doc.data if isinstance(doc.data, dict) else {}
    policy = data.get("policy")
    accepted = policy.get("accept_restrictions") if isinstance(policy, dict) else None
    for country in accepted if isinstance(accepted, dict) else ():
        if _SHAPE.match(country) and not is_country(country):
            hint = country_hint(country)
            message = f'"{country}" is not an ISO 3166-1 alpha-3 country code{hint}'
            yield doc.problem((*path, country), message, key=True)


def _sites(doc: Document) -> Iterator[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    sites = data.get("sites")
    seen: dict[tuple[str, str | None], str] = {}
    for name, site in sites.items() if isinstance(sites, dict) else ():
        path: Path_ = ("sites", name)
        site_id, location = _ids(site)
        if site_id is None:
            continue
        where = (site_id, location)
        if where in seen:
            line = doc.mark(("sites", seen[where]), key=True).line
            also = f' with location_id "{where[1]}"' if where[1] else ""
            message = (
                f'site_id "{where[0]}"{also} is already used by site {seen[where]} (line {line});'
                " put these groups under that site"
            )
            yield doc.problem((*path, "site_id"), message)
        else:
            seen[where] = name


def _ids(site: object) -> tuple[str | None, str | None]:
    if not isinstance(site, dict):
        return None, None
    site_id, location = site.get("site_id"), site.get("location_id")
    if not isinstance(site_id, str) or not isinstance(location, str | None):
        return None, None
    return site_id, location


def _quantity(doc: Document, group: GroupAt) -> Iterator[Problem]:
    numbers = group.data.get("numbers")
    pinned = len(_distinct(numbers, str(group.data["country"])))
    quantity = group.data.get("quantity")
    if quantity is None and numbers is None:
        message = "give quantity (0 to 5000), or pin numbers with numbers: [...]"
        yield doc.problem(group.path, message, key=True)
    elif type(quantity) is int and 0 <= quantity < pinned:
        yield doc.problem(
            (*group.path, "quantity"),
            f"{quantity} is below the {pinned} pinned numbers; raise it to at least {pinned},"
            f" or remove quantity (it defaults to {pinned})",
        )


def _distinct(numbers: object, country: str) -> set[str]:
    texts = [n for n in numbers if isinstance(n, str)] if isinstance(numbers, list) else []
    return {normalise_number(n, country)[0] or n for n in texts}


def _pinned(doc: Document, groups: list[GroupAt]) -> Iterator[Problem]:
    first: dict[str, tuple[GroupAt, Mark]] = {}
    for group in groups:
        numbers = group.data.get("numbers")
        country = str(group.data.get("country"))
        if not isinstance(numbers, list) or not is_country(country):
            continue
        for index, text in enumerate(numbers):
            if not isinstance(text, str):
                continue  # the schema reports it
            path = (*group.path, "numbers", index)
            e164, why = normalise_number(text, country)
            if e164 is None:
                yield doc.problem(path, str(why))
            elif e164 in first:
                yield doc.problem(path, _pinned_twice(e164, group, *first[e164]))
            else:
                first[e164] = (group, doc.mark(path))


def _pinned_twice(e164: str, group: GroupAt, other: GroupAt, mark: Mark) -> str:
    if other.path == group.path:
        return f"{e164} is listed twice in this group (first on line {mark.line}); list it once"
    return (
        f"{e164} is already pinned in {other.address} (line {mark.line}); a number is pinned"
        " in one group only"
    )


def normalised_numbers(group: Mapping[str, object]) -> tuple[str, ...]:
    """Return a valid group's pinned numbers in E.164, in file order."""
    numbers = group.get("numbers")
    out: list[str] = []
    for text in numbers if isinstance(numbers, list) else ():
        e164, _ = normalise_number(str(text), str(group["country"]))
        if e164 is not None and e164 not in out:
            out.append(e164)
    return tuple(out)
