"""Orders stored before the state machine spoke typed results still read the same."""

from __future__ import annotations

import json

from numspec.sandbox.order_machine import DisconnectResult, Failure, OrderResult

# The `result` column of a backordered order and of a partial disconnect, as earlier sandboxes
# wrote them (a database from before keeps working without a rebuild).
STORED_ORDER = {
    "held": ["+19195550100", "+19195550101"],
    "failed": [
        {"code": "5005", "number": "+19195550101", "description": "unavailable"},
        {"code": "5520", "description": "1 telephone numbers were backordered"},
    ],
    "completed": ["+19195550100"],
    "backordered": 1,
    "reserved": ["+19195550100"],
    "summary": "1 out of 2 numbers ordered in (919)",
}
STORED_DISCONNECT = {
    "completed": ["+19195550100"],
    "failed": [{"code": "5006", "number": "+19195550199", "description": "not yours"}],
}


def test_an_order_result_stored_earlier_reads_and_writes_back_unchanged() -> None:
    result = OrderResult.from_json(json.dumps(STORED_ORDER))
    assert result.backordered == 1
    assert result.failed[0] == Failure("5005", "unavailable", "+19195550101")
    assert result.failed[1].number is None
    assert json.loads(result.to_json()) == STORED_ORDER


def test_a_new_order_result_names_no_reservations_and_no_summary_until_it_finishes() -> None:
    stored = json.loads(OrderResult(held=("+19195550100",)).to_json())
    assert stored == {"held": ["+19195550100"], "failed": [], "completed": [], "backordered": 0}


def test_a_disconnect_result_stored_earlier_reads_and_writes_back_unchanged() -> None:
    result = DisconnectResult.from_json(json.dumps(STORED_DISCONNECT))
    assert result.failed[0].code == "5006"
    assert json.loads(result.to_json()) == STORED_DISCONNECT
    assert DisconnectResult.from_json("{}") == DisconnectResult()
