"""CustomerOrderId tags: how an order names the group it was placed for.

Every order numspec places carries `ns-<group>-<run>-<attempt>`: `<group>` is 10 hex digits of
the SHA-256 of the group's address, `<run>` 8 hex digits unique to one apply run, `<attempt>` a
counter within the run. Letters, digits and dashes, 26 characters: inside the API's limit of 40
(error 5052). Plan attributes in-flight orders to groups by `<group>`; the client looks an order
up by the whole id before it would ever repeat a POST.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

PREFIX = "ns"
_PATTERN = re.compile(r"^ns-([0-9a-f]{10})-([0-9a-f]{8})-(\d{1,6})\Z")


def group_tag(address: str) -> str:
    """Return the 10-hex-digit tag of a group address (SITE/GROUP)."""
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:10]


def new_run_id() -> str:
    """Return a fresh 8-hex-digit run id."""
    return secrets.token_hex(4)


def customer_order_id(address: str, run_id: str, attempt: int) -> str:
    """Return the CustomerOrderId for one order attempt of a group."""
    return f"{PREFIX}-{group_tag(address)}-{run_id}-{attempt}"


@dataclass(frozen=True)
class ParsedTag:
    """The parts of a numspec CustomerOrderId."""

    group: str
    run_id: str
    attempt: int


def parse(customer_order_id: str | None) -> ParsedTag | None:
    """Return the parts of a numspec CustomerOrderId, or None for anyone else's order."""
    if not customer_order_id:
        return None
    match = _PATTERN.match(customer_order_id.strip())
    if match is None:
        return None
    return ParsedTag(match.group(1), match.group(2), int(match.group(3)))
