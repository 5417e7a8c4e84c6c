"""Helpers for inventory tests: build small files and collect the problems numspec reports."""

from __future__ import annotations

from numspec.errors import SpecError
from numspec.inventory import Inventory, parse_inventory

NAME = "inv.yaml"

# One site `s` with one group `g`; the group's own keys start on line 8, column 9.
HEAD = (
    'version: 1\naccount_id: "9900000"\nsites:\n  s:\n    site_id: "1001"\n    groups:\n      g:\n'
)


def group_file(*lines: str) -> str:
    """Return an inventory whose one group `s/g` has the given key lines (from line 8)."""
    return HEAD + "".join(f"        {line}\n" for line in lines)


def problems(text: str | bytes) -> list[str]:
    """Return the located problem lines for a file's text, or [] if it is valid."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        parse_inventory(raw, NAME)
    except SpecError as e:
        return e.lines()
    return []


def group_problems(*lines: str) -> list[str]:
    """Return the problems of a one-group inventory, without the file name prefix."""
    return [p.removeprefix(f"{NAME}:") for p in problems(group_file(*lines))]


def inventory(text: str) -> Inventory:
    """Return the Inventory of a valid file's text."""
    return parse_inventory(text.encode("utf-8"), NAME)
