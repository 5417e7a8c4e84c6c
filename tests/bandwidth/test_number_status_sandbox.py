"""GET /tns/{tn} against the sandbox: what the client reads for every kind of number."""

from __future__ import annotations

from typing import Any

import pytest
from support.sandbox import populate
from test_sandbox_e2e import connect, wait_final

from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import NumbersOrder, NumberStatus, Order
from numspec.bandwidth.search_query import SearchQuery

pytestmark = pytest.mark.slow


def _order(api: BandwidthClient, numbers: list[str], tag: str) -> Order:
    made = api.create_order(NumbersOrder("1001", tag, tag, numbers=tuple(numbers)))
    done: Order = wait_final(api.get_order, made.order_id)
    return done


def test_number_status_tells_pool_held_aging_reserved_taken_and_unknown_apart(
    sandbox_factory: Any,
) -> None:
    box = sandbox_factory(aging_period=60.0)
    with connect(box) as api:
        pool = [
            a.number
            for a in api.search(SearchQuery.of({"countryCodeA3": "USA", "areaCode": "919"}, 4))
        ]
        held = populate(box, "1002", 1)["first"]
        aging, reserved, free = pool[0], pool[1], pool[2]
        _order(api, [aging], "ns-status-aging")
        gone = api.create_disconnect([aging], "ns-status-drop")
        wait_final(api.get_disconnect, gone.order_id)
        api.reserve(reserved)
        assert api.number_status(free) == NumberStatus(free, "Available")
        assert api.number_status(held) == NumberStatus(held, "Inservice", "9900000", "1002")
        assert api.number_status(aging) == NumberStatus(aging, "Aging", "9900000")
        assert api.number_status(reserved) == NumberStatus(reserved, "Reserved", "9900000")
        assert api.number_status("+15005550006") is None  # no such number


def test_a_number_another_customer_took_is_unknown(sandbox_factory: Any) -> None:
    box = sandbox_factory(race_rate=1.0)
    with connect(box) as api:
        number = api.search(SearchQuery.of({"countryCodeA3": "USA", "areaCode": "919"}, 1))[
            0
        ].number
        done = _order(api, [number], "ns-status-race")
        assert done.status == "FAILED"
        assert api.number_status(number) is None
