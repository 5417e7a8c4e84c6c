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

from numspec.inventory.criteria import BY_KEY, COMPANIONS, KEYS, keys, search_kind
from numspec.inventory.geo_codes import is_country, nanp_area_code_problem, state_problem
from numspec.inventory.model import NANP_COUNTRIES

GEO = keys(search="geographic")
EXCLUSIVE = ("area_code", "npa_nxx", "npa_nxxx")  # "areaCode/npaNxx/npaNxxx" in the tables
TOLL_FREE = keys(search="toll_free")
PRIMARY = tuple(k for k in KEYS if BY_KEY[k].search is not None)
ORDER_BY_WITH = keys(order_by=True)
SEARCH_KEYS = tuple(k for k in KEYS if k != "country" and BY_KEY[k].scope != "international")
NANP_ONLY = keys(scope="nanp")
BACKORDER_NOT_WITH = tuple(k for k in SEARCH_KEYS if not BY_KEY[k].backorder)  # error 5522
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
    for key in NANP_ONLY:
        if key in group:
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
    kind = search_kind(group)
    if kind == "toll_free":
        yield from _toll_free(group)
    elif kind == "local_vanity":
        yield from _only(group, ("local_vanity", *COMPANIONS[kind]), "local_vanity")
    else:
        yield from _geographic(group)
    yield from _backorder(group)
    yield from _needs_search(group)


def _formats(group: Mapping[str, object], country: str) -> Iterator[Finding]:
    yield from _area_codes(group)
    state = group.get("state")
    shaped = isinstance(state, str) and len(state) == 2 and state.isalpha() and state.isupper()
    why = state_problem(str(state), country) if shaped else None
    if why:
        yield Finding("state", why, at_value=True)


def _area_codes(group: Mapping[str, object]) -> Iterator[Finding]:
    """Check the NANP area-code rules on area_code and the NPA of npa_nxx / npa_nxxx."""
    for key in EXCLUSIVE:
        value = group.get(key)
        if not isinstance(value, str) or (key != "area_code" and not _npa_shaped(value)):
            continue  # the schema reports a malformed NPA-NXX(-X)
        why = nanp_area_code_problem(value[:3] if key != "area_code" else value)
        if why is None:
            continue
        if key == "area_code":
            message = f'"{value}" is not a NANP area code: {why}'
        else:
            message = f'"{value}" does not start with a NANP area code: {why}'
        yield Finding(key, message, at_value=True)


def _npa_shaped(value: str) -> bool:
    return len(value) in (6, 7) and value.isascii() and value.isdigit() and value[0] not in "01"


def _toll_free(group: Mapping[str, object]) -> Iterator[Finding]:
    if all(k in group for k in TOLL_FREE):
        yield Finding(
            "toll_free_wildcard",
            "toll_free_wildcard cannot combine with toll_free_vanity; a group uses one of them",
        )
        return
    kind = next(k for k in TOLL_FREE if k in group)
    yield from _only(group, (kind, *COMPANIONS["toll_free"]), kind)


def _only(group: Mapping[str, object], allowed: tuple[str, ...], kind: str) -> Iterator[Finding]:
    companions = ", ".join(allowed[1:])
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
        yield Finding("order_by", f"order_by works only with {_or(ORDER_BY_WITH)}")


def _backorder(group: Mapping[str, object]) -> Iterator[Finding]:
    if group.get("backorder") is not True:
        return
    refused = [k for k in BACKORDER_NOT_WITH if k in group and BY_KEY[k].element]
    if pinned_count(group.get("numbers")):
        refused.insert(0, "pinned numbers")
    if refused:
        message = f"backorder does not work with {', '.join(refused)} (Bandwidth error 5522)"
        yield Finding("backorder", message)
        return
    for key in (k for k in BACKORDER_NOT_WITH if k in group and not BY_KEY[k].element):
        message = f"backorder cannot carry {key}: no search-and-order type has it; drop one of them"
        yield Finding("backorder", message)


def _needs_search(group: Mapping[str, object]) -> Iterator[Finding]:
    if any(k in group for k in PRIMARY):
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


def _or(names: tuple[str, ...]) -> str:
    return f"{', '.join(names[:-1])} or {names[-1]}"


def pinned_count(numbers: object) -> int:
    """Return how many distinct numbers a group pins (text items only)."""
    if not isinstance(numbers, list):
        return 0
    return len({n for n in numbers if isinstance(n, str)})
