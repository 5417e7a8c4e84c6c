"""The saved plan file (`plan --out`): written with a digest of its content, read back strictly,
and verified against a fresh plan before apply carries out anything.

    dumps(plan) -> str
    loads(text, name) -> Plan                    PlanFileError: not a plan, or modified
    verify(saved, fresh, inventory_path) -> None StalePlanError: what differs, in one line
    fingerprint(state) -> str                    what the account held, for the stale check

A saved plan is never trusted: apply plans again from the inventory the user names and the
account as it is, and goes ahead only if the fresh plan's changes equal the saved ones change by
change (docs/safety.md). The digest tells an edited file ("modified") from a stale one.
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from numspec.errors import PlanFileError, StalePlanError
from numspec.plan.account_state import State
from numspec.plan.changes import differences
from numspec.plan.plan_model import FORMAT_VERSION, Plan

DIGEST_KEY = "plan_digest"
STALE = "the plan is stale, run numspec plan again"
_INVENTORY = re.compile(r"^(sites|account_id|version)\s*:", re.MULTILINE)


def content_digest(body: Mapping[str, Any]) -> str:
    """Return the sha256 (hex) of a plan file's content without its digest key."""
    content = {k: v for k, v in body.items() if k != DIGEST_KEY}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dumps(plan: Plan) -> str:
    """Return the plan file's text: the saved JSON form plus the digest of its content."""
    body = plan.to_dict(saved=True)
    body[DIGEST_KEY] = content_digest(body)
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def loads(text: str, name: str) -> Plan:
    """Read a plan file's text; raise PlanFileError with one line saying what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        if _INVENTORY.search(text):
            raise PlanFileError(
                f"{name} is an inventory, not a plan file; use -f for the inventory "
                f"(numspec apply -f {name})"
            ) from e
        raise PlanFileError(
            f"{name} is not a numspec plan file: not JSON ({e.msg}, line {e.lineno}); "
            "was it cut short? Write it again with numspec plan --out"
        ) from e
    if not isinstance(data, dict) or "format_version" not in data:
        raise PlanFileError(f"{name} is not a numspec plan file (no format_version)")
    version = data["format_version"]
    if version != FORMAT_VERSION:
        raise PlanFileError(
            f"{name}: plan format_version {version!r} is not one this numspec reads "
            f"({FORMAT_VERSION}); run numspec plan --out again"
        )
    if data.get(DIGEST_KEY) != content_digest(data):
        raise PlanFileError(
            f"the plan file {name} was modified after numspec plan wrote it "
            f"({DIGEST_KEY} does not match its content); run numspec plan --out again"
        )
    try:
        return Plan.from_dict(data)
    except ValueError as e:
        raise PlanFileError(f"{name}: {e}") from e


def check_inventory(saved: Plan, account_id: str, digest: str, inventory_path: Path) -> None:
    """Refuse a saved plan made for another account or from another inventory's content."""
    if saved.account_id != account_id:
        raise StalePlanError(
            f"the plan is for account {saved.account_id}; the inventory {inventory_path} is for "
            f"account {account_id}"
        )
    if saved.inventory_digest == digest:
        return
    made_from = Path(saved.inventory_path) if saved.inventory_path else None
    if made_from is not None and made_from.resolve() != inventory_path.resolve():
        raise StalePlanError(
            f"{STALE} (the plan was made from {made_from}, and {inventory_path} differs from it; "
            "use -f to name the inventory)"
        )
    raise StalePlanError(f"{STALE} ({inventory_path} changed since the plan was made)")


def verify(saved: Plan, fresh: Plan) -> None:
    """Raise StalePlanError unless planning now gives exactly the saved plan's changes."""
    if fresh.holdings_fingerprint != saved.holdings_fingerprint:
        raise StalePlanError(f"{STALE} (the account's holdings or orders changed since)")
    diffs = differences(saved.changes, fresh.changes)
    if diffs:
        more = f" (and {len(diffs) - 1} more differences)" if len(diffs) > 1 else ""
        raise StalePlanError(f"{STALE}: {diffs[0]}{more}")
    old = {g.address for g in saved.groups}
    new = {g.address for g in fresh.groups}
    if old != new:
        gone, added = sorted(old - new), sorted(new - old)
        what = f"lists {', '.join(gone)}, which planning now does not" if gone else ""
        what += " and " if gone and added else ""
        what += f"lacks {', '.join(added)}, which planning now plans" if added else ""
        raise StalePlanError(f"{STALE}: the saved plan {what}")
    before, now = _comparable(saved), _comparable(fresh)
    if before != now:
        key = next(k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k))
        raise StalePlanError(f"{STALE}: the saved plan's {_where(key, before, now)} differs")


def _comparable(plan: Plan) -> dict[str, Any]:
    """Return the plan's saved form without what may differ between equal plans (the path)."""
    body = plan.to_dict(saved=True)
    body.pop("inventory_path", None)
    groups = body.pop("groups")
    for g in groups:
        body[f"group {g['address']}"] = g
    return body


def _where(key: str, before: Mapping[str, Any], now: Mapping[str, Any]) -> str:
    old, new = before.get(key), now.get(key)
    if isinstance(old, dict) and isinstance(new, dict):
        field = next(k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k))
        return f"{field} for {key.removeprefix('group ')}"
    return key


_CHUNK = 10_000
_number = operator.attrgetter("number")


def fingerprint(state: State) -> str:
    """Return the sha256 (hex) of what the account held and had on order, in a stable form.

    It covers every number on the sites in scope (with its site and location) and every
    in-flight numspec order counted as pending; a saved plan carries it, and apply compares.
    """
    digest = hashlib.sha256()
    head = {"account_id": state.account_id, "site_ids": sorted(state.site_ids)}
    digest.update(json.dumps(head, sort_keys=True).encode())
    numbers = sorted(state.numbers, key=_number)
    for start in range(0, len(numbers), _CHUNK):  # one update per chunk: the same digest
        chunk = numbers[start : start + _CHUNK]
        lines = (f"\n{h.number} {h.site_id} {h.location_id or ''}" for h in chunk)
        digest.update("".join(lines).encode())
    for p in sorted(state.pending, key=lambda p: (p.address, p.order_id)):
        digest.update(
            f"\npending {p.order_id} {p.address} {p.count} {','.join(p.numbers)}".encode()
        )
    return digest.hexdigest()
