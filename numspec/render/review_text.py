"""Render an inventory Review as plain text for a terminal or a log."""

from __future__ import annotations

from numspec.render.intent_words import headline, mark, phrase
from numspec.review.intent import Review, RiskNote


def _notes(title: str, sign: str, notes: tuple[RiskNote, ...]) -> list[str]:
    if not notes:
        return []
    lines = ["", title]
    for n in notes:
        lines += [f"  {sign} {n.message}", f"      why: {n.reason}"]
    return lines


def render_review_text(review: Review) -> str:
    """Return the review: the sides, each change of intent, then the risk notes."""
    lines = [f"Intent: {review.base} -> {review.head}", ""]
    lines += [f"  {mark(c)} {phrase(c)}" for c in review.diff.changes]
    if review.diff.changes:
        lines.append("")
    lines.append(headline(len(review.diff.changes)))
    lines += _notes("Risk notes:", "!", review.notes)
    lines += _notes(
        "Not checked without the account (`numspec plan --base` checks these):",
        "?",
        review.unchecked,
    )
    return "\n".join(lines) + "\n"
