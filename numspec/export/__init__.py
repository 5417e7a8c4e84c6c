"""Export: turn what an account holds into an inventory that describes it.

Pure functions of values: `export_sites(held, sites, locations, group_by)` sorts held numbers
into site entries and groups; `to_document(account_id, sites)` gives the inventory document
that `numspec.render.inventory_yaml` writes out.
"""

from __future__ import annotations

from numspec.export.document import ExportSite, export_sites, to_document
from numspec.export.grouping import (
    GROUP_BY_CHOICES,
    ExportGroup,
    GroupBy,
    Grouping,
    group_numbers,
)

__all__ = [
    "GROUP_BY_CHOICES",
    "ExportGroup",
    "ExportSite",
    "GroupBy",
    "Grouping",
    "export_sites",
    "group_numbers",
    "to_document",
]
