"""The apply report counts as gained only numbers this run ordered that the account now holds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from market import Market, nanp
from test_apply import RALEIGH5, inventory, run

from numspec.apply.report import ordered_numbers
from numspec.bandwidth.models import Order

STRAY = "+19195559999"  # in nobody's order


class _StrayMarket(Market):
    """A server whose finished orders also list a number nobody asked for."""

    def finish(self, order_id: str) -> Order:
        order = super().finish(order_id)
        if STRAY in order.completed_numbers:
            return order
        with self.lock:
            stray = replace(order, completed_numbers=(*order.completed_numbers, STRAY))
            self.orders[order_id].order = stray
        return stray


def test_an_unrequested_completed_number_does_not_inflate_gained(
    caplog: pytest.LogCaptureFixture,
) -> None:
    market = _StrayMarket(pool=nanp("919", 20))
    market.populate("1001", [a.number for a in market.pool[:2]])
    report = run(inventory(RALEIGH5), market)
    group = report.groups[0]
    assert (group.status, group.held, group.ordered) == ("converged", 5, 3)
    assert report.summary()["ordered"] == 3
    assert "completed 1 numbers it did not ask for" in caplog.text


def test_a_quantity_order_gains_at_most_its_quantity() -> None:
    order = Order(
        "o-1", "COMPLETE", requested_quantity=2, completed_numbers=("+1919", "+1918", "+1917")
    )
    assert ordered_numbers(order) == {"+1917", "+1918"}


def test_a_named_order_gains_only_the_named_numbers() -> None:
    order = Order(
        "o-1", "COMPLETE", requested_numbers=("+1919",), completed_numbers=("+1919", "+1918")
    )
    assert ordered_numbers(order) == {"+1919"}
