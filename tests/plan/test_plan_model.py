"""The Plan value object: its JSON round trip and its safety rail on disconnects."""

from __future__ import annotations

import pytest

from numspec.errors import UnsafePlanError
from numspec.plan.plan_model import Change, GroupPlan, Plan


def dropping(count: int) -> Plan:
    numbers = tuple(f"+1919555{i:04d}" for i in range(count))
    group = GroupPlan("us/zip", "1001", 0, 0, 0, 0, surplus=numbers)
    return Plan("9900000", (group,), changes=(Change("us/zip", "disconnect", count, numbers),))


def test_a_plan_that_disconnects_is_refused_without_the_flag_and_says_how_to_proceed() -> None:
    with pytest.raises(UnsafePlanError, match="--allow-disconnect"):
        dropping(2).raise_if_unsafe(allow_disconnect=False, max_disconnects=10)


def test_a_plan_that_disconnects_more_than_the_policy_allows_names_the_policy_key() -> None:
    with pytest.raises(UnsafePlanError, match=r"policy.max_disconnects to at least 3"):
        dropping(3).raise_if_unsafe(allow_disconnect=True, max_disconnects=2)


def test_allowed_disconnects_and_plans_without_them_pass() -> None:
    dropping(2).raise_if_unsafe(allow_disconnect=True, max_disconnects=2)
    Plan("9900000", ()).raise_if_unsafe(allow_disconnect=False, max_disconnects=0)


def test_a_file_that_is_not_a_plan_is_rejected_clearly() -> None:
    with pytest.raises(ValueError, match="format_version"):
        Plan.from_dict({"groups": []})
    with pytest.raises(ValueError, match="not a numspec plan"):
        Plan.from_dict({"format_version": 1, "groups": [{"address": "a/b"}]})
