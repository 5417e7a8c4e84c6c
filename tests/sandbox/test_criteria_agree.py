"""The sandbox's own copy of the search vocabulary agrees with numspec's criteria registry.

The sandbox imports no core module (it emulates the API, so that numspec is tested against
an independent reading of the rules); these tests catch the two copies drifting apart.
"""

from __future__ import annotations

from numspec.inventory.criteria import BY_KEY, CRITERIA, ORDER_TYPES, keys
from numspec.inventory.geo_codes import nanp_area_code_problem
from numspec.sandbox import orders, search


def _params(names: tuple[str, ...]) -> set[str]:
    return {BY_KEY[k].param for k in names}


def test_every_query_parameter_is_known_to_the_sandbox_with_its_spelling() -> None:
    assert {row.param for row in CRITERIA} <= set(search.PARAMS.values())


def test_every_order_element_maps_to_the_same_parameter() -> None:
    for row in CRITERIA:
        if row.element is not None:
            assert orders.CHILD_PARAMS[row.element] == row.param, row.key


def test_the_order_types_numspec_sends_take_the_same_children() -> None:
    for kind in ORDER_TYPES:
        required, optional = orders.SEARCH_TYPES[kind.element]
        assert set(required) == {BY_KEY[k].element for k in kind.required} | {"Quantity"}
        assert {BY_KEY[k].element for k in kind.optional} <= set(optional)
        assert kind.element not in orders.NO_BACKORDER  # numspec sends these as backorders


def test_order_by_lca_and_nanp_only_parameters_agree() -> None:
    toll_free = ("tollFreeVanity", "tollFreeWildCardPattern")
    assert _params(keys(order_by=True)) == {*search.ORDER_BY_PRIMARIES, *toll_free}
    assert _params(keys(lca=True)) == set(search.LCA_PRIMARIES)
    assert _params(keys(scope="nanp")) == set(search.NANP_ONLY)


def test_the_area_code_rules_agree_on_every_three_digit_code() -> None:
    for n in range(1000):
        npa = f"{n:03d}"
        try:
            search.parse_search({"areaCode": npa, "quantity": "1"})
            refused = False
        except search.SearchError as e:
            assert e.code == "4000"
            refused = True
        assert refused == (nanp_area_code_problem(npa) is not None), npa
