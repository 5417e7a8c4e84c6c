"""The published JSON Schema: complete, strict, and shipped inside the package from one source."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from numspec.inventory import inventory_schema
from numspec.inventory.model import CRITERIA_PARAMS, NUMBER_TYPES, RESTRICTION_TYPES
from numspec.inventory.schema import schema_text

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "schemas" / "inventory.schema.json"


def _objects(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_the_schema_is_valid_draft_2020_12() -> None:
    schema = inventory_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_every_object_is_closed_and_every_property_described() -> None:
    defs = inventory_schema()["$defs"]
    for obj in _objects(inventory_schema()):
        assert "additionalProperties" in obj, obj.get("description")
        assert obj["additionalProperties"] is not True
        for name, prop in obj.get("properties", {}).items():
            target = defs[prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop else prop
            assert prop.get("description") or target.get("description"), name


def test_the_schema_enums_match_the_model() -> None:
    defs = inventory_schema()["$defs"]
    assert tuple(defs["restriction_type"]["enum"]) == RESTRICTION_TYPES
    assert tuple(defs["group"]["properties"]["type"]["enum"]) == NUMBER_TYPES
    assert set(CRITERIA_PARAMS) <= set(defs["group"]["properties"])


def test_the_packaged_schema_is_the_published_file() -> None:
    assert schema_text() == PUBLISHED.read_text("utf-8")
    assert json.loads(schema_text()) == inventory_schema()


def test_the_package_copy_is_a_link_to_the_published_file() -> None:
    link = ROOT / "numspec" / "data" / "inventory.schema.json"
    assert link.is_symlink()
    assert link.resolve() == PUBLISHED.resolve()


def _can_build_wheels() -> bool:
    try:
        from importlib.metadata import version

        return int(version("setuptools").split(".")[0]) >= 77
    except Exception:  # noqa: BLE001 - no setuptools, or an odd version string
        return False


@pytest.mark.skipif(not _can_build_wheels(), reason="needs setuptools>=77 to build offline")
def test_a_built_wheel_carries_the_schema_as_a_file(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "numspec", source / "numspec", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "schemas", source / "schemas")
    out = tmp_path / "wheel"
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env["HOME"] = str(tmp_path / "home")  # the build's tools write there (rustup's settings)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out), str(source)],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = out.glob("numspec-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = archive.getinfo("numspec/data/inventory.schema.json")
        assert archive.read(info).decode("utf-8") == PUBLISHED.read_text("utf-8")
