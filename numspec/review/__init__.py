"""Inventory reviews: what a change to an inventory means, and which parts of it carry risk.

`read_side` turns a command-line argument (a file, a git revision, or `REV:path`) into a
validated inventory; `compare(base, head)` returns the `IntentDiff` between two inventories;
`assess_risk(diff, head, account)` returns the risk notes; `make_review` does all of it. Nothing
here imports click or prints.
"""

from __future__ import annotations

from numspec.review.account import AccountView, account_view
from numspec.review.compare import compare
from numspec.review.intent import IntentChange, IntentDiff, Review, RiskNote
from numspec.review.normalise import normalise
from numspec.review.revisions import Side, default_base, read_side
from numspec.review.risk import assess_risk

__all__ = [
    "AccountView",
    "IntentChange",
    "IntentDiff",
    "Review",
    "RiskNote",
    "Side",
    "account_view",
    "assess_risk",
    "compare",
    "default_base",
    "normalise",
    "make_review",
    "read_side",
]


def make_review(base: Side, head: Side, account: AccountView | None = None) -> Review:
    """Return what the change from `base` to `head` means; `account` decides held-number notes."""
    diff = compare(base.inventory, head.inventory)
    notes, unchecked = assess_risk(diff, head.inventory, account)
    return Review(base.label, head.label, diff, notes, unchecked, account_read=account is not None)
