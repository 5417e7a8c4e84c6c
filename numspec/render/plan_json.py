"""Render a Plan as JSON (contract section 4): stable key order, the same bytes every time."""

from __future__ import annotations

import json

from numspec.reconcile.model import Plan


def render_json(plan: Plan, *, saved: bool = False) -> str:
    """Return the plan's JSON text; `saved` adds the stale-plan keys of the --out file."""
    return json.dumps(plan.to_dict(saved=saved), indent=2, ensure_ascii=False) + "\n"
