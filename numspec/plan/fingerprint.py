"""A fingerprint of the holdings a plan was made from, for apply's stale-plan check.

It covers every number on the sites in scope (with its site and location) and every in-flight
numspec order counted as pending. apply reads the state again and compares.
"""

from __future__ import annotations

import hashlib
import json

from numspec.plan.account_state import State


def fingerprint(state: State) -> str:
    """Return the sha256 (hex) of what the account held and had on order, in a stable form."""
    digest = hashlib.sha256()
    head = {"account_id": state.account_id, "site_ids": sorted(state.site_ids)}
    digest.update(json.dumps(head, sort_keys=True).encode())
    for held in sorted(state.numbers, key=lambda h: h.number):
        digest.update(f"\n{held.number} {held.site_id} {held.location_id or ''}".encode())
    for p in sorted(state.pending, key=lambda p: (p.address, p.order_id)):
        digest.update(
            f"\npending {p.order_id} {p.address} {p.count} {','.join(p.numbers)}".encode()
        )
    return digest.hexdigest()
