"""What apply sends: search queries, exact-number orders, and NANP search-and-order backorders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from numspec.bandwidth.models import NumbersOrder, SearchOrder, SearchOrderType
from numspec.bandwidth.search_query import SearchQuery
from numspec.inventory.criteria import (
    BARE,
    BY_KEY,
    COMPANIONS,
    CRITERIA,
    keys,
    order_type,
    search_kind,
)
from numspec.inventory.model import Criteria, Group

MAX_PER_ORDER = 5000  # Quantity and (we assume, UNCONFIRMED) TelephoneNumberList: 5215/5095
MAX_NAME = 50


def search_query(criteria: Criteria, quantity: int) -> SearchQuery:
    """Return the availableNumbers search for a group: what its search table lists, no more.

    Sorted results make concurrent runs ask for the same numbers, so the API's first-come-
    first-served rule settles a race instead of doubling the count (docs/safety.md); orderBy
    is added only where the table allows it and no local calling area is searched (LCA is on
    by default for the keys that take it, and no LCA table lists orderBy: error 4021).
    """
    present = criteria.items()
    kind = search_kind(present) if criteria.is_nanp else None
    query = criteria.to_query()
    if kind in BARE:
        listed = {BY_KEY[k].param for k in (*keys(search=kind), *COMPANIONS.get(kind, ()))}
        query = {param: value for param, value in query.items() if param in listed}
    else:
        query["enableTNDetail"] = "true"
    sortable = criteria.is_nanp and any(BY_KEY[k].order_by for k in present)
    if sortable and criteria.order_by is None and not any(BY_KEY[k].lca for k in present):
        query["orderBy"] = "fullNumber"
    return SearchQuery.of(query, quantity)


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
) -> NumbersOrder:
    """Return an ExistingTelephoneNumberOrderType order for exact numbers."""
    return NumbersOrder(
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


def backorder_type(
    criteria: Criteria,
) -> tuple[SearchOrderType, tuple[tuple[str, str], ...]] | None:
    """Return the search-and-order type and fields for a group, or None if not allowed."""
    present = criteria.texts()
    if not criteria.is_nanp or not all(BY_KEY[k].backorder for k in present):
        return None
    kind = order_type(present)
    if kind is None:
        return None
    fields = [
        (element, present[c.key])
        for c in CRITERIA
        if c.key in present and (element := c.element) is not None
    ]
    return SearchOrderType(kind.element), tuple(fields)


def backorder(group: Group, quantity: int, *, customer_order_id: str) -> SearchOrder | None:
    """Return a search-and-order with BackOrderRequested for what a search cannot fill."""
    found = backorder_type(group.criteria)
    if found is None:
        return None
    kind, fields = found
    return SearchOrder(
        site_id=group.site_id,
        location_id=group.location_id,
        customer_order_id=customer_order_id,
        name=order_name(group.address),
        voice_package=group.voice_package,
        requirements_package=group.requirements_package,
        auto_activate=group.auto_activate,
        partial_allowed=True,
        order_type=kind,
        fields=fields,
        quantity=quantity,
        backorder=True,
    )
