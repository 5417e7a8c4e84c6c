"""validate accepts `backorder: true` exactly where apply can place the backorder."""

from __future__ import annotations

import pytest
from inventory_text import group_file, group_problems, inventory

from numspec.apply import order_requests

USA = ("quantity: 2", "country: USA")
SEARCHES = [
    (*USA, "area_code: '919'"),
    (*USA, "state: NC"),
    (*USA, "state: NC", "city: RALEIGH"),
    (*USA, "state: NC", "rate_center: DURHAM"),
    (*USA, "state: NC", "rate_center: DURHAM", "lca: false"),
    (*USA, "zip: '27601'"),
    (*USA, "lata: '426'"),
    (*USA, "area_code: '919'", "state: NC", "city: CARY"),
    (*USA, "zip: '27601'", "order_by: fullNumber"),
    (*USA, "toll_free_wildcard: '88*'"),
    (*USA, "toll_free_wildcard: '8**'", "order_by: areaCode"),
    (*USA, "npa_nxx: '919555'"),
    (*USA, "npa_nxxx: '9195551'"),
    (*USA, "local_vanity: PIZZA", "area_code: '919'"),
    (*USA, "local_vanity: PIZZA", "ends_in: true"),
    (*USA, "toll_free_vanity: FLOWERS"),
    (*USA, "area_code: '919'", "protected: ONLY"),
    (*USA, "state: NC", "protected: NONE"),
]


@pytest.mark.parametrize("lines", SEARCHES)
def test_validate_and_apply_agree_on_backorders(lines: tuple[str, ...]) -> None:
    (group,) = inventory(group_file(*lines)).groups  # a valid search without backorder
    offered = order_requests.backorder(group, 2, customer_order_id="x")
    refused = group_problems(*lines, "backorder: true")
    if offered is None:
        assert len(refused) == 1 and ".backorder: backorder" in refused[0], refused
    else:
        assert refused == []
        assert offered.backorder and offered.order_type


def test_a_protected_search_is_not_backordered_without_its_protection() -> None:
    assert group_problems(*USA, "area_code: '919'", "protected: ONLY", "backorder: true") == [
        "12:9: sites.s.groups.g.backorder: backorder cannot carry protected: no search-and-order"
        " type has it; drop one of them"
    ]


def test_a_toll_free_wildcard_backorder_is_placed() -> None:
    (group,) = inventory(group_file(*USA, "toll_free_wildcard: '83*'", "backorder: true")).groups
    request = order_requests.backorder(group, 7, customer_order_id="x")
    assert request is not None
    assert request.order_type == "TollFreeWildCharSearchAndOrderType"
    assert (request.fields, request.quantity) == ((("TollFreeWildCardPattern", "83*"),), 7)
