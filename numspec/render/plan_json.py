"""Render a Plan as JSON (schemas/plan.schema.json): stable key order, the same bytes every time.

With `saved`, the text is the plan file (schemas/plan-file.schema.json) with its digest, exactly
as `plan --out` writes it (numspec.plan.planfile).
"""

from __future__ import annotations

import json

from numspec.plan.plan_model import Plan


def render_json(plan: Plan, *, saved: bool = False) -> str:
    """Return the plan's JSON text; `saved`: the plan file's text, digest included."""
    if saved:
        from numspec.plan.planfile import dumps

        return dumps(plan)
    return json.dumps(plan.to_dict(saved=False), indent=2, ensure_ascii=False) + "\n"
