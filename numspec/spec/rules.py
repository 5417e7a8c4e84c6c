"""The search-combination rules of Bandwidth's availableNumbers tables, per group.

A group searches by one primary search type (docs/inventory.md, "Search rules"):

- geographic: any of area_code | npa_nxx | npa_nxxx (at most one of the three), rate_center,
  city, state, zip, lata; with lca, protected and order_by where the tables allow them;
- local_vanity, with state, area_code, ends_in and protected;
- toll_free_vanity, with order_by only;
- toll_free_wildcard, with order_by only.

Outside NANP a group takes only type, area_code, city (and protected). The checks here assume
the group passed the JSON Schema: every value has its schema type.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from numspec.spec.codes import is_country, state_problem
from numspec.spec.model import NANP_COUNTRIES

GEO = ("area_code", "npa_nxx", "npa_nxxx", "rate_center", "city", "state", "zip", "lata")
EXCLUSIVE = ("area_code", "npa_nxx", "npa_nxxx")  # "areaCode/npaNxx/npaNxxx" in the tables
TOLL_FREE = ("toll_free_vanity", "toll_free_wildcard")
VANITY_WITH = ("local_vanity", "state", "area_code", "ends_in", "protected")
ORDER_BY_WITH = ("npa_nxx", "npa_nxxx", "rate_center", "city", "zip")  # and the toll-free keys
SEARCH_KEYS = (*GEO, "local_vanity", "ends_in", *TOLL_FREE, "lca", "protected", "order_by")
NON_NANP_KEYS = ("type", "area_code", "city", "protected")
BACKORDER_NOT_WITH = ("npa_nxx", "npa_nxxx", "local_vanity", "toll_free_vanity")  # error 5522
SEARCH_HINT = (
    "area_code, npa_nxx, npa_nxxx, rate_center + state, city + state, state, zip, lata,"
    " local_vanity, toll_free_vanity or toll_free_wildcard"
)


@dataclass(frozen=True)
class Finding:
    """A problem with one group: the key it concerns (None: the group itself) and why."""

    key: str | None
    message: str
    at_value: bool = False  # locate at the key's value (a bad code) rather than at the key


def group_findings(group: Mapping[str, object]) -> Iterator[Finding]:
    """Yield every search-rule problem of one schema-valid group."""
    country = str(group.get("country"))
    if not is_country(country):
        message = f'"{country}" is not an ISO 3166-1 alpha-3 country code'
        yield Finding("country", message, at_value=True)
        return
    if country in NANP_COUNTRIES:
        yield from _nanp(group, country)
    else:
        yield from _international(group, country)


def _international(group: Mapping[str, object], country: str) -> Iterator[Finding]:
    for key in SEARCH_KEYS:
        if key in group and key not in NON_NANP_KEYS:
            message = f"{key} is for NANP countries (USA, CAN); a {country} group takes only"
            yield Finding(key, f"{message} type, area_code and city")
    if group.get("backorder") is True:
        yield Finding("backorder", "backorder works only for NANP countries (USA, CAN)")


def _nanp(group: Mapping[str, object], country: str) -> Iterator[Finding]:
    if "type" in group:
        yield Finding(
            "type",
            "type is for countries outside NANP; a NANP search takes its type from its criteria"
            ' (toll_free_wildcard "8**" for any toll-free number)',
        )
    yield from _formats(group, country)
    if any(k in group for k in TOLL_FREE):
        yield from _toll_free(group)
    elif "local_vanity" in group:
        yield from _only(group, VANITY_WITH, "local_vanity", "state, area_code, ends_in, protected")
    else:
        yield from _geographic(group)
    yield from _backorder(group)
    yield from _needs_search(group)


def _formats(group: Mapping[str, object], country: str) -> Iterator[Finding]:
    area = group.get("area_code")
    if isinstance(area, str) and not (len(area) == 3 and area[0] in "23456789"):
        yield Finding(
            "area_code",
            f'"{area}" is not a NANP area code; use 3 digits starting with 2-9, e.g. "919"',
            at_value=True,
        )
    state = group.get("state")
    shaped = isinstance(state, str) and len(state) == 2 and state.isalpha() and state.isupper()
    why = state_problem(str(state), country) if shaped else None
    if why:
        yield Finding("state", why, at_value=True)


def _toll_free(group: Mapping[str, object]) -> Iterator[Finding]:
    if all(k in group for k in TOLL_FREE):
        yield Finding(
            "toll_free_wildcard",
            "toll_free_wildcard cannot combine with toll_free_vanity; a group uses one of them",
        )
        return
    kind = next(k for k in TOLL_FREE if k in group)
    yield from _only(group, (kind, "order_by"), kind, "order_by")


def _only(
    group: Mapping[str, object], allowed: tuple[str, ...], kind: str, companions: str
) -> Iterator[Finding]:
    for key in SEARCH_KEYS:
        if key in group and key not in allowed:
            if key == "ends_in":
                yield _ends_in()
                continue
            message = f"{key} cannot combine with {kind}; a {kind} search takes only {companions}"
            yield Finding(key, f"{message} (move {key} to another group)")


def _ends_in() -> Finding:
    return Finding("ends_in", "ends_in works only with local_vanity")


def _geographic(group: Mapping[str, object]) -> Iterator[Finding]:
    present = [k for k in EXCLUSIVE if k in group]
    for key in present[1:]:
        message = f"{key} cannot combine with {present[0]}; use one of area_code, npa_nxx, npa_nxxx"
        yield Finding(key, message)
    for key in ("city", "rate_center"):
        if key in group and "state" not in group:
            yield Finding(key, f"{key} needs state in a NANP country; add state, e.g. state: NC")
    if "ends_in" in group:
        yield _ends_in()
    yield from _lca(group)
    yield from _order_by(group)


def _lca(group: Mapping[str, object]) -> Iterator[Finding]:
    if "lca" not in group:
        return
    alone: tuple[str, ...]
    if "npa_nxx" in group:
        alone, base = ("npa_nxx",), "npa_nxx"
    elif "npa_nxxx" in group:
        alone, base = ("npa_nxxx", "rate_center", "city", "state", "lata", "zip"), "npa_nxxx"
    elif "rate_center" in group and "state" in group:
        alone, base = ("rate_center", "state"), "rate_center + state"
    else:
        yield Finding("lca", "lca works only with npa_nxx, npa_nxxx, or rate_center with state")
        return
    reported = EXCLUSIVE if base != "rate_center + state" else ()  # by the exclusive rule
    extra = [k for k in GEO if k in group and k not in alone and k not in reported]
    if extra:
        message = f"lca with {base} cannot combine with {', '.join(extra)}; drop lca or them"
        yield Finding("lca", message)


def _order_by(group: Mapping[str, object]) -> Iterator[Finding]:
    if "order_by" not in group:
        return
    if "lca" in group:
        yield Finding("order_by", "order_by does not work in an lca search; drop one of them")
    elif not any(k in group for k in ORDER_BY_WITH):
        yield Finding(
            "order_by",
            "order_by works only with npa_nxx, npa_nxxx, rate_center, city, zip,"
            " toll_free_vanity or toll_free_wildcard",
        )


def _backorder(group: Mapping[str, object]) -> Iterator[Finding]:
    if group.get("backorder") is not True:
        return
    blockers = [k for k in BACKORDER_NOT_WITH if k in group]
    if pinned_count(group.get("numbers")):
        blockers.insert(0, "pinned numbers")
    if blockers:
        message = f"backorder does not work with {', '.join(blockers)} (Bandwidth error 5522)"
        yield Finding("backorder", message)


def _needs_search(group: Mapping[str, object]) -> Iterator[Finding]:
    if any(k in group for k in (*GEO, "local_vanity", *TOLL_FREE)):
        return
    pinned = pinned_count(group.get("numbers"))
    quantity = group.get("quantity", pinned)
    if type(quantity) is int and quantity > pinned:
        searched = quantity - pinned
        yield Finding(
            None,
            f"nothing to search by for {searched} number{'s' * (searched != 1)}; add {SEARCH_HINT},"
            " or pin the numbers",
        )


def pinned_count(numbers: object) -> int:
    """Return how many distinct numbers a group pins (text items only)."""
    if not isinstance(numbers, list):
        return 0
    return len({n for n in numbers if isinstance(n, str)})
