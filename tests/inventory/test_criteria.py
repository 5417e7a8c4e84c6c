"""The criteria registry is the one table: the model, the schema and the order types follow it."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from numspec.bandwidth.models import HeldNumber
from numspec.inventory.criteria import BY_KEY, COMBINED, CRITERIA, ORDER_TYPES, order_type
from numspec.inventory.model import Criteria

ROOT = Path(__file__).resolve().parents[2]


def _group_schema(path: Path) -> dict[str, dict[str, object]]:
    schema = json.loads(path.read_text(encoding="utf-8"))
    properties: dict[str, dict[str, object]] = schema["$defs"]["group"]["properties"]
    return properties


def test_the_model_has_one_field_per_row() -> None:
    assert sorted(f.name for f in fields(Criteria)) == sorted(BY_KEY)
    assert len(BY_KEY) == len(CRITERIA)


def test_the_schema_describes_every_row_with_its_query_parameter() -> None:
    properties = _group_schema(ROOT / "schemas/inventory.schema.json")
    for row in CRITERIA:
        described = str(properties[row.key]["description"])
        assert f"search parameter {row.param}" in described, row.key


def test_every_held_attribute_is_one_a_held_number_has() -> None:
    attributes = {f.name for f in fields(HeldNumber)}
    for row in CRITERIA:
        if row.confirm in ("equal", "prefix", "pattern"):
            assert row.held in attributes, row.key
        else:
            assert row.held is None, row.key


def test_order_types_carry_only_backorderable_keys_with_elements() -> None:
    for kind in (*ORDER_TYPES, COMBINED):
        for key in kind.required | kind.optional:
            assert BY_KEY[key].backorder or kind is COMBINED, (kind.element, key)
            assert BY_KEY[key].element is not None, (kind.element, key)


def test_the_order_type_follows_the_keys_given() -> None:
    assert order_type(["state"]) is not None
    assert order_type(["state", "city"]) == ORDER_TYPES[2]
    assert order_type(["rate_center", "state", "lca"]) == ORDER_TYPES[1]
    assert order_type(["area_code", "state"]) == COMBINED
    assert order_type(["toll_free_wildcard", "order_by", "country"]) == ORDER_TYPES[-1]
    assert order_type(["country"]) is None
