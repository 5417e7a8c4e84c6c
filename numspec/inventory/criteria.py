"""The search criteria of a group: one row per inventory key, the one table of what each means.

A row says how the key travels (its availableNumbers query parameter, and the child element of
a search-and-order order type that carries it), where it applies, what the API lets it combine
with (orderBy, backorders, the local calling area), and how an account's holdings confirm it.
Validation (rules.py), the model's query (model.py), eligibility, ordering and export read this
table. The sandbox keeps its own copy on purpose (it emulates the API and imports no core
module); tests/sandbox/test_criteria_agree.py checks the two agree.

Facts and sources: docs/bandwidth-api.md §2 (search parameters and tables) and §3 (order
types, error 5522); how validate applies them: docs/inventory.md ("Search rules"); adding a key:
docs/inventory.md ("Adding a search criterion").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

# Where a key applies: NANP (USA, CAN), the other countries, or both.
Scope = Literal["any", "nanp", "international"]
# The primary search type a key makes (docs/inventory.md, "Search rules"); None: a modifier.
SearchKind = Literal["geographic", "local_vanity", "toll_free"]
# How the holdings confirm a key on a held number:
# equal: the held attribute equals the value; prefix: the number starts with the value;
# pattern: the number matches the value's pattern; ordered: holdings cannot tell, so only the
# numbers numspec ordered for the group count; unchecked: not visible, not checked;
# shape: shapes the search only (no attribute of a number).
Confirm = Literal["equal", "prefix", "pattern", "ordered", "unchecked", "shape"]


@dataclass(frozen=True)
class Criterion:
    """One inventory search key and every fact numspec relies on about it."""

    key: str  # the inventory key
    param: str  # availableNumbers query parameter
    element: str | None  # child of a search-and-order order type; None: no order type has it
    scope: Scope
    search: SearchKind | None  # the primary search type it makes; None: a modifier
    confirm: Confirm
    held: str | None = None  # the HeldNumber attribute compared ("number": its digits)
    details: bool = False  # the held attribute comes from the /tns details, not the digits
    order_by: bool = False  # orderBy is allowed in a search led by this key
    backorder: bool = False  # a backorder can carry it (Bandwidth error 5522 otherwise)
    lca: bool = False  # a search by it takes LCA (widens to the local calling area)


# Rows run in the order of CombinedSearchAndOrderType's children, the order elements are sent in.
# fmt: off
CRITERIA: tuple[Criterion, ...] = (
    Criterion("country", "countryCodeA3", None, "any", None, "equal", "country",
              backorder=True),
    Criterion("type", "phoneNumberType", None, "international", None, "equal", "type",
              details=True),
    Criterion("area_code", "areaCode", "AreaCode", "any", "geographic", "prefix", "number",
              backorder=True),
    Criterion("rate_center", "rateCenter", "RateCenter", "nanp", "geographic", "equal",
              "rate_center", details=True, order_by=True, backorder=True, lca=True),
    Criterion("state", "state", "State", "nanp", "geographic", "equal", "state",
              details=True, backorder=True),
    Criterion("npa_nxx", "npaNxx", "NpaNxx", "nanp", "geographic", "prefix", "number",
              order_by=True, lca=True),
    Criterion("npa_nxxx", "npaNxxx", "NpaNxxX", "nanp", "geographic", "prefix", "number",
              order_by=True, lca=True),
    Criterion("lata", "lata", "Lata", "nanp", "geographic", "equal", "lata",
              details=True, backorder=True),
    Criterion("city", "city", "City", "any", "geographic", "equal", "city",
              details=True, order_by=True, backorder=True),
    Criterion("zip", "zip", "Zip", "nanp", "geographic", "ordered",
              order_by=True, backorder=True),
    Criterion("local_vanity", "localVanity", "LocalVanity", "nanp", "local_vanity", "pattern",
              "number"),
    Criterion("ends_in", "endsIn", "EndsIn", "nanp", None, "shape"),
    Criterion("toll_free_vanity", "tollFreeVanity", "TollFreeVanity", "nanp", "toll_free",
              "pattern", "number", order_by=True),
    Criterion("toll_free_wildcard", "tollFreeWildCardPattern", "TollFreeWildCardPattern",
              "nanp", "toll_free", "pattern", "number", order_by=True, backorder=True),
    Criterion("lca", "LCA", "EnableLCA", "nanp", None, "shape", backorder=True),
    Criterion("protected", "protected", None, "any", None, "unchecked"),
    Criterion("order_by", "orderBy", None, "nanp", None, "shape", backorder=True),
)
# fmt: on

BY_KEY: Mapping[str, Criterion] = {c.key: c for c in CRITERIA}
KEYS: tuple[str, ...] = tuple(BY_KEY)

# What each primary search type may combine with besides its own key, where the tables give a
# fixed list. Geographic searches combine with each other under rules.py's rules.
COMPANIONS: Mapping[SearchKind, tuple[str, ...]] = {
    "local_vanity": ("state", "area_code", "ends_in", "protected"),
    "toll_free": ("order_by",),  # and quantity; no other parameter is listed
}
# Search types whose tables list nothing but their own key, the companions and quantity: no
# countryCodeA3, no enableTNDetail. Every other table lists enableTNDetail.
BARE: tuple[SearchKind, ...] = ("toll_free",)


def keys(**facts: object) -> tuple[str, ...]:
    """Return the keys whose rows have every given fact, e.g. `keys(order_by=True)`."""
    return tuple(c.key for c in CRITERIA if all(getattr(c, f) == v for f, v in facts.items()))


_PRECEDENCE: tuple[SearchKind, ...] = ("toll_free", "local_vanity", "geographic")


def search_kind(present: Iterable[str]) -> SearchKind | None:
    """Return the primary search type of a NANP group with these keys (toll-free first)."""
    kinds = {BY_KEY[k].search for k in present if k in BY_KEY}
    return next((kind for kind in _PRECEDENCE if kind in kinds), None)


@dataclass(frozen=True)
class OrderType:
    """A search-and-order order type: the keys it requires and the keys it may also carry."""

    element: str
    required: frozenset[str]
    optional: frozenset[str] = frozenset()


# The search-and-order types numspec sends (as backorders); docs/inventory.md, rule 11.
# fmt: off
ORDER_TYPES: tuple[OrderType, ...] = (
    OrderType("AreaCodeSearchAndOrderType", frozenset({"area_code"})),
    OrderType("RateCenterSearchAndOrderType", frozenset({"rate_center", "state"}),
              frozenset({"lca"})),
    OrderType("CitySearchAndOrderType", frozenset({"city", "state"})),
    OrderType("StateSearchAndOrderType", frozenset({"state"})),
    OrderType("ZIPSearchAndOrderType", frozenset({"zip"})),
    OrderType("LATASearchAndOrderType", frozenset({"lata"})),
    OrderType("TollFreeWildCharSearchAndOrderType", frozenset({"toll_free_wildcard"})),
)
# fmt: on
# Any geographic keys together (AreaCode, NpaNxx and NpaNxxX exclude each other), with EnableLCA.
COMBINED = OrderType(
    "CombinedSearchAndOrderType",
    frozenset(),
    frozenset({*keys(search="geographic"), "lca"}),
)


def order_type(present: Iterable[str]) -> OrderType | None:
    """Return the search-and-order type for a group's keys that have elements, or None."""
    given = frozenset(k for k in present if BY_KEY[k].element is not None)
    for kind in ORDER_TYPES:
        if kind.required <= given <= kind.required | kind.optional:
            return kind
    return COMBINED if given and given <= COMBINED.optional else None
