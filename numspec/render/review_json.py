"""Render an inventory Review as JSON: stable key order, the same bytes every time."""

from __future__ import annotations

import json

from numspec.review.intent import Review

FORMAT_VERSION = 1


def render_review_json(review: Review) -> str:
    """Return the review's JSON text."""
    data = {"format_version": FORMAT_VERSION, **review.to_dict()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
