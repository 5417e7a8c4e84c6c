"""Inventory texts for review tests: one base, and edits of it."""

from __future__ import annotations

from numspec.inventory import parse_inventory
from numspec.inventory.model import Inventory

BASE = """\
version: 1
account_id: "9900000"
policy:
  accept_restrictions:
    ITA: [LEGAL]
  surplus: keep
  max_disconnects: 0
sites:
  uk-support:
    site_id: "1001"
    defaults:
      voice_package: d21315af-9b5b-4b45-a6f4-9106cbfe87d1
      auto_activate: true
    groups:
      london:
        quantity: 5
        country: GBR
        type: GEOGRAPHIC
        area_code: "20"
  us-sales:
    site_id: "1002"
    groups:
      raleigh: {quantity: 10, country: USA, state: NC, city: RALEIGH}
      main-line: {country: USA, numbers: ["+19195550100", "+19195550101"]}
"""

# BASE written another way: flow and block styles swapped, keys and groups reordered, the site
# defaults written into the group, numbers in national format, quotes changed, defaults spelled.
REFORMATTED = """\
# the same inventory, written differently
sites:
  us-sales:
    groups:
      main-line:
        numbers:
          - "+1 (919) 555-0101"
          - +1 919 555 0100
        country: USA
      raleigh:
        city: RALEIGH
        state: NC
        country: USA
        quantity: 10
    site_id: '1002'
  uk-support:
    groups:
      london: {area_code: '20', type: GEOGRAPHIC, country: GBR, quantity: 5,
               voice_package: d21315af-9b5b-4b45-a6f4-9106cbfe87d1, auto_activate: true}
    site_id: '1001'
account_id: '9900000'
policy: {max_disconnects: 0, accept_restrictions: {ITA: [LEGAL]}}
version: 1
"""


def inventory(text: str, name: str = "inventory.yaml") -> Inventory:
    """Return the validated inventory of a YAML text."""
    return parse_inventory(text.encode(), name)


def edit(*pairs: tuple[str, str], text: str = BASE) -> str:
    """Return `text` with each (old, new) replaced once; the old text must be there."""
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text
