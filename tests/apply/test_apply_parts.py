"""The pieces apply is built from: what it sends, how it waits, how runs serialise."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from numspec.apply import order_requests
from numspec.apply.lease import local_lock
from numspec.apply.polling import Backoff, Clock, Timeout, wait_final
from numspec.bandwidth.models import SearchOrderType
from numspec.inventory.criteria import COMBINED, ORDER_TYPES
from numspec.inventory.model import Criteria, Group


def test_orders_are_split_at_5000_numbers() -> None:
    numbers = [f"+1919{i:07d}" for i in range(12001)]
    assert [len(c) for c in order_requests.chunks(numbers)] == [5000, 5000, 2001]


def params_of(criteria: Criteria) -> dict[str, str]:
    """Return the query parameters apply sends when it searches for a group's numbers."""
    return order_requests.search_query(criteria, 1).as_dict()


def test_searches_ask_for_sorted_numbers_only_where_the_api_allows_it() -> None:
    for sortable in (
        Criteria("USA", state="NC", city="RALEIGH"),
        Criteria("USA", zip="27601"),
        Criteria("USA", toll_free_wildcard="88*"),
    ):
        assert params_of(sortable)["orderBy"] == "fullNumber", sortable
    for unsortable in (
        Criteria("USA", area_code="919"),
        Criteria("USA", state="NC"),
        Criteria("USA", npa_nxx="919555", lca=False),
        Criteria("GBR", city="LONDON"),
    ):
        assert "orderBy" not in params_of(unsortable), unsortable


def test_searches_that_take_lca_by_default_are_not_sorted() -> None:
    # LCA is on unless `lca: false` is sent, and no LCA table lists orderBy (error 4021).
    for criteria in (
        Criteria("USA", npa_nxx="919555"),
        Criteria("USA", npa_nxxx="9195551", city="CARY", state="NC"),
        Criteria("USA", rate_center="DURHAM", state="NC", zip="27701"),
    ):
        assert "orderBy" not in params_of(criteria), criteria


def test_a_users_order_by_is_sent_as_given() -> None:
    query = params_of(Criteria("USA", npa_nxx="919555", order_by="npaNxx"))
    assert query["orderBy"] == "npaNxx"


def test_toll_free_searches_carry_only_what_their_table_lists() -> None:
    assert params_of(Criteria("USA", toll_free_wildcard="8**")) == {
        "tollFreeWildCardPattern": "8**",
        "orderBy": "fullNumber",
    }
    assert params_of(Criteria("CAN", toll_free_vanity="FLOWERS", order_by="areaCode")) == {
        "tollFreeVanity": "FLOWERS",
        "orderBy": "areaCode",
    }


def test_other_searches_carry_their_country_and_ask_for_details() -> None:
    assert params_of(Criteria("USA", area_code="919")) == {
        "countryCodeA3": "USA",
        "areaCode": "919",
        "enableTNDetail": "true",
    }
    assert params_of(Criteria("GBR", type="GEOGRAPHIC", area_code="20")) == {
        "countryCodeA3": "GBR",
        "phoneNumberType": "GEOGRAPHIC",
        "areaCode": "20",
        "enableTNDetail": "true",
    }


def test_order_names_fit_in_50_characters() -> None:
    assert len(order_requests.order_name("a-very-long-site-name/" + "g" * 60)) == 50


def _group(criteria: Criteria) -> Group:
    return Group("s", "g", "1001", None, 5, criteria, backorder=True)


def test_backorders_use_the_search_and_order_type_of_the_criteria() -> None:
    request = order_requests.backorder(
        _group(Criteria("USA", state="NC", city="RALEIGH")), 4, customer_order_id="x"
    )
    assert request is not None and request.backorder
    assert request.order_type == "CitySearchAndOrderType"
    assert request.fields == (("State", "NC"), ("City", "RALEIGH"))
    assert request.quantity == 4


def test_backorders_are_not_offered_where_the_api_refuses_them() -> None:
    for criteria in (
        Criteria("USA", npa_nxx="919555"),
        Criteria("USA", npa_nxxx="9195551"),
        Criteria("USA", local_vanity="PIZZA", area_code="919"),
        Criteria("USA", toll_free_vanity="FLOWERS"),
        Criteria("GBR", area_code="20"),
    ):
        placed = order_requests.backorder(_group(criteria), 1, customer_order_id="x")
        assert placed is None, criteria


