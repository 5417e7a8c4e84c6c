"""The inventory file: read, check against the schema and the search rules, and model.

`load_inventory(path)` is the entry point; it raises `SpecError` carrying every located
problem, or `UsageError` when the file cannot be read at all.
"""

from __future__ import annotations

from pathlib import Path

from numspec.errors import SpecError
from numspec.inventory.build import build_inventory
from numspec.inventory.checks import rule_problems
from numspec.inventory.model import Criteria, Group, Inventory, Policy, Site
from numspec.inventory.schema import inventory_schema, schema_problems
from numspec.inventory.yamldoc import Document
from numspec.inventory.yamlfile import parse_yaml, read_yaml

__all__ = [
    "Criteria",
    "Document",
    "Group",
    "Inventory",
    "Policy",
    "Site",
    "SpecError",
    "inventory_from_document",
    "inventory_schema",
    "load_inventory",
    "parse_inventory",
    "parse_yaml",
    "read_yaml",
]


def load_inventory(path: Path | str) -> Inventory:
    """Read, validate and return the inventory at `path`."""
    return inventory_from_document(read_yaml(path, keep_going=True))


def parse_inventory(raw: bytes, name: str = "inventory.yaml") -> Inventory:
    """Validate and return an inventory from the bytes of a file; `name` locates problems."""
    return inventory_from_document(parse_yaml(raw, name, keep_going=True))


def inventory_from_document(doc: Document) -> Inventory:
    """Validate a parsed YAML document as an inventory and return it."""
    problems = [*doc.problems, *schema_problems(doc), *rule_problems(doc)]
    if problems:
        raise SpecError(problems)
    return build_inventory(doc)
