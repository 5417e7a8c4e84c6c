"""Render an inventory Review as Markdown: alone (`numspec diff --format markdown`), or as the
first part of the pull-request comment that `numspec plan --base` makes.

The review is cut to fit a character budget: fewer numbers listed, then fewer changes listed
(risk notes are never cut before the changes are), then a note that says how to see it all.
"""

from __future__ import annotations

import re

from numspec.render.intent_words import headline, mark, phrase
from numspec.review.intent import IntentChange, Review, RiskNote

MARKER = "<!-- numspec-diff -->"
_ICONS = {"+": "➕", "-": "➖", ">": "🔀", "~": "✏️"}
_MIN_CHANGES = 20
_EDGE_UNDERSCORE = re.compile(r"(?<!\w)_|_(?!\w)")


def _code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def _text(text: str) -> str:
    """Return text that Markdown shows as written (no tables, emphasis, links or HTML).

    An underscore inside a word (`max_disconnects`) is never emphasis, so only those at a
    word's edge are escaped.
    """
    out = text.replace("\\", "\\\\")
    for ch in "|*<[]":
        out = out.replace(ch, "\\" + ch)
    out = _EDGE_UNDERSCORE.sub(r"\\_", out)
    return out.replace("\n", " ")


def _change(c: IntentChange, limit: int | None) -> str:
    return f"- {_ICONS[mark(c)]} {phrase(c, _code, limit)}"


def _notes(title: str, notes: tuple[RiskNote, ...]) -> list[str]:
    if not notes:
        return []
    lines = ["", title, ""]
    lines += [f"- **{_text(n.message)}**: {_text(n.reason)}" for n in notes]
    return lines


def _document(review: Review, limit: int | None, shown: int | None) -> str:
    changes = review.diff.changes
    listed = changes if shown is None else changes[:shown]
    lines = [
        "### What this change means",
        "",
        f"{_code(review.base)} → {_code(review.head)}: **{headline(len(changes))}**",
    ]
    if listed:
        lines += ["", *(_change(c, limit) for c in listed)]
    if len(listed) < len(changes):
        more = len(changes) - len(listed)
        lines += ["", f"_{more} more changes not shown; run `numspec diff` for all._"]
    lines += _notes("#### ⚠️ Risk notes", review.notes)
    lines += _notes(
        "#### Not checked without the account (`numspec plan --base` checks these)",
        review.unchecked,
    )
    return "\n".join(lines) + "\n"


def render_review_markdown(review: Review, budget: int = 60_000, *, marker: bool = True) -> str:
    """Return the review as Markdown shorter than `budget` characters.

    `marker` starts it with a hidden marker of its own, for a comment of the review alone.
    """
    head = f"{MARKER}\n" if marker else ""
    room = budget - len(head)
    total = len(review.diff.changes)
    for limit in (None, 50, 10, 3):
        text = _document(review, limit, None)
        if len(text) < room:
            return head + text
    shown = total
    while shown > _MIN_CHANGES:
        shown = max(_MIN_CHANGES, shown // 2)
        text = _document(review, 3, shown)
        if len(text) < room:
            return head + text
    return head + _document(review, 3, min(total, _MIN_CHANGES))[: room - 1]
