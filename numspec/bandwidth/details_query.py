"""`DetailsQuery`: one read of the account's `/tns` listing, from a given number on.

The listing is sorted by number and its `page` cursor is a number the page starts at
(docs/wire.md), so a caller that knows which numbers it wants can read runs of the listing
as independent cursor chains, at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DetailsQuery:
    """Where a `/tns` read starts."""

    start: str | None = None  # E.164 number the first page starts at; None: the beginning


EVERYTHING = DetailsQuery()
