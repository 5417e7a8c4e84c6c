"""The apply report as JSON (schemas/apply-report.schema.json)."""

from __future__ import annotations

import json

from numspec.apply.report import ApplyReport


def render(report: ApplyReport) -> str:
    """Return the report's stable dict form as indented JSON."""
    return json.dumps(report.to_dict(), indent=2) + "\n"
