"""apply through the real client when FAILED orders echo no numbers (the captured replies).

The sandbox answers in its captured dialect: a FAILED order read back echoes
`<ExistingTelephoneNumberOrderType/>` empty. The client must remember what it asked for, or the
lost numbers stay counted as on order and the next group searches for too many.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from apply_support import assert_exact, write_inventory
from support.sandbox import client

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.group_run import SPARE_SHARE
from numspec.bandwidth.client import BandwidthClient
from numspec.bandwidth.models import AvailableNumber, Order, OrderRequest
from numspec.bandwidth.search_query import SearchQuery
from numspec.inventory import load_inventory
from numspec.plan.planner import make_plan
from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

GROUPS = """\
      a-raleigh: {quantity: 3, country: USA, area_code: "919"}
      b-cary: {quantity: 2, country: USA, area_code: "984"}
"""


class FirstTwoOrdersLost(BandwidthClient):
    """A client whose first two orders meet another customer taking every number."""

    def __init__(self, box: EmbeddedSandbox, **options: object) -> None:
        super().__init__(
            account_id=box.account_id,
            api_url=box.api_url,
            token_url=box.token_url,
            client_id=box.client_id,
            client_secret=box.client_secret,
            rate_limit=100.0,
        )
        self.box = box
        self.ordered: list[OrderRequest] = []
        self.searched: list[tuple[str, int]] = []

    def search(self, query: SearchQuery) -> list[AvailableNumber]:
        self.searched.append((query.get("areaCode", "") or "", query.quantity))
        found: list[AvailableNumber] = super().search(query)
        return found

    def create_order(self, request: OrderRequest) -> Order:
        # The sandbox draws races when an order is stored, from the switch of that moment.
        self.box.backend.switches.race_rate = 1.0 if len(self.ordered) < 2 else 0.0
        self.ordered.append(request)
        return super().create_order(request)


def test_two_failed_orders_with_empty_echoes_are_not_counted_as_on_order(
    tmp_path: Path, sandbox_factory
) -> None:  # type: ignore[no-untyped-def]
    box = sandbox_factory(dialect="captured", order_latency=0.1)
    path = write_inventory(tmp_path, GROUPS)
    inventory = load_inventory(path)
    api = FirstTwoOrdersLost(box)
    try:
        plan = make_plan(inventory, api)
        report = apply(
            plan,
            inventory,
            api,
            options=ApplyOptions(parallelism=1),
            runtime=Runtime(waiting_threads=1, seed=3),
        )
        by = {g.address: g for g in report.groups}
        lost = [api.get_order(o) for o in by["us-sales/a-raleigh"].orders[:2]]
    finally:
        api.close()
    assert by["us-sales/a-raleigh"].status == "converged"
    assert by["us-sales/b-cary"].status == "converged"
    # Both lost orders really came back FAILED with an empty echo, and the client still knows
    # what each asked for.
    assert [o.status for o in lost] == ["FAILED", "FAILED"]
    assert [len(o.requested_numbers) for o in lost] == [3, 3]
    # Exact counts: raleigh ordered its shortfall of 3 three times, cary its 2 once.
    assert [len(r.numbers) for r in api.ordered] == [3, 3, 3, 2]
    # No over-ordering: cary, searching after raleigh's orders were final, asked for its
    # shortfall and the spares every search asks for (not 2 + the 6 lost numbers still counted
    # as on order).
    spares = math.ceil(2 * SPARE_SHARE)
    assert [q for code, q in api.searched if code == "984"] == [2 + spares]
    with client(box) as check:
        assert len(list(check.list_orders())) == 4
    assert_exact(box, path)
