"""What apply sends: search queries, exact-number orders, and NANP search-and-order backorders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from numspec.bandwidth.models import OrderRequest
from numspec.spec.model import Criteria, Group

MAX_PER_ORDER = 5000  # Quantity and (we assume, UNCONFIRMED) TelephoneNumberList: 5215/5095
MAX_NAME = 50

# orderBy is only allowed with these primary search types (bandwidth-api.md, RAML), and never
# together with LCA. Sorted results make concurrent runs ask for the same numbers, so the API's
# first-come-first-served rule settles a race instead of doubling the count (docs/safety.md).
_ORDER_BY_KEYS = (
    "npa_nxx",
    "npa_nxxx",
    "rate_center",
    "city",
    "zip",
    "toll_free_vanity",
    "toll_free_wildcard",
)

# Inventory key -> search-and-order element (bandwidth-api.md section 3).
_BACKORDER_FIELDS = {
    "area_code": "AreaCode",
    "rate_center": "RateCenter",
    "state": "State",
    "city": "City",
    "zip": "Zip",
    "lata": "Lata",
}
_BACKORDER_TYPES = {
    frozenset({"area_code"}): "AreaCodeSearchAndOrderType",
    frozenset({"rate_center", "state"}): "RateCenterSearchAndOrderType",
    frozenset({"city", "state"}): "CitySearchAndOrderType",
    frozenset({"state"}): "StateSearchAndOrderType",
    frozenset({"zip"}): "ZIPSearchAndOrderType",
    frozenset({"lata"}): "LATASearchAndOrderType",
}
# Backorders are refused for specific numbers, NPA-NXX(-X) and vanity searches (5522).
_NO_BACKORDER = ("npa_nxx", "npa_nxxx", "local_vanity", "toll_free_vanity", "toll_free_wildcard")


def search_query(criteria: Criteria) -> dict[str, str]:
    """Return the availableNumbers query for a group, sorted by number where the API allows."""
    query = criteria.to_query()
    sortable = criteria.is_nanp and any(getattr(criteria, k) for k in _ORDER_BY_KEYS)
    if sortable and criteria.order_by is None and criteria.lca is None:
        query["orderBy"] = "fullNumber"
    return query


def order_name(address: str) -> str:
    """Return the order Name for a group (at most 50 characters)."""
    return f"numspec {address}"[:MAX_NAME]


def chunks(numbers: Sequence[str], size: int = MAX_PER_ORDER) -> Iterator[tuple[str, ...]]:
    """Split numbers into orders of at most `size`."""
    for start in range(0, len(numbers), size):
        yield tuple(numbers[start : start + size])


def exact_order(
    group: Group,
    numbers: Sequence[str],
    *,
    customer_order_id: str,
    reservation_ids: Sequence[str] = (),
) -> OrderRequest:
    """Return an ExistingTelephoneNumberOrderType order for exact numbers."""
    return OrderRequest(
        site_id=group.site_id,
        location_id=group.location_id,
        customer_order_id=customer_order_id,
        name=order_name(group.address),
        numbers=tuple(numbers),
        voice_package=group.voice_package,
        requirements_package=group.requirements_package,
        auto_activate=group.auto_activate,
        partial_allowed=True,
        reservation_ids=tuple(reservation_ids),
    )


def backorder_type(criteria: Criteria) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """Return the search-and-order element and fields for a group, or None if not allowed."""
    if not criteria.is_nanp or any(getattr(criteria, k) for k in _NO_BACKORDER):
        return None
    keys = frozenset(k for k in _BACKORDER_FIELDS if getattr(criteria, k))
    if not keys:
        return None
    kind = _BACKORDER_TYPES.get(keys, "CombinedSearchAndOrderType")
    chosen = [
        (name, str(getattr(criteria, k))) for k, name in _BACKORDER_FIELDS.items() if k in keys
    ]
    if criteria.lca is not None and "rate_center" in keys:
        chosen.append(("EnableLCA", "true" if criteria.lca else "false"))
    return kind, tuple(chosen)


def backorder(group: Group, quantity: int, *, customer_order_id: str) -> OrderRequest | None:
    """Return a search-and-order with BackOrderRequested for what a search cannot fill."""
    found = backorder_type(group.criteria)
    if found is None:
        return None
    kind, fields = found
    return OrderRequest(
        site_id=group.site_id,
        location_id=group.location_id,
        customer_order_id=customer_order_id,
        name=order_name(group.address),
        voice_package=group.voice_package,
        requirements_package=group.requirements_package,
        auto_activate=group.auto_activate,
        partial_allowed=True,
        search_type=kind,
        search_fields=(*fields, ("Quantity", str(quantity))),
        backorder=True,
    )
