"""Changes: read back strictly, compared change by change, and extensible by registering a kind."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from market import Market, nanp

from numspec.apply.applier import ApplyOptions, Runtime, apply
from numspec.apply.dispatch import HANDLERS, Step, register_handler
from numspec.apply.polling import Backoff
from numspec.apply.report import Outcome
from numspec.errors import PlanFileError, StalePlanError
from numspec.inventory import parse_inventory
from numspec.plan import planfile
from numspec.plan.changes import CHANGE_KINDS, Change, ChangeKind, differences, register_kind
from numspec.plan.plan_model import GroupPlan, Plan
from numspec.render.plan_text import approval_lines

ORDER = {"address": "us/raleigh", "action": "order", "quantity": 3, "numbers": []}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**ORDER, "action": "port"}, "unknown change action 'port'"),
        ({**ORDER, "site": "1001"}, "a order change has no field site"),
        ({**ORDER, "quantity": True}, "quantity is not a whole number"),
        ({**ORDER, "quantity": 0}, "orders 0"),
        ({**ORDER, "quantity": 1, "numbers": ["+19195550100", "+19195550101"]}, "more numbers"),
        ({"address": "us/raleigh", "action": "disconnect", "numbers": []}, "distinct numbers"),
        ({**ORDER, "address": "raleigh"}, "no group address"),
    ],
)
def test_a_malformed_change_is_refused_naming_what_is_wrong(data: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        Change.from_dict(data)


def test_changes_round_trip_with_only_their_kinds_fields() -> None:
    drop = Change("us/zip", "disconnect", 1, ("+19195550142",))
    assert drop.to_dict() == {
        "address": "us/zip",
        "action": "disconnect",
        "numbers": ["+19195550142"],
    }
    assert Change.from_dict(drop.to_dict()) == drop
    assert Change.from_dict(ORDER) == Change("us/raleigh", "order", 3)


def test_differences_say_what_the_saved_plan_and_planning_now_do() -> None:
    saved = (Change("us/triangle", "order", 40), Change("us/zip", "disconnect", 1, ("+1919",)))
    fresh = (Change("us/raleigh", "order", 2), Change("us/triangle", "order", 3))
    assert differences(saved, fresh) == [
        "the saved plan does not order for us/raleigh; planning now orders 2 for us/raleigh",
        "the saved plan orders 40 for us/triangle; planning now orders 3",
        "the saved plan disconnects +1919 for us/zip; planning now does not",
    ]
    assert differences(fresh, fresh) == []


def plan_with(*changes: Change) -> Plan:
    group = GroupPlan("us/raleigh", "1001", 3, 0, 0, 3)
    return Plan("9900000", (group,), changes=changes, inventory_digest="0" * 64)


def test_a_plan_file_reads_back_and_an_edit_is_reported_as_a_modification() -> None:
    plan = plan_with(Change("us/raleigh", "order", 3))
    text = planfile.dumps(plan)
    assert planfile.loads(text, "plan.json") == plan
    edited = json.loads(text)
    edited["changes"][0]["quantity"] = 40
    with pytest.raises(PlanFileError, match="the plan file plan.json was modified"):
        planfile.loads(json.dumps(edited), "plan.json")
    with pytest.raises(StalePlanError, match="orders 3 for us/raleigh; planning now orders 2"):
        planfile.verify(plan, plan_with(Change("us/raleigh", "order", 2)))


@pytest.fixture
def note_kind() -> Iterator[list[Step]]:
    """A kind of change added as another module would: a kind, its fields, and a handler."""
    seen: list[Step] = []

    def handle(step: Step) -> Outcome:
        seen.append(step)
        return Outcome()

    register_kind(
        ChangeKind("note", ("numbers",), lambda c: None, lambda c: f"notes {len(c.numbers)}")
    )
    register_handler("note", handle, phase=2, concurrent=False)
    try:
        yield seen
    finally:
        CHANGE_KINDS.pop("note")
        HANDLERS.pop("note")


def test_a_registered_kind_is_saved_summarised_shown_and_dispatched_to_its_handler(
    note_kind: list[Step],
) -> None:
    inventory = parse_inventory(
        b'version: 1\naccount_id: "9900000"\nsites:\n  us:\n    site_id: "1001"\n'
        b'    groups:\n      raleigh: {quantity: 3, country: USA, area_code: "919"}\n'
    )
    market = Market(pool=nanp("919", 10))
    note = Change("us/raleigh", "note", 1, ("+19195550100",))
    plan = plan_with(Change("us/raleigh", "order", 3), note)
    again = planfile.loads(planfile.dumps(plan), "plan.json")
    assert again.changes[1] == note and again.summary()["note"] == 1
    assert "  ~ us/raleigh: notes 1" in approval_lines(again)
    runtime = Runtime(backoff=Backoff(initial=0.001, maximum=0.005, direct=0.001), seed=1)
    report = apply(again, inventory, market, options=ApplyOptions(), runtime=runtime)
    assert [s.change for s in note_kind] == [note]
    assert report.groups[0].ordered == 3


def test_a_long_list_of_numbers_is_shortened_in_messages_but_not_on_the_approval_screen() -> None:
    numbers = tuple(f"+1919555{i:04d}" for i in range(8))
    drop = Change("us/raleigh", "disconnect", 8, numbers)
    (diff,) = differences((drop,), ())
    assert diff.endswith("+19195550004 and 3 more for us/raleigh; planning now does not")
    group = GroupPlan("us/raleigh", "1001", 0, 8, 0, 0, surplus=numbers)
    lines = approval_lines(Plan("9900000", (group,), changes=(drop,)))
    assert lines[1] == f"      {', '.join(numbers)}"