@pytest.mark.parametrize(
    ("criteria", "kind", "fields"),
    [
        (Criteria("USA", area_code="919"), "AreaCodeSearchAndOrderType", (("AreaCode", "919"),)),
        (
            Criteria("USA", rate_center="DURHAM", state="NC", lca=False),
            "RateCenterSearchAndOrderType",
            (("RateCenter", "DURHAM"), ("State", "NC"), ("EnableLCA", "false")),
        ),
        (Criteria("USA", state="NC"), "StateSearchAndOrderType", (("State", "NC"),)),
        (Criteria("USA", zip="27601"), "ZIPSearchAndOrderType", (("Zip", "27601"),)),
        (Criteria("USA", lata="426"), "LATASearchAndOrderType", (("Lata", "426"),)),
        (
            Criteria("USA", toll_free_wildcard="88*", order_by="fullNumber"),
            "TollFreeWildCharSearchAndOrderType",
            (("TollFreeWildCardPattern", "88*"),),
        ),
        (
            Criteria("USA", area_code="919", city="CARY", state="NC"),
            "CombinedSearchAndOrderType",
            (("AreaCode", "919"), ("State", "NC"), ("City", "CARY")),
        ),
    ],
)
def test_each_backorderable_search_gets_its_order_type(
    criteria: Criteria, kind: str, fields: tuple[tuple[str, str], ...]
) -> None:
    request = order_requests.backorder(_group(criteria), 2, customer_order_id="x")
    assert request is not None and request.backorder
    assert request.order_type == kind
    assert (request.fields, request.quantity) == (fields, 2)


def test_the_client_knows_every_search_and_order_type_the_criteria_registry_names() -> None:
    # A registry type the client's SearchOrderType lacks could never be backordered.
    named = {kind.element for kind in (*ORDER_TYPES, COMBINED)}
    assert named == {kind.value for kind in SearchOrderType}


@dataclass(frozen=True)
class _State:
    status: str


def test_polling_stops_at_the_deadline_with_the_unfinished_orders() -> None:
    now = [0.0]
    clock = Clock(now=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))
    with pytest.raises(Timeout, match="order a \\(PROCESSING\\)"):
        wait_final(
            lambda _: _State("PROCESSING"),
            ["a"],
            is_final=lambda s: s.status == "COMPLETE",
            clock=clock,
            deadline=lambda: 30.0,
            backoff=Backoff(),
            rng=random.Random(1),
        )
    assert now[0] == 30.0


def test_an_interrupt_stops_polling_at_once_and_says_the_next_run_waits() -> None:
    from numspec.apply.context import Deadline

    deadline = Deadline(1e9)
    deadline.cancel()
    clock = Clock(now=lambda: 0.0, sleep=lambda s: None)
    with pytest.raises(Timeout, match="interrupted while waiting for order a .*next run waits"):
        wait_final(
            lambda _: _State("RECEIVED"),
            ["a"],
            is_final=lambda s: s.status == "COMPLETE",
            clock=clock,
            deadline=deadline,
            backoff=Backoff(),
            rng=random.Random(1),
        )


def test_polls_grow_with_the_wait_so_a_long_order_costs_few_requests() -> None:
    now, polls = [0.0], [0]
    clock = Clock(now=lambda: now[0], sleep=lambda s: now.__setitem__(0, now[0] + s))

    def fetch(_: str) -> _State:
        polls[0] += 1
        return _State("COMPLETE" if now[0] >= 60 else "PROCESSING")

    wait_final(
        fetch,
        ["a"],
        is_final=lambda s: s.status == "COMPLETE",
        clock=clock,
        deadline=lambda: 1000.0,
        backoff=Backoff(),
        rng=random.Random(1),
    )
    assert polls[0] <= 25 and now[0] < 66


def test_a_second_apply_in_the_same_directory_waits_for_the_first(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.yaml"
    order: list[str] = []
    waited: list[str] = []

    def second() -> None:
        with local_lock(inventory, on_wait=waited.append):
            order.append("second")

    with local_lock(inventory):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.1)
        order.append("first")
    thread.join(5)
    assert order == ["first", "second"]
    assert waited and "waiting for another apply" in waited[0]


def test_progress_shows_each_group_and_its_order_live_or_as_lines() -> None:
    import io

    from numspec.apply.events import ApplyEvent
    from numspec.render.progress import progress

    events = [
        ApplyEvent("us/raleigh", "ordering", "5 numbers", None, 0, 5),
        ApplyEvent("us/raleigh", "waiting", "", "order-1", 0, 5),
        ApplyEvent("us/raleigh", "done", "holds 5", None, 5, 5),
    ]
    for live in (True, False):
        stream = io.StringIO()
        with progress(stream, live=live) as sink:
            for event in events:
                sink(event)
        text = stream.getvalue()
        assert "us/raleigh" in text and "order-1" in text and "5/5" in text
