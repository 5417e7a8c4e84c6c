"""The matcher: a maximum b-matching on classes of numbers, checked against brute force."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from numspec.plan.match import match


def test_a_number_fitting_two_groups_goes_where_it_avoids_an_order() -> None:
    # 0 fits both; 1 fits only "city". Greedy by address would give 0 to "city" and leave
    # "state" short; the matching gives 1 to city and 0 to state.
    result = match(2, {"city": [0, 1], "state": [0]}, {"city": 1, "state": 1})
    assert result.assigned == {"city": (1,), "state": (0,)}
    assert result.total_assigned == 2


def test_surplus_keeps_the_lowest_numbers_and_lists_the_highest() -> None:
    result = match(5, {"g": [0, 1, 2, 3, 4]}, {"g": 2})
    assert result.assigned["g"] == (0, 1)
    assert result.surplus["g"] == (2, 3, 4)


def test_numbers_fitting_no_group_are_unclaimed() -> None:
    result = match(4, {"g": [1]}, {"g": 5})
    assert result.unclaimed == (0, 2, 3)
    assert result.assigned["g"] == (1,)


def test_a_group_of_quantity_zero_makes_its_numbers_surplus() -> None:
    result = match(2, {"g": [0, 1]}, {"g": 0})
    assert result.assigned["g"] == ()
    assert result.surplus["g"] == (0, 1)


def test_the_same_input_gives_the_same_assignment() -> None:
    eligible = {"a": [0, 1, 2, 3], "b": [2, 3, 4], "c": [0, 4]}
    capacity = {"a": 2, "b": 2, "c": 1}
    assert match(5, eligible, capacity) == match(5, dict(reversed(eligible.items())), capacity)


def _brute_force(count: int, eligible: dict[str, list[int]], capacity: dict[str, int]) -> int:
    """Return the largest number of numbers assignable, by trying every assignment."""
    groups = sorted(eligible)
    options = [[None] + [g for g in groups if i in eligible[g]] for i in range(count)]
    best = 0
    for choice in itertools.product(*options):
        used = {g: sum(1 for c in choice if c == g) for g in groups}
        if all(used[g] <= capacity[g] for g in groups):
            best = max(best, sum(1 for c in choice if c is not None))
    return best


cases = st.integers(min_value=0, max_value=6).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.dictionaries(
            st.sampled_from(["a", "b", "c"]),
            st.tuples(
                st.lists(st.integers(min_value=0, max_value=max(n - 1, 0)), max_size=n),
                st.integers(min_value=0, max_value=4),
            ),
            min_size=1,
        ),
    )
)


@settings(max_examples=300, deadline=None)
@given(cases)
def test_matching_is_maximum_and_leaves_no_group_short_of_a_free_fitting_number(
    case: tuple[int, dict[str, tuple[list[int], int]]],
) -> None:
    count, spec = case
    eligible = {g: sorted(set(v[0])) if count else [] for g, v in spec.items()}
    capacity = {g: v[1] for g, v in spec.items()}
    result = match(count, eligible, capacity)
    assert result.total_assigned == _brute_force(count, eligible, capacity)
    taken = {i for v in result.assigned.values() for i in v}
    for g, fits in eligible.items():
        assert set(result.assigned[g]) <= set(fits)
        assert len(result.assigned[g]) <= capacity[g]
        free = [i for i in fits if i not in taken]
        if len(result.assigned[g]) < capacity[g]:
            assert free == [], f"{g} is short while {free} fit it and are unassigned"
    surplus = {i for v in result.surplus.values() for i in v}
    assert not surplus & taken
    assert taken | surplus | set(result.unclaimed) == set(range(count))
