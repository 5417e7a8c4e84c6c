"""Phrase the changes of an inventory review in the inventory's own words.

Shared by the text and Markdown renderers; `code` wraps a name or value (backticks in
Markdown, nothing in text) and `limit` caps how many numbers a line lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from numspec.review.intent import IntentChange
from numspec.wording import count

Code = Callable[[str], str]

# A mark per kind of change: + added, - removed, > renamed, ~ changed.
_MARKS = {"site_added": "+", "group_added": "+", "pinned_added": "+"}
_MARKS.update({"site_removed": "-", "group_removed": "-", "pinned_removed": "-"})
_MARKS.update({"site_renamed": ">", "group_renamed": ">"})


def plain(text: str) -> str:
    return text


def mark(change: IntentChange) -> str:
    """Return `+`, `-`, `>` or `~` for a change."""
    return _MARKS.get(change.kind, "~")


def value(v: Any) -> str:
    """Return a value as the inventory writes it; `unset` for none."""
    if v is None:
        return "unset"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) if v else "none"
    return str(v)


def numbers(items: Sequence[str], code: Code, limit: int | None) -> str:
    shown = list(items) if limit is None else list(items)[:limit]
    text = ", ".join(code(n) for n in shown)
    more = len(items) - len(shown)
    return text + (f" and {more} more" if more else "")


def criteria(group: Mapping[str, Any], code: Code) -> str:
    """Return a group's criteria as `country USA, state NC`."""
    return ", ".join(f"{k} {code(value(v))}" for k, v in group["criteria"].items())


def group_summary(group: Mapping[str, Any], code: Code) -> str:
    pinned = len(group["numbers"])
    text = f"{count(group['quantity'])}, {criteria(group, code)}"
    return text + (f", {pinned} pinned" if pinned else "")


def phrase(c: IntentChange, code: Code = plain, limit: int | None = None) -> str:
    """Return one line that says what a change of intent is."""
    s = code(c.subject)
    k = c.kind
    if k in ("account", "policy", "site_changed", "package", "setting"):
        owner = "" if k in ("account", "policy") else f"{s}: "
        name = f"policy.{c.field}" if k == "policy" else str(c.field)
        return f"{owner}{name} {code(value(c.old))} -> {code(value(c.new))}"
    if k == "restrictions":
        return f"policy.accept_restrictions {s}: {code(value(c.old))} -> {code(value(c.new))}"
    if k == "site_added":
        groups = ", ".join(code(g) for g in c.new["groups"]) or "no groups"
        return f"site {s} added (site_id {code(c.new['site_id'])}; groups: {groups})"
    if k == "site_removed":
        groups = ", ".join(code(g) for g in c.old["groups"]) or "no groups"
        return f"site {s} removed (site_id {code(c.old['site_id'])}; groups: {groups})"
    if k in ("site_renamed", "group_renamed"):
        same = "same site_id" if k == "site_renamed" else "same site and criteria"
        return f"{k.split('_')[0]} {code(c.old)} renamed to {code(c.new)} ({same})"
    if k == "group_added":
        return f"group {s} added: {group_summary(c.new, code)}"
    if k == "group_removed":
        return f"group {s} removed (it asked for {group_summary(c.old, code)})"
    if k == "quantity":
        return f"{s}: quantity {c.old} -> {c.new} ({c.new - c.old:+d})"
    if k == "criteria":
        if c.old is None:
            return f"{s}: criteria {c.field} added: {code(value(c.new))}"
        if c.new is None:
            return f"{s}: criteria {c.field} removed (was {code(value(c.old))})"
        return f"{s}: criteria {c.field} {code(value(c.old))} -> {code(value(c.new))}"
    if k == "pinned_added":
        return f"{s}: pins {count(len(c.new))} more: {numbers(c.new, code, limit)}"
    return f"{s}: no longer pins {count(len(c.old))}: {numbers(c.old, code, limit)}"


def headline(changed: int) -> str:
    """Return the one-line summary of a review's changes."""
    if not changed:
        return "No change in intent."
    return f"{changed} change{'s' if changed != 1 else ''} of intent."
