"""Render a plan with the review of the inventory change it comes from (`plan --base`).

The Markdown form is ONE pull-request comment: the plan's hidden marker, "what this change
means" (the intent diff and its risk notes), then "what it will do" (the plan), together
shorter than GitHub's limit of 65,536 characters. The review may take up to half of it; the
plan gets the rest and shortens itself to fit.
"""

from __future__ import annotations

import json

from numspec.plan.plan_model import Plan
from numspec.render.plan_json import render_json
from numspec.render.plan_markdown import LIMIT, MARKER, render_markdown
from numspec.render.review_markdown import render_review_markdown
from numspec.render.review_text import render_review_text
from numspec.review.intent import Review

_MARGIN = 1_024  # room for a CI recipe's own footer (e.g. "Plan of <sha>")
_SEPARATOR = "\n---\n\n"


def render_plan_review_markdown(review: Review, plan: Plan) -> str:
    """Return the review above the plan as one comment with one marker, under the limit."""
    intent = render_review_markdown(review, LIMIT // 2, marker=False)
    room = LIMIT - _MARGIN - len(MARKER) - len(intent) - len(_SEPARATOR) - 2
    planned = render_markdown(plan, budget=room).removeprefix(MARKER).lstrip("\n")
    return f"{MARKER}\n{intent}{_SEPARATOR}{planned}"


def render_plan_review_text(review: Review, plan_text: str) -> str:
    """Return the review's text above the plan's."""
    return f"{render_review_text(review)}\n{plan_text}"


def render_plan_review_json(review: Review, plan: Plan) -> str:
    """Return the plan's JSON with the review under the key `review`."""
    data = json.loads(render_json(plan))
    data["review"] = review.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
