"""Property tests: any input ends as a valid Inventory or a SpecError of located problems.

Never another exception, never a hang: random YAML text, random data dumped as YAML, random
groups built from the inventory's own keys, and random mutations of the shipped examples.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from numspec.errors import SpecError
from numspec.inventory import Inventory, parse_inventory

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [p.read_text("utf-8") for p in sorted((ROOT / "examples").glob("*.yaml"))]
NAME = "fuzz.yaml"

FAST = settings(
    max_examples=120,
    deadline=timedelta(seconds=2),
    suppress_health_check=[HealthCheck.too_slow],
)


def _check(raw: bytes) -> None:
    try:
        result = parse_inventory(raw, NAME)
    except SpecError as e:
        assert e.problems
        lines = raw.count(b"\n") + 1
        for problem in e.problems:
            assert problem.path == NAME
            assert 1 <= problem.line <= lines + 1, problem
            assert problem.column >= 1, problem
            assert problem.message.strip(), problem
        return
    assert isinstance(result, Inventory)


YAML_BITS = st.sampled_from(
    [
        ":",
        ": ",
        "- ",
        "  ",
        "\n",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "!x ",
        "#",
        "'",
        '"',
        "<<: ",
        "? ",
        "|",
        ">",
        "---\n",
        "\t",
        "sites",
        "groups",
        "country",
        "USA",
        "quantity",
        "5",
        "-1",
        "1e9",
        "~",
        "null",
        "yes",
        "NO",
        "\\",
        "%",
        "@",
        "\x00",
        "é",
        "\ufeff",
    ]
)


@FAST
@given(st.lists(YAML_BITS, max_size=40).map("".join))
def test_random_yaml_text(text: str) -> None:
    _check(text.encode("utf-8"))


@FAST
@given(st.binary(max_size=200))
def test_random_bytes(raw: bytes) -> None:
    _check(raw)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10_000),
    st.floats(allow_nan=True),
    st.text(max_size=12),
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FAST
@given(st.dictionaries(st.sampled_from(["version", "account_id", "policy", "sites", "x"]), DATA))
def test_random_data_at_the_top_level(data: dict[str, object]) -> None:
    _check(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))


VALUES = {
    "quantity": st.one_of(st.integers(-2, 5002), st.just("3")),
    "country": st.sampled_from(["USA", "CAN", "GBR", "DEU", "XYZ", "us", "ITA"]),
    "type": st.sampled_from(["GEOGRAPHIC", "TOLL_FREE", "mobile"]),
    "area_code": st.sampled_from(["919", "20", "099", "2"]),
    "city": st.sampled_from(["RALEIGH", "", "Berlin"]),
    "state": st.sampled_from(["NC", "ON", "XX", "nc"]),
    "rate_center": st.sampled_from(["DURHAM", "CARY"]),
    "npa_nxx": st.sampled_from(["919555", "919055", "91955"]),
    "npa_nxxx": st.sampled_from(["9195551", "919555"]),
    "zip": st.sampled_from(["27601", "27601-1234", "2760"]),
    "lata": st.sampled_from(["426", "123456"]),
    "local_vanity": st.sampled_from(["PIZZA", "AB", "P_ZZ*"]),
    "ends_in": st.booleans(),
    "toll_free_vanity": st.sampled_from(["FLOWERS", "ABC"]),
    "toll_free_wildcard": st.sampled_from(["88*", "8**", "99*", "8"]),
    "lca": st.booleans(),
    "protected": st.sampled_from(["NONE", "ONLY", "maybe"]),
    "order_by": st.sampled_from(["fullNumber", "areaCode", "FULL"]),
    "numbers": st.lists(
        st.sampled_from(["+19195550100", "+1 919 555 0101", "+442071234567", "9195550100", "x"]),
        max_size=3,
    ),
    "backorder": st.booleans(),
    "voice_package": st.sampled_from(["d21315af-9b5b-4b45-a6f4-9106cbfe87d1", "abc"]),
    "auto_activate": st.booleans(),
}


def _some_keys(max_size: int) -> st.SearchStrategy[dict[str, object]]:
    return st.lists(st.sampled_from(sorted(VALUES)), unique=True, max_size=max_size).flatmap(
        lambda keys: st.fixed_dictionaries({k: VALUES[k] for k in keys})
    )


# Random keys alone almost never make a usable group (it needs a quantity, a country and
# something to search by), so half the groups start from a usable one and change a few keys:
# the valid path (building the Inventory) is exercised too, not only the errors.
USABLE = st.fixed_dictionaries(
    {"quantity": st.integers(1, 5), "country": st.just("USA"), "area_code": st.just("919")}
)
GROUP = st.one_of(
    _some_keys(7), st.builds(lambda usable, more: {**usable, **more}, USABLE, _some_keys(3))
)
GROUPS = st.dictionaries(st.sampled_from(["a", "b", "c-1", "D"]), GROUP, min_size=1, max_size=3)


def _with_groups(groups: dict[str, object]) -> bytes:
    site = {"site_id": "1", "groups": groups}
    data = {"version": 1, "account_id": "9900000", "sites": {"s": site}}
    return yaml.safe_dump(data).encode("utf-8")


@settings(FAST, max_examples=300)
@given(GROUPS)
def test_random_groups_built_from_the_inventory_keys(groups: dict[str, object]) -> None:
    _check(_with_groups(groups))


def _is_valid(raw: bytes) -> bool:
    try:
        parse_inventory(raw, NAME)
    except SpecError:
        return False
    return True


def test_the_group_strategy_reaches_valid_inventories() -> None:
    # Errors are most of what it makes; without this, a change to the rules or to VALUES could
    # leave the property above checking errors only, and still pass.
    quick = settings(database=None, max_examples=300, deadline=None)
    find(GROUPS, lambda groups: _is_valid(_with_groups(groups)), settings=quick)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(EXAMPLES)).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "edit", "value"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "\t"])) + lines[i].lstrip()
        elif action == "edit":
            k = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + draw(YAML_BITS) + lines[i][k:]
        elif ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(['', '0', 'x', '[]', '{}', '-5', '*a']))}"
        if not lines:
            break
    return "\n".join(lines) + "\n"


@settings(FAST, max_examples=300)
@given(mutated_example())
def test_random_mutations_of_the_examples(text: str) -> None:
    _check(text.encode("utf-8"))
