"""The JSON Schemas in schemas/ describe what the CLI really prints and writes (one sandbox)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from support.cli import numspec
from support.sandbox import populate

from numspec.sandbox.server import EmbeddedSandbox

pytestmark = pytest.mark.slow

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
INVENTORY = """\
version: 1
account_id: "9900000"
policy:
  surplus: disconnect
  max_disconnects: 5
  accept_restrictions: {}
sites:
  us-sales:
    site_id: "1001"
    groups:
      raleigh: {quantity: 2, country: USA, area_code: "919"}
  support:
    site_id: "1002"
    groups:
      main: {quantity: 1, country: USA, area_code: "919"}
      rome: {quantity: 1, country: ITA, type: GEOGRAPHIC, area_code: "06"}
"""


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def valid(name: str, document: Any) -> None:
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


@pytest.mark.parametrize("name", ["plan", "plan-file", "apply-report", "show"])
def test_each_schema_is_valid_draft_2020_12(name: str) -> None:
    validator(name)


def test_plan_plan_file_apply_report_and_show_output_follow_their_schemas(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    connect: Callable[[EmbeddedSandbox], EmbeddedSandbox],
    sandbox: EmbeddedSandbox,
    capsys,
) -> None:
    connect(sandbox)
    populate(sandbox, "1002", 2, area_code="919")
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY, encoding="utf-8")
    saved = tmp_path / "plan.json"
    code, out, err = numspec(
        capsys, "plan", "-f", str(inventory), "--format", "json", "--out", str(saved)
    )
    assert code == 0, err
    plan = json.loads(out)
    valid("plan", plan)
    assert {c["action"] for c in plan["changes"]} == {"order", "disconnect"}
    assert any(g["blocked"] for g in plan["groups"]) and plan["summary"]["blocked"] == 1
    plan_file = json.loads(saved.read_text(encoding="utf-8"))
    valid("plan-file", plan_file)
    with pytest.raises(AssertionError):
        valid("plan", plan_file)  # the saved keys are not part of plan --format json
    code, out, err = numspec(
        capsys, "apply", "--auto-approve", "--allow-disconnect", "--format", "json",
        "-f", str(inventory), str(saved),
    )  # fmt: skip
    report = json.loads(out)
    valid("apply-report", report)
    assert code == 1 and {g["status"] for g in report["groups"]} >= {"blocked", "converged"}
    code, out, err = numspec(capsys, "show", "-f", str(inventory), "--format", "json")
    assert code == 0, err
    valid("show", json.loads(out))
    inventory.write_text(INVENTORY.replace("      rome:", "      # rome:"), encoding="utf-8")
    code, out, err = numspec(capsys, "apply", "-f", str(inventory), "--format", "json")
    assert code == 0 and err.startswith("No changes"), err
    valid("apply-report", json.loads(out))


def test_the_plan_file_schema_refuses_what_apply_refuses() -> None:
    change = {"address": "us-sales/raleigh", "action": "order", "quantity": 0, "numbers": []}
    errors = list(validator("plan-file").iter_errors({"changes": [change]}))
    assert any("plan_digest" in e.message for e in errors)
    assert any(list(e.path) == ["changes", 0] for e in errors)
