"""Voice packages in the plan: drift, missing packages, numbers on order, the reassign rail."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pytest
from fakes import FakeApi

from numspec.bandwidth.voice_packages import BulkResult, VoicePackage
from numspec.errors import NotFoundError, PlanError, UnsafePlanError
from numspec.inventory import Inventory, parse_inventory
from numspec.plan.changes import Change
from numspec.plan.plan_model import Plan
from numspec.plan.planner import make_plan
from numspec.plan.voice_plan import raise_if_too_many
from numspec.render.plan_markdown import render_markdown
from numspec.render.plan_text import approval_lines, render_text

MAIN = "d21315af-9b5b-4b45-a6f4-9106cbfe87d1"
OTHER = "5c0e2b7a-3f41-4d8e-9a62-1b7f0c9d2e45"
GONE = "00000000-0000-4000-8000-000000000000"


@dataclass
class FakePackages:
    """Packages in memory; records each request."""

    members: dict[str, set[str]] = field(default_factory=lambda: {MAIN: set(), OTHER: set()})
    calls: list[tuple[str, str]] = field(default_factory=list)

    def list_packages(self) -> list[VoicePackage]:
        return [VoicePackage(p, p) for p in self.members]

    def get_package(self, package_id: str) -> VoicePackage | None:
        self.calls.append(("get", package_id))
        return VoicePackage(package_id, "p") if package_id in self.members else None

    def iter_package_numbers(self, package_id: str) -> Iterator[str]:
        self.calls.append(("list", package_id))
        if package_id not in self.members:
            raise NotFoundError("not found")
        yield from sorted(self.members[package_id])

    def assign(self, package_id: str, numbers: Iterable[str]) -> BulkResult:
        for members in self.members.values():
            members.difference_update(numbers)
        self.members[package_id].update(numbers)
        return BulkResult(tuple(numbers))


@dataclass
class VoiceApi(FakeApi):
    packages: FakePackages = field(default_factory=FakePackages)

    @property
    def voice_packages(self) -> FakePackages:
        return self.packages


def inventory(package: str = MAIN, extra: str = "", policy: str = "") -> Inventory:
    text = f"""\
    version: 1
    account_id: "9900000"
    {policy}
    sites:
      us:
        site_id: "1001"
        groups:
          raleigh: {{quantity: 3, country: USA, state: NC, voice_package: {package}{extra}}}
          plain: {{quantity: 0, country: USA, state: SC}}
    """
    return parse_inventory(textwrap.dedent(text).encode())


def hold(api: VoiceApi, count: int, package: str | None = None) -> list[str]:
    numbers = [f"+1919555{i:04d}" for i in range(count)]
    for n in numbers:
        api.hold(n, "1001", state="NC", city="RALEIGH")
        if package:
            api.packages.members[package].add(n)
    return numbers


def test_numbers_in_the_declared_package_are_not_drift() -> None:
    api = VoiceApi()
    hold(api, 3, MAIN)
    plan = make_plan(inventory(), api)
    assert not plan.changes
    assert api.packages.calls == [("get", MAIN), ("list", MAIN)]  # one listing per package


def test_numbers_in_another_package_or_none_are_listed_as_one_change() -> None:
    api = VoiceApi()
    numbers = hold(api, 3, OTHER)
    api.packages.members[OTHER].discard(numbers[0])  # in no package at all
    api.packages.members[MAIN].add(numbers[2])
    plan = make_plan(inventory(), api)
    assert plan.changes == (
        Change("us/raleigh", "assign_voice_package", 2, tuple(numbers[:2]), voice_package=MAIN),
    )
    assert plan.summary()["assign_voice_package"] == 2
    assert Plan.from_dict(plan.to_dict()).changes == plan.changes
    approval = [x for x in approval_lines(plan) if "voice package" in x]
    assert approval == [
        f"  ~ us/raleigh: assigns 2 numbers ({numbers[0]}, {numbers[1]}) to voice package {MAIN}"
    ]
    text = render_text(plan)
    assert f"us/raleigh: will assign 2 numbers to voice package {MAIN}: {numbers[0]}" in text
    assert "2 to re-assign" in text
    assert numbers[0] in render_markdown(plan) and MAIN in render_markdown(plan)


def test_a_missing_package_blocks_the_group_and_orders_nothing() -> None:
    api = VoiceApi()
    plan = make_plan(inventory(GONE), api)
    g = plan.group("us/raleigh")
    assert g.blocked is not None and f"voice package {GONE} does not exist" in g.blocked
    assert not [c for c in plan.changes if c.address == "us/raleigh"]
    assert ("list", GONE) not in api.packages.calls


def test_numbers_on_order_are_not_drift() -> None:
    api = VoiceApi()
    hold(api, 1, MAIN)
    api.add_order("us/raleigh", "RECEIVED", quantity=2)
    plan = make_plan(inventory(), api)
    assert plan.group("us/raleigh").pending == 2
    assert not [c for c in plan.changes if c.action == "assign_voice_package"]


def test_order_only_settings_are_noted_not_reconciled() -> None:
    api = VoiceApi()
    hold(api, 3, MAIN)
    plan = make_plan(inventory(extra=", auto_activate: true"), api)
    assert any("set on order only" in n for n in plan.group("us/raleigh").notes)
    assert not plan.changes


def test_max_reassign_refuses_before_anything_moves() -> None:
    api = VoiceApi()
    hold(api, 3, OTHER)
    inv = inventory(policy="policy: {max_reassign: 2}")
    assert inv.policy.max_reassign == 2
    plan = make_plan(inv, api)
    with pytest.raises(UnsafePlanError, match=r"re-assigns 3 numbers .*max_reassign \(2\)"):
        raise_if_too_many(plan, inv.policy.max_reassign)
    raise_if_too_many(plan, None)  # default: no limit


def test_a_client_without_package_endpoints_is_an_error_not_silence() -> None:
    api = FakeApi()
    with pytest.raises(PlanError, match="voice packages"):
        make_plan(inventory(), api)


class RefusingPackages(FakePackages):
    """Refuses the numbers in `refuse` as a partial bulk failure would."""

    refuse: frozenset[str] = frozenset()

    def assign(self, package_id: str, numbers: Iterable[str]) -> BulkResult:
        wanted = list(numbers)
        ok = [n for n in wanted if n not in self.refuse]
        super().assign(package_id, ok)
        failed = tuple(n for n in wanted if n in self.refuse)
        return BulkResult(tuple(ok), failed, ("VALIDATION: refused",) if failed else ())


def test_reassign_reports_what_the_read_back_shows_and_names_the_rest() -> None:
    from numspec.apply.reassign import reassign

    api = VoiceApi(packages=RefusingPackages())
    numbers = hold(api, 3, OTHER)
    RefusingPackages.refuse = frozenset(numbers[1:2])
    plan = make_plan(inventory(), api)
    outcome = reassign(api, plan.changes[0])
    assert outcome.voice_reassigned == (numbers[0], numbers[2])
    assert outcome.status == "failed" and outcome.reason is not None
    assert numbers[1] in outcome.reason and "VALIDATION: refused" in outcome.reason
    assert api.packages.members[MAIN] == {numbers[0], numbers[2]}


def test_a_group_blocked_from_ordering_still_has_its_held_numbers_re_routed() -> None:
    from numspec.bandwidth.models import Restriction

    api = VoiceApi()
    api.country_restrictions["USA"] = [Restriction("USA", "LEGAL", "c", "d")]
    numbers = hold(api, 2, OTHER)
    plan = make_plan(inventory(), api)
    assert plan.group("us/raleigh").blocked is not None
    assert [(c.action, c.numbers) for c in plan.changes] == [
        ("assign_voice_package", tuple(numbers))
    ]


def test_apply_reports_a_partial_bulk_failure_as_failed_with_what_moved() -> None:
    from numspec.apply.applier import ApplyOptions, Runtime, apply
    from numspec.apply.polling import Backoff

    api = VoiceApi(packages=RefusingPackages())
    numbers = hold(api, 3, OTHER)
    RefusingPackages.refuse = frozenset(numbers[:1])
    inv = inventory()
    plan = make_plan(inv, api)
    runtime = Runtime(backoff=Backoff(initial=0.001, maximum=0.005, direct=0.001))
    report = apply(plan, inv, api, options=ApplyOptions(), runtime=runtime)
    group = next(g for g in report.groups if g.address == "us/raleigh")
    assert group.status == "failed" and group.voice_reassigned == tuple(numbers[1:])
    assert group.reason is not None and numbers[0] in group.reason
    assert report.to_dict()["summary"]["voice_reassigned"] == 2
    assert not report.converged


def test_apply_refuses_an_assignment_the_inventory_does_not_ask_for() -> None:
    from dataclasses import replace

    from numspec.apply.applier import ApplyOptions, apply

    api = VoiceApi()
    hold(api, 3, OTHER)
    inv = inventory()
    plan = make_plan(inv, api)
    wrong = replace(plan.changes[0], voice_package=OTHER)
    with pytest.raises(PlanError, match="gives that group voice package"):
        apply(replace(plan, changes=(wrong,)), inv, api, options=ApplyOptions())
    stranger = replace(plan.changes[0], numbers=("+17045550000",), quantity=1)
    with pytest.raises(PlanError, match="not all are held by that group"):
        apply(replace(plan, changes=(stranger,)), inv, api, options=ApplyOptions())
    assert api.packages.members[OTHER]  # nothing moved
